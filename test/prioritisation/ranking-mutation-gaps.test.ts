/**
 * Behaviours the mutation run of src/prioritisation found unpinned in ranking.ts, magnitudes.ts
 * and select.ts. Some of them are tested already, but in a worker thread (extreme-numbers.test.ts
 * runs its calls there so that a loop can be stopped), and a mutant is never switched on inside
 * a worker: these tests make the same kind of call in the test's own thread, so that Stryker sees
 * them. Every call here ends (the ranking loop places at least one entry per pass), so none needs
 * a worker.
 */
import { PhmError, PhmValidationError } from 'phm-kit';
import { selectAccelerator, TIE_TOLERANCE, type AcceleratorInput } from 'phm-kit/prioritisation';
import { describe, expect, it } from 'vitest';
import { unitFor } from '../../src/prioritisation/magnitudes.js';
import { rankScores } from '../../src/prioritisation/ranking.js';

const two: AcceleratorInput['candidates'] = [
  { id: 'a', evidence: { healthOutcomes: 2, costToSystem: 5, qualityGap: 1, strategicAlignment: 3, scaleOfAmbition: 3, longTermImpact: 3 } },
  { id: 'b', evidence: { healthOutcomes: 4, costToSystem: 3, qualityGap: 5, strategicAlignment: 4, scaleOfAmbition: 4, longTermImpact: 4 } },
];

describe('rankScores', () => {
  it('refuses a score that is not finite as an internal error naming the entry, instead of ranking it', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      let caught: unknown;
      try {
        rankScores([{ id: 'a', score: 1 }, { id: 'b', score: bad }]);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PhmError);
      expect((caught as PhmError).code).toBe('internal');
      expect((caught as PhmError).message).toBe(`phm-kit computed a score of ${bad} for 'b', not a finite number: please report this as a bug`);
    }
  });

  it('scores exactly TIE_TOLERANCE apart tie (the tolerance is inclusive); one ulp further apart they do not', () => {
    // 1e-9 - 0 is exactly TIE_TOLERANCE: the scores must be near 0 for a difference of exactly 1e-9 to be representable.
    expect(1e-9 - 0).toBe(TIE_TOLERANCE);
    expect(rankScores([{ id: 'b', score: 0 }, { id: 'a', score: 1e-9 }])).toEqual([
      { id: 'a', score: 1e-9, rank: 1 },
      { id: 'b', score: 0, rank: 1 },
    ]);
    const further = 1e-9 + 2 ** -82;
    expect(further - 0).toBeGreaterThan(TIE_TOLERANCE);
    expect(rankScores([{ id: 'a', score: 0 }, { id: 'b', score: further }])).toEqual([
      { id: 'b', score: further, rank: 1 },
      { id: 'a', score: 0, rank: 2 },
    ]);
  });
});

describe('weights far below 1', () => {
  it('every weight 2^-1000: exactly the result of equal weights of 1 (a power of two scales without rounding), bar the inputs line of the audit', () => {
    const tiny = 2 ** -1000;
    const result = selectAccelerator({ candidates: two, weights: { healthOutcomes: tiny, costToSystem: tiny, qualityGap: tiny, strategicAlignment: tiny, scaleOfAmbition: tiny, longTermImpact: tiny } });
    const plain = selectAccelerator({ candidates: two });
    expect(result.steps.step1.scores.map((s) => s.score)).not.toEqual([0, 0]);
    expect(result.steps).toEqual(plain.steps);
    expect(result.ranking).toEqual(plain.ranking);
    expect(result.recommended).toEqual(plain.recommended);
    expect(result.completeness).toEqual(plain.completeness);
    expect(result.audit.slice(1)).toEqual(plain.audit.slice(1));
  });

  it('a lone subnormal weight still carries its step', () => {
    const result = selectAccelerator({
      candidates: [
        { id: 'a', evidence: { healthOutcomes: null, costToSystem: null, qualityGap: 5 } },
        { id: 'b', evidence: { healthOutcomes: null, costToSystem: null, qualityGap: 2 } },
      ],
      weights: { healthOutcomes: 1, costToSystem: 1, qualityGap: 5e-324 },
    });
    expect(result.steps.step1.scores.map((s) => s.score)).toEqual([100, 25]);
  });
});

describe('unitFor', () => {
  it('is 1 for zero, brings other magnitudes into [1, 2), and is clamped to a finite power of two at both ends', () => {
    expect(unitFor(0)).toBe(1);
    expect(unitFor(1)).toBe(1);
    expect(unitFor(1.5)).toBe(1);
    expect(unitFor(8)).toBe(1 / 8);
    expect(unitFor(2 ** -1000)).toBe(2 ** 1000);
    expect(unitFor(Number.MAX_VALUE)).toBe(2 ** -1023);
    // The smallest subnormal is 2^-1074: its exact unit, 2^1074, is not a finite double.
    expect(unitFor(Number.MIN_VALUE)).toBe(2 ** 1023);
  });
});

describe('selectAccelerator', () => {
  it('records the inputs as data in the first audit entry', () => {
    const result = selectAccelerator({ candidates: two, weights: { qualityGap: 2 }, missing: { costToSystem: 'worst' } });
    expect(result.audit[0]).toEqual({
      step: 0,
      kind: 'inputs',
      message: '2 candidates; scores on a 1-5 scale; weights healthOutcomes 1, costToSystem 1, qualityGap 2, strategicAlignment 1, scaleOfAmbition 1, longTermImpact 1',
      data: {
        candidates: ['a', 'b'],
        scale: { min: 1, max: 5 },
        weights: { healthOutcomes: 1, costToSystem: 1, qualityGap: 2, strategicAlignment: 1, scaleOfAmbition: 1, longTermImpact: 1 },
        missing: { costToSystem: 'worst' },
      },
    });
  });

  it("records each indicator's normalisation as data, as in steps.normalisation", () => {
    const result = selectAccelerator({
      candidates: [
        { id: 'a', evidence: { healthOutcomes: 2, qualityGap: 4 } },
        { id: 'b', evidence: { healthOutcomes: 4 } },
      ],
      indicators: [{ id: 'spend', criterion: 'costToSystem', prioritise: 'higher', values: { a: 10, b: 30 } }],
    });
    const entries = result.audit.filter((e) => e.kind === 'normalisation');
    expect(entries.map((e) => e.data)).toEqual([{ indicator: 'spend', criterion: 'costToSystem', method: 'min-max', prioritise: 'higher', scores: { a: [10, 0], b: [30, 100] } }]);
    expect(entries.map((e) => e.data)).toEqual(result.steps.normalisation);
  });

  it("names the accelerator input in a validation error's message", () => {
    let caught: unknown;
    try {
      selectAccelerator({ candidates: [{ id: 'a', evidence: {} }, { id: 'a', evidence: {} }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PhmValidationError);
    expect((caught as PhmValidationError).message).toBe("Invalid accelerator input: candidates[1].id: Duplicate candidate id 'a' (also candidate 0)");
  });
});
