/**
 * Progress on stderr while a long file is read: rows read, the rate, and, when the file's size
 * is known, how far through it the parser is and about how long is left. Drawn over itself on
 * one terminal line; never written when stderr is not a terminal (a log file would fill with
 * it) or with `--quiet`, and never into an output file, so that outputs stay byte for byte the
 * same from run to run.
 */
import type { CliIo } from './io.js';

/** What the reader has got through, sampled when the line is redrawn. */
export interface ProgressSample {
  /** What is being read: the file's name. */
  readonly label: string;
  readonly rows: number;
  readonly bytes: number;
  /** The file's size, when known. */
  readonly size: number | undefined;
}

const count = (n: number) => Math.round(n).toLocaleString('en-GB');

/** Bytes in the largest unit that keeps them at or over 1 (`3.2 GB`). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A duration, rounded as a person would say it: `40 s`, `3 min`, `1 h 20 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The progress line for a sample taken `elapsedMs` after reading began. */
export function progressLine(sample: ProgressSample, elapsedMs: number): string {
  const parts = [`${sample.label}: ${count(sample.rows)} rows`];
  const seconds = elapsedMs / 1000;
  if (seconds > 0) parts.push(`${count(sample.rows / seconds)} rows/s`);
  if (sample.size !== undefined && sample.size > 0) {
    const done = Math.min(1, sample.bytes / sample.size);
    parts.push(`${(done * 100).toFixed(0)}% of ${formatBytes(sample.size)}`);
    if (done > 0 && done < 1 && seconds > 0) parts.push(`about ${formatDuration(((1 - done) / done) * elapsedMs)} left`);
  }
  return parts.join(', ');
}

/** A progress display: `tick` redraws it, `stop` clears it. */
export interface Progress {
  readonly tick: () => void;
  readonly stop: () => void;
}

/** Draws nothing: for `--quiet`, and for a stderr that is not a terminal. */
const SILENT: Progress = { tick: () => undefined, stop: () => undefined };

/**
 * A progress line on `io.stderr` for what `sample` says, redrawn by `tick` (the rate is over
 * the time since the label last changed); silent unless `enabled` and stderr is a terminal.
 */
export function createProgress(io: CliIo, sample: () => ProgressSample, enabled: boolean): Progress {
  if (!enabled || !io.stderrIsTTY) return SILENT;
  let label: string | undefined;
  let since = io.now();
  let drawn = false;
  return {
    tick: () => {
      const s = sample();
      if (s.label !== label) {
        label = s.label;
        since = io.now();
      }
      io.stderr.write(`\r${progressLine(s, io.now() - since)}\x1b[K`);
      drawn = true;
    },
    stop: () => {
      if (drawn) io.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** How often the line is redrawn. */
export const PROGRESS_INTERVAL_MS = 500;

/** {@link createProgress}, drawn at once and then every half second until stopped; the timer never keeps the process alive. */
export function startProgress(io: CliIo, sample: () => ProgressSample, enabled: boolean): Progress {
  const progress = createProgress(io, sample, enabled);
  if (progress === SILENT) return progress;
  progress.tick();
  const timer = setInterval(progress.tick, PROGRESS_INTERVAL_MS);
  timer.unref();
  return {
    tick: progress.tick,
    stop: () => {
      clearInterval(timer);
      progress.stop();
    },
  };
}
