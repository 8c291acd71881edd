import { PhmValidationError } from '../../core/errors.js';
import type { Sex } from '../records/person.js';

/** One code or several, as `toSql` takes them. */
type Codes = string | readonly string[];

const listOf = (codes: Codes): readonly string[] => (typeof codes === 'string' ? [codes] : codes);

/**
 * The sex codes read when a mapping gives none: the NHS Data Dictionary person stated gender
 * codes (1 male, 2 female, 9 indeterminate, X not known) with 0 (not known in the older
 * person gender code), the letters M and F, and the four words themselves.
 *
 * @example
 * DEFAULT_SEX_CODES.female // ['2', 'F', 'female']
 */
export const DEFAULT_SEX_CODES: Readonly<Record<Sex, readonly string[]>> = Object.freeze({
  male: Object.freeze(['1', 'M', 'male']),
  female: Object.freeze(['2', 'F', 'female']),
  indeterminate: Object.freeze(['9', 'indeterminate']),
  unknown: Object.freeze(['0', 'X', 'unknown']),
});

/**
 * The table from each sex code (trimmed, lower-cased: codes are compared in any case) to the
 * sex it means, and the codes listed for messages. A code given for two sexes is refused.
 */
export function sexCodeTable(sexCodes: Partial<Record<Sex, Codes>> | undefined): { readonly table: ReadonlyMap<string, Sex>; readonly listed: string } {
  const table = new Map<string, Sex>();
  const listed: string[] = [];
  for (const [sex, codes] of Object.entries(sexCodes ?? DEFAULT_SEX_CODES) as [Sex, Codes][]) {
    for (const code of listOf(codes)) {
      const key = code.trim().toLowerCase();
      const earlier = table.get(key);
      if (earlier !== undefined && earlier !== sex) {
        const message = `The code '${code}' is given for both ${earlier} and ${sex}`;
        throw new PhmValidationError(`Invalid row mapping: sexCodes.${sex}: ${message}`, [{ path: ['sexCodes', sex], message }]);
      }
      if (earlier === undefined) listed.push(code.trim());
      table.set(key, sex);
    }
  }
  return { table, listed: listed.slice(0, 20).join(', ') + (listed.length > 20 ? ', ...' : '') };
}

/**
 * What a marker code means: the marker id (the code itself, when no table names it), the ids
 * (a code listed for several markers), or undefined (read as no marker).
 */
export type MarkerCodeReader = (code: string) => string | readonly string[] | undefined;

/**
 * Reads marker codes as `toSql` does: a code listed in `markerCodes` is its marker's id (or
 * the ids of every marker it is listed for); a marker `markerCodes` does not name has its own
 * id as its code, so any other code is read as a marker id itself; except the id of a marker
 * that `markerCodes` names, whose codes are the ones listed: that is read as no marker.
 *
 * @example
 * const read = markerCodeReader({ 'ltc-copd': ['COPD', 'COPD_REG'] });
 * read('COPD');       // 'ltc-copd'
 * read('ltc-asthma'); // 'ltc-asthma'
 * read('ltc-copd');   // undefined
 */
export function markerCodeReader(markerCodes: Readonly<Record<string, Codes>> | undefined): MarkerCodeReader {
  if (markerCodes === undefined) return (code) => code;
  const reverse = new Map<string, string | string[]>();
  const named = new Set<string>();
  for (const [id, codes] of Object.entries(markerCodes)) {
    named.add(id);
    for (const code of listOf(codes)) {
      const earlier = reverse.get(code);
      if (earlier === undefined) reverse.set(code, id);
      else if (typeof earlier === 'string') {
        if (earlier !== id) reverse.set(code, [earlier, id]);
      } else if (!earlier.includes(id)) earlier.push(id);
    }
  }
  return (code) => reverse.get(code) ?? (named.has(code) ? undefined : code);
}
