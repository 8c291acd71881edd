/**
 * Issue 14, finance: every call ends, in bounded time and memory, with the right answer or a
 * PhmError. Each case below was reported against the code before the fix: amounts printed
 * through 80-digit decimal.js lost digits, money had no length cap (four 20,000-digit amounts
 * took 28.5 s), 20,000 percentage top slices took 19 s, a pooled 1,000 x 1,000 matrix 325 s,
 * and 300,000 weights overflowed the call stack. The timeouts are generous: only a blow-up
 * (minutes, or an endless loop) fails them, not a slow machine.
 */
import { allocate, allocateEnvelopes, allocatePooled, envelopesChart, type EnvelopeInput } from 'phm-kit/finance';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../support/issues.js';
import { formatUnits, halfUp, sum, unitsOf, withinOneUnit } from './exact.js';

const LONG = 30_000;
const TOO_LONG_AMOUNT = 'At most 64 characters: longer amounts are refused so that every calculation ends quickly';
const TOO_LONG_WEIGHT = 'At most 64 characters: longer weights are refused so that every calculation ends quickly';
/** The issue's figure: a 100-digit total, whose quotas and adjustments 80 digits could not hold. */
const HUNDRED_DIGITS = `1${'0'.repeat(99)}.01`;

describe('money and weights longer than 64 characters are refused, naming the limit', () => {
  it("allocateEnvelopes refuses the issue's 100-digit total and spends, at each path", () => {
    const input: EnvelopeInput = {
      total: HUNDRED_DIGITS,
      method: { kind: 'historic' },
      segments: [{ id: 'a', currentSpend: HUNDRED_DIGITS }, { id: 'b', currentSpend: HUNDRED_DIGITS }, { id: 'c', currentSpend: '1.00' }],
    };
    const { kind, issues } = refusalOf(() => allocateEnvelopes(input));
    expect(kind).toBe('PhmValidationError');
    expect(issues).toEqual([
      { path: ['total'], message: TOO_LONG_AMOUNT },
      { path: ['segments', 0, 'currentSpend'], message: TOO_LONG_AMOUNT },
      { path: ['segments', 1, 'currentSpend'], message: TOO_LONG_AMOUNT },
    ]);
  });

  it("allocatePooled refuses the issue's 100-digit pool", () => {
    const { kind, message, issues } = refusalOf(() =>
      allocatePooled({ contributions: [{ id: 'ccg', amount: HUNDRED_DIGITS }, { id: 'council', amount: HUNDRED_DIGITS }], envelopes: [{ id: 'care', amount: `2${'0'.repeat(99)}.02` }] }),
    );
    expect(kind).toBe('PhmValidationError');
    expect(message).toContain('At most 64 characters');
    expect(issues.map((i) => i.path)).toEqual([['contributions', 0, 'amount'], ['contributions', 1, 'amount'], ['envelopes', 0, 'amount']]);
  });

  it('four 20,000-digit amounts are refused at once (they took 28.5 s to allocate)', () => {
    const huge = '9'.repeat(20_000);
    const { issues } = refusalOf(() =>
      allocateEnvelopes({ total: huge, unit: '1', method: { kind: 'historic' }, segments: [{ id: 'a', currentSpend: huge }, { id: 'b', currentSpend: huge }, { id: 'c', currentSpend: huge }] }),
    );
    expect(issues.map((i) => i.message)).toEqual([TOO_LONG_AMOUNT, TOO_LONG_AMOUNT, TOO_LONG_AMOUNT, TOO_LONG_AMOUNT]);
  }, LONG);

  it('weights, percentages, fractions and units have the same limit; 64 characters are accepted', () => {
    const weight64 = `1.${'0'.repeat(61)}1`;
    expect(weight64).toHaveLength(64);
    const segments = [{ id: 'a', population: 1, currentSpend: '10.00', needWeight: weight64, floor: { percentOfCurrentSpend: `1.${'0'.repeat(62)}` } }, { id: 'b', population: 1, currentSpend: '10.00' }];
    const method = { kind: 'blend', historicShare: `0.${'5'.repeat(62)}` } as const;
    expect(allocateEnvelopes({ total: '100.00', method, segments, topSlices: [{ id: 't', percent: `0.${'1'.repeat(62)}` }] }).checks.balances).toBe(true);
    const refused = (input: EnvelopeInput) => refusalOf(() => allocateEnvelopes(input)).issues;
    expect(refused({ total: '100.00', method: { kind: 'capitation' }, segments: [{ id: 'a', population: 1, needWeight: `${weight64}1` }] })).toEqual([{ path: ['segments', 0, 'needWeight'], message: TOO_LONG_WEIGHT }]);
    expect(refused({ total: '100.00', method: { kind: 'historic' }, segments: [{ id: 'a', currentSpend: '1' }], topSlices: [{ id: 't', percent: `0.${'1'.repeat(63)}` }] })).toEqual([
      { path: ['topSlices', 0, 'percent'], message: TOO_LONG_WEIGHT },
    ]);
    expect(refused({ total: '100.00', method: { ...method, historicShare: `0.${'5'.repeat(63)}` }, segments })).toEqual([{ path: ['method', 'historicShare'], message: TOO_LONG_WEIGHT }]);
    expect(refused({ total: '100.00', unit: `1${'0'.repeat(64)}`, method: { kind: 'historic' }, segments })).toEqual([
      { path: ['unit'], message: 'At most 64 characters: longer rounding units are refused so that every calculation ends quickly' },
    ]);
    // A unit of 64 characters is read (and 1 is not a whole number of it).
    expect(() => allocate('1', [1], { unit: `1${'0'.repeat(63)}` })).toThrow(/is not a whole number of units of 10{63}$/);
  });
});

