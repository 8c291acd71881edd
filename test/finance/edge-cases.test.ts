/**
 * allocateEnvelopes where the input leaves things out (no current spend, no label), or names
 * things twice, and the exact fractions underneath with negative values. ILLUSTRATIVE figures.
 */
import { allocateEnvelopes, type EnvelopeInput } from 'phm-kit/finance';
import { describe, expect, it } from 'vitest';
import { ceilOf, div, floorOf, ratio, ratioOf, sub, type Ratio } from '../../src/finance/rational.js';
import { issuesOf } from '../support/issues.js';


/** ILLUSTRATIVE: three segments by population and need only, with no current spend. */
const capitationOnly: EnvelopeInput = {
  total: '1000.00',
  method: { kind: 'capitation' },
  segments: [
    { id: 'frailty', label: 'Frailty', population: 100, needWeight: '5' },
    { id: 'long-term-conditions', population: 300, needWeight: '1' },
    { id: 'healthy-adults', population: 1200 },
  ],
};

describe('envelopes without current spend', () => {
  it('capitation needs no current spend, and then reports no change from it', () => {
    const r = allocateEnvelopes(capitationOnly);
    // Weights 500, 300 and 1,200 (need weight 1 when absent) of 2,000.
    expect(r.envelopes.map((e) => e.amount)).toEqual(['250.00', '150.00', '600.00']);
    for (const e of r.envelopes) {
      expect(e.currentSpend).toBeNull();
      expect(e.change).toBeNull();
      expect(e.changePercent).toBeNull();
    }
    expect(r.envelopes.map((e) => e.perHead)).toEqual(['2.50', '0.50', '0.50']);
  });

  it('keeps a segment label, and leaves it out when there is none', () => {
    const [frailty, ltc] = allocateEnvelopes(capitationOnly).envelopes;
    expect(frailty?.label).toBe('Frailty');
    expect(ltc).not.toHaveProperty('label');
  });

  it('a floor or cap as a percentage of current spend needs that current spend', () => {
    const segments = capitationOnly.segments.map((s, i) => (i === 1 ? { ...s, floor: { percentOfCurrentSpend: 90 }, cap: { percentOfCurrentSpend: 110 } } : s));
    expect(issuesOf(() => allocateEnvelopes({ ...capitationOnly, segments }))).toEqual([
      { path: ['segments', 1, 'floor'], message: 'A percentage of current spend needs currentSpend' },
      { path: ['segments', 1, 'cap'], message: 'A percentage of current spend needs currentSpend' },
    ]);
  });

  it("pace of change with a maxChange names the maxChange too, since it is measured against current spend", () => {
    const issues = issuesOf(() => allocateEnvelopes({ ...capitationOnly, method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: '0.5', maxChange: '0.1' } }));
    expect(issues.map((i) => i.path)).toEqual([
      ['segments', 0, 'currentSpend'],
      ['segments', 1, 'currentSpend'],
      ['segments', 2, 'currentSpend'],
      ['method', 'maxChange'],
    ]);
  });
});

describe('top slice ids', () => {
  it('refuses a top slice named like a segment, or like another top slice', () => {
    const issues = issuesOf(() =>
      allocateEnvelopes({
        ...capitationOnly,
        topSlices: [
          { id: 'frailty', percent: 1 },
          { id: 'contingency', percent: 1 },
          { id: 'contingency', amount: '5.00' },
        ],
      }),
    );
    expect(issues).toEqual([
      { path: ['topSlices', 0, 'id'], message: "Top slice id 'frailty' is already used" },
      { path: ['topSlices', 2, 'id'], message: "Top slice id 'contingency' is already used" },
    ]);
  });
});

/** The sign of a - b, by cross-multiplication (denominators are positive). */
const cmp = (a: Ratio, b: Ratio): number => Math.sign(Number(a.n * b.d - b.n * a.d));

describe('exact fractions', () => {
  it('keep the sign in the numerator, and are not reduced (a gcd of long integers at every step was what made long inputs slow)', () => {
    expect(ratio(3n, -6n)).toEqual({ n: -3n, d: 6n });
    expect(ratio(-4n, -6n)).toEqual({ n: 4n, d: 6n });
    expect(ratio(0n, 7n)).toEqual({ n: 0n, d: 7n });
    expect(ratioOf('-1.50')).toEqual({ n: -150n, d: 100n });
    expect(ratioOf(-2)).toEqual({ n: -2n, d: 1n });
    expect(ratioOf(0.1)).toEqual({ n: 1n, d: 10n });
    expect(cmp(sub(ratioOf('0.1'), ratioOf('0.3')), ratio(-1n, 5n))).toBe(0);
    const third = div(ratio(1n), ratio(-3n));
    expect(third.d > 0n).toBe(true);
    expect(cmp(third, ratio(-1n, 3n))).toBe(0);
  });

  it('floor and ceiling round towards minus and plus infinity', () => {
    expect([floorOf(ratio(7n, 2n)), ceilOf(ratio(7n, 2n))]).toEqual([3n, 4n]);
    expect([floorOf(ratio(-7n, 2n)), ceilOf(ratio(-7n, 2n))]).toEqual([-4n, -3n]);
    expect([floorOf(ratio(-6n, 2n)), ceilOf(ratio(-6n, 2n))]).toEqual([-3n, -3n]);
  });

  it('keep a positive denominator, whatever the signs given', () => {
    for (const [n, d] of [[-1n, 2n], [1n, -3n], [-2n, -4n]] as const) {
      const r = ratio(n, d);
      expect(r.d > 0n).toBe(true);
      expect(r.n * d).toBe(n * r.d);
    }
    expect(cmp(ratio(-2n, 4n), ratio(1n, -2n))).toBe(0);
  });
});

describe('malformed decimals in shares and percentages are refused with the path, not a decimal.js error', () => {
  const segments = [{ id: 'a', population: 1, currentSpend: '10.00' }];
  it.each([
    ['a blend share', { total: '100.00', method: { kind: 'blend', historicShare: 'x' }, segments }, ['method', 'historicShare']],
    ['a pace', { total: '100.00', method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: '' }, segments }, ['method', 'pace']],
    ['a top-slice percentage', { total: '100.00', method: { kind: 'historic' }, segments, topSlices: [{ id: 'r', percent: 'ten' }] }, ['topSlices', 0, 'percent']],
  ] as const)('%s', (_, input, path) => {
    const issues = issuesOf(() => allocateEnvelopes(input as unknown as EnvelopeInput));
    expect(issues.map((i) => i.path)).toContainEqual(path);
  });
});
