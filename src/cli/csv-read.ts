/**
 * Reading a CSV file as a stream of records, one object per data row keyed by the header's
 * column names, with csv-parse (the only module that loads it): nothing but the current chunk
 * and record is held, so a file of any length is read in bounded memory.
 */
import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import { CliError } from './errors.js';
import { fileProblem } from './json-file.js';

/**
 * The longest record read, in bytes: 16 MiB. Without a limit a quote left open would make the
 * parser hold the rest of the file as one field, however large the file is.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** An open CSV file: its records, and how far through them the parser is. */
export interface CsvFile {
  /** The file's name as given, `-` for stdin, for messages. */
  readonly name: string;
  /** The file's size in bytes, when it is a file (not a pipe). */
  readonly size: number | undefined;
  /** One object per data row, keyed by the header's names (values as text). */
  readonly records: AsyncIterable<unknown>;
  /** Records and bytes the parser has read so far. */
  readonly position: () => { readonly records: number; readonly bytes: number };
  /** Whether every record has been read. */
  readonly ended: () => boolean;
  /** The error reading the file ended with (malformed CSV, a failing disk), once it has. */
  readonly failure: () => unknown;
  /** Stops reading and lets the file go (after an error elsewhere). */
  readonly close: () => void;
}

/** How to read the file. */
export interface CsvReadOptions {
  /** The field delimiter: `,` unless the file uses another (`;`, a tab). */
  readonly delimiter: string;
}

/** The header's names, refusing one given twice: the parser would silently keep only the later column. */
function checkedHeader(name: string, header: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) throw new CliError(`${name}: the header names column '${column}' twice`);
    seen.add(column);
  }
  return [...header];
}

function parserFor(name: string, options: CsvReadOptions): Parser {
  return parse({
    columns: (header: string[]) => checkedHeader(name, header),
    bom: true,
    skip_empty_lines: true,
    delimiter: options.delimiter,
    max_record_size: MAX_RECORD_BYTES,
  });
}

/**
 * Opens `path` (or, for `-`, `stdin`) as CSV. Throws {@link CliError} when the file cannot be
 * opened; `what` says what it is for ("people", "markers"). Read errors and malformed CSV reach
 * the reader of `records` as errors.
 */
export async function openCsv(path: string, what: string, options: CsvReadOptions, stdin: Readable): Promise<CsvFile> {
  let input: Readable;
  let size: number | undefined;
  if (path === '-') {
    input = stdin;
  } else {
    try {
      const handle = await open(path, 'r');
      const stat = await handle.stat();
      if (stat.isDirectory()) {
        await handle.close();
        throw Object.assign(new Error('a directory'), { code: 'EISDIR' });
      }
      // A pipe (`<(zcat people.csv.gz)`) is read as well as a file, but its size is unknown.
      size = stat.isFile() ? stat.size : undefined;
      input = handle.createReadStream({ highWaterMark: 1024 * 1024 });
    } catch (error) {
      throw new CliError(`${what} file ${fileProblem(path, error)}`);
    }
  }
  const parser = parserFor(path, options);
  let failed: unknown;
  let ended = false;
  parser.once('end', () => {
    ended = true;
  });
  // Errors of either stream end the records with that error; stopping early closes the file.
  pipeline(input, parser, (error) => {
    failed ??= error ?? undefined;
  });
  parser.on('error', (error) => {
    failed ??= error;
  });
  return {
    name: path,
    size,
    records: parser,
    position: () => ({ records: parser.info.records, bytes: parser.info.bytes }),
    ended: () => ended,
    failure: () => failed,
    close: () => parser.destroy(),
  };
}
