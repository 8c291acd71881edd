import { PhmValidationError } from '../../core/errors.js';

/**
 * The longest CSV text read, in characters (UTF-16 code units): 200,000,000, some 400 MB in memory.
 *
 * @example
 * readCsv('x'.repeat(MAX_CSV_CHARS + 1)) // throws PhmValidationError naming the limit
 */
export const MAX_CSV_CHARS = 200_000_000;

/**
 * One record of a CSV text: its fields, and the physical line it starts on (1-based; a quoted
 * field holding line breaks makes a record span several lines).
 *
 * @example
 * const record: CsvRecord = { line: 2, fields: ['73211009', 'Diabetes mellitus'] };
 */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

function refuse(line: number | undefined, message: string): PhmValidationError {
  return line === undefined ? new PhmValidationError(`Invalid CSV: ${message}`, [{ path: [], message }]) : new PhmValidationError(`Invalid CSV: line ${line}: ${message}`, [{ path: ['line', line], message: `Line ${line}: ${message}` }]);
}

/**
 * The records of a CSV text, as RFC 4180 writes them: fields separated by commas; a field in
 * double quotes may hold commas, line breaks and doubled quotes (`""` for `"`); lines end in
 * CRLF, LF or CR. A UTF-8 byte order mark at the start is skipped, and so are blank lines (a
 * line with nothing on it, outside quotes). Fields are kept exactly as written, spaces
 * included.
 *
 * A quote inside an unquoted field is kept as a character (`5" tablets`), as most readers do;
 * anything but a comma or a line end after a closing quote (`"5" tablets`) is ambiguous and
 * refused. Refused with `PhmValidationError`, the path `['line', n]`: an unterminated
 * quoted field (naming the line it opens on), text after a closing quote, and text of more
 * than {@link MAX_CSV_CHARS} characters. Pure and bounded: one pass, no regular expressions.
 *
 * @example
 * readCsv('code,term\r\n73211009,"Diabetes mellitus, NOS"\r\n')
 * // [{ line: 1, fields: ['code', 'term'] }, { line: 2, fields: ['73211009', 'Diabetes mellitus, NOS'] }]
 */
export function readCsv(text: string): CsvRecord[] {
  if (typeof text !== 'string') throw refuse(undefined, `Expected CSV text as a string, not a value of type ${text === null ? 'null' : typeof text}`);
  if (text.length > MAX_CSV_CHARS) throw refuse(undefined, `The text has ${text.length.toLocaleString('en-GB')} characters: at most ${MAX_CSV_CHARS.toLocaleString('en-GB')} can be read`);
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const first = text.charCodeAt(i);
    if (first === LF || first === CR) {
      i += first === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const opened = line;
        let value = '';
        let from = ++i;
        for (;;) {
          if (i >= n) throw refuse(opened, 'a quoted field opens on this line and is never closed: a closing \'"\' is missing');
          const unit = text.charCodeAt(i);
          if (unit === QUOTE) {
            if (text.charCodeAt(i + 1) !== QUOTE) break;
            value += text.slice(from, i + 1);
            i += 2;
            from = i;
            continue;
          }
          // A CRLF inside quotes is one line end, counted at its LF.
          if (unit === LF || (unit === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
        fields.push(value + text.slice(from, i));
        i++;
      } else {
        let end = i;
        while (end < n) {
          const unit = text.charCodeAt(end);
          if (unit === COMMA || unit === LF || unit === CR) break;
          end++;
        }
        fields.push(text.slice(i, end));
        i = end;
      }
      if (i >= n) break;
      const next = text.charCodeAt(i);
      if (next === COMMA) {
        i++;
        continue;
      }
      if (next === LF || next === CR) {
        i += next === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
        break;
      }
      throw refuse(line, `after a quoted field's closing '"' comes '${text.charAt(i)}': only a comma or the end of the line may follow it (a '"' inside a quoted field is written '""')`);
    }
    records.push({ line: start, fields });
  }
  return records;
}
