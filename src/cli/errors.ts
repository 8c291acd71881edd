/**
 * How the command line fails: a {@link CliError} is a usage or input error the user can fix (a
 * missing file, an unknown model, a bad date, an unknown flag), printed as one line without a
 * stack trace, and the exit codes each outcome has.
 */
import { formatPath, PhmError, type PhmIssue } from 'phm-kit';

/** Exit codes, documented in `phm-kit --help` and the README. */
export const EXIT = {
  /** Done. */
  done: 0,
  /** Done, but rows were rejected, and `--strict` was given. */
  rejected: 1,
  /** A usage or input error: nothing was finished. */
  usage: 2,
} as const;

/** A usage or input error: exit code 2, and its message is all the user sees. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The most issues written into one error line; the rest are counted. */
const MAX_ISSUES = 3;

/**
 * Issues as one line, `path: message; path: message`, each path as `formatPath` writes it
 * (`columns.id`, `segments[2].rule`), the first `limit` of them and a count of the rest.
 */
export function issueText(issues: readonly PhmIssue[], limit = Number.POSITIVE_INFINITY): string {
  const shown = issues.slice(0, limit).map((i) => (i.path.length === 0 ? i.message : `${formatPath(i.path)}: ${i.message}`));
  if (issues.length > limit) shown.push(`and ${issues.length - limit} more`);
  return shown.join('; ');
}

/** A library error's issues for an error line; `where` names the file or flag the paths are in. */
export function describeIssues(issues: readonly PhmIssue[], where?: string): string {
  const text = issueText(issues, MAX_ISSUES);
  return where === undefined ? text : `${where}: ${text}`;
}

/** The first line of any text, so that no message spreads over several. */
const firstLine = (text: string) => text.split(/\r?\n/, 1)[0] ?? '';

/**
 * One line for any error a command lets out: a {@link CliError}'s message, a library error's
 * issues, or, for anything else (a bug, a failing disk), its message: never a stack trace.
 */
export function failureMessage(error: unknown): string {
  if (error instanceof CliError) return firstLine(error.message);
  if (error instanceof PhmError && error.issues.length > 0) return firstLine(describeIssues(error.issues));
  if (error instanceof Error) return firstLine(error.message);
  return firstLine(String(error));
}

/** The error at the bottom of a chain of `cause`s: what actually went wrong (a CSV parser's error, say). */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10 && current instanceof Error && current.cause !== undefined; depth++) current = current.cause;
  return current;
}
