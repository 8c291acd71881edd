import { countOf } from '../core/words.js';
import { f1, type AuditLog } from './audit.js';
import { compositeScore, stepScore, stepWeights, type StepEvidence, type StepScore } from './composite.js';
import type { Evidence } from './evidence.js';
import { rankScores, TIE_TOLERANCE } from './ranking.js';
import type { ParsedAcceleratorInput } from './schema.js';
import { countVotes, voteScoreOf, type Tally, type VoteCount } from './votes.js';

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

/** Step 1's shortlist: who was kept, the cut-off score, and who tied at it. */
export interface Shortlist {
  readonly kept: readonly string[];
  readonly cutoff: number | null;
  readonly tiedAtCutoff: readonly string[];
}

/**
 * Everything a run decides, before the completeness and the audit trail are put with it. In a
 * run without detail, the step scores carry their composite only (no contributions, evidence
 * share 0) and the votes are not written out (null): `sensitivity` reads neither.
 */
export interface Decision {
  readonly recommended: readonly string[];
  readonly tiedForFirst: readonly string[];
  readonly ranking: readonly { readonly id: string; readonly score: number; readonly rank: number }[];
  readonly step1: readonly StepScore[];
  readonly shortlist: Shortlist;
  readonly step2: readonly StepScore[];
  readonly combined: ReadonlyMap<string, number>;
  readonly votes: VoteCount | null;
  readonly finals: readonly FinalScore[];
}

/** How a run is written down: its audit log, and whether step scores carry their contributions. */
export interface Trail {
  readonly log: AuditLog;
  readonly detailed: boolean;
}

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

const NO_CONTRIBUTIONS: readonly never[] = Object.freeze([]);

/** A step's composites for the candidates given, with their contributions only when the trail is detailed. */
function stepScores(weights: readonly number[], evidence: readonly StepEvidence[], trail: Trail): StepScore[] {
  return evidence.map((e) => (trail.detailed ? stepScore(weights, e) : { id: e.id, score: compositeScore(weights, e), contributions: NO_CONTRIBUTIONS, evidenceShare: 0 }));
}

/** Step 1's shortlist: the top `size` (whole tie classes kept), or every score at the threshold or above. */
function shortlistOf(input: ParsedAcceleratorInput, step1: readonly StepScore[], log: AuditLog): Shortlist {
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
    const threshold = input.shortlist.threshold;
    cutoff = threshold;
    kept = ranked1.filter((r) => r.score >= threshold - TIE_TOLERANCE).map((r) => r.id);
  }
  const keptIds = new Set(kept);
  const cut = ranked1.filter((r) => !keptIds.has(r.id));
  const rule = 'size' in input.shortlist ? `top ${input.shortlist.size}` : `score at least ${input.shortlist.threshold}`;
  log(1, 'shortlist', () => `Shortlist (${rule}): ${kept.join(', ') || 'none'}${cut.length > 0 ? `; cut: ${cut.map((r) => `${r.id} (${f1(r.score)})`).join(', ')}` : ''}`, () => ({ rule: input.shortlist, kept, cut: cut.map((r) => r.id), cutoff }));
  if (tiedAtCutoff.length > 0) {
    const asked = 'size' in input.shortlist ? input.shortlist.size : kept.length;
    log(1, 'tie', () => `Tie at the cut-off score ${f1(cutoff as number)}: ${tiedAtCutoff.join(', ')} are all kept, so the shortlist has ${kept.length} candidates, not ${asked}`, () => ({ tied: tiedAtCutoff, cutoff }));
  }
  return { kept, cutoff, tiedAtCutoff };
}

/** Step 3's standing of each shortlisted candidate: votes blended in, then feasibility gates or penalties. */
function finalScores(input: ParsedAcceleratorInput, evidence: Evidence, kept: readonly string[], combined: ReadonlyMap<string, number>, tally: Tally | null, log: AuditLog): FinalScore[] {
  const gate = input.feasibility?.mode === 'gate';
  const weight = input.votes?.weight ?? 0;
  return kept.map((id) => {
    const base = combined.get(id) as number;
    const voteScore = tally === null ? null : voteScoreOf(tally, id);
    const blended = voteScore === null ? base : (1 - weight) * base + weight * voteScore;
    const { breaches, untested } = evidence.feasibility(id);
    for (const note of untested) log(3, 'feasibility', () => `${id}: ${note}`, () => ({ id, untested: note }));
    const penalty = !gate && input.feasibility !== undefined ? Math.min(blended, input.feasibility.penalty * breaches.length) : 0;
    if (breaches.length > 0) {
      log(3, 'feasibility', () => `${id}: ${breaches.join('; ')}: ${gate ? 'excluded' : `penalty of ${f1(penalty)} points`}`, () => ({ id, breaches, mode: input.feasibility?.mode, penalty }));
    }
    return { id, step2: base, voteScore, penalty, score: blended - penalty, excluded: gate ? breaches : [] };
  });
}

