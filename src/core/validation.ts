import * as z from 'zod';
import { IsoDateSchema } from './dates.js';
import { PhmValidationError, type PhmIssue } from './errors.js';
import { errorText, SnapshotFailure, snapshotInput } from './snapshot.js';

type ZodIssue = z.core.$ZodIssue;

// Zod reports a failed union with every branch's issues; the helpers below pick the branch the
// caller most likely meant, so that `{ sex: 'woman' }` is reported at `sex`, not as a broken
// `{ not }` rule.

/**
 * Turns zod issues into phm-kit issues. For a failed union, zod reports every branch; the branch
 * that got furthest (the deepest failing path) is almost always the one the caller meant, so its
 * issues are reported instead of a bare "invalid input".
 */
export function issuesFromZod(issues: readonly ZodIssue[], prefix: readonly (string | number)[] = []): PhmIssue[] {
  const out: PhmIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(toPathKey)];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // When every branch rejects the input's very shape, no branch is "meant": the union's
      // own message (which schemas set to list the allowed forms) says more.
      const best = closestBranch(issue.errors);
      if (best.length > 0 && (isClearlyMeant(best, issue.errors) || allSame(issue.errors))) {
        out.push(...issuesFromZod(best, path));
        continue;
      }
    }
    out.push({ path, message: (path.length > 0 ? missingMessage(issue) : undefined) ?? issue.message });
  }
  return out;
}

/**
 * Zod's own words for a required field left out ("Invalid input: expected string, received
 * undefined") read like a wrong value; a newcomer needs to be told it is missing. Messages a
 * schema set itself are kept.
 */
function missingMessage(issue: ZodIssue): string | undefined {
  // Read from zod's own words, not from `issue.input`: a parse without `reportInput` leaves the
  // input out of every issue, and a value of the wrong type (a string, Infinity) is not missing.
  if (issue.code !== 'invalid_type' || !issue.message.startsWith('Invalid input: expected') || !issue.message.endsWith(', received undefined')) return undefined;
  return `Required, but missing (expected ${issue.expected === 'array' ? 'an array' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`})`;
}

function closestBranch(branches: readonly (readonly ZodIssue[])[]): readonly ZodIssue[] {
  let best: readonly ZodIssue[] = [];
  let bestRank: readonly number[] | undefined;
  for (const branch of branches) {
    const rank = branchRank(branch);
    // Ties keep the earlier branch: schemas list their most common shape first.
    if (bestRank === undefined || compareRanks(rank, bestRank) < 0) {
      best = branch;
      bestRank = rank;
    }
  }
  return best;
}

/**
 * How far a union branch is from what the caller meant, lower being nearer: first whether the
 * input has the wrong shape for it altogether (keys it does not know, or not even the right
 * type), then how many of its own keys are missing, then (negated) how deep its errors reach.
 */
function branchRank(branch: readonly ZodIssue[]): number[] {
  let wrongShape = 0;
  let missingKeys = 0;
  let depth = 0;
  for (const issue of branch) {
    if (issue.path.length === 0 && (issue.code === 'unrecognized_keys' || issue.code === 'invalid_type')) wrongShape++;
    if (issue.path.length === 1 && isMissing(issue)) missingKeys++;
    depth = Math.max(depth, issue.path.length);
  }
  return [wrongShape, missingKeys, -depth];
}

/** A branch is clearly meant when the input has its shape and no other branch is as near. */
function isClearlyMeant(best: readonly ZodIssue[], branches: readonly (readonly ZodIssue[])[]): boolean {
  const rank = branchRank(best);
  if (rank[0] !== 0) return false;
  return rank[1] === 0 || branches.filter((b) => compareRanks(branchRank(b), rank) === 0).length === 1;
}

function allSame(branches: readonly (readonly ZodIssue[])[]): boolean {
  const first = branchSignature(branches[0] as readonly ZodIssue[]);
  return branches.every((b) => branchSignature(b) === first);
}

/**
 * A branch's issues as text, for comparing branches: codes, paths and messages only. The input
 * each issue carries (`reportInput`) is left out: it is the caller's value, which may be huge,
 * shared many times over, nested past the stack, or a Proxy whose traps throw.
 */
function branchSignature(branch: readonly ZodIssue[]): string {
  return branch
    .map((issue) => `${issue.code}|${issue.path.map(String).join('.')}|${issue.message}${issue.code === 'invalid_union' ? `[${issue.errors.map(branchSignature).join('/')}]` : ''}`)
    .join(';');
}

/**
 * Whether an issue says a value is absent, through unions too. Schemas are parsed with
 * `reportInput`, so the issue carries the input itself; zod's English message is only the
 * fallback for issues from elsewhere.
 */
function isMissing(issue: ZodIssue): boolean {
  if (issue.code === 'invalid_type') return 'input' in issue ? issue.input === undefined : / received undefined$/.test(issue.message);
  if (issue.code === 'invalid_union') return issue.errors.some((branch) => branch.some(isMissing));
  return false;
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

function toPathKey(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}

/** Renders issues as one line each, `path: message`, for error messages. */
export function describeIssues(issues: readonly PhmIssue[], limit = 5): string {
  const lines = issues.slice(0, limit).map((i) => `${writePath(i.path)}: ${i.message}`);
  if (issues.length > limit) lines.push(`... and ${issues.length - limit} more`);
  return lines.join('; ');
}

/**
 * Writes an issue's path the way it would be written in code, for messages and logs:
 * `['markers', 2, 'from']` becomes `markers[2].from`; the empty path is `(input)`.
 *
 * @example
 * formatPath(['markers', 2, 'from']) // 'markers[2].from'
 * formatPath([])                     // '(input)'
 */
export function formatPath(path: readonly (string | number)[]): string {
  return writePath(parseInput(PathSchema, path, 'path'));
}

const PathSchema = z.array(z.union([z.string(), z.number()])).max(10_000);

/** {@link formatPath} for a path the library made itself: no check. */
export function writePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(input)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`))
    .join('');
}

