import * as z from 'zod';
import { deepFreeze, type DeepReadonly } from '../../core/freeze.js';
import { PhmModelError, type PhmIssue } from '../../core/errors.js';
import { describeIssues, parseInput, snapshotError } from '../../core/validation.js';
import { snapshotInput } from '../../core/snapshot.js';
import { MARKER_CATALOGUE, MarkerDefinitionSchema } from '../model/markers.js';
import { KebabIdSchema } from '../model/model.js';
import { markerReferences, ruleNestedTooDeep, RuleSchema } from '../model/rule.js';

/**
 * Zod schema of a weight or a band's cut-off: an exact decimal written as a string, with at most
 * 6 digits before the point and 6 after, so that the sum of a thousand weights stays exact.
 *
 * @example
 * ScoreWeightSchema.safeParse('1.53').success // true
 * ScoreWeightSchema.safeParse(1.53).success   // false: a string, so that it stays exact
 */
export const ScoreWeightSchema = z.string().regex(/^-?(0|[1-9][0-9]{0,5})(\.[0-9]{1,6})?$/, 'Expected a decimal written as a string, e.g. "1.53", with at most 6 digits before the point and 6 after');

/**
 * Zod schema of a weighted condition score: a list of conditions (each a segmentation rule,
 * with a weight), summed per person, and optionally bands that the sum falls in, each from its
 * cut-off up to the next band's.
 *
 * @example
 * ConditionScoreSpecSchema.safeParse({ id: 'two', label: 'Two', terms: [{ id: 'copd', label: 'COPD', weight: '1.46', rule: { marker: 'ltc-copd' } }] }).success // true
 */
export const ConditionScoreSpecSchema = z.strictObject({
  id: KebabIdSchema,
  label: z.string().min(1),
  description: z.string().min(1).optional(),
  /** Where the weights come from. */
  source: z.string().min(1).optional(),
  /** Decisions the score makes that its source leaves open, such as which marker stands for a condition. */
  assumptions: z.array(z.string().min(1)).max(1_000).optional(),
  /** The source's conditions the score cannot read, and what that means for the sums. */
  gaps: z.array(z.string().min(1)).max(1_000).optional(),
  terms: z
    .array(z.strictObject({ id: KebabIdSchema, label: z.string().min(1), weight: ScoreWeightSchema, rule: RuleSchema }))
    .min(1, 'A score needs at least one term')
    .max(1_000, 'At most 1,000 terms'),
  /** Bands of the score, each from its `from` (inclusive) to the next band's; the first also takes any lower score. */
  bands: z
    .array(z.strictObject({ id: KebabIdSchema, label: z.string().min(1), from: ScoreWeightSchema }))
    .min(1)
    .max(100, 'At most 100 bands')
    .optional(),
  /** Markers of the score's own, beyond the catalogue. */
  markers: z.array(MarkerDefinitionSchema).max(100_000).optional(),
});

/**
 * A weighted condition score as written: `{ id, label, terms: [{ id, label, weight, rule }],
 * bands?, source?, assumptions?, gaps? }`.
 *
 * @example
 * const spec: ConditionScoreSpec = { id: 'respiratory', label: 'Respiratory', terms: [{ id: 'copd', label: 'COPD', weight: '1.46', rule: { marker: 'ltc-copd' } }] };
 */
export type ConditionScoreSpec = z.input<typeof ConditionScoreSpecSchema>;

/**
 * A condition score that {@link defineConditionScore} has checked: deeply frozen, plain data.
 *
 * @example
 * const score: ConditionScore = CAMBRIDGE_MULTIMORBIDITY_SCORE;
 */
export type ConditionScore = DeepReadonly<z.output<typeof ConditionScoreSpecSchema>> & { readonly [checkedScore]: true };
declare const checkedScore: unique symbol;

const DEFINED = new WeakSet<object>();

/**
 * A weight as integer millionths: exact for every weight the schema allows (at most 12 digits),
 * and for sums of 1,000 of them (below 2^53). Plain integer arithmetic, so that segmentation
 * does not load decimal.js.
 */
