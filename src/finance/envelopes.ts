import type { DeepReadonly } from '../core/freeze.js';
import { PhmInfeasibleError, PhmValidationError } from '../core/errors.js';
import { fromUnits, roundHalfUp, toUnits } from '../core/money.js';
import { parseInput } from '../core/validation.js';
import { splitWithBounds, type EnvelopeConstraint } from './bounded-shares.js';
import { EnvelopeInputSchema, type EnvelopeInput } from './envelope-schema.js';
import { div, mul, ratio, ratioOf, sub, toDecimal, type Ratio } from './rational.js';
import { segmentBounds } from './segment-bounds.js';
import { methodShares } from './shares.js';
import { topSliceUnits } from './top-slices.js';

/**
 * One segment's budget envelope, explained: the amount, the exact quota and what rounding
 * changed, the segment's share under the method and how it was reached, any floor or cap that
 * held it, and the change against current spend.
 *
 * @example
 * const { envelopes } = allocateEnvelopes({
 *   total: '1000000.00',
 *   method: { kind: 'historic' },
 *   segments: [{ id: 'frailty', currentSpend: '600000.00', cap: '700000.00' }, { id: 'maternity', currentSpend: '200000.00' }],
 * });
 * envelopes[0]?.constraint // 'cap': frailty is held at 700000.00, and maternity takes the rest, 300000.00
 */
export interface Envelope {
  readonly id: string;
  readonly label?: string;
  readonly amount: string;
  /** The exact amount before rounding to the unit (ten decimals of a pound). */
  readonly quota: string;
  /** `amount - quota`: what rounding added or took. */
  readonly adjustment: string;
  /** The segment's share under the method, 0-1 (ten decimals), before floors and caps. */
  readonly share: string;
  /** How the share was reached, in words. */
  readonly basis: string;
  /** A floor or cap that set the amount, if one did. */
  readonly constraint: EnvelopeConstraint;
  readonly currentSpend: string | null;
  /** `amount - currentSpend`, or null without a current spend. */
  readonly change: string | null;
  /** Change as a percentage of current spend (two decimals), or null without one. */
  readonly changePercent: string | null;
  /** Amount per head of population (to the penny), or null without a population. */
  readonly perHead: string | null;
}

/**
 * The whole budget, allocated: the top slices, the allocatable total left for the segments,
 * each segment's envelope in input order, and the checks that the envelopes and top slices
 * balance back to the total and that every floor and cap is met.
 *
 * @example
 * const result: EnvelopeAllocation = allocateEnvelopes({
 *   total: '1000000.00',
 *   method: { kind: 'historic' },
 *   segments: [{ id: 'frailty', currentSpend: '600000.00' }, { id: 'maternity', currentSpend: '200000.00' }],
 *   topSlices: [{ id: 'contingency', percent: 1 }],
 * });
 * result.allocatable     // '990000.00'
 * result.checks.balances // true
 */
export interface EnvelopeAllocation {
  readonly total: string;
  readonly unit: string;
  /** What was left for the segments after the top slices. */
  readonly allocatable: string;
  readonly topSlices: readonly { readonly id: string; readonly label?: string; readonly amount: string; readonly basis: string }[];
  /** In input order. */
  readonly envelopes: readonly Envelope[];
  readonly checks: {
    readonly topSlicesTotal: string;
    readonly envelopesTotal: string;
    /** Top slices plus envelopes equal the total, exactly. */
    readonly balances: boolean;
    /** Every floor and cap is met. */
    readonly boundsMet: boolean;
  };
}

const PLACES = 10;
const TEN_PLACES = 10n ** BigInt(PLACES);

/** Every field of an envelope that is a decimal, printed exactly from its whole units. */
function explain(amount: bigint, exact: Ratio, unit: Ratio, spend: Ratio | undefined, population: number | undefined) {
  const money = mul(ratio(amount), unit);
  // The adjustment is taken from the printed quota, so that quota + adjustment = amount exactly.
  const quota = roundHalfUp(exact.n * unit.n * TEN_PLACES, exact.d * unit.d);
  const change = spend === undefined ? null : sub(money, spend);
  return {
    quota: toDecimal(ratio(quota, TEN_PLACES), PLACES),
    adjustment: toDecimal(ratio((money.n * TEN_PLACES) / money.d - quota, TEN_PLACES), PLACES),
    currentSpend: spend === undefined ? null : toDecimal(spend, 2),
    change: change === null ? null : toDecimal(change, 2),
    changePercent: change === null || spend === undefined || spend.n === 0n ? null : toDecimal(mul(div(change, spend), ratio(100n)), 2),
    perHead: population === undefined || population === 0 ? null : toDecimal(div(money, ratio(BigInt(population))), 2),
  };
}