/**
 * Parses `input` with `schema`, or throws a {@link PhmValidationError} naming every failing
 * path. `what` names the input in the message, e.g. "person" or "options".
 *
 * The input is first read once into plain data ({@link readInput}), and the schema checks that
 * copy: what the caller's object does afterwards, or did while it was read (a getter that
 * throws, a Proxy that lies), cannot reach the library, and is refused with its path.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  return parseRead(schema, readInput(input, what), what);
}

/**
 * The `when` of a check across fields (a death not before the birth, `from` not after `to`):
 * it runs only when those fields are themselves valid, so that one fault gives one issue (an
 * empty `deathDate` is told it is not a date, not also that it is before the birth date).
 *
 * @example
 * z.object({ from: IsoDateSchema, to: IsoDateSchema }).refine((o) => o.from <= o.to, { path: ['to'], message: '...', ...whenValid('from', 'to') });
 */
export function whenValid(...fields: readonly string[]): { when: (payload: z.core.ParsePayload) => boolean } {
  // It never runs on input that failed outright (not an object, say), but, unlike zod's own
  // default, it does when only other fields are at fault: each fault is told at once.
  return {
    when: (payload) => payload.aborted !== true && !payload.issues.some((issue) => issue.path === undefined || issue.path.length === 0 || fields.includes(String(issue.path[0]))),
  };
}

/**
 * The error for an object argument left out altogether: it names the fields that are needed,
 * with an example value for dates (`classify(person, model)` is told that `asOf` is needed).
 */
function noneGiven(schema: z.ZodObject, what: string): PhmValidationError {
  const needed = Object.entries(schema.shape).filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success);
  const example = needed.map(([key, field]) => `${key}: ${field === IsoDateSchema ? "'2024-04-01'" : '...'}`).join(', ');
  const message = needed.length === 0 ? 'None were given: expected an object (it may be empty)' : `None were given: ${needed.map(([key]) => key).join(', ')} ${needed.length === 1 ? 'is' : 'are'} needed, e.g. { ${example} }`;
  return new PhmValidationError(`Invalid ${what}: ${message}`, [{ path: [], message }]);
}

