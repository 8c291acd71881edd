import type { DeepReadonly } from '../core/freeze.js';
import * as z from 'zod';
import { createRng } from '../core/random.js';
import { parseInput } from '../core/validation.js';
import { ACCELERATOR_CRITERIA, CRITERION_IDS, criteriaOfStep, type CriterionId } from './criteria.js';
import { unrecorded } from './audit.js';
import { weightOf } from './composite.js';
import { unitFor } from './magnitudes.js';
import { AcceleratorInputSchema, type AcceleratorInput, type ParsedAcceleratorInput } from './schema.js';
import { evidenceOf, type Evidence } from './evidence.js';
import { decide, type Decision, type Trail } from './method.js';
import { rankScores } from './ranking.js';
import { checkSensitivityWork } from './sensitivity-limit.js';

/**
 * The options of a sensitivity analysis: how many Monte Carlo draws of the weights to make
 * (default 1,000) and the seed, so that the same seed always gives the same answer.
 *
 * @example
 * SensitivityOptionsSchema.parse({ seed: 2017 }) // { samples: 1000, seed: 2017 }
 */
export const SensitivityOptionsSchema = z.strictObject({
  /** Monte Carlo draws of the weights. Default 1,000; at most 1,000,000, and fewer with many candidates (see `SENSITIVITY_WORK_LIMIT`). */
  samples: z.number().int().min(1).max(1_000_000).default(1000),
  /** Any integer: the same seed gives the same answer. */
  seed: z.number().int(),
});

/**
 * The options of `sensitivity`, as you write them: `seed` is required, `samples` defaults to
 * 1,000.
 *
 * @example
 * const options: SensitivityOptions = { samples: 2000, seed: 2017 };
 * sensitivity(input, options);
 */
export type SensitivityOptions = z.input<typeof SensitivityOptionsSchema>;

/**
 * How far one criterion's weight can move, the others in its step keeping their proportions,
 * before the recommendation changes: as shares of the step and as weights on the input's
 * scale.
 *
 * @example
 * sensitivity(input, { seed: 2017 }).weights.find((w) => w.criterion === 'costToSystem')?.stableShare // [low, high], containing the current share
 */
export interface WeightInterval {
  readonly criterion: CriterionId;
  readonly weight: number;
  /** The criterion's share of its step's weight now, 0-1. */
  readonly share: number;
  /**
   * The share interval, containing `share`, over which the recommendation stays the same; null
   * when nothing is recommended (a tie for first, or no one eligible): there is nothing to hold.
   */
  readonly stableShare: readonly [number, number] | null;
  /** The same interval as weights on the input's scale (upper `null`: no limit); null as above. */
  readonly stableWeight: readonly [number, number | null] | null;
}

/**
 * How firm an accelerator recommendation is: for each criterion weight, the interval over which
 * the recommendation holds, and a seeded Monte Carlo over the weights giving each candidate's
 * probability of ranking first and its range of ranks.
 *
 * @example
 * const report: SensitivityReport = sensitivity(input, { samples: 2000, seed: 2017 });
 * report.monteCarlo.probabilityFirst; // candidate id to its share of draws ranked first
 * report.monteCarlo.rankRange;        // candidate id to its [best, worst] rank
 */
export interface SensitivityReport {
  /** The recommendation at the input's own weights. */
  readonly recommended: readonly string[];
  readonly weights: readonly WeightInterval[];
  readonly monteCarlo: {
    readonly samples: number;
    readonly seed: number;
    /** Candidate id to the share of draws in which it ranked first (shared equally on ties). */
    readonly probabilityFirst: Readonly<Record<string, number>>;
    /** Share of draws in which no candidate was eligible; with `probabilityFirst`, sums to 1. */
    readonly probabilityNoneEligible: number;
    /** Candidate id to its best and worst rank over the draws (candidates cut or excluded rank after the eligible). */
    readonly rankRange: Readonly<Record<string, readonly [number, number]>>;
  };
}

