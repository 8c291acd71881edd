/**
 * Reads an input once, into plain data, before anything checks it. Every schema and every
 * function then works on the copy, so nothing the caller's object does can reach the library:
 * a getter that throws, or answers differently the second time; a Proxy whose traps throw or
 * lie (an array claiming a length of "0.1", which zod would turn into a one-element list
 * without checking the element); a sparse array of four billion holes; an object that
 * contains itself. What cannot be read is reported with its path.
 *
 * Plain objects (prototype `Object.prototype` or `null`) and arrays are copied, own enumerable
 * string keys only; every other object (a Date, a Map, a typed array, a class instance) is
 * kept as it is, for its schema to accept or refuse. A key named `__proto__` is copied as an
 * own key, so that the schema sees it and can refuse it.
 */

/**
 * Limits on what phm-kit reads of an input (an options object, a model, a plan) before it
 * checks it: values in all, entries in one list, levels of nesting.
 *
 * @example
 * const { maxList }: SnapshotLimits = INPUT_LIMITS; // a longer list is refused with its path
 */
export interface SnapshotLimits {
  /** Values read in all (objects, arrays and what they hold). */
  readonly maxValues: number;
  /** Entries in one array. */
  readonly maxList: number;
  /** Objects and arrays nested one inside another. */
  readonly maxDepth: number;
}

/**
 * What phm-kit reads of an input before it checks it: two million values in all, lists of a million entries, 1,000 levels of
 * nesting. Far beyond any options object, model or plan (about 1 MB of JSON holds well under a
 * million values); populations go through the batch functions, which read rows one at a time
 * instead.
 *
 * @example
 * INPUT_LIMITS.maxValues // 2000000
 */
export const INPUT_LIMITS: SnapshotLimits = Object.freeze({ maxValues: 2_000_000, maxList: 1_000_000, maxDepth: 1_000 });

/** Why an input could not be read into a snapshot, and where. */
export class SnapshotFailure extends Error {
  readonly path: readonly (string | number)[];
  readonly detail: string;
  constructor(path: readonly (string | number)[], detail: string, cause?: unknown) {
    super(detail);
    this.path = path;
    this.detail = detail;
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  }
}

/** An error's message, or the thrown value in words; reading it cannot throw in turn. */
export function errorText(error: unknown): string {
  try {
    const text: unknown = error instanceof Error ? error.message : error;
    return typeof text === 'string' ? text : String(text);
  } catch {
    return 'an error that cannot be shown';
  }
}

/** Where a value sits, as a chain to its parent: paths are written out only for an error. */
interface Place {
  readonly parent: Place | undefined;
  readonly key: string | number;
}

function pathOf(place: Place | undefined): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = place; at !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

interface Pending {
  readonly source: object;
  readonly target: Record<string, unknown> | unknown[];
  readonly place: Place | undefined;
  readonly depth: number;
}

/** A length in words, for an error: without calling the caller's `toString`. */
function lengthText(length: unknown): string {
  return typeof length === 'number' ? String(length) : typeof length === 'string' ? JSON.stringify(length.slice(0, 20)) : `a value of type ${typeof length}`;
}

/**
 * A plain copy of `input`, read once, or a {@link SnapshotFailure} naming the path of what
 * could not be read or broke a limit. Objects shared within the input are copied each time
 * they appear (so a copy never shares parts with itself either); the value limit stops an
 * input that shares its parts to make itself exponentially large.
 *
 * @example
 * snapshotInput({ asOf: '2024-04-01', ageBands: [0, 18, 65] }) // an equal, separate object
 */
export function snapshotInput(input: unknown, limits: SnapshotLimits = INPUT_LIMITS): unknown {
  let values = 0;
  const pending: Pending[] = [];
  const tooMany = () => new SnapshotFailure([], `The input holds more than ${limits.maxValues.toLocaleString('en-GB')} values: too large to read`);
  const fail = (place: Place | undefined, error: unknown) => new SnapshotFailure(pathOf(place), `Could not be read: ${errorText(error)}`, error);
  /** A container's empty copy (queued to be filled), or the value itself when it is not one. */
  const copyOf = (value: unknown, place: Place | undefined, depth: number): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    let kind: 'array' | 'object' | 'other';
    try {
      kind = Array.isArray(value) ? 'array' : isPlainObject(value) ? 'object' : 'other';
    } catch (error) {
      throw fail(place, error);
    }
    if (kind === 'other') return value;
    if (depth > limits.maxDepth) throw new SnapshotFailure(pathOf(place), `Nested more than ${limits.maxDepth.toLocaleString('en-GB')} levels deep (or it contains itself)`);
    const target = kind === 'array' ? [] : {};
    pending.push({ source: value, target, place, depth });
    return target;
  };
  const root = copyOf(input, undefined, 0);
  while (pending.length > 0) {
    const { source, target, place, depth } = pending.pop() as Pending;
    if (Array.isArray(target)) {
      let length: unknown;
      try {
        length = (source as unknown[]).length;
      } catch (error) {
        throw fail(place, error);
      }
      if (!Number.isSafeInteger(length) || (length as number) < 0) throw new SnapshotFailure(pathOf(place), `Not a list that can be read: its length is ${lengthText(length)}`);
      const n = length as number;
      if (n > limits.maxList) throw new SnapshotFailure(pathOf(place), `A list of ${n.toLocaleString('en-GB')} entries: at most ${limits.maxList.toLocaleString('en-GB')} can be read`);
      values += n;
      if (values > limits.maxValues) throw tooMany();
      for (let i = 0; i < n; i++) {
        let value: unknown;
        try {
          value = (source as unknown[])[i];
        } catch (error) {
          throw fail({ parent: place, key: i }, error);
        }
        target.push(typeof value === 'object' && value !== null ? copyOf(value, { parent: place, key: i }, depth + 1) : value);
      }
    } else {
      let keys: string[];
      try {
        keys = Object.keys(source);
      } catch (error) {
        throw fail(place, error);
      }
      values += keys.length;
      if (values > limits.maxValues) throw tooMany();
      for (const key of keys) {
        let value: unknown;
        try {
          value = (source as Record<string, unknown>)[key];
        } catch (error) {
          throw fail({ parent: place, key }, error);
        }
        const copy = typeof value === 'object' && value !== null ? copyOf(value, { parent: place, key }, depth + 1) : value;
        // `target[key] = ...` would set the copy's prototype for a key named `__proto__`.
        if (key === '__proto__') Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
        else (target as Record<string, unknown>)[key] = copy;
      }
    }
  }
  return root;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
