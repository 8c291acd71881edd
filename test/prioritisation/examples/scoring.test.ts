import { describe, expect, it } from 'vitest';
import { ACCELERATOR_CRITERIA, selectAccelerator } from 'phm-kit/prioritisation';
import { contributionOf, expectIssueAt, flat, stepScoreOf } from './helpers.js';

describe('ACCELERATOR_CRITERIA', () => {
  it('lists the six criteria in the Blueprint order, three per step', () => {
    expect(ACCELERATOR_CRITERIA.map((c) => c.id)).toEqual(['healthOutcomes', 'costToSystem', 'qualityGap', 'strategicAlignment', 'scaleOfAmbition', 'longTermImpact']);
    expect(ACCELERATOR_CRITERIA.map((c) => c.step)).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it('weighs every criterion the same by default', () => {
    const weights = new Set(ACCELERATOR_CRITERIA.map((c) => c.defaultWeight));
    expect(weights.size).toBe(1);
    expect([...weights][0]).toBeGreaterThan(0);
  });

  it('is frozen, deeply', () => {
    expect(Object.isFrozen(ACCELERATOR_CRITERIA)).toBe(true);
    for (const c of ACCELERATOR_CRITERIA) expect(Object.isFrozen(c)).toBe(true);
    expect(() => (ACCELERATOR_CRITERIA as unknown as unknown[]).push({})).toThrow();
  });
});

describe('composite scores on the 1-5 scale', () => {
  it('maps s to 100*(s-1)/4 and takes the weighted mean of a step', () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence: { healthOutcomes: 5, costToSystem: 3, qualityGap: 2, strategicAlignment: 1, scaleOfAmbition: 4, longTermImpact: 5 } }] });
    // step 1: (100 + 50 + 25) / 3; step 2: (0 + 75 + 100) / 3
    expect(stepScoreOf(r, 1, 'a').score).toBeCloseTo(175 / 3, 9);
    expect(stepScoreOf(r, 2, 'a').score).toBeCloseTo(175 / 3, 9);
    expect(contributionOf(r, 1, 'a', 'costToSystem')).toMatchObject({ score: 50, source: 'evidence' });
    expect(contributionOf(r, 1, 'a', 'costToSystem').weight).toBeCloseTo(1 / 3, 12);
    expect(contributionOf(r, 1, 'a', 'costToSystem').points).toBeCloseTo(50 / 3, 9);
    expect(r.completeness['a']).toBe(1);
  });

  it('uses custom weights in proportion within each step', () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence: { healthOutcomes: 5, costToSystem: 3, qualityGap: 1, strategicAlignment: 5, scaleOfAmbition: 1, longTermImpact: 1 } }], weights: { healthOutcomes: 2, costToSystem: 1, qualityGap: 1, strategicAlignment: 3 } });
    // step 1: (2*100 + 50 + 0) / 4 = 62.5; step 2: (3*100 + 0 + 0) / 5 = 60
    expect(stepScoreOf(r, 1, 'a').score).toBeCloseTo(62.5, 9);
    expect(stepScoreOf(r, 2, 'a').score).toBeCloseTo(60, 9);
  });

  it('rescales scores on a custom scale', () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence: { healthOutcomes: 0, costToSystem: 10, qualityGap: 4, strategicAlignment: 10, scaleOfAmbition: 10, longTermImpact: 10 } }], scale: { min: 0, max: 10 } });
    expect(stepScoreOf(r, 1, 'a').score).toBeCloseTo((0 + 100 + 40) / 3, 9);
  });
});

