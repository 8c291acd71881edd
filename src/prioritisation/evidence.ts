import { stepEvidence, type StepEvidence } from './composite.js';
import { feasibilityBreaches, groupMembers, headcounts, type Grouping, type Headcounts, type LeadGroup, type Size } from './feasibility.js';
import { criterionScores, type CriterionScores, type IndicatorNormalisation } from './normalise.js';
import type { ParsedAcceleratorInput } from './schema.js';
import { tallyVotes, type Tally } from './votes.js';

/**
 * Everything a run reads from the input that no weight changes: each candidate's criterion
 * scores and the step scores its composites use, the normalised indicators, the headcounts,
 * each candidate's feasibility, a lead's group, and the votes for a shortlist. `sensitivity`
 * reruns the method a thousand times and more with other weights: it works these out once (a
 * candidate's feasibility and a lead's group when first asked for), bar the votes, which are
 * counted again whenever the shortlist differs from the last one asked about.
 */
export interface Evidence {
  readonly scores: ReadonlyMap<string, CriterionScores>;
  readonly indicators: readonly IndicatorNormalisation[];
  readonly counts: Headcounts;
  /** Candidate id to its step 1 and step 2 evidence, in input order. */
  readonly steps: ReadonlyMap<string, readonly [StepEvidence, StepEvidence]>;
  feasibility(id: string): { readonly breaches: readonly string[]; readonly untested: readonly string[] };
  grouping(lead: string): Grouping;
  /** The votes counted for a shortlist; null when there are no votes. */
  votes(shortlist: readonly string[]): Tally | null;
}

/** A function of a key, worked out once per key. */
function remembered<K, V>(work: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    if (!known.has(key)) known.set(key, work(key));
    return known.get(key) as V;
  };
}

/**
 * A function of a key that remembers only its last answer: reruns with nearby weights mostly
 * keep the same shortlist, while remembering every shortlist ever seen could hold thousands.
 */
function rememberedLast<V>(work: (key: string) => V): (key: string) => V {
  let last: { key: string; value: V } | undefined;
  return (key) => {
    if (last?.key !== key) last = { key, value: work(key) };
    return last.value;
  };
}

/** The {@link Evidence} of a checked input. */
export function evidenceOf(input: ParsedAcceleratorInput): Evidence {
  const { scores, indicators } = criterionScores(input);
  const counts = headcounts(input);
  const steps = new Map(
    input.candidates.map((c) => {
      const own = scores.get(c.id) as CriterionScores;
      return [c.id, [stepEvidence(input, c.id, own, 1), stepEvidence(input, c.id, own, 2)] as const];
    }),
  );
  const unsized: Size = { population: undefined, scope: undefined };
  // Each lead's groups, found once: reruns that recommend many leads in turn never rescan them all.
  const groupsOf = new Map<string, LeadGroup[]>();
  input.allowGrouping.forEach((group, at) => {
    const own = groupsOf.get(group.lead) ?? [];
    groupsOf.set(group.lead, own);
    own.push({ group, at });
  });
  const votesByShortlist = rememberedLast((key) => (input.votes === undefined ? null : tallyVotes(input.votes, JSON.parse(key) as string[])));
  return {
    scores,
    indicators,
    counts,
    steps,
    feasibility: remembered((id: string) => feasibilityBreaches(input, counts, counts.sizes.get(id) ?? unsized)),
    grouping: remembered((lead: string) => groupMembers(input, counts, lead, groupsOf.get(lead) ?? [])),
    // Keyed by the shortlist written as JSON: ids may hold any character, so no separator is safe.
    votes: (shortlist) => votesByShortlist(JSON.stringify(shortlist)),
  };
}
