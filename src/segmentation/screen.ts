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

function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
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
    const parsed = PersonSchema.safeParse(row);
    // isPerson and the schema agree (property-tested); this branch only explains the rejection.
    const issues = parsed.success ? [{ path: [], message: 'Rejected by the fast check but accepted by the schema' }] : issuesFromZod(parsed.error.issues);
    const id = idOf(row);
    return id === undefined ? { index, reason: 'invalid-record', issues } : { index, id, reason: 'invalid-record', issues };
  } catch (error) {
    const message = `The row could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { index, reason: 'unreadable-record', issues: [{ path: [], message }] };
  }
}

/** The rows a duplicated id appears on, and the people they carry. */
export interface DuplicateRows {
  readonly rows: ReadonlySet<number>;
  /** Row index to person, for every duplicated row. */
  readonly people: ReadonlyMap<number, Person>;
}

/**
 * Screens rows one at a time, for the batch functions' single pass: `check` returns the valid
 * person or records the rejection; `finish` adds the duplicate-id rejections and returns them
 * all in input order. When several valid rows share an id, all of them are rejected: keeping
 * the first would make the result depend on input order, and none can be trusted.
 *
 * Ids go into an open-addressing hash table (hash and position side by side in one typed
 * array) rather than a `Map` of strings: several times faster for a million people.
 */
export function createScreen(expectedRows = 0) {
  const rejected: Rejection[] = [];
  const people: Person[] = [];
  const rows: number[] = [];
  // At most half the slots are used; sized up front when the number of rows is known.
  let slots = 1024;
  while (slots < expectedRows * 2) slots *= 2;
  let table = new Int32Array(2 * slots);
  let mask = slots - 1;
  const duplicates = new Map<string, number[]>();
  const duplicatePeople = new Map<number, Person>();

  const insert = (slotsOf: Int32Array, slotMask: number, position: number, hash: number, id: string): number => {
    let slot = hash & slotMask;
    for (;;) {
      const stored = slotsOf[2 * slot] as number;
      if (stored === 0) {
        slotsOf[2 * slot] = position + 1;
        slotsOf[2 * slot + 1] = hash;
        return -1;
      }
      if (slotsOf[2 * slot + 1] === hash && (people[stored - 1] as Person).id === id) return stored - 1;
      slot = (slot + 1) & slotMask;
    }
  };

  const grow = () => {
    const bigger = new Int32Array(table.length * 2);
    const biggerMask = table.length - 1;
    for (let slot = 0; slot <= mask; slot++) {
      const stored = table[2 * slot] as number;
      if (stored !== 0) insert(bigger, biggerMask, stored - 1, table[2 * slot + 1] as number, (people[stored - 1] as Person).id);
    }
    table = bigger;
    mask = biggerMask;
  };

  const check = (row: unknown, index: number): Person | undefined => {
    let valid: boolean;
    try {
      valid = isPerson(row);
    } catch {
      valid = false;
    }
    if (!valid) {
      rejected.push(readRejection(row, index));
      return undefined;
    }
    const person = row as Person;
    const position = people.length;
    const earlier = insert(table, mask, position, hashOf(person.id), person.id);
    if (earlier < 0) {
      people.push(person);
      rows.push(index);
      if (people.length * 2 > mask) grow();
    } else {
      const list = duplicates.get(person.id);
      if (list === undefined) {
        duplicates.set(person.id, [rows[earlier] as number, index]);
        duplicatePeople.set(rows[earlier] as number, people[earlier] as Person);
      } else list.push(index);
      duplicatePeople.set(index, person);
    }
    return person;
  };

  const finish = (): { rejected: Rejection[]; duplicates: DuplicateRows } => {
    const duplicateRows = new Set<number>();
    for (const [id, list] of duplicates) {
      const shown = list.slice(0, 5).join(', ') + (list.length > 5 ? `, ... (${list.length} rows)` : '');
      const issues = [{ path: ['id'], message: `id '${id}' is shared by rows ${shown}; none of them is assigned` }];
      for (const index of list) {
        duplicateRows.add(index);
        rejected.push({ index, id, reason: 'duplicate-id', issues });
      }
    }
    if (duplicateRows.size > 0) rejected.sort((a, b) => a.index - b.index);
    return { rejected, duplicates: { rows: duplicateRows, people: duplicatePeople } };
  };

  return { check, finish };
}

/** Throws unless `records` can be iterated: the one way a batch input fails as a whole. */
export function assertIterable(records: unknown): asserts records is Iterable<unknown> {
  if (records === null || typeof (records as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
    throw new PhmValidationError('Invalid records: expected an iterable (an array, a generator, ...) of person records', [
      { path: [], message: 'Expected an iterable of person records' },
    ]);
  }
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
  assertIterable(records);
  const screen = createScreen(Array.isArray(records) ? records.length : 0);
  const candidates: Person[] = [];
  const candidateIndices: number[] = [];
  let total = 0;
  for (const row of records) {
    const index = total++;
    const person = screen.check(row, index);
    if (person === undefined) continue;
    candidates.push(person);
    candidateIndices.push(index);
  }
  const { rejected, duplicates } = screen.finish();
  if (duplicates.rows.size === 0) return { total, people: candidates, indices: candidateIndices, rejected };
  const keep = candidateIndices.map((index) => !duplicates.rows.has(index));
  return {
    total,
    people: candidates.filter((_, i) => keep[i]),
    indices: candidateIndices.filter((_, i) => keep[i]),
    rejected,
  };
}