/**
 * Allocates a system total across segments, so that the envelopes and top slices always balance
 * back to the total, to the unit (the Blueprint's rule: Leeds System Blueprint for Population
 * Health Management, September 2017, section 3.3.3 "Finance Workstream"). Top slices
 * come off first; then each segment's share under the method; then floors and caps (an amount
 * or a percentage of current spend, and for pace of change `maxChange`), met by sharing the
 * excess or shortfall among the unconstrained segments in proportion to their shares; then
 * rounding by largest remainder. Every envelope carries its exact quota, its rounding
 * adjustment, its basis in words, its change against current spend and its amount per head.
 *
 * Every figure is exact: quotas, shares and the rest are rounded half up from exact fractions.
 * Money, units, weights and percentages given as strings have at most 64 characters.
 *
 * Throws `PhmValidationError` for bad input (a longer string is refused naming the limit) and
 * `PhmInfeasibleError`, naming the constraints,
 * when no allocation can meet them all.
 *
 * @example
 * allocateEnvelopes({
 *   total: '1200000000.00',
 *   method: { kind: 'blend', historicShare: 0.5 },
 *   segments: [
 *     { id: 'frailty', population: 30000, currentSpend: '240000000.00' },
 *     { id: 'healthy-adults', population: 400000, currentSpend: '200000000.00' },
 *   ],
 *   topSlices: [{ id: 'contingency', percent: 0.5 }],
 * });
 */
export function allocateEnvelopes(raw: DeepReadonly<EnvelopeInput>): EnvelopeAllocation {
  const input = parseInput(EnvelopeInputSchema, raw, 'envelopes');
  const { unit } = input;
  const wholeUnits = (amount: string | number, path: (string | number)[]) => {
    const units = toUnits(amount, unit);
    if (units === undefined || units < 0n) throw new PhmValidationError(`Invalid envelopes: ${amount} is not a whole, non-negative number of units of ${unit}`, [{ path, message: `Not a whole, non-negative number of units of ${unit}` }]);
    return units;
  };
  const total = wholeUnits(input.total, ['total']);
  const sliceUnits = topSliceUnits(input, total, wholeUnits);
  const slicesTotal = sliceUnits.reduce((a, b) => a + b, 0n);
  if (slicesTotal > total) throw new PhmInfeasibleError('The top slices add up to more than the total', input.topSlices.map((_, i) => ({ path: ['topSlices', i], message: 'Top slices exceed the total' })));
  const allocatable = total - slicesTotal;

  const { shares, words, historic } = methodShares(input);
  const { lower, upper, fromMaxChange } = segmentBounds(input, historic, allocatable, wholeUnits);
  const split = splitWithBounds(allocatable, shares.weights, lower, upper, (i, b) => (fromMaxChange[i]![b] ? ['method', 'maxChange'] : ['segments', i, b]));

  const unitRatio = ratioOf(unit);
  const envelopes = input.segments.map((s, i): Envelope => {
    const amount = split.parts[i] as bigint;
    const spend = s.currentSpend === undefined ? undefined : ratioOf(s.currentSpend);
    const { quota, adjustment, ...againstSpend } = explain(amount, split.exact[i] as Ratio, unitRatio, spend, s.population);
    return {
      id: s.id,
      ...(s.label === undefined ? {} : { label: s.label }),
      amount: fromUnits(amount, unit),
      quota,
      adjustment,
      share: toDecimal(ratio(shares.weights[i] as bigint, shares.denominator), PLACES),
      basis: words[i] as string,
      constraint: split.constraint[i] as EnvelopeConstraint,
      ...againstSpend,
    };
  });
  const envelopesTotal = split.parts.reduce((a, b) => a + b, 0n);
  return {
    total: fromUnits(total, unit),
    unit,
    allocatable: fromUnits(allocatable, unit),
    topSlices: input.topSlices.map((t, i) => ({
      id: t.id,
      ...(t.label === undefined ? {} : { label: t.label }),
      amount: fromUnits(sliceUnits[i] as bigint, unit),
      basis: 'percent' in t ? `${t.percent}% of the total` : 'a stated amount',
    })),
    envelopes,
    checks: {
      topSlicesTotal: fromUnits(slicesTotal, unit),
      envelopesTotal: fromUnits(envelopesTotal, unit),
      balances: envelopesTotal + slicesTotal === total,
      boundsMet: split.parts.every((p, i) => p >= (lower[i] as bigint) && (upper[i] === undefined || p <= (upper[i] as bigint))),
    },
  };
}
