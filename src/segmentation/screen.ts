import { PhmValidationError, type PhmIssue } from '../core/errors.js';
import { issuesFromZod } from '../core/validation.js';
import { isPerson, PersonSchema, type Person } from './person.js';

/** Why an input row was rejected. */
export type RejectionReason = 'invalid-record' | 'duplicate-id' | 'unreadable-record';

/** An input row that could not be used, with where it was and what was wrong. */
export interface Rejection {
  /** Position of the row in the input (0-based). */
  readonly index: number;
  /** The row's `id`, when it has a usable one. */
  readonly id?: string;
  readonly reason: RejectionReason;
  /** Zod-style issues: path inside the row, and message. */
  readonly issues: readonly PhmIssue[];
}

/** Rows that passed the person schema, and every row that did not. */
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

/**
 * Checks every row of a population against {@link PersonSchema} and for duplicate ids, without
 * ever throwing for a bad row. When several valid rows share an id, all of them are rejected:
 * keeping the first would make the result depend on input order, and none can be trusted.
 * Throws `PhmValidationError` only when `records` is not iterable at all.
 */
export function screenRecords(records: Iterable<unknown>): ScreenedRecords {
  if (records === null || typeof (records as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
    throw new PhmValidationError('Invalid records: expected an iterable (an array, a generator, ...) of person records', [
      { path: [], message: 'Expected an iterable of person records' },
    ]);
  }
  const candidates: Person[] = [];
  const candidateIndices: number[] = [];
  const rejected: Rejection[] = [];
  const firstIndexOfId = new Map<string, number>();
  const duplicated = new Map<string, number[]>();
  let index = 0;
  for (const row of records) {
    const at = index++;
    let person: Person | undefined;
    try {
      if (isPerson(row)) person = row;
      else {
        const parsed = PersonSchema.safeParse(row);
        const id = idOf(row);
        if (!parsed.success) {
          const issues = issuesFromZod(parsed.error.issues);
          rejected.push(id === undefined ? { index: at, reason: 'invalid-record', issues } : { index: at, id, reason: 'invalid-record', issues });
          continue;
        }
        person = parsed.data;
      }
    } catch (error) {
      const message = `The row could not be read: ${error instanceof Error ? error.message : String(error)}`;
      rejected.push({ index: at, reason: 'unreadable-record', issues: [{ path: [], message }] });
      continue;
    }
    const first = firstIndexOfId.get(person.id);
    if (first === undefined) firstIndexOfId.set(person.id, at);
    else {
      const list = duplicated.get(person.id);
      if (list === undefined) duplicated.set(person.id, [first, at]);
      else list.push(at);
    }
    candidates.push(person);
    candidateIndices.push(at);
  }
  if (duplicated.size === 0) return { total: index, people: candidates, indices: candidateIndices, rejected };

  const people: Person[] = [];
  const indices: number[] = [];
  candidates.forEach((person, i) => {
    const at = candidateIndices[i] as number;
    const rows = duplicated.get(person.id);
    if (rows === undefined) {
      people.push(person);
      indices.push(at);
      return;
    }
    const shown = rows.slice(0, 5).join(', ') + (rows.length > 5 ? `, ... (${rows.length} rows)` : '');
    rejected.push({
      index: at,
      id: person.id,
      reason: 'duplicate-id',
      issues: [{ path: ['id'], message: `id '${person.id}' is shared by rows ${shown}; none of them is assigned` }],
    });
  });
  rejected.sort((a, b) => a.index - b.index);
  return { total: index, people, indices, rejected };
}
