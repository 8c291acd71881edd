/**
 * allocatePooled's rounding (a greedy pass, then maximum flow for what it leaves) on random and
 * adversarial matrices: small amounts over many rows and columns make many equal remainders and
 * rows that the greedy pass strands, so that long augmenting paths are needed. Every result must
 * balance both ways with every cell within one unit of its quota; the search must be the same
 * for the same input.
 */
import fc from 'fast-check';
import { allocatePooled } from 'phm-kit/finance';
import { describe, expect, it } from 'vitest';
import { property } from '../support/property.js';
import { roundUps } from '../../src/finance/pooled-rounding.js';
import { sum } from './exact.js';

/** Contributions and envelopes (whole pounds) with the same total. */
const matrixArb = (maxLines: number, maxAmount: number) =>
  fc
    .record({
      c: fc.array(fc.integer({ min: 0, max: maxAmount }), { minLength: 1, maxLength: maxLines }),
      cuts: fc.array(fc.nat(), { minLength: 0, maxLength: maxLines - 1 }),
    })
    .map(({ c, cuts }) => {
      const total = c.reduce((a, b) => a + b, 0);
      const points = cuts.map((x) => (total === 0 ? 0 : x % (total + 1))).sort((a, b) => a - b);
      const e = [...points, total].map((p, k) => p - (k === 0 ? 0 : (points[k - 1] as number)));
      return { c, e };
    });

/** Rows that strand the greedy pass: growing contributions against a few large envelopes and many small ones. */
const adversarialArb = fc.record({ rows: fc.integer({ min: 2, max: 30 }), step: fc.integer({ min: 1, max: 7 }), columns: fc.integer({ min: 2, max: 30 }) }).map(({ rows, step, columns }) => {
  const c = Array.from({ length: rows }, (_, i) => 1 + i * step);
  const total = c.reduce((a, b) => a + b, 0);
  const e = Array.from({ length: columns }, (_, j) => Math.floor(total / columns) + (j < total % columns ? 1 : 0));
  return { c, e };
});

function checkPool({ c, e }: { c: number[]; e: number[] }): void {
  const contributions = c.map((amount, i) => ({ id: `c${i}`, amount: String(amount) }));
  const envelopes = e.map((amount, j) => ({ id: `e${j}`, amount: String(amount) }));
  const { matrix } = allocatePooled({ contributions, envelopes, unit: '1' });
  const cells = matrix.map((row) => row.map(BigInt));
  const total = BigInt(sum(c.map(BigInt)));
  cells.forEach((row, i) => expect(sum(row)).toBe(BigInt(c[i]!)));
  e.forEach((ej, j) => expect(sum(cells.map((row) => row[j]!))).toBe(BigInt(ej)));
  const outside = cells.flatMap((row, i) =>
    row.flatMap((x, j) => {
      const exact = BigInt(c[i]!) * BigInt(e[j]!);
      const ok = total === 0n ? x === 0n : x * total - exact > -total && x * total - exact < total;
      return ok ? [] : [[i, j]];
    }),
  );
  expect(outside).toEqual([]);
  // Deterministic: the same input gives the same matrix.
  expect(allocatePooled({ contributions, envelopes, unit: '1' }).matrix).toEqual(matrix);
}

describe('allocatePooled rounding: properties', () => {
  property('small amounts over up to 40 x 40 lines: balanced both ways, every cell within one unit', 20261401, matrixArb(40, 12), checkPool, 400);
  property('growing contributions against equal envelopes (equal remainders everywhere): balanced, within one unit', 20261402, adversarialArb, checkPool, 300);
  property('a few large amounts among many zeros', 20261403, matrixArb(25, 3).map(({ c, e }) => ({ c: c.map((x, i) => (i % 5 === 0 ? x * 1000 : x)), e })).filter(({ c, e }) => sum(c.map(BigInt)) === sum(e.map(BigInt))), checkPool, 200);
});

describe('the rounding search itself', () => {
  it('re-routes earlier top-ups when rows taken greedily in order strand one (a path of length five)', () => {
    // Greedy gives row 0 column 0 and row 1 column 1; row 2 can only take column 0. Row 0 moves to
    // column 1, and row 1 to column 2.
    const up = roundUps({ rows: 3, columns: 3, remainders: [2n, 1n, 0n, 0n, 2n, 1n, 1n, 0n, 0n], rowNeed: [1, 1, 1], columnNeed: [1, 1, 1] });
    expect([...up]).toEqual([0, 1, 0, 0, 0, 1, 1, 0, 0]);
  });

  it('takes the largest remainders first when they suffice, lower columns on ties', () => {
    expect([...roundUps({ rows: 1, columns: 4, remainders: [1n, 3n, 3n, 2n], rowNeed: [2], columnNeed: [0, 1, 1, 0] })]).toEqual([0, 1, 1, 0]);
    expect([...roundUps({ rows: 2, columns: 2, remainders: [1n, 1n, 1n, 1n], rowNeed: [1, 1], columnNeed: [1, 1] })]).toEqual([1, 0, 0, 1]);
  });

  it('a band of 400 rows that greedy leaves one row short, across a path through every row', () => {
    // Row i may round up column i or i + 1 and prefers i + 1; the last row has only its own
    // column, which row n - 2 took: the one augmenting path runs back through all 400 rows.
    const n = 400;
    const remainders = Array.from({ length: n * n }, (_, k) => {
      const [i, j] = [Math.floor(k / n), k % n];
      return j === i ? 1n : j === i + 1 ? 2n : 0n;
    });
    const up = roundUps({ rows: n, columns: n, remainders, rowNeed: Array.from({ length: n }, () => 1), columnNeed: Array.from({ length: n }, () => 1) });
    const taken = Array.from({ length: n }, (_, i) => [...up.subarray(i * n, (i + 1) * n)].indexOf(1));
    expect(taken).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(up.reduce((a, b) => a + b, 0)).toBe(n);
  }, 30_000);
});
