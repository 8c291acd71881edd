/**
 * Worked examples of allocateEnvelopes. ILLUSTRATIVE DATA: the nine Leeds 2024 segment ids
 * with made-up populations (summing to 820,000), current spends (summing to £1.15bn) and need
 * weights. None of these figures are real Leeds figures.
 */
import { Decimal } from 'decimal.js';
import { PhmInfeasibleError, PhmValidationError } from 'phm-kit';
import { allocateEnvelopes, type EnvelopeInput } from 'phm-kit/finance';
import { describe, expect, it } from 'vitest';

const D = Decimal.clone({ precision: 80 });

/** ILLUSTRATIVE: not real Leeds populations, spends or need weights. */
const LEEDS_ILLUSTRATIVE = [
  { id: 'end-of-life', population: 6_500, currentSpend: '95000000.00', needWeight: '12' },
  { id: 'maternity', population: 9_500, currentSpend: '60000000.00', needWeight: '4' },
  { id: 'children-and-young-people', population: 170_000, currentSpend: '140000000.00', needWeight: '0.8' },
  { id: 'frailty', population: 32_000, currentSpend: '230000000.00', needWeight: '5' },
  { id: 'cancer', population: 18_000, currentSpend: '110000000.00', needWeight: '4' },
  { id: 'learning-disability-neurodiversity', population: 14_000, currentSpend: '70000000.00', needWeight: '3' },
  { id: 'serious-mental-illness', population: 9_000, currentSpend: '85000000.00', needWeight: '3.5' },
  { id: 'long-term-conditions', population: 191_000, currentSpend: '230000000.00', needWeight: '1.6' },
  { id: 'healthy-adults', population: 370_000, currentSpend: '130000000.00', needWeight: '0.5' },
];
const FRAILTY = 3;
const TOTAL = '1200000000.00';

const base = (over: Partial<EnvelopeInput> = {}): EnvelopeInput => ({ total: TOTAL, method: { kind: 'historic' }, segments: LEEDS_ILLUSTRATIVE, ...over });
const sumOf = (xs: readonly string[]) => xs.reduce((a, b) => a.add(b), new D(0));

