import { CRITERION_IDS, type CriterionId } from './criteria.js';
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
  const lo = Math.min(...raw);
  const hi = Math.max(...raw);
  values.forEach(([id], i) => {
    const v = raw[i] as number;
    if (hi === lo) out.set(id, 50);
    else if (method === 'min-max') out.set(id, (100 * (v - lo)) / (hi - lo));
    else {
      const below = raw.filter((x) => x < v).length;
      const equal = raw.filter((x) => x === v).length;
      const averageRank = below + (equal - 1) / 2;
      out.set(id, (100 * averageRank) / (raw.length - 1));
    }
  });
  return out;
}

/**
 * Every candidate's score on every criterion, 0-100: a score on the declared scale rescaled,
 * or the weighted mean of the criterion's normalised indicators that the candidate has.
 */
export function criterionScores(input: ParsedAcceleratorInput): { scores: Map<string, CriterionScores>; indicators: IndicatorNormalisation[] } {
  const { min, max } = input.scale;
  const indicators: IndicatorNormalisation[] = input.indicators.map((indicator) => {
    const present = input.candidates.flatMap((c) => {
      const v = Object.hasOwn(indicator.values, c.id) ? indicator.values[c.id] : undefined;
      return typeof v === 'number' ? [[c.id, v] as const] : [];
    });
    const normalised = normaliseIndicator(present, indicator.method, indicator.prioritise);
    return {
      indicator: indicator.id,
      criterion: indicator.criterion,
      method: indicator.method,
      prioritise: indicator.prioritise,
      scores: Object.fromEntries(present.map(([id, v]) => [id, [v, normalised.get(id) as number] as const])),
    };
  });
  const scores = new Map<string, CriterionScores>();
  for (const candidate of input.candidates) {
    const row = {} as CriterionScores;
    for (const criterion of CRITERION_IDS) {
      const own = input.indicators.map((x, i) => [x, indicators[i] as IndicatorNormalisation] as const).filter(([x]) => x.criterion === criterion);
      if (own.length === 0) {
        const score = candidate.evidence[criterion];
        row[criterion] = typeof score === 'number' ? (100 * (score - min)) / (max - min) : null;
        continue;
      }
      let weighted = 0;
      let weight = 0;
      const pairOf = (n: IndicatorNormalisation) => (Object.hasOwn(n.scores, candidate.id) ? n.scores[candidate.id] : undefined);
      for (const [indicator, normalised] of own) {
        const pair = pairOf(normalised);
        if (pair === undefined) continue;
        weighted += indicator.weight * pair[1];
        weight += indicator.weight;
      }
      // Indicators that all weigh zero carry no evidence: the mean of the ones present stands.
      const present = own.filter(([, n]) => pairOf(n) !== undefined);
      row[criterion] = present.length === 0 ? null : weight > 0 ? weighted / weight : present.reduce((a, [, n]) => a + (pairOf(n) as readonly [number, number])[1], 0) / present.length;
    }
    scores.set(candidate.id, row);
  }
  return { scores, indicators };
}
