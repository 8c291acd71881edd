import { describe, expect, it } from 'vitest';
import { PhmValidationError } from '../../../src/core/errors.js';
import { MAX_CSV_CHARS, readCsv } from '../../../src/registers/codelists/index.js';
import { refusalOf } from '../../support/issues.js';
import { property } from '../../support/property.js';
import { writtenTableArb } from './arbitraries.js';

describe('readCsv', () => {
  it('reads fields and the line each record starts on', () => {
    expect(readCsv('code,term\n73211009,Diabetes mellitus\n')).toEqual([
      { line: 1, fields: ['code', 'term'] },
      { line: 2, fields: ['73211009', 'Diabetes mellitus'] },
    ]);
    expect(readCsv('a,b')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(readCsv('a,,b,\n,\n')).toEqual([
      { line: 1, fields: ['a', '', 'b', ''] },
      { line: 2, fields: ['', ''] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, and counts the lines they span', () => {
    const text = 'code,term\r\n"1222660008","Pancreatic agenesis, holoprosencephaly syndrome"\r\n8H2P.,"Emergency admission, ""asthma""\r\nsecond line\nthird"\r\nH33..,Asthma\r\n';
    expect(readCsv(text)).toEqual([
      { line: 1, fields: ['code', 'term'] },
      { line: 2, fields: ['1222660008', 'Pancreatic agenesis, holoprosencephaly syndrome'] },
      { line: 3, fields: ['8H2P.', 'Emergency admission, "asthma"\r\nsecond line\nthird'] },
      { line: 6, fields: ['H33..', 'Asthma'] },
    ]);
    expect(readCsv('""\n"",""\n"a""b"')).toEqual([
      { line: 1, fields: [''] },
      { line: 2, fields: ['', ''] },
      { line: 3, fields: ['a"b'] },
    ]);
  });

  it('takes CRLF, LF and CR line ends, skips blank lines and a byte order mark', () => {
    expect(readCsv('\uFEFFcode\r\n\r\nA\n\nB\rC\r\r\n')).toEqual([
      { line: 1, fields: ['code'] },
      { line: 3, fields: ['A'] },
      { line: 5, fields: ['B'] },
      { line: 6, fields: ['C'] },
    ]);
    expect(readCsv('\n\n\ncode\n')).toEqual([{ line: 4, fields: ['code'] }]);
    expect(readCsv('')).toEqual([]);
    expect(readCsv('\uFEFF')).toEqual([]);
    expect(readCsv('\r\n\n')).toEqual([]);
    expect(readCsv('a\uFEFF')).toEqual([{ line: 1, fields: ['a\uFEFF'] }]); // only a leading BOM is skipped
  });

  it('keeps spaces and a quote inside an unquoted field as they are', () => {
    expect(readCsv(' a , b \n5" tablets,x')).toEqual([
      { line: 1, fields: [' a ', ' b '] },
      { line: 2, fields: ['5" tablets', 'x'] },
    ]);
  });

  it('refuses an unterminated quoted field, naming the line it opens on', () => {
    const refusal = refusalOf(() => readCsv('code,term\nH33..,Asthma\n8H2P.,"Emergency admission\nasthma\n'), PhmValidationError);
    expect(refusal.issues).toEqual([{ path: ['line', 3], message: `Line 3: a quoted field opens on this line and is never closed: a closing '"' is missing` }]);
    expect(refusal.message).toMatch(/^Invalid CSV: line 3: /);
  });

  it('refuses text after a closing quote, naming its line', () => {
    const refusal = refusalOf(() => readCsv('code,term\n"a\nb"c,d\n'), PhmValidationError);
    expect(refusal.issues).toEqual([{ path: ['line', 3], message: expect.stringMatching(/^Line 3: after a quoted field's closing '"' comes 'c'/) }]);
  });

  it('refuses what is not text, and text over the limit, naming it', () => {
    expect(() => readCsv(42 as never)).toThrow(/Expected CSV text as a string/);
    expect(MAX_CSV_CHARS).toBe(200_000_000);
    const refusal = refusalOf(() => readCsv('x'.repeat(MAX_CSV_CHARS + 1)), PhmValidationError);
    expect(refusal.message).toBe('Invalid CSV: The text has 200,000,001 characters: at most 200,000,000 can be read');
  });

  property('reads back any table written with proper quoting: every field and every line number', 0xc5_7001, writtenTableArb, ({ text, records }) => {
    expect(readCsv(text)).toEqual(records);
  });
});
