import * as z from 'zod';
import { PhmValidationError } from '../core/errors.js';
import { parseInput } from '../core/validation.js';
import { minus, product, QuantitySchema, quotient, scaled } from './amounts.js';

const isDecimal = (value: unknown): value is string | number => (typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value));

const RateSchema = z.strictObject({ count: QuantitySchema, population: QuantitySchema, places: z.number().int().min(0).max(10).default(1) });

/**
 * A rate per 100,000 with its denominator explicit: count / population x 100,000, as a decimal
 * string (one decimal by default, rounded half up).
 *
 * @example
 * ratePer100k({ count: 830, population: 118827 }) // '698.5' permanent admissions per 100,000 aged 65+
 */
export function ratePer100k(input: z.input<typeof RateSchema>): string {
  const { count, population, places } = parseInput(RateSchema, input, 'rate');
  const people = scaled(population);
  if (people.n === 0n) throw new PhmValidationError('Invalid rate: the population is zero', [{ path: ['population'], message: 'Must be above zero' }]);
  return quotient(product([count, 100_000]), people, places);
}

const ProportionSchema = z
  .strictObject({ numerator: QuantitySchema, denominator: QuantitySchema, places: z.number().int().min(0).max(10).default(4) })
  // Zod runs this even when a field is malformed: such a value is reported at its own path.
  .refine((p) => !isDecimal(p.numerator) || !isDecimal(p.denominator) || minus(scaled(p.numerator), scaled(p.denominator)).n <= 0n, {
    message: 'The numerator cannot exceed the denominator',
    path: ['numerator'],
  });

/**
 * A proportion, numerator / denominator, as a decimal string (four decimals by default): for
 * example people aged 65+ still at home 91 days after discharge into reablement.
 *
 * @example
 * proportion({ numerator: 897, denominator: 1000 }) // '0.8970'
 */
export function proportion(input: z.input<typeof ProportionSchema>): string {
  const { numerator, denominator, places } = parseInput(ProportionSchema, input, 'proportion');
  const whole = scaled(denominator);
  if (whole.n === 0n) throw new PhmValidationError('Invalid proportion: the denominator is zero', [{ path: ['denominator'], message: 'Must be above zero' }]);
  return quotient(scaled(numerator), whole, places);
}

/** The standard normal quantile (Acklam's rational approximation; relative error below 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** The standard normal distribution function (via erfc, Numerical Recipes' Chebyshev fit; error below 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

const ConfidenceSchema = z.number().gt(0.5, 'Confidence is a probability above 0.5').max(0.999999, 'Confidence is at most 0.999999').default(0.95);
/** Counts of events: the normal approximation needs a few, and floats hold up to about a trillion. */
const Count = z.number().min(0).max(1e12, 'Counts above a trillion are out of range');

const MinimumSchema = z.strictObject({ baselineCount: Count.min(1, 'The baseline needs at least one event'), confidence: ConfidenceSchema });

/**
 * The smallest reduction in a count of events (admissions, say) that would be statistically
 * significant, comparing two equal periods of Poisson counts. Method (documented in
 * docs/bcf.md):
 * - Baseline N and new count M are independent Poisson counts over equal periods.
 * - N - M, divided by sqrt(N + M), is approximately standard normal (a normal approximation,
 *   good for counts in the tens or more).
 * - The change is significant when that statistic reaches the two-sided critical value z of
 *   the confidence.
 * - Solving N - M = z sqrt(N + M) gives the reduction d = (sqrt(z^4 + 8 z^2 N) - z^2) / 2 and
 *   the fraction d / N.
 *
 * A baseline of about 19,000 events makes 2% the smallest significant reduction at 95%: the
 * Leeds plan's "level of statistically significant of 2%".
 *
 * @example
 * minimumSignificantReduction({ baselineCount: 19016 }).fraction // '0.0200'
 */
export function minimumSignificantReduction(input: z.input<typeof MinimumSchema>): { count: string; fraction: string; z: string } {
  const { baselineCount: n, confidence } = parseInput(MinimumSchema, input, 'significance');
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const d = (Math.sqrt(z ** 4 + 8 * z * z * n) - z * z) / 2;
  return { count: d.toFixed(1), fraction: (d / n).toFixed(4), z: z.toFixed(4) };
}

const ChangeSchema = z.strictObject({ baselineCount: Count, observedCount: Count, confidence: ConfidenceSchema }).refine((c) => c.baselineCount + c.observedCount > 0, {
  message: 'At least one of the counts must be above zero',
  path: ['observedCount'],
});

/**
 * Tests an observed count against a baseline count for an equal period, by the same method as
 * {@link minimumSignificantReduction}: z = (observed - baseline) / sqrt(baseline + observed),
 * two-sided.
 *
 * @example
 * testChange({ baselineCount: 19016, observedCount: 18000 }).significant // true
 */
export function testChange(input: z.input<typeof ChangeSchema>): { change: string; z: string; pValue: string; significant: boolean } {
  const { baselineCount: n, observedCount: m, confidence } = parseInput(ChangeSchema, input, 'significance test');
  const z = (m - n) / Math.sqrt(n + m);
  const pValue = 2 * (1 - normalCdf(Math.abs(z)));
  return { change: n === 0 ? 'n/a' : ((m - n) / n).toFixed(4), z: z.toFixed(4), pValue: pValue.toFixed(4), significant: pValue < 1 - confidence };
}
