import type { DeepReadonly } from '../../core/freeze.js';
import type { IsoDate } from '../../core/dates.js';
import { parseInput } from '../../core/validation.js';
import { ClassifyOptionsSchema, type ClassifyOptions } from '../classify/options.js';
import { exclusionOn, type Exclusion } from '../classify/exclusion.js';
import { createRuleEngine } from '../classify/rule-engine.js';
import { createUnknownMarkerTally, unknownMarkerRejection, type UnknownMarker } from '../classify/unknown-markers.js';
import { screenRecords, type Rejection } from '../records/screen.js';
import { defineConditionScore, fromMillionths, millionths, type ConditionScore, type ConditionScoreSpec } from './condition-score.js';

/**
 * One person's score: the sum of the weights of the terms whose rule held, as an exact
 * decimal string, the terms that held, and the band the sum falls in.
 *
 * @example
 * const [first] = scoreConditions(rows, CAMBRIDGE_MULTIMORBIDITY_SCORE, { asOf: '2024-04-01' }).people;
 * first?.score; // e.g. '2.03'
 */
export interface PersonScore {
  /** Position of the row in the input. */
  readonly index: number;
  readonly personId: string;
  readonly score: string;
  /** Ids of the terms that held, in the score's order. */
  readonly terms: readonly string[];
  /** The band's id, when the score has bands. */
  readonly band?: string;
}

/**
 * The result of {@link scoreConditions}: every row scored, rejected or excluded, and the
 * distribution of the scores.
 *
 * @example
 * const r: ConditionScores = scoreConditions(rows, CAMBRIDGE_MULTIMORBIDITY_SCORE, { asOf: '2024-04-01' });
 * r.total === r.people.length + r.rejected.length + r.excluded.length; // true
 */
export interface ConditionScores {
  readonly score: { readonly id: string; readonly label: string };
  readonly asOf: IsoDate;
  readonly total: number;
  readonly people: readonly PersonScore[];
  readonly rejected: readonly Rejection[];
  readonly excluded: readonly Exclusion[];
  readonly distribution: {
    /** People with each score that occurs, lowest first. */
    readonly byScore: readonly { readonly score: string; readonly people: number }[];
    /** People in each band, in the score's order (zeros included), when it has bands. */
    readonly byBand?: readonly { readonly band: string; readonly label: string; readonly from: string; readonly people: number }[];
    /** People with each term, in the score's order. */
    readonly byTerm: Readonly<Record<string, number>>;
    /** The mean score, rounded half-even to 6 decimal places; null for no one. */
    readonly mean: string | null;
  };
  readonly unknownMarkers: readonly UnknownMarker[];
}

/** `sum / n` in millionths, rounded half to even: the mean to 6 places. */
function meanOf(sum: bigint, n: bigint): string {
  const quotient = sum / n;
  const remainder = sum % n;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  const odd = (quotient < 0n ? -quotient : quotient) % 2n === 1n;
  const away = twice > n || (twice === n && odd);
  return fromMillionths(away ? quotient + (sum < 0n ? -1n : 1n) : quotient);
}

/**
 * Scores everyone in a population with a weighted condition score on the evaluation date: each
 * person's sum of the weights of the terms that hold, exactly, with the terms and the band, and
 * the distribution (by score, by band, by term, the mean). Rows are screened as
 * `segmentPopulation` screens them, each read once: every row is scored, `rejected` (invalid,
 * duplicate id, unreadable, or an unknown marker with `unknownMarkers: 'reject'`) or
 * `excluded` (dead, not yet born). Throws for an invalid score or options, or `records` that
 * fails as a whole.
 *
 * @example
 * const r = scoreConditions(rows, CAMBRIDGE_MULTIMORBIDITY_SCORE, { asOf: '2024-04-01' });
 * r.distribution.byScore; // [{ score: '0', people: 51234 }, { score: '0.08', people: 9120 }, ...]
 */
export function scoreConditions(records: Iterable<unknown>, score: DeepReadonly<ConditionScoreSpec> | ConditionScore, options: DeepReadonly<ClassifyOptions>): ConditionScores {
  const { asOf, unknownMarkers: policy = 'report' } = parseInput(ClassifyOptionsSchema, options, 'options');
  const checked = defineConditionScore(score);
  const { total, people, indices, rejected: screened } = screenRecords(records);
  const engine = createRuleEngine(asOf, checked.terms.map((t) => t.rule));
  const tests = checked.terms.map((t) => engine.compile(t.rule));
  const weights = checked.terms.map((t) => millionths(t.weight));
  const cutOffs = (checked.bands ?? []).map((b) => millionths(b.from));
  const tally = createUnknownMarkerTally(checked, policy);
  const scored: PersonScore[] = [];
  const excluded: Exclusion[] = [];
  const unknownRejected: Rejection[] = [];
  const byScore = new Map<number, number>();
  const byBand = new Array<number>(cutOffs.length).fill(0);
  const byTerm = new Array<number>(tests.length).fill(0);
  // Summed as a BigInt: ten million people of large scores pass 2^53 millionths.
  let sum = 0n;
  people.forEach((person, k) => {
    const index = indices[k] as number;
    const unknown = tally.check(person);
    if (unknown !== undefined) return void unknownRejected.push(unknownMarkerRejection(index, person.id, unknown));
    const out = exclusionOn(person, asOf);
    if (out !== undefined) return void excluded.push({ index, personId: person.id, ...out });
    engine.load(person);
    let points = 0;
    const terms: string[] = [];
    tests.forEach((test, i) => {
      if (!test()) return;
      points += weights[i] as number;
      terms.push(checked.terms[i]?.id as string);
      byTerm[i]!++;
    });
    sum += BigInt(points);
    byScore.set(points, (byScore.get(points) ?? 0) + 1);
    let band = -1;
    for (let b = 0; b < cutOffs.length; b++) if (b === 0 || points >= (cutOffs[b] as number)) band = b;
    if (band >= 0) byBand[band]!++;
    scored.push({ index, personId: person.id, score: fromMillionths(points), terms, ...(band >= 0 ? { band: checked.bands?.[band]?.id as string } : {}) });
  });
  const rejected = [...screened, ...unknownRejected].sort((a, b) => a.index - b.index);
  return {
    score: { id: checked.id, label: checked.label },
    asOf,
    total,
    people: scored,
    rejected,
    excluded,
    distribution: {
      byScore: [...byScore].sort((a, b) => a[0] - b[0]).map(([points, n]) => ({ score: fromMillionths(points), people: n })),
      ...(checked.bands === undefined ? {} : { byBand: checked.bands.map((b, i) => ({ band: b.id, label: b.label, from: b.from, people: byBand[i] as number })) }),
      byTerm: Object.fromEntries(checked.terms.map((t, i) => [t.id, byTerm[i] as number])),
      mean: scored.length === 0 ? null : meanOf(sum, BigInt(scored.length)),
    },
    unknownMarkers: tally.result(),
  };
}