describe('missing evidence policies', () => {
  // qualityGap is missing; step 2 complete.
  const evidence = { healthOutcomes: 5, costToSystem: 3, qualityGap: null, strategicAlignment: 3, scaleOfAmbition: 3, longTermImpact: 3 };

  it("'exclude-and-reweight' (the default) shares the weight among the criteria present", () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence }] });
    expect(stepScoreOf(r, 1, 'a').score).toBeCloseTo(75, 9);
    expect(contributionOf(r, 1, 'a', 'qualityGap')).toEqual({ criterion: 'qualityGap', weight: 0, score: null, points: 0, source: 'excluded' });
    expect(contributionOf(r, 1, 'a', 'healthOutcomes').weight).toBeCloseTo(0.5, 12);
    expect(stepScoreOf(r, 1, 'a').evidenceShare).toBeCloseTo(2 / 3, 12);
    expect(r.completeness['a']).toBeCloseTo(5 / 6, 12);
    expect(r.completeness['a']).toBeLessThan(1);
  });

  it("'exclude-and-reweight' respects custom weights when reweighting", () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence }], weights: { healthOutcomes: 2 } });
    // (2*100 + 1*50) / 3
    expect(stepScoreOf(r, 1, 'a').score).toBeCloseTo(250 / 3, 9);
    expect(stepScoreOf(r, 1, 'a').evidenceShare).toBeCloseTo(3 / 4, 12);
  });

  it('absent evidence is treated like null', () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence: { healthOutcomes: 5, costToSystem: 3 } }] });
    expect(stepScoreOf(r, 1, 'a').score).toBeCloseTo(75, 9);
    // no step 2 evidence at all: composite 0, evidence share 0
    expect(stepScoreOf(r, 2, 'a').score).toBe(0);
    expect(stepScoreOf(r, 2, 'a').evidenceShare).toBe(0);
    expect(r.completeness['a']).toBeCloseTo(1 / 3, 12);
  });

  it("'worst' scores missing evidence 0", () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence }], missing: 'worst' });
    expect(stepScoreOf(r, 1, 'a').score).toBeCloseTo(50, 9);
    expect(contributionOf(r, 1, 'a', 'qualityGap')).toMatchObject({ score: 0, source: 'worst', points: 0 });
    expect(contributionOf(r, 1, 'a', 'qualityGap').weight).toBeCloseTo(1 / 3, 12);
    expect(r.completeness['a']).toBeCloseTo(5 / 6, 12);
  });

  it("'midpoint' scores missing evidence 50", () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence }], missing: 'midpoint' });
    expect(stepScoreOf(r, 1, 'a').score).toBeCloseTo(200 / 3, 9);
    expect(contributionOf(r, 1, 'a', 'qualityGap')).toMatchObject({ score: 50, source: 'midpoint' });
    expect(r.completeness['a']).toBeCloseTo(5 / 6, 12);
  });

  it("'reject' throws naming the candidate and criterion", () => {
    const error = expectIssueAt(
      () => selectAccelerator({ candidates: [{ id: 'ok', evidence: flat(3, 3) }, { id: 'a', evidence }], missing: 'reject' }),
      ['candidates', 1, 'evidence', 'qualityGap'],
    );
    expect(error.issues).toHaveLength(1);
  });

  it("'reject' also fires for an absent criterion", () => {
    expectIssueAt(() => selectAccelerator({ candidates: [{ id: 'a', evidence: { healthOutcomes: 3 } }], missing: 'reject' }), ['candidates', 0, 'evidence', 'longTermImpact']);
  });

  it('takes a policy per criterion, defaulting the rest to exclude-and-reweight', () => {
    const r = selectAccelerator({
      candidates: [{ id: 'a', evidence: { healthOutcomes: 5, costToSystem: 3, strategicAlignment: 5, scaleOfAmbition: null } }],
      missing: { qualityGap: 'worst', longTermImpact: 'midpoint' },
    });
    // step 1: (100 + 50 + 0) / 3; step 2: scaleOfAmbition excluded, (100 + 50) / 2
    expect(stepScoreOf(r, 1, 'a').score).toBeCloseTo(50, 9);
    expect(stepScoreOf(r, 2, 'a').score).toBeCloseTo(75, 9);
    expect(contributionOf(r, 2, 'a', 'scaleOfAmbition').source).toBe('excluded');
    expect(contributionOf(r, 2, 'a', 'longTermImpact').source).toBe('midpoint');
  });

  it("a per-criterion 'reject' fires only for that criterion", () => {
    expect(() => selectAccelerator({ candidates: [{ id: 'a', evidence: { healthOutcomes: 5 } }], missing: { healthOutcomes: 'reject' } })).not.toThrow();
    expectIssueAt(() => selectAccelerator({ candidates: [{ id: 'a', evidence: { healthOutcomes: 5 } }], missing: { costToSystem: 'reject' } }), ['candidates', 0, 'evidence', 'costToSystem']);
  });
});

