import { CRITERION_IDS, type CriterionId } from './criteria.js';
import { inProportion, rescale } from './magnitudes.js';
import type { ParsedAcceleratorInput } from './schema.js';

/**
 * A candidate's evidence on every one of the six criteria, on 0-100; null where it is missing
 * (missing evidence is handled by the policy, never read as zero).
 *
 * @example
 * const scores: CriterionScores = { healthOutcomes: 75, costToSystem: 100, qualityGap: 50, strategicAlignment: 100, scaleOfAmbition: 50, longTermImpact: null };
 */
export type CriterionScores = Record<CriterionId, number | null>;

type Indicator = ParsedAcceleratorInput['indicators'][number];

/**
 * How one indicator's raw values, such as current spend in pounds, became 0-100 scores across
 * the candidates: the method, which values raise priority, and each candidate's raw value and
 * score.
 *
 * @example
 * selectAccelerator(input).steps.normalisation[0]?.scores // { frailty: [240000000, 0], 'long-term-conditions': [300000000, 100] }
 */
export interface IndicatorNormalisation {
  readonly indicator: string;
  readonly criterion: CriterionId;
  readonly method: Indicator['method'];
  readonly prioritise: Indicator['prioritise'];
  /** Candidate id to [raw value, score 0-100]; candidates without a value are absent. */
  readonly scores: Readonly<Record<string, readonly [number, number]>>;
}

/**
 * Brings raw indicator values to 0-100 across the candidates that have one. Min-max keeps the
 * distances (the lowest priority scores 0, the highest 100); rank keeps the order (tied values
 * share their average rank). When every candidate has the same value, or only one has a
 * value, nothing separates them and each scores 50.
 */
export function normaliseIndicator(values: readonly (readonly [string, number])[], method: Indicator['method'], prioritise: Indicator['prioritise']): Map<string, number> {
  const out = new Map<string, number>();
  const raw = values.map(([, v]) => (prioritise === 'higher' ? v : -v));
  const [lo, hi] = extremes(raw);
  const ranks = method === 'rank' ? averageRanks(raw) : undefined;
  values.forEach(([id], i) => {
    const v = raw[i] as number;
    if (hi === lo) out.set(id, 50);
    else if (ranks === undefined) out.set(id, onHundred(v, lo, hi));
    else out.set(id, (100 * (ranks.get(v) as number)) / (raw.length - 1));
  });
  return out;
}

/**
 * Where `v` lies from `lo` (0) to `hi` (100). `100 * (hi - lo) / (hi - lo)` can round to
 * 100.00000000000001: held at 100, the top of the scale.
 */
function onHundred(v: number, lo: number, hi: number): number {
  return Math.min(100, rescale(v, lo, hi));
}

/** The lowest and highest value, by a loop: spreading a long array into Math.min overflows the stack. */
function extremes(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Each distinct value's average rank from 0 (the values below it, plus half of the others
 * equal to it), from one sort rather than a count over every value per value. A Map's keys
 * treat -0 and 0 as one value, as comparison does.
 */
function averageRanks(values: readonly number[]): Map<number, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const ranks = new Map<number, number>();
  for (let start = 0; start < sorted.length; ) {
    const v = sorted[start] as number;
    let end = start + 1;
    while (end < sorted.length && sorted[end] === v) end++;
    ranks.set(v, start + (end - start - 1) / 2);
    start = end;
  }
  return ranks;
}

/**
 * Every candidate's score on every criterion, 0-100: a score on the declared scale rescaled,
 * or the weighted mean of the criterion's normalised indicators that the candidate has. The
 * work is linear in the candidates plus the indicator values given: each indicator reads only
 * its own values, never every candidate.
 */
export function criterionScores(input: ParsedAcceleratorInput): { scores: Map<string, CriterionScores>; indicators: IndicatorNormalisation[] } {
  const { min, max } = input.scale;
  const order = new Map(input.candidates.map((c, i) => [c.id, i]));
  const indicators = input.indicators.map((indicator) => normalisation(indicator, order));
  const measured = new Set(input.indicators.map((x) => x.criterion));
  const found = indicatorScoresByCandidate(input.indicators, indicators);
  const scores = new Map<string, CriterionScores>();
  for (const candidate of input.candidates) {
    const row = {} as CriterionScores;
    const own = found.get(candidate.id);
    for (const criterion of CRITERION_IDS) {
      if (measured.has(criterion)) row[criterion] = indicatorMean(own?.get(criterion) ?? []);
      else {
        const score = candidate.evidence[criterion];
        row[criterion] = typeof score === 'number' ? onHundred(score, min, max) : null;
      }
    }
    scores.set(candidate.id, row);
  }
  return { scores, indicators };
}

/** One indicator normalised across the candidates that have a value, listed in candidate order. */
function normalisation(indicator: Indicator, order: ReadonlyMap<string, number>): IndicatorNormalisation {
  const present = Object.entries(indicator.values)
    .flatMap(([id, v]) => (typeof v === 'number' && order.has(id) ? [[id, v] as const] : []))
    .sort((a, b) => (order.get(a[0]) as number) - (order.get(b[0]) as number));
  const normalised = normaliseIndicator(present, indicator.method, indicator.prioritise);
  return {
    indicator: indicator.id,
    criterion: indicator.criterion,
    method: indicator.method,
    prioritise: indicator.prioritise,
    scores: Object.fromEntries(present.map(([id, v]) => [id, [v, normalised.get(id) as number] as const])),
  };
}

/** Per candidate and criterion, the weight and normalised score of each indicator it has, in the indicators' order. */
function indicatorScoresByCandidate(given: readonly Indicator[], normalised: readonly IndicatorNormalisation[]): Map<string, Map<CriterionId, [number, number][]>> {
  const found = new Map<string, Map<CriterionId, [number, number][]>>();
  given.forEach((indicator, i) => {
    for (const [id, [, score]] of Object.entries((normalised[i] as IndicatorNormalisation).scores)) {
      const own = found.get(id) ?? new Map<CriterionId, [number, number][]>();
      found.set(id, own);
      const list = own.get(indicator.criterion) ?? [];
      own.set(indicator.criterion, list);
      list.push([indicator.weight, score]);
    }
  });
  return found;
}

/**
 * The weighted mean of a criterion's normalised indicators that a candidate has; null when it
 * has none. The indicator weights are used in proportion, so they are brought near 1 first
 * (their sum could otherwise overflow). Indicators that all weigh zero carry no evidence: the
 * plain mean of the ones present stands. Rounding can take a mean of hundreds a hair above
 * 100: it is held at 100.
 */
function indicatorMean(present: readonly (readonly [number, number])[]): number | null {
  if (present.length === 0) return null;
  const weights = inProportion(present.map(([w]) => w));
  let weighted = 0;
  let weight = 0;
  present.forEach(([, score], i) => {
    weighted += (weights[i] as number) * score;
    weight += weights[i] as number;
  });
  return Math.min(100, weight > 0 ? weighted / weight : present.reduce((a, [, score]) => a + score, 0) / present.length);
}
