import * as z from 'zod';
import { PhmValidationError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import { CodelistNameSchema } from '../rules/rule.js';
import { CodeSystemSchema } from './code-systems.js';
import { buildCodelist, CodelistMatchSchema, defineCodelist, MAX_CODELIST_CODES, refusePrefix, type Codelist, type CodeEntry } from './codelist.js';
import { findColumns } from './columns.js';
import { readCsv } from './csv.js';

const ColumnNameSchema = z.string().min(1, 'A column name cannot be empty').max(1_000);

/**
 * Zod schema of the options of {@link parseCodelist}: the codelist's `name` and code `system`;
 * `codeColumn` and `termColumn`, the header names of the code and term columns (found by their
 * usual names when left out: see {@link KNOWN_CODE_COLUMNS}); and `match`, `'exact'` by
 * default, or `'prefix'` for ICD-10 and OPCS-4.
 *
 * @example
 * ParseCodelistOptionsSchema.safeParse({ name: 'AST_COD', system: 'ctv3', codeColumn: 'CTV3ID' }).success // true
 */
export const ParseCodelistOptionsSchema = z
  .strictObject({
    /** The name rules refer to it by: a QOF cluster id such as `DM_COD`. */
    name: CodelistNameSchema,
    system: CodeSystemSchema,
    /** The header of the code column, exactly as written; by default the first known one. */
    codeColumn: ColumnNameSchema.optional(),
    /** The header of the term column, exactly as written; by default the first known one, if any. */
    termColumn: ColumnNameSchema.optional(),
    /** Default `'exact'`. */
    match: CodelistMatchSchema.optional(),
  })
  .superRefine(refusePrefix);

/**
 * Options of {@link parseCodelist}: see {@link ParseCodelistOptionsSchema}.
 *
 * @example
 * const options: ParseCodelistOptions = { name: 'DM_COD', system: 'snomed-ct' };
 */
export type ParseCodelistOptions = z.input<typeof ParseCodelistOptionsSchema>;

function refuse(name: string, message: string, path: (string | number)[] = []): PhmValidationError {
  return new PhmValidationError(`Invalid codelist ${name}: ${message}`, [{ path, message }]);
}

/**
 * A codelist from the CSV text that OpenCodelists (opencodelists.org) downloads, or from a plain
 * list of codes (then it is {@link defineCodelist}). Pure: it takes the text, never a path.
 *
 * The first row is the header. The code column is `codeColumn` when named (it must exist),
 * else the first of the system's {@link KNOWN_CODE_COLUMNS} found (in any case): `code` in
 * today's downloads, `dmd_id` in older dm+d ones, `CTV3ID` or `CTV3Code` in older CTV3 ones. The
 * term column is found likewise ({@link KNOWN_TERM_COLUMNS}), and is optional. Each code is
 * normalised by its system, duplicates merged (the first non-empty term kept), and the codes
 * sorted.
 *
 * Refused with `PhmValidationError`: bad options (naming the path); text that is empty or
 * has a header and no rows; no code column (naming the headers found and the names looked
 * for); and every malformed code or empty code cell, each named by its physical line in the
 * file (the header being line 1), the path `['line', 12]` and its message
 * "Line 12: 'E1' is not an ICD-10 code: ...". Up to 100 such issues are listed; the message says
 * how many more. The CSV is read by {@link readCsv}: quoted fields, CRLF, LF or CR line ends, a
 * byte order mark, blank lines skipped.
 *
 * @example
 * const astCod = parseCodelist('code,term\r\n195967001,Asthma\r\n', { name: 'AST_COD', system: 'snomed-ct' });
 * astCod.codes // ['195967001']
 * astCod.terms // { '195967001': 'Asthma' }
 *
 * parseCodelist('CTV3ID,CTV3PreferredTermDesc,CTV3Source\nH33..,Asthma,QOF\n', { name: 'AST_CTV3', system: 'ctv3' }).codes // ['H33..']
 * parseCodelist(['E11', 'E10'], { name: 'DIAB_ICD', system: 'icd10', match: 'prefix' }).codes // ['E10', 'E11']
 */
export function parseCodelist(source: string | readonly string[], options: ParseCodelistOptions): Codelist {
  const { name, system, codeColumn, termColumn, match = 'exact' } = parseInput(ParseCodelistOptionsSchema, options, 'options');
  if (typeof source !== 'string') {
    if (!Array.isArray(source)) throw refuse(name, `Expected the CSV text of a codelist, or a list of codes, not a value of type ${source === null ? 'null' : typeof source}`);
    const column = codeColumn === undefined ? (termColumn === undefined ? undefined : 'termColumn') : 'codeColumn';
    if (column !== undefined) throw new PhmValidationError(`Invalid options: ${column}: it names a CSV column, but the codes were given as a list`, [{ path: [column], message: 'It names a CSV column, but the codes were given as a list' }]);
    return defineCodelist({ name, system, match, codes: source });
  }
  const [header, ...rows] = readCsv(source);
  if (header === undefined) throw refuse(name, 'the CSV text is empty: expected a header row (such as code,term) and a row for each code');
  const columns = findColumns(name, header, system, codeColumn, termColumn);
  if (rows.length === 0) throw refuse(name, `the CSV has a header row (line ${header.line}) but no rows of codes`);
  if (rows.length > MAX_CODELIST_CODES) throw refuse(name, `the CSV has ${rows.length.toLocaleString('en-GB')} rows of codes: at most ${MAX_CODELIST_CODES.toLocaleString('en-GB')} can be held in one codelist`);
  const entries = rows.map((row): CodeEntry => {
    const term = columns.term === undefined ? undefined : row.fields[columns.term];
    return { raw: row.fields[columns.code] ?? '', path: ['line', row.line], lead: `Line ${row.line}: `, ...(term === undefined ? {} : { term }) };
  });
  return buildCodelist(name, system, match, entries);
}
