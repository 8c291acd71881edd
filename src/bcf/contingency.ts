import * as z from 'zod';
import type { DeepReadonly } from '../core/freeze.js';
import { parseInput, recordOf } from '../core/validation.js';
import { atLeastZero, BcfMoneySchema, FractionSchema, minus, plain, pounds, product, QuantitySchema, quotient, scaled, sum } from './amounts.js';

/**
 * The inputs of one Better Care Fund contingency cost: the unit cost, the volume, days per case
 * for a cost per day, and the part-year factor (default 1). Decimal strings have at most 24
 * characters (a longer one is refused, naming the limit); JS numbers are used exactly.
 *
 * @example
 * ContingencyCostSchema.parse({ unitCost: '2500', volume: 874 }).partialYearFactor // 1
 */
export const ContingencyCostSchema = z.strictObject({
  /** Cost of one unit of the outcome: a care home placement, an avoidable admission, a bed day. */
  unitCost: BcfMoneySchema,
  /** How many: admissions, patients, delayed transfers. */
  volume: QuantitySchema,
  /** Share of the year the cost falls in: 0.5 for the "part-year effect" halving. Default 1. */
  partialYearFactor: FractionSchema.default(1),
  /** For costs per day: days per case ("7 days x cost per day x volume"). */
  days: QuantitySchema.optional(),
});

/**
 * The input to `contingencyCost`: the worst case for one outcome, as unit cost x volume (x days)
 * x part-year factor. Money as a decimal string.
 *
 * @example
 * const delayedTransfers: ContingencyCostInput = { unitCost: '200', days: 7, volume: 257 };
 * contingencyCost(delayedTransfers) // '359800.00'
 */
export type ContingencyCostInput = z.input<typeof ContingencyCostSchema>;

/**
 * The worst-case support needed for one outcome if its target is missed, as Leeds sized its
 * 2014 Better Care Fund contingency (Leeds Health and Wellbeing Board papers, 27 March 2014, BCF
 * planning template: "Contingency provision" and its "Methodology and assumptions for
 * calculation of contingency plan"): unit cost x volume (x days, for a cost per day) x
 * partial-year factor. Pounds, two decimals, rounded half up from the exact
 * product (BigInt: four factors of 24 characters make a product of some 90 digits, every one kept).
 *
 * @example
 * contingencyCost({ unitCost: '17250', volume: 20, partialYearFactor: 0.5 }) // '172500.00'
 * contingencyCost({ unitCost: '200', days: 7, volume: 257 })                  // '359800.00'
 */
export function contingencyCost(input: ContingencyCostInput): string {
  const { unitCost, volume, partialYearFactor, days } = parseInput(ContingencyCostSchema, input, 'contingency cost');
  return worstCase(unitCost, volume, days, partialYearFactor);
}

/** unit cost x volume (x days) x factor, exactly, in pounds rounded half up once. */
const worstCase = (unitCost: string | number, volume: string | number, days: string | number | undefined, factor: string | number): string => pounds(product([unitCost, volume, days ?? 1, factor]));

const OutcomeSchema = z.strictObject({
  id: z.string().min(1),
  label: z.string().min(1).optional(),
  unitCost: BcfMoneySchema,
  volume: QuantitySchema,
  days: QuantitySchema.optional(),
  /** Part-year factor for the plan year; the full-year cost is also reported. Default 1. */
  partialYearFactor: FractionSchema.default(1),
  /** Planned savings in activity (e.g. 20 fewer admissions), and when `valued` their full-year value: activity x unit cost (x days). */
  plannedSavings: z.strictObject({ activity: QuantitySchema, valued: z.boolean().default(false) }).optional(),
});

/**
 * A Better Care Fund contingency plan: the outcomes whose targets may be missed, each with its
 * worst-case formula and planned savings, the contingency fund held against them, and
 * optionally the likelihood that each target is missed.
 *
 * @example
 * ContingencyPlanSchema.safeParse({ outcomes: [{ id: 'a', unitCost: '100', volume: 1 }], contingencyFund: '0', likelihoods: { b: 0.5 } }).success
 * // false: a likelihood for the unknown outcome 'b'
 */
export const ContingencyPlanSchema = z
  .strictObject({
    outcomes: z.array(OutcomeSchema).min(1),
    /** The contingency fund held against the worst case. */
    contingencyFund: BcfMoneySchema,
    /** Probability (0-1) that each outcome's target is missed, by outcome id. */
    likelihoods: recordOf(z.string(), FractionSchema).optional(),
  })
  .superRefine((plan, ctx) => {
    const ids = new Set<string>();
    plan.outcomes.forEach((o, i) => {
      if (ids.has(o.id)) ctx.addIssue({ code: 'custom', path: ['outcomes', i, 'id'], message: `Duplicate outcome id '${o.id}'` });
      ids.add(o.id);
    });
    for (const id of Object.keys(plan.likelihoods ?? {})) {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['likelihoods', id], message: `Unknown outcome '${id}'` });
    }
  });

