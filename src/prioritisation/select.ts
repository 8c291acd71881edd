import type { DeepReadonly } from '../core/freeze.js';
import { parseInput } from '../core/validation.js';
import { f1, recordInto, type AuditEntry } from './audit.js';
import { CRITERION_IDS } from './criteria.js';
import { stepScore, stepWeights, weightOf, type StepEvidence, type StepScore } from './composite.js';
import { evidenceOf, type Evidence } from './evidence.js';
import { decide, type Decision, type FinalScore } from './method.js';
import type { IndicatorNormalisation } from './normalise.js';
import { AcceleratorInputSchema, type AcceleratorInput, type ParsedAcceleratorInput } from './schema.js';
import type { VoteCount } from './votes.js';

export type { AuditEntry } from './audit.js';
export type { FinalScore } from './method.js';
export { TIE_TOLERANCE } from './ranking.js';

/**
 * The result of choosing an accelerator segment: the recommendation (or the candidates tied for
 * first, for the board to choose between), the ranking, the shortlist, every number behind each
 * step, each candidate's evidence completeness, and the audit trail.
 *
 * @example
 * const result: AcceleratorSelection = selectAccelerator(input);
 * if (result.recommended.length === 0) console.log('For the board to decide:', result.tiedForFirst);
 */
export interface AcceleratorSelection {
  /** The recommended candidate id; more than one only when a declared grouping applies. Empty when the top is tied or no one is eligible. */
  readonly recommended: readonly string[];
  /** Candidates tied for first place: the method cannot choose between them, the board must. */
  readonly tiedForFirst: readonly string[];
  /** Eligible shortlisted candidates, best first; tied scores share a rank. */
  readonly ranking: readonly { readonly id: string; readonly score: number; readonly rank: number }[];
  /** Candidates kept by step 1. */
  readonly shortlist: readonly string[];
  readonly steps: {
    readonly normalisation: readonly IndicatorNormalisation[];
    readonly step1: { readonly scores: readonly StepScore[]; readonly cutoff: number | null; readonly tiedAtCutoff: readonly string[] };
    readonly step2: { readonly scores: readonly StepScore[]; readonly blendStep1: number; readonly combined: Readonly<Record<string, number>> };
    readonly step3: { readonly votes: VoteCount | null; readonly scores: readonly FinalScore[] };
  };
  /** Share of weighted evidence present per candidate, 0-1 (each step counts half). */
  readonly completeness: Readonly<Record<string, number>>;
  readonly audit: readonly AuditEntry[];
}

/** Each candidate's share of weighted evidence, each step counting half; the cut ones are scored at step 2 for this only. */
function completenessOf(input: ParsedAcceleratorInput, evidence: Evidence, decision: Decision): Record<string, number> {
  const weights2 = stepWeights(input, 2);
  const second = new Map(decision.step2.map((s) => [s.id, s]));
  return Object.fromEntries(
    decision.step1.map((first) => {
      const step2 = second.get(first.id) ?? stepScore(weights2, (evidence.steps.get(first.id) as readonly [StepEvidence, StepEvidence])[1]);
      return [first.id, (first.evidenceShare + step2.evidenceShare) / 2];
    }),
  );
}

/**
 * Runs the Leeds Blueprint's accelerator-segment method (Leeds System Blueprint for Population
 * Health Management, September 2017: "Segment selection criteria and example methodology") on
 * checked input, with its audit trail. {@link selectAccelerator} is the public entry.
 */
export function runSelection(input: ParsedAcceleratorInput): AcceleratorSelection {
  const audit: AuditEntry[] = [];
  const log = recordInto(audit);
  const weights = Object.fromEntries(CRITERION_IDS.map((c) => [c, weightOf(input, c)]));
  log(0, 'inputs', () => `${input.candidates.length} candidates; scores on a ${input.scale.min}-${input.scale.max} scale; weights ${CRITERION_IDS.map((c) => `${c} ${weights[c]}`).join(', ')}`, () => ({
    candidates: input.candidates.map((c) => c.id),
    scale: input.scale,
    weights,
    missing: input.missing,
  }));
  const evidence = evidenceOf(input);
  for (const n of evidence.indicators) {
    log(0, 'normalisation', () => `Indicator ${n.indicator} (${n.criterion}) normalised by ${n.method}, ${n.prioritise} values first: ${Object.entries(n.scores).map(([id, [raw, s]]) => `${id} ${raw} -> ${f1(s)}`).join(', ')}`, () => ({ ...n }));
  }
  const decision = decide(input, evidence, { log, detailed: true });
  const { kept, cutoff, tiedAtCutoff } = decision.shortlist;
  return {
    recommended: decision.recommended,
    tiedForFirst: decision.tiedForFirst,
    ranking: decision.ranking,
    shortlist: kept,
    steps: {
      normalisation: evidence.indicators,
      step1: { scores: decision.step1, cutoff, tiedAtCutoff },
      step2: { scores: decision.step2, blendStep1: input.blendStep1, combined: Object.fromEntries(decision.combined) },
      step3: { votes: decision.votes, scores: decision.finals },
    },
    completeness: completenessOf(input, evidence, decision),
    audit,
  };
}

/**
 * Chooses an accelerator segment by the Leeds Blueprint's six-criterion, three-step method,
 * with every step recorded in `audit`. Throws `PhmValidationError` naming the path for bad
 * input: unknown criteria, negative or all-zero weights, a scale whose min is not below its
 * max, scores outside the scale, duplicate candidates, votes for unknown candidates. Any finite
 * numbers are accepted and every score is finite: weights of 1e308, a scale of -1.7e308 to
 * 1.7e308 and indicator values as large are normalised without overflow (see the guide).
 *
 * @example
 * const result = selectAccelerator({
 *   candidates: [
 *     { id: 'frailty', population: 30_000, evidence: { healthOutcomes: 4, costToSystem: 4, qualityGap: 3, strategicAlignment: 5, scaleOfAmbition: 3, longTermImpact: 3 } },
 *     { id: 'long-term-conditions', population: 250_000, evidence: { healthOutcomes: 5, costToSystem: 5, qualityGap: 3, strategicAlignment: 4, scaleOfAmbition: 5, longTermImpact: 5 } },
 *   ],
 *   feasibility: { maxPopulationShare: 0.2, mode: 'gate' },
 * });
 * result.recommended; // ['frailty']
 */
export function selectAccelerator(input: DeepReadonly<AcceleratorInput>): AcceleratorSelection {
  return runSelection(parseInput(AcceleratorInputSchema, input, 'accelerator input'));
}
