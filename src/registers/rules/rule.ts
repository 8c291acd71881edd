import * as z from 'zod';
import { findOverflow, listedChildren } from '../../core/validation.js';
import type { PhmIssue } from '../../core/errors.js';
import { RegisterWindowSchema, type RegisterWindow } from './window.js';

/**
 * Zod schema of a codelist's name as rules refer to it: a letter, then letters, digits and
 * underscores, as the NHS primary care domain reference set cluster ids are written (`DM_COD`).
 *
 * @example
 * CodelistNameSchema.safeParse('DMRES_COD').success // true
 * CodelistNameSchema.safeParse('dm cod').success    // false
 */
export const CodelistNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,127}$/, 'A codelist name is a letter, then up to 127 letters, digits or underscores, e.g. DM_COD');

/**
 * Zod schema of an exact decimal written as a string (a score weight or cut-off): up to 6
 * digits before the point and 6 after, so that sums of up to 1,000 of them stay exact integers of
 * millionths in both engines.
 *
 * @example
 * ScoreNumberSchema.safeParse('7.1').success // true
 * ScoreNumberSchema.safeParse(7.1).success   // false: a string, so that it stays exact
 */
export const ScoreNumberSchema = z.string().regex(/^-?(0|[1-9][0-9]{0,5})(\.[0-9]{1,6})?$/, 'Expected a decimal written as a string, e.g. "7.1", with at most 6 digits before the point and 6 after');

/**
 * A register rule is plain, JSON-serialisable data that reads a person's coded events up to
 * `asOf` (codes dated after it are never read):
 *
 * - `{ code: 'AST_COD' }`: a code from the codelist recorded ever; with `within` (`{ months: 12 }`,
 *   `{ days: 90 }`, `{ since: '2006-04-01' }`) only in that window.
 * - `{ latest: 'DM_COD', laterThan: 'DMRES_COD' }`: diagnosed and not since resolved. The latest
 *   code from the first codelist is later than the latest from the others (or they have none).
 *   `sameDay` says what happens when both fall on one day: `'fails'` (the default, QOF's strict
 *   "later than") or `'holds'`.
 * - `{ count: 'ASTTRT_COD', atLeast: 3, within: { months: 12 } }`: at least k events (or k
 *   distinct days with `distinct: 'days'`, or k distinct codes with `distinct: 'codes'`, as the
 *   eFI counts different drugs) in the window.
 * - `{ value: 'EGFR_COD', below: 60 }`: the latest (`pick: 'earliest'` for the first) event of the
 *   codelist that carries a value, in the window, compared with `atLeast`, `above`, `atMost`
 *   and `below` (all that are given must hold). Several values on that day: `sameDay`
 *   `'highest'` (the default) or `'lowest'` is read.
 * - `{ score: [{ rule, weight: '1' }, ...], divisor: '36', above: '0.24' }`: the weights of the
 *   items whose rule holds, summed and divided by `divisor` (default 1), compared with exact
 *   decimal cut-offs (the electronic Frailty Index, the Hospital Frailty Risk Score).
 * - `{ ageAtLeast: 17 }`, `{ ageBelow: 18 }`: whole years of age on `asOf`.
 * - `{ all: [...] }`, `{ any: [...] }`, `{ not: rule }`.
 *
 * @example
 * const diabetes: RegisterRule = { all: [{ ageAtLeast: 17 }, { latest: 'DM_COD', laterThan: 'DMRES_COD' }] };
 * const asthmaDrug: RegisterRule = { code: 'ASTTRT_COD', within: { months: 12 } };
 */
export type RegisterRule =
  | { readonly all: readonly RegisterRule[] }
  | { readonly any: readonly RegisterRule[] }
  | { readonly not: RegisterRule }
  | { readonly code: string; readonly within?: RegisterWindow | undefined }
  | { readonly latest: string; readonly laterThan: string | readonly string[]; readonly sameDay?: 'fails' | 'holds' | undefined }
  | { readonly count: string; readonly atLeast: number; readonly within?: RegisterWindow | undefined; readonly distinct?: 'days' | 'codes' | undefined }
  | ({ readonly value: string; readonly pick?: 'latest' | 'earliest' | undefined; readonly within?: RegisterWindow | undefined; readonly sameDay?: 'highest' | 'lowest' | undefined } & ValueComparison)
  | ({ readonly score: readonly ScoreItem[]; readonly divisor?: string | undefined } & ScoreComparison)
  | { readonly ageAtLeast: number }
  | { readonly ageBelow: number };

