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

/**
 * One problem found in an input, located by its path (array indices and object keys).
 *
 * @example
 * const issue: PhmIssue = { path: ['markers', 2, 'from'], message: 'Expected a calendar date written YYYY-MM-DD' };
 * formatPath(issue.path); // 'markers[2].from'
 */
export interface PhmIssue {
  /** Where the problem is, e.g. `['markers', 2, 'from']`; empty for the input as a whole. */
  readonly path: readonly (string | number)[];
  /** What is wrong, in words. */
  readonly message: string;
  /** A stable machine-readable reason, when the error type defines them. */
  readonly code?: string;
}

/**
 * Stable codes of every phm-kit error: branch on these rather than on messages, whose wording
 * may change.
 *
 * @example
 * const handled: readonly PhmErrorCode[] = ['invalid-input', 'unknown-marker'];
 * if (error instanceof PhmError && handled.includes(error.code)) console.table(error.issues);
 */
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

/**
 * Base class of every error phm-kit throws: `code` says what kind of problem it is and `issues`
 * says where, so that callers can branch on the code instead of parsing messages.
 *
 * @example
 * try {
 *   segmentPopulation(rows, model, { asOf: '2024-04-01' });
 * } catch (error) {
 *   if (error instanceof PhmError) console.error(error.code, error.issues);
 * }
 */
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

/**
 * Thrown when an input does not match its schema (code `invalid-input`). `issues` names every
 * failing path.
 *
 * @example
 * try {
 *   ageOn('1990-02-30', '2024-04-01');
 * } catch (error) {
 *   if (error instanceof PhmValidationError) error.issues[0]?.path; // ['birthDate']
 * }
 */
export class PhmValidationError extends PhmError {
  constructor(message: string, issues: readonly PhmIssue[]) {
    super('invalid-input', message, issues);
  }
}

/**
 * Thrown when a single person is asked about on a date on which they are not part of the
 * population: dead on or before it, deregistered on or before it, not yet born or not yet
 * registered. Batch functions report such people as
 * `excluded` instead of throwing.
 *
 * @example
 * try {
 *   classify({ id: 'p1', birthDate: '1930-01-01', deathDate: '2024-01-10', markers: [] }, leeds2024, { asOf: '2024-04-01' });
 * } catch (error) {
 *   if (error instanceof PhmExcludedError) error.reason; // 'deceased'
 * }
 */
export class PhmExcludedError extends PhmError {
  readonly reason: 'deceased' | 'deregistered' | 'not-yet-born' | 'not-yet-registered';

  constructor(reason: PhmExcludedError['reason'], message: string) {
    super('excluded-person', message, [{ path: [EXCLUDED_BY[reason]], message, code: reason }]);
    this.reason = reason;
  }
}

/** The person field each reason for an exclusion comes from: the error's path. */
const EXCLUDED_BY: Readonly<Record<PhmExcludedError['reason'], string>> = {
  deceased: 'deathDate',
  deregistered: 'deregistrationDate',
  'not-yet-born': 'birthDate',
  'not-yet-registered': 'registrationDate',
};

/**
 * Thrown when constraints cannot all be met, such as floors that add up to more than there is
 * to allocate. `issues` names each constraint in the conflict, by path.
 *
 * @example
 * try {
 *   allocateEnvelopes({ total: '100.00', method: { kind: 'capitation' }, segments: [{ id: 'all', population: 10 }], topSlices: [{ id: 'reserve', amount: '150.00' }] });
 * } catch (error) {
 *   if (error instanceof PhmInfeasibleError) error.issues[0]?.path; // ['topSlices', 0]
 * }
 */
export class PhmInfeasibleError extends PhmError {
  constructor(message: string, issues: readonly PhmIssue[]) {
    super('infeasible', message, issues);
  }
}

/**
 * Codes of {@link PhmModelError}: what is wrong with a segmentation model.
 *
 * @example
 * const fixable: readonly ModelErrorCode[] = ['unknown-marker', 'unreachable-segment'];
 * if (error instanceof PhmModelError && fixable.includes(error.code)) console.table(error.issues);
 */
export type ModelErrorCode = Exclude<PhmErrorCode, 'invalid-input' | 'excluded-person' | 'infeasible' | 'internal'>;

/**
 * Thrown by `defineModel` (and everything that accepts a model) when a segmentation model is
 * not usable: `code` is the first problem found, `issues` lists them all with their own codes.
 *
 * @example
 * try {
 *   defineModel({ id: 'older', label: 'Older people', segments: [{ id: 'over-65s', label: 'Aged 65+', rule: { ageAtLeast: 65 } }] });
 * } catch (error) {
 *   if (error instanceof PhmModelError) error.code; // 'missing-catch-all'
 * }
 */
export class PhmModelError extends PhmError {
  declare readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string, issues: readonly PhmIssue[]) {
    super(code, message, issues);
  }
}
