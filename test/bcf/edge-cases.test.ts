/**
 * The edges of the BCF calculators: zero baselines and denominators, duplicate ids, unvalued
 * savings, unlabelled discrepancies. Each is a case a plan can really contain.
 */
import { describe, expect, it } from 'vitest';
import { contingencyPlan, minimumSignificantReduction, performanceElement, proportion, ratePer100k, reconcilePlan, testChange, trajectory } from 'phm-kit/bcf';
import { issuesOf } from '../support/issues.js';


describe('metrics at their edges', () => {
  it('a proportion of nothing (0 of 0) is refused at the denominator, not returned as 0 or NaN', () => {
    expect(issuesOf(() => proportion({ numerator: 0, denominator: 0 }))).toEqual([{ path: ['denominator'], message: 'Must be above zero' }]);
  });

  it('a proportion rounds half up to the places asked for', () => {
    expect(proportion({ numerator: 1, denominator: 8, places: 2 })).toBe('0.13');
    expect(proportion({ numerator: 1, denominator: 3, places: 0 })).toBe('0');
    expect(proportion({ numerator: 2, denominator: 3, places: 0 })).toBe('1');
  });

  it('a change from a baseline of zero has no relative change ("n/a") but is still tested', () => {
    const r = testChange({ baselineCount: 0, observedCount: 25 });
    expect(r.change).toBe('n/a');
    expect(r.z).toBe('5.0000');
    expect(r.significant).toBe(true);
  });

  it('a rise is as significant as a fall of the same size: the test is two-sided', () => {
    const fall = testChange({ baselineCount: 1000, observedCount: 900 });
    const rise = testChange({ baselineCount: 900, observedCount: 1000 });
    expect(fall.pValue).toBe(rise.pValue);
    expect(fall.z).toBe('-2.2942');
    expect(rise.z).toBe('2.2942');
    expect(fall.significant).toBe(true);
    expect(rise.significant).toBe(true);
    expect(rise.change).toBe('0.1111');
  });

  it('no change at all has a p-value of 1 and is not significant', () => {
    expect(testChange({ baselineCount: 50, observedCount: 50 })).toEqual({ change: '0.0000', z: '0.0000', pValue: '1.0000', significant: false });
  });

  it('the critical value follows the confidence, in the tails as in the middle of the distribution', () => {
    expect(minimumSignificantReduction({ baselineCount: 1000, confidence: 0.9 }).z).toBe('1.6449');
    expect(minimumSignificantReduction({ baselineCount: 1000, confidence: 0.99 }).z).toBe('2.5758');
    expect(minimumSignificantReduction({ baselineCount: 1000, confidence: 0.999 }).z).toBe('3.2905');
  });
});

describe('contingency plans at their edges', () => {
  const outcome = { id: 'admissions', unitCost: '2500', volume: 100 };

  it('refuses two outcomes with the same id, pointing at the second', () => {
    expect(issuesOf(() => contingencyPlan({ outcomes: [outcome, { ...outcome, volume: 5 }], contingencyFund: '0' }))).toEqual([
      { path: ['outcomes', 1, 'id'], message: "Duplicate outcome id 'admissions'" },
    ]);
  });

  it('planned savings are valued (activity x unit cost x days) only when asked', () => {
    const plan = contingencyPlan({
      outcomes: [
        { ...outcome, plannedSavings: { activity: 20 } },
        { id: 'bed-days', unitCost: '200', days: 7, volume: 10, plannedSavings: { activity: 3, valued: true } },
        { id: 'no-savings', unitCost: '1', volume: 1 },
      ],
      contingencyFund: '0',
    });
    expect(plan.outcomes.map((o) => o.plannedSavings)).toEqual([{ activity: '20', pounds: null }, { activity: '3', pounds: '4200.00' }, null]);
  });

  it('refuses a likelihood for an outcome the plan does not have, naming it', () => {
    expect(issuesOf(() => contingencyPlan({ outcomes: [outcome], contingencyFund: '0', likelihoods: { admisions: 0.5 } }))).toEqual([
      { path: ['likelihoods', 'admisions'], message: "Unknown outcome 'admisions'" },
    ]);
  });

  it('keeps an outcome label, and leaves it out when there is none', () => {
    const plan = contingencyPlan({ outcomes: [{ ...outcome, label: 'Avoidable admissions' }, { ...outcome, id: 'other' }], contingencyFund: '0' });
    expect(plan.outcomes[0]?.label).toBe('Avoidable admissions');
    expect(plan.outcomes[1]).not.toHaveProperty('label');
  });
});

