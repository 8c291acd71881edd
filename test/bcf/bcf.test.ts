import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { contingencyCost, contingencyPlan, leeds2014Bcf, scoreRisk, summariseRegister, trajectory } from 'phm-kit/bcf';
import { property } from '../support/property.js';

const outcomes = leeds2014Bcf.contingency.outcomes;
/** decimal.js with room for (1 + r)^n written out in full. */
const Wide = Decimal.clone({ precision: 400 });
const costOf = (o: (typeof outcomes)[number]) =>
  contingencyCost({ unitCost: o.unitCost, volume: o.volume, ...('days' in o ? { days: o.days } : {}), ...('partialYearFactor' in o ? { partialYearFactor: o.partialYearFactor } : {}) });

describe('Leeds 2014 contingency figures (seed 003 lines 2865-2923)', () => {
  it('each outcome by its stated formula: £172,500; £2,080,000; £359,800; £2,185,000', () => {
    expect(outcomes.map(costOf)).toEqual(['172500.00', '2080000.00', '359800.00', '2185000.00']);
  });

  it("outcome 2's table figure £1,794,000 is £17,250 x 208 / 2, not its stated formula", () => {
    expect(contingencyCost({ unitCost: '17250', volume: 208, partialYearFactor: 0.5 })).toBe('1794000.00');
    expect(leeds2014Bcf.plan.outcomes[1]?.stated).toBe('1794000');
  });

  it('the plan of the documentation example runs as written', () => {
    expect(contingencyPlan({ outcomes: leeds2014Bcf.contingency.outcomes, contingencyFund: '2000000' }).shortfall).toBe('2797300.00');
  });

  it('totals with and without the part-year halving: £4,797,300 and £7,049,800', () => {
    const plan = contingencyPlan({ outcomes, contingencyFund: '4797300' });
    expect(plan.totals).toEqual({ fullYear: '7049800.00', partYear: '4797300.00', expected: null });
    expect(plan.coverage).toBe('1.0000');
    expect(plan.shortfall).toBe('0.00');
  });

  it('likelihoods give the risk-weighted expected call, and a short fund its shortfall', () => {
    const plan = contingencyPlan({ outcomes, contingencyFund: '2000000', likelihoods: { 'still-at-home-91-days': 0.5, 'avoidable-admissions': '0.2' } });
    expect(plan.outcomes.map((o) => o.expected)).toEqual([null, '1040000.00', null, '437000.00']);
    expect(plan.totals.expected).toBe('1477000.00');
    expect(plan.shortfall).toBe('2797300.00');
    expect(plan.coverage).toBe('0.4169');
  });
});

describe('contingency validation', () => {
  it.each([
    [{ unitCost: '100', volume: -1 }, ['volume']],
    [{ unitCost: '100', volume: 1, partialYearFactor: 1.5 }, ['partialYearFactor']],
    [{ unitCost: '-100', volume: 1 }, ['unitCost']],
    [{ unitCost: 100.5, volume: 1 }, ['unitCost']],
  ])('%j is refused at %j', (input, path) => {
    try {
      contingencyCost(input as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PhmValidationError);
      expect((error as PhmValidationError).issues[0]?.path).toEqual(path);
    }
  });

  it('a likelihood for an unknown outcome is refused', () => {
    expect(() => contingencyPlan({ outcomes, contingencyFund: '1', likelihoods: { nope: 0.5 } })).toThrow(PhmValidationError);
  });
});

describe('contingency properties', () => {
  const money = fc.integer({ min: 0, max: 10_000_000 }).map((p) => new Decimal(p).div(100).toFixed(2));
  property('costs are linear in volume and unit cost, and never negative', 5001, fc.tuple(money, fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 9 })), ([unitCost, volume, k]) => {
    const one = new Decimal(contingencyCost({ unitCost, volume }));
    expect(one.gte(0)).toBe(true);
    expect(new Decimal(contingencyCost({ unitCost, volume: volume * k })).eq(one.mul(k))).toBe(true);
    expect(new Decimal(contingencyCost({ unitCost: new Decimal(unitCost).mul(k).toFixed(2), volume })).eq(one.mul(k))).toBe(true);
  });

  property('plan totals equal the sum of their outcomes', 5002, fc.array(fc.tuple(money, fc.integer({ min: 0, max: 5000 }), fc.constantFrom(0.25, 0.5, 1)), { minLength: 1, maxLength: 8 }), (rows) => {
    const plan = contingencyPlan({ outcomes: rows.map(([unitCost, volume, partialYearFactor], i) => ({ id: `o${i}`, unitCost, volume, partialYearFactor })), contingencyFund: '0' });
    expect(new Decimal(plan.totals.partYear).eq(plan.outcomes.reduce((a, o) => a.add(o.partYear), new Decimal(0)))).toBe(true);
    expect(new Decimal(plan.totals.fullYear).eq(plan.outcomes.reduce((a, o) => a.add(o.fullYear), new Decimal(0)))).toBe(true);
  });
});