/** The recommendation from the final ranking: a single leader with its group, or nothing on a tie or when no one is eligible. */
function recommend(evidence: Evidence, tiedForFirst: readonly string[], log: AuditLog): string[] {
  if (tiedForFirst.length > 1) {
    log(3, 'tie', () => `Tie for first place between ${tiedForFirst.join(', ')}: the method does not choose; the board must`, () => ({ tied: tiedForFirst }));
    return [];
  }
  const lead = tiedForFirst[0];
  if (lead === undefined) {
    log(3, 'recommendation', () => 'No candidate is eligible: nothing is recommended');
    return [];
  }
  const grouping = evidence.grouping(lead);
  for (const note of grouping.notes) log(3, 'feasibility', () => note.message, () => note.data);
  const recommended = [lead, ...grouping.members];
  const why = grouping.members.map((id, k) => `${id} as allowGrouping[${grouping.joinedBy[k]}] allows`).join(', ');
  log(3, 'recommendation', () => `Recommended: ${recommended.join(' with ')}${why === '' ? '' : ` (${why})`}`, () => ({ recommended }));
  return recommended;
}

/**
 * The three steps of the Leeds Blueprint's method (Leeds System Blueprint for Population
 * Health Management, September 2017: "Segment selection criteria and example methodology") on
 * checked input and its evidence, each step noted in the trail's log. Linear in the candidates
 * bar the sorts of the rankings: every lookup by id is a Map's.
 */
export function decide(input: ParsedAcceleratorInput, evidence: Evidence, trail: Trail): Decision {
  const { log } = trail;
  const stepsOf = (id: string) => evidence.steps.get(id) as readonly [StepEvidence, StepEvidence];

  // Step 1: the three gaps, and the shortlist.
  const step1 = stepScores(stepWeights(input, 1), input.candidates.map((c) => stepsOf(c.id)[0]), trail);
  for (const s of step1) log(1, 'score', () => `${s.id}: step 1 composite ${f1(s.score)} (${describeContributions(s)})${noEvidenceNote(s)}`, () => ({ ...s }));
  const shortlist = shortlistOf(input, step1, log);

  // Step 2: the shortlist against strategy, ambition and long-term impact.
  const firstScores = new Map(step1.map((s) => [s.id, s.score]));
  const step2 = stepScores(stepWeights(input, 2), shortlist.kept.map((id) => stepsOf(id)[1]), trail);
  const combined = new Map<string, number>();
  for (const s of step2) {
    const first = firstScores.get(s.id) as number;
    const blended = (1 - input.blendStep1) * s.score + input.blendStep1 * first;
    combined.set(s.id, blended);
    log(2, 'score', () => `${s.id}: step 2 composite ${f1(s.score)} (${describeContributions(s)})${noEvidenceNote(s)}${input.blendStep1 > 0 ? `, blended with ${f1(100 * input.blendStep1)}% of step 1 (${f1(first)}): ${f1(blended)}` : ''}`, () => ({ ...s, combined: blended }));
  }

  // Step 3: the system discussion: votes, then scope and feasibility.
  const tally = evidence.votes(shortlist.kept);
  // Written out only for the record: reruns look each candidate's vote score up in the tally.
  const votes = tally === null || input.votes === undefined || !trail.detailed ? null : countVotes(input.votes, tally);
  if (votes !== null) {
    log(3, 'votes', () => `Votes (${votes.method}, ${f1(100 * votes.weight)}% of the step 3 score): ${Object.entries(votes.points).map(([id, p]) => `${id} ${countOf(p, 'point')}`).join(', ')}${votes.scores === null ? '; no shortlisted candidate has any points, so votes decide nothing' : ''}${votes.ignored > 0 ? `; ${countOf(votes.ignored, 'vote')} for candidates cut at step 1 not counted` : ''}`, () => ({ ...votes }));
  }
  const finals = finalScores(input, evidence, shortlist.kept, combined, tally, log);
  const ranking = rankScores(finals.filter((f) => f.excluded.length === 0).map(({ id, score }) => ({ id, score })));
  log(3, 'ranking', () => `Final ranking: ${ranking.map((r) => `${r.rank}. ${r.id} ${f1(r.score)}`).join(', ') || 'no eligible candidate'}`, () => ({ ranking }));
  const tiedForFirst = ranking.filter((r) => r.rank === 1).map((r) => r.id);
  const recommended = recommend(evidence, tiedForFirst, log);
  return { recommended, tiedForFirst: tiedForFirst.length > 1 ? tiedForFirst : [], ranking, step1, shortlist, step2, combined, votes, finals };
}