describe('the performance element at its edges', () => {
  it('refuses a metric given twice, pointing at the second, and an undeclared metric, pointing at it', () => {
    const metric = { id: 'permanent-admissions', baseline: 10, target: 8, achieved: 8 };
    expect(issuesOf(() => performanceElement({ pooledFund: '1000', metrics: [metric, metric] }))).toEqual([{ path: ['metrics', 1, 'id'], message: "Duplicate metric id 'permanent-admissions'" }]);
    const unknown = issuesOf(() => performanceElement({ pooledFund: '1000', metrics: [metric, { ...metric, id: 'falls' }] }));
    expect(unknown.map((i) => i.path)).toEqual([['metrics', 1, 'id']]);
    expect(unknown[0]?.message).toContain("Unknown metric 'falls'");
  });

  it('a threshold pays nothing for part of the way; pro-rata pays for the part', () => {
    const halfway = { id: 'permanent-admissions', baseline: 700, target: 600, achieved: 650 };
    const r = performanceElement({ pooledFund: '1000', metrics: [{ ...halfway, payment: 'threshold' }, { ...halfway, id: 'delayed-transfers' }] });
    expect(r.metrics.map((m) => [m.achievement, m.earned])).toEqual([
      ['0.0000', '0.00'],
      ['0.5000', '62.50'],
    ]);
  });

  it('a metric of your own held at its baseline is judged higher-is-better unless you say otherwise', () => {
    const held = { id: 'falls', baseline: 50, target: 50, achieved: 55 };
    const higher = performanceElement({ pooledFund: '100', metrics: [held], customMetrics: ['falls'] });
    expect(higher.metrics[0]?.achievement).toBe('1.0000');
    const lower = performanceElement({ pooledFund: '100', metrics: [{ ...held, better: 'lower' }], customMetrics: ['falls'] });
    expect(lower.metrics[0]?.achievement).toBe('0.0000');
  });

  it('a metric of weight zero among others is accepted, and has nothing at risk', () => {
    const r = performanceElement({
      pooledFund: '1000',
      metrics: [
        { id: 'permanent-admissions', baseline: 10, target: 8, achieved: 8, weight: 0 },
        { id: 'delayed-transfers', baseline: 10, target: 8, achieved: 8, weight: 1 },
      ],
    });
    expect(r.metrics.map((m) => m.atRisk)).toEqual(['0.00', '250.00']);
    expect(r.earned).toBe('250.00');
  });

  it('refuses metrics whose weights are all zero: there would be nothing to split the amount at risk by', () => {
    const issues = issuesOf(() => performanceElement({ pooledFund: '1000', metrics: [{ id: 'permanent-admissions', baseline: 10, target: 8, achieved: 8, weight: 0 }] }));
    expect(issues).toEqual([{ path: ['metrics'], message: 'Every metric weight is zero' }]);
  });
});

