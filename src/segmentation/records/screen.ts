import type { PhmIssue } from '../../core/errors.js';
import { duplicateIds, hashOf } from './duplicate-ids.js';
import { createExplainer } from './explain.js';
import { isPersonSnapshot, type Person } from './person.js';
import { toRows } from './rows.js';
import { errorText } from '../../core/snapshot.js';
import { snapshotOf } from './snapshot.js';
import { isRejectedRow } from './rejected-row.js';

/**
 * Why an input row was rejected: `invalid-record` (it does not match {@link PersonSchema}),
 * `duplicate-id` (another valid row has the same id), `unreadable-record` (reading it threw)
 * or `unknown-marker` (it has a marker id that neither the catalogue nor the model declares,
 * and the option `unknownMarkers: 'reject'` was given).
 *
 * @example
 * const { rejected } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * const duplicates = rejected.filter((r) => r.reason === 'duplicate-id');
 */
export type RejectionReason = 'invalid-record' | 'duplicate-id' | 'unreadable-record' | 'unknown-marker';

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
  /**
   * Valid people with unique ids, in input order: each a snapshot, a fresh plain object with
   * the seven person fields read once from its row (absent ones `undefined`; extra fields not
   * copied), never the row itself.
   */
  readonly people: readonly Person[];
  /** `indices[i]` is the input position of `people[i]`. */
  readonly indices: readonly number[];
  /** Rejected rows, in input order. */
  readonly rejected: readonly Rejection[];
}

/** The rejection of a row that threw while it was being read. */
export function unreadableRow(index: number, error: unknown): Rejection {
  const message = `The row could not be read: ${errorText(error)}`;
  return { index, reason: 'unreadable-record', issues: [{ path: [], message }] };
}

/**
 * A screen of rows, one at a time: `screen(rows, at, index, rejected)` reads `rows[at]` once
 * into a snapshot (`snapshotOf`), and returns the snapshot as a person when it passes
 * `isPerson`, or adds the row's rejection at stream position `index` to `rejected`:
 * `unreadable-record` when reading it throws, else `invalid-record` explained by the zod
 * schema on the snapshot (`createExplainer`, which shares the explanations of junk rows alike).
 * The row-level check shared by the batch functions and `segmentStream`.
 */
export function createRowScreen() {
  const issuesOf = createExplainer();

  const reject = (snapshot: unknown, index: number): Rejection => {
    let issues: readonly PhmIssue[];
    try {
      issues = issuesOf(snapshot);
    } catch (error) {
      // The schema looks into values the snapshot holds as read (a Date, a proxy as an id).
      return unreadableRow(index, error);
    }
    const id = (snapshot as { id?: unknown } | null | undefined)?.id;
    return typeof id === 'string' && id.length > 0 ? { index, id, reason: 'invalid-record', issues } : { index, reason: 'invalid-record', issues };
  };

  return (rows: ArrayLike<unknown>, at: number, index: number, rejected: Rejection[]): Person | undefined => {
    let snapshot: unknown;
    try {
      const row = rows[at];
      if (isRejectedRow(row)) {
        rejected.push({ ...row.rejection, index });
        return undefined;
      }
      snapshot = snapshotOf(row);
    } catch (error) {
      rejected.push(unreadableRow(index, error));
      return undefined;
    }
    if (isPersonSnapshot(snapshot)) return snapshot;
    rejected.push(reject(snapshot, index));
    return undefined;
  };
}

/**
 * Rejects, as `duplicate-id`, every row whose id another row has too: `ids[k]` (hash
 * `hashes[k]`) is the id of the row at input position `at[k]`, and `column` is where the id
 * was read (the issue's path). Adds the rejections to `rejected`, which it keeps in input
 * order, and returns the positions rejected. When several rows share an id, all of them are
 * rejected: keeping the first would make the result depend on input order, and none can be
 * trusted.
 */
export function rejectSharedIds(ids: readonly string[], hashes: Int32Array, at: ArrayLike<number>, column: string, rejected: Rejection[]): ReadonlySet<number> {
  const duplicates = new Set<number>();
  const groups = duplicateIds(ids, hashes);
  for (const [id, positions] of groups) {
    const list = positions.map((p) => at[p] as number);
    const shown = list.slice(0, 5).join(', ') + (list.length > 5 ? `, ... (${list.length} rows)` : '');
    const issues = [{ path: [column], message: `id '${id}' is shared by the rows at positions ${shown}; none of them is assigned` }];
    for (const index of list) {
      duplicates.add(index);
      rejected.push({ index, id, reason: 'duplicate-id', issues });
    }
  }
  if (groups.size > 0) rejected.sort((a, b) => a.index - b.index);
  return duplicates;
}

/**
 * Screens the rows of a population one at a time, for the batch functions' single pass:
 * `check(index)` returns the valid person (a snapshot) at that row or records the rejection;
 * `finish` finds duplicate ids, adds their rejections and returns every rejection in input
 * order, and the rows of a shared id. When several valid rows share an id, all of them are
 * rejected: keeping the first would make the result depend on input order, and none can be
 * trusted.
 */
export function createScreen(rows: ArrayLike<unknown>, total: number) {
  const screenRow = createRowScreen();
  const rejected: Rejection[] = [];
  // The id, hash and row of every valid row, in input order: the first `valid` of each.
  const ids = new Array<string>(total);
  const hashes = new Int32Array(total);
  const at = new Int32Array(total);
  let valid = 0;

  const check = (index: number): Person | undefined => {
    const person = screenRow(rows, index, index, rejected);
    if (person === undefined) return undefined;
    ids[valid] = person.id;
    hashes[valid] = hashOf(person.id);
    at[valid] = index;
    valid++;
    return person;
  };

  const finish = (): { rejected: Rejection[]; duplicates: ReadonlySet<number> } => {
    const duplicates = rejectSharedIds(ids, hashes.subarray(0, valid), at, 'id', rejected);
    return { rejected, duplicates };
  };

  return { check, finish };
}

/**
 * Checks every row of a population against {@link PersonSchema} and for duplicate ids, without
 * ever throwing for a bad row: valid people with unique ids, and every other row with the
 * reason. Each row is read once, into a snapshot that is checked and returned in `people`, so
 * a row whose getters or proxy traps throw is rejected as `unreadable-record`, and one that
 * would read differently a second time is judged on its one reading. Throws
 * `PhmValidationError` only when `records` fails as a whole: not iterable, reading it throws,
 * or more than 10,000,000 rows (use `segmentStream` for more).
 *
 * @example
 * const { people, rejected } = screenRecords(rows);
 */
export function screenRecords(records: Iterable<unknown>): ScreenedRecords {
  const { rows, total } = toRows(records);
  const screen = createScreen(rows, total);
  const candidates: Person[] = [];
  const candidateIndices: number[] = [];
  for (let index = 0; index < total; index++) {
    const person = screen.check(index);
    if (person === undefined) continue;
    candidates.push(person);
    candidateIndices.push(index);
  }
  const { rejected, duplicates } = screen.finish();
  if (duplicates.size === 0) return { total, people: candidates, indices: candidateIndices, rejected };
  const keep = candidateIndices.map((index) => !duplicates.has(index));
  return {
    total,
    people: candidates.filter((_, i) => keep[i]),
    indices: candidateIndices.filter((_, i) => keep[i]),
    rejected,
  };
}