describe('indicators', () => {
  const three = [
    { id: 'a', evidence: { healthOutcomes: 3, qualityGap: 3 } },
    { id: 'b', evidence: { healthOutcomes: 3, qualityGap: 3 } },
    { id: 'c', evidence: { healthOutcomes: 3, qualityGap: 3 } },
  ];

  it("min-max, 'higher' first: lowest 0, highest 100, distances kept", () => {
    const r = selectAccelerator({ candidates: three, indicators: [{ id: 'spend', criterion: 'costToSystem', prioritise: 'higher', values: { a: 10, b: 20, c: 40 } }] });
    expect(contributionOf(r, 1, 'a', 'costToSystem').score).toBeCloseTo(0, 12);
    expect(contributionOf(r, 1, 'b', 'costToSystem').score).toBeCloseTo(100 / 3, 9);
    expect(contributionOf(r, 1, 'c', 'costToSystem').score).toBeCloseTo(100, 12);
    const n = r.steps.normalisation[0];
    expect(n).toMatchObject({ indicator: 'spend', criterion: 'costToSystem', method: 'min-max', prioritise: 'higher' });
    expect(n?.scores['b']?.[0]).toBe(20);
    expect(n?.scores['b']?.[1]).toBeCloseTo(100 / 3, 9);
    // step 1 of b: (50 + 33.33 + 50) / 3
    expect(stepScoreOf(r, 1, 'b').score).toBeCloseTo((50 + 100 / 3 + 50) / 3, 9);
    expect(r.audit.some((e) => e.kind === 'normalisation' && e.step === 0)).toBe(true);
  });

  it("min-max, 'lower' first reverses the order", () => {
    const r = selectAccelerator({ candidates: three, indicators: [{ id: 'rate', criterion: 'costToSystem', prioritise: 'lower', values: { a: 10, b: 20, c: 40 } }] });
    expect(contributionOf(r, 1, 'a', 'costToSystem').score).toBeCloseTo(100, 12);
    expect(contributionOf(r, 1, 'b', 'costToSystem').score).toBeCloseTo(200 / 3, 9);
    expect(contributionOf(r, 1, 'c', 'costToSystem').score).toBeCloseTo(0, 12);
  });

  it('rank keeps only the order, tied values sharing their average rank', () => {
    const r = selectAccelerator({
      candidates: [...three, { id: 'd', evidence: { healthOutcomes: 3, qualityGap: 3 } }],
      indicators: [{ id: 'spend', criterion: 'costToSystem', prioritise: 'higher', method: 'rank', values: { a: 10, b: 20, c: 20, d: 1000 } }],
    });
    expect(contributionOf(r, 1, 'a', 'costToSystem').score).toBeCloseTo(0, 12);
    expect(contributionOf(r, 1, 'b', 'costToSystem').score).toBeCloseTo(50, 12);
    expect(contributionOf(r, 1, 'c', 'costToSystem').score).toBeCloseTo(50, 12);
    expect(contributionOf(r, 1, 'd', 'costToSystem').score).toBeCloseTo(100, 12);
  });

  it('rank with lower first', () => {
    const r = selectAccelerator({ candidates: three, indicators: [{ id: 'x', criterion: 'costToSystem', prioritise: 'lower', method: 'rank', values: { a: 1, b: 2, c: 300 } }] });
    expect(contributionOf(r, 1, 'a', 'costToSystem').score).toBeCloseTo(100, 12);
    expect(contributionOf(r, 1, 'b', 'costToSystem').score).toBeCloseTo(50, 12);
    expect(contributionOf(r, 1, 'c', 'costToSystem').score).toBeCloseTo(0, 12);
  });

  it('all-equal values score 50 (both methods)', () => {
    for (const method of ['min-max', 'rank'] as const) {
      const r = selectAccelerator({ candidates: three, indicators: [{ id: 'x', criterion: 'costToSystem', prioritise: 'higher', method, values: { a: 7, b: 7, c: 7 } }] });
      for (const id of ['a', 'b', 'c']) expect(contributionOf(r, 1, id, 'costToSystem').score).toBe(50);
    }
  });

  it("weighs a criterion's indicators by their weights", () => {
    const r = selectAccelerator({
      candidates: three.slice(0, 2),
      indicators: [
        { id: 'i1', criterion: 'costToSystem', prioritise: 'higher', weight: 3, values: { a: 0, b: 10 } },
        { id: 'i2', criterion: 'costToSystem', prioritise: 'lower', weight: 1, values: { a: 0, b: 10 } },
      ],
    });
    // a: (3*0 + 1*100) / 4; b: (3*100 + 1*0) / 4
    expect(contributionOf(r, 1, 'a', 'costToSystem').score).toBeCloseTo(25, 12);
    expect(contributionOf(r, 1, 'b', 'costToSystem').score).toBeCloseTo(75, 12);
    expect(r.steps.normalisation).toHaveLength(2);
  });

  it("takes the plain mean of a criterion's indicators when they all weigh zero", () => {
    const r = selectAccelerator({
      candidates: three,
      indicators: [
        { id: 'i1', criterion: 'costToSystem', prioritise: 'higher', weight: 0, values: { a: 0, b: 10, c: 5 } },
        { id: 'i2', criterion: 'costToSystem', prioritise: 'higher', weight: 0, values: { a: 0, b: 20, c: 20 } },
        { id: 'i3', criterion: 'costToSystem', prioritise: 'higher', weight: 0, values: { a: 0, b: 0 } },
      ],
    });
    // a: (0 + 0 + 50) / 3 (i3's values are equal: 50 each); b: (100 + 100 + 50) / 3; c: (50 + 100) / 2, no i3 value
    expect(contributionOf(r, 1, 'a', 'costToSystem').score).toBeCloseTo(50 / 3, 12);
    expect(contributionOf(r, 1, 'b', 'costToSystem').score).toBeCloseTo(250 / 3, 12);
    expect(contributionOf(r, 1, 'c', 'costToSystem').score).toBeCloseTo(75, 12);
  });

  it('a candidate missing a value: normalised among the others; missing policy when it has none', () => {
    const r = selectAccelerator({
      candidates: three,
      indicators: [
        { id: 'i1', criterion: 'costToSystem', prioritise: 'higher', values: { a: 0, b: 10 } },
        { id: 'i2', criterion: 'costToSystem', prioritise: 'higher', values: { a: 0, b: 5, c: 10 } },
      ],
    });
    // i1: a 0, b 100; i2: a 0, b 50, c 100
    expect(contributionOf(r, 1, 'a', 'costToSystem').score).toBeCloseTo(0, 12);
    expect(contributionOf(r, 1, 'b', 'costToSystem').score).toBeCloseTo(75, 12);
    expect(contributionOf(r, 1, 'c', 'costToSystem').score).toBeCloseTo(100, 12);
    expect(r.steps.normalisation[0]?.scores).not.toHaveProperty('c');

    const none = selectAccelerator({ candidates: three, indicators: [{ id: 'i1', criterion: 'costToSystem', prioritise: 'higher', values: { a: 0, b: 10, c: null } }] });
    expect(contributionOf(none, 1, 'c', 'costToSystem')).toMatchObject({ score: null, source: 'excluded' });
    expect(stepScoreOf(none, 1, 'c').score).toBeCloseTo(50, 12);
    expect(stepScoreOf(none, 1, 'c').evidenceShare).toBeCloseTo(2 / 3, 12);
  });

  it('a candidate missing an indicator value under reject is refused', () => {
    expectIssueAt(
      () => selectAccelerator({ candidates: three, missing: { costToSystem: 'reject' }, indicators: [{ id: 'i1', criterion: 'costToSystem', prioritise: 'higher', values: { a: 0, b: 10 } }] }),
      ['candidates', 2, 'evidence', 'costToSystem'],
    );
  });

  it('giving both a score and indicators for one criterion is an error', () => {
    expectIssueAt(
      () =>
        selectAccelerator({
          candidates: [
            { id: 'a', evidence: { costToSystem: 4 } },
            { id: 'b', evidence: {} },
          ],
          indicators: [{ id: 'i1', criterion: 'costToSystem', prioritise: 'higher', values: { a: 0, b: 10 } }],
        }),
      ['candidates', 0, 'evidence', 'costToSystem'],
    );
  });
});
