import * as z from 'zod';
import { PhmModelError, type PhmIssue } from '../../core/errors.js';
import { deepFreeze, type DeepReadonly } from '../../core/freeze.js';
import { describeIssues, issuesFromZod, readInput } from '../../core/validation.js';
import type { MarkerId } from '../../segmentation/model/markers.js';
import { CodelistNameSchema, codelistNames, RegisterRuleSchema, registerRuleTooDeep, type RegisterRule } from './rule.js';

/**
 * Zod schema of how a register's episode is dated: from the `first` or the `latest` code of
 * `codelist` on or before `asOf`; `endedBy` names the codelists whose codes end an episode (a
 * "resolved" code). An episode starts after the latest ending code: a diagnosis on the same day
 * as a resolution belongs to the resolved episode, as QOF's strict "later than" reads it.
 *
 * @example
 * RegisterEpisodeSchema.parse({ from: 'first', codelist: 'DM_COD', endedBy: 'DMRES_COD' });
 */
export const RegisterEpisodeSchema = z.strictObject({
  from: z.enum(['first', 'latest']),
  codelist: CodelistNameSchema,
  endedBy: z.union([CodelistNameSchema, z.array(CodelistNameSchema).min(1).max(1_000)]).optional(),
});

/**
 * How a register's episode is dated: `{ from: 'first' | 'latest', codelist, endedBy? }`.
 *
 * @example
 * const episode: RegisterEpisode = { from: 'first', codelist: 'DM_COD', endedBy: 'DMRES_COD' };
 */
export type RegisterEpisode = z.infer<typeof RegisterEpisodeSchema>;

/**
 * Zod schema of a register definition: the marker it sets, the rule a person must meet on
 * `asOf`, how the marker's episode is dated, and where the definition comes from.
 *
 * @example
 * RegisterSpecSchema.safeParse({ marker: 'ltc-chd', rule: { code: 'CHD_COD' } }).success // true
 */
export const RegisterSpecSchema = z.strictObject({
  /** The marker the register sets, as the segmentation models read it, e.g. `ltc-diabetes`. */
  marker: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Marker ids are kebab-case: lower-case letters, digits and single hyphens'),
  /** A short name, e.g. 'Diabetes mellitus (QOF DM017)'. */
  label: z.string().min(1).max(200).optional(),
  /** What the definition is based on: the rules' name, version and indicator, or a paper. */
  source: z.string().min(1).max(2_000).optional(),
  rule: RegisterRuleSchema,
  /** Without it the marker is set undated: active on every date. */
  episode: RegisterEpisodeSchema.optional(),
});

/**
 * A register definition, as written: `{ marker, rule, episode?, label?, source? }`.
 *
 * @example
 * const chd: RegisterSpec = { marker: 'ltc-chd', rule: { code: 'CHD_COD' }, episode: { from: 'first', codelist: 'CHD_COD' } };
 */
export type RegisterSpec = Omit<z.input<typeof RegisterSpecSchema>, 'marker' | 'rule' | 'episode'> & {
  readonly marker: MarkerId;
  readonly rule: RegisterRule;
  readonly episode?: DeepReadonly<RegisterEpisode> | undefined;
};

/**
 * A register checked by {@link defineRegister}: deeply frozen, with the codelists it reads.
 *
 * @example
 * const diabetes: Register = defineRegister({ marker: 'ltc-diabetes', rule: { latest: 'DM_COD', laterThan: 'DMRES_COD' } });
 * diabetes.codelists; // ['DM_COD', 'DMRES_COD']
 */
export type Register = DeepReadonly<RegisterSpec> & {
  /** The codelists the rule and the episode read, each once, in the order first read. */
  readonly codelists: readonly string[];
};

const DEFINED = new WeakSet<object>();

function list(names: string | readonly string[] | undefined): readonly string[] {
  return names === undefined ? [] : typeof names === 'string' ? [names] : names;
}

/**
 * Checks a register definition and returns it frozen. A rule is checked all the way down, with
 * every issue's path: a misspelt key, a window of weeks, a `laterThan` that names the codelist
 * it compares, a rule nested too deep. Throws {@link PhmModelError} (`malformed-rule`) naming
 * the paths.
 *
 * @example
 * const diabetes = defineRegister({
 *   marker: 'ltc-diabetes',
 *   label: 'Diabetes (QOF DM017)',
 *   rule: { all: [{ ageAtLeast: 17 }, { latest: 'DM_COD', laterThan: 'DMRES_COD' }] },
 *   episode: { from: 'first', codelist: 'DM_COD', endedBy: 'DMRES_COD' },
 * });
 */
export function defineRegister(spec: RegisterSpec | Register): Register {
  if (typeof spec === 'object' && spec !== null && DEFINED.has(spec)) return spec as Register;
  const data = readInput(spec, 'register');
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const deep = registerRuleTooDeep(record['rule'], ['rule']);
  if (deep !== undefined) throw new PhmModelError('malformed-rule', `Invalid register: ${describeIssues([deep])}`, [deep]);
  const parsed = RegisterSpecSchema.safeParse(data);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error.issues);
    throw new PhmModelError('malformed-rule', `Invalid register${typeof record['marker'] === 'string' ? ` '${record['marker']}'` : ''}: ${describeIssues(issues)}`, issues);
  }
  const checked = parsed.data as RegisterSpec;
  const issues = ruleProblems(checked.rule, ['rule']);
  if (issues.length > 0) throw new PhmModelError('malformed-rule', `Invalid register '${checked.marker}': ${describeIssues(issues)}`, issues);
  const names = codelistNames(checked.rule);
  if (checked.episode !== undefined) names.push(checked.episode.codelist, ...list(checked.episode.endedBy));
  const register = deepFreeze({ ...checked, codelists: [...new Set(names)] }) as Register;
  DEFINED.add(register);
  return register;
}

/**
 * Whether a value is a register returned by {@link defineRegister} (by identity: a copy is not).
 *
 * @example
 * isDefinedRegister(defineRegister({ marker: 'ltc-chd', rule: { code: 'CHD_COD' } })) // true
 * isDefinedRegister({ marker: 'ltc-chd', rule: { code: 'CHD_COD' } })                 // false
 */
export function isDefinedRegister(value: unknown): value is Register {
  return typeof value === 'object' && value !== null && DEFINED.has(value);
}

/** Checks the schema cannot make: a comparison that can never hold, a codelist compared with itself. */
function ruleProblems(rule: RegisterRule, path: (string | number)[]): PhmIssue[] {
  if ('all' in rule) return rule.all.flatMap((r, i) => ruleProblems(r, [...path, 'all', i]));
  if ('any' in rule) return rule.any.flatMap((r, i) => ruleProblems(r, [...path, 'any', i]));
  if ('not' in rule) return ruleProblems(rule.not, [...path, 'not']);
  if ('score' in rule) return rule.score.flatMap((item, i) => ruleProblems(item.rule, [...path, 'score', i, 'rule']));
  if ('latest' in rule) {
    const others = list(rule.laterThan);
    if (others.includes(rule.latest)) return [{ path: [...path, 'laterThan'], message: `'${rule.latest}' cannot be compared with itself` }];
    if (new Set(others).size !== others.length) return [{ path: [...path, 'laterThan'], message: '`laterThan` lists a codelist more than once' }];
  }
  return [];
}
