import { ACCELERATOR_CRITERIA, criteriaOfStep, type CriterionId } from './criteria.js';
import { inProportion, unitFor } from './magnitudes.js';
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

/** Each criterion's default weight, and each step's criteria: looked up once, not per candidate per rerun. */
const DEFAULT_WEIGHTS = new Map<CriterionId, number>(ACCELERATOR_CRITERIA.map((c) => [c.id, c.defaultWeight]));
const STEP_CRITERIA = { 1: criteriaOfStep(1), 2: criteriaOfStep(2) } as const;

/** The weight of each criterion: the input's, or the default. */
export function weightOf(input: ParsedAcceleratorInput, criterion: CriterionId): number {
  return input.weights[criterion] ?? (DEFAULT_WEIGHTS.get(criterion) as number);
}

export function policyOf(input: ParsedAcceleratorInput, criterion: CriterionId): MissingPolicy {
  return missingPolicyOf(input.missing, criterion);
}

/**
 * A candidate's scores on one step's criteria as its composite uses them, in the step's order:
 * the evidence, or what the criterion's missing-evidence policy puts in its place (null: left
 * out). No weight changes them, so `sensitivity` works them out once for all its reruns.
 */
export interface StepEvidence {
  readonly id: string;
  readonly criteria: readonly CriterionId[];
  readonly scores: readonly (number | null)[];
  readonly sources: readonly Contribution['source'][];
}

/** A candidate's {@link StepEvidence} for one step, from its 0-100 criterion scores and the input's policies. */
export function stepEvidence(input: ParsedAcceleratorInput, id: string, scores: CriterionScores, step: 1 | 2): StepEvidence {
  const criteria = STEP_CRITERIA[step];
  const sources = criteria.map((criterion): Contribution['source'] => {
    const policy = policyOf(input, criterion);
    return scores[criterion] !== null ? 'evidence' : policy === 'worst' ? 'worst' : policy === 'midpoint' ? 'midpoint' : 'excluded';
  });
  const used = criteria.map((criterion, i) => scores[criterion] ?? (sources[i] === 'worst' ? 0 : sources[i] === 'midpoint' ? 50 : null));
  return { id, criteria, scores: used, sources };
}

/** The weights of a step's criteria, in the step's order: the input's, or the defaults. */
export function stepWeights(input: ParsedAcceleratorInput, step: 1 | 2): number[] {
  return STEP_CRITERIA[step].map((c) => weightOf(input, c));
}

/**
 * The weighted mean of the scores present, 0-100: the composite alone, for reruns that read
 * nothing else. Weights count only in proportion, so those counted are brought near 1 by one
 * power of two before they are added up (weights of 1e308 would otherwise sum to Infinity and
 * the score would be NaN); a tiny weight left alone by a missing large one still carries the
 * whole step. The products are summed and divided once: equal evidence then gives exactly
 * that score (100, not 99.99999999999999), so equal candidates stay exactly tied.
 */
export function compositeScore(weights: readonly number[], evidence: StepEvidence): number {
  const unit = countedUnit(weights, evidence);
  let counted = 0;
  let weighted = 0;
  evidence.scores.forEach((score, i) => {
    const weight = score === null ? 0 : (weights[i] as number) * unit;
    counted += weight;
    weighted += score === null ? 0 : weight * score;
  });
  return counted === 0 ? 0 : Math.min(100, Math.max(0, weighted / counted));
}

/** The power of two that brings the largest weight among the criteria with a score near 1. */
function countedUnit(weights: readonly number[], evidence: StepEvidence): number {
  let largest = 0;
  evidence.scores.forEach((score, i) => {
    if (score !== null && (weights[i] as number) > largest) largest = weights[i] as number;
  });
  return unitFor(largest);
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * A candidate's composite for one step with each criterion's part in it. Missing evidence
 * follows the criterion's policy: `worst` scores 0, `midpoint` 50, `exclude-and-reweight` drops
 * the criterion and shares its weight among the others in proportion. With no evidence at all
 * under `exclude-and-reweight`, the composite is 0 and the evidence share says why.
 */
export function stepScore(weights: readonly number[], evidence: StepEvidence): StepScore {
  const unit = countedUnit(weights, evidence);
  const counting = evidence.scores.map((score, i) => (score === null ? 0 : (weights[i] as number) * unit));
  const counted = sum(counting);
  const contributions: Contribution[] = evidence.criteria.map((criterion, i) => {
    const score = evidence.scores[i] as number | null;
    const weight = score === null || counted === 0 ? 0 : (counting[i] as number) / counted;
    return { criterion, weight, score, points: score === null ? 0 : weight * score, source: evidence.sources[i] as Contribution['source'] };
  });
  const all = inProportion(weights);
  const total = sum(all);
  const present = sum(evidence.sources.map((source, i) => (source === 'evidence' ? (all[i] as number) : 0)));
  return { id: evidence.id, score: compositeScore(weights, evidence), contributions, evidenceShare: total === 0 ? 0 : present / total };
}
