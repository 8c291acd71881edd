/**
 * Errors thrown by phm-kit. Every error is a {@link PhmError} with a stable `code`, so callers
 * can branch on `error.code` instead of parsing messages.
 *
 * @example
 * try {
 *   classify(row, leeds2024, { asOf: '2024-04-01' });
 * } catch (error) {
 *   if (error instanceof PhmValidationError) console.table(error.issues);
 * }
 */

/** One problem found in an input, located by its path (array indices and object keys). */
export interface PhmIssue {
  /** Where the problem is, e.g. `['markers', 2, 'from']`; empty for the input as a whole. */
  readonly path: readonly (string | number)[];
  /** What is wrong, in words. */
  readonly message: string;
  /** A stable machine-readable reason, when the error type defines them. */
  readonly code?: string;
}

/** Stable codes of every phm-kit error. */
export type PhmErrorCode =
  | 'invalid-input'
  | 'excluded-person'
  | 'infeasible'
  | 'internal'
  | 'duplicate-segment-id'
  | 'duplicate-subsegment-id'
  | 'malformed-rule'
  | 'missing-catch-all'
  | 'misplaced-catch-all'
  | 'unreachable-segment'
  | 'unknown-marker'
  | 'unknown-segment'
  | 'malformed-model'
  | 'unsafe-sql-name';

/** Base class of every error phm-kit throws. */
export class PhmError extends Error {
  readonly code: PhmErrorCode;
  readonly issues: readonly PhmIssue[];

  constructor(code: PhmErrorCode, message: string, issues: readonly PhmIssue[] = []) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.issues = issues;
  }
}

/** Thrown when an input does not match its schema. `issues` names every failing path. */
export class PhmValidationError extends PhmError {
  constructor(message: string, issues: readonly PhmIssue[]) {
    super('invalid-input', message, issues);
  }
}

/**
 * Thrown when a single person is asked about on a date on which they are not part of the
 * population: dead on or before it, or not yet born. Batch functions report such people as
 * `excluded` instead of throwing.
 */
export class PhmExcludedError extends PhmError {
  readonly reason: 'deceased' | 'not-yet-born';

  constructor(reason: 'deceased' | 'not-yet-born', message: string) {
    super('excluded-person', message, [{ path: [reason === 'deceased' ? 'deathDate' : 'birthDate'], message, code: reason }]);
    this.reason = reason;
  }
}

/**
 * Thrown when constraints cannot all be met, such as floors that add up to more than there is
 * to allocate. `issues` names each constraint in the conflict, by path.
 */
export class PhmInfeasibleError extends PhmError {
  constructor(message: string, issues: readonly PhmIssue[]) {
    super('infeasible', message, issues);
  }
}

/** Codes of {@link PhmModelError}: what is wrong with a segmentation model. */
export type ModelErrorCode = Exclude<PhmErrorCode, 'invalid-input' | 'excluded-person' | 'infeasible' | 'internal'>;

/**
 * Thrown by `defineModel` (and everything that accepts a model) when a segmentation model is
 * not usable: `code` is the first problem found, `issues` lists them all with their own codes.
 */
export class PhmModelError extends PhmError {
  declare readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string, issues: readonly PhmIssue[]) {
    super(code, message, issues);
  }
}
