import { countOf } from '../../core/words.js';
import * as z from 'zod';
import { describeIssues, findOverflow, listedChildren, parseRead, readInput } from '../../core/validation.js';
import { PhmValidationError, type PhmIssue } from '../../core/errors.js';
import { LookBackSchema, type LookBack } from '../../core/dates.js';
import { SexSchema, type Sex } from '../records/person.js';
import type { MarkerId } from './markers.js';

/**
 * A segmentation rule is plain, JSON-serialisable data (in the spirit of OpenSAFELY ehrQL):
 * a model can be stored, diffed, reviewed and sent over the wire, and every engine (this
 * library's classifier, a SQL compiler) reads the same definition.
 *
 * - `{ all: [...] }`, `{ any: [...] }`, `{ not: rule }`: logic.
 * - `{ marker: 'cancer' }`: the marker is active on the evaluation date.
 * - `{ marker: 'pregnancy', within: { days: 42 } }`: active at any time in the 42 days up to
 *   and including the evaluation date (also `{ months: n }`).
 * - `{ ageAtLeast: 65 }`, `{ ageBelow: 18 }`: whole years of age on the evaluation date.
 * - `{ atLeast: 2, of: ['ltc-copd', 'ltc-asthma', ...] }`: at least k distinct markers of the
 *   set are active (optionally `within` a look-back window).
 * - `{ sex: 'female' }` or `{ sex: ['female', 'indeterminate'] }`: recorded sex.
 *
 * @example
 * const frailOver75: Rule = { all: [{ ageAtLeast: 75 }, { any: [{ marker: 'frailty-moderate' }, { marker: 'frailty-severe' }] }] };
 * const recentlyPregnant: Rule = { marker: 'pregnancy', within: { days: 42 } };
 */
export type Rule =
  | { readonly all: readonly Rule[] }
  | { readonly any: readonly Rule[] }
  | { readonly not: Rule }
  | { readonly marker: MarkerId; readonly within?: LookBack | undefined }
  | { readonly ageAtLeast: number }
  | { readonly ageBelow: number }
  | { readonly atLeast: number; readonly of: readonly MarkerId[]; readonly within?: LookBack | undefined }
  | { readonly sex: Sex | readonly Sex[] };

const MarkerIdSchema = z.string().min(1, 'Marker ids cannot be empty');

/** The most terms one `all`, `any` or `of` list may hold. */
const MAX_RULE_LIST = 100_000;
const LIST_LIMIT = 'At most 100,000 terms in one list';
const AgeSchema = z.number().int().min(0).max(150);

/**
 * Zod schema of {@link Rule}: strict objects, so a misspelt key is an error, not a silent no-op.
 *
 * @example
 * RuleSchema.safeParse({ ageAtLeast: 65 }).success // true
 * RuleSchema.safeParse({ ageAtleast: 65 }).success // false: misspelt key
 */
export const RuleSchema: z.ZodType<Rule, Rule> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(RuleSchema).min(1, '`all` needs at least one rule').max(MAX_RULE_LIST, LIST_LIMIT) }),
    z.strictObject({ any: z.array(RuleSchema).min(1, '`any` needs at least one rule').max(MAX_RULE_LIST, LIST_LIMIT) }),
    z.strictObject({ not: RuleSchema }),
    z.strictObject({ marker: MarkerIdSchema, within: LookBackSchema.optional() }),
    z.strictObject({ ageAtLeast: AgeSchema }),
    z.strictObject({ ageBelow: AgeSchema }),
    z
      .strictObject({
        atLeast: z.number().int().min(1),
        of: z.array(MarkerIdSchema).min(1).max(MAX_RULE_LIST, LIST_LIMIT),
        within: LookBackSchema.optional(),
      })
      .superRefine((rule, ctx) => {
        if (new Set(rule.of).size !== rule.of.length) {
          ctx.addIssue({ code: 'custom', path: ['of'], message: '`of` lists a marker more than once' });
        } else if (rule.atLeast > rule.of.length) {
          ctx.addIssue({ code: 'custom', path: ['atLeast'], message: `atLeast ${rule.atLeast} of ${rule.of.length} markers can never hold` });
        }
      }),
    z.strictObject({ sex: z.union([SexSchema, z.array(SexSchema).min(1).max(4)]) }),
  ], { error: 'Not a rule: expected exactly one of all, any, not, marker (with optional within), ageAtLeast, ageBelow, atLeast (with of), sex' }),
);

/**
 * How deep rules may nest: 64 levels of `all`, `any` and `not`, far beyond any real definition
 * (the built-in models nest three). Deeper rules are refused before anything recursive reads
 * them, as they would otherwise overflow the call stack in the schema, the compilers and the
 * reachability check.
 *
 * @example
 * defineModel(modelWhoseRuleNests65Levels) // throws PhmModelError 'malformed-rule'
 */
export const MAX_RULE_DEPTH = 64;

