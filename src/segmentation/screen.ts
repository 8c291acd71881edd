import { countOf } from '../core/words.js';
import { PhmValidationError, type PhmIssue } from '../core/errors.js';
import { issuesFromZod } from '../core/validation.js';
import { duplicateIds, hashOf } from './duplicate-ids.js';
import { isPerson, PersonSchema, type Person } from './person.js';

/**
 * Why an input row was rejected: `invalid-record` (it does not match {@link PersonSchema}),
 * `duplicate-id` (another valid row has the same id) or `unreadable-record` (reading it threw).
 *
 * @example
 * const { rejected } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * const duplicates = rejected.filter((r) => r.reason === 'duplicate-id');
 */
export type RejectionReason = 'invalid-record' | 'duplicate-id' | 'unreadable-record';

/**
 * An input row that could not be used, with where it was and what was wrong.
 *
 * @example
 * const { rejected } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * for (const r of rejected) console.log(r.index, r.reason, r.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
 */
export interface Rejection {
  /** Position of the row in the input (0-based). */
  readonly index: number;
  /** The row's `id`, when it has a usable one. */
  readonly id?: string;
  readonly reason: RejectionReason;
  /** Zod-style issues: path inside the row, and message. */
  readonly issues: readonly PhmIssue[];
}

/**
 * Rows that passed the person schema, and every row that did not: `people` and `rejected`
 * together account for every row read.
 *
 * @example
 * const screened: ScreenedRecords = screenRecords(rows);
 * screened.people.length + screened.rejected.length === screened.total; // true
 */
export interface ScreenedRecords {
  readonly total: number;
  /** Valid people with unique ids, in input order. */
  readonly people: readonly Person[];
  /** `indices[i]` is the input position of `people[i]`. */
  readonly indices: readonly number[];
  /** Rejected rows, in input order. */
  readonly rejected: readonly Rejection[];
}

