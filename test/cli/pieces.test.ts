/**
 * The command line's pieces on their own: CSV fields that read back as written, the progress
 * line, outputs that wait for a full stream and leave nothing behind when they fail, the tally
 * and the summary's edge cases, and failures named by the file at fault.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { leeds2024, segmentStream, type StreamBatch } from 'phm-kit/segmentation';
import { openCsv } from '../../src/cli/csv-read.js';
import { csvField, csvLine } from '../../src/cli/csv-write.js';
import { CliError } from '../../src/cli/errors.js';
import { fileProblem, readJsonFile } from '../../src/cli/json-file.js';
import { openOutput, partialFiles, removePartialFiles, streamOutput, temporaryName } from '../../src/cli/output.js';
import { createProgress, formatBytes, formatDuration, PROGRESS_INTERVAL_MS, progressLine, startProgress, type ProgressSample } from '../../src/cli/progress.js';
import { explainFailure } from '../../src/cli/segment/run.js';
import { rejectedLines } from '../../src/cli/segment/rows.js';
import { formatSummary } from '../../src/cli/segment/summary.js';
import { createTally, MAX_COLUMNS, sortedCounts } from '../../src/cli/segment/tally.js';
import { captureIo, tempDir } from './support.js';

const dir = tempDir();

describe('CSV writing', () => {
  it('quotes only what needs quoting, and reads back as written', () => {
    const fields = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', ' padded ', '', '=1+1', 'ü ∑'];
    expect(fields.map(csvField)).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\r"', '" padded "', '', '=1+1', 'ü ∑']);
    expect(csvField(undefined)).toBe('');
    expect(csvField(42)).toBe('42');
    const text = csvLine(fields) + csvLine([1, undefined, 'x']);
    expect(parse(text, { relax_column_count: true })).toEqual([fields, ['1', '', 'x']]);
  });
});

describe('the progress line', () => {
  it('formats sizes and durations as a person would say them', () => {
    expect([0, 999, 1000, 1_234_567, 3.2e9, 5e15].map(formatBytes)).toEqual(['0 bytes', '999 bytes', '1.0 kB', '1.2 MB', '3.2 GB', '5000.0 TB']);
    expect([0, 40_000, 90_000, 59 * 60_000, 80 * 60_000, 125 * 60_000].map(formatDuration)).toEqual(['1 s', '40 s', '2 min', '59 min', '1 h 20 min', '2 h 5 min']);
  });

  it('shows rows, the rate, how far through the file, and the time left', () => {
    const sample = { label: 'people.csv', rows: 2_000_000, bytes: 250e6, size: 1e9 };
    expect(progressLine(sample, 10_000)).toBe('people.csv: 2,000,000 rows, 200,000 rows/s, 25% of 1.0 GB, about 30 s left');
    expect(progressLine({ ...sample, size: undefined }, 10_000)).toBe('people.csv: 2,000,000 rows, 200,000 rows/s');
    expect(progressLine(sample, 0)).toBe('people.csv: 2,000,000 rows, 25% of 1.0 GB');
    expect(progressLine({ ...sample, bytes: 1e9 }, 10_000)).toBe('people.csv: 2,000,000 rows, 200,000 rows/s, 100% of 1.0 GB');
    expect(progressLine({ ...sample, size: 0 }, 10_000)).toBe('people.csv: 2,000,000 rows, 200,000 rows/s');
  });

  it('draws over itself on a terminal, measures the rate from when its label changed, and clears itself', () => {
    let t = 0;
    const io = captureIo({ tty: true, now: () => t });
    let sample: ProgressSample = { label: 'markers.csv', rows: 0, bytes: 0, size: 100 };
    const progress = createProgress(io, () => sample, true);
    progress.tick();
    t = 2000;
    sample = { label: 'people.csv', rows: 10, bytes: 0, size: undefined };
    progress.tick();
    t = 4000;
    sample = { ...sample, rows: 1000 };
    progress.tick();
    progress.stop();
    progress.stop();
    expect(io.err.text).toBe('\rmarkers.csv: 0 rows, 0% of 100 bytes\x1b[K\rpeople.csv: 10 rows\x1b[K\rpeople.csv: 1,000 rows, 500 rows/s\x1b[K\r\x1b[K');
  });

  it('is silent when not enabled or when stderr is not a terminal', () => {
    const sample = () => ({ label: 'x', rows: 1, bytes: 0, size: undefined });
    for (const [tty, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const io = captureIo({ tty });
      const progress = startProgress(io, sample, enabled);
      progress.tick();
      progress.stop();
      expect(io.err.text).toBe('');
    }
  });

  it('redraws on a timer until stopped', () => {
    vi.useFakeTimers();
    try {
      const io = captureIo({ tty: true });
      let rows = 0;
      const progress = startProgress(io, () => ({ label: 'x', rows: ++rows, bytes: 0, size: undefined }), true);
      vi.advanceTimersByTime(PROGRESS_INTERVAL_MS * 2);
      progress.stop();
      vi.advanceTimersByTime(PROGRESS_INTERVAL_MS * 2);
      expect(io.err.text).toBe('\rx: 1 rows\x1b[K\rx: 2 rows\x1b[K\rx: 3 rows\x1b[K\r\x1b[K');
    } finally {
      vi.useRealTimers();
    }
  });
});

/** A stream that takes `capacity` bytes and then holds the rest until `release`. */
function slowStream(capacity: number) {
  const pending: (() => void)[] = [];
  let text = '';
  const stream = new Writable({
    highWaterMark: capacity,
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      pending.push(() => done());
    },
  });
  return { stream, release: () => pending.splice(0).forEach((f) => f()), text: () => text };
}

