import * as z from 'zod';
import { PhmModelError, type PhmIssue } from '../../../core/errors.js';

/**
 * Zod schema of the SQL dialects {@link toSql} writes.
 *
 * @example
 * SqlDialectSchema.options // ['ansi', 'postgresql', 'tsql', 'duckdb', 'spark']
 */
export const SqlDialectSchema = z.enum(['ansi', 'postgresql', 'tsql', 'duckdb', 'spark']);

/**
 * A SQL dialect {@link toSql} writes: `ansi`, `postgresql`, `tsql` (SQL Server), `duckdb` or
 * `spark` (Spark SQL).
 *
 * @example
 * const dialect: SqlDialectId = 'spark';
 * toSql(leeds2024, { dialect, asOf: '2024-04-01' }).sql;
 */
export type SqlDialectId = z.infer<typeof SqlDialectSchema>;

/** What differs between dialects: how names and values are written into the query. */
export interface SqlDialect {
  readonly id: SqlDialectId;
  /** Quotes one identifier (a table, column or alias), which must already be known to be safe. */
  readonly quote: (name: string) => string;
  /** A string literal for a value that must already be known to be safe. */
  readonly text: (value: string) => string;
  /** A date literal for a `YYYY-MM-DD` date. */
  readonly date: (iso: string) => string;
  /** The calendar day of a date or timestamp value, for comparisons that must ignore the time. */
  readonly day: (expression: string) => string;
  /** A test that a non-null value is the empty string, whatever the column's type. */
  readonly isEmpty: (expression: string) => string;
  /** The longest identifier the engine keeps whole, and in what unit; longer names are refused. */
  readonly maxIdentifier: { readonly length: number; readonly unit: 'bytes' | 'characters' | 'UTF-16 code units' } | undefined;
  /** How a view that may already exist is replaced; undefined when the dialect has no such statement. */
  readonly replaceView: string | undefined;
}

const doubled = (value: string, quote: string) => value.split(quote).join(quote + quote);
const ansiDate = (iso: string) => `DATE '${iso}'`;
const castToDate = (e: string) => `CAST(${e} AS DATE)`;

/**
 * - PostgreSQL: a literal with a backslash is written as an escape string (E'...'), so that it
 *   reads the same whatever `standard_conforming_strings` is set to; names over 63 bytes would
 *   be cut short silently, so they are refused.
 * - T-SQL: square brackets; N'...' for text beyond ASCII so that no character is lost to a code
 *   page; datetime2 date literals. Comparisons follow the column's collation (often case-insensitive) and ignore trailing
 *   spaces, as SQL Server always does: docs/sql.md says so.
 * - Spark SQL: backticks; backslash is an escape character in its literals, so it is escaped;
 *   `${` is refused, as Spark substitutes variables in the SQL text before it parses it.
 */
