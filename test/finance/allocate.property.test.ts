/**
 * Properties of allocate, checked exactly with BigInt rationals (test/finance/exact.ts, no
 * decimal.js and no floats): totals from one unit to £100bn in units of 1p, £1 and £1,000;
 * 1 to 2,000 lines; weights from 1e-5 to ~1e11, as decimal strings and JS numbers, with zeros.
 */
import fc from 'fast-check';
import { allocate } from 'phm-kit/finance';
import { describe, expect } from 'vitest';
import { property } from '../support/property.js';
import { type Case, caseArb, formatUnits, parseDec, sum, unitsOf, weightArb, weightDec, weightIntegers, withinOneUnit } from './exact.js';

const run = (c: Case): bigint[] => {
  const parts = allocate(c.total, c.weights, { unit: c.unit });
  expect(parts).toHaveLength(c.weights.length);
  return parts.map((p) => {
    // Every part is a decimal string fixed to the unit's places.
    expect(formatUnits(unitsOf(p, c.unit), c.unit)).toBe(p);
    return unitsOf(p, c.unit);
  });
};

/** Groups line indices by exact weight value ('1', 1 and '1.00' are one group). */
function groupsByWeight(weights: readonly (string | number)[]): Map<string, number[]> {
  const ints = weightIntegers(weights);
  const groups = new Map<string, number[]>();
  ints.forEach((w, i) => groups.set(w.toString(), [...(groups.get(w.toString()) ?? []), i]));
  return groups;
}

