import type { ParsedAcceleratorInput } from './schema.js';

/**
 * The stakeholders' votes at step 3, counted for the shortlisted candidates: the points, the
 * 0-100 vote score that is blended into the step 3 score, and the votes for candidates cut at
 * step 1, which are shown but not counted.
 *
 * @example
 * selectAccelerator(input).steps.step3.votes?.points
 * // the 2017 replay (examples/accelerator-2017.ts): { 'long-term-conditions': 4, frailty: 5, 'healthy-and-at-risk': 6 }
 */
export interface VoteCount {
  readonly method: NonNullable<ParsedAcceleratorInput['votes']>['method'];
  /** Share of the step 3 score that comes from votes, 0-1. */
  readonly weight: number;
  /** Points per shortlisted candidate. */
  readonly points: Readonly<Record<string, number>>;
  /** Points as 0-100: the leader scores 100, the others in proportion; null when no shortlisted candidate has a point (votes then decide nothing). */
  readonly scores: Readonly<Record<string, number>> | null;
  /** Votes (or ballot places) for candidates cut at step 1: shown, not counted. */
  readonly ignored: number;
}

/** The points of each shortlisted candidate (in shortlist order), the most any has, and the votes not counted. */
export interface Tally {
  readonly points: ReadonlyMap<string, number>;
  readonly top: number;
  readonly ignored: number;
}

/**
 * Counts the stakeholders' votes for the shortlisted candidates, into a Map: candidate ids such
 * as 'constructor' must not meet inherited keys. `per-criterion`: one point per vote. `borda`:
 * each ballot gives n-1 points to its first choice among the n shortlisted candidates, n-2 to
 * the next, and so on. Time linear in the ballots' entries plus the shortlist.
 */
export function tallyVotes(votes: NonNullable<ParsedAcceleratorInput['votes']>, shortlist: readonly string[]): Tally {
  const points = new Map(shortlist.map((id) => [id, 0]));
  let ignored = 0;
  const add = (id: string, n: number) => points.set(id, (points.get(id) as number) + n);
  if (votes.method === 'per-criterion') {
    for (const ballot of votes.ballots) {
      if (points.has(ballot.candidate)) add(ballot.candidate, 1);
      else ignored++;
    }
  } else {
    for (const ballot of votes.ballots) {
      const ranked = ballot.ranking.filter((id) => points.has(id));
      ignored += ballot.ranking.length - ranked.length;
      ranked.forEach((id, place) => add(id, shortlist.length - 1 - place));
    }
  }
  let top = 0;
  for (const p of points.values()) if (p > top) top = p;
  return { points, top, ignored };
}

/** A shortlisted candidate's vote score, 0-100 (the leader 100, the others in proportion); null when no one has a point. */
export function voteScoreOf(tally: Tally, id: string): number | null {
  return tally.top === 0 ? null : (100 * (tally.points.get(id) ?? 0)) / tally.top;
}

/**
 * The stakeholders' votes for the shortlisted candidates, as {@link VoteCount} reports them.
 * `per-criterion`: one point per vote, as in 2017 when stakeholders voted after the discussion
 * of each criterion. `borda`: each ballot gives n-1 points to its first choice among the n
 * shortlisted candidates, n-2 to the next, and so on; shortlisted candidates a ballot leaves
 * out get nothing from it (so a ballot naming one candidate gives it the full n-1: count full
 * rankings where that matters). When no shortlisted candidate gets a point (one shortlisted
 * candidate under Borda, say), the votes carry no information and the step 3 score is the
 * step 2 score.
 */
export function countVotes(votes: NonNullable<ParsedAcceleratorInput['votes']>, tally: Tally): VoteCount {
  const scores = tally.top === 0 ? null : Object.fromEntries([...tally.points.keys()].map((id) => [id, voteScoreOf(tally, id) as number]));
  return { method: votes.method, weight: votes.weight, points: Object.fromEntries(tally.points), scores, ignored: tally.ignored };
}