export const SQL_DIALECTS: Readonly<Record<SqlDialectId, SqlDialect>> = Object.freeze({
  ansi: {
    id: 'ansi',
    quote: (name) => `"${doubled(name, '"')}"`,
    text: (value) => `'${doubled(value, "'")}'`,
    date: ansiDate,
    day: castToDate,
    isEmpty: (e) => `CHAR_LENGTH(CAST(${e} AS VARCHAR(4000))) = 0`,
    maxIdentifier: { length: 128, unit: 'characters' },
    replaceView: undefined,
  },
  postgresql: {
    id: 'postgresql',
    quote: (name) => `"${doubled(name, '"')}"`,
    text: (value) => (value.includes('\\') ? `E'${doubled(doubled(value, '\\'), "'")}'` : `'${doubled(value, "'")}'`),
    date: ansiDate,
    day: castToDate,
    isEmpty: (e) => `CAST(${e} AS TEXT) = ''`,
    maxIdentifier: { length: 63, unit: 'bytes' },
    replaceView: 'CREATE OR REPLACE VIEW',
  },
  tsql: {
    id: 'tsql',
    quote: (name) => `[${doubled(name, ']')}]`,
    text: (value) => `${/^[\x00-\x7f]*$/.test(value) ? '' : 'N'}'${doubled(value, "'")}'`,
    // datetime2, not date: a date literal compared with a datetime column is converted to
    // datetime, which fails before 1753; datetime2 compares with date, datetime and smalldatetime.
    date: (iso) => `CAST('${iso}' AS datetime2)`,
    day: castToDate,
    isEmpty: (e) => `DATALENGTH(${e}) = 0`,
    maxIdentifier: { length: 128, unit: 'UTF-16 code units' },
    replaceView: 'CREATE OR ALTER VIEW',
  },
  duckdb: {
    id: 'duckdb',
    quote: (name) => `"${doubled(name, '"')}"`,
    text: (value) => `'${doubled(value, "'")}'`,
    date: ansiDate,
    day: castToDate,
    isEmpty: (e) => `CAST(${e} AS VARCHAR) = ''`,
    maxIdentifier: undefined,
    replaceView: 'CREATE OR REPLACE VIEW',
  },
  spark: {
    id: 'spark',
    quote: (name) => `\`${doubled(name, '`')}\``,
    text: (value) => `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`,
    date: ansiDate,
    day: castToDate,
    isEmpty: (e) => `CAST(${e} AS STRING) = ''`,
    maxIdentifier: undefined,
    replaceView: 'CREATE OR REPLACE VIEW',
  },
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a name or value cannot be written into SQL safely, or undefined when it can. Control
 * characters (NUL above all) and unpaired UTF-16 surrogates are refused outright: engines and
 * drivers disagree on them, and no quoting makes them mean one thing everywhere.
 */
export function unsafeReason(value: string, dialect: SqlDialect, kind: 'identifier' | 'literal'): string | undefined {
  if (kind === 'identifier' && value.length === 0) return 'it is empty';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'it contains a control character';
  if (LONE_SURROGATE.test(value)) return 'it contains an unpaired UTF-16 surrogate';
  // Spark substitutes ${...} anywhere in the SQL text, quoted or not, before it parses it
  // (spark.sql.variable.substitute, on by default): a value could become a setting's value.
  if (dialect.id === 'spark' && value.includes('${')) return "Spark SQL would substitute the '${' in it before parsing";
  const limit = kind === 'identifier' ? dialect.maxIdentifier : undefined;
  if (limit !== undefined) {
    const length = limit.unit === 'bytes' ? new TextEncoder().encode(value).length : limit.unit === 'characters' ? [...value].length : value.length;
    if (length > limit.length) return `it is ${length} ${limit.unit} long, over the ${dialect.id} limit of ${limit.length}`;
  }
  return undefined;
}

/** Collects every unsafe name or value, with its path in the input, to throw them together. */
export function createSafetyCheck(dialect: SqlDialect) {
  const issues: PhmIssue[] = [];
  const check = (value: string, path: (string | number)[], kind: 'identifier' | 'literal', what: string): string => {
    const reason = unsafeReason(value, dialect, kind);
    if (reason !== undefined) issues.push({ code: 'unsafe-sql-name', path, message: `${what} ${JSON.stringify(value)} cannot be written as ${dialect.id} SQL safely: ${reason}` });
    return kind === 'identifier' ? dialect.quote(value) : dialect.text(value);
  };
  /**
   * Text for a `--` comment: comments cannot be quoted, so only letters, digits, spaces and
   * `. _ : -` are written; anything else is refused, however it got past the model's checks.
   */
  const comment = (value: string, path: (string | number)[], what: string): string => {
    if (!/^[A-Za-z0-9 ._:-]*$/.test(value)) {
      issues.push({ code: 'unsafe-sql-name', path, message: `${what} ${JSON.stringify(value)} cannot be written into a SQL comment safely: only letters, digits, spaces and . _ : - can be` });
    }
    return value;
  };
  return {
    comment,
    identifier: (value: string, path: (string | number)[], what: string) => check(value, path, 'identifier', what),
    literal: (value: string, path: (string | number)[], what: string) => check(value, path, 'literal', what),
    throwIfAny: (): void => {
      const first = issues[0];
      if (first === undefined) return;
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
      throw new PhmModelError('unsafe-sql-name', `${first.message}${more}`, issues);
    },
  };
}