function idOf(row: unknown): string | undefined {
  try {
    const id = (row as { id?: unknown } | null)?.id;
    return typeof id === 'string' && id.length > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

function readRejection(row: unknown, index: number): Rejection {
  try {
    const parsed = PersonSchema.safeParse(row, { reportInput: true });
    // isPerson and the schema agree (property-tested); this branch only explains the rejection.
    const issues = parsed.success ? [{ path: [], message: 'Rejected by the fast check but accepted by the schema' }] : issuesFromZod(parsed.error.issues);
    const id = idOf(row);
    return id === undefined ? { index, reason: 'invalid-record', issues } : { index, id, reason: 'invalid-record', issues };
  } catch (error) {
    return unreadableRow(index, error);
  }
}

/** The rejection of a row that threw while it was being read. */
export function unreadableRow(index: number, error: unknown): Rejection {
  const message = `The row could not be read: ${error instanceof Error ? error.message : String(error)}`;
  return { index, reason: 'unreadable-record', issues: [{ path: [], message }] };
}

/**
 * Screens one row: returns it as a person when it passes {@link isPerson}, or adds its rejection
 * (explained by the zod schema, or `unreadable-record` when reading it throws) to `rejected`.
 * The row-level check shared by the batch functions and `segmentStream`.
 */
export function screenRow(row: unknown, index: number, rejected: Rejection[]): Person | undefined {
  try {
    if (isPerson(row)) return row;
  } catch {
    // A row whose fields cannot be read is explained (as unreadable) below.
  }
  rejected.push(readRejection(row, index));
  return undefined;
}

/** The rows a duplicated id appears on, and the people they carry. */
export interface DuplicateRows {
  readonly rows: ReadonlySet<number>;
  /** Row index to person, for every duplicated row. */
  readonly people: ReadonlyMap<number, Person>;
}

/**
 * Screens the rows of a population one at a time, for the batch functions' single pass:
 * `check(index)` returns the valid person at that row or records the rejection; `finish` finds
 * duplicate ids, adds their rejections and returns every rejection in input order. When several
 * valid rows share an id, all of them are rejected: keeping the first would make the result
 * depend on input order, and none can be trusted.
 */
export function createScreen(rows: ArrayLike<unknown>) {
  const rejected: Rejection[] = [];
  const valid = new Uint8Array(rows.length);
  const hashes = new Int32Array(rows.length);

  const check = (index: number): Person | undefined => {
    const person = screenRow(rows[index], index, rejected);
    if (person === undefined) return undefined;
    try {
      hashes[index] = hashOf(person.id);
    } catch (error) {
      // The id read once and then threw: the row is unreadable, and takes no part in duplicates.
      rejected.push(unreadableRow(index, error));
      return undefined;
    }
    valid[index] = 1;
    return person;
  };

  /**
   * Takes back a row that passed `check` but then failed to read (an object whose getters or
   * proxy traps throw later): it is rejected as unreadable and takes no part in duplicate ids.
   */
  const unreadable = (index: number, error: unknown): void => {
    valid[index] = 0;
    rejected.push(unreadableRow(index, error));
  };

  const finish = (): { rejected: Rejection[]; duplicates: DuplicateRows } => {
    const duplicateRows = new Set<number>();
    const duplicatePeople = new Map<number, Person>();
    for (const [id, list] of duplicateIds(rows, valid, hashes)) {
      const shown = list.slice(0, 5).join(', ') + (list.length > 5 ? `, ... (${list.length} rows)` : '');
      const issues = [{ path: ['id'], message: `id '${id}' is shared by rows ${shown}; none of them is assigned` }];
      for (const index of list) {
        duplicateRows.add(index);
        duplicatePeople.set(index, rows[index] as Person);
        rejected.push({ index, id, reason: 'duplicate-id', issues });
      }
    }
    rejected.sort((a, b) => a.index - b.index);
    return { rejected, duplicates: { rows: duplicateRows, people: duplicatePeople } };
  };

  return { check, unreadable, finish };
}

/**
 * The rows of a batch input as an indexable list: an array as it is, any other iterable read
 * once into an array. Throws `PhmValidationError` when `records` is not iterable: the one way a
 * batch input fails as a whole.
 */
export function toRows(records: Iterable<unknown>): ArrayLike<unknown> {
  if (Array.isArray(records)) return records;
  if (!isIterable(records)) throw notIterable('an iterable (an array, a generator, ...)');
  const rows: unknown[] = [];
  try {
    for (const row of records) rows.push(row);
  } catch (error) {
    throw readFailure(rows.length, error);
  }
  return rows;
}

/** Whether `records` can be read with `for...of`; a string is iterable but never a population. */
export function isIterable(records: unknown): records is Iterable<unknown> {
  return typeof records !== 'string' && typeof (records as { [Symbol.iterator]?: unknown } | null | undefined)?.[Symbol.iterator] === 'function';
}

/** The error for a batch input that is not a source of rows at all; `expected` says what would do. */
export function notIterable(expected: string): PhmValidationError {
  return new PhmValidationError(`Invalid records: expected ${expected} of person records`, [{ path: [], message: 'Expected an iterable of person records' }]);
}

/**
 * The error for a source that threw while it was being read, after `count` rows: the path is the
 * position of the row that could not be read. The source's own error is kept as `cause`.
 */
export function readFailure(count: number, error: unknown): PhmValidationError {
  const message = `Reading the records failed after ${countOf(count, 'row')}: ${error instanceof Error ? error.message : String(error)}`;
  const failure = new PhmValidationError(message, [{ path: [count], message }]);
  Object.defineProperty(failure, 'cause', { value: error, writable: true, configurable: true, enumerable: false });
  return failure;
}

/**
 * Checks every row of a population against {@link PersonSchema} and for duplicate ids, without
 * ever throwing for a bad row: valid people with unique ids, and every other row with the
 * reason. Throws `PhmValidationError` only when `records` is not iterable at all.
 *
 * @example
 * const { people, rejected } = screenRecords(rows);
 */
export function screenRecords(records: Iterable<unknown>): ScreenedRecords {
  const rows = toRows(records);
  const screen = createScreen(rows);
  const candidates: Person[] = [];
  const candidateIndices: number[] = [];
  for (let index = 0; index < rows.length; index++) {
    const person = screen.check(index);
    if (person === undefined) continue;
    candidates.push(person);
    candidateIndices.push(index);
  }
  const { rejected, duplicates } = screen.finish();
  const total = rows.length;
  if (duplicates.rows.size === 0) return { total, people: candidates, indices: candidateIndices, rejected };
  const keep = candidateIndices.map((index) => !duplicates.rows.has(index));
  return {
    total,
    people: candidates.filter((_, i) => keep[i]),
    indices: candidateIndices.filter((_, i) => keep[i]),
    rejected,
  };
}
