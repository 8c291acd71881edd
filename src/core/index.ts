/** The shared core: errors, dates, validation helpers and seeded randomness. */
export { PhmError, PhmValidationError, PhmModelError, PhmExcludedError } from './errors.js';
export type { PhmIssue, PhmErrorCode, ModelErrorCode } from './errors.js';
export { isIsoDate, IsoDateSchema, ageOn, lookBackStart, addDays, toEpochDay, fromEpochDay } from './dates.js';
export type { IsoDate, LookBack } from './dates.js';
export { createRng } from './random.js';
export type { Rng } from './random.js';
export { formatPath } from './validation.js';
