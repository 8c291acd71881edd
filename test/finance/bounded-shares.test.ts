/**
 * splitWithBounds, the floors-and-caps solver under allocateEnvelopes: x_i = clamp(L w_i, lower_i,
 * upper_i) for the smallest multiplier L that makes the parts add up, found by one sorted sweep
 * of the breakpoints. The edges pinned here are the ones a sweep could get wrong: segments
 * exactly at a bound, a flat stretch where many L fit, floors that take everything, shares of
 * zero, and a sum that can never be reached. A brute-force check covers small random cases.
 */
import fc from 'fast-check';
import { PhmInfeasibleError } from 'phm-kit';
import { describe, expect, it } from 'vitest';
import { splitWithBounds } from '../../src/finance/bounded-shares.js';
import { refusalOf } from '../support/issues.js';
import { property } from '../support/property.js';

const paths = (i: number, bound: 'floor' | 'cap') => ['segments', i, bound];
const split = (units: bigint, weights: bigint[], lower: bigint[], upper: (bigint | undefined)[]) => {
  const r = splitWithBounds(units, weights, lower, upper, paths);
  return { parts: [...r.parts], constraint: [...r.constraint] };
};

describe('splitWithBounds at its edges', () => {
  it('a segment whose proportional amount is exactly its cap is free, not capped', () => {
    // Any L from 10 to 90 fits; at the smallest, 10, a is at its cap and b below its floor.
    expect(split(100n, [1n, 1n], [0n, 90n], [10n, undefined])).toEqual({ parts: [10n, 90n], constraint: [null, 'floor'] });
  });

  it('a floor equal to its cap holds the segment there: free when its share lands on it, else the bound it crossed', () => {
    expect(split(100n, [1n, 1n], [50n, 0n], [50n, undefined]).constraint).toEqual([null, null]);
    expect(split(100n, [1n, 10n], [50n, 0n], [50n, undefined]).constraint).toEqual(['floor', null]);
    expect(split(100n, [10n, 1n], [50n, 0n], [50n, undefined]).constraint).toEqual(['cap', null]);
  });

  it('floors that take everything leave the others nothing, at L = 0', () => {
    expect(split(100n, [1n, 1n, 1n], [60n, 40n, 0n], [undefined, undefined, undefined])).toEqual({ parts: [60n, 40n, 0n], constraint: ['floor', 'floor', null] });
  });

  it('a segment with no share gets its floor, and nothing without one', () => {
    expect(split(100n, [0n, 0n, 3n], [7n, 0n, 0n], [undefined, 5n, undefined])).toEqual({ parts: [7n, 0n, 93n], constraint: ['floor', null, null] });
  });

  it('caps that leave money no segment with a share can take are refused, naming every cap and every segment with no share', () => {
    const r = refusalOf(() => splitWithBounds(100n, [1n, 2n, 0n], [0n, 0n, 5n], [10n, 20n, undefined], paths));
    expect(r.kind).toBe('PhmInfeasibleError');
    expect(r.message).toContain('has no segment with a share to go to');
    expect(r.issues).toEqual([
      { path: ['segments', 0, 'cap'], message: 'Cap reached' },
      { path: ['segments', 1, 'cap'], message: 'Cap reached' },
      { path: ['segments', 2, 'floor'], message: 'No share: held at its floor' },
    ]);
  });

  it('ties at a breakpoint (a floor and a cap meeting at one L) are applied together', () => {
    // b leaves its floor of 20 and c reaches its cap of 20 at L = 20: the sum is continuous there.
    expect(split(90n, [1n, 1n, 1n], [0n, 20n, 0n], [undefined, undefined, 20n])).toEqual({ parts: [35n, 35n, 20n], constraint: [null, null, 'cap'] });
  });
});

