import type { z } from 'zod';
import { PhmValidationError, type PhmIssue } from './errors.js';

type ZodIssue = z.core.$ZodIssue;

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
      const best = closestBranch(issue.errors);
      if (best.length > 0) {
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
  let bestDepth = -1;
  for (const branch of branches) {
    const depth = Math.max(-1, ...branch.map(branchDepth));
    // Ties keep the earlier branch: schemas list their most common shape first.
    if (depth > bestDepth) {
      best = branch;
      bestDepth = depth;
    }
  }
  return best;
}

function branchDepth(issue: ZodIssue): number {
  // A branch that only says "unrecognized key" or "expected object" never got started.
  if (issue.code === 'unrecognized_keys' || issue.code === 'invalid_type') return issue.path.length - 0.5;
  return issue.path.length;
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

/** `['markers', 2, 'from']` becomes `markers[2].from`; the empty path is `(input)`. */
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
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error.issues);
  throw new PhmValidationError(`Invalid ${what}: ${describeIssues(issues)}`, issues);
}
