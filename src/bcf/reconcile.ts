import * as z from 'zod';
import type { DeepReadonly } from '../core/freeze.js';
import { parseInput } from '../core/validation.js';
import { BcfMoneySchema, minus, plain, scaled, sum as total, type Scaled } from './amounts.js';
import { ContingencyCostSchema, contingencyCost } from './contingency.js';

// Plan figures may be negative (a saving). Sums are exact BigInt at any length; the bound keeps
// a plan of a megabyte quick to check.
const Amount = z.union([
  z.string().regex(/^-?\d+(\.\d+)?$/, 'Expected a decimal amount').max(40, 'At most 40 characters'),
  z.number().refine(Number.isSafeInteger, { message: 'Pass amounts that are not safe integers as decimal strings' }),
]);

/** A total the plan states, with the parts it should add up to (null for a part the plan leaves "TBC"). */
const StatedSumSchema = z.strictObject({
  location: z.string().min(1),
  label: z.string().min(1).optional(),
  parts: z.array(Amount.nullable()).min(1),
  stated: Amount,
});

/** A contingency outcome with the result the plan states for its formula. */
const StatedOutcomeSchema = ContingencyCostSchema.extend({
  location: z.string().min(1),
  label: z.string().min(1).optional(),
  stated: BcfMoneySchema,
});

/**
 * A Better Care Fund plan's arithmetic as data: every total it states with its parts (null for
 * a part left "TBC"), and its contingency outcomes with their stated formulas and results.
 *
 * @example
 * BcfPlanSchema.safeParse({ sums: [{ location: 'scheme-15-2014-15', parts: [500, 390], stated: 990 }] }).success // true
 */
export const BcfPlanSchema = z
  .strictObject({
    /** Contributions, scheme parts, scheme totals, grand totals: every total the plan states. */
    sums: z.array(StatedSumSchema).default([]),
    outcomes: z.array(StatedOutcomeSchema).default([]),
  })
  .superRefine((plan, ctx) => {
    const seen = new Set<string>();
    [...plan.sums, ...plan.outcomes].forEach((entry, i) => {
      if (seen.has(entry.location)) ctx.addIssue({ code: 'custom', path: [i < plan.sums.length ? 'sums' : 'outcomes', i < plan.sums.length ? i : i - plan.sums.length, 'location'], message: `Location '${entry.location}' appears twice` });
      seen.add(entry.location);
    });
  });

/**
 * The input to `reconcilePlan`: the totals a plan states with their parts, and its contingency
 * outcomes with their stated results. `leeds2014Bcf.plan` is the Leeds 2014 submission in this
 * form.
 *
 * @example
 * const plan: BcfPlan = { sums: [{ location: 'scheme-15-2014-15', parts: [500, 390], stated: 990 }] };
 * reconcilePlan(plan).discrepancies[0]?.difference // '100'
 */
export type BcfPlan = z.input<typeof BcfPlanSchema>;

/**
 * One place where a plan's arithmetic does not hold: where it is, what the plan states, what
 * its parts or formula give, and the difference (stated - computed).
 *
 * @example
 * reconcilePlan(leeds2014Bcf.plan).discrepancies.find((d) => d.location === 'contingency-outcome-2')
 * // { location: 'contingency-outcome-2', label: 'Outcome 2: £20,000 x 208, halved', stated: '1794000', computed: '2080000', difference: '-286000', missingParts: 0 }
 */
export interface Discrepancy {
  readonly location: string;
  readonly label?: string;
  readonly stated: string;
  readonly computed: string;
  /** `stated - computed`. */
  readonly difference: string;
  /** Parts left "TBC" (null) that the computed total leaves out. */
  readonly missingParts: number;
}

/** A discrepancy when the stated value is not the computed one, exactly. */
function mismatch(stated: Scaled, computed: Scaled): { stated: string; computed: string; difference: string } | undefined {
  const difference = minus(stated, computed);
  return difference.n === 0n ? undefined : { stated: plain(stated), computed: plain(computed), difference: plain(difference) };
}

/**
 * Checks a Better Care Fund plan's arithmetic before it is submitted: every stated total against
 * the sum of its parts, and every contingency outcome's stated result against its stated formula.
 * Returns each discrepancy with its location, the stated and computed values and the
 * difference, and nothing else: a plan that ties out gives an empty list.
 *
 * @example
 * reconcilePlan(leeds2014Bcf.plan).discrepancies.map((d) => d.location);
 * // ['recurrent-schemes-2015-16', 'scheme-15-2014-15', 'scheme-15-2015-16', 'scheme-16-2014-15', 'contingency-outcome-2']
 */
export function reconcilePlan(plan: DeepReadonly<BcfPlan>): { discrepancies: Discrepancy[] } {
  const { sums, outcomes } = parseInput(BcfPlanSchema, plan, 'BCF plan');
  const discrepancies: Discrepancy[] = [];
  for (const sum of sums) {
    const found = mismatch(scaled(sum.stated), total(sum.parts.flatMap((part) => (part === null ? [] : [scaled(part)]))));
    if (found !== undefined) {
      discrepancies.push({ location: sum.location, ...(sum.label === undefined ? {} : { label: sum.label }), ...found, missingParts: sum.parts.filter((p) => p === null).length });
    }
  }
  for (const outcome of outcomes) {
    const { location, label, stated, ...cost } = outcome;
    const found = mismatch(scaled(stated), scaled(contingencyCost(cost)));
    if (found !== undefined) discrepancies.push({ location, ...(label === undefined ? {} : { label }), ...found, missingParts: 0 });
  }
  return { discrepancies };
}