describe('every figure is exact at the longest amounts accepted', () => {
  it('a 64-character total split three ways: quotas, adjustments and current spends to the last digit', () => {
    const total = `1${'0'.repeat(60)}.01`; // 64 characters
    const spend = `${'3'.repeat(61)}.01`;
    const r = allocateEnvelopes({ total, method: { kind: 'historic' }, segments: ['a', 'b', 'c'].map((id) => ({ id, currentSpend: spend, population: 3 })) });
    const units = unitsOf(total, '0.01');
    const amounts = r.envelopes.map((e) => unitsOf(e.amount, '0.01'));
    expect(sum(amounts)).toBe(units);
    r.envelopes.forEach((e, i) => {
      expect(withinOneUnit(amounts[i]!, units, 1n, 3n)).toBe(true);
      // Quota = total / 3 in pounds, to ten decimals: 3333...3336.6700000000 / 3 rounded half up.
      expect(e.quota).toBe(halfUp(units, 300n, 10));
      expect(e.adjustment).toBe(halfUp(amounts[i]! * 10n ** 8n - BigInt(e.quota.replace('.', '')), 10n ** 10n, 10, true));
      expect(e.currentSpend).toBe(spend);
      expect(e.change).toBe(halfUp(amounts[i]! - unitsOf(spend, '0.01'), 100n, 2, true));
      expect(e.perHead).toBe(halfUp(amounts[i]!, 300n, 2));
    });
  });

  it('the chart reads an allocation made at the longest amounts', () => {
    const total = `${'9'.repeat(61)}.00`;
    const allocation = allocateEnvelopes({ total, method: { kind: 'historic' }, segments: [{ id: 'a', currentSpend: '9'.repeat(64) }, { id: 'b', currentSpend: '1' }] });
    expect(allocation.envelopes[0]?.currentSpend).toBe(`${'9'.repeat(64)}.00`);
    const { values } = envelopesChart(allocation)['data'] as { values: { exact: string }[] };
    expect(values.map((v) => v.exact)).toContain(`${'9'.repeat(64)}.00`);
  });
});

