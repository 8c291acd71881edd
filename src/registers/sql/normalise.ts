import type { CodeSystemId } from '../codelists/code-systems.js';
import type { RegisterSqlFunctions } from './functions.js';

const DIGITS = "('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')";

/**
 * An event code normalised in SQL exactly as `normaliseCode` does it in TypeScript, for one
 * code system: the two are the same steps, so that a code matches a codelist in the warehouse
 * exactly when it does in the library.
 */
export function normaliseCodeSql(system: CodeSystemId, code: string, f: RegisterSqlFunctions): string {
  const trimmed = f.trimSpaces(code);
  if (system === 'readv2') {
    return `CASE WHEN ${f.length(trimmed)} = 7 AND ${f.substring(trimmed, 6, 1)} IN ${DIGITS} AND ${f.substring(trimmed, 7, 1)} IN ${DIGITS} THEN ${f.substring(trimmed, 1, 5)} ELSE ${trimmed} END`;
  }
  if (system === 'icd10' || system === 'opcs4') {
    const n = f.upperAscii(`REPLACE(${trimmed}, '.', '')`);
    return `CASE WHEN ${f.substring(n, 4, 1)} IN ('X', '-') THEN ${f.substring(n, 1, 3)} ELSE ${n} END`;
  }
  return trimmed;
}
