import * as z from 'zod';
import { PhmValidationError } from '../../core/errors.js';
import { verhoeffCheckDigit } from './verhoeff.js';

/**
 * Zod schema of the code systems a codelist can be written in: SNOMED CT, dm+d (the NHS
 * Dictionary of Medicines and Devices, whose ids are SNOMED CT ids), ICD-10 and OPCS-4 (hospital
 * diagnoses and procedures), and the retired primary care systems CTV3 (Read v3) and Read v2,
 * still found in historical extracts.
 *
 * @example
 * CodeSystemSchema.parse('icd10')            // 'icd10'
 * CodeSystemSchema.safeParse('snomed').success // false: it is 'snomed-ct'
 */
export const CodeSystemSchema = z.enum(['snomed-ct', 'dmd', 'icd10', 'opcs4', 'ctv3', 'readv2']);

/**
 * One of the code systems of {@link CodeSystemSchema}.
 *
 * @example
 * const system: CodeSystemId = 'snomed-ct';
 */
export type CodeSystemId = z.output<typeof CodeSystemSchema>;

/** What a valid code of each system is called in messages, with its article. */
const LABELS: Readonly<Record<CodeSystemId, string>> = Object.freeze({
  'snomed-ct': 'a SNOMED CT identifier',
  dmd: 'a dm+d identifier',
  icd10: 'an ICD-10 code',
  opcs4: 'an OPCS-4 code',
  ctv3: 'a CTV3 code',
  readv2: 'a Read v2 code',
});

/** The kinds of SNOMED CT component that the partition identifiers other than a concept's mark. */
const PARTITIONS: Readonly<Record<string, string>> = Object.freeze({
  '01': 'a description, not a concept',
  '02': 'a relationship, not a concept',
  '03': 'a subset (RF1), not a concept',
  '04': 'a cross-map set (RF1), not a concept',
  '05': 'a cross-map target (RF1), not a concept',
  '11': 'a description in an extension, not a concept',
  '12': 'a relationship in an extension, not a concept',
  '13': 'a subset in an extension (RF1), not a concept',
  '14': 'a cross-map set in an extension (RF1), not a concept',
  '15': 'a cross-map target in an extension (RF1), not a concept',
});

/** The system, checked: these run once per event code, so the check is a lookup, not a parse. */
function checkedSystem(system: unknown): CodeSystemId {
  if (typeof system === 'string' && Object.hasOwn(LABELS, system)) return system as CodeSystemId;
  const message = `Expected one of ${CodeSystemSchema.options.map((s) => `'${s}'`).join(', ')}`;
  throw new PhmValidationError(`Invalid code system: ${message}`, [{ path: ['system'], message }]);
}

function checkedCode(code: unknown): string {
  if (typeof code === 'string') return code;
  const message = `Expected a code written as a string, not a value of type ${code === null ? 'null' : typeof code}`;
  throw new PhmValidationError(`Invalid code: ${message}`, [{ path: ['code'], message }]);
}

