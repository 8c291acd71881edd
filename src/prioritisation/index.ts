/**
 * Accelerator segment selection: the Leeds Blueprint's six-criterion, three-step method, with
 * an audit trail and a sensitivity analysis.
 * @packageDocumentation
 */
export { ACCELERATOR_CRITERIA, CRITERION_IDS, criteriaOfStep } from './criteria.js';
export type { CriterionId } from './criteria.js';
export { AcceleratorInputSchema, IndicatorSchema, MissingPolicySchema } from './schema.js';
export type { AcceleratorInput, MissingPolicy, ParsedAcceleratorInput } from './schema.js';
export { selectAccelerator, TIE_TOLERANCE } from './select.js';
export type { AcceleratorSelection, AuditEntry, FinalScore } from './select.js';
export type { Contribution, StepScore } from './composite.js';
export type { CriterionScores, IndicatorNormalisation } from './normalise.js';
export type { VoteCount } from './votes.js';
export { sensitivity, SensitivityOptionsSchema } from './sensitivity.js';
export { SENSITIVITY_WORK_LIMIT } from './sensitivity-limit.js';
export type { SensitivityOptions, SensitivityReport, WeightInterval } from './sensitivity.js';
export { acceleratorScoresChart, sensitivityChart, AcceleratorChartOptionsSchema } from './charts.js';
export type { AcceleratorChartOptions, CandidateLabels } from './charts.js';
// The error classes, so that a caller importing this subpath alone can catch what it throws.
export { PhmError, PhmValidationError, PhmModelError, PhmExcludedError, PhmInfeasibleError } from '../core/errors.js';
export type { PhmIssue, PhmErrorCode, ModelErrorCode } from '../core/errors.js';
export { checkInput } from '../core/check-input.js';
