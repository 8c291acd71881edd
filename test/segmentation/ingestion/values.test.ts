import { describe, expect, it } from 'vitest';
import { isMissing, quoted, readDate, readFlag, readId, readNumber, readText, readWholeNumber, trimmed } from '../../../src/segmentation/ingestion/values.js';
import { markerCodeReader } from '../../../src/segmentation/ingestion/codes.js';

const MISSING = new Set(['NA']);

describe('cell readers', () => {
  it('missing: null, undefined, NaN, blank and the listed markers only', () => {
    expect([null, undefined, Number.NaN, '', '  ', ' NA ', '\u00a0'].map((v) => isMissing(v, MISSING))).toEqual([true, true, true, true, true, true, true]);
    expect([0, 'na', 'N A', false, [], {}].map((v) => isMissing(v, MISSING))).toEqual([false, false, false, false, false, false]);
  });

  it('trims only when there is white space to trim', () => {
    const text = 'LCP 04';
    expect(trimmed(text)).toBe(text);
    expect(trimmed('\tLCP 04\n')).toBe('LCP 04');
    expect(trimmed('')).toBe('');
  });

  it('quotes values in messages, cutting long text', () => {
    expect(quoted('x'.repeat(41))).toBe(`'${'x'.repeat(40)}...'`);
    expect([quoted(2), quoted(true), quoted(3n), quoted(new Date(0)), quoted([1]), quoted({}), quoted(Symbol('s')), quoted(() => 1)]).toEqual(['2', 'true', '3', 'a Date', 'a list', 'an object', 'a symbol', 'a function']);
  });

  it('numbers: finite numbers, bigints and numeric text', () => {
    expect([readNumber(2.5), readNumber(' 1e3 '), readNumber('.5'), readNumber('-3.'), readNumber(7n)]).toEqual([2.5, 1000, 0.5, -3, 7]);
    expect(readNumber(Number.POSITIVE_INFINITY)).toEqual({ problem: 'Expected a finite number, got Infinity' });
    expect(readNumber('1e999')).toEqual({ problem: "Expected a number, got '1e999'" });
    expect(readNumber('3 apples')).toEqual({ problem: "Expected a number, got '3 apples'" });
  });

  it('whole numbers: integers, safe bigints, and text with no fraction', () => {
    expect([readWholeNumber(3), readWholeNumber('+3'), readWholeNumber(' 3.00 '), readWholeNumber(4n)]).toEqual([3, 3, 3, 4]);
    expect(readWholeNumber(3.5)).toEqual({ problem: 'Expected a whole number, got 3.5' });
    expect(readWholeNumber(2n ** 60n)).toEqual({ problem: 'Expected a whole number, got 1152921504606846976' });
    expect(readWholeNumber('99999999999999999999')).toEqual({ problem: "Expected a whole number, got '99999999999999999999'" });
  });

  it('flags in every accepted spelling, and nothing else', () => {
    expect([true, 1, '1', ' Yes ', 'T', 'y', 'TRUE'].map(readFlag)).toEqual([true, true, true, true, true, true, true]);
    expect([false, 0, '0', 'No', 'f', 'N', 'false'].map(readFlag)).toEqual([false, false, false, false, false, false, false]);
    expect(readFlag(2)).toEqual({ problem: 'Expected a flag (1 or 0, true or false, Y or N, yes or no), got 2' });
  });

  it('text and ids', () => {
    expect([readText(' a '), readText(12.5), readText(5n)]).toEqual(['a', '12.5', '5']);
    expect(readText(Number.NaN)).toEqual({ problem: 'Expected text, got NaN' });
    expect(readText(true)).toEqual({ problem: 'Expected text, got true' });
    expect([readId(' p1 '), readId(42), readId(42n)]).toEqual(['p1', '42', '42']);
    expect(readId(1.5)).toEqual({ problem: 'Expected an id (text or a whole number), got 1.5' });
  });

  it('dates: text, timestamps, Dates; the form or the calendar named when wrong', () => {
    expect(readDate(' 2024-04-01 ', 'local')).toBe('2024-04-01');
    expect(readDate('2024-04-01T23:59:59+05:00', 'utc')).toBe('2024-04-01');
    expect(readDate('2024-04-31 10:00', 'local')).toEqual({ problem: '2024 has no 31 April: April 2024 has 30 days' });
    expect(readDate('2024-04-01X', 'local')).toEqual({ problem: "Expected a calendar date written YYYY-MM-DD, e.g. 2024-04-01; got '2024-04-01X'" });
    expect(readDate(20240401, 'local')).toEqual({ problem: 'Expected a date written YYYY-MM-DD, got 20240401' });
    const early = new Date(0);
    early.setFullYear(5, 0, 2);
    early.setHours(0, 0, 0, 0);
    expect(readDate(early, 'local')).toBe('0005-01-02');
  });
});

describe('marker codes', () => {
  it('without a table, every code is its own marker id', () => {
    expect(markerCodeReader(undefined)('anything')).toBe('anything');
  });

  it('a code listed twice for one marker is that marker once', () => {
    const read = markerCodeReader({ a: ['X', 'X'], b: 'Y', c: ['Y', 'Z'], d: 'Y' });
    expect(read('X')).toBe('a');
    expect(read('Y')).toEqual(['b', 'c', 'd']);
    expect(read('Z')).toBe('c');
    expect(read('b')).toBeUndefined();
  });
});
