import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { minimumSignificantReduction, proportion, ratePer100k, testChange } from 'phm-kit/bcf';
import { property } from '../support/property.js';

describe('rates and proportions', () => {
  it('a rate per 100,000 with an explicit denominator (the 65+ population of 118,827 by mid-2015)', () => {
    expect(ratePer100k({ count: 830, population: 118827 })).toBe('698.5');
    expect(ratePer100k({ count: '830', population: '118827', places: 3 })).toBe('698.494');
  });

  it('a proportion: 89.7% still at home 91 days after reablement', () => {
    expect(proportion({ numerator: 897, denominator: 1000 })).toBe('0.8970');
  });

  it('refuses a zero population, a negative count and a numerator above its denominator', () => {
    expect(() => ratePer100k({ count: 1, population: 0 })).toThrow(PhmValidationError);
    expect(() => ratePer100k({ count: -1, population: 10 })).toThrow(PhmValidationError);
    expect(() => proportion({ numerator: 11, denominator: 10 })).toThrow(PhmValidationError);
  });
});

describe('statistical significance of a change in a count (Poisson, normal approximation)', () => {
  it('about 19,000 events make 2% the smallest significant reduction at 95%: the Leeds plan\'s "2%"', () => {
    expect(minimumSignificantReduction({ baselineCount: 19016 })).toEqual({ count: '380.3', fraction: '0.0200', z: '1.9600' });
  });

  it('smaller counts need bigger reductions, and more confidence needs more', () => {
    expect(Number(minimumSignificantReduction({ baselineCount: 100 }).fraction)).toBeCloseTo(0.2586, 4);
    expect(Number(minimumSignificantReduction({ baselineCount: 100, confidence: 0.99 }).fraction)).toBeGreaterThan(0.2586);
  });

  it('tests an observed change', () => {
    expect(testChange({ baselineCount: 100, observedCount: 90 })).toEqual({ change: '-0.1000', z: '-0.7255', pValue: '0.4682', significant: false });
    expect(testChange({ baselineCount: 19016, observedCount: 18000 }).significant).toBe(true);
  });

  it('refuses a confidence outside (0.5, 0.999999], counts out of range, and two zero counts', () => {
    expect(() => minimumSignificantReduction({ baselineCount: 10, confidence: 1 })).toThrow(PhmValidationError);
    expect(() => minimumSignificantReduction({ baselineCount: 1e308 })).toThrow(PhmValidationError);
    expect(() => minimumSignificantReduction({ baselineCount: 1e-300 })).toThrow(PhmValidationError);
    expect(() => testChange({ baselineCount: 0, observedCount: 0 })).toThrow(PhmValidationError);
  });

  property(
    'a reduction clearly beyond the minimum is significant, and one clearly short of it is not',
    7001,
    fc.integer({ min: 50, max: 1_000_000 }),
    (n) => {
      const d = Number(minimumSignificantReduction({ baselineCount: n }).count);
      expect(testChange({ baselineCount: n, observedCount: n - d * 1.05 }).significant).toBe(true);
      expect(testChange({ baselineCount: n, observedCount: n - d * 0.95 }).significant).toBe(false);
    },
    500,
  );
});