/**
 * `input` read once into plain data (see snapshot.ts), or a {@link PhmValidationError} naming
 * the path that could not be read or broke a limit of {@link INPUT_LIMITS}.
 */
export function readInput(input: unknown, what: string): unknown {
  try {
    return snapshotInput(input);
  } catch (error) {
    throw snapshotError(error, (path, message) => new PhmValidationError(`Invalid ${what}: ${writePath(path)}: ${message}`, [{ path, message }]));
  }
}

/**
 * Turns a snapshot's failure into the caller's error type, the original throw as its `cause`;
 * anything else is rethrown as it is.
 */
export function snapshotError<E extends Error>(error: unknown, make: (path: (string | number)[], message: string) => E): E {
  if (!(error instanceof SnapshotFailure)) throw error;
  const failure = make([...error.path], error.detail);
  return 'cause' in error ? withCause(failure, error.cause) : failure;
}

/**
 * `failure` with the caller's own error kept as its `cause` (not enumerable, as `new Error(m, {
 * cause })` makes it), for errors that report something the caller's code threw.
 */
export function withCause<E extends Error>(failure: E, cause: unknown): E {
  Object.defineProperty(failure, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  return failure;
}

/**
 * Which fields of an input a function reads: `true` for a field read whole, or the fields read
 * of it.
 *
 * @example
 * const read: FieldsRead = { model: true, counts: true, steps: { step1: true } };
 */
export interface FieldsRead {
  readonly [key: string]: true | FieldsRead;
}

/**
 * Only the listed fields of `input`, for its schema to check: a result passed to a chart may
 * hold millions of values the chart never looks at (assignments, an audit trail), which are
 * then neither read nor copied. A field whose getter throws is refused with its path; anything
 * but an object is passed on for the schema to refuse.
 *
 * @example
 * parseInput(ResultSchema, pickFields(result, { model: true, counts: true }, 'segmentation result'), 'segmentation result')
 */
export function pickFields(input: unknown, fields: FieldsRead, what: string, path: readonly string[] = []): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(fields)) {
    let value: unknown;
    try {
      value = (input as Record<string, unknown>)[key];
    } catch (error) {
      const message = `Could not be read: ${errorText(error)}`;
      throw new PhmValidationError(`Invalid ${what}: ${writePath([...path, key])}: ${message}`, [{ path: [...path, key], message }]);
    }
    if (value !== undefined) out[key] = inner === true ? value : pickFields(value, inner, what, [...path, key]);
  }
  return out;
}

/** {@link parseInput} for an input already read by {@link readInput}. */
export function parseRead<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  if (data === undefined && schema instanceof z.ZodObject) throw noneGiven(schema, what);
  let issues: PhmIssue[];
  try {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return result.data;
    issues = issuesFromZod(result.error.issues);
  } catch (error) {
    // Plain data cannot throw while it is read: this is the schema itself failing (a stack
    // overflow, say), which is still the input's fault and still a PhmValidationError.
    const message = `Could not be checked: ${errorText(error)}`;
    throw new PhmValidationError(`Invalid ${what}: ${message}`, [{ path: [], message }]);
  }
  throw new PhmValidationError(`Invalid ${what}: ${describeIssues(issues)}`, issues);
}

/**
 * Refuses a key named `__proto__`, which zod's records skip in silence: `{ '__proto__': 0.5 }`
 * from `JSON.parse` is an own key, but cannot be copied into an object as data.
 */
function refuseProtoKey(value: unknown, ctx: z.core.$RefinementCtx<unknown>): unknown {
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
    ctx.addIssue({ code: 'custom', path: ['__proto__'], input: value, message: "A key named '__proto__' cannot be held as data in a JavaScript object: rename it" });
  }
  return value;
}

