/**
 * The audit trail word for word, for inputs that between them reach every kind of entry. The
 * audit is how a board reads the method's working, so its wording is part of the contract: a
 * change to it should be a deliberate change to these lists (and to examples/expected/).
 */
import { describe, expect, it } from 'vitest';
import { selectAccelerator, type AcceleratorInput, type AcceleratorSelection } from 'phm-kit/prioritisation';

/** Every kind of audit entry: indicators, imputed and absent evidence, a tie at the cut-off, a blend, votes, penalties, a group. */
const full: AcceleratorInput = {
  candidates: [
    { id: 'frailty', population: 30_000, scope: 3, evidence: { healthOutcomes: 4, qualityGap: 5, strategicAlignment: 5, scaleOfAmbition: 4, longTermImpact: 4 } },
    { id: 'end-of-life', population: 5_000, scope: 2, evidence: { healthOutcomes: 3, qualityGap: 4, strategicAlignment: 4, scaleOfAmbition: 3, longTermImpact: 3 } },
    { id: 'carers', population: 20_000, evidence: { healthOutcomes: 3, qualityGap: 4 } },
    { id: 'long-term-conditions', population: 250_000, scope: 9, evidence: { healthOutcomes: 5, qualityGap: 3, strategicAlignment: 4, scaleOfAmbition: 5, longTermImpact: 5 } },
    { id: 'children', evidence: { healthOutcomes: 2, qualityGap: 2, strategicAlignment: 3, scaleOfAmbition: 2, longTermImpact: 2 } },
  ],
  indicators: [
    { id: 'spend', criterion: 'costToSystem', prioritise: 'higher', values: { frailty: 240, 'end-of-life': 60, carers: 60, 'long-term-conditions': 400, children: null } },
  ],
  missing: { costToSystem: 'worst' },
  shortlist: { size: 3 },
  blendStep1: 0.25,
  votes: {
    method: 'per-criterion',
    weight: 0.4,
    ballots: [
      { stakeholder: 'gp', criterion: 'strategicAlignment', candidate: 'frailty' },
      { stakeholder: 'council', criterion: 'strategicAlignment', candidate: 'long-term-conditions' },
      { stakeholder: 'hospital', criterion: 'scaleOfAmbition', candidate: 'frailty' },
      { stakeholder: 'carers-centre', criterion: 'longTermImpact', candidate: 'children' },
    ],
  },
  feasibility: { maxPopulationShare: 0.5, maxScope: 5, mode: 'penalty', penalty: 20 },
  allowGrouping: [{ lead: 'frailty', with: ['end-of-life', 'end-of-life', 'frailty', 'long-term-conditions', 'carers'] }],
};

/** A threshold no one reaches: nothing is shortlisted, ranked or recommended. */
const noneKept: AcceleratorInput = {
  candidates: [
    { id: 'b', evidence: { healthOutcomes: 3, costToSystem: 3, qualityGap: 3 } },
    { id: 'a', evidence: {} },
  ],
  shortlist: { threshold: 90 },
};

/** Equal candidates listed out of id order, ranked ballots (two for a cut candidate), a gate with a total population of 0. */
const tiedAtTheTop: AcceleratorInput = {
  candidates: [
    { id: 'c', evidence: { healthOutcomes: 1 } },
    { id: 'd', population: 2000, scope: 1, evidence: { healthOutcomes: 4, strategicAlignment: 3 } },
    { id: 'b', scope: 1, evidence: { healthOutcomes: 4, strategicAlignment: 3 } },
    { id: 'a', scope: 1, evidence: { healthOutcomes: 4, strategicAlignment: 3 } },
  ],
  votes: {
    method: 'borda',
    ballots: [
      { stakeholder: 'gp', ranking: ['c', 'a', 'b'] },
      { stakeholder: 'council', ranking: ['c', 'b', 'a'] },
    ],
  },
  feasibility: { maxPopulation: 1000, maxPopulationShare: 0.5, maxScope: 3, totalPopulation: 0, mode: 'gate' },
};

const trail = (result: AcceleratorSelection) => result.audit.map((e) => [e.step, e.kind, e.message]);

