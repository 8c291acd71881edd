import * as z from 'zod';
import { PhmValidationError, type PhmIssue } from '../../core/errors.js';
import { deepFreeze, type DeepReadonly } from '../../core/freeze.js';
import { parseInput, recordOf, writePath } from '../../core/validation.js';
import { countOf } from '../../core/words.js';
import { CodelistNameSchema } from '../rules/rule.js';
import { codeFault, codeLabel, CodeSystemSchema, normaliseCode, quoted, supportsPrefixMatch, type CodeSystemId } from './code-systems.js';

/**
 * The most codes one codelist may list (before duplicates are merged): 1,000,000, more than a
 * whole release of SNOMED CT holds concepts, so that only a mistake (a file that is not a
 * codelist) meets it.
 *
 * @example
 * MAX_CODELIST_CODES // 1000000
 */
export const MAX_CODELIST_CODES = 1_000_000;

/** Issues listed for bad codes; past it, the message says how many more there are. */
const MAX_CODE_ISSUES = 100;

/**
 * Zod schema of how a codelist matches an event's code: `'exact'` (the code is one of the
 * list's), or `'prefix'` (it starts with one of them, so that 'E11' matches 'E119'), which only
 * ICD-10 and OPCS-4 codelists may use.
 *
 * @example
 * CodelistMatchSchema.parse('prefix') // 'prefix'
 */
export const CodelistMatchSchema = z.enum(['exact', 'prefix']);

/**
 * How a codelist matches: see {@link CodelistMatchSchema}.
 *
 * @example
 * const match: CodelistMatch = 'prefix';
 */
export type CodelistMatch = z.output<typeof CodelistMatchSchema>;

const PREFIX_MESSAGE = "Prefix matching is for ICD-10 and OPCS-4 codelists only, whose codes nest by their leading characters; use 'exact' and list every code";

/** Refuses `match: 'prefix'` for a system whose codes do not nest by prefix. */
export function refusePrefix(value: { system: CodeSystemId; match?: CodelistMatch | undefined }, ctx: z.core.$RefinementCtx<unknown>): void {
  if (value.match === 'prefix' && !supportsPrefixMatch(value.system)) ctx.addIssue({ code: 'custom', path: ['match'], input: value.match, message: PREFIX_MESSAGE });
}

const specShape = {
  /** The name rules refer to it by: a QOF cluster id such as `DM_COD`. */
  name: CodelistNameSchema,
  system: CodeSystemSchema,
  /** Default `'exact'`. */
  match: CodelistMatchSchema.optional(),
};

const tooMany = `At most ${MAX_CODELIST_CODES.toLocaleString('en-GB')} codes can be held in one codelist`;
const noCodes = 'A codelist needs at least one code: with none, every rule that reads it would silently be false';

/**
 * Zod schema of what {@link defineCodelist} takes: a `name` (a letter, then letters, digits and
 * underscores, as QOF cluster ids are written: `DM_COD`), a code `system`, the `codes` as they
 * are written (normalised by the system, so 'E11.9' and 'e119' are the same ICD-10 code), and
 * `match` (`'exact'` by default, or `'prefix'` for ICD-10 and OPCS-4). The shape only: each
 * code's validity is checked by `defineCodelist`, which names every bad one.
 *
 * @example
 * CodelistSpecSchema.safeParse({ name: 'AST_COD', system: 'snomed-ct', codes: ['195967001'] }).success // true
 * CodelistSpecSchema.safeParse({ name: 'AST_COD', system: 'snomed-ct', codes: ['195967001'], match: 'prefix' }).success // false
 */
export const CodelistSpecSchema = z
  .strictObject({
    ...specShape,
    /** The codes, as strings (an 18-digit SNOMED CT id does not fit in a JavaScript number). */
    codes: z.array(z.string()).min(1, noCodes).max(MAX_CODELIST_CODES, tooMany),
  })
  .superRefine(refusePrefix);

