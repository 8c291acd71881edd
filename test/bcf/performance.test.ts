import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { performanceElement } from 'phm-kit/bcf';
import { property } from '../support/property.js';

describe('the performance element (seed 003 line 2865: about 25% paid for outcomes)', () => {
  const metrics = [
    { id: 'still-at-home-91-days', baseline: '85.7', target: '89.7', achieved: '87.7' },
    { id: 'permanent-admissions', baseline: '700', target: '651', achieved: '640', payment: 'threshold' as const },
    { id: 'delayed-transfers', baseline: '100', target: '80', achieved: '105', weight: 2 },
  ];

  it('25% of the £54,923,000 pool is at risk, split by weight to the penny', () => {
    const r = performanceElement({ pooledFund: '54923000', metrics });
    expect(r.amountAtRisk).toBe('13730750.00');
    expect(r.metrics.map((m) => m.atRisk)).toEqual(['3432687.50', '3432687.50', '6865375.00']);
  });

  it('pro-rata pays half for half the way to a rising target; a threshold pays all once a falling target is met; a worse result pays nothing', () => {
    const r = performanceElement({ pooledFund: '54923000', metrics });
    expect(r.metrics.map((m) => [m.achievement, m.earned])).toEqual([
      ['0.5000', '1716343.75'],
      ['1.0000', '3432687.50'],
      ['0.0000', '0.00'],
    ]);
    expect(r.earned).toBe('5149031.25');
    expect(r.redirected).toBe('8581718.75');
  });

  it('a target equal to its baseline ("maintain 89.7%") is met by holding it or doing better', () => {
    const r = performanceElement({ pooledFund: '100', metrics: [{ id: 'still-at-home-91-days', baseline: '89.7', target: '89.7', achieved: '91' }] });
    expect(r.metrics[0]?.achievement).toBe('1.0000');
    const worse = performanceElement({ pooledFund: '100', metrics: [{ id: 'still-at-home-91-days', baseline: '89.7', target: '89.7', achieved: '88' }] });
    expect(worse.metrics[0]?.achievement).toBe('0.0000');
    const lowerIsBetter = performanceElement({ pooledFund: '100', metrics: [{ id: 'delayed-transfers', baseline: 10, target: 10, achieved: 9 }] });
    expect(lowerIsBetter.metrics[0]?.achievement).toBe('1.0000');
  });

  it('a share of 0 models the element withdrawn for 2015/16 (lines 374-377)', () => {
    expect(performanceElement({ pooledFund: '54923000', share: 0, metrics }).amountAtRisk).toBe('0.00');
  });

  it('an unknown metric is refused unless declared in customMetrics', () => {
    const own = [{ id: 'falls', baseline: 10, target: 8, achieved: 9 }];
    try {
      performanceElement({ pooledFund: '100', metrics: own });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PhmValidationError);
      expect((error as PhmValidationError).issues[0]?.path).toEqual(['metrics', 0, 'id']);
    }
    expect(performanceElement({ pooledFund: '100', metrics: own, customMetrics: ['falls'] }).metrics[0]?.achievement).toBe('0.5000');
  });

  it('a pooled fund too long to keep exact is refused, like every BCF amount', () => {
    expect(() => performanceElement({ pooledFund: '9'.repeat(100), metrics })).toThrow(PhmValidationError);
  });

  it('a share above 1 and a duplicate metric are refused', () => {
    expect(() => performanceElement({ pooledFund: '1', share: 1.5, metrics })).toThrow(PhmValidationError);
    expect(() => performanceElement({ pooledFund: '1', metrics: [metrics[0]!, metrics[0]!] })).toThrow(PhmValidationError);
  });

  property(
    'earned + redirected = amount at risk, per metric and in total, and earned never exceeds its part',
    6001,
    fc.tuple(
      fc.integer({ min: 0, max: 1_000_000_000 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: -50, max: 150 }), fc.integer({ min: 1, max: 5 }), fc.boolean()), { minLength: 1, maxLength: 6 }),
    ),
    ([pence, rows]) => {
      const r = performanceElement({
        pooledFund: new Decimal(pence).div(100).toFixed(2),
        metrics: rows.map(([baseline, target, achieved, weight, threshold], i) => ({ id: `m${i}`, baseline, target, achieved, weight, payment: threshold ? 'threshold' : 'pro-rata' })),
        customMetrics: rows.map((_, i) => `m${i}`),
      });
      const sum = (xs: string[]) => xs.reduce((a, x) => a.add(x), new Decimal(0));
      expect(new Decimal(r.earned).add(r.redirected).eq(r.amountAtRisk)).toBe(true);
      expect(sum(r.metrics.map((m) => m.atRisk)).eq(r.amountAtRisk)).toBe(true);
      for (const m of r.metrics) {
        expect(new Decimal(m.earned).add(m.redirected).eq(m.atRisk)).toBe(true);
        expect(new Decimal(m.earned).lte(m.atRisk) && new Decimal(m.earned).gte(0)).toBe(true);
      }
    },
    500,
  );
});