describe('trajectories (seed 003 lines 1610-1846)', () => {
  it('"1.7% a month equates to a reduction of 20%": true of the exit after 13 months', () => {
    const t = trajectory({ baseline: 100, monthlyChange: '-0.017', months: 13 });
    expect(t.exitChange).toBe('-0.1998051871');
    expect(new Wide(t.exit).eq(new Wide('0.983').pow(13).mul(100))).toBe(true);
  });

  it('"0.85% a month is a 10% real-terms reduction": the exit is 9.7% lower, the year only 5.4%', () => {
    const t = trajectory({ baseline: 100, monthlyChange: '-0.0085', months: 12 });
    expect(t.exitChange).toBe('-0.0973640584');
    expect(t.averageChange).toBe('-0.0535640797');
  });

  it('refuses a change of -100% or less, and a period outside 1-120 months', () => {
    expect(() => trajectory({ baseline: 1, monthlyChange: -1, months: 1 })).toThrow(PhmValidationError);
    expect(() => trajectory({ baseline: 1, monthlyChange: 0.01, months: 0 })).toThrow(PhmValidationError);
  });

  property(
    'the exit is baseline x (1 + r)^n exactly, and the path is monotone for a constant sign of change',
    5003,
    fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: -999, max: 999 }), fc.integer({ min: 1, max: 36 })),
    ([baseline, permille, months]) => {
      const r = new Decimal(permille).div(10_000).toFixed();
      const t = trajectory({ baseline, monthlyChange: r, months });
      expect(new Wide(t.exit).eq(new Wide(r).add(1).pow(months).mul(baseline))).toBe(true);
      for (let k = 1; k <= months; k++) {
        const step = new Wide(t.path[k] as string).cmp(t.path[k - 1] as string);
        expect(step).toBe(Math.sign(permille));
      }
    },
    300,
  );
});

describe('risk scoring on the NHS 5 x 5 matrix', () => {
  it.each([
    [1, 3, 3, 'low'],
    [2, 2, 4, 'medium'],
    [2, 3, 6, 'medium'],
    [2, 4, 8, 'high'],
    [3, 4, 12, 'high'],
    [3, 5, 15, 'very high'],
    [5, 5, 25, 'very high'],
  ] as const)('likelihood %i x impact %i = %i, %s', (likelihood, impact, score, rating) => {
    expect(scoreRisk({ likelihood, impact })).toEqual({ score, rating });
  });

  it('a likelihood outside 1-5 is refused with its path', () => {
    try {
      scoreRisk({ likelihood: 6, impact: 1 });
      expect.unreachable();
    } catch (error) {
      expect((error as PhmValidationError).issues[0]?.path).toEqual(['likelihood']);
    }
  });

  it('a register mixing rated (Leeds 2014 style) and scored risks is summarised by rating, with its exposure', () => {
    const summary = summariseRegister([
      { id: 'savings-not-delivered', rating: 'very high', exposure: '2000000' },
      { id: 'bed-closures', rating: 'very high' },
      { id: 'destabilising-providers', rating: 'high', exposure: '500000.50' },
      { id: 'baseline-data', likelihood: 2, impact: 3 },
    ]);
    expect(summary.counts).toEqual({ low: 0, medium: 1, high: 1, 'very high': 2 });
    expect(summary.exposure.total).toBe('2500000.50');
    expect(summary.risks[3]).toEqual({ id: 'baseline-data', rating: 'medium', score: 6 });
  });
});

describe('inputs are bounded so that every digit stays exact and every call stays quick', () => {
  it('refuses a 100-digit volume rather than round it', () => {
    expect(() => contingencyCost({ unitCost: '1.01', volume: '9'.repeat(100) })).toThrow(PhmValidationError);
  });

  it('refuses a monthly change with 3,000 decimals', () => {
    expect(() => trajectory({ baseline: 100, monthlyChange: `-0.${'1'.repeat(3000)}`, months: 120 })).toThrow(PhmValidationError);
  });

  it('keeps 120 months with 12-decimal changes exact', () => {
    const t = trajectory({ baseline: '123456.789', monthlyChange: '-0.012345678901', months: 120 });
    expect(t.path).toHaveLength(121);
  });
});
