import * as z from 'zod';
import { largestRemainder, scaleWeights } from '../core/largest-remainder.js';
import { decimalString, fromUnits, roundedDecimal, roundHalfUp } from '../core/money.js';
import { parseInput } from '../core/validation.js';
import { BcfMoneySchema, FractionSchema, minus, product, QuantitySchema, scaled, SignedValueSchema as Value } from './amounts.js';
import { BCF_METRICS } from './bcf-metrics.js';

/** Read from the text, as zod may run this on a weight it has already found malformed. */
const isZero = (weight: string | number): boolean => (typeof weight === 'number' ? weight === 0 : /^0+(\.0+)?$/.test(weight));

/**
 * The inputs of a Better Care Fund performance element: the pooled fund, the share of it paid
 * for performance (default 0.25), and each metric's weight, baseline, target, achievement and
 * payment rule. Metric ids come from {@link BCF_METRICS} or `customMetrics`, so a misspelt
 * metric is an error. Decimal strings have at most 24 characters.
 *
 * @example
 * PerformanceElementSchema.safeParse({ pooledFund: '1000', metrics: [{ id: 'falls', baseline: 1, target: 0, achieved: 0 }] }).success
 * // false: 'falls' is not in BCF_METRICS and not declared in customMetrics
 */
export const PerformanceElementSchema = z
  .strictObject({
    /** The pooled fund, in pounds. */
    pooledFund: BcfMoneySchema,
    /**
     * Share of the fund paid for performance. Default 0.25: "approximately 25% of the BCF is paid
     * for improving outcomes" (Leeds Health and Wellbeing Board papers, 27 March 2014, BCF
     * planning template, contingency plan under "Finance - Summary"). The same document records
     * that the element was withdrawn for 2015/16 (Item 7.1, "Better Care Fund update", paragraph
     * 4.5.3): pass 0 to model that.
     */
    share: FractionSchema.default(0.25),
    metrics: z
      .array(
        z.strictObject({
          id: z.string().min(1),
          label: z.string().min(1).optional(),
          /** Weight of the metric in the amount at risk. Default 1. */
          weight: QuantitySchema.default(1),
          baseline: Value,
          target: Value,
          achieved: Value,
          /** `pro-rata`: paid in proportion to the way from baseline to target; `threshold`: all or nothing at the target. */
          payment: z.enum(['pro-rata', 'threshold']).default('pro-rata'),
          /** Which way is better, for a target equal to its baseline; default from BCF_METRICS, else higher. */
          better: z.enum(['higher', 'lower']).optional(),
        }),
      )
      .min(1),
    /** Metric ids of your own, beyond {@link BCF_METRICS}. */
    customMetrics: z.array(z.string().min(1)).default([]),
  })
  .superRefine((input, ctx) => {
    const ids = new Set<string>();
    const known = new Set<string>([...BCF_METRICS.map((m) => m.id), ...input.customMetrics]);
    input.metrics.forEach((m, i) => {
      if (ids.has(m.id)) ctx.addIssue({ code: 'custom', path: ['metrics', i, 'id'], message: `Duplicate metric id '${m.id}'` });
      else if (!known.has(m.id)) ctx.addIssue({ code: 'custom', path: ['metrics', i, 'id'], message: `Unknown metric '${m.id}': use an id from BCF_METRICS or declare it in customMetrics` });
      ids.add(m.id);
    });
    if (input.metrics.every((m) => isZero(m.weight))) ctx.addIssue({ code: 'custom', path: ['metrics'], message: 'Every metric weight is zero' });
  });

/**
 * The input to `performanceElement`, as you write it.
 *
 * @example
 * const input: PerformanceElementInput = {
 *   pooledFund: '54923000',
 *   metrics: [{ id: 'falls-admissions', baseline: '1200', target: '1100', achieved: '1150', payment: 'threshold', better: 'lower' }],
 *   customMetrics: ['falls-admissions'],
 * };
 */
export type PerformanceElementInput = z.input<typeof PerformanceElementSchema>;

/**
 * The payment-for-performance element worked out: the amount at risk, and per metric and in
 * total what was earned and what is redirected to other services. Earned plus redirected is
 * the amount at risk, exactly.
 *
 * @example
 * const element = performanceElement({ pooledFund: '54923000', metrics: [{ id: 'still-at-home-91-days', baseline: '85.7', target: '89.7', achieved: '87.7' }] });
 * element.amountAtRisk // '13730750.00': 25% of the fund
 * element.earned       // '6865375.00': half the way to the target
 */
