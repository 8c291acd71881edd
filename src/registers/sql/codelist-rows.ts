import * as z from 'zod';
import { parseInput } from '../../core/validation.js';
import { CodelistSchema, type Codelist } from '../codelists/codelist.js';

/**
 * The rows of the codelist table {@link registersToSql} reads: one `{ codelist, code }` per
 * code, normalised as the library compares them. Load these (not the raw CSV) so that the
 * warehouse compares the same codes.
 *
 * @example
 * codelistRows([defineCodelist({ name: 'DM_COD', system: 'snomed-ct', codes: ['44054006', '73211009'] })])
 * // [{ codelist: 'DM_COD', code: '44054006' }, { codelist: 'DM_COD', code: '73211009' }]
 */
export function codelistRows(codelists: readonly Codelist[]): { codelist: string; code: string }[] {
  return parseInput(z.array(CodelistSchema).max(100_000), codelists, 'codelists').flatMap((list) => list.codes.map((code) => ({ codelist: list.name, code })));
}