describe('allocate: properties', () => {
  property('parts sum exactly to the total', 20260101, caseArb(), (c) => {
    expect(sum(run(c))).toBe(c.units);
  }, 400);

  property('quota: every part is within one unit of total * w / W, exactly', 20260102, caseArb(), (c) => {
    const parts = run(c);
    const w = weightIntegers(c.weights);
    const W = sum(w);
    parts.forEach((p, i) => {
      if (!withinOneUnit(p, c.units, w[i] as bigint, W)) throw new Error(`line ${i}: part ${p} units, quota ${c.units}*${w[i]}/${W}`);
    });
  }, 400);

  property('zero weights get zero; equal weights get parts at most one unit apart', 20260103, caseArb(), (c) => {
    const parts = run(c);
    const w = weightIntegers(c.weights);
    w.forEach((wi, i) => {
      if (wi === 0n) expect(parts[i]).toBe(0n);
    });
    for (const lines of groupsByWeight(c.weights).values()) {
      const ps = lines.map((i) => parts[i] as bigint);
      const max = ps.reduce((a, b) => (b > a ? b : a));
      const min = ps.reduce((a, b) => (b < a ? b : a));
      expect(max - min <= 1n).toBe(true);
    }
  }, 400);

  property(
    'permuting the lines permutes the result (identical weights may exchange parts)',
    20260104,
    caseArb().chain((c) => fc.shuffledSubarray(c.weights.map((_, i) => i), { minLength: c.weights.length, maxLength: c.weights.length }).map((perm) => ({ c, perm }))),
    ({ c, perm }) => {
      const parts = run(c);
      const permuted = run({ ...c, weights: perm.map((i) => c.weights[i] as string | number) });
      // permuted line k is original line perm[k]; compare per weight value the multiset of parts.
      const original = new Map<string, bigint[]>();
      const after = new Map<string, bigint[]>();
      const w = weightIntegers(c.weights);
      w.forEach((wi, i) => original.set(wi.toString(), [...(original.get(wi.toString()) ?? []), parts[i] as bigint]));
      perm.forEach((i, k) => after.set((w[i] as bigint).toString(), [...(after.get((w[i] as bigint).toString()) ?? []), permuted[k] as bigint]));
      const sorted = (m: Map<string, bigint[]>) => new Map([...m].map(([k, v]) => [k, [...v].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(',')]));
      expect(sorted(after)).toEqual(sorted(original));
      // Where a weight is unique, its part is exactly the same.
      perm.forEach((i, k) => {
        if ((original.get((w[i] as bigint).toString()) ?? []).length === 1) expect(permuted[k]).toBe(parts[i]);
      });
    },
    300,
  );

  const scaleBy = (w: string | number, factor: '10' | '1000' | '0.5'): string => {
    const d = weightDec(w);
    const f = parseDec(factor);
    const n = d.n * f.n;
    const scale = d.scale + f.scale;
    const digits = n.toString().padStart(scale + 1, '0');
    return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  };
  property(
    'scaling every weight by 10, 1000 or 0.5 (exact decimal strings) changes nothing',
    20260105,
    fc.tuple(caseArb(), fc.constantFrom('10' as const, '1000' as const, '0.5' as const)),
    ([c, factor]) => {
      const scaled = c.weights.map((w) => scaleBy(w, factor));
      expect(allocate(c.total, scaled, { unit: c.unit })).toEqual(allocate(c.total, c.weights, { unit: c.unit }));
    },
    300,
  );

  property(
    'negative totals: parts sum to the total, stay within one unit of the quota, and mirror the positive total',
    20260106,
    caseArb(),
    (c) => {
      const negative = typeof c.total === 'number' ? -c.total : `-${c.total}`;
      const parts = allocate(negative, c.weights, { unit: c.unit }).map((p) => unitsOf(p, c.unit));
      expect(sum(parts)).toBe(-c.units);
      const w = weightIntegers(c.weights);
      const W = sum(w);
      parts.forEach((p, i) => expect(withinOneUnit(p, -c.units, w[i] as bigint, W)).toBe(true));
      expect(parts).toEqual(run(c).map((p) => -p));
    },
    200,
  );

  /**
   * Reference: enumerate every split that gives each line the floor or ceiling of its exact
   * quota and sums to the total; keep the one where every line rounded up beats every line
   * rounded down on (remainder, then weight, then earlier line), the documented rule.
   */
  function bruteForce(units: bigint, weights: readonly (string | number)[]): bigint[] {
    const w = weightIntegers(weights);
    const W = sum(w);
    const floors = w.map((wi) => (units * wi) / W);
    const rems = w.map((wi) => (units * wi) % W);
    const beats = (i: number, j: number): boolean => {
      const ri = rems[i] as bigint;
      const rj = rems[j] as bigint;
      if (ri !== rj) return ri > rj;
      const wi = w[i] as bigint;
      const wj = w[j] as bigint;
      if (wi !== wj) return wi > wj;
      return i < j;
    };
    const found: bigint[][] = [];
    const n = w.length;
    for (let mask = 0; mask < 1 << n; mask++) {
      const up = (i: number) => (mask & (1 << i)) !== 0;
      // A ceiling differs from the floor only when the quota is not whole.
      if (w.some((_, i) => up(i) && rems[i] === 0n)) continue;
      const split = floors.map((f, i) => f + (up(i) ? 1n : 0n));
      if (sum(split) !== units) continue;
      let ok = true;
      for (let i = 0; i < n && ok; i++) for (let j = 0; j < n && ok; j++) if (up(i) && !up(j) && rems[j] !== 0n && beats(j, i)) ok = false;
      if (ok) found.push(split);
    }
    if (found.length !== 1) throw new Error(`reference found ${found.length} splits`);
    return found[0] as bigint[];
  }
  property(
    'agrees with an exact-rational brute force on small cases (<= 6 lines)',
    20260107,
    fc.record({
      unit: fc.constantFrom('0.01', '1', '1000'),
      units: fc.bigInt(1n, 60n),
      weights: fc.oneof(
        fc.array(weightArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 6 }),
      ).filter((ws) => ws.some((w) => weightDec(w).n !== 0n)),
    }),
    ({ unit, units, weights }) => {
      const parts = allocate(formatUnits(units, unit), weights, { unit }).map((p) => unitsOf(p, unit));
      expect(parts).toEqual(bruteForce(units, weights));
    },
    1000,
  );
});
