import { dateProblem, formatDate, isIsoDate, type IsoDate } from '../../core/dates.js';
import type { Sex } from '../records/person.js';

/**
 * Reading one cell of a row as what its column holds. Every reader takes a value that is
 * present (not missing: see {@link isMissing}) and returns what it means, or a
 * {@link CellProblem} saying in words why it cannot be read: the row is then rejected, the
 * column named. Readers never throw and never look at more than the value they are given.
 */

/** Why a cell could not be read; the reader's answer in place of a value. */
export interface CellProblem {
  readonly problem: string;
}

const problem = (text: string): CellProblem => ({ problem: text });

/** Whether a reader's answer is a {@link CellProblem}. Values read are never objects. */
export function isProblem(value: unknown): value is CellProblem {
  return typeof value === 'object' && value !== null;
}

/** A value as a reader would quote it in a message: text in quotes, cut at 40 characters. */
export function quoted(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value instanceof Date) return 'a Date';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0xfeff;
}

/** `text` without surrounding white space; the same string when it has none (the usual case). */
export function trimmed(text: string): string {
  return text.length > 0 && (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1))) ? text.trim() : text;
}

/**
 * Whether a cell counts as absent: `null`, `undefined`, `NaN`, text that is empty or white
 * space, or text (trimmed) that is one of the `missing` markers (`NA`, `NULL`, ...).
 */
export function isMissing(value: unknown, missing: ReadonlySet<string>): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') {
    const text = trimmed(value);
    return text.length === 0 || missing.has(text);
  }
  return typeof value === 'number' && Number.isNaN(value);
}

/**
 * How a JS `Date` is read as a calendar date: `'local'`, the date in the time zone of the
 * process, as node-postgres and mysql2 make a DATE column's `Date` (local midnight); or
 * `'utc'`, for drivers set to make them at UTC midnight.
 */
export type DateZone = 'local' | 'utc';

function dateOfDate(value: Date, zone: DateZone): IsoDate | CellProblem {
  const time = value.getTime();
  if (Number.isNaN(time)) return problem('Expected a date, got an invalid Date');
  const year = zone === 'utc' ? value.getUTCFullYear() : value.getFullYear();
  const month = zone === 'utc' ? value.getUTCMonth() : value.getMonth();
  const day = zone === 'utc' ? value.getUTCDate() : value.getDate();
  if (year < 1 || year > 9999) return problem(`Expected a date in years 0001-9999, got a Date in year ${year}`);
  return formatDate(year, month + 1, day);
}

/**
 * A calendar date: text `YYYY-MM-DD`, or a timestamp that starts with one (`2024-04-01
 * 00:00:00.000`, `2024-04-01T09:30:00Z`: its date as written), or a JS `Date` read in `zone`.
 *
 * @example
 * readDate('2024-04-01 00:00:00', 'local') // '2024-04-01'
 * readDate('2023-02-29', 'local')          // { problem: '2023 has no 29 February (it is not a leap year)' }
 */
export function readDate(value: unknown, zone: DateZone): IsoDate | CellProblem {
  if (value instanceof Date) return dateOfDate(value, zone);
  if (typeof value !== 'string') return problem(`Expected a date written YYYY-MM-DD, got ${quoted(value)}`);
  const text = trimmed(value);
  if (text.length === 10 && isIsoDate(text)) return text;
  const separator = text.charCodeAt(10);
  const date = text.length > 10 && (separator === 84 || separator === 32) ? text.slice(0, 10) : text;
  if (date !== text && isIsoDate(date)) return date;
  return problem(date.length === 10 ? dateProblem(date) : `${dateProblem(date)}; got ${quoted(text)}`);
}

const WHOLE = /^[+-]?\d+(?:\.0*)?$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number: a finite JS number, or text written as one (`'3'`, `' 2.5 '`, `'1e3'`).
 *
 * @example
 * readNumber(' 2.5 ') // 2.5
 * readNumber('two')   // { problem: "Expected a number, got 'two'" }
 */
export function readNumber(value: unknown): number | CellProblem {
  if (typeof value === 'number') return Number.isFinite(value) ? value : problem(`Expected a finite number, got ${value}`);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const text = trimmed(value);
    if (DECIMAL.test(text)) {
      const n = Number(text);
      if (Number.isFinite(n)) return n;
    }
  }
  return problem(`Expected a number, got ${quoted(value)}`);
}

/**
 * A whole number: a JS integer, or text written as one (`'3'`, `'3.0'`).
 *
 * @example
 * readWholeNumber('7')   // 7
 * readWholeNumber('7.5') // { problem: 'Expected a whole number, got '7.5'' }
 */
export function readWholeNumber(value: unknown): number | CellProblem {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  if (typeof value === 'string') {
    const text = trimmed(value);
    if (WHOLE.test(text)) {
      const n = Number.parseInt(text, 10);
      if (Number.isSafeInteger(n)) return n;
    }
  }
  return problem(`Expected a whole number, got ${quoted(value)}`);
}

const TRUE_WORDS: ReadonlySet<string> = new Set(['1', 'true', 't', 'y', 'yes']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['0', 'false', 'f', 'n', 'no']);

/**
 * A flag: `true`/`false`, the numbers 1 and 0, or the words `1`/`0`, `true`/`false`, `T`/`F`,
 * `Y`/`N`, `yes`/`no` in any case.
 *
 * @example
 * readFlag('Y') // true
 * readFlag(0)   // false
 * readFlag('2') // { problem: ... }
 */
export function readFlag(value: unknown): boolean | CellProblem {
  if (value === true || value === 1 || value === '1') return true;
  if (value === false || value === 0 || value === '0') return false;
  if (typeof value === 'string') {
    const word = trimmed(value).toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return problem(`Expected a flag (1 or 0, true or false, Y or N, yes or no), got ${quoted(value)}`);
}

/**
 * Text: a string as it is (white space around it removed), or a number or bigint written out.
 *
 * @example
 * readText(' LCP 04 ') // 'LCP 04'
 * readText(1042)       // '1042'
 */
export function readText(value: unknown): string | CellProblem {
  if (typeof value === 'string') return trimmed(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return String(value);
  return problem(`Expected text, got ${quoted(value)}`);
}

/**
 * A person id: text as it is (an id is opaque: only white space around it is removed, as CSV
 * writers pad), or a whole number or bigint written out, as database keys arrive.
 *
 * @example
 * readId(1042) // '1042'
 * readId(1.5)  // { problem: 'Expected an id (text or a whole number), got 1.5' }
 */
export function readId(value: unknown): string | CellProblem {
  if (typeof value === 'string') return trimmed(value);
  if ((typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'bigint') return String(value);
  return problem(`Expected an id (text or a whole number), got ${quoted(value)}`);
}

/**
 * Reads sex codes through a table from each code (trimmed, lower-cased) to the sex it means.
 *
 * @example
 * const read = createSexReader(new Map([['1', 'male'], ['2', 'female']]), '1, 2');
 * read(' 2 ') // 'female'
 */
export function createSexReader(codes: ReadonlyMap<string, Sex>, listed: string): (value: unknown) => Sex | CellProblem {
  return (value) => {
    const text = readText(value);
    if (isProblem(text)) return text;
    return codes.get(text.toLowerCase()) ?? problem(`${quoted(text)} is not a sex code here: expected one of ${listed}`);
  };
}