describe('large inputs finish (each took from seconds to minutes, or threw a RangeError)', () => {
  it('25,000 percentage top slices (about 1 MB): every slice within one unit of its quota, all balancing', () => {
    const topSlices = Array.from({ length: 25_000 }, (_, i) => ({ id: `s${i}`, percent: `0.000${(i % 9) + 1}${String(i).padStart(5, '0')}1` }));
    const total = '1000000000.00';
    const r = allocateEnvelopes({ total, method: { kind: 'historic' }, segments: [{ id: 'a', currentSpend: '1' }], topSlices });
    expect(r.checks.balances).toBe(true);
    const units = unitsOf(total, '0.01');
    // percent p with k decimals: quota = units x p / 100, so |x 10^(k+2) - units x p 10^k| < 10^(k+2).
    r.topSlices.forEach((t, i) => {
      const [whole, fraction = ''] = topSlices[i]!.percent.split('.');
      const w = BigInt(`${whole}${fraction}`);
      expect(withinOneUnit(unitsOf(t.amount, '0.01'), units, w, 100n * 10n ** BigInt(fraction.length))).toBe(true);
    });
  }, LONG);

  it('4,000 segments of 64-character needs and bounds, with a blended pace of change and its limit (about 1 MB): balanced, every bound met', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const digits = (k: number) => Array.from({ length: k }, () => String(next() % 10)).join('');
    const segments = Array.from({ length: 4_000 }, (_, i) => ({
      id: `g${i}`,
      population: 1 + (next() % 100_000),
      needWeight: `${1 + (next() % 9)}.${digits(62)}`,
      currentSpend: `${1 + (next() % 9)}${digits(56)}.${digits(2)}`,
      ...(i % 3 === 0 ? { floor: { percentOfCurrentSpend: `99.${digits(61)}` } } : i % 3 === 1 ? { cap: { percentOfCurrentSpend: `101.${digits(60)}` } } : {}),
    }));
    const total = formatUnits(sum(segments.map((s) => unitsOf(s.currentSpend, '0.01'))), '0.01');
    expect(total.length).toBeLessThanOrEqual(64);
    const method = { kind: 'paceOfChange', target: { kind: 'blend', historicShare: `0.${digits(62)}` }, pace: `0.${digits(62)}`, maxChange: `0.5${digits(61)}` } as const;
    const r = allocateEnvelopes({ total, method, segments });
    expect(r.checks).toMatchObject({ balances: true, boundsMet: true, envelopesTotal: total });
    expect(r.envelopes.filter((e) => e.constraint !== null).length).toBeGreaterThan(1000);
  }, LONG);

  it('allocate splits 500,000 weights (it overflowed the call stack at 300,000)', () => {
    const parts = allocate('1000000.00', Array.from({ length: 500_000 }, () => 1));
    expect(parts).toHaveLength(500_000);
    expect(sum(parts.map((p) => unitsOf(p, '0.01')))).toBe(100_000_000n);
    expect(new Set(parts)).toEqual(new Set(['2.00']));
  }, LONG);

  it('a pooled 500 x 500 matrix balances both ways; 1,000 x 1,000 (325 s before) is refused, naming the limit', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ id: `c${i}`, amount: String(1 + ((i * 7919) % 97)) }));
    const pool = sum(rows.map((r) => BigInt(r.amount)));
    const columns = Array.from({ length: 500 }, (_, j) => ({ id: `e${j}`, amount: String(pool / 500n + (BigInt(j) < pool % 500n ? 1n : 0n)) }));
    const { matrix } = allocatePooled({ contributions: rows, envelopes: columns, unit: '1' });
    matrix.forEach((row, i) => expect(sum(row.map(BigInt))).toBe(BigInt(rows[i]!.amount)));
    columns.forEach((col, j) => expect(sum(matrix.map((row) => BigInt(row[j]!)))).toBe(BigInt(col.amount)));
    const outside = matrix.flatMap((row, i) => row.flatMap((x, j) => (withinOneUnit(BigInt(x), pool, BigInt(rows[i]!.amount) * BigInt(columns[j]!.amount), pool * pool) ? [] : [[i, j]])));
    expect(outside).toEqual([]);

    const big = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, amount: '1' }));
    expect(refusalOf(() => allocatePooled({ contributions: big('c', 1000), envelopes: big('e', 1000), unit: '1' }))).toEqual({
      kind: 'PhmValidationError',
      message: 'Invalid pooled budget: 1000 contributions x 1000 envelopes make 1000000 cells, more than the limit of 250000',
      issues: [{ path: [], message: 'At most 250000 cells (contributions x envelopes)' }],
    });
    expect(allocatePooled({ contributions: [{ id: 'c', amount: '250000' }], envelopes: big('e', 250_000), unit: '1' }).cells).toHaveLength(250_000);
  }, LONG);
});
