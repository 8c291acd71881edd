/**
 * Where a command's output file goes, written with backpressure (a write that the stream cannot
 * take yet is waited for, so a fast parser never piles lines up in memory) and atomically: a file
 * is written under a temporary name beside it and renamed when complete, so that a failed run
 * leaves no half-written file behind (and an earlier complete one stays as it was).
 */
import { once } from 'node:events';
import { createWriteStream, unlinkSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CliError } from './errors.js';
import { fileProblem } from './json-file.js';

/** Text written in order, with backpressure. */
export interface Output {
  /** Writes `text`, waiting while the stream is full. */
  readonly write: (text: string) => Promise<void>;
  /** Finishes the output: a file is complete and in place when this resolves. */
  readonly close: () => Promise<void>;
  /** Gives up: a file's temporary copy is removed and nothing is put in place. */
  readonly abort: () => Promise<void>;
}

/** Writes to `stream`, waiting for `drain` when it is full; the first error of the stream is thrown by the next write. */
function writerOf(stream: Writable): Pick<Output, 'write'> & { readonly failure: () => unknown } {
  let failed: unknown;
  stream.on('error', (error) => {
    failed ??= error;
  });
  const write = async (text: string): Promise<void> => {
    if (failed !== undefined) throw failed;
    if (!stream.write(text)) await once(stream, 'drain');
  };
  return { write, failure: () => failed };
}

/** Output to a stream the command does not own (stdout): never ended, only drained. */
export function streamOutput(stream: Writable): Output {
  const writer = writerOf(stream);
  return {
    write: writer.write,
    close: async () => {
      const failed = writer.failure();
      if (failed !== undefined) throw failed;
    },
    abort: async () => undefined,
  };
}

/** Temporary files being written now: removed by {@link removePartialFiles} if the process is stopped. */
const PARTIAL_FILES = new Set<string>();

/** The temporary files being written now. */
export function partialFiles(): readonly string[] {
  return [...PARTIAL_FILES];
}

/**
 * Removes the temporary files being written now, synchronously: for a process stopped by a
 * signal (Ctrl-C), which would otherwise leave them behind.
 */
export function removePartialFiles(): void {
  for (const path of PARTIAL_FILES) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  }
  PARTIAL_FILES.clear();
}

/** The temporary name a file is written under, in its own directory so that the rename is atomic. */
export function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
}

/**
 * Output to the file `path`, or, for `-`, to `stdout`. Throws {@link CliError} when the file
 * cannot be created (a directory that is not there, no permission), before anything is read.
 */
export async function openOutput(path: string, what: string, stdout: Writable): Promise<Output> {
  if (path === '-') return streamOutput(stdout);
  const partial = temporaryName(path);
  const stream = createWriteStream(partial, { flags: 'w' });
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new CliError(`cannot write the ${what} file: ${fileProblem(path, error).replace(/no such file$/, 'no such directory')}`);
  }
  PARTIAL_FILES.add(partial);
  const writer = writerOf(stream);
  return {
    write: writer.write,
    close: async () => {
      stream.end();
      await finished(stream);
      await rename(partial, path);
      PARTIAL_FILES.delete(partial);
    },
    abort: async () => {
      stream.destroy();
      await unlink(partial).catch(() => undefined);
      PARTIAL_FILES.delete(partial);
    },
  };
}
