/**
 * Better Care Fund calculators: contingency, the performance element, metrics and significance,
 * plan reconciliation and risk scoring, with the Leeds 2014 plan as data.
 * @packageDocumentation
 */
export { contingencyCost, contingencyPlan, ContingencyCostSchema, ContingencyPlanSchema } from './contingency.js';
export type { ContingencyCostInput, ContingencyOutcome, ContingencyPlan, ContingencyPlanInput } from './contingency.js';
export { trajectory, TrajectorySchema } from './trajectory.js';
export type { Trajectory, TrajectoryInput } from './trajectory.js';
export { scoreRisk, summariseRegister, RISK_BANDS, RiskRatingSchema, RiskRegisterSchema, RiskScoreInputSchema } from './risk.js';
export type { RegisterSummary, RiskRating } from './risk.js';
export { leeds2014Bcf } from './leeds-2014.js';
export { performanceElement, PerformanceElementSchema } from './performance.js';
export type { PerformanceElement, PerformanceElementInput } from './performance.js';
export { ratePer100k, proportion, minimumSignificantReduction, testChange } from './metrics.js';
export { reconcilePlan, BcfPlanSchema } from './reconcile.js';
export type { BcfPlan, Discrepancy } from './reconcile.js';
export { BCF_METRICS } from './bcf-metrics.js';
export { BCF_MAX_LENGTH } from './amounts.js';
export type { BcfMetricId } from './bcf-metrics.js';
// The error classes, so that a caller importing this subpath alone can catch what it throws.
export { PhmError, PhmValidationError, PhmModelError, PhmExcludedError, PhmInfeasibleError } from '../core/errors.js';
export type { PhmIssue, PhmErrorCode, ModelErrorCode } from '../core/errors.js';

/** Money written as people read it (`'£59,686,956.52'`), the same function as the root's. */
export { formatMoney, MoneyFormatOptionsSchema } from '../core/format-money.js';
export type { MoneyFormatOptions } from '../core/format-money.js';
export { checkInput } from '../core/check-input.js';