/** The smallest L by brute force: S(L) at every breakpoint, then linear between the two around the units. */
function bruteForce(units: bigint, w: bigint[], lo: bigint[], up: (bigint | undefined)[]): { num: bigint; den: bigint } | undefined {
  // S(L) at L = num / den, times den.
  const sAt = (num: bigint, den: bigint) =>
    w.reduce((acc, wi, i) => {
      const x = num * wi;
      const low = lo[i]! * den;
      const high = up[i] === undefined ? undefined : up[i]! * den;
      return acc + (x < low ? low : high !== undefined && x > high ? high : x);
    }, 0n);
  const points = [{ num: 0n, den: 1n }, ...w.flatMap((wi, i) => (wi === 0n ? [] : [{ num: lo[i]!, den: wi }, ...(up[i] === undefined ? [] : [{ num: up[i]!, den: wi }])]))].sort((a, b) => (a.num * b.den < b.num * a.den ? -1 : a.num * b.den > b.num * a.den ? 1 : 0));
  let previous = points[0]!;
  if (sAt(previous.num, previous.den) >= units * previous.den) return previous;
  for (const p of points) {
    const at = sAt(p.num, p.den);
    if (at >= units * p.den) {
      // Linear between previous and p: solve S(L) = units on that stretch.
      const s0 = sAt(previous.num, previous.den); // times previous.den
      // S(L) = S(prev) + (L - prev) * slope; slope = (S(p) - S(prev)) / (p - prev)
      const slopeNum = at * previous.den - s0 * p.den; // (S(p) - S(prev)) * p.den * prev.den
      const stretch = p.num * previous.den - previous.num * p.den; // (p - prev) * p.den * prev.den
      // L = prev + (units - S(prev)) * stretch / slopeNum
      const gapNum = units * previous.den - s0; // (units - S(prev)) * prev.den
      return { num: previous.num * slopeNum + gapNum * stretch, den: previous.den * slopeNum };
    }
    previous = p;
  }
  // Beyond the last breakpoint only the segments without a cap still grow.
  const slope = w.reduce((acc, wi, i) => (wi > 0n && up[i] === undefined ? acc + wi : acc), 0n);
  if (slope === 0n) return undefined;
  const s0 = sAt(previous.num, previous.den);
  return { num: previous.num * slope + (units * previous.den - s0), den: previous.den * slope };
}

describe('splitWithBounds against brute force', () => {
  const caseArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
    fc.record({
      units: fc.bigInt({ min: 0n, max: 400n }),
      w: fc.array(fc.bigInt({ min: 0n, max: 6n }), { minLength: n, maxLength: n }),
      lo: fc.array(fc.bigInt({ min: 0n, max: 80n }), { minLength: n, maxLength: n }),
      up: fc.array(fc.option(fc.bigInt({ min: 0n, max: 150n }), { nil: undefined }), { minLength: n, maxLength: n }),
    }),
  );
  property('the smallest L with sum clamp(L w, lo, up) = units, its labels and exact amounts; refused exactly when none exists', 20261421, caseArb, ({ units, w, lo, up }) => {
    const bounds = up.map((u, i) => (u === undefined ? undefined : u < lo[i]! ? lo[i]! + u : u));
    let result: ReturnType<typeof splitWithBounds> | undefined;
    try {
      result = splitWithBounds(units, w, lo, bounds, paths);
    } catch (error) {
      expect(error).toBeInstanceOf(PhmInfeasibleError);
    }
    const level = lo.reduce((a, b) => a + b, 0n) > units ? undefined : bruteForce(units, w, lo, bounds);
    expect(result === undefined).toBe(level === undefined);
    if (result === undefined || level === undefined) return;
    expect(result.parts.reduce((a, b) => a + b, 0n)).toBe(units);
    w.forEach((wi, i) => {
      const x = level.num * wi;
      const expected = x < lo[i]! * level.den ? 'floor' : bounds[i] !== undefined && x > bounds[i]! * level.den ? 'cap' : null;
      expect(result.constraint[i]).toBe(expected);
      const exact = result.exact[i]!;
      const want = expected === 'floor' ? { num: lo[i]!, den: 1n } : expected === 'cap' ? { num: bounds[i]!, den: 1n } : { num: x, den: level.den };
      expect(exact.n * want.den).toBe(want.num * exact.d);
      // Rounded within one unit of the exact amount.
      const diff = result.parts[i]! * exact.d - exact.n;
      expect(diff > -exact.d && diff < exact.d).toBe(true);
    });
  }, 1000);
});
