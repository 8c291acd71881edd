/**
 * The command line's only contact with its process: where it writes, whether stderr is a
 * terminal, and the clock. Commands take a {@link CliIo} instead of reaching for `process`, so
 * that tests run them in-process, with collected output and a fixed clock.
 */
import type { Readable, Writable } from 'node:stream';

/** Where a command writes, and what it may ask of its surroundings. */
export interface CliIo {
  /** What `phm-kit segment -` reads. */
  readonly stdin: Readable;
  /** Results: the SQL, the model list, the summary (when the assignments go to a file). */
  readonly stdout: Writable;
  /** Errors and progress (and the summary when the assignments go to stdout). */
  readonly stderr: Writable;
  /** Whether stderr is a terminal: progress is drawn only there, never into a log file. */
  readonly stderrIsTTY: boolean;
  /** Milliseconds on a monotonic clock, for the progress rate; nothing written to a file reads it. */
  readonly now: () => number;
}

/** The real process's streams and clock. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTTY: process.stderr.isTTY === true,
    now: () => performance.now(),
  };
}
