/**
 * Hostile numbers (issue 14): any finite numbers the schema accepts, at their extremes (the
 * largest double, 1.7e308 and its negative, the smallest subnormal 5e-324, -0), as weights,
 * scales, evidence, indicator values and weights, populations, scopes, limits and penalties.
 * Every call returns or throws a PhmError; every score it reports is a finite number within
 * 0-100 (shares and completeness within 0-1); its audit trail never says NaN or Infinity; and
 * the input is left as it was.
 */
import fc from 'fast-check';
import { PhmError } from 'phm-kit';
import { CRITERION_IDS, selectAccelerator, sensitivity, type AcceleratorInput, type AcceleratorSelection, type CriterionId, type SensitivityReport } from 'phm-kit/prioritisation';
import { describe, expect } from 'vitest';
import { property } from '../../support/property.js';

const MAX = Number.MAX_VALUE;
const TINY = Number.MIN_VALUE;

/** Non-negative extremes and ordinary values, for weights, populations, scopes and limits. */
const magnitudeArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(MAX, 1.7e308, 1e308, 2 ** 1023, 1e300, 1, 0.5, 2, 1e-300, TINY, 0, -0) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: MAX, noNaN: true }) },
);

/** Values of either sign, for indicators. */
const valueArb = fc.oneof(magnitudeArb, magnitudeArb.map((x) => -x));

/** A scale whose min is below its max, at the extremes or not. */
const scaleArb = fc.oneof(
  fc.constantFrom({ min: -1.7e308, max: 1.7e308 }, { min: -MAX, max: MAX }, { min: 0, max: MAX }, { min: -MAX, max: 0 }, { min: 0, max: TINY }, { min: -TINY, max: TINY }, { min: 1, max: 5 }, { min: 1e308, max: MAX }),
  fc.tuple(valueArb, valueArb).filter(([a, b]) => a !== b).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) })),
);

/** A score on the scale: an end, the middle (halves, so it cannot overflow), or anywhere between. */
function onScale(scale: { min: number; max: number }): fc.Arbitrary<number | null> {
  return fc.oneof(fc.constantFrom(scale.min, scale.max, scale.min / 2 + scale.max / 2, null), fc.double({ min: scale.min, max: scale.max, noNaN: true }));
}

const ids = ['a', 'b', 'c', 'constructor', 'toString'] as const;
const shareArb = fc.constantFrom(0, -0, TINY, 0.5, 1);

const hostileArb: fc.Arbitrary<AcceleratorInput> = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    scale: fc.option(scaleArb, { nil: undefined }),
    measured: fc.subarray([...CRITERION_IDS], { maxLength: 2 }),
  })
  .chain(({ n, scale, measured }) => {
    const candidateIds = ids.slice(0, n);
    const s = scale ?? { min: 1, max: 5 };
    const scored = CRITERION_IDS.filter((c) => !measured.includes(c));
    const weightsArb = fc.tuple(...CRITERION_IDS.map(() => fc.option(magnitudeArb, { nil: undefined }))).map((ws) => {
      const out: Partial<Record<CriterionId, number>> = {};
      CRITERION_IDS.forEach((c, i) => {
        if (ws[i] !== undefined) out[c] = ws[i];
      });
      return out;
    });
    const indicatorArb = (criterion: CriterionId, k: number) =>
      fc.record({
        id: fc.constant(`${criterion}-${k}`),
        criterion: fc.constant(criterion),
        prioritise: fc.constantFrom('higher', 'lower') as fc.Arbitrary<'higher' | 'lower'>,
        method: fc.constantFrom('min-max', 'rank') as fc.Arbitrary<'min-max' | 'rank'>,
        weight: magnitudeArb,
        values: fc.tuple(...candidateIds.map(() => fc.option(valueArb, { nil: null }))).map((vs) => Object.fromEntries(candidateIds.map((id, i) => [id, vs[i] as number | null]))),
      });
    return fc.record({
      candidates: fc.tuple(
        ...candidateIds.map((id) =>
          fc.record({
            id: fc.constant(id),
            population: magnitudeArb,
            scope: magnitudeArb,
            evidence: fc.tuple(...scored.map(() => onScale(s))).map((xs) => Object.fromEntries(scored.map((c, i) => [c, xs[i] as number | null]))),
          }),
        ),
      ),
      ...(scale === undefined ? {} : { scale: fc.constant(scale) }),
      indicators: fc.tuple(...measured.map((c) => fc.tuple(indicatorArb(c, 0), indicatorArb(c, 1)))).map((xs) => xs.flat()),
      weights: weightsArb,
      shortlist: fc.oneof(fc.integer({ min: 1, max: 5 }).map((size) => ({ size })), fc.constantFrom(0, TINY, 50, 100).map((threshold) => ({ threshold }))),
      blendStep1: shareArb,
      votes: fc.option(
        fc.record({
          method: fc.constant('per-criterion' as const),
          ballots: fc.subarray([...candidateIds]).map((picked) => picked.map((candidate, i) => ({ stakeholder: `s${i}`, criterion: 'healthOutcomes' as const, candidate }))),
          weight: shareArb,
        }),
        { nil: undefined },
      ),
      feasibility: fc.option(
        fc.record({
          mode: fc.constantFrom('gate', 'penalty') as fc.Arbitrary<'gate' | 'penalty'>,
          maxPopulation: magnitudeArb,
          maxPopulationShare: shareArb,
          maxScope: magnitudeArb,
          totalPopulation: magnitudeArb,
          penalty: fc.constantFrom(0, TINY, 25, 100),
        }),
        { nil: undefined },
      ),
      allowGrouping: fc.constant([{ lead: 'a', with: [...candidateIds] }]),
    });
  })
  // fc.record builds some objects without a prototype; users pass plain ones.
  .map((input) => JSON.parse(JSON.stringify(input, (_, v) => (Object.is(v, -0) ? '-0' : v)), (_, v) => (v === '-0' ? -0 : v)) as AcceleratorInput);