/**
 * Cut-offs a value is compared with: every one given must hold.
 *
 * @example
 * const stage3to5: ValueComparison = { below: 60 };
 */
export interface ValueComparison {
  /** Holds when the value is at least this. */
  readonly atLeast?: number | undefined;
  /** Holds when the value is greater than this. */
  readonly above?: number | undefined;
  /** Holds when the value is at most this. */
  readonly atMost?: number | undefined;
  /** Holds when the value is less than this. */
  readonly below?: number | undefined;
}

/**
 * Exact decimal cut-offs a score is compared with: every one given must hold.
 *
 * @example
 * const moderate: ScoreComparison = { above: '0.24', atMost: '0.36' };
 */
export interface ScoreComparison {
  /** Holds when the score is at least this. */
  readonly atLeast?: string | undefined;
  /** Holds when the score is greater than this. */
  readonly above?: string | undefined;
  /** Holds when the score is at most this. */
  readonly atMost?: string | undefined;
  /** Holds when the score is less than this. */
  readonly below?: string | undefined;
}

/**
 * One item of a score: its weight counts when its rule holds.
 *
 * @example
 * const dementia: ScoreItem = { rule: { code: 'HFRS_F00', within: { months: 24 } }, weight: '7.1' };
 */
export interface ScoreItem {
  readonly rule: RegisterRule;
  /** An exact decimal written as a string, e.g. `'7.1'`. */
  readonly weight: string;
  /** What the item is, e.g. a deficit's name; shown in reasons. */
  readonly label?: string | undefined;
}

const MAX_LIST = 100_000;
const LIST_LIMIT = 'At most 100,000 terms in one list';
const AgeSchema = z.number().int().min(0).max(150);
const ThresholdSchema = z.number().finite().min(-1e15).max(1e15);

function hasComparison(rule: Record<string, unknown>): boolean {
  return ['atLeast', 'above', 'atMost', 'below'].some((key) => rule[key] !== undefined);
}
const NO_COMPARISON = { message: 'Give at least one of atLeast, above, atMost or below', path: [] };

/**
 * Zod schema of {@link RegisterRule}: strict objects, so that a misspelt key is an error, not a
 * rule that silently reads nothing.
 *
 * @example
 * RegisterRuleSchema.safeParse({ latest: 'DM_COD', laterThan: 'DMRES_COD' }).success // true
 * RegisterRuleSchema.safeParse({ latest: 'DM_COD', after: 'DMRES_COD' }).success     // false: the key is laterThan
 */
