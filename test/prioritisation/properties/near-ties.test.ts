/**
 * Property 2 again, on inputs built to produce chains of near-ties: composite scores that
 * differ by less than TIE_TOLERANCE pairwise but more than it end to end (x, x + 0.6e-9,
 * x + 1.2e-9, ...). Ranking and shortlist must still not depend on the candidates' order.
 */
import fc from 'fast-check';
import { selectAccelerator, type AcceleratorInput } from 'phm-kit/prioritisation';
import { describe, expect } from 'vitest';
import { property } from '../../support/property.js';
import { ID_POOL, permute } from './arbitraries.js';

const nearTieArb: fc.Arbitrary<[AcceleratorInput, number[]]> = fc
  .record({
    ids: fc.uniqueArray(fc.constantFrom(...ID_POOL), { minLength: 2, maxLength: 8 }),
    base: fc.integer({ min: 10, max: 90 }),
    steps: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 8, maxLength: 8 }),
    size: fc.integer({ min: 1, max: 8 }),
    keys: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 8, maxLength: 8 }),
  })
  .map(({ ids, base, steps, size, keys }) => [
    {
      candidates: ids.map((id, i) => {
        const v = base + (steps[i] as number) * 0.6e-9;
        // Only healthOutcomes and strategicAlignment weigh: each composite is its one score.
        return { id, evidence: { healthOutcomes: v, strategicAlignment: v } };
      }),
      scale: { min: 0, max: 100 },
      weights: { healthOutcomes: 1, costToSystem: 0, qualityGap: 0, strategicAlignment: 1, scaleOfAmbition: 0, longTermImpact: 0 },
      shortlist: { size },
    },
    keys,
  ]);

describe('property 2 (near-tie chains): permuting the candidates changes nothing but order', () => {
  property('ranking, recommended, tiedForFirst and shortlist (as a set) under chains of scores within TIE_TOLERANCE', 0x9a1_0012, nearTieArb, ([input, keys]) => {
    const a = selectAccelerator(input);
    const b = selectAccelerator({ ...input, candidates: permute(input.candidates, keys) });
    expect(b.ranking).toEqual(a.ranking);
    expect(b.recommended).toEqual(a.recommended);
    expect(b.tiedForFirst).toEqual(a.tiedForFirst);
    expect([...b.shortlist].sort()).toEqual([...a.shortlist].sort());
  }, 300);

  property('the ranking is best first: ranks never decrease along it, whatever the candidates\' order', 0x9a1_0013, nearTieArb, ([input, keys]) => {
    for (const candidates of [input.candidates, permute(input.candidates, keys)]) {
      const r = selectAccelerator({ ...input, candidates });
      r.ranking.forEach((x, k) => {
        if (k > 0) expect(x.rank).toBeGreaterThanOrEqual((r.ranking[k - 1] as { rank: number }).rank);
      });
    }
  }, 300);
});
