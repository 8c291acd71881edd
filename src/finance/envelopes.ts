import type { DeepReadonly } from '../core/freeze.js';
import { PhmInfeasibleError, PhmValidationError } from '../core/errors.js';
import { fromUnits, toUnits } from '../core/money.js';
import { parseInput } from '../core/validation.js';
import { splitWithBounds, type EnvelopeConstraint } from './bounded-shares.js';
import { EnvelopeInputSchema, type EnvelopeInput, type EnvelopeMethod, type ParsedEnvelopeInput } from './envelope-schema.js';
import { largestRemainder } from '../core/largest-remainder.js';
import { add, ceilOf, div, floorOf, mul, ratio, ratioOf, sub, sum, toDecimal, type Ratio } from './rational.js';

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
const pct = (r: Ratio) => `${toDecimal(mul(r, ratio(100n)), 2)}%`;

/** Each segment's share (summing to 1) under a base method, with the words that explain it. */
function baseShares(input: ParsedEnvelopeInput, method: Exclude<EnvelopeMethod, { kind: 'paceOfChange' }>): { shares: Ratio[]; words: string[] } {
  const normalise = (weights: Ratio[], what: string, path: string): Ratio[] => {
    const total = sum(weights);
    if (total.n === 0n) throw new PhmValidationError(`Invalid envelopes: every segment's ${what} is zero`, [{ path: ['segments'], message: `The ${path} of every segment is zero` }]);
    return weights.map((w) => div(w, total));
  };
  const historic = () => normalise(input.segments.map((s) => ratioOf(s.currentSpend ?? 0)), 'current spend', 'currentSpend');
  const capitation = () =>
    normalise(input.segments.map((s) => mul(ratio(BigInt(s.population ?? 0)), ratioOf(s.costPerHead ?? s.needWeight ?? 1))), 'population x need', 'population');
  if (method.kind === 'historic') {
    const shares = historic();
    return { shares, words: shares.map((s) => `historic: ${pct(s)} of current spend`) };
  }
  if (method.kind === 'capitation') {
    const shares = capitation();
    const measure = input.segments.some((s) => s.costPerHead !== undefined) ? 'population x cost per head' : 'population x need weight';
    return { shares, words: shares.map((s) => `capitation: ${pct(s)} of ${measure}`) };
  }
  const h = ratioOf(method.historicShare);
  const hist = historic();
  const cap = capitation();
  const shares = hist.map((s, i) => add(mul(h, s), mul(sub(ratio(1n), h), cap[i] as Ratio)));
  return { shares, words: shares.map((s, i) => `blend: ${pct(h)} of the historic share ${pct(hist[i] as Ratio)} and ${pct(sub(ratio(1n), h))} of the capitation share ${pct(cap[i] as Ratio)} = ${pct(s)}`) };
}

