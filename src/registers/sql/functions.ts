import type { SqlDialectId } from '../../segmentation/warehouse/sql/dialects.js';

/** The string and date functions a register query needs, as each dialect spells them. */
export interface RegisterSqlFunctions {
  /** The value as text, whatever the column's type (a SNOMED CT id held as a BIGINT, say). */
  readonly text: (e: string) => string;
  /** Removes leading and trailing spaces (U+0020) only, as `normaliseCode` does. */
  readonly trimSpaces: (e: string) => string;
  /** Upper-cases ASCII a-z only, as `normaliseCode` does; other characters are left as they are. */
  readonly upperAscii: (e: string) => string;
  readonly length: (e: string) => string;
  /** `length` characters from 1-based position `start`. */
  readonly substring: (e: string, start: number, length: number) => string;
  /** `length` characters from position 1, the length an expression. */
  readonly prefix: (e: string, length: string) => string;
  /** The type of a double-precision number. */
  readonly double: string;
  /** The date one day before a date value. */
  readonly dayBefore: (e: string) => string;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const translate = (e: string) => `TRANSLATE(${e}, '${LOWER}', '${LOWER.toUpperCase()}')`;
const trimBoth = (e: string) => `TRIM(BOTH ' ' FROM ${e})`;
const commaSubstring = (e: string, start: number, length: number) => `SUBSTRING(${e}, ${start}, ${length})`;

/**
 * - ANSI SQL has no function that maps only ASCII letters (its TRANSLATE converts character
 *   sets), so it upper-cases with UPPER: a code that only another script's letters make match
 *   may then match there (docs/registers.md says so); the engines' dialects use TRANSLATE.
 * - T-SQL has TRIM only from SQL Server 2017 and LEN ignores trailing spaces, so it trims with
 *   LTRIM(RTRIM()) (spaces only, as wanted) and measures after a trailing character.
 */
export const REGISTER_SQL_FUNCTIONS: Readonly<Record<SqlDialectId, RegisterSqlFunctions>> = Object.freeze({
  ansi: {
    double: 'DOUBLE PRECISION',
    text: (e) => `CAST(${e} AS VARCHAR(4000))`,
    trimSpaces: trimBoth,
    upperAscii: (e) => `UPPER(${e})`,
    length: (e) => `CHAR_LENGTH(${e})`,
    substring: (e, start, length) => `SUBSTRING(${e} FROM ${start} FOR ${length})`,
    prefix: (e, length) => `SUBSTRING(${e} FROM 1 FOR ${length})`,
    dayBefore: (e) => `CAST(${e} - INTERVAL '1' DAY AS DATE)`,
  },
  postgresql: {
    double: 'DOUBLE PRECISION',
    text: (e) => `CAST(${e} AS TEXT)`,
    trimSpaces: trimBoth,
    upperAscii: translate,
    length: (e) => `CHAR_LENGTH(${e})`,
    substring: commaSubstring,
    prefix: (e, length) => `SUBSTRING(${e}, 1, ${length})`,
    dayBefore: (e) => `CAST(${e} - INTERVAL '1' DAY AS DATE)`,
  },
  tsql: {
    double: 'FLOAT',
    text: (e) => `CAST(${e} AS NVARCHAR(4000))`,
    trimSpaces: (e) => `LTRIM(RTRIM(${e}))`,
    upperAscii: translate,
    length: (e) => `(LEN(${e} + N'.') - 1)`,
    substring: commaSubstring,
    prefix: (e, length) => `SUBSTRING(${e}, 1, ${length})`,
    dayBefore: (e) => `CAST(DATEADD(day, -1, ${e}) AS date)`,
  },
  duckdb: {
    double: 'DOUBLE',
    text: (e) => `CAST(${e} AS VARCHAR)`,
    trimSpaces: trimBoth,
    upperAscii: translate,
    length: (e) => `LENGTH(${e})`,
    substring: commaSubstring,
    prefix: (e, length) => `SUBSTRING(${e}, 1, ${length})`,
    dayBefore: (e) => `CAST(${e} - INTERVAL 1 DAY AS DATE)`,
  },
  spark: {
    double: 'DOUBLE',
    text: (e) => `CAST(${e} AS STRING)`,
    trimSpaces: trimBoth,
    upperAscii: translate,
    length: (e) => `CHAR_LENGTH(${e})`,
    substring: commaSubstring,
    prefix: (e, length) => `SUBSTRING(${e}, 1, ${length})`,
    dayBefore: (e) => `DATE_SUB(${e}, 1)`,
  },
});