describe('the audit trail', () => {
  it('records indicators, imputed and absent evidence, a tie at the cut-off, a blend, ignored votes, penalties and a group', () => {
    const result = selectAccelerator(full);
    expect(trail(result)).toEqual([
      [0, 'inputs', '5 candidates; scores on a 1-5 scale; weights healthOutcomes 1, costToSystem 1, qualityGap 1, strategicAlignment 1, scaleOfAmbition 1, longTermImpact 1'],
      [0, 'normalisation', 'Indicator spend (costToSystem) normalised by min-max, higher values first: frailty 240 -> 52.9, end-of-life 60 -> 0.0, carers 60 -> 0.0, long-term-conditions 400 -> 100.0'],
      [1, 'score', 'frailty: step 1 composite 76.0 (healthOutcomes 75.0 x 0.333 = 25.0; costToSystem 52.9 x 0.333 = 17.6; qualityGap 100.0 x 0.333 = 33.3)'],
      [1, 'score', 'end-of-life: step 1 composite 41.7 (healthOutcomes 50.0 x 0.333 = 16.7; costToSystem 0.0 x 0.333 = 0.0; qualityGap 75.0 x 0.333 = 25.0)'],
      [1, 'score', 'carers: step 1 composite 41.7 (healthOutcomes 50.0 x 0.333 = 16.7; costToSystem 0.0 x 0.333 = 0.0; qualityGap 75.0 x 0.333 = 25.0)'],
      [1, 'score', 'long-term-conditions: step 1 composite 83.3 (healthOutcomes 100.0 x 0.333 = 33.3; costToSystem 100.0 x 0.333 = 33.3; qualityGap 50.0 x 0.333 = 16.7)'],
      [1, 'score', 'children: step 1 composite 16.7 (healthOutcomes 25.0 x 0.333 = 8.3; costToSystem 0.0 (worst for missing) x 0.333 = 0.0; qualityGap 25.0 x 0.333 = 8.3)'],
      [1, 'shortlist', 'Shortlist (top 3): long-term-conditions, frailty, carers, end-of-life; cut: children (16.7)'],
      [1, 'tie', 'Tie at the cut-off score 41.7: carers, end-of-life are all kept, so the shortlist has 4 candidates, not 3'],
      [2, 'score', 'long-term-conditions: step 2 composite 91.7 (strategicAlignment 75.0 x 0.333 = 25.0; scaleOfAmbition 100.0 x 0.333 = 33.3; longTermImpact 100.0 x 0.333 = 33.3), blended with 25.0% of step 1 (83.3): 89.6'],
      [2, 'score', 'frailty: step 2 composite 83.3 (strategicAlignment 100.0 x 0.333 = 33.3; scaleOfAmbition 75.0 x 0.333 = 25.0; longTermImpact 75.0 x 0.333 = 25.0), blended with 25.0% of step 1 (76.0): 81.5'],
      [2, 'score', 'carers: step 2 composite 0.0 (strategicAlignment missing, excluded x 0.000 = 0.0; scaleOfAmbition missing, excluded x 0.000 = 0.0; longTermImpact missing, excluded x 0.000 = 0.0); NO EVIDENCE with any weight in this step: scored 0, the lowest, blended with 25.0% of step 1 (41.7): 10.4'],
      [2, 'score', 'end-of-life: step 2 composite 58.3 (strategicAlignment 75.0 x 0.333 = 25.0; scaleOfAmbition 50.0 x 0.333 = 16.7; longTermImpact 50.0 x 0.333 = 16.7), blended with 25.0% of step 1 (41.7): 54.2'],
      [3, 'votes', 'Votes (per-criterion, 40.0% of the step 3 score): long-term-conditions 1 point, frailty 2 points, carers 0 points, end-of-life 0 points; 1 vote for candidates cut at step 1 not counted'],
      [3, 'feasibility', 'long-term-conditions: population share 82.0% is above the maximum 50.0%; scope 9 is above the maximum 5: penalty of 40.0 points'],
      [3, 'feasibility', 'carers: scope unknown: maximum scope not tested'],
      [3, 'ranking', 'Final ranking: 1. frailty 88.9, 2. long-term-conditions 33.8, 3. end-of-life 32.5, 4. carers 6.2'],
      [3, 'feasibility', 'end-of-life joins frailty, as allowGrouping[0] allows: within every feasibility limit, alone and as a group'],
      [3, 'feasibility', 'long-term-conditions does not join frailty: population share 82.0% is above the maximum 50.0%; scope 9 is above the maximum 5; as a group: population share 93.4% is above the maximum 50.0%; as a group: scope 14 is above the maximum 5'],
      [3, 'feasibility', 'carers joins frailty untested as a group: scope unknown: maximum scope not tested'],
      [3, 'feasibility', 'carers joins frailty, as allowGrouping[0] allows: within every feasibility limit that could be tested, alone and as a group'],
      [3, 'recommendation', 'Recommended: frailty with end-of-life with carers (end-of-life as allowGrouping[0] allows, carers as allowGrouping[0] allows)'],
    ]);
    expect(result.recommended).toEqual(['frailty', 'end-of-life', 'carers']);
    expect(result.shortlist).toEqual(['long-term-conditions', 'frailty', 'carers', 'end-of-life']);
    expect(result.audit.find((e) => e.kind === 'shortlist')?.data).toEqual({ rule: { size: 3 }, kept: result.shortlist, cut: ['children'], cutoff: expect.closeTo(41.67, 2) });
  });

  it('says so when a threshold keeps no one', () => {
    const result = selectAccelerator(noneKept);
    expect(trail(result)).toEqual([
      [0, 'inputs', '2 candidates; scores on a 1-5 scale; weights healthOutcomes 1, costToSystem 1, qualityGap 1, strategicAlignment 1, scaleOfAmbition 1, longTermImpact 1'],
      [1, 'score', 'b: step 1 composite 50.0 (healthOutcomes 50.0 x 0.333 = 16.7; costToSystem 50.0 x 0.333 = 16.7; qualityGap 50.0 x 0.333 = 16.7)'],
      [1, 'score', 'a: step 1 composite 0.0 (healthOutcomes missing, excluded x 0.000 = 0.0; costToSystem missing, excluded x 0.000 = 0.0; qualityGap missing, excluded x 0.000 = 0.0); NO EVIDENCE with any weight in this step: scored 0, the lowest'],
      [1, 'shortlist', 'Shortlist (score at least 90): none; cut: b (50.0), a (0.0)'],
      [3, 'ranking', 'Final ranking: no eligible candidate'],
      [3, 'recommendation', 'No candidate is eligible: nothing is recommended'],
    ]);
    expect([result.recommended, result.ranking, result.shortlist]).toEqual([[], [], []]);
  });

  it('lists tied candidates in id order, whatever the input order, and recommends no one when the top is tied', () => {
    const result = selectAccelerator(tiedAtTheTop);
    expect(trail(result)).toEqual([
      [0, 'inputs', '4 candidates; scores on a 1-5 scale; weights healthOutcomes 1, costToSystem 1, qualityGap 1, strategicAlignment 1, scaleOfAmbition 1, longTermImpact 1'],
      [1, 'score', 'c: step 1 composite 0.0 (healthOutcomes 0.0 x 1.000 = 0.0; costToSystem missing, excluded x 0.000 = 0.0; qualityGap missing, excluded x 0.000 = 0.0)'],
      [1, 'score', 'd: step 1 composite 75.0 (healthOutcomes 75.0 x 1.000 = 75.0; costToSystem missing, excluded x 0.000 = 0.0; qualityGap missing, excluded x 0.000 = 0.0)'],
      [1, 'score', 'b: step 1 composite 75.0 (healthOutcomes 75.0 x 1.000 = 75.0; costToSystem missing, excluded x 0.000 = 0.0; qualityGap missing, excluded x 0.000 = 0.0)'],
      [1, 'score', 'a: step 1 composite 75.0 (healthOutcomes 75.0 x 1.000 = 75.0; costToSystem missing, excluded x 0.000 = 0.0; qualityGap missing, excluded x 0.000 = 0.0)'],
      [1, 'shortlist', 'Shortlist (top 3): a, b, d; cut: c (0.0)'],
      [2, 'score', 'a: step 2 composite 50.0 (strategicAlignment 50.0 x 1.000 = 50.0; scaleOfAmbition missing, excluded x 0.000 = 0.0; longTermImpact missing, excluded x 0.000 = 0.0)'],
      [2, 'score', 'b: step 2 composite 50.0 (strategicAlignment 50.0 x 1.000 = 50.0; scaleOfAmbition missing, excluded x 0.000 = 0.0; longTermImpact missing, excluded x 0.000 = 0.0)'],
      [2, 'score', 'd: step 2 composite 50.0 (strategicAlignment 50.0 x 1.000 = 50.0; scaleOfAmbition missing, excluded x 0.000 = 0.0; longTermImpact missing, excluded x 0.000 = 0.0)'],
      [3, 'votes', 'Votes (borda, 50.0% of the step 3 score): a 3 points, b 3 points, d 0 points; 2 votes for candidates cut at step 1 not counted'],
      [3, 'feasibility', 'a: population unknown: maximum population not tested'],
      [3, 'feasibility', 'a: population unknown: maximum population share not tested'],
      [3, 'feasibility', 'b: population unknown: maximum population not tested'],
      [3, 'feasibility', 'b: population unknown: maximum population share not tested'],
      [3, 'feasibility', 'd: total population is 0: maximum population share not tested'],
      [3, 'feasibility', 'd: population 2000 is above the maximum 1000: excluded'],
      [3, 'ranking', 'Final ranking: 1. a 75.0, 1. b 75.0'],
      [3, 'tie', 'Tie for first place between a, b: the method does not choose; the board must'],
    ]);
    expect(result.ranking).toEqual([{ id: 'a', score: 75, rank: 1 }, { id: 'b', score: 75, rank: 1 }]);
    expect(result.tiedForFirst).toEqual(['a', 'b']);
    expect(result.recommended).toEqual([]);
  });
});