/**
 * The input to `contingencyPlan`, as you write it: outcomes, the contingency fund and optional
 * likelihoods by outcome id.
 *
 * @example
 * const plan: ContingencyPlanInput = {
 *   outcomes: [{ id: 'avoidable-admissions', unitCost: '2500', volume: 874 }],
 *   contingencyFund: '1000000',
 *   likelihoods: { 'avoidable-admissions': 0.4 },
 * };
 */
export type ContingencyPlanInput = z.input<typeof ContingencyPlanSchema>;

/**
 * One outcome of a contingency plan, worked out: its worst case over a full year and in the
 * plan year, its planned savings, and with a likelihood the expected call on the fund.
 *
 * @example
 * contingencyPlan({ outcomes: leeds2014Bcf.contingency.outcomes, contingencyFund: '2000000' }).outcomes[0]?.partYear
 * // '172500.00': outcome 1, £17,250 x 20, halved
 */
export interface ContingencyOutcome {
  readonly id: string;
  readonly label?: string;
  /** Worst case over a full year. */
  readonly fullYear: string;
  /** Worst case in the plan year, after the part-year factor. */
  readonly partYear: string;
  readonly plannedSavings: { readonly activity: string; readonly pounds: string | null } | null;
  /** likelihood x part-year worst case, when a likelihood is given. */
  readonly expected: string | null;
}

/**
 * A contingency plan, worked out: each outcome, the totals (sums of the rounded outcomes, so
 * they always add up), and how far the contingency fund covers the part-year worst case.
 *
 * @example
 * const plan = contingencyPlan({ outcomes: leeds2014Bcf.contingency.outcomes, contingencyFund: '2000000' });
 * plan.totals.partYear // '4797300.00'
 * plan.shortfall       // '2797300.00'
 */
export interface ContingencyPlan {
  readonly outcomes: readonly ContingencyOutcome[];
  readonly totals: { readonly fullYear: string; readonly partYear: string; readonly expected: string | null };
  readonly contingencyFund: string;
  /** Fund / part-year worst case (four decimals); null when the worst case is zero. */
  readonly coverage: string | null;
  /** How far the fund falls short of the part-year worst case; "0.00" when it covers it. */
  readonly shortfall: string;
}

/**
 * A contingency plan: per outcome the full-year and part-year worst case, planned savings, and
 * with likelihoods the risk-weighted expected call on the fund; totals; and how far the fund
 * covers the worst case. Amounts are computed exactly and rounded to the penny per outcome;
 * totals are sums of the rounded outcomes, so they always add up.
 *
 * @example
 * contingencyPlan({ outcomes: leeds2014Bcf.contingency.outcomes, contingencyFund: '2000000' }).shortfall; // '2797300.00'
 */
export function contingencyPlan(input: DeepReadonly<ContingencyPlanInput>): ContingencyPlan {
  const plan = parseInput(ContingencyPlanSchema, input, 'contingency plan');
  const likelihoods = new Map(Object.entries(plan.likelihoods ?? {}));
  const outcomes = plan.outcomes.map((o): ContingencyOutcome => {
    const fullYear = worstCase(o.unitCost, o.volume, o.days, 1);
    const partYear = worstCase(o.unitCost, o.volume, o.days, o.partialYearFactor);
    const likelihood = likelihoods.get(o.id);
    return {
      id: o.id,
      ...(o.label === undefined ? {} : { label: o.label }),
      fullYear,
      partYear,
      plannedSavings:
        o.plannedSavings === undefined
          ? null
          : { activity: plain(scaled(o.plannedSavings.activity)), pounds: o.plannedSavings.valued ? worstCase(o.unitCost, o.plannedSavings.activity, o.days, 1) : null },
      expected: likelihood === undefined ? null : pounds(product([partYear, likelihood])),
    };
  });
  const total = (pick: (o: ContingencyOutcome) => string) => sum(outcomes.map((o) => scaled(pick(o))));
  const worst = total((o) => o.partYear);
  const fund = scaled(plan.contingencyFund);
  return {
    outcomes,
    totals: {
      fullYear: pounds(total((o) => o.fullYear)),
      partYear: pounds(worst),
      expected: likelihoods.size === 0 ? null : pounds(total((o) => o.expected ?? '0')),
    },
    contingencyFund: pounds(fund),
    coverage: worst.n === 0n ? null : quotient(fund, worst, 4),
    shortfall: pounds(atLeastZero(minus(worst, fund))),
  };
}