/**
 * What {@link defineCodelist} takes: see {@link CodelistSpecSchema}. A readonly list of codes
 * (`as const`) is taken too.
 *
 * @example
 * const dmCod: CodelistSpec = { name: 'DM_COD', system: 'snomed-ct', codes: ['73211009', '44054006'] };
 */
export type CodelistSpec = z.input<typeof CodelistSpecSchema>;

/** The spec with codes checked one by one here, so that every bad code is named (up to a cap) with a message of its own. */
const LooseSpecSchema = z
  .strictObject({ ...specShape, codes: z.array(z.unknown()).min(1, noCodes).max(MAX_CODELIST_CODES, tooMany) })
  .superRefine(refusePrefix);

/**
 * Zod schema of a codelist as {@link defineCodelist} and `parseCodelist` make it: its codes
 * normalised, valid in its system, unique and sorted by UTF-16 code unit (plain `<` on strings),
 * with `terms` (code to term) where the source gave them. Use it to check a codelist read back
 * from storage; every fault is reported with its path.
 *
 * @example
 * CodelistSchema.safeParse(defineCodelist({ name: 'HYP_COD', system: 'snomed-ct', codes: ['38341003'] })).success // true
 * CodelistSchema.safeParse({ name: 'HYP_COD', system: 'snomed-ct', match: 'exact', codes: ['38341004'] }).success  // false: a bad check digit
 */
export const CodelistSchema = z
  .strictObject({
    name: CodelistNameSchema,
    system: CodeSystemSchema,
    match: CodelistMatchSchema,
    /** Normalised, valid, unique, in code unit order. */
    codes: z.array(z.string()).min(1, noCodes).max(MAX_CODELIST_CODES, tooMany),
    /** A term for the codes that had one in the source. */
    terms: recordOf(z.string(), z.string()).optional(),
  })
  .superRefine((list, ctx) => {
    refusePrefix(list, ctx);
    let reported = 0;
    const report = (path: (string | number)[], message: string) => {
      if (reported++ < MAX_CODE_ISSUES) ctx.addIssue({ code: 'custom', path, message });
    };
    list.codes.forEach((code, i) => {
      const normal = normaliseCode(list.system, code);
      if (normal !== code) report(['codes', i], `${quoted(code)} is not normalised: it is compared as ${quoted(normal)}`);
      else {
        const fault = codeFault(list.system, code);
        if (fault !== undefined) report(['codes', i], `${quoted(code)} is not ${codeLabel(list.system)}: ${fault}`);
      }
      const before = list.codes[i - 1];
      if (before !== undefined && !(before < code)) report(['codes', i], before === code ? `${quoted(code)} is listed twice` : `${quoted(code)} comes before ${quoted(before)}: codes are sorted`);
    });
    const codes = new Set(list.codes);
    for (const key of Object.keys(list.terms ?? {})) if (!codes.has(key)) report(['terms', key], `${quoted(key)} has a term but is not one of the codes`);
    if (reported > MAX_CODE_ISSUES) ctx.addIssue({ code: 'custom', path: [], message: `... and ${reported - MAX_CODE_ISSUES} more faults` });
  });

/**
 * A codelist: the codes a rule reads, in one code system, normalised, unique and sorted, deeply
 * frozen. Make one with {@link defineCodelist} or `parseCodelist`.
 *
 * @example
 * const dmCod: Codelist = defineCodelist({ name: 'DM_COD', system: 'snomed-ct', codes: ['73211009'] });
 * dmCod.codes; // ['73211009']
 */
export type Codelist = DeepReadonly<z.output<typeof CodelistSchema>>;

/** One code as the source gave it, where it is (for messages), and its term if any. */
export interface CodeEntry {
  readonly raw: unknown;
  readonly path: readonly (string | number)[];
  /** How the issue's message begins, e.g. 'Line 12: ', or '' for a list. */
  readonly lead: string;
  readonly term?: string;
}