/** Calls `fn`, which may throw only a PhmError; returns its result or undefined. */
function returnsOrRefuses<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PhmError);
    return undefined;
  }
}

function expectWithin(x: number, lo: number, hi: number): void {
  expect(Number.isFinite(x)).toBe(true);
  expect(x).toBeGreaterThanOrEqual(lo);
  expect(x).toBeLessThanOrEqual(hi);
}

function checkSelection(result: AcceleratorSelection): void {
  const { step1, step2, step3, normalisation } = result.steps;
  for (const s of [...step1.scores, ...step2.scores]) {
    expectWithin(s.score, 0, 100);
    expectWithin(s.evidenceShare, 0, 1);
    for (const c of s.contributions) {
      expectWithin(c.weight, 0, 1);
      expectWithin(c.points, 0, 100);
      if (c.score !== null) expectWithin(c.score, 0, 100);
    }
  }
  for (const x of Object.values(step2.combined)) expectWithin(x, 0, 100);
  for (const f of step3.scores) {
    for (const x of [f.step2, f.penalty, f.score]) expectWithin(x, 0, 100);
    if (f.voteScore !== null) expectWithin(f.voteScore, 0, 100);
  }
  for (const r of result.ranking) expectWithin(r.score, 0, 100);
  for (const n of normalisation) for (const [, score] of Object.values(n.scores)) expectWithin(score, 0, 100);
  for (const x of Object.values(result.completeness)) expectWithin(x, 0, 1);
  for (const entry of result.audit) expect(entry.message).not.toMatch(/NaN|Infinity/);
}

function checkReport(report: SensitivityReport): void {
  for (const w of report.weights) {
    expectWithin(w.share, 0, 1);
    for (const x of w.stableShare ?? []) expectWithin(x, 0, 1);
    for (const x of w.stableWeight ?? []) if (x !== null) expectWithin(x, 0, MAX);
  }
  const mc = report.monteCarlo;
  let total = mc.probabilityNoneEligible;
  for (const p of Object.values(mc.probabilityFirst)) {
    expectWithin(p, 0, 1 + 1e-12);
    total += p;
  }
  expect(Math.abs(total - 1)).toBeLessThanOrEqual(1e-9);
  for (const [best, worst] of Object.values(mc.rankRange)) {
    expect(Number.isInteger(best) && Number.isInteger(worst)).toBe(true);
    expect(best).toBeLessThanOrEqual(worst);
  }
}

describe('hostile numbers', () => {
  property('selectAccelerator returns or throws a PhmError; every score finite and within 0-100; the input unchanged', 0x14_0001, hostileArb, (input) => {
    const before = structuredClone(input);
    const result = returnsOrRefuses(() => selectAccelerator(input));
    expect(input).toStrictEqual(before);
    if (result !== undefined) checkSelection(result);
  });

  property(
    'sensitivity returns or throws a PhmError; shares, weights and probabilities finite; the input unchanged',
    0x14_0002,
    hostileArb,
    (input) => {
      const before = structuredClone(input);
      const report = returnsOrRefuses(() => sensitivity(input, { samples: 5, seed: 14 }));
      expect(input).toStrictEqual(before);
      if (report !== undefined) checkReport(report);
    },
    60,
  );
});
