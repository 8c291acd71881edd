/**
 * Issue 14, BCF: every figure the calculators print is the exact value rounded as documented,
 * at every length the schemas accept (strings of 24 characters, and any finite JS number, read
 * through its shortest decimal form). The oracle is BigInt arithmetic on the decimal text
 * (test/finance/exact.ts), independent of src and of decimal.js. Before the fix, products and
 * quotients went through 80-digit decimal.js and lost digits.
 */
import fc from 'fast-check';
import { contingencyCost, contingencyPlan, performanceElement, proportion, ratePer100k, reconcilePlan, summariseRegister, trajectory } from 'phm-kit/bcf';
import { describe, expect, it } from 'vitest';
import { issuesOf } from '../support/issues.js';
import { property } from '../support/property.js';
import { halfUp, parseDec, sum, type Dec } from '../finance/exact.js';

const dec = (v: string | number): Dec => parseDec(typeof v === 'number' ? String(v) : v);
const times = (values: readonly (string | number)[]): Dec => values.map(dec).reduce((a, b) => ({ n: a.n * b.n, scale: a.scale + b.scale }), { n: 1n, scale: 0 });
const pow10 = (k: number) => 10n ** BigInt(k);
/** Pounds, two decimals, half up. */
const pounds = (d: Dec) => halfUp(d.n, pow10(d.scale), 2);
/** a / b, half up. */
const over = (a: Dec, b: Dec, places: number) => halfUp(a.n * pow10(b.scale), b.n * pow10(a.scale), places);

/** A decimal string of 1-24 characters, or a JS number from the far ends of the doubles. */
const digitsArb = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(''));
const quantityArb: fc.Arbitrary<string | number> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(digitsArb(1, 12), digitsArb(0, 11)).map(([w, f]) => (f === '' ? w : `${w}.${f}`)) },
  { weight: 1, arbitrary: fc.constantFrom<string | number>('9'.repeat(24), `0.${'0'.repeat(21)}1`, 1e300, 5e-324, 1.7976931348623157e308, 0.1, 123456.789) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1e30, noNaN: true }) },
);
const fractionArb: fc.Arbitrary<string | number> = fc.oneof(digitsArb(1, 22).map((f) => `0.${f}`), fc.constantFrom<string | number>(1, '1', 0, 0.5, 5e-324, `0.${'9'.repeat(22)}`), fc.double({ min: 0, max: 1, noNaN: true }));
const moneyArb = fc.oneof(fc.tuple(digitsArb(1, 12), digitsArb(0, 10)).map(([w, f]) => (f === '' ? w : `${w}.${f}`)), fc.constantFrom('9'.repeat(24), `${'9'.repeat(21)}.99`, '0.005', '0'));

describe('contingency costs are exact products', () => {
  it("the issue's four factors of 24 characters: the 92-digit product rounds to .00, not .01", () => {
    const input = { unitCost: '79470013590960127736.715', volume: '53759521047817461583419', days: '66180225341973466241053', partialYearFactor: '0.9999999999999999999999' };
    const expected = pounds(times([input.unitCost, input.volume, input.days, input.partialYearFactor]));
    expect(expected.endsWith('.00')).toBe(true);
    expect(contingencyCost(input)).toBe(expected);
  });

  property('unit cost x volume x days x part-year factor, rounded half up once', 20261411, fc.record({ unitCost: moneyArb, volume: quantityArb, days: fc.option(quantityArb, { nil: undefined }), partialYearFactor: fractionArb }), (input) => {
    const { days, ...rest } = input;
    expect(contingencyCost(days === undefined ? rest : input)).toBe(pounds(times([input.unitCost, input.volume, days ?? 1, input.partialYearFactor])));
  }, 500);
});