/**
 * Rule terms read when measuring nesting, in one rule: beyond it the rule is refused as too
 * large. About 1 MB of rule text holds well under this many terms.
 */
const MAX_RULE_TERMS = 1_000_000;

/**
 * The issue for the first place where `rule` (unchecked input, read into plain data) nests
 * deeper than {@link MAX_RULE_DEPTH}, or has more terms than can be read, or undefined.
 */
export function ruleNestedTooDeep(rule: unknown, path: readonly (string | number)[] = []): PhmIssue | undefined {
  const overflow = findOverflow(rule, path, MAX_RULE_DEPTH, MAX_RULE_TERMS, (node) => {
    const children = listedChildren(node, ['all', 'any'], MAX_RULE_TERMS);
    const inner = node['not'];
    return inner === undefined ? children : [[['not'], inner], ...children];
  });
  if (overflow === undefined) return undefined;
  return overflow.reason === 'depth'
    ? { path: [...overflow.path], message: `Rules may nest at most ${MAX_RULE_DEPTH} levels deep (all, any and not): this one nests deeper` }
    : { path: [...overflow.path], message: `The rule has more than ${MAX_RULE_TERMS.toLocaleString('en-GB')} terms: it is too large to check` };
}

/** Every marker id a rule reads, with its path inside the rule. */
export function markerReferences(rule: Rule, path: readonly (string | number)[] = []): { id: string; path: (string | number)[] }[] {
  if ('all' in rule) return rule.all.flatMap((r, i) => markerReferences(r, [...path, 'all', i]));
  if ('any' in rule) return rule.any.flatMap((r, i) => markerReferences(r, [...path, 'any', i]));
  if ('not' in rule) return markerReferences(rule.not, [...path, 'not']);
  if ('marker' in rule) return [{ id: rule.marker, path: [...path, 'marker'] }];
  if ('atLeast' in rule) return rule.of.map((id, i) => ({ id, path: [...path, 'of', i] }));
  return [];
}

function describeWindow(within: LookBack | undefined): string {
  if (within === undefined) return 'on the evaluation date';
  const [n, unit] = 'days' in within ? [within.days, 'day'] : [within.months, 'month'];
  return `at any time in the ${countOf(n, unit)} up to the evaluation date`;
}

function sameWindow(a: LookBack | undefined, b: LookBack | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return 'days' in a ? 'days' in b && a.days === b.days : 'months' in b && a.months === b.months;
}

function listIds(ids: readonly string[], limit = 6): string {
  const shown = ids.slice(0, limit).join(', ');
  return ids.length > limit ? `${shown} and ${ids.length - limit} more` : shown;
}

/**
 * Says in words what a rule tests.
 *
 * @example
 * describeRule({ any: [{ marker: 'frailty-moderate' }, { marker: 'frailty-severe' }] })
 * // 'frailty-moderate or frailty-severe active on the evaluation date'
 */
export function describeRule(rule: Rule): string {
  const data = readInput(rule, 'rule');
  const deep = ruleNestedTooDeep(data);
  if (deep !== undefined) throw new PhmValidationError(`Invalid rule: ${describeIssues([deep])}`, [deep]);
  return describeRuleUnchecked(parseRead(RuleSchema, data, 'rule'));
}

/** {@link describeRule} for a rule already checked (as every rule of a defined model is). */
export function describeRuleUnchecked(rule: Rule): string {
  const nested = (r: Rule) => ('all' in r || 'any' in r ? `(${describeRuleUnchecked(r)})` : describeRuleUnchecked(r));
  const list = (terms: readonly Rule[], joiner: 'and' | 'or') => {
    // Plain markers sharing one window read as a list: "a, b or c active on the evaluation date".
    const markers = terms.every((t) => 'marker' in t && sameWindow(t.within, (terms[0] as { within?: LookBack }).within));
    if (markers && terms.length > 1) {
      const ids = terms.map((t) => (t as { marker: string }).marker);
      return `${ids.slice(0, -1).join(', ')} ${joiner} ${ids.at(-1)} active ${describeWindow((terms[0] as { within?: LookBack }).within)}`;
    }
    return terms.map(nested).join(` ${joiner} `);
  };
  if ('all' in rule) return list(rule.all, 'and');
  if ('any' in rule) return list(rule.any, 'or');
  if ('not' in rule) return `not ${nested(rule.not)}`;
  if ('marker' in rule) return `${rule.marker} active ${describeWindow(rule.within)}`;
  if ('ageAtLeast' in rule) return `aged ${rule.ageAtLeast} or over`;
  if ('ageBelow' in rule) return `aged under ${rule.ageBelow}`;
  if ('atLeast' in rule) {
    return `at least ${rule.atLeast} of ${rule.of.length === 1 ? '' : `${rule.of.length} markers `}(${listIds(rule.of)}) active ${describeWindow(rule.within)}`;
  }
  const sexes = typeof rule.sex === 'string' ? [rule.sex] : rule.sex;
  return `recorded sex ${sexes.join(' or ')}`;
}
