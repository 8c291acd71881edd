import * as z from 'zod';
import { Exact, fromScaledInteger, roundedDecimal, toScaledInteger, whenDecimal } from '../core/money.js';
import { parseInput } from '../core/validation.js';

// Bounded so that 120 months of exact decimals stay quick: 12 decimals x 120 months is 1,440 digits.
const SignedDecimal = z.union([
  z.string().regex(/^-?\d{1,15}(\.\d{1,12})?$/, 'Expected a decimal with at most 15 digits before the point and 12 after, e.g. "-0.017"'),
  z.number().refine((n) => Number.isFinite(n) && Math.abs(n) < 1e15 && new Exact(n).decimalPlaces() <= 12, { message: 'Expected a finite number below 1e15 with at most 12 decimals' }),
]);

/**
 * The inputs of a metric's trajectory: the baseline, the signed monthly change as a fraction
 * (above -1), and the number of months, 1 to 120.
 *
 * @example
 * TrajectorySchema.safeParse({ baseline: 100, monthlyChange: '-1', months: 12 }).success // false: a fall of 100% or more
 */
export const TrajectorySchema = z
  .strictObject({
    /** The starting value: a count, a rate per 100,000, a proportion. */
    baseline: SignedDecimal,
    /** Signed change per month as a fraction: "-0.017" is a 1.7% fall every month. */
    monthlyChange: SignedDecimal.refine(whenDecimal((r) => r.gt(-1)), { message: 'A monthly change must be above -1 (a fall of less than 100%)' }),
    /** Months in the period, 1 to 120. */
    months: z.number().int().min(1).max(120),
  });

/**
 * The input to `trajectory`. `monthlyChange` is signed: `'-0.017'` is a 1.7% fall every
 * month. Give it as a decimal string to keep it exact.
 *
 * @example
 * const delayedTransfers: TrajectoryInput = { baseline: 100, monthlyChange: '-0.017', months: 13 };
 */
export type TrajectoryInput = z.input<typeof TrajectorySchema>;

/**
 * A metric's month-by-month path under a constant monthly change, with the exit value and the
 * period average: the "exit" reduction and the reduction over the period are different claims.
 *
 * @example
 * const t = trajectory({ baseline: 100, monthlyChange: '-0.017', months: 13 });
 * t.exitChange    // '-0.1998051871': the "reduction of 20%" holds for the exit
 * t.averageChange // '-0.1112737605': but the 13 months average only 11.1% lower
 */
export interface Trajectory {
  /** Month 0 (the baseline), then the value after each month: exact decimals, no rounding. */
  readonly path: readonly string[];
  /** The value after the last month: baseline x (1 + r)^months, exactly. */
  readonly exit: string;
  /** The mean of the monthly values over the period (months 1 to n), ten decimals. */
  readonly average: string;
  /** exit / baseline - 1, ten decimals: the "exit" reduction. Null for a zero baseline. */
  readonly exitChange: string | null;
  /** average / baseline - 1, ten decimals: the reduction over the period as a whole. */
  readonly averageChange: string | null;
}

/**
 * A metric's month-by-month path under a constant monthly change, with the exit value and the
 * period average: two different claims. The Leeds 2014 plan said a 1.7% monthly fall "equates to
 * a reduction of 20%" (true of the exit after 13 months) and that 0.85% a month is "a real terms
 * reduction of 10%" (the exit after 12 months is 9.7% lower, but the year's average only 5.4%).
 * Values are exact decimals: baseline x (1 + r)^k has a finite decimal expansion, and it is given
 * in full.
 *
 * @example
 * trajectory({ baseline: 100, monthlyChange: '-0.0085', months: 12 }).exitChange // '-0.0973...'
 */
export function trajectory(input: TrajectoryInput): Trajectory {
  const { baseline, monthlyChange, months } = parseInput(TrajectorySchema, input, 'trajectory');
  const b = toScaledInteger(baseline);
  const r = toScaledInteger(monthlyChange);
  const one = 10n ** BigInt(r.places);
  const factor = one + r.n; // (1 + r) x 10^places
  const path = [fromScaledInteger(b.n, b.places)];
  // Month k is b.n x factor^k over 10^(b.places + k r.places); the sum of months 1 to n is kept
  // over the last month's places, so the average and both changes are exact fractions, rounded
  // once when printed (values can reach thousands of digits: 80-digit arithmetic lost them).
  let numerator = b.n;
  let sum = 0n;
  for (let k = 1; k <= months; k++) {
    numerator *= factor;
    sum = sum * one + numerator;
    path.push(fromScaledInteger(numerator, b.places + k * r.places));
  }
  const scale = 10n ** BigInt(b.places + months * r.places);
  const base = b.n * 10n ** BigInt(months * r.places); // the baseline over the same places
  return {
    path,
    exit: path[months] as string,
    average: roundedDecimal(sum, scale * BigInt(months), 10),
    exitChange: b.n === 0n ? null : roundedDecimal(numerator - base, base, 10),
    averageChange: b.n === 0n ? null : roundedDecimal(sum - base * BigInt(months), base * BigInt(months), 10),
  };
}
