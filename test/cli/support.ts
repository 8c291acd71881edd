/**
 * Running the command line in-process: an io whose streams collect what is written, a fixed
 * clock, and temporary directories for output files; and the fixture files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const fixture = (name: string) => join(FIXTURES, name);

/** A Writable that keeps everything written to it. */
export class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Options of {@link captureIo}. */
export interface CaptureOptions {
  readonly tty?: boolean;
  readonly now?: () => number;
  readonly stdin?: string;
}

/** An io that collects stdout and stderr. */
export function captureIo(options: CaptureOptions = {}): CliIo & { readonly out: Collector; readonly err: Collector } {
  const out = new Collector();
  const err = new Collector();
  return { stdin: Readable.from([options.stdin ?? '']), stdout: out, stderr: err, out, err, stderrIsTTY: options.tty ?? false, now: options.now ?? (() => 0) };
}

/** Runs `phm-kit` in-process: the exit code and what it wrote. */
export async function run(argv: readonly string[], options: CaptureOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo(options);
  const code = await main(argv, io);
  return { code, stdout: io.out.text, stderr: io.err.text };
}

/** A temporary directory, removed after the file's tests. */
export function tempDir(prefix = 'phm-kit-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