/** Why an entry is not a code of `system` (read as `normal`), as the issue's message. */
function entryFault(system: CodeSystemId, entry: CodeEntry, normal: string | undefined): string | undefined {
  if (typeof entry.raw !== 'string') {
    const kind = entry.raw === null ? 'null' : typeof entry.raw;
    return `${entry.lead}expected a code written as a string, not a value of type ${kind}${kind === 'number' ? ' (an 18-digit SNOMED CT id does not fit in a JavaScript number)' : ''}`;
  }
  const code = normal as string;
  if (code.length === 0) return `${entry.lead}the code is empty`;
  const fault = codeFault(system, code);
  if (fault === undefined) return undefined;
  const written = code === entry.raw ? quoted(code) : `${quoted(entry.raw)} (read as ${quoted(code)})`;
  return `${entry.lead}${written} is not ${codeLabel(system)}: ${fault}`;
}

/**
 * The codelist of already-checked options and the entries read from its source: every code
 * normalised and checked (every bad one named, up to 100 issues), duplicates merged (the first
 * non-empty term kept), sorted, frozen. Shared by {@link defineCodelist} and `parseCodelist`.
 */
export function buildCodelist(name: string, system: CodeSystemId, match: CodelistMatch, entries: readonly CodeEntry[]): Codelist {
  const issues: PhmIssue[] = [];
  const shown: string[] = [];
  let bad = 0;
  const terms = new Map<string, string>();
  const codes = new Set<string>();
  for (const entry of entries) {
    const normal = typeof entry.raw === 'string' ? normaliseCode(system, entry.raw) : undefined;
    const fault = entryFault(system, entry, normal);
    if (fault !== undefined) {
      if (bad < MAX_CODE_ISSUES) issues.push({ path: entry.path, message: fault });
      if (bad < 3) shown.push(entry.lead === '' ? `${writePath(entry.path)}: ${fault}` : fault);
      bad++;
      continue;
    }
    const code = normal as string;
    codes.add(code);
    if (entry.term !== undefined && entry.term !== '' && !terms.has(code)) terms.set(code, entry.term);
  }
  if (bad > 0) {
    const more = bad > shown.length ? `; ... and ${bad - shown.length} more${bad > MAX_CODE_ISSUES ? ` (issues lists the first ${MAX_CODE_ISSUES})` : ''}` : '';
    throw new PhmValidationError(`Invalid codelist ${name}: ${countOf(bad, 'code')} refused: ${shown.join('; ')}${more}`, issues);
  }
  const sorted = [...codes].sort();
  const list: z.output<typeof CodelistSchema> = { name, system, match, codes: sorted };
  if (terms.size > 0) list.terms = Object.fromEntries(sorted.filter((c) => terms.has(c)).map((c) => [c, terms.get(c) as string]));
  return deepFreeze(list);
}

/**
 * A codelist from a plain list of codes: each code normalised by its system (so 'E11.9',
 * 'e11.9' and 'E119' are one ICD-10 code, and 'H33..00' is the Read v2 code 'H33..'), checked,
 * duplicates merged, sorted by code unit, and the result deeply frozen. A malformed code is
 * refused with a `PhmValidationError` whose issues name every bad code by its path
 * (`['codes', 3]`), up to 100 of them, the message saying how many more; a list of more than
 * 1,000,000 codes, or of none, is refused too.
 *
 * With `match: 'prefix'` (ICD-10 and OPCS-4 only), an event code matches when it starts with one
 * of the codes: 'E11' matches 'E119', as the category holds its subcategories.
 *
 * @example
 * const dmCod = defineCodelist({ name: 'DM_COD', system: 'snomed-ct', codes: ['73211009', '44054006', '73211009'] });
 * dmCod.codes // ['44054006', '73211009']
 *
 * const diabetes = defineCodelist({ name: 'DIAB_ICD', system: 'icd10', codes: ['E10', 'E11'], match: 'prefix' });
 * diabetes.match // 'prefix': it matches E10.9, E11.9, E119X, ...
 */
export function defineCodelist(spec: DeepReadonly<CodelistSpec>): Codelist {
  const { name, system, match = 'exact', codes } = parseInput(LooseSpecSchema, spec, 'codelist');
  return buildCodelist(name, system, match, codes.map((raw, i) => ({ raw, path: ['codes', i], lead: '' })));
}