describe('reconciliation at its edges', () => {
  it('refuses a location shared by a sum and an outcome, pointing at the outcome', () => {
    const issues = issuesOf(() =>
      reconcilePlan({ sums: [{ location: 'a', parts: [1], stated: 1 }], outcomes: [{ location: 'b', unitCost: '1', volume: 1, stated: '1' }, { location: 'a', unitCost: '1', volume: 1, stated: '1' }] }),
    );
    expect(issues).toEqual([{ path: ['outcomes', 1, 'location'], message: "Location 'a' appears twice" }]);
  });

  it('reports an unlabelled outcome whose stated result is wrong, without a label', () => {
    const { discrepancies } = reconcilePlan({ outcomes: [{ location: 'outcome-x', unitCost: '100', volume: 3, stated: '250' }] });
    expect(discrepancies).toStrictEqual([{ location: 'outcome-x', stated: '250', computed: '300', difference: '-50', missingParts: 0 }]);
    const sums = reconcilePlan({ sums: [{ location: 'unlabelled', parts: [1], stated: 2 }] }).discrepancies;
    expect(sums).toStrictEqual([{ location: 'unlabelled', stated: '2', computed: '1', difference: '1', missingParts: 0 }]);
  });

  it('refuses a location repeated by the first outcome, pointing at that outcome', () => {
    const issues = issuesOf(() => reconcilePlan({ sums: [{ location: 'a', parts: [1], stated: 1 }], outcomes: [{ location: 'a', unitCost: '1', volume: 1, stated: '1' }] }));
    expect(issues).toEqual([{ path: ['outcomes', 0, 'location'], message: "Location 'a' appears twice" }]);
  });

  it('refuses a location used twice among the sums, pointing at the second sum', () => {
    const issues = issuesOf(() => reconcilePlan({ sums: [{ location: 'a', parts: [1], stated: 1 }, { location: 'a', parts: [2], stated: 2 }], outcomes: [{ location: 'b', unitCost: '1', volume: 1, stated: '1' }] }));
    expect(issues).toEqual([{ path: ['sums', 1, 'location'], message: "Location 'a' appears twice" }]);
  });

  it('reports only the outcomes whose stated result differs from their formula', () => {
    const { discrepancies } = reconcilePlan({
      outcomes: [
        { location: 'right', unitCost: '200', days: 7, volume: 2, stated: '2800.00' },
        { location: 'wrong', label: 'Halved twice', unitCost: '100', volume: 4, partialYearFactor: 0.5, stated: '100' },
      ],
    });
    expect(discrepancies).toStrictEqual([{ location: 'wrong', label: 'Halved twice', stated: '100', computed: '200', difference: '-100', missingParts: 0 }]);
  });

  it('keeps the label of a wrong sum', () => {
    const { discrepancies } = reconcilePlan({ sums: [{ location: 's', label: 'Scheme 1', parts: [1, 2, null], stated: 4 }] });
    expect(discrepancies).toEqual([{ location: 's', label: 'Scheme 1', stated: '4', computed: '3', difference: '1', missingParts: 1 }]);
  });
});

describe('the bounds on BCF inputs are where they say', () => {
  it('money of 24 characters is accepted and of 25 refused', () => {
    expect(contingencyPlan({ outcomes: [{ id: 'a', unitCost: '1', volume: 1 }], contingencyFund: '9'.repeat(21) + '.00' }).shortfall).toBe('0.00');
    expect(issuesOf(() => contingencyPlan({ outcomes: [{ id: 'a', unitCost: '1', volume: 1 }], contingencyFund: '9'.repeat(22) + '.00' })).map((i) => i.path)).toEqual([['contingencyFund']]);
  });

  it('a monthly change given as a number may have 12 decimals, not 13', () => {
    expect(trajectory({ baseline: 100, monthlyChange: -0.012345678901, months: 1 }).path).toEqual(['100', '98.7654321099']);
    expect(issuesOf(() => trajectory({ baseline: 100, monthlyChange: -0.0123456789012, months: 1 })).map((i) => i.path)).toEqual([['monthlyChange']]);
  });

  it('a zero population is refused with its path, for a rate', () => {
    expect(issuesOf(() => ratePer100k({ count: 0, population: 0 }))).toEqual([{ path: ['population'], message: 'Must be above zero' }]);
  });
});

describe('trajectories at their edges', () => {
  it('a baseline of zero stays zero, with no relative change to report', () => {
    const t = trajectory({ baseline: 0, monthlyChange: -0.017, months: 3 });
    expect(t.path).toEqual(['0', '0', '0', '0']);
    expect(t.exitChange).toBeNull();
    expect(t.averageChange).toBeNull();
  });
});

describe('malformed decimals in fractions and rates are refused with the path, not a decimal.js error', () => {
  it.each([
    ['a fraction', () => contingencyPlan({ outcomes: [{ id: 'a', unitCost: '1', volume: 1, partialYearFactor: 'abc' as never }], contingencyFund: '1' }), ['outcomes', 0, 'partialYearFactor']],
    ['a monthly change', () => trajectory({ baseline: 100, monthlyChange: '', months: 3 }), ['monthlyChange']],
  ] as const)('%s', (_, run, path) => {
    const issues = issuesOf(run);
    expect(issues.map((i) => i.path)).toContainEqual(path);
  });
});
