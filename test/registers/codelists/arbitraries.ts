/**
 * fast-check building blocks for the codelist tests: valid codes of every system with the raw
 * forms extracts and codelist files write them in, strings biased towards the characters the
 * normalisation reads, and CSV text written with proper quoting.
 */
import fc from 'fast-check';
import type { CodeSystemId } from '../../../src/registers/codelists/index.js';

export const SYSTEMS: readonly CodeSystemId[] = ['snomed-ct', 'dmd', 'icd10', 'opcs4', 'ctv3', 'readv2'];

// Verhoeff (1969), written out again so that the tests do not lean on the library's tables.
const D = [[0,1,2,3,4,5,6,7,8,9],[1,2,3,4,0,6,7,8,9,5],[2,3,4,0,1,7,8,9,5,6],[3,4,0,1,2,8,9,5,6,7],[4,0,1,2,3,9,5,6,7,8],[5,9,8,7,6,0,4,3,2,1],[6,5,9,8,7,1,0,4,3,2],[7,6,5,9,8,2,1,0,4,3],[8,7,6,5,9,3,2,1,0,4],[9,8,7,6,5,4,3,2,1,0]];
const P = [[0,1,2,3,4,5,6,7,8,9],[1,5,7,6,2,8,3,0,9,4],[5,8,0,3,7,9,6,1,4,2],[8,9,1,6,0,4,3,5,2,7],[9,4,5,3,1,2,6,8,7,0],[4,2,8,6,5,7,3,9,0,1],[2,7,9,3,8,0,6,4,1,5],[7,0,4,6,9,1,3,2,5,8]];

/** Whether the digits end in their Verhoeff check digit: the running product is the identity. */
export function verhoeffHolds(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) c = (D[c] as number[])[(P[i % 8] as number[])[Number(digits[digits.length - 1 - i])] as number] as number;
  return c === 0;
}

/** `body` completed with the digit that makes {@link verhoeffHolds} true (found by trying all ten). */
export function completed(body: string): string {
  for (let d = 0; d < 10; d++) if (verhoeffHolds(`${body}${d}`)) return `${body}${d}`;
  throw new Error('no check digit');
}

const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
const digits = (minLength: number, maxLength: number) => fc.string({ unit: digit, minLength, maxLength });
const capital = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');

/** A valid SNOMED CT concept id of 6 to 18 digits: item id, partition '00' or '10', check digit. */
export const sctidArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '8', '9'), digits(2, 14), fc.constantFrom('00', '10'))
  .map(([head, rest, partition]) => completed(`${head}${rest}${partition}`));

/** A valid 5-character CTV3 or Read v2 code: letters and digits, dots filling out the end. */
const readCodeArb = fc.tuple(fc.string({ unit: alnum, minLength: 1, maxLength: 5 })).map(([body]) => body.padEnd(5, '.'));

/** A valid, normalised code of the system. */
export function validCodeArb(system: CodeSystemId): fc.Arbitrary<string> {
  switch (system) {
    case 'snomed-ct':
    case 'dmd':
      return sctidArb;
    case 'icd10':
      return fc.tuple(capital, digits(2, 2), digits(0, 2)).map((parts) => parts.join(''));
    case 'opcs4':
      return fc.tuple(capital, digits(2, 2), digits(0, 1)).map((parts) => parts.join(''));
    default:
      return readCodeArb;
  }
}

/** A code as some file or extract may write it, and the normalised code it stands for. */
export function writtenCodeArb(system: CodeSystemId): fc.Arbitrary<{ raw: string; code: string }> {
  const spaced = (raw: string) => fc.tuple(fc.nat(2), fc.nat(2)).map(([a, b]) => `${' '.repeat(a)}${raw}${' '.repeat(b)}`);
  return validCodeArb(system).chain((code) => {
    let forms: fc.Arbitrary<string>;
    if (system === 'icd10' || system === 'opcs4') {
      forms = fc.tuple(fc.boolean(), fc.boolean(), fc.constantFrom('', 'X', '-')).map(([dotted, lower, pad]) => {
        let raw = code.length > 3 && dotted ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
        if (code.length === 3 && pad !== '') raw = `${raw}${pad}`;
        if (code.length === 3 && dotted && pad === '') raw = `${raw}.`;
        return lower ? raw.toLowerCase() : raw;
      });
    } else if (system === 'readv2') {
      forms = fc.option(digits(2, 2), { nil: undefined }).map((term) => (term === undefined ? code : `${code}${term}`));
    } else {
      forms = fc.constant(code);
    }
    return forms.chain(spaced).map((raw) => ({ raw, code }));
  });
}

/** Characters the normalisation and the CSV reader look at, and some that they must leave alone. */
const telling = fc.constantFrom(' ', ' ', '.', 'X', 'x', '-', '0', '1', '9', 'E', 'e', 'H', '\t', '\u00a0', 'ı', 'ß', 'ǅ', '😀', ',', '"', '\r', '\n', '\uFEFF');

/** Any string, from all of Unicode (lone surrogates included) or from the telling characters. */
export const anyStringArb: fc.Arbitrary<string> = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: telling, maxLength: 12 }), fc.string({ unit: fc.oneof(telling, alnum), maxLength: 9 }));

/** A field needs quotes when it holds a comma, a quote or a line break, or a BOM (which could open the text). */
const needsQuotes = (field: string) => /[",\r\n\uFEFF]/.test(field);

/** A field written for CSV: in quotes with inner quotes doubled, when `always` or when it needs them. */
export function writeField(field: string, always: boolean): string {
  return always || needsQuotes(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Line breaks in a field's content, as the reader counts them: CRLF is one. */
export const lineBreaks = (field: string) => (field.match(/\r\n|\r|\n/g) ?? []).length;

export interface WrittenTable {
  readonly text: string;
  readonly records: readonly { line: number; fields: readonly string[] }[];
}

/**
 * A table of arbitrary strings written as CSV with proper quoting (everything quoted, or only
 * what needs it, per record), each record ended by CRLF, LF or CR, with blank lines between
 * some, a BOM before some texts, and the last line end sometimes left off; with the records and
 * the physical line each starts on.
 */
export const writtenTableArb: fc.Arbitrary<WrittenTable> = fc
  .record({
    rows: fc.array(
      fc.record({
        fields: fc.array(anyStringArb, { minLength: 1, maxLength: 5 }),
        always: fc.boolean(),
        end: fc.constantFrom('\r\n', '\n', '\r'),
        blanks: fc.nat(2),
      }),
      { maxLength: 8 },
    ),
    bom: fc.boolean(),
    leadingBlanks: fc.nat(2),
    finalEnd: fc.boolean(),
  })
  .map(({ rows, bom, leadingBlanks, finalEnd }) => {
    let text = `${bom ? '\uFEFF' : ''}${'\n'.repeat(leadingBlanks)}`;
    let line = 1 + leadingBlanks;
    const records: { line: number; fields: readonly string[] }[] = [];
    rows.forEach((row, i) => {
      // A record of one empty field is quoted, or it would be a blank line, which is skipped.
      const always = row.always || (row.fields.length === 1 && row.fields[0] === '');
      records.push({ line, fields: row.fields });
      text += row.fields.map((f) => writeField(f, always)).join(',');
      line += row.fields.reduce((n, f) => n + lineBreaks(f), 0);
      if (i < rows.length - 1 || finalEnd) {
        // Blank lines repeat the record's own line end: a CR then an LF would be one CRLF.
        text += row.end.repeat(1 + (i < rows.length - 1 ? row.blanks : 0));
        line += 1 + (i < rows.length - 1 ? row.blanks : 0);
      }
    });
    return { text, records };
  });