/**
 * `z.record`, except that a key named `__proto__` is refused with an issue at its path rather
 * than dropped in silence. Typed as the record it wraps.
 *
 * @example
 * recordOf(z.string(), z.number()).safeParse(JSON.parse('{"__proto__": 1}')).success // false
 */
export function recordOf<K extends z.core.$ZodRecordKey, V extends z.core.SomeType>(key: K, value: V): z.ZodType<z.output<z.ZodRecord<K, V>>, z.input<z.ZodRecord<K, V>>> {
  return z.preprocess(refuseProtoKey, z.record(key, value)) as unknown as z.ZodType<z.output<z.ZodRecord<K, V>>, z.input<z.ZodRecord<K, V>>>;
}

/**
 * `z.partialRecord` (keys from an enum, each optional), refusing a `__proto__` key as
 * {@link recordOf} does.
 *
 * @example
 * partialRecordOf(z.enum(['a', 'b']), z.number()).safeParse({ a: 1 }).success // true
 */
export function partialRecordOf<K extends z.core.$ZodRecordKey, V extends z.core.SomeType>(key: K, value: V): z.ZodType<z.output<ReturnType<typeof z.partialRecord<K, V>>>, z.input<ReturnType<typeof z.partialRecord<K, V>>>> {
  return z.preprocess(refuseProtoKey, z.partialRecord(key, value)) as unknown as z.ZodType<z.output<ReturnType<typeof z.partialRecord<K, V>>>, z.input<ReturnType<typeof z.partialRecord<K, V>>>>;
}

/** Where a tree nests too deep or grows too large to read, as {@link findOverflow} reports it. */
export interface TreeOverflow {
  readonly path: readonly (string | number)[];
  readonly reason: 'depth' | 'size';
}

/**
 * The first place where a tree of unchecked input (read into plain data by {@link readInput})
 * nests deeper than `maxDepth` nodes, or the root once more than `maxNodes` nodes have been
 * read, or undefined. `childrenOf` lists a node's children with their paths below it. Walks with
 * its own stack, never recursion, so it can guard the recursive schemas and walks that follow.
 *
 * @example
 * findOverflow(tree, [], 100, 1_000_000, (node) => (node.children ?? []).map((c, i) => [['children', i], c]))
 */
export function findOverflow(
  root: unknown,
  path: readonly (string | number)[],
  maxDepth: number,
  maxNodes: number,
  childrenOf: (node: Record<string, unknown>) => readonly (readonly [readonly (string | number)[], unknown])[],
): TreeOverflow | undefined {
  const stack: { value: unknown; depth: number; path: readonly (string | number)[] }[] = [{ value: root, depth: 1, path }];
  for (let nodes = 1; stack.length > 0; ) {
    const { value, depth, path: at } = stack.pop() as { value: unknown; depth: number; path: readonly (string | number)[] };
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) return { path: at, reason: 'depth' };
    const children = childrenOf(value as Record<string, unknown>);
    nodes += children.length;
    if (nodes > maxNodes) return { path, reason: 'size' };
    for (let i = children.length - 1; i >= 0; i--) {
      const [step, child] = children[i] as readonly [readonly (string | number)[], unknown];
      stack.push({ value: child, depth: depth + 1, path: [...at, ...step] });
    }
  }
  return undefined;
}

/**
 * The children of a node that keeps them in array fields (`children`; `all` and `any`), capped
 * at `cap` entries per field so that a huge sparse array is refused, not walked.
 */
export function listedChildren(node: Record<string, unknown>, keys: readonly string[], cap: number): [(string | number)[], unknown][] {
  const out: [(string | number)[], unknown][] = [];
  for (const key of keys) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    const n = Math.min(list.length, cap + 1);
    for (let i = 0; i < n; i++) out.push([[key, i], list[i]]);
  }
  return out;
}
