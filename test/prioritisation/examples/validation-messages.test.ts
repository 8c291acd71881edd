/**
 * Every refinement of the accelerator input, with the exact path and message of its issue: a
 * caller (or a form built on phm-kit) shows these messages to the person who typed the input.
 */
import { describe, expect, it } from 'vitest';
import { selectAccelerator, type AcceleratorInput } from 'phm-kit/prioritisation';
import { issuesOf } from '../../support/issues.js';

const perCriterion: AcceleratorInput = {
  candidates: [
    { id: 'a', evidence: { healthOutcomes: 3, costToSystem: 4 } },
    { id: 'a', evidence: { healthOutcomes: 9 } },
    { id: 'b', evidence: { strategicAlignment: 2 } },
  ],
  indicators: [
    { id: 'spend', criterion: 'costToSystem', prioritise: 'higher', values: { a: 1, ghost: 2, b: null } },
    { id: 'waits', criterion: 'qualityGap', prioritise: 'higher', values: { a: 5 } },
  ],
  weights: { healthOutcomes: 0, costToSystem: 0, qualityGap: 0 },
  missing: { strategicAlignment: 'reject', costToSystem: 'reject' },
  votes: { method: 'per-criterion', ballots: [{ stakeholder: 'gp', criterion: 'qualityGap', candidate: 'a' }, { stakeholder: 'gp', criterion: 'qualityGap', candidate: 'nobody' }] },
  allowGrouping: [{ lead: 'lead?', with: ['a', 'member?'] }],
};
const borda: AcceleratorInput = {
  candidates: [{ id: 'a' }, { id: 'b' }],
  weights: { strategicAlignment: 0, scaleOfAmbition: 0, longTermImpact: 0 },
  votes: { method: 'borda', ballots: [{ stakeholder: 'gp', ranking: ['a', 'nobody', 'a'] }, { stakeholder: 'gp', ranking: ['b'] }] },
};

describe('accelerator input issues, word for word', () => {
  it('duplicate ids, scores off the scale or given for indicator criteria, unknown candidates, zero step 1 weights, repeated votes, rejected missing evidence', () => {
    expect(issuesOf(() => selectAccelerator(perCriterion))).toEqual([
      { path: ['candidates', 1, 'id'], message: "Duplicate candidate id 'a' (also candidate 0)" },
      { path: ['candidates', 1, 'evidence', 'healthOutcomes'], message: 'Score 9 is outside the scale 1-5' },
      { path: ['candidates', 0, 'evidence', 'costToSystem'], message: "Criterion 'costToSystem' is measured by indicators: give its evidence there, not as a score" },
      { path: ['indicators', 0, 'values', 'ghost'], message: "Unknown candidate 'ghost'" },
      { path: ['weights'], message: 'The step 1 weights are all zero: at least one must be positive' },
      { path: ['votes', 'ballots', 1, 'candidate'], message: "Vote for unknown candidate 'nobody'" },
      { path: ['votes', 'ballots', 1], message: "Stakeholder 'gp' has already voted on qualityGap: one vote per stakeholder per criterion" },
      { path: ['allowGrouping', 0, 'lead'], message: "Unknown candidate 'lead?'" },
      { path: ['allowGrouping', 0, 'with', 1], message: "Unknown candidate 'member?'" },
      { path: ['candidates', 0, 'evidence', 'strategicAlignment'], message: "Evidence on strategicAlignment is missing and its policy is 'reject'" },
      { path: ['candidates', 1, 'evidence', 'strategicAlignment'], message: "Evidence on strategicAlignment is missing and its policy is 'reject'" },
      { path: ['candidates', 2, 'evidence', 'costToSystem'], message: "Evidence on costToSystem is missing and its policy is 'reject'" },
    ]);
  });

  it('zero step 2 weights and bad Borda ballots', () => {
    expect(issuesOf(() => selectAccelerator(borda))).toEqual([
      { path: ['weights'], message: 'The step 2 weights are all zero: at least one must be positive' },
      { path: ['votes', 'ballots', 0, 'ranking', 1], message: "Vote for unknown candidate 'nobody'" },
      { path: ['votes', 'ballots', 0, 'ranking'], message: 'A ballot ranks a candidate more than once' },
      { path: ['votes', 'ballots', 1, 'stakeholder'], message: "Stakeholder 'gp' has more than one ballot" },
    ]);
  });
});
