// The codelists of phm-kit/registers: code systems, codelists, and reading OpenCodelists CSVs.
export { CodeSystemSchema, normaliseCode, codeProblem, supportsPrefixMatch } from './code-systems.js';
export type { CodeSystemId } from './code-systems.js';
export { verhoeffCheckDigit } from './verhoeff.js';
export { CodelistMatchSchema, CodelistSpecSchema, CodelistSchema, defineCodelist, MAX_CODELIST_CODES } from './codelist.js';
export type { CodelistMatch, CodelistSpec, Codelist } from './codelist.js';
export { readCsv, MAX_CSV_CHARS } from './csv.js';
export type { CsvRecord } from './csv.js';
export { KNOWN_CODE_COLUMNS, KNOWN_TERM_COLUMNS } from './columns.js';
export { parseCodelist, ParseCodelistOptionsSchema } from './parse-codelist.js';
export type { ParseCodelistOptions } from './parse-codelist.js';
