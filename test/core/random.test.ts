import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';

const draw = (seed: number, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
  });

  it('gives different sequences for different seeds', () => {
    expect(draw(1, 20)).not.toEqual(draw(2, 20));
    expect(draw(0, 20)).not.toEqual(draw(-1, 20));
  });

  it('keeps next() in [0, 1)', () => {
    for (const x of draw(7, 10_000)) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('spreads next() roughly evenly', () => {
    const xs = draw(2024, 20_000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('int(min, max) stays inside both inclusive bounds and reaches both', () => {
    const rng = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const n = rng.int(1, 6);
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(6);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rng.int(5, 5)).toBe(5);
  });

  it('chance(0) is never true and chance(1) always', () => {
    const rng = createRng(9);
    for (let i = 0; i < 1_000; i++) {
      expect(rng.chance(0)).toBe(false);
      expect(rng.chance(1)).toBe(true);
    }
  });

  it('pick returns elements of the array, each eventually', () => {
    const rng = createRng(11);
    const items = ['a', 'b', 'c'] as const;
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const x = rng.pick(items);
      expect(items).toContain(x);
      seen.add(x);
    }
    expect(seen.size).toBe(3);
  });

  it('int, chance and pick are reproducible from the seed', () => {
    const run = () => {
      const rng = createRng(123);
      return [rng.int(0, 1000), rng.chance(0.5), rng.pick([1, 2, 3, 4]), rng.next()];
    };
    expect(run()).toEqual(run());
  });
});