/**
 * Allocates a system total across segments, so that the envelopes and top slices always balance
 * back to the total, to the unit (the Blueprint's rule, seed 000 lines 2429-2449). Top slices
 * come off first; then each segment's share under the method; then floors and caps (an amount
 * or a percentage of current spend, and for pace of change `maxChange`), met by sharing the
 * excess or shortfall among the unconstrained segments in proportion to their shares; then
 * rounding by largest remainder. Every envelope carries its exact quota, its rounding
 * adjustment, its basis in words, its change against current spend and its amount per head.
 *
 * Throws `PhmValidationError` for bad input and `PhmInfeasibleError`, naming the constraints,
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

  // Top slices: percentages of the total rounded together by largest remainder, then amounts.
  const percentSlices = input.topSlices.flatMap((t, i) => ('percent' in t ? [{ i, p: ratioOf(t.percent) }] : []));
  const percentTotal = sum(percentSlices.map((s) => s.p));
  if (percentTotal.n > 100n * percentTotal.d) throw new PhmInfeasibleError('The top-slice percentages add up to more than 100%', percentSlices.map((s) => ({ path: ['topSlices', s.i, 'percent'], message: 'Percentages exceed 100%' })));
  // Common denominator: each percentage becomes an integer weight; what is left is one more line.
  const denominator = percentSlices.reduce((acc, s) => acc * s.p.d, 1n);
  const percentWeights = percentSlices.map((s) => (s.p.n * denominator) / s.p.d);
  const sliceWeights = [...percentWeights, 100n * denominator - percentWeights.reduce((a, b) => a + b, 0n)];
  const sliced = percentSlices.length === 0 ? [] : largestRemainder(total, sliceWeights);
  const sliceUnits = input.topSlices.map((t, i) => ('percent' in t ? (sliced[percentSlices.findIndex((s) => s.i === i)] as bigint) : wholeUnits(t.amount, ['topSlices', i, 'amount'])));
  const slicesTotal = sliceUnits.reduce((a, b) => a + b, 0n);
  if (slicesTotal > total) throw new PhmInfeasibleError('The top slices add up to more than the total', input.topSlices.map((_, i) => ({ path: ['topSlices', i], message: 'Top slices exceed the total' })));
  const allocatable = total - slicesTotal;

  // Shares under the method.
  const method = input.method;
  let shares: Ratio[];
  let words: string[];
  const spendUnits = input.segments.map((s) => (s.currentSpend === undefined ? undefined : ratioOf(s.currentSpend)));
  const lower = input.segments.map(() => 0n);
  // Which bounds came from the method's maxChange (not the segment's own floor or cap): errors name them there.
  const fromMaxChange = input.segments.map(() => ({ floor: false, cap: false }));
  const upper: (bigint | undefined)[] = input.segments.map(() => undefined);
  if (method.kind === 'paceOfChange') {
    const hist = baseShares(input, { kind: 'historic' }).shares;
    const target = baseShares(input, method.target);
    const pace = ratioOf(method.pace);
    shares = hist.map((h, i) => add(h, mul(pace, sub(target.shares[i] as Ratio, h))));
    words = shares.map((s, i) => `pace of change: ${pct(pace)} of the way from the historic share ${pct(hist[i] as Ratio)} toward the ${target.words[i]}, giving ${pct(s)}`);
    if (method.maxChange !== undefined) {
      // Limits on movement, rounded outward to whole units: the historic amounts themselves
      // always lie within them, so maxChange alone can never make the problem infeasible.
      const m = ratioOf(method.maxChange);
      hist.forEach((h, i) => {
        const historicAmount = mul(h, ratio(allocatable));
        const low = floorOf(mul(historicAmount, sub(ratio(1n), m)));
        lower[i] = low > 0n ? low : 0n;
        upper[i] = ceilOf(mul(historicAmount, add(ratio(1n), m)));
        fromMaxChange[i] = { floor: true, cap: true };
      });
    }
  } else {
    ({ shares, words } = baseShares(input, method));
  }

  // Floors and caps, in whole units, tightened to the pace-of-change limits.
  const unitRatio = ratioOf(unit);
  input.segments.forEach((s, i) => {
    const bound = (b: NonNullable<typeof s.floor>, round: (r: Ratio) => bigint, path: string) =>
      typeof b === 'object' ? round(div(mul(spendUnits[i] as Ratio, div(ratioOf(b.percentOfCurrentSpend), ratio(100n))), unitRatio)) : wholeUnits(b, ['segments', i, path]);
    if (s.floor !== undefined) {
      const floor = bound(s.floor, ceilOf, 'floor');
      if (floor >= (lower[i] as bigint)) {
        lower[i] = floor;
        fromMaxChange[i]!.floor = false;
      }
    }
    if (s.cap !== undefined) {
      const cap = bound(s.cap, floorOf, 'cap');
      if (upper[i] === undefined || cap <= (upper[i] as bigint)) {
        upper[i] = cap;
        fromMaxChange[i]!.cap = false;
      }
    }
  });
  const split = splitWithBounds(allocatable, shares, lower, upper, (i, b) => (fromMaxChange[i]![b] ? ['method', 'maxChange'] : ['segments', i, b]));

  const envelopes = input.segments.map((s, i): Envelope => {
    const amount = split.parts[i] as bigint;
    const quota = mul(split.exact[i] as Ratio, unitRatio);
    const money = ratio(amount * unitRatio.n, unitRatio.d);
    // The adjustment is taken from the printed quota, so that quota + adjustment = amount exactly.
    const printedQuota = toDecimal(quota, PLACES);
    const spend = spendUnits[i];
    const change = spend === undefined ? null : sub(money, spend);
    return {
      id: s.id,
      ...(s.label === undefined ? {} : { label: s.label }),
      amount: fromUnits(amount, unit),
      quota: printedQuota,
      adjustment: toDecimal(sub(money, ratioOf(printedQuota)), PLACES),
      share: toDecimal(shares[i] as Ratio, PLACES),
      basis: words[i] as string,
      constraint: split.constraint[i] as EnvelopeConstraint,
      currentSpend: spend === undefined ? null : toDecimal(spend, 2),
      change: change === null ? null : toDecimal(change, 2),
      changePercent: change === null || spend === undefined || spend.n === 0n ? null : toDecimal(mul(div(change, spend), ratio(100n)), 2),
      perHead: s.population === undefined || s.population === 0 ? null : toDecimal(div(money, ratio(BigInt(s.population))), 2),
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
