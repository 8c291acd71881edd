/**
 * Property 6: determinism. `syntheticPopulation` gives deep-equal people for the same seed and
 * different people for different seeds (size >= 50); `segmentPopulation`, `overlap` and
 * `transitions` give deep-equal results on repeated calls.
 */
import fc from 'fast-check';
import { bridgesToHealth, leeds2017, leeds2024, overlap, segmentPopulation, syntheticPopulation, transitions, type SegmentationModel } from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { isoDateArb, modelCaseArb, scenarioArb, shiftDays } from '../arbitraries.js';
import { expectedFates } from './oracle.js';
import { property } from '../../support/property.js';

const SEED = 0x5e9_0006;

const modelArb: fc.Arbitrary<SegmentationModel> = fc.oneof(fc.constantFrom(leeds2024, leeds2017, bridgesToHealth), modelCaseArb.map((c) => c.model));
const seedArb = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, -1, 1, 2 ** 31, -(2 ** 31), 2 ** 32 - 1));
const syntheticAsOfArb = isoDateArb;

/** Any 32-bit seed pair that differs. */
const distinct32BitSeedsArb = fc.tuple(fc.integer(), fc.integer()).filter(([a, b]) => a !== b);

/** Distinct seeds over the whole accepted range, including pairs that differ by a multiple of 2^32. */
const distinctSafeSeedsArb: fc.Arbitrary<[number, number]> = fc.oneof(
  fc.tuple(fc.maxSafeInteger(), fc.maxSafeInteger()).filter(([a, b]) => a !== b),
  fc
    .tuple(fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.integer({ min: -1000, max: 1000 }).filter((k) => k !== 0))
    .map(([a, k]): [number, number] => [a, a + k * 2 ** 32]),
);

describe('property 6: determinism', () => {
  property(
    'syntheticPopulation: same seed, same people; all valid, uniquely identified and born by asOf',
    SEED,
    fc.tuple(fc.integer({ min: 0, max: 120 }), seedArb, syntheticAsOfArb),
    ([size, seed, asOf]) => {
      const first = syntheticPopulation({ size, seed, asOf });
      const second = syntheticPopulation({ size, seed, asOf });
      expect(second).toEqual(first);
      expect(first.length).toBe(size);
      const fates = expectedFates(first, asOf);
      expect(fates.filter((f) => f.kind === 'rejected' || (f.kind === 'excluded' && f.reason === 'not-yet-born'))).toEqual([]);
    },
  );

  property(
    'syntheticPopulation: different 32-bit seeds, different people (size >= 50)',
    SEED,
    fc.tuple(fc.integer({ min: 50, max: 150 }), distinct32BitSeedsArb, syntheticAsOfArb),
    ([size, [a, b], asOf]) => {
      expect(syntheticPopulation({ size, seed: a, asOf })).not.toEqual(syntheticPopulation({ size, seed: b, asOf }));
    },
  );

  // The seed is documented as "any integer", and the options schema accepts every safe integer.
  property(
    'syntheticPopulation: different seeds anywhere in the accepted range, different people (size >= 50)',
    SEED,
    fc.tuple(fc.integer({ min: 50, max: 120 }), distinctSafeSeedsArb),
    ([size, [a, b]]) => {
      const asOf = '2024-04-01';
      const same = JSON.stringify(syntheticPopulation({ size, seed: a, asOf })) === JSON.stringify(syntheticPopulation({ size, seed: b, asOf }));
      expect({ a, b, same }).toEqual({ a, b, same: false });
    },
  );

  property(
    'segmentPopulation, overlap and transitions: repeated calls are deep-equal',
    SEED,
    fc.tuple(scenarioArb(), modelArb, fc.integer({ min: 0, max: 800 })),
    ([{ asOf, rows }, model, days]) => {
      expect(segmentPopulation(rows, model, { asOf })).toEqual(segmentPopulation(rows, model, { asOf }));
      expect(overlap(rows, model, { asOf })).toEqual(overlap(rows, model, { asOf }));
      const window = { from: asOf, to: shiftDays(asOf, days) };
      expect(transitions(rows, model, window)).toEqual(transitions(rows, model, window));
    },
  );
});