describe('contingency plans are exact', () => {
  const outcomeArb = fc.record({ unitCost: moneyArb, volume: quantityArb, partialYearFactor: fractionArb, activity: quantityArb, likelihood: fc.option(fractionArb, { nil: undefined }) });
  property('outcomes, totals, expected calls, coverage and shortfall against the BigInt oracle', 20261412, fc.record({ outcomes: fc.array(outcomeArb, { minLength: 1, maxLength: 5 }), fund: moneyArb }), ({ outcomes, fund }) => {
    const likelihoods = Object.fromEntries(outcomes.flatMap((o, i) => (o.likelihood === undefined ? [] : [[`o${i}`, o.likelihood]])));
    const plan = contingencyPlan({
      outcomes: outcomes.map((o, i) => ({ id: `o${i}`, unitCost: o.unitCost, volume: o.volume, partialYearFactor: o.partialYearFactor, plannedSavings: { activity: o.activity, valued: true } })),
      contingencyFund: fund,
      ...(Object.keys(likelihoods).length === 0 ? {} : { likelihoods }),
    });
    const pennies = (text: string) => BigInt(text.replace('.', ''));
    outcomes.forEach((o, i) => {
      const got = plan.outcomes[i]!;
      expect(got.fullYear).toBe(pounds(times([o.unitCost, o.volume])));
      expect(got.partYear).toBe(pounds(times([o.unitCost, o.volume, o.partialYearFactor])));
      expect(got.plannedSavings?.pounds).toBe(pounds(times([o.unitCost, o.activity])));
      expect(got.expected).toBe(o.likelihood === undefined ? null : pounds(times([got.partYear, o.likelihood])));
    });
    const worst = sum(plan.outcomes.map((o) => pennies(o.partYear)));
    expect(plan.totals.partYear).toBe(halfUp(worst, 100n, 2));
    expect(plan.totals.fullYear).toBe(halfUp(sum(plan.outcomes.map((o) => pennies(o.fullYear))), 100n, 2));
    const f = dec(fund);
    expect(plan.contingencyFund).toBe(pounds(f));
    expect(plan.coverage).toBe(worst === 0n ? null : over(f, { n: worst, scale: 2 }, 4));
    const gap = worst * pow10(f.scale) - f.n * 100n;
    expect(plan.shortfall).toBe(gap > 0n ? halfUp(gap, pow10(f.scale + 2), 2) : '0.00');
  }, 300);
});

describe('the performance element is exact', () => {
  it('a third of the way to the target earns a third of the pennies: 1p of 3p, not the 0p of a rounded third', () => {
    const r = performanceElement({ pooledFund: '0.03', share: 1, metrics: [{ id: 'avoidable-admissions', baseline: 0, target: 3, achieved: 1 }] });
    expect(r.metrics[0]).toMatchObject({ atRisk: '0.03', achievement: '0.3333', earned: '0.01', redirected: '0.02' });
  });

  const valueArb = fc.oneof(fc.tuple(fc.boolean(), digitsArb(1, 11), digitsArb(0, 11)).map(([neg, w, f]) => `${neg ? '-' : ''}${w}${f === '' ? '' : `.${f}`}`), fc.double({ min: -1e20, max: 1e20, noNaN: true }));
  property('earned is the part x the exact achievement, rounded down; achievement to four decimals, half up', 20261413, fc.record({ fund: moneyArb, share: fractionArb, baseline: valueArb, target: valueArb, achieved: valueArb }), ({ fund, share, baseline, target, achieved }) => {
    const r = performanceElement({ pooledFund: fund, share, metrics: [{ id: 'falls', baseline, target, achieved }], customMetrics: ['falls'] });
    const atRisk = times([fund, share]);
    const pence = BigInt(halfUp(atRisk.n * 100n, pow10(atRisk.scale), 0));
    expect(r.amountAtRisk).toBe(halfUp(pence, 100n, 2));
    const [b, t, a] = [dec(baseline), dec(target), dec(achieved)];
    const scale = Math.max(b.scale, t.scale, a.scale);
    const at = (d: Dec) => d.n * pow10(scale - d.scale);
    let [n, d] = [at(a) - at(b), at(t) - at(b)];
    if (d === 0n) [n, d] = [n >= 0n ? 1n : 0n, 1n];
    if (d < 0n) [n, d] = [-n, -d];
    if (n < 0n) n = 0n;
    if (n > d) n = d;
    expect(r.metrics[0]!.achievement).toBe(halfUp(n, d, 4));
    const earned = (pence * n) / d;
    expect(r.earned).toBe(halfUp(earned, 100n, 2));
    expect(r.redirected).toBe(halfUp(pence - earned, 100n, 2));
  }, 500);

  it('baselines, targets and achievements have at most 24 characters, like every BCF decimal', () => {
    const metric = { id: 'avoidable-admissions', baseline: `1${'0'.repeat(23)}`, target: 1, achieved: 1 };
    expect(performanceElement({ pooledFund: '1000', metrics: [metric] }).earned).toBe('250.00');
    expect(issuesOf(() => performanceElement({ pooledFund: '1000', metrics: [{ ...metric, baseline: `-1${'0'.repeat(23)}` }] }))).toEqual([
      { path: ['metrics', 0, 'baseline'], message: 'At most 24 characters: the calculators keep every digit exact' },
    ]);
  });

  it('a malformed weight is reported at its path, not as a decimal.js error', () => {
    expect(issuesOf(() => performanceElement({ pooledFund: '1', metrics: [{ id: 'avoidable-admissions', weight: 'abc', baseline: 1, target: 2, achieved: 1 }] })).map((i) => i.path)).toEqual([['metrics', 0, 'weight']]);
  });
});

