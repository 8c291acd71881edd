/**
 * `sensitivity`'s stable intervals against edges worked out by hand. Two candidates tie on step 1
 * and both go through; step 2 decides. With the other two weights of a step kept equal, a weight's
 * share t of its step gives composites that are linear in t, so the edge is where they meet.
 */
import { describe, expect, it } from 'vitest';
import { sensitivity, type AcceleratorInput, type CriterionId } from 'phm-kit/prioritisation';

const step1 = { healthOutcomes: 3, costToSystem: 3, qualityGap: 3 };
const intervalsOf = (input: AcceleratorInput) => {
  const report = sensitivity(input, { samples: 1, seed: 1 });
  return Object.fromEntries(report.weights.map((w) => [w.criterion, w])) as Record<CriterionId, (typeof report.weights)[number]>;
};

describe('stable intervals', () => {
  // x: strategic alignment 100, ambition 0, impact 0; y: 0, 75, 0 (on 0-100).
  // Alignment at share t: x = 100t, y = 75(1 - t)/2, so x leads while t > 0.375/1.375 = 3/11.
  // Ambition at share s: x = 50(1 - s), y = 75s, so x leads while s < 0.4.
  const interior: AcceleratorInput = {
    candidates: [
      { id: 'x', evidence: { ...step1, strategicAlignment: 5, scaleOfAmbition: 1, longTermImpact: 1 } },
      { id: 'y', evidence: { ...step1, strategicAlignment: 1, scaleOfAmbition: 4, longTermImpact: 1 } },
    ],
  };

  it('end where the composites meet, found by bisection to well within 1e-9', () => {
    const w = intervalsOf(interior);
    expect(w.strategicAlignment.stableShare![0]).toBeCloseTo(3 / 11, 9);
    expect(w.strategicAlignment.stableShare![1]).toBe(1);
    // Back on the weight scale: 3/11 of the step is 0.75 against the others' 1 and 1.
    expect(w.strategicAlignment.stableWeight![0]).toBeCloseTo(0.75, 8);
    expect(w.strategicAlignment.stableWeight![1]).toBeNull();
    expect(w.scaleOfAmbition.stableShare![0]).toBe(0);
    expect(w.scaleOfAmbition.stableShare![1]).toBeCloseTo(0.4, 9);
    expect(w.scaleOfAmbition.stableWeight![1]).toBeCloseTo(4 / 3, 8);
    // Step 1 cannot change the recommendation here: both candidates are always shortlisted.
    for (const c of ['healthOutcomes', 'costToSystem', 'qualityGap'] as const) expect(w[c].stableShare).toEqual([0, 1]);
  });

  it('snap to 0 and 1 when the recommendation holds everywhere but at an end', () => {
    // Only alignment tells x from y: x leads for any share t > 0, and at t = 0 they tie.
    const w = intervalsOf({
      candidates: [
        { id: 'x', evidence: { ...step1, strategicAlignment: 5, scaleOfAmbition: 3, longTermImpact: 3 } },
        { id: 'y', evidence: { ...step1, strategicAlignment: 1, scaleOfAmbition: 3, longTermImpact: 3 } },
      ],
    });
    expect(w.strategicAlignment.stableShare).toEqual([0, 1]);
    // Ambition or impact at share 1 leaves alignment no weight, and a tie: bisection runs up to it.
    expect(w.scaleOfAmbition.stableShare).toEqual([0, 1]);
    expect(w.longTermImpact.stableShare).toEqual([0, 1]);
    expect(w.longTermImpact.stableWeight).toEqual([0, null]);
  });
});
