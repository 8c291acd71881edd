/**
 * Gaps the bcf mutation run after issue 14 showed (docs/quality.md): error messages word for
 * word, the guards that keep malformed numbers away from exact arithmetic, weights written as
 * zero in every way, and a target that is only to be held.
 */
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { minimumSignificantReduction, performanceElement, proportion, ratePer100k, testChange } from 'phm-kit/bcf';
import { caught } from '../segmentation/examples/helpers.js';

const refusal = (fn: () => unknown) => {
  const error = caught(fn, PhmValidationError);
  return { message: error.message, issues: error.issues.map((i) => ({ path: i.path, message: i.message })) };
};

describe('each calculator names itself in its refusals', () => {
  it.each([
    ['rate', () => ratePer100k({ count: -1, population: 10 })],
    ['rate', () => ratePer100k({ count: 1, population: 0 })],
    ['proportion', () => proportion({ numerator: 1, denominator: 0 })],
    ['proportion', () => proportion({ numerator: 'x', denominator: 2 })],
    ['significance', () => minimumSignificantReduction({ baselineCount: 0 })],
    ['significance test', () => testChange({ baselineCount: -1, observedCount: 2 })],
    ['performance element', () => performanceElement({ pooledFund: 'lots', metrics: [] })],
  ])('Invalid %s: ...', (what, call) => {
    expect(refusal(call).message.startsWith(`Invalid ${what}: `)).toBe(true);
  });
});

describe('proportion: a malformed number is reported at its own path, never handed to the arithmetic', () => {
  it.each(['x1', '1x', '1.x', '1.', '.5', '1.5.5', '-1'])('numerator %j', (numerator) => {
    const { issues } = refusal(() => proportion({ numerator, denominator: '5' }));
    expect(issues.map((i) => i.path)).toEqual([['numerator']]);
    expect(issues[0]?.message).not.toMatch(/could not be checked/i);
  });

  it('a well-formed numerator above the denominator is the refinement', () => {
    expect(refusal(() => proportion({ numerator: '6', denominator: '5' })).issues).toEqual([{ path: ['numerator'], message: 'The numerator cannot exceed the denominator' }]);
    expect(proportion({ numerator: '5', denominator: '5' })).toBe('1.0000');
  });
});

describe('performanceElement: weights', () => {
  const metric = (id: string, weight: string | number) => ({ id, weight, baseline: '85.7', target: '89.7', achieved: '87.7' });
  const ids = ['still-at-home-91-days', 'permanent-admissions'] as const;
  it.each([
    [[0, 0]],
    [['0', '0']],
    [['00', '0.0']],
    [['0.00', '0']],
    [['000.000', 0]],
  ])('%j are all zero: refused', (weights) => {
    const metrics = weights.map((w, i) => metric(ids[i] as string, w));
    expect(refusal(() => performanceElement({ pooledFund: '1000', metrics })).issues).toEqual([{ path: ['metrics'], message: 'Every metric weight is zero' }]);
  });

  it.each([[['10', '0']], [['0.01', '0']], [['0', '1.0']], [[0, 1]]])('%j are not all zero', (weights) => {
    const metrics = weights.map((w, i) => metric(ids[i] as string, w));
    expect(performanceElement({ pooledFund: '1000', metrics }).amountAtRisk).toBe('250.00');
  });
});

describe('performanceElement: a target equal to its baseline is met by holding it', () => {
  it.each(['higher', 'lower'] as const)('better %s: held exactly earns it all', (better) => {
    const result = performanceElement({ pooledFund: '1000', share: 1, metrics: [{ id: 'still-at-home-91-days', baseline: '89.7', target: '89.7', achieved: '89.7', better }] });
    expect(result.earned).toBe('1000.00');
  });

  it('and slipping the wrong way earns nothing', () => {
    const result = performanceElement({ pooledFund: '1000', share: 1, metrics: [{ id: 'still-at-home-91-days', baseline: '89.7', target: '89.7', achieved: '89.6', better: 'higher' }] });
    expect(result.earned).toBe('0.00');
  });
});