/** Every candidate's overall position: the final ranking, then the rest by their last score (step 3's, or step 1's for the cut). */
function overallRanks(result: Decision): Map<string, number> {
  const ranks = new Map(result.ranking.map((r) => [r.id, r.rank]));
  const finals = new Map(result.finals.map((s) => [s.id, s.score]));
  const rest = result.step1.filter((s) => !ranks.has(s.id)).map((s) => ({ id: s.id, score: finals.get(s.id) ?? s.score }));
  const offset = result.ranking.length;
  for (const r of rankScores(rest)) ranks.set(r.id, offset + r.rank);
  return ranks;
}

/** Reruns read the ranking and the recommendation only: no audit trail, no contributions. */
const RERUN: Trail = { log: unrecorded, detailed: false };

function withWeights(input: ParsedAcceleratorInput, weights: Partial<Record<CriterionId, number>>): ParsedAcceleratorInput {
  return { ...input, weights: { ...input.weights, ...weights } };
}

const sameRecommendation = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** A criterion's weight and the rest of its step's, in a unit that brings the step's largest weight near 1. */
function stepShares(input: ParsedAcceleratorInput, criterion: CriterionId): { step: 1 | 2; others: CriterionId[]; unit: number; weight: number; rest: number } {
  const step = (ACCELERATOR_CRITERIA.find((c) => c.id === criterion) as { step: 1 | 2 }).step;
  const others = criteriaOfStep(step).filter((c) => c !== criterion);
  // Weights of 1e308 would add up to Infinity: shares are taken in a power-of-two unit, which
  // leaves ordinary weights' ratios exactly as they were.
  const unit = unitFor(Math.max(...criteriaOfStep(step).map((c) => weightOf(input, c))));
  const rest = others.reduce((sum, c) => sum + weightOf(input, c) * unit, 0);
  return { step, others, unit, weight: weightOf(input, criterion) * unit, rest };
}

/**
 * The share interval around a criterion's share over which the recommendation holds, the other
 * weights of its step keeping their proportions: a scan of shares in steps of 0.01, each edge
 * then refined by 30 bisections. At most 161 reruns of the method.
 */
function stableInterval(input: ParsedAcceleratorInput, evidence: Evidence, recommended: readonly string[], criterion: CriterionId): WeightInterval {
  const { others, unit, weight, rest } = stepShares(input, criterion);
  const given = weightOf(input, criterion);
  const share = weight / (weight + rest);
  if (recommended.length === 0) return { criterion, weight: given, share, stableShare: null, stableWeight: null };
  // The others of its step weigh nothing: any positive weight is the whole step, share 1.
  if (rest === 0) return { criterion, weight: given, share, stableShare: [1, 1], stableWeight: [0, null] };
  // At share t the criterion weighs t and the others (1 - t), in their proportions.
  const holds = (t: number) => {
    const scaled: Partial<Record<CriterionId, number>> = { [criterion]: t };
    for (const c of others) scaled[c] = ((1 - t) * weightOf(input, c) * unit) / rest;
    return sameRecommendation(decide(withWeights(input, scaled), evidence, RERUN).recommended, recommended);
  };
  const edge = (inside: number, outside: number) => {
    let a = inside;
    let b = outside;
    for (let i = 0; i < 30; i++) {
      const mid = (a + b) / 2;
      if (holds(mid)) a = mid;
      else b = mid;
    }
    return a;
  };
  const grid = Array.from({ length: 101 }, (_, i) => i / 100);
  let low = share;
  let high = share;
  for (const t of grid.filter((t) => t < share).reverse()) {
    if (!holds(t)) {
      low = edge(low, t);
      break;
    }
    low = t;
  }
  for (const t of grid.filter((t) => t > share)) {
    if (!holds(t)) {
      high = edge(high, t);
      break;
    }
    high = t;
  }
  // Bisection stops a hair short of an end it cannot cross: snap to the ends it reached.
  if (low < 1e-9) low = 0;
  if (high > 1 - 1e-9) high = 1;
  // Back from the unit to the input's weights. An upper edge beyond the largest double is no
  // limit on any weight that can be written: null, as for share 1.
  const toWeight = (t: number) => (t >= 1 ? null : (t * rest) / (1 - t) / unit);
  // A lower edge at share 1 (the others a rounding error beside it) is the weight given.
  const lower = toWeight(low) ?? given;
  const upper = toWeight(high);
  return { criterion, weight: given, share, stableShare: [low, high], stableWeight: [Math.min(lower, Number.MAX_VALUE), upper !== null && Number.isFinite(upper) ? upper : null] };
}