describe('outputs', () => {
  it('wait while the stream is full (backpressure), and go on once it drains', async () => {
    const slow = slowStream(4);
    const output = streamOutput(slow.stream);
    await output.write('ab');
    let second = false;
    const writing = output.write('cdefgh').then(() => {
      second = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBe(false);
    slow.release();
    await new Promise((resolve) => setImmediate(resolve));
    slow.release();
    await writing;
    expect(second).toBe(true);
    expect(slow.text()).toBe('abcdefgh');
    await output.close();
  });

  it('throw the stream’s error at the next write and at close', async () => {
    const stream = new Writable({ write: (_c, _e, done) => done(new Error('disk full')) });
    const output = streamOutput(stream);
    await output.write('a').catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(output.write('b')).rejects.toThrow('disk full');
    await expect(output.close()).rejects.toThrow('disk full');
    await output.abort();
  });

  it('put a file in place only when closed, and leave nothing when aborted', async () => {
    const path = join(dir, 'out.csv');
    const output = await openOutput(path, 'assignments', captureIo().stdout);
    await output.write('a,b\n');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(temporaryName(path))).toBe(true);
    await output.close();
    expect(readFileSync(path, 'utf8')).toBe('a,b\n');
    const again = await openOutput(path, 'assignments', captureIo().stdout);
    await again.write('new\n');
    await again.abort();
    expect(readFileSync(path, 'utf8')).toBe('a,b\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('keep a list of the temporary files being written, which a stopped process removes', async () => {
    const path = join(dir, 'stopped.csv');
    const output = await openOutput(path, 'assignments', captureIo().stdout);
    await output.write('a\n');
    expect(partialFiles()).toEqual([temporaryName(path)]);
    removePartialFiles();
    expect(partialFiles()).toEqual([]);
    expect(existsSync(temporaryName(path))).toBe(false);
    removePartialFiles();
    await output.abort();
    expect(existsSync(path)).toBe(false);
  });

  it('to - write to stdout, which is not ended', async () => {
    const io = captureIo();
    const output = await openOutput('-', 'assignments', io.stdout);
    await output.write('x\n');
    await output.close();
    expect(io.out.text).toBe('x\n');
    expect(io.out.writableEnded).toBe(false);
  });
});

describe('files', () => {
  it('say why they cannot be read', () => {
    expect(fileProblem('a.csv', Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('a.csv: permission denied');
    expect(fileProblem('a.csv', Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }))).toBe('a.csv: EIO: i/o error');
    expect(fileProblem('a.csv', 'odd')).toBe('a.csv: odd');
  });

  it('read JSON with a byte-order mark', () => {
    const path = join(dir, 'bom.json');
    writeFileSync(path, '\ufeff{"a":1}');
    expect(readJsonFile(path, 'mapping')).toEqual({ a: 1 });
  });

  it('read a CSV file as records, and say how far they are', async () => {
    const path = join(dir, 'records.csv');
    writeFileSync(path, '\ufeffa,b\n1,"x,y"\n\n2,z\n');
    const file = await openCsv(path, 'people', { delimiter: ',' }, captureIo().stdin);
    const records: unknown[] = [];
    for await (const r of file.records) records.push(r);
    expect(records).toEqual([
      { a: '1', b: 'x,y' },
      { a: '2', b: 'z' },
    ]);
    expect(file.position().records).toBe(2);
    expect(file.size).toBe(readFileSync(path).length);
    expect(file.ended()).toBe(true);
    expect(file.failure()).toBeUndefined();
  });
});

describe('failures named by their file', () => {
  it('a read error of a file, a CSV error, a CliError, and anything else as it was', async () => {
    const path = join(dir, 'f.csv');
    writeFileSync(path, 'a\n1\n');
    const file = await openCsv(path, 'people', { delimiter: ',' }, captureIo().stdin);
    const disk = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    (file.records as unknown as { destroy: (e: Error) => void }).destroy(disk);
    await new Promise((resolve) => setImmediate(resolve));
    const wrapped = new Error('Reading the records failed', { cause: disk });
    expect(explainFailure(wrapped, [file])).toEqual(new CliError(`${path}: reading failed: EIO: i/o error, read`));
    const usage = new CliError('no');
    expect(explainFailure(new Error('x', { cause: usage }), [file])).toBe(usage);
    const other = new Error('other');
    expect(explainFailure(other, [file])).toBe(other);
  });
});

describe('the tally and the summary', () => {
  it('sorts counts most first, then by name', () => {
    expect(sortedCounts(new Map([['b', 1], ['c', 2], ['a', 1]]))).toEqual([['c', 2], ['a', 1], ['b', 1]]);
  });

  it('counts issues at more than MAX_COLUMNS columns together, and keeps five examples', async () => {
    const rows = Array.from({ length: MAX_COLUMNS + 5 }, (_, i) => ({ id: `p${i}`, birthDate: '1950-01-01', markers: 'not an array' }));
    const tally = createTally();
    let last: StreamBatch | undefined;
    for await (const batch of segmentStream(rows, leeds2024, { asOf: '2024-04-01' })) {
      tally.add({
        ...batch,
        rejected: batch.rejected.map((r, i) => ({ ...r, issues: [{ path: [`column${r.index}`], message: 'bad' }, ...(i === 0 ? [{ path: [], message: 'whole row' }] : [])] })),
      });
      last = batch;
    }
    expect(last?.totals.rejected).toBe(MAX_COLUMNS + 5);
    // column0 to column998 and '(the row)' fill the MAX_COLUMNS names; the last six go together.
    expect(tally.rejectedByColumn.size).toBe(MAX_COLUMNS + 1);
    expect(tally.rejectedByColumn.get('(other columns)')).toBe(6);
    expect(tally.rejectedByColumn.get('(the row)')).toBe(1);
    expect(tally.examples.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('lists at most ten unknown markers, and counts the rest', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, birthDate: '1950-01-01', markers: [`made-up-${String(i).padStart(2, '0')}`] }));
    const tally = createTally();
    let last: StreamBatch | undefined;
    for await (const batch of segmentStream(rows, leeds2024, { asOf: '2024-04-01' })) {
      tally.add(batch);
      last = batch;
    }
    const summary = formatSummary({
      file: 'x.csv',
      model: leeds2024,
      asOf: '2024-04-01',
      last: last as StreamBatch,
      tally,
      ingestion: { read: 12, people: 12, rejected: 0, absentColumns: [], unmappedCodes: [] },
      checkedDuplicates: false,
      outputs: { out: 'a.csv', rejectedLines: 0 },
    });
    expect(summary).toContain('  made-up-00: 1 entry\n');
    expect(summary).not.toContain('made-up-10');
    expect(summary).toContain('  and 2 more ids\n');
    expect(summary).not.toContain('Marker table');
    expect(summary.endsWith('Wrote a.csv: 12 rows\n')).toBe(true);
  });
});

describe('the rest of the pieces', () => {
  it('processIo is the real process', async () => {
    const { processIo } = await import('../../src/cli/io.js');
    const io = processIo();
    expect(io.stdout).toBe(process.stdout);
    expect(io.stderr).toBe(process.stderr);
    expect(io.stdin).toBe(process.stdin);
    expect(io.stderrIsTTY).toBe(process.stderr.isTTY === true);
    const t = io.now();
    expect(io.now()).toBeGreaterThanOrEqual(t);
  });

  it('a rejection without issues, or with an issue about the whole row, is one line with no column', () => {
    const { text, lines } = rejectedLines('people', [
      { index: 4, reason: 'unreadable-record', issues: [] },
      { index: 5, id: 'p5', reason: 'invalid-record', issues: [{ path: [], message: 'the row is not an object' }] },
    ]);
    expect(lines).toBe(2);
    expect(text).toBe('people,4,,unreadable-record,,\npeople,5,p5,invalid-record,,the row is not an object\n');
  });

  it('the summary lists at most ten absent columns, and counts rows without an id', async () => {
    let last: StreamBatch | undefined;
    for await (const batch of segmentStream([{ birthDate: '1950-01-01' }], leeds2024, { asOf: '2024-04-01' })) last = batch;
    const tally = createTally();
    tally.add(last as StreamBatch);
    const summary = formatSummary({
      file: '-',
      model: leeds2024,
      asOf: '2024-04-01',
      last: last as StreamBatch,
      tally,
      ingestion: {
        read: 1,
        people: 1,
        rejected: 0,
        absentColumns: Array.from({ length: 12 }, (_, i) => ({ column: `c${i}` })),
        unmappedCodes: [{ code: 'X1', count: 3 }],
        markerRows: { total: 2, used: 2, ofRejectedRows: 0, unmatched: 0, unmatchedIds: [], rejected: [] },
      },
      checkedDuplicates: true,
      outputs: { out: '-', rejected: 'r.csv', rejectedLines: 1 },
    });
    expect(summary).toContain('    index 0: id: ');
    expect(summary).toContain('Absent columns (the mapping reads them; no row has them): c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 2 more\n');
    expect(summary).toContain('Unmapped codes (read as no marker, see markerCodes): X1 3\n');
    expect(summary).toContain('Marker table: 2 rows: 2 used, 0 of rejected rows, 0 of ids no row has, 0 rejected\n');
    expect(summary.endsWith('Wrote stdout: 1 row; r.csv: 1 line\n')).toBe(true);
  });
});