/** Leading and trailing U+0020 only: a tab or a no-break space is part of the code, as in SQL's TRIM. */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** a-z to A-Z only: `toUpperCase` would also turn 'ı' into 'I' and 'ß' into 'SS', which SQL's TRANSLATE does not. */
function upperAscii(text: string): string {
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

const isDigit = (unit: number) => unit >= 48 && unit <= 57;

/**
 * A code as it is compared, in the given system: the one function applied both to a codelist's
 * codes and to every event code at match time, and mirrored step for step in the SQL, so that
 * a code matches in the warehouse exactly when it does here. It never refuses a string (an
 * event code that is malformed simply matches nothing); only a system it does not know, or a
 * code that is not a string, is refused with `PhmValidationError`.
 *
 * - Every system: leading and trailing spaces (U+0020, and nothing else) are removed.
 * - ICD-10 and OPCS-4: then every '.' is removed, a-z is upper-cased (only ASCII letters), and
 *   when the 4th character is 'X' or '-' only the first 3 are kept: English hospital data pads
 *   three-character categories as 'I10X' or 'I10-'.
 * - Read v2: a 7-character code whose last two characters are digits is a Read code followed by
 *   its two-digit term code, and only the first 5 characters are kept ('H33..00' is 'H33..').
 * - SNOMED CT, dm+d and CTV3: only the spaces. CTV3 and Read v2 are case-sensitive ('XaBVJ' and
 *   'XABVJ' are different codes), so case is never changed.
 *
 * The steps run once, as in the SQL: normalising a result again can still remove a space that
 * removing a dot or the padding exposed ('. I10' gives ' I10'); such a code is malformed
 * anyway, and every valid code is its own normal form. Characters are counted as JavaScript
 * does (UTF-16 code units); a database counts differently only for characters outside the Basic
 * Multilingual Plane, and a code holding one matches nothing in either, every valid code being
 * ASCII.
 *
 * @example
 * normaliseCode('icd10', ' e11.9 ')  // 'E119'
 * normaliseCode('icd10', 'I10X')     // 'I10'
 * normaliseCode('readv2', 'H33..00') // 'H33..'
 * normaliseCode('ctv3', 'XaBVJ')     // 'XaBVJ'
 */
export function normaliseCode(system: CodeSystemId, raw: string): string {
  const id = checkedSystem(system);
  const code = trimSpaces(checkedCode(raw));
  if (id === 'icd10' || id === 'opcs4') {
    const upper = upperAscii(code.replaceAll('.', ''));
    const fourth = upper.charAt(3);
    return fourth === 'X' || fourth === '-' ? upper.slice(0, 3) : upper;
  }
  if (id === 'readv2' && code.length === 7 && isDigit(code.charCodeAt(5)) && isDigit(code.charCodeAt(6))) return code.slice(0, 5);
  return code;
}

/** Why `code` is not a SNOMED CT concept identifier (also the form of a dm+d id), or undefined. */
function sctidFault(code: string): string | undefined {
  if (!/^[0-9]*$/.test(code)) return 'an identifier is written with the digits 0-9 only';
  if (code.length < 6 || code.length > 18) return `it has ${code.length === 1 ? '1 digit' : `${code.length} digits`}, and an identifier has 6 to 18`;
  if (code.charAt(0) === '0') return 'it starts with 0, which no identifier does';
  const partition = code.slice(-3, -1);
  if (partition !== '00' && partition !== '10') {
    return `its partition identifier (the 2nd and 3rd digits from the right) is '${partition}', which marks ${PARTITIONS[partition] ?? 'no kind of component'}: a concept's is '00' (international) or '10' (an extension)`;
  }
  const check = verhoeffCheckDigit(code.slice(0, -1));
  return check === code.slice(-1) ? undefined : `its check digit should be ${check}`;
}

/** Why `code` is not a 5-character CTV3 or Read v2 code, or undefined. */
function readFault(code: string): string | undefined {
  if (code.length !== 5) return `it has ${code.length === 1 ? '1 character' : `${code.length} characters`}, and a code has exactly 5, dots filling out the end (as in 'H33..')`;
  if (!/^[A-Za-z0-9.]{5}$/.test(code)) return 'a code is written with the letters A-Z and a-z, the digits 0-9 and dots only';
  if (code === '.....') return 'it is only dots';
  if (!/^[A-Za-z0-9]+\.*$/.test(code)) return "dots may only fill out the end of a code, as in 'H33..'";
  return undefined;
}

/**
 * Why a normalised code is not a code of the system, in words, or undefined when it is one;
 * the message says it whole. {@link codeProblem} is this with the code and the system named.
 */
export function codeFault(system: CodeSystemId, code: string): string | undefined {
  if (code.length === 0) return 'it is empty';
  switch (system) {
    case 'snomed-ct':
    case 'dmd':
      return sctidFault(code);
    case 'icd10':
      return /^[A-Z][0-9]{2}[0-9]{0,2}$/.test(code) ? undefined : 'a code is a letter A-Z and two digits, then up to two more digits, e.g. E11 or E11.9 (read as E119)';
    case 'opcs4':
      return /^[A-Z][0-9]{2}[0-9]?$/.test(code) ? undefined : 'a code is a letter A-Z and two digits, then at most one more digit, e.g. X40 or X40.1 (read as X401)';
    default:
      return readFault(code);
  }
}

/** How a valid code of `system` is named in messages, with its article: 'an ICD-10 code'. */
export function codeLabel(system: CodeSystemId): string {
  return LABELS[system];
}

/**
 * `text` quoted for a message: in single quotes, control characters written as escapes, and cut
 * short past 40 characters (a code cell can hold a whole paragraph by mistake).
 */
export function quoted(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `'${short.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/**
 * Why a code (already through {@link normaliseCode}) is not a valid code of the system, as a
 * plain English sentence naming the code and the system, or undefined when it is one. This is
 * for codelist files, which must hold real codes; an event code that is malformed is not an
 * error, it simply matches nothing.
 *
 * - SNOMED CT and dm+d: the digits 0-9 only, 6 to 18 of them, no leading zero, a partition
 *   identifier (2nd and 3rd digits from the right) of a concept, '00' (international) or '10'
 *   (an extension), and a valid Verhoeff check digit (the last digit).
 * - ICD-10: a letter A-Z, two digits, and up to two more digits (E11, E119, M4806).
 * - OPCS-4: a letter A-Z, two digits, and at most one more digit (X40, X401).
 * - CTV3 and Read v2: exactly 5 letters, digits and dots, dots only filling out the end
 *   ('H33..', 'XaBVJ', 'G3...'), and not only dots.
 *
 * @example
 * codeProblem('snomed-ct', '73211009') // undefined: diabetes mellitus
 * codeProblem('snomed-ct', '73211008') // "'73211008' is not a SNOMED CT identifier: its check digit should be 9"
 * codeProblem('icd10', normaliseCode('icd10', 'E11.9')) // undefined
 * codeProblem('ctv3', 'H3.3.') // "'H3.3.' is not a CTV3 code: dots may only fill out the end of a code, as in 'H33..'"
 */
export function codeProblem(system: CodeSystemId, normalisedCode: string): string | undefined {
  const id = checkedSystem(system);
  const code = checkedCode(normalisedCode);
  const fault = codeFault(id, code);
  return fault === undefined ? undefined : `${quoted(code)} is not ${LABELS[id]}: ${fault}`;
}

/**
 * Whether a codelist of the system may match by prefix: true for ICD-10 and OPCS-4 only, whose
 * codes nest by their leading characters (E11 is the category of E119). SNOMED CT, dm+d and
 * CTV3 codes are identifiers whose characters carry no hierarchy, and Read v2's dot-filled codes
 * do not nest as plain prefixes ('H33..' is not a prefix of 'H330.'), so their codelists list
 * every code they match.
 *
 * @example
 * supportsPrefixMatch('icd10')     // true
 * supportsPrefixMatch('snomed-ct') // false
 */
export function supportsPrefixMatch(system: CodeSystemId): boolean {
  const id = checkedSystem(system);
  return id === 'icd10' || id === 'opcs4';
}
