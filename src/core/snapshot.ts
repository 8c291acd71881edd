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

/** Limits on what {@link snapshotInput} reads. */
export interface SnapshotLimits {
  /** Values read in all (objects, arrays and what they hold). */
  readonly maxValues: number;
  /** Entries in one array. */
  readonly maxList: number;
  /** Objects and arrays nested one inside another. */
  readonly maxDepth: number;
}

/**
 * The defaults: five million values, lists of five million entries, 1,000 levels of nesting.
 * Far beyond any options object, model or plan; populations go through the batch functions,
 * which read rows one at a time instead.
 *
 * @example
 * INPUT_LIMITS.maxValues // 5000000
 */
export const INPUT_LIMITS: SnapshotLimits = Object.freeze({ maxValues: 5_000_000, maxList: 5_000_000, maxDepth: 1_000 });

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
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an error that cannot be shown';
  }
}

interface Pending {
  readonly source: object;
  readonly target: Record<string, unknown> | unknown[];
  readonly path: readonly (string | number)[];
  readonly depth: number;
}

/**
 * A plain copy of `input`, read once, or a {@link SnapshotFailure} naming the path of what
 * could not be read or broke a limit.
 *
 * @example
 * snapshotInput({ asOf: '2024-04-01', ageBands: [0, 18, 65] }) // an equal, separate object
 */
export function snapshotInput(input: unknown, limits: SnapshotLimits = INPUT_LIMITS): unknown {
  let values = 0;
  const pending: Pending[] = [];
  /** A container's empty copy (queued to be filled), or the value itself when it is not one. */
  const copyOf = (value: unknown, path: readonly (string | number)[], depth: number): unknown => {
    if (++values > limits.maxValues) throw new SnapshotFailure([], `The input holds more than ${limits.maxValues.toLocaleString('en-GB')} values: too large to read`);
    if (typeof value !== 'object' || value === null) return value;
    const kind = read(path, () => (Array.isArray(value) ? 'array' : isPlainObject(value) ? 'object' : 'other'));
    if (kind === 'other') return value;
    if (depth > limits.maxDepth) throw new SnapshotFailure(path, `Nested more than ${limits.maxDepth.toLocaleString('en-GB')} levels deep (or it contains itself)`);
    const target = kind === 'array' ? [] : {};
    pending.push({ source: value, target, path, depth });
    return target;
  };
  const root = copyOf(input, [], 0);
  while (pending.length > 0) {
    const { source, target, path, depth } = pending.pop() as Pending;
    if (Array.isArray(target)) {
      const length = read(path, () => (source as unknown[]).length);
      if (!Number.isSafeInteger(length) || length < 0) throw new SnapshotFailure(path, `Not a list that can be read: its length is ${String(length)}`);
      if (length > limits.maxList) throw new SnapshotFailure(path, `A list of ${length.toLocaleString('en-GB')} entries: at most ${limits.maxList.toLocaleString('en-GB')} can be read`);
      if (values + length > limits.maxValues) throw new SnapshotFailure([], `The input holds more than ${limits.maxValues.toLocaleString('en-GB')} values: too large to read`);
      for (let i = 0; i < length; i++) {
        const at = [...path, i];
        target.push(copyOf(read(at, () => (source as unknown[])[i]), at, depth + 1));
      }
    } else {
      const keys = read(path, () => Object.keys(source));
      for (const key of keys) {
        const at = [...path, key];
        const value = copyOf(read(at, () => (source as Record<string, unknown>)[key]), at, depth + 1);
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return root;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Runs one read of the input, turning a throw into a failure at `path`. */
function read<T>(path: readonly (string | number)[], get: () => T): T {
  try {
    return get();
  } catch (error) {
    throw new SnapshotFailure(path, `Could not be read: ${errorText(error)}`, error);
  }
}