export function millionths(weight: string): number {
  const negative = weight.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? weight.slice(1) : weight).split('.');
  const n = Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0'));
  return negative ? -n : n;
}

/** Integer millionths as the shortest decimal string: 1530000 is '1.53', -180000 is '-0.18'. */
export function fromMillionths(n: number | bigint): string {
  const big = BigInt(n);
  const negative = big < 0n;
  const abs = negative ? -big : big;
  const whole = abs / 1_000_000n;
  const fraction = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * Checks a weighted condition score and returns it frozen. Throws {@link PhmModelError} naming
 * the path for a malformed spec, a term or band id used twice, bands whose cut-offs do not
 * increase, or a marker in neither the catalogue nor the score's own `markers`.
 *
 * @example
 * const score = defineConditionScore({ id: 'heart', label: 'Heart', terms: [
 *   { id: 'hf', label: 'Heart failure', weight: '1.18', rule: { marker: 'ltc-heart-failure' } },
 *   { id: 'af', label: 'Atrial fibrillation', weight: '1.34', rule: { marker: 'ltc-atrial-fibrillation' } },
 * ] });
 */
export function defineConditionScore(spec: DeepReadonly<ConditionScoreSpec> | ConditionScore): ConditionScore {
  if (typeof spec === 'object' && spec !== null && DEFINED.has(spec)) return spec as ConditionScore;
  // Read once into plain data: a getter or proxy that throws is refused with its path, and what
  // the caller's object does afterwards cannot change the score.
  let data: unknown;
  try {
    data = snapshotInput(spec);
  } catch (error) {
    throw snapshotError(error, (path, message) => refusal([{ path, message }]));
  }
  const terms = (data as { terms?: unknown } | null)?.terms;
  if (Array.isArray(terms)) {
    for (let i = 0; i < terms.length; i++) {
      const deep = ruleNestedTooDeep((terms[i] as { rule?: unknown } | null)?.rule, ['terms', i, 'rule']);
      if (deep !== undefined) throw refusal([deep]);
    }
  }
  let parsed: z.output<typeof ConditionScoreSpecSchema>;
  try {
    parsed = parseInput(ConditionScoreSpecSchema, data, 'condition score');
  } catch (error) {
    const issues = (error as { issues?: PhmIssue[] }).issues ?? [];
    throw refusal(issues);
  }
  const issues: PhmIssue[] = [];
  const repeated = (ids: readonly string[], what: string, path: string) =>
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) issues.push({ path: [path, i, 'id'], message: `${what} id '${id}' is used twice` });
    });
  repeated(parsed.terms.map((t) => t.id), 'Term', 'terms');
  repeated((parsed.bands ?? []).map((b) => b.id), 'Band', 'bands');
  parsed.bands?.forEach((band, i) => {
    const before = parsed.bands?.[i - 1];
    if (before !== undefined && millionths(band.from) <= millionths(before.from)) issues.push({ path: ['bands', i, 'from'], message: `Bands' cut-offs must increase: ${band.from} is not above ${before.from}` });
  });
  const known = new Set<string>([...MARKER_CATALOGUE.map((m) => m.id), ...(parsed.markers ?? []).map((m) => m.id)]);
  parsed.terms.forEach((term, i) => {
    for (const ref of markerReferences(term.rule, ['terms', i, 'rule'])) {
      if (!known.has(ref.id)) issues.push({ path: ref.path, message: `Unknown marker '${ref.id}': it is not in the marker catalogue; declare it in the score's \`markers\`` });
    }
  });
  if (issues.length > 0) throw refusal(issues);
  const defined = deepFreeze(parsed) as unknown as ConditionScore;
  DEFINED.add(defined);
  return defined;
}

function refusal(issues: readonly PhmIssue[]): PhmModelError {
  return new PhmModelError('malformed-model', `Condition score is not valid: ${describeIssues(issues)}`, issues.map((i) => ({ ...i, code: 'malformed-model' })));
}
