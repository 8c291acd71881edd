import { countOf } from '../core/words.js';
import type { DeepReadonly } from '../core/freeze.js';
import { parseInput } from '../core/validation.js';
import { CRITERION_IDS } from './criteria.js';
import { stepScore, weightOf, type StepScore } from './composite.js';
import { criterionScores, type IndicatorNormalisation } from './normalise.js';
import { AcceleratorInputSchema, type AcceleratorInput, type ParsedAcceleratorInput } from './schema.js';
import { countVotes, type VoteCount } from './votes.js';

/**
 * How close two composite scores (0-100) must be to count as tied: 1e-9. Ties at the shortlist
 * cut-off and for first place are kept, never broken by floating-point noise.
 *
 * @example
 * Math.abs(70 - (70 + 1e-12)) <= TIE_TOLERANCE // true: the two candidates tie
 */
export const TIE_TOLERANCE = 1e-9;

/**
 * One entry of the audit trail of an accelerator choice: what happened at which step, in words
 * and as data, so that a board can follow and defend the decision.
 *
 * @example
 * for (const entry of selectAccelerator(input).audit) console.log(`[step ${entry.step}] ${entry.message}`);
 */
export interface AuditEntry {
  /** 0 for the inputs, then the step it belongs to. */
  readonly step: 0 | 1 | 2 | 3;
  readonly kind: 'inputs' | 'normalisation' | 'score' | 'shortlist' | 'tie' | 'votes' | 'feasibility' | 'ranking' | 'recommendation';
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * A shortlisted candidate's standing at step 3, the provider-informed system discussion: its
 * step 2 score, its vote score, any feasibility penalty, the final score, and why a
 * feasibility gate excluded it, if one did.
 *
 * @example
 * selectAccelerator(input).steps.step3.scores.filter((s) => s.excluded.length > 0).map((s) => s.id) // the candidates a gate excluded
 */
export interface FinalScore {
  readonly id: string;
  readonly step2: number;
  readonly voteScore: number | null;
  readonly penalty: number;
  readonly score: number;
  /** Why the candidate was excluded at step 3, if it was. */
  readonly excluded: readonly string[];
}

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

const f1 = (n: number) => n.toFixed(1);

/** Says so when a composite rests on no evidence at all (it then scores 0, the lowest). */
function noEvidenceNote(s: StepScore): string {
  return s.contributions.every((c) => c.weight === 0) ? '; NO EVIDENCE with any weight in this step: scored 0, the lowest' : '';
}

/** Each criterion's weighted part in a composite, in words. */
function describeContributions(s: StepScore): string {
  return s.contributions
    .map((c) => `${c.criterion} ${c.score === null ? 'missing, excluded' : `${f1(c.score)}${c.source === 'evidence' ? '' : ` (${c.source} for missing)`}`} x ${c.weight.toFixed(3)} = ${f1(c.points)}`)
    .join('; ');
}

/**
 * Best first, with tied candidates sharing a rank and listed in id order, so that input order
 * never matters. Ties are classes chained from the top: a class starts at the best score not
 * yet placed and takes every score within {@link TIE_TOLERANCE} of that first score. (Comparing
 * neighbours pairwise would not be transitive: 10, 10 + 0.6e-9 and 10 + 1.2e-9 would tie in
 * pairs but not as a whole.)
 */
export function rankScores(entries: readonly { id: string; score: number }[]): { id: string; score: number; rank: number }[] {
  const sorted = [...entries].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ranked: { id: string; score: number; rank: number }[] = [];
  for (let start = 0; start < sorted.length; ) {
    const top = (sorted[start] as { score: number }).score;
    let end = start;
    while (end < sorted.length && top - (sorted[end] as { score: number }).score <= TIE_TOLERANCE) end++;
    const tied = sorted.slice(start, end).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const e of tied) ranked.push({ ...e, rank: start + 1 });
    start = end;
  }
  return ranked;
}

/** Which feasibility limits a candidate (or group) breaks, in words; and which could not be tested. */
function feasibilityBreaches(input: ParsedAcceleratorInput, population: number | undefined, scope: number | undefined): { breaches: string[]; untested: string[] } {
  const f = input.feasibility;
  const breaches: string[] = [];
  const untested: string[] = [];
  if (f === undefined) return { breaches, untested };
  const total = f.totalPopulation ?? input.candidates.reduce((sum, c) => sum + (c.population ?? 0), 0);
  if (f.maxPopulation !== undefined) {
    if (population === undefined) untested.push('population unknown: maximum population not tested');
    else if (population > f.maxPopulation) breaches.push(`population ${population} is above the maximum ${f.maxPopulation}`);
  }
  if (f.maxPopulationShare !== undefined) {
    if (population === undefined) untested.push('population unknown: maximum population share not tested');
    else if (total === 0) untested.push('total population is 0: maximum population share not tested');
    else if (population / total > f.maxPopulationShare) breaches.push(`population share ${f1((100 * population) / total)}% is above the maximum ${f1(100 * f.maxPopulationShare)}%`);
  }
  if (f.maxScope !== undefined) {
    if (scope === undefined) untested.push('scope unknown: maximum scope not tested');
    else if (scope > f.maxScope) breaches.push(`scope ${scope} is above the maximum ${f.maxScope}`);
  }
  return { breaches, untested };
}

