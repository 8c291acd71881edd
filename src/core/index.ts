/** The shared core: errors, calendar dates and validation helpers. */
export { PhmError, PhmValidationError, PhmModelError, PhmExcludedError, PhmInfeasibleError } from './errors.js';
export type { PhmIssue, PhmErrorCode, ModelErrorCode } from './errors.js';
export { isIsoDate, IsoDateSchema, dateProblem, ageOn, lookBackStart, addDays, monthEnds, LookBackSchema } from './dates.js';
export type { IsoDate, LookBack } from './dates.js';
export { formatPath } from './validation.js';
export { checkInput } from './check-input.js';
export type { DeepReadonly } from './freeze.js';
export { MoneySchema, UnitSchema, MONEY_MAX_LENGTH } from './money.js';
export { formatMoney, MoneyFormatOptionsSchema } from './format-money.js';
export type { MoneyFormatOptions } from './format-money.js';
export { INPUT_LIMITS } from './snapshot.js';
export type { SnapshotLimits } from './snapshot.js';
export type { Money } from './money.js';
export { ChartOptionsSchema, type ChartOptions, type VegaLiteSpec } from './vega-lite.js';