/** The error thrown, for its class and issues. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
const paths = (e: unknown) => (e as PhmValidationError).issues.map((i) => i.path);

describe('allocateEnvelopes: ILLUSTRATIVE Leeds 2024 segments, £1.2bn', () => {
  it('the illustrative data sums as stated', () => {
    expect(LEEDS_ILLUSTRATIVE.reduce((a, s) => a + s.population, 0)).toBe(820_000);
    expect(sumOf(LEEDS_ILLUSTRATIVE.map((s) => s.currentSpend)).toFixed(2)).toBe('1150000000.00');
  });

  it('historic: every envelope is its current spend x 24/23, rounded by largest remainder (hand-checked)', () => {
    const r = allocateEnvelopes(base());
    // Quotas in pennies have remainders .26 .22 .17 0 .57 .09 .39 0 .30, adding to 2p: the two
    // largest (cancer .57, serious mental illness .39) are rounded up, the rest down.
    expect(r.envelopes.map((e) => e.amount)).toEqual([
      '99130434.78', '62608695.65', '146086956.52', '240000000.00', '114782608.70', '73043478.26', '88695652.18', '240000000.00', '135652173.91',
    ]);
    expect(r.checks).toEqual({ topSlicesTotal: '0.00', envelopesTotal: TOTAL, balances: true, boundsMet: true });
    expect(r.allocatable).toBe(TOTAL);
    const smi = r.envelopes[6]!;
    expect(smi.quota).toBe('88695652.1739130435');
    expect(smi.adjustment).toBe('0.0060869565');
    expect(r.envelopes.map((e) => e.id)).toEqual(LEEDS_ILLUSTRATIVE.map((s) => s.id));
  });

  it('historic: frailty perHead, change and changePercent hand-checked', () => {
    const f = allocateEnvelopes(base()).envelopes[FRAILTY]!;
    // 230,000,000 / 1,150,000,000 = 20% of £1.2bn = £240,000,000 exactly.
    expect(f).toMatchObject({
      id: 'frailty',
      amount: '240000000.00',
      quota: '240000000.0000000000',
      adjustment: '0.0000000000',
      share: '0.2000000000',
      constraint: null,
      currentSpend: '230000000.00',
      change: '10000000.00', // 240m - 230m
      changePercent: '4.35', // 10/230 = 4.3478...%
      perHead: '7500.00', // 240,000,000 / 32,000
    });
    expect(f.basis).toContain('20.00%');
  });

  it('capitation (population x need weight): frailty hand-checked', () => {
    const r = allocateEnvelopes(base({ method: { kind: 'capitation' } }));
    expect(r.checks.balances).toBe(true);
    expect(r.checks.envelopesTotal).toBe(TOTAL);
    const f = r.envelopes[FRAILTY]!;
    // population x need: 32,000 x 5 = 160,000 of 1,048,100 in all; 1.2bn x 160,000 / 1,048,100.
    expect(f.quota).toBe('183188627.0394046370');
    expect(f.share).toBe('0.1526571892');
    expect(['183188627.03', '183188627.04']).toContain(f.amount);
    expect(new D(f.quota).add(f.adjustment).toFixed()).toBe(new D(f.amount).toFixed());
    expect(f.change).toBe(new D(f.amount).sub('230000000').toFixed(2));
    expect(f.perHead).toBe(new D(f.amount).div(32000).toFixed(2)); // 5724.64
    expect(f.perHead).toBe('5724.64');
    expect(f.changePercent).toBe('-20.35'); // (183.19m - 230m) / 230m
    expect(f.basis).toContain('need weight');
  });

  it('capitation by cost per head', () => {
    const segments = LEEDS_ILLUSTRATIVE.map(({ needWeight: _, ...s }, i) => ({ ...s, costPerHead: ['14000', '5000', '800', '7000', '6000', '5000', '9000', '1200', '350'][i]! }));
    const r = allocateEnvelopes({ total: TOTAL, method: { kind: 'capitation' }, segments });
    expect(r.checks.balances).toBe(true);
    expect(r.envelopes[0]!.basis).toContain('cost per head');
  });

  it('blend 50/50: frailty hand-checked', () => {
    const r = allocateEnvelopes(base({ method: { kind: 'blend', historicShare: 0.5 } }));
    expect(r.checks.balances).toBe(true);
    const f = r.envelopes[FRAILTY]!;
    // (240,000,000 + 183,188,627.0394...) / 2
    expect(f.quota).toBe('211594313.5197023185');
    expect(['211594313.51', '211594313.52']).toContain(f.amount);
    expect(f.basis).toContain('blend: 50.00%');
  });

  it('pace of change a quarter of the way toward capitation, within 5% of historic', () => {
    const r = allocateEnvelopes(base({ method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: '0.25', maxChange: '0.05' } }));
    expect(r.checks).toMatchObject({ balances: true, boundsMet: true, envelopesTotal: TOTAL });
    // Historic amounts x (1 +/- 5%), rounded outward to the penny.
    const historic = allocateEnvelopes(base()).envelopes;
    r.envelopes.forEach((e, i) => {
      const h = new D(LEEDS_ILLUSTRATIVE[i]!.currentSpend).mul(1200).div(1150);
      expect(new D(e.amount).gte(h.mul('0.95').toDecimalPlaces(2, Decimal.ROUND_FLOOR))).toBe(true);
      expect(new D(e.amount).lte(h.mul('1.05').toDecimalPlaces(2, Decimal.ROUND_CEIL))).toBe(true);
      // Up to a penny of outward rounding, plus a penny of rounding in the historic envelope itself.
      expect(new D(e.amount).sub(historic[i]!.amount).abs().lte(h.mul('0.05').add('0.02'))).toBe(true);
    });
    // Held (hand-checked, outward to the penny): maternity at floor(95% x 62,608,695.652...) =
    // 59,478,260.86; learning disability at floor(95% x 73,043,478.26...) = 69,391,304.34; serious
    // mental illness at floor(95% x 88,695,652.17...) = 84,260,869.56; healthy adults at
    // ceil(105% x 135,652,173.91...) = 142,434,782.61.
    expect(r.envelopes.map((e) => [e.amount, e.constraint])).toEqual([
      [expect.any(String), null],
      ['59478260.86', 'floor'],
      [expect.any(String), null],
      [expect.any(String), null],
      [expect.any(String), null],
      ['69391304.34', 'floor'],
      ['84260869.56', 'floor'],
      ['252000000.00', 'cap'],
      ['142434782.61', 'cap'],
    ]);
    // Frailty's unconstrained pace amount is 225,797,156.76, below its floor of 228m; but what the
    // capped segments give up lifts every free segment by one factor, and frailty ends above it.
    const free = r.envelopes.filter((e) => e.constraint === null);
    const factor = new D(r.envelopes[FRAILTY]!.quota).div('225797156.7598511592');
    expect(factor.gt(1)).toBe(true);
    for (const e of free) expect(new D(e.quota).div(e.share).div(new D(r.envelopes[FRAILTY]!.quota).div(r.envelopes[FRAILTY]!.share)).sub(1).abs().lt('1e-8')).toBe(true);
    expect(new D(r.envelopes[FRAILTY]!.amount).gte('228000000')).toBe(true);
    // Long-term conditions would rise to 267.47m: held at its cap of 252m.
    expect(r.envelopes[7]).toMatchObject({ amount: '252000000.00', constraint: 'cap' });
    expect(r.envelopes.some((e) => e.constraint === null)).toBe(true);
  });

  it('pace of change with no limit: frailty hand-checked', () => {
    const r = allocateEnvelopes(base({ method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0.25 } }));
    expect(r.envelopes[FRAILTY]!.quota).toBe('225797156.7598511592');
    expect(['225797156.75', '225797156.76']).toContain(r.envelopes[FRAILTY]!.amount);
    expect(r.checks.balances).toBe(true);
  });

  it('a 0.5% contingency plus Planned Care and Same Day Response slices come off first', () => {
    const r = allocateEnvelopes(
      base({
        topSlices: [
          { id: 'contingency', label: 'Contingency', percent: 0.5 },
          { id: 'planned-care', label: 'Planned Care', amount: '150000000.00' },
          { id: 'same-day-response', label: 'Same Day Response', amount: '50000000.00' },
        ],
      }),
    );
    expect(r.topSlices).toEqual([
      { id: 'contingency', label: 'Contingency', amount: '6000000.00', basis: '0.5% of the total' },
      { id: 'planned-care', label: 'Planned Care', amount: '150000000.00', basis: 'a stated amount' },
      { id: 'same-day-response', label: 'Same Day Response', amount: '50000000.00', basis: 'a stated amount' },
    ]);
    expect(r.allocatable).toBe('994000000.00');
    expect(r.checks).toEqual({ topSlicesTotal: '206000000.00', envelopesTotal: '994000000.00', balances: true, boundsMet: true });
    // Frailty: 20% of 994m.
    expect(r.envelopes[FRAILTY]!.amount).toBe('198800000.00');
    expect(sumOf([...r.envelopes.map((e) => e.amount), ...r.topSlices.map((t) => t.amount)]).toFixed(2)).toBe(TOTAL);
  });

  it('capitation with every floor at 90% of current spend: floors hold and the rest follows capitation', () => {
    const segments = LEEDS_ILLUSTRATIVE.map((s) => ({ ...s, floor: { percentOfCurrentSpend: 90 } }));
    const r = allocateEnvelopes({ total: TOTAL, method: { kind: 'capitation' }, segments });
    expect(r.checks).toMatchObject({ balances: true, boundsMet: true, envelopesTotal: TOTAL });
    r.envelopes.forEach((e, i) => expect(new D(e.amount).gte(new D(LEEDS_ILLUSTRATIVE[i]!.currentSpend).mul('0.9'))).toBe(true));
    // Serious mental illness (capitation 36.07m) is held at 90% of 85m.
    expect(r.envelopes[6]).toMatchObject({ amount: '76500000.00', constraint: 'floor', quota: '76500000.0000000000', adjustment: '0.0000000000' });
    // The free segments keep their capitation proportions (to rounding).
    const free = r.envelopes.filter((e) => e.constraint === null);
    expect(free.length).toBeGreaterThan(1);
    // quota / share is one multiplier for them all (share is given to ten decimals only).
    const ratios = free.map((e) => new D(e.quota).div(e.share));
    for (const x of ratios) expect(x.div(ratios[0]!).sub(1).abs().lt('1e-8')).toBe(true);
  });

  it('floors and caps as amounts', () => {
    const segments = LEEDS_ILLUSTRATIVE.map((s) => ({ ...s }) as (typeof LEEDS_ILLUSTRATIVE)[number] & { floor?: string; cap?: string });
    segments[0]!.cap = '90000000.00';
    segments[8]!.floor = '150000000.00';
    const r = allocateEnvelopes({ total: TOTAL, method: { kind: 'historic' }, segments });
    expect(r.envelopes[0]).toMatchObject({ amount: '90000000.00', constraint: 'cap' });
    expect(r.envelopes[8]).toMatchObject({ amount: '150000000.00', constraint: 'floor' });
    expect(r.checks).toMatchObject({ balances: true, boundsMet: true });
  });

  it('ILLUSTRATIVE infeasible floors (frailty 700m, long-term conditions 600m of 1.2bn) name both floors', () => {
    const segments = LEEDS_ILLUSTRATIVE.map((s, i) => (i === FRAILTY ? { ...s, floor: '700000000.00' } : i === 7 ? { ...s, floor: '600000000.00' } : s));
    const e = thrown(() => allocateEnvelopes({ total: TOTAL, method: { kind: 'historic' }, segments }));
    expect(e).toBeInstanceOf(PhmInfeasibleError);
    expect(paths(e)).toEqual([
      ['segments', 3, 'floor'],
      ['segments', 7, 'floor'],
    ]);
  });

  it('a floor above its own cap is infeasible, naming both', () => {
    const segments = LEEDS_ILLUSTRATIVE.map((s, i) => (i === 2 ? { ...s, floor: '100.00', cap: '99.00' } : s));
    const e = thrown(() => allocateEnvelopes(base({ segments })));
    expect(e).toBeInstanceOf(PhmInfeasibleError);
    expect(paths(e)).toEqual([
      ['segments', 2, 'floor'],
      ['segments', 2, 'cap'],
    ]);
  });

  it('caps that cannot take the total are infeasible, naming caps', () => {
    const segments = LEEDS_ILLUSTRATIVE.map((s) => ({ ...s, cap: { percentOfCurrentSpend: 100 } }));
    const e = thrown(() => allocateEnvelopes(base({ segments })));
    expect(e).toBeInstanceOf(PhmInfeasibleError);
    for (const p of paths(e)) expect(p).toEqual(['segments', expect.any(Number), 'cap']);
  });

  it('rounds to £1 and £1,000 units', () => {
    for (const [unit, total] of [['1', '1200000000'], ['1000', '1200000000']] as const) {
      const r = allocateEnvelopes(base({ unit, total }));
      expect(r.checks.balances).toBe(true);
      for (const e of r.envelopes) expect(e.amount).toMatch(/^\d+$/);
      if (unit === '1000') for (const e of r.envelopes) expect(BigInt(e.amount) % 1000n).toBe(0n);
      expect(sumOf(r.envelopes.map((e) => e.amount)).toFixed(0)).toBe('1200000000');
    }
  });
});

describe('allocateEnvelopes: validation errors name their paths', () => {
  it('historic without a current spend', () => {
    const segments = LEEDS_ILLUSTRATIVE.map(({ currentSpend, ...s }, i) => (i === 4 ? s : { ...s, currentSpend }));
    const e = thrown(() => allocateEnvelopes(base({ segments })));
    expect(e).toBeInstanceOf(PhmValidationError);
    expect(paths(e)).toContainEqual(['segments', 4, 'currentSpend']);
  });

  it('capitation without a population', () => {
    const segments = LEEDS_ILLUSTRATIVE.map(({ population, ...s }, i) => (i === 6 ? s : { ...s, population }));
    const e = thrown(() => allocateEnvelopes(base({ method: { kind: 'capitation' }, segments })));
    expect(e).toBeInstanceOf(PhmValidationError);
    expect(paths(e)).toContainEqual(['segments', 6, 'population']);
  });

  it('blend and pace of change need both spend and population', () => {
    const noSpend = LEEDS_ILLUSTRATIVE.map(({ currentSpend, ...s }, i) => (i === 1 ? s : { ...s, currentSpend }));
    expect(paths(thrown(() => allocateEnvelopes(base({ method: { kind: 'blend', historicShare: '0.3' }, segments: noSpend }))))).toContainEqual(['segments', 1, 'currentSpend']);
    const noPop = LEEDS_ILLUSTRATIVE.map(({ population, ...s }, i) => (i === 2 ? s : { ...s, population }));
    expect(paths(thrown(() => allocateEnvelopes(base({ method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0.5 }, segments: noPop }))))).toContainEqual(['segments', 2, 'population']);
  });

  it('needWeight and costPerHead together', () => {
    const segments = LEEDS_ILLUSTRATIVE.map((s, i) => (i === 0 ? { ...s, costPerHead: '100.00' } : s));
    const e = thrown(() => allocateEnvelopes(base({ method: { kind: 'capitation' }, segments })));
    expect(e).toBeInstanceOf(PhmValidationError);
    expect(paths(e)).toContainEqual(['segments', 0]);
  });

  it('a mix of costPerHead and need weights under capitation', () => {
    const segments = LEEDS_ILLUSTRATIVE.map(({ needWeight, ...s }, i) => (i === 0 ? { ...s, costPerHead: '100.00' } : { ...s, needWeight }));
    const e = thrown(() => allocateEnvelopes(base({ method: { kind: 'capitation' }, segments })));
    expect(e).toBeInstanceOf(PhmValidationError);
    expect(paths(e)).toContainEqual(['segments']);
  });

  it('a JS float amount', () => {
    const e = thrown(() => allocateEnvelopes(base({ total: 1200000000.5 })));
    expect(e).toBeInstanceOf(PhmValidationError);
    expect(paths(e)).toContainEqual(['total']);
    const spend = thrown(() => allocateEnvelopes(base({ segments: LEEDS_ILLUSTRATIVE.map((s, i) => (i === 2 ? { ...s, currentSpend: 0.1 } : s)) })));
    expect(spend).toBeInstanceOf(PhmValidationError);
    expect(paths(spend)).toContainEqual(['segments', 2, 'currentSpend']);
  });

  it('a total that is not a whole number of units', () => {
    const e = thrown(() => allocateEnvelopes(base({ total: '1200000000.005' })));
    expect(e).toBeInstanceOf(PhmValidationError);
    expect(paths(e)).toEqual([['total']]);
  });

  it('a duplicate segment id', () => {
    const segments = [...LEEDS_ILLUSTRATIVE, { ...LEEDS_ILLUSTRATIVE[3]! }];
    const e = thrown(() => allocateEnvelopes(base({ segments })));
    expect(e).toBeInstanceOf(PhmValidationError);
    expect(paths(e)).toContainEqual(['segments', 9, 'id']);
  });

  it('top slices over 100%: one slice over 100% is invalid; several adding to over 100% are infeasible', () => {
    const one = thrown(() => allocateEnvelopes(base({ topSlices: [{ id: 'contingency', percent: 101 }] })));
    expect(one).toBeInstanceOf(PhmValidationError);
    expect(paths(one)).toContainEqual(['topSlices', 0, 'percent']);
    const two = thrown(() => allocateEnvelopes(base({ topSlices: [{ id: 'contingency', percent: 60 }, { id: 'planned-care', percent: '50' }] })));
    expect(two).toBeInstanceOf(PhmInfeasibleError);
    expect(paths(two)).toEqual([
      ['topSlices', 0, 'percent'],
      ['topSlices', 1, 'percent'],
    ]);
    const amounts = thrown(() => allocateEnvelopes(base({ topSlices: [{ id: 'planned-care', amount: '1000000000.00' }, { id: 'same-day-response', amount: '300000000.00' }] })));
    expect(amounts).toBeInstanceOf(PhmInfeasibleError);
    expect(paths(amounts)).toEqual([
      ['topSlices', 0],
      ['topSlices', 1],
    ]);
  });

  it('every current spend zero under historic', () => {
    const e = thrown(() => allocateEnvelopes(base({ segments: LEEDS_ILLUSTRATIVE.map((s) => ({ ...s, currentSpend: '0' })) })));
    expect(e).toBeInstanceOf(PhmValidationError);
    expect(paths(e)).toEqual([['segments']]);
  });
});

describe('allocateEnvelopes: counterexamples (see the report)', () => {
  it('quota + adjustment == amount exactly when the quota ends in a 5 at the eleventh decimal', () => {
    // 1p split 1 : 511 of current spend: quotas 0.00001953125 and 0.00998046875 (eleven decimals).
    const r = allocateEnvelopes({ total: '0.01', method: { kind: 'historic' }, segments: [{ id: 'a', currentSpend: '1' }, { id: 'b', currentSpend: '511' }] });
    expect(r.envelopes.map((e) => e.amount)).toEqual(['0.00', '0.01']);
    for (const e of r.envelopes) expect(new D(e.quota).add(e.adjustment).toFixed()).toBe(new D(e.amount).toFixed());
  });

  it('maxChange alone never makes a problem infeasible: its limits round outward to whole units', () => {
    // £100 split 1 : 2 of current spend: historic amounts 33.333... and 66.666...; with a 0%
    // maxChange the limits are [33.33, 33.34] and [66.66, 66.67].
    const r = allocateEnvelopes({ total: '100.00', method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0, maxChange: 0 }, segments: [{ id: 'a', currentSpend: '1', population: 1 }, { id: 'b', currentSpend: '2', population: 1 }] });
    expect(r.envelopes.map((e) => e.amount)).toEqual(['33.33', '66.67']);
  });

  it('when maxChange meets a segment floor in conflict, the error names method.maxChange', () => {
    let error: unknown;
    try {
      allocateEnvelopes({ total: '100.00', method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0, maxChange: 0 }, segments: [{ id: 'a', currentSpend: '1', population: 1, floor: '60.00' }, { id: 'b', currentSpend: '1', population: 1 }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PhmInfeasibleError);
    expect(paths(error)).toContainEqual(['method', 'maxChange']);
  });
});