/** Weights drawn uniformly on a simplex of `n` criteria: normalised exponential draws (a flat Dirichlet). */
function simplex(rng: ReturnType<typeof createRng>, n: number): number[] {
  const draws: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const draw = -Math.log(1 - rng.next());
    draws.push(draw);
    total += draw;
  }
  return draws.map((d) => d / total);
}

/** The seeded Monte Carlo: `samples` draws of every weight, each candidate's first places and its best and worst overall rank. */
function monteCarlo(input: ParsedAcceleratorInput, evidence: Evidence, samples: number, seed: number): SensitivityReport['monteCarlo'] {
  const ids = input.candidates.map((c) => c.id);
  const rng = createRng(seed);
  const firsts = new Map(ids.map((id) => [id, 0]));
  const best = new Map(ids.map((id) => [id, Infinity]));
  const worst = new Map(ids.map((id) => [id, -Infinity]));
  const steps = [criteriaOfStep(1), criteriaOfStep(2)];
  for (let s = 0; s < samples; s++) {
    const drawn: Partial<Record<CriterionId, number>> = {};
    for (const criteria of steps) simplex(rng, criteria.length).forEach((w, i) => (drawn[criteria[i] as CriterionId] = w));
    const result = decide(withWeights(input, drawn), evidence, RERUN);
    const top = result.ranking.filter((r) => r.rank === 1).map((r) => r.id);
    for (const id of top) firsts.set(id, (firsts.get(id) as number) + 1 / top.length);
    for (const [id, rank] of overallRanks(result)) {
      best.set(id, Math.min(best.get(id) as number, rank));
      worst.set(id, Math.max(worst.get(id) as number, rank));
    }
  }
  const noneEligible = Math.max(0, samples - [...firsts.values()].reduce((a, b) => a + b, 0));
  return {
    samples,
    seed,
    probabilityFirst: Object.fromEntries(ids.map((id) => [id, (firsts.get(id) as number) / samples])),
    probabilityNoneEligible: noneEligible / samples,
    rankRange: Object.fromEntries(ids.map((id) => [id, [best.get(id) as number, worst.get(id) as number] as const])),
  };
}

/**
 * How firm a recommendation is. For each weight: the interval over which the recommendation
 * holds when that weight moves and the other weights of its step keep their proportions
 * (scanned on a grid of shares, then refined by bisection). And a seeded Monte Carlo: weights
 * drawn uniformly from each step's simplex, giving each candidate's probability of ranking
 * first and its range of ranks. The same seed gives the same answer.
 *
 * Bounded: the work, reckoned as (samples + 1,000) x (candidates + ballot places / 10 + 10),
 * may be at most `SENSITIVITY_WORK_LIMIT` (2,000,000: 200 candidates allow 8,523
 * samples). Beyond it the call throws `PhmValidationError` at `samples`, saying how many would
 * be allowed, or at `candidates` when even one sample is too many (1,989 candidates or more).
 *
 * @example
 * const report = sensitivity(input, { samples: 2000, seed: 2017 });
 * report.monteCarlo.probabilityFirst; // { frailty: 0.71, ... }
 */
export function sensitivity(input: DeepReadonly<AcceleratorInput>, options: DeepReadonly<SensitivityOptions>): SensitivityReport {
  const checked = parseInput(AcceleratorInputSchema, input, 'accelerator input');
  const { samples, seed } = parseInput(SensitivityOptionsSchema, options, 'options');
  checkSensitivityWork(checked, samples);
  // Nothing the weights change: worked out once for the thousand or more reruns below.
  const evidence = evidenceOf(checked);
  const base = decide(checked, evidence, RERUN);
  return {
    recommended: base.recommended,
    weights: CRITERION_IDS.map((criterion) => stableInterval(checked, evidence, base.recommended, criterion)),
    monteCarlo: monteCarlo(checked, evidence, samples, seed),
  };
}
