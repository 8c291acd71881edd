import { PhmValidationError } from '../../core/errors.js';
import { errorText } from '../../core/snapshot.js';
import { withCause, writePath } from '../../core/validation.js';
import { countOf } from '../../core/words.js';

/**
 * The most rows a batch function (`segmentPopulation`, `screenRecords`, `overlap`,
 * `transitions`) takes: 10,000,000. Its result holds every row, so a larger population needs
 * more memory than Node's default heap; and without a limit an endless generator, or a sparse
 * array whose `length` says four billion, would never finish. `segmentStream` has no limit.
 *
 * @example
 * rows.length <= MAX_BATCH_ROWS // or stream them: segmentStream(rows, model, { asOf })
 */
export const MAX_BATCH_ROWS = 10_000_000;

const grouped = (n: number) => n.toLocaleString('en-GB');

/** The error for a batch input that is not a source of rows at all; `expected` says what would do. */
export function notIterable(expected: string): PhmValidationError {
  return new PhmValidationError(`Invalid records: expected ${expected} of person records`, [{ path: [], message: 'Expected an iterable of person records' }]);
}


/**
 * The error for a source that threw while it was being read, after `count` rows: the path is the
 * position of the row that could not be read. The source's own error is kept as `cause`.
 */
export function readFailure(count: number, error: unknown): PhmValidationError {
  const message = `Reading the records failed after ${countOf(count, 'row')}: ${errorText(error)}`;
  return withCause(new PhmValidationError(message, [{ path: [count], message }]), error);
}

/** The error for a source whose `return()` threw when it was closed early, after `count` rows. */
export function closeFailure(count: number, error: unknown): PhmValidationError {
  const message = `Closing the records source failed after ${countOf(count, 'row')}: ${errorText(error)}`;
  return withCause(new PhmValidationError(message, [{ path: [], message }]), error);
}

/**
 * The error for a single input (`what`, e.g. "person") that threw while it was read: the path
 * is where it was found, and the caller's error is kept as `cause`.
 */
export function unreadableValue(what: string, path: readonly (string | number)[], error: unknown): PhmValidationError {
  const message = `Could not be read: ${errorText(error)}`;
  return withCause(new PhmValidationError(`Invalid ${what}: ${writePath(path)}: ${message}`, [{ path, message }]), error);
}

function tooManyRows(): PhmValidationError {
  const message = `A batch function takes at most ${grouped(MAX_BATCH_ROWS)} rows: use segmentStream for more`;
  return new PhmValidationError(`Invalid records: ${message}`, [{ path: [], message }]);
}

/**
 * The method that opens `source` as an iterator of kind `key` (`Symbol.iterator` or
 * `Symbol.asyncIterator`), read once; undefined when there is none. A string is iterable but
 * never a population. Throws {@link readFailure} when reading the method throws.
 */
export function openerOf(source: unknown, key: typeof Symbol.iterator | typeof Symbol.asyncIterator): ((this: unknown) => unknown) | undefined {
  if (typeof source === 'string' || source === null || source === undefined) return undefined;
  let method: unknown;
  try {
    method = (source as Record<symbol, unknown>)[key];
  } catch (error) {
    throw readFailure(0, error);
  }
  return typeof method === 'function' ? (method as (this: unknown) => unknown) : undefined;
}

/** How a source is opened: its iterator method, read once when the stream is made, and which kind it is. */
export interface Opener {
  readonly open: (this: unknown) => unknown;
  readonly sync: boolean;
}

/** The source's iterator method: `Symbol.asyncIterator` if it has one, else `Symbol.iterator`. */
export function openerOfSource(source: unknown): Opener {
  const asyncOpen = openerOf(source, Symbol.asyncIterator);
  if (asyncOpen !== undefined) return { open: asyncOpen, sync: false };
  const syncOpen = openerOf(source, Symbol.iterator);
  if (syncOpen !== undefined) return { open: syncOpen, sync: true };
  throw notIterable('an iterable or async iterable (an array, a generator, a readable stream, ...)');
}

/** The iterator's `next` method, read once, as `for...of` does; throws a TypeError when it has none. */
export function nextOf(iterator: unknown): (this: unknown) => unknown {
  const next = (iterator as { next?: unknown } | null | undefined)?.next;
  if (typeof next !== 'function') throw new TypeError('The iterator has no next() method');
  return next as (this: unknown) => unknown;
}

/** Closes an iterator the caller stops reading early, as `for...of` would; its errors are the caller's to decide. */
export function closeIterator(iterator: unknown): unknown {
  const close = (iterator as { return?: unknown } | null | undefined)?.return;
  return typeof close === 'function' ? (close as (this: unknown) => unknown).call(iterator) : undefined;
}

/** A batch input's rows: the array itself, and its length read once. */
function arrayRows(records: readonly unknown[]): { rows: ArrayLike<unknown>; total: number } {
  let total: unknown;
  try {
    total = records.length;
  } catch (error) {
    throw readFailure(0, error);
  }
  // A proxy can claim any length, or none.
  if (typeof total !== 'number' || !(total >= 0)) throw readFailure(0, new TypeError(`length ${String(total)} is not a number of rows`));
  if (total > MAX_BATCH_ROWS) throw tooManyRows();
  return { rows: records, total: Math.floor(total) };
}

/** Reads an iterator into an array, at most MAX_BATCH_ROWS rows, closing it if it has more. */
function readAll(iterator: unknown): unknown[] {
  const rows: unknown[] = [];
  try {
    const next = nextOf(iterator);
    for (;;) {
      const step: unknown = next.call(iterator);
      if (typeof step !== 'object' || step === null) throw new TypeError(`Iterator result ${String(step)} is not an object`);
      if ((step as { done?: unknown }).done === true) return rows;
      if (rows.length === MAX_BATCH_ROWS) break;
      rows.push((step as { value?: unknown }).value);
    }
  } catch (error) {
    throw readFailure(rows.length, error);
  }
  try {
    closeIterator(iterator);
  } catch {
    // The limit is the error to report; a source that also fails to close adds nothing to it.
  }
  throw tooManyRows();
}

/**
 * The rows of a batch input as an indexable list with its length: an array as it is (its
 * elements are read later, once each, by the screen), any other iterable read once into an
 * array. Throws `PhmValidationError` when `records` is not iterable, when reading it throws
 * (with the position reached, the source's error as `cause`), or when it has more than
 * {@link MAX_BATCH_ROWS} rows: the ways a batch input fails as a whole.
 */
export function toRows(records: Iterable<unknown>): { readonly rows: ArrayLike<unknown>; readonly total: number } {
  let isArray: boolean;
  try {
    isArray = Array.isArray(records);
  } catch (error) {
    throw readFailure(0, error);
  }
  if (isArray) return arrayRows(records as readonly unknown[]);
  const open = openerOf(records, Symbol.iterator);
  if (open === undefined) throw notIterable('an iterable (an array, a generator, ...)');
  let iterator: unknown;
  try {
    iterator = open.call(records);
  } catch (error) {
    throw readFailure(0, error);
  }
  const rows = readAll(iterator);
  return { rows, total: rows.length };
}