export const RegisterRuleSchema: z.ZodType<RegisterRule, RegisterRule> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ all: z.array(RegisterRuleSchema).min(1, '`all` needs at least one rule').max(MAX_LIST, LIST_LIMIT) }),
      z.strictObject({ any: z.array(RegisterRuleSchema).min(1, '`any` needs at least one rule').max(MAX_LIST, LIST_LIMIT) }),
      z.strictObject({ not: RegisterRuleSchema }),
      z.strictObject({ code: CodelistNameSchema, within: RegisterWindowSchema.optional() }),
      z.strictObject({
        latest: CodelistNameSchema,
        laterThan: z.union([CodelistNameSchema, z.array(CodelistNameSchema).min(1).max(1_000)]),
        sameDay: z.enum(['fails', 'holds']).optional(),
      }),
      z.strictObject({ count: CodelistNameSchema, atLeast: z.number().int().min(1).max(1_000_000), within: RegisterWindowSchema.optional(), distinct: z.enum(['days', 'codes']).optional() }),
      z
        .strictObject({
          value: CodelistNameSchema,
          pick: z.enum(['latest', 'earliest']).optional(),
          within: RegisterWindowSchema.optional(),
          sameDay: z.enum(['highest', 'lowest']).optional(),
          atLeast: ThresholdSchema.optional(),
          above: ThresholdSchema.optional(),
          atMost: ThresholdSchema.optional(),
          below: ThresholdSchema.optional(),
        })
        .refine(hasComparison, NO_COMPARISON),
      z
        .strictObject({
          score: z
            .array(z.strictObject({ rule: RegisterRuleSchema, weight: ScoreNumberSchema, label: z.string().min(1).max(500).optional() }))
            .min(1, '`score` needs at least one item')
            .max(1_000, 'At most 1,000 score items'),
          divisor: ScoreNumberSchema.refine((d) => Number(d) > 0, 'The divisor must be greater than 0').optional(),
          atLeast: ScoreNumberSchema.optional(),
          above: ScoreNumberSchema.optional(),
          atMost: ScoreNumberSchema.optional(),
          below: ScoreNumberSchema.optional(),
        })
        .refine(hasComparison, NO_COMPARISON),
      z.strictObject({ ageAtLeast: AgeSchema }),
      z.strictObject({ ageBelow: AgeSchema }),
    ],
    { error: 'Not a register rule: expected exactly one of all, any, not, code, latest (with laterThan), count (with atLeast), value, score, ageAtLeast, ageBelow' },
  ),
);

/**
 * How deep register rules may nest, counted as segmentation rules are: the outermost rule is
 * level 1, and each rule inside an `all`, `any` or `not`, or a score item's rule, one level deeper.
 *
 * @example
 * defineRegister({ marker: 'x', rule: ruleNested65Deep }) // throws PhmModelError 'malformed-rule'
 */
export const MAX_REGISTER_RULE_DEPTH = 64;
const MAX_TERMS = 1_000_000;

/**
 * The issue for the first place where unchecked rule data nests deeper than
 * {@link MAX_REGISTER_RULE_DEPTH} or holds more terms than can be read, or undefined: checked
 * before the recursive schema runs, so that no input can overflow the stack.
 */
export function registerRuleTooDeep(rule: unknown, path: readonly (string | number)[] = []): PhmIssue | undefined {
  // A level is a rule: the root, each rule inside an `all`, `any` or `not`, and a score item's
  // rule, counted as segmentation counts them (a leaf inside 63 `not`s is 64 levels deep).
  const overflow = findOverflow(rule, path, MAX_REGISTER_RULE_DEPTH, MAX_TERMS, (node) => {
    const children = listedChildren(node, ['all', 'any'], MAX_TERMS);
    for (const [step, item] of listedChildren(node, ['score'], MAX_TERMS)) children.push([[...step, 'rule'], typeof item === 'object' && item !== null ? (item as Record<string, unknown>)['rule'] : undefined]);
    if (node['not'] !== undefined) children.unshift([['not'], node['not']]);
    return children;
  });
  if (overflow === undefined) return undefined;
  return overflow.reason === 'depth'
    ? { path: [...overflow.path], message: `Register rules may nest at most ${MAX_REGISTER_RULE_DEPTH} levels deep: this one nests deeper` }
    : { path: [...overflow.path], message: `The rule has more than ${MAX_TERMS.toLocaleString('en-GB')} terms: it is too large to check` };
}

/** Every codelist a rule reads, in the order it reads them (a name may repeat). */
export function codelistNames(rule: RegisterRule): string[] {
  if ('all' in rule) return rule.all.flatMap(codelistNames);
  if ('any' in rule) return rule.any.flatMap(codelistNames);
  if ('not' in rule) return codelistNames(rule.not);
  if ('code' in rule) return [rule.code];
  if ('count' in rule) return [rule.count];
  if ('value' in rule) return [rule.value];
  if ('latest' in rule) return [rule.latest, ...(typeof rule.laterThan === 'string' ? [rule.laterThan] : rule.laterThan)];
  if ('score' in rule) return rule.score.flatMap((item) => codelistNames(item.rule));
  return [];
}
