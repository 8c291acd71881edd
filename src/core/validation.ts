import type { z } from 'zod';
import { PhmValidationError, type PhmIssue } from './errors.js';

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
    out.push({ path, message: issue.message });
  }
  return out;
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
  const first = JSON.stringify(branches[0]);
  return branches.every((b) => JSON.stringify(b) === first);
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
  const lines = issues.slice(0, limit).map((i) => `${formatPath(i.path)}: ${i.message}`);
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
  if (path.length === 0) return '(input)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`))
    .join('');
}

/**
 * Parses `input` with `schema`, or throws a {@link PhmValidationError} naming every failing
 * path. `what` names the input in the message, e.g. "person" or "options".
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error.issues);
  throw new PhmValidationError(`Invalid ${what}: ${describeIssues(issues)}`, issues);
}
