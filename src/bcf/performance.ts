import { z } from 'zod';
import { largestRemainder, scaleWeights } from '../core/largest-remainder.js';
import { decimalString, Exact, fromUnits, toUnits } from '../core/money.js';
import { parseInput } from '../core/validation.js';
import { BcfMoneySchema, FractionSchema, QuantitySchema } from './amounts.js';
import { BCF_METRICS } from './bcf-metrics.js';

const Value = z.union([z.string().regex(/^-?\d+(\.\d+)?$/, 'Expected a decimal, e.g. "89.7"'), z.number().refine(Number.isFinite, { message: 'Expected a finite number' })]);

/**
 * The inputs of a Better Care Fund performance element: the pooled fund, the share of it paid
 * for performance (default 0.25), and each metric's weight, baseline, target, achievement and
 * payment rule. Metric ids come from {@link BCF_METRICS} or `customMetrics`, so a misspelt
 * metric is an error.
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
     * for improving outcomes" (seed 003 line 2865). The same document records that the element
     * was withdrawn for 2015/16 (lines 374-377): pass 0 to model that.
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
    if (input.metrics.every((m) => new Exact(m.weight).isZero())) ctx.addIssue({ code: 'custom', path: ['metrics'], message: 'Every metric weight is zero' });
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
  const atRiskPence = toUnits(new Exact(pooledFund).mul(share).toDecimalPlaces(2, Exact.ROUND_HALF_UP).toFixed(2), '0.01') as bigint;
  const parts = largestRemainder(atRiskPence, scaleWeights(metrics.map((m) => decimalString(m.weight))));
  let earnedTotal = 0n;
  const rows = metrics.map((m, i) => {
    const baseline = new Exact(m.baseline);
    const target = new Exact(m.target);
    const achieved = new Exact(m.achieved);
    const gap = target.sub(baseline);
    // A target equal to its baseline ("maintain 89.7%") is met by holding it or doing better.
    const better = m.better ?? BCF_METRICS.find((b) => b.id === m.id)?.better ?? 'higher';
    const held = better === 'higher' ? achieved.gte(target) : achieved.lte(target);
    const progress = gap.isZero() ? new Exact(held ? 1 : 0) : Exact.min(1, Exact.max(0, achieved.sub(baseline).div(gap)));
    const achievement = m.payment === 'threshold' ? (progress.gte(1) ? new Exact(1) : new Exact(0)) : progress;
    const part = parts[i] as bigint;
    const earned = BigInt(achievement.mul(part.toString()).toDecimalPlaces(0, Exact.ROUND_DOWN).toFixed(0));
    earnedTotal += earned;
    return {
      id: m.id,
      atRisk: fromUnits(part, '0.01'),
      achievement: achievement.toDecimalPlaces(4, Exact.ROUND_HALF_UP).toFixed(4),
      earned: fromUnits(earned, '0.01'),
      redirected: fromUnits(part - earned, '0.01'),
    };
  });
  return { amountAtRisk: fromUnits(atRiskPence, '0.01'), metrics: rows, earned: fromUnits(earnedTotal, '0.01'), redirected: fromUnits(atRiskPence - earnedTotal, '0.01') };
}