export interface PerformanceElement {
  readonly amountAtRisk: string;
  readonly metrics: readonly {
    readonly id: string;
    /** This metric's part of the amount at risk (largest remainder, to the penny). */
    readonly atRisk: string;
    /** Share of the way from baseline to target achieved, 0-1 (four decimals). */
    readonly achievement: string;
    readonly earned: string;
    /** What goes to other services instead ("most likely to the acute sector"). */
    readonly redirected: string;
  }[];
  readonly earned: string;
  readonly redirected: string;
}

/**
 * The share of the way from baseline to target achieved, as an exact fraction from 0 to 1
 * (n / d, d > 0): capped to 0-1, all or nothing for a threshold. A target equal to its baseline
 * ("maintain 89.7%") is met by holding it or doing better.
 */
function achievementOf(baseline: string | number, target: string | number, achieved: string | number, better: 'higher' | 'lower', payment: 'pro-rata' | 'threshold'): { n: bigint; d: bigint } {
  const gap = minus(scaled(target), scaled(baseline));
  const moved = minus(scaled(achieved), scaled(baseline));
  let progress: { n: bigint; d: bigint };
  if (gap.n === 0n) {
    const held = better === 'higher' ? moved.n >= 0n : moved.n <= 0n;
    progress = { n: held ? 1n : 0n, d: 1n };
  } else {
    // moved / gap, with the sign moved into the numerator, then capped to 0-1.
    const n = moved.n * 10n ** BigInt(gap.places) * (gap.n < 0n ? -1n : 1n);
    const d = (gap.n < 0n ? -gap.n : gap.n) * 10n ** BigInt(moved.places);
    progress = n <= 0n ? { n: 0n, d: 1n } : n >= d ? { n: 1n, d: 1n } : { n, d };
  }
  if (payment === 'pro-rata') return progress;
  return progress.n === progress.d ? { n: 1n, d: 1n } : { n: 0n, d: 1n };
}

/**
 * The payment-for-performance element of a pooled fund: the amount at risk (share x fund), its
 * split across metrics by weight (to the penny, summing exactly), what each metric earns for
 * the achievement stated, and what is redirected to other services. A target may be a rise or a
 * fall: achievement is measured from baseline toward target, whichever way that is, and capped
 * to 0-1. Earned amounts are rounded down to the penny, so earned + redirected = at risk exactly.
 *
 * @example
 * performanceElement({ pooledFund: '54923000', metrics: [
 *   { id: 'still-at-home-91-days', baseline: '85.7', target: '89.7', achieved: '87.7' },
 * ] }).earned; // half of the amount at risk
 */
export function performanceElement(input: PerformanceElementInput): PerformanceElement {
  const { pooledFund, share, metrics } = parseInput(PerformanceElementSchema, input, 'performance element');
  const atRisk = product([pooledFund, share]);
  const atRiskPence = roundHalfUp(atRisk.n * 100n, 10n ** BigInt(atRisk.places));
  const parts = largestRemainder(atRiskPence, scaleWeights(metrics.map((m) => decimalString(m.weight))));
  let earnedTotal = 0n;
  const rows = metrics.map((m, i) => {
    const better = m.better ?? BCF_METRICS.find((b) => b.id === m.id)?.better ?? 'higher';
    const achieved = achievementOf(m.baseline, m.target, m.achieved, better, m.payment);
    const part = parts[i] as bigint;
    // Rounded down from the exact fraction: 1/3 of 3p earns 1p, not the 0p of a rounded third.
    const earned = (achieved.n * part) / achieved.d;
    earnedTotal += earned;
    return {
      id: m.id,
      atRisk: fromUnits(part, '0.01'),
      achievement: roundedDecimal(achieved.n, achieved.d, 4),
      earned: fromUnits(earned, '0.01'),
      redirected: fromUnits(part - earned, '0.01'),
    };
  });
  return { amountAtRisk: fromUnits(atRiskPence, '0.01'), metrics: rows, earned: fromUnits(earnedTotal, '0.01'), redirected: fromUnits(atRiskPence - earnedTotal, '0.01') };
}
