import { verhoeffCheckDigit } from '../codelists/verhoeff.js';
import { defineCodelist, type Codelist } from '../codelists/codelist.js';
import { FRAILTY_CODELISTS } from '../builtins/frailty.js';
import { hfrsCodelists } from '../builtins/hfrs.js';
import { QOF_CODELISTS } from '../builtins/qof.js';

/**
 * A namespace for made-up identifiers: synthetic codes are well-formed SNOMED CT extension
 * identifiers (item, this namespace, partition 10, Verhoeff check digit) that name no real
 * concept, so that tests and demos run on codes phm-kit may ship.
 */
const SYNTHETIC_NAMESPACE = '9999999';

/** The synthetic identifier of item `item`. */
export function syntheticCode(item: number): string {
  const body = `${item}${SYNTHETIC_NAMESPACE}10`;
  return body + verhoeffCheckDigit(body);
}

/** Codes per synthetic codelist: two, so that a list is seen to hold more than one. */
const PER_LIST = 2;

/** The codelists of the built-in registers with synthetic codes, HFRS's published categories aside. */
const NAMES = [...QOF_CODELISTS, ...FRAILTY_CODELISTS].map((c) => ({ name: c.name, system: c.system === 'dmd' ? ('dmd' as const) : ('snomed-ct' as const) }));

/** The synthetic codes of one built-in codelist, by name (empty for a name it does not know). */
export function syntheticCodesOf(name: string): string[] {
  const at = NAMES.findIndex((n) => n.name === name);
  return at < 0 ? [] : Array.from({ length: PER_LIST }, (_, j) => syntheticCode(100_000 + at * 10 + j));
}

/** A synthetic code in no codelist: noise. */
export function unlistedCode(k: number): string {
  return syntheticCode(900_000 + k);
}

/**
 * Every codelist the built-in registers read, as synthetic codelists: made-up SNOMED CT and
 * dm+d identifiers for the QOF clusters, the frailty assessments and the eFI deficits (phm-kit
 * ships no real codes of theirs), and the HFRS's published ICD-10 categories. What
 * `syntheticEvents` codes its events with.
 *
 * @example
 * const codelists = syntheticCodelists();
 * codelists.find((c) => c.name === 'DM_COD')?.codes.length // 2
 */
export function syntheticCodelists(): Codelist[] {
  made ??= Object.freeze([...NAMES.map((n) => defineCodelist({ name: n.name, system: n.system, codes: syntheticCodesOf(n.name) })), ...hfrsCodelists()]);
  return [...made];
}

/** The codelists, made once: they are frozen constants, and a stream of people asks for them once a person. */
let made: readonly Codelist[] | undefined;
