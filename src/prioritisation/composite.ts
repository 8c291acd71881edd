import { ACCELERATOR_CRITERIA, criteriaOfStep, type CriterionId } from './criteria.js';
import type { CriterionScores } from './normalise.js';
import { missingPolicyOf, type MissingPolicy, type ParsedAcceleratorInput } from './schema.js';

/**
 * One criterion's part in a candidate's composite score for a step: its share of the step's
 * weight, the 0-100 score used, the points it adds, and whether the score is evidence or what
 * the missing-evidence policy put in its place.
 *
 * @example
 * selectAccelerator(input).steps.step1.scores[0]?.contributions.map((c) => `${c.criterion} ${c.points.toFixed(1)} (${c.source})`)
 */
export interface Contribution {
  readonly criterion: CriterionId;
  /** The criterion's share of the step's weight, 0-1 (after any reweighting). */
  readonly weight: number;
  /** The 0-100 score used: the evidence, or what the missing-evidence policy put in its place. */
  readonly score: number | null;
  /** `score * weight`: the points it adds to the composite. */
  readonly points: number;
  /** How the score was obtained. */
  readonly source: 'evidence' | 'worst' | 'midpoint' | 'excluded';
}

/**
 * A candidate's weighted composite score (0-100) for step 1 or step 2, with each criterion's
 * contribution and the share of the step's weight that rests on evidence.
 *
 * @example
 * selectAccelerator(input).steps.step1.scores.map((s) => [s.id, s.score, s.evidenceShare])
 */
export interface StepScore {
  readonly id: string;
  /** 0-100. */
  readonly score: number;
  readonly contributions: readonly Contribution[];
  /** Share of the step's weight backed by evidence, 0-1. */
  readonly evidenceShare: number;
}

/** The weight of each criterion: the input's, or the default. */
export function weightOf(input: ParsedAcceleratorInput, criterion: CriterionId): number {
  return input.weights[criterion] ?? (ACCELERATOR_CRITERIA.find((c) => c.id === criterion) as { defaultWeight: number }).defaultWeight;
}

export function policyOf(input: ParsedAcceleratorInput, criterion: CriterionId): MissingPolicy {
  return missingPolicyOf(input.missing, criterion);
}

/**
 * The weighted mean of a candidate's criterion scores for one step. Missing evidence follows
 * the criterion's policy: `worst` scores 0, `midpoint` 50, `exclude-and-reweight` drops the
 * criterion and shares its weight among the others in proportion. With no evidence at all
 * under `exclude-and-reweight`, the composite is 0 and the evidence share says why.
 */
export function stepScore(input: ParsedAcceleratorInput, id: string, scores: CriterionScores, step: 1 | 2): StepScore {
  const criteria = criteriaOfStep(step);
  const total = criteria.reduce((sum, c) => sum + weightOf(input, c), 0);
  const parts = criteria.map((criterion) => {
    const evidence = scores[criterion];
    const policy = policyOf(input, criterion);
    const source: Contribution['source'] = evidence !== null ? 'evidence' : policy === 'worst' ? 'worst' : policy === 'midpoint' ? 'midpoint' : 'excluded';
    const score = evidence ?? (source === 'worst' ? 0 : source === 'midpoint' ? 50 : null);
    return { criterion, raw: weightOf(input, criterion), score, source };
  });
  const counted = parts.reduce((sum, p) => sum + (p.score === null ? 0 : p.raw), 0);
  const present = parts.reduce((sum, p) => sum + (p.source === 'evidence' ? p.raw : 0), 0);
  const contributions: Contribution[] = parts.map((p) => {
    const weight = p.score === null || counted === 0 ? 0 : p.raw / counted;
    return { criterion: p.criterion, weight, score: p.score, points: p.score === null ? 0 : weight * p.score, source: p.source };
  });
  // Sum the raw products and divide once: equal evidence then gives exactly that score (100,
  // not 99.99999999999999), so equal candidates stay exactly tied.
  const score = counted === 0 ? 0 : parts.reduce((sum, p) => sum + (p.score === null ? 0 : p.raw * p.score), 0) / counted;
  return { id, score: Math.min(100, Math.max(0, score)), contributions, evidenceShare: total === 0 ? 0 : present / total };
}