describe('rates and proportions are exact quotients', () => {
  property('count / population x 100,000 and numerator / denominator, half up to the places asked', 20261414, fc.record({ a: quantityArb, b: quantityArb, places: fc.integer({ min: 0, max: 10 }) }), ({ a, b, places }) => {
    if (dec(b).n === 0n) return;
    expect(ratePer100k({ count: a, population: b, places })).toBe(over(times([a, 100_000]), dec(b), places));
    const [x, y] = [dec(a), dec(b)];
    const [small, large] = x.n * pow10(y.scale) <= y.n * pow10(x.scale) ? [a, b] : [b, a];
    if (dec(large).n !== 0n) expect(proportion({ numerator: small, denominator: large, places })).toBe(over(dec(small), dec(large), places));
  }, 500);

  it('a count of 1e308 over a population of 3 keeps all 314 digits', () => {
    expect(ratePer100k({ count: 1e308, population: 3 })).toBe(`${'3'.repeat(313)}.3`);
  });

  it('a malformed numerator is reported at its path, not as a decimal.js error', () => {
    expect(issuesOf(() => proportion({ numerator: 'abc', denominator: 1 })).map((i) => i.path)).toEqual([['numerator']]);
  });
});

describe('trajectories are exact over 120 months', () => {
  const signedArb = fc.tuple(fc.boolean(), digitsArb(1, 15), digitsArb(0, 12)).map(([neg, w, f]) => `${neg ? '-' : ''}${w}${f === '' ? '' : `.${f}`}`);
  const changeArb = fc.oneof(signedArb.filter((r) => !r.startsWith('-') || dec(r).n > -pow10(dec(r).scale)), fc.constantFrom('999999999999999', '-0.999999999999', '0.000000000001'));
  property('average, exit change and average change against the BigInt oracle', 20261415, fc.record({ baseline: signedArb, monthlyChange: changeArb, months: fc.integer({ min: 1, max: 120 }) }), ({ baseline, monthlyChange, months }) => {
    const t = trajectory({ baseline, monthlyChange, months });
    const b = dec(baseline);
    const r = dec(monthlyChange);
    const factor = pow10(r.scale) + r.n;
    let value = b.n;
    let total = 0n; // the sum of months 1..n over 10^(b.scale + n r.scale)
    for (let k = 1; k <= months; k++) {
      value *= factor;
      total += value * pow10((months - k) * r.scale);
    }
    const scale = pow10(b.scale + months * r.scale);
    expect(t.average).toBe(halfUp(total, scale * BigInt(months), 10));
    if (b.n === 0n) return;
    const base = b.n * pow10(months * r.scale);
    expect(t.exitChange).toBe(halfUp(value - base, base, 10));
    expect(t.averageChange).toBe(halfUp(total - base * BigInt(months), base * BigInt(months), 10));
  }, 200);
});

describe('plan reconciliation and risk exposure sum exactly', () => {
  it('20,000 parts of 40 characters and one of a hundred-thousand-millionth: the total keeps every digit', () => {
    const parts: (string | number)[] = [...Array.from({ length: 20_000 }, () => '9'.repeat(40)), `0.${'0'.repeat(37)}1`];
    const computed = `${(9999999999999999999999999999999999999999n * 20_000n).toString()}.${'0'.repeat(37)}1`;
    expect(reconcilePlan({ sums: [{ location: 'all', parts, stated: 0 }] }).discrepancies[0]).toMatchObject({ computed, difference: `-${computed}` });
  }, 30_000);

  it('an outcome whose 72-digit formula differs from its stated result is reported to the penny', () => {
    const nines = '9'.repeat(24);
    expect(reconcilePlan({ outcomes: [{ location: 'o', unitCost: nines, volume: nines, days: nines, stated: '1' }] }).discrepancies[0]?.computed).toBe(((10n ** 24n - 1n) ** 3n).toString());
    const square = (10n ** 24n - 1n) ** 2n;
    expect(reconcilePlan({ outcomes: [{ location: 'o', unitCost: nines, volume: nines, stated: '0.01' }] }).discrepancies[0]).toMatchObject({ stated: '0.01', computed: square.toString(), difference: `-${square - 1n}.99` });
  });

  it('exposures of 24 characters sum exactly, and each total is rounded half up once', () => {
    const summary = summariseRegister([
      { id: 'a', rating: 'high', exposure: `${'9'.repeat(21)}.99` },
      { id: 'b', rating: 'high', exposure: '0.005' },
      { id: 'c', rating: 'low', exposure: '0.005' },
    ]);
    expect(summary.exposure.byRating).toMatchObject({ high: '1000000000000000000000.00', low: '0.01', medium: '0.00' });
    // 999...999.995 + 0.005 is exactly 10^21: not the 10^21 + 0.01 of adding the rounded ratings.
    expect(summary.exposure.total).toBe('1000000000000000000000.00');
  });
});