/**
 * Runs the Leeds Blueprint's accelerator-segment method (seed 000 lines 361-417) on checked
 * input. {@link selectAccelerator} is the public entry; `sensitivity` calls this many times.
 */
export function runSelection(input: ParsedAcceleratorInput): AcceleratorSelection {
  const audit: AuditEntry[] = [];
  const log = (step: AuditEntry['step'], kind: AuditEntry['kind'], message: string, data: Record<string, unknown> = {}) => audit.push({ step, kind, message, data });
  const weights = Object.fromEntries(CRITERION_IDS.map((c) => [c, weightOf(input, c)]));
  log(0, 'inputs', `${input.candidates.length} candidates; scores on a ${input.scale.min}-${input.scale.max} scale; weights ${CRITERION_IDS.map((c) => `${c} ${weights[c]}`).join(', ')}`, {
    candidates: input.candidates.map((c) => c.id),
    scale: input.scale,
    weights,
    missing: input.missing,
  });

  const { scores, indicators } = criterionScores(input);
  for (const n of indicators) {
    log(0, 'normalisation', `Indicator ${n.indicator} (${n.criterion}) normalised by ${n.method}, ${n.prioritise} values first: ${Object.entries(n.scores).map(([id, [raw, s]]) => `${id} ${raw} -> ${f1(s)}`).join(', ')}`, { ...n });
  }
  const ids = input.candidates.map((c) => c.id);
  const criteria = (id: string) => scores.get(id) as NonNullable<ReturnType<typeof scores.get>>;

  // Step 1: the three gaps, and the shortlist.
  const step1 = ids.map((id) => stepScore(input, id, criteria(id), 1));
  for (const s of step1) {
    log(1, 'score', `${s.id}: step 1 composite ${f1(s.score)} (${describeContributions(s)})${noEvidenceNote(s)}`, { ...s });
  }
  const ranked1 = rankScores(step1);
  let cutoff: number | null = null;
  let kept: string[];
  let tiedAtCutoff: string[] = [];
  if ('size' in input.shortlist) {
    const size = input.shortlist.size;
    const last = ranked1[size - 1];
    // Keep whole tie classes: everyone sharing the rank of the last place is kept.
    kept = last === undefined ? ranked1.map((r) => r.id) : ranked1.filter((r) => r.rank <= last.rank).map((r) => r.id);
    cutoff = last === undefined || ranked1.length === size ? null : last.score;
    if (last !== undefined && kept.length > size) tiedAtCutoff = ranked1.filter((r) => r.rank === last.rank).map((r) => r.id);
  } else {
    cutoff = input.shortlist.threshold;
    kept = ranked1.filter((r) => r.score >= cutoff! - TIE_TOLERANCE).map((r) => r.id);
  }
  const cut = ranked1.filter((r) => !kept.includes(r.id));
  log(1, 'shortlist', `Shortlist (${'size' in input.shortlist ? `top ${input.shortlist.size}` : `score at least ${input.shortlist.threshold}`}): ${kept.join(', ') || 'none'}${cut.length > 0 ? `; cut: ${cut.map((r) => `${r.id} (${f1(r.score)})`).join(', ')}` : ''}`, { rule: input.shortlist, kept, cut: cut.map((r) => r.id), cutoff });
  if (tiedAtCutoff.length > 0) {
    log(1, 'tie', `Tie at the cut-off score ${f1(cutoff as number)}: ${tiedAtCutoff.join(', ')} are all kept, so the shortlist has ${kept.length} candidates, not ${'size' in input.shortlist ? input.shortlist.size : kept.length}`, { tied: tiedAtCutoff, cutoff });
  }

  // Step 2: the shortlist against strategy, ambition and long-term impact.
  const step2 = kept.map((id) => stepScore(input, id, criteria(id), 2));
  const combinedScores = new Map<string, number>();
  for (const s of step2) {
    const first = (step1.find((x) => x.id === s.id) as StepScore).score;
    const blended = (1 - input.blendStep1) * s.score + input.blendStep1 * first;
    combinedScores.set(s.id, blended);
    log(2, 'score', `${s.id}: step 2 composite ${f1(s.score)} (${describeContributions(s)})${noEvidenceNote(s)}${input.blendStep1 > 0 ? `, blended with ${f1(100 * input.blendStep1)}% of step 1 (${f1(first)}): ${f1(blended)}` : ''}`, { ...s, combined: blended });
  }
  const combined = Object.fromEntries(combinedScores);

  // Step 3: the system discussion: votes, then scope and feasibility.
  const votes = input.votes === undefined ? null : countVotes(input.votes, kept);
  if (votes !== null) {
    log(3, 'votes', `Votes (${votes.method}, ${f1(100 * votes.weight)}% of the step 3 score): ${Object.entries(votes.points).map(([id, p]) => `${id} ${countOf(p, 'point')}`).join(', ')}${votes.scores === null ? '; no shortlisted candidate has any points, so votes decide nothing' : ''}${votes.ignored > 0 ? `; ${countOf(votes.ignored, 'vote')} for candidates cut at step 1 not counted` : ''}`, { ...votes });
  }
  const population = (id: string) => input.candidates.find((c) => c.id === id)?.population;
  const scope = (id: string) => input.candidates.find((c) => c.id === id)?.scope;
  const finals: FinalScore[] = kept.map((id) => {
    const base = combinedScores.get(id) as number;
    const voteScore = votes === null || votes.scores === null ? null : (Object.hasOwn(votes.scores, id) ? (votes.scores[id] as number) : 0);
    const blended = voteScore === null || votes === null ? base : (1 - votes.weight) * base + votes.weight * voteScore;
    const { breaches, untested } = feasibilityBreaches(input, population(id), scope(id));
    for (const note of untested) log(3, 'feasibility', `${id}: ${note}`, { id, untested: note });
    const gate = input.feasibility?.mode === 'gate';
    const penalty = !gate && input.feasibility !== undefined ? Math.min(blended, input.feasibility.penalty * breaches.length) : 0;
    if (breaches.length > 0) {
      log(3, 'feasibility', `${id}: ${breaches.join('; ')}: ${gate ? 'excluded' : `penalty of ${f1(penalty)} points`}`, { id, breaches, mode: input.feasibility?.mode, penalty });
    }
    return { id, step2: base, voteScore, penalty, score: blended - penalty, excluded: gate ? breaches : [] };
  });

  const ranking = rankScores(finals.filter((f) => f.excluded.length === 0).map(({ id, score }) => ({ id, score })));
  log(3, 'ranking', `Final ranking: ${ranking.map((r) => `${r.rank}. ${r.id} ${f1(r.score)}`).join(', ') || 'no eligible candidate'}`, { ranking });
  const tiedForFirst = ranking.filter((r) => r.rank === 1).map((r) => r.id);
  let recommended: string[] = [];
  if (tiedForFirst.length === 1) {
    const lead = tiedForFirst[0] as string;
    recommended = [lead, ...membersFor(lead)];
    log(3, 'recommendation', `Recommended: ${recommended.join(' with ')}`, { recommended });
  } else if (tiedForFirst.length > 1) {
    log(3, 'tie', `Tie for first place between ${tiedForFirst.join(', ')}: the method does not choose; the board must`, { tied: tiedForFirst });
  } else {
    log(3, 'recommendation', 'No candidate is eligible: nothing is recommended', {});
  }

  const completeness = Object.fromEntries(
    ids.map((id) => {
      const first = step1.find((s) => s.id === id) as StepScore;
      // Shortlisted candidates have their step 2 scores already; the cut ones are scored for completeness only.
      const second = step2.find((s) => s.id === id) ?? stepScore(input, id, criteria(id), 2);
      return [id, (first.evidenceShare + second.evidenceShare) / 2];
    }),
  );
  return {
    recommended,
    tiedForFirst: tiedForFirst.length > 1 ? tiedForFirst : [],
    ranking,
    shortlist: kept,
    steps: { normalisation: indicators, step1: { scores: step1, cutoff, tiedAtCutoff }, step2: { scores: step2, blendStep1: input.blendStep1, combined }, step3: { votes, scores: finals } },
    completeness,
    audit,
  };

  /**
   * Members that join a recommended lead: declared in `allowGrouping`, within every
   * feasibility limit on their own, and within every limit as a group (populations and scopes
   * added up), whatever the mode: a group that breaks a limit is not recommended as a group.
   * Members need not have been shortlisted (2017's end of life joined frailty).
   */
  function membersFor(lead: string): string[] {
    const members: string[] = [];
    const sum = (values: (number | undefined)[]) => (values.every((v) => v !== undefined) ? values.reduce((a, b) => (a as number) + (b as number), 0) : undefined);
    for (const group of input.allowGrouping.filter((g) => g.lead === lead)) {
      for (const id of group.with) {
        if (id === lead || members.includes(id)) continue;
        const alone = feasibilityBreaches(input, population(id), scope(id)).breaches;
        const team = [lead, ...members, id];
        const together = feasibilityBreaches(input, sum(team.map(population)), sum(team.map(scope)));
        const breaches = [...alone, ...together.breaches.map((b) => `as a group: ${b}`)];
        if (breaches.length > 0) {
          log(3, 'feasibility', `${id} does not join ${lead}: ${breaches.join('; ')}`, { lead, id, breaches });
          continue;
        }
        for (const note of together.untested) log(3, 'feasibility', `${id} joins ${lead} untested as a group: ${note}`, { lead, id, untested: note });
        members.push(id);
      }
    }
    return members;
  }
}

/**
 * Chooses an accelerator segment by the Leeds Blueprint's six-criterion, three-step method,
 * with every step recorded in `audit`. Throws `PhmValidationError` naming the path for bad
 * input: unknown criteria, negative or all-zero weights, a scale whose min is not below its
 * max, scores outside the scale, duplicate candidates, votes for unknown candidates.
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
