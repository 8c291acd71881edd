/**
 * Properties of `sensitivity` (property 8, with property 9 folded in): probabilities sum to
 * one, the same seed gives deep-equal reports, every stable share interval contains the current
 * share, rank ranges lie within 1..n; the input and options are never mutated.
 * Sensitivity reruns the method some thousand times per call, so runs are few and samples small.
 */
import fc from 'fast-check';
import { CRITERION_IDS, criteriaOfStep, selectAccelerator, sensitivity } from 'phm-kit/prioritisation';
import { describe, expect } from 'vitest';
import { property } from '../../support/property.js';
import { inputArb } from './arbitraries.js';

const RUNS = 30;
const caseArb = fc.tuple(inputArb(), fc.integer({ min: 1, max: 40 }), fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2017)));

describe('property 8: sensitivity report invariants', () => {
  property(
    'input and options not mutated; probabilities sum to 1; same seed, same report; stable intervals contain the share; rank ranges in 1..n',
    0x9a1_0008,
    caseArb,
    ([input, samples, seed]) => {
      const options = { samples, seed };
      const [inputBefore, optionsBefore] = [structuredClone(input), structuredClone(options)];
      const report = sensitivity(input, options);
      // Property 9, folded in here to save a second round of sensitivity runs: nothing mutated.
      expect(input).toStrictEqual(inputBefore);
      expect(options).toStrictEqual(optionsBefore);
      const again = sensitivity(input, { samples, seed });
      expect(again).toEqual(report);

      const n = input.candidates.length;
      const ids = input.candidates.map((c) => c.id);
      expect(report.recommended).toEqual(selectAccelerator(input).recommended);

      const mc = report.monteCarlo;
      expect(mc.samples).toBe(samples);
      expect(mc.seed).toBe(seed);
      expect(Object.keys(mc.probabilityFirst).sort()).toEqual([...ids].sort());
      let total = mc.probabilityNoneEligible;
      expect(mc.probabilityNoneEligible).toBeGreaterThanOrEqual(0);
      for (const id of ids) {
        const p = mc.probabilityFirst[id] as number;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1 + 1e-12);
        total += p;
        const [lo, hi] = mc.rankRange[id] as readonly [number, number];
        expect(Number.isInteger(lo) && Number.isInteger(hi)).toBe(true);
        expect(lo).toBeGreaterThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(hi);
        expect(hi).toBeLessThanOrEqual(n);
      }
      expect(Math.abs(total - 1)).toBeLessThanOrEqual(1e-9);

      expect(report.weights.map((w) => w.criterion)).toEqual([...CRITERION_IDS]);
      for (const w of report.weights) {
        expect(w.share).toBeGreaterThanOrEqual(0);
        expect(w.share).toBeLessThanOrEqual(1);
        // With nothing recommended there is no recommendation to hold: no intervals.
        expect(w.stableShare === null).toBe(report.recommended.length === 0);
        expect(w.stableWeight === null).toBe(report.recommended.length === 0);
        if (w.stableShare === null || w.stableWeight === null) continue;
        const [lo, hi] = w.stableShare;
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(w.share);
        expect(w.share).toBeLessThanOrEqual(hi);
        const [wlo, whi] = w.stableWeight;
        expect(wlo).toBeGreaterThanOrEqual(0);
        if (whi !== null) expect(wlo).toBeLessThanOrEqual(whi);
        // The current weight lies in the weight interval too (up to float rounding of share <-> weight).
        const tol = 1e-9 * Math.max(1, w.weight);
        expect(w.weight).toBeGreaterThanOrEqual(wlo - tol);
        if (whi !== null) expect(w.weight).toBeLessThanOrEqual(whi + tol);
        const stepWeights = criteriaOfStep(CRITERION_IDS.indexOf(w.criterion) < 3 ? 1 : 2).map((c) => input.weights?.[c] ?? 1);
        const sum = stepWeights.reduce((a, b) => a + b, 0);
        expect(Math.abs(w.share - w.weight / sum)).toBeLessThanOrEqual(1e-12);
      }
    },
    RUNS,
  );
});
