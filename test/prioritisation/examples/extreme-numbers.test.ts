/**
 * Issue 14's findings for prioritisation: finite numbers whose sums or differences overflow
 * (weights of 1e308, a scale of -1.7e308 to 1.7e308, indicator values and weights as large)
 * made scores NaN, and the ranking loop spun on the NaN for ever. Each case runs in a worker
 * thread that is stopped after 30 s, so the old code fails these tests instead of hanging them.
 */
import { selectAccelerator, type AcceleratorSelection, type SensitivityReport } from 'phm-kit/prioritisation';
import { describe, expect, it } from 'vitest';
import { rankScores } from '../../../src/prioritisation/ranking.js';
import { callInWorker, returned } from '../support/in-worker.js';
import { flat, type AcceleratorInput } from './helpers.js';

const BIG = 1.7e308;

/** Every number a selection reports as a score, weight share or completeness. */
function everyScore(result: AcceleratorSelection): number[] {
  const { step1, step2, step3, normalisation } = result.steps;
  return [
    ...[...step1.scores, ...step2.scores].flatMap((s) => [s.score, s.evidenceShare, ...s.contributions.flatMap((c) => [c.weight, c.points, ...(c.score === null ? [] : [c.score])])]),
    ...Object.values(step2.combined),
    ...step3.scores.flatMap((s) => [s.step2, s.penalty, s.score, ...(s.voteScore === null ? [] : [s.voteScore])]),
    ...result.ranking.map((r) => r.score),
    ...normalisation.flatMap((n) => Object.values(n.scores).map(([, score]) => score)),
    ...Object.values(result.completeness),
  ];
}

function expectFiniteScores(result: AcceleratorSelection): void {
  const scores = everyScore(result);
  expect(scores.length).toBeGreaterThan(0);
  for (const s of scores) {
    expect(Number.isFinite(s)).toBe(true);
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBeLessThanOrEqual(100);
  }
  for (const entry of result.audit) expect(entry.message).not.toMatch(/NaN|Infinity/);
}

async function selectInWorker(input: AcceleratorInput): Promise<AcceleratorSelection> {
  return returned(await callInWorker('selectAccelerator', [input])) as AcceleratorSelection;
}

const two: AcceleratorInput['candidates'] = [
  { id: 'a', evidence: { healthOutcomes: 2, costToSystem: 5, qualityGap: 1, strategicAlignment: 3, scaleOfAmbition: 3, longTermImpact: 3 } },
  { id: 'b', evidence: { healthOutcomes: 4, costToSystem: 3, qualityGap: 5, strategicAlignment: 4, scaleOfAmbition: 4, longTermImpact: 4 } },
];

describe('weights whose sum overflows', () => {
  it('weights of 1e308 on two step 1 criteria (the issue): the call ends and scores as weights of 1 and 1 with the third near 0', async () => {
    const result = await selectInWorker({ candidates: two, weights: { healthOutcomes: 1e308, costToSystem: 1e308 } });
    expectFiniteScores(result);
    // qualityGap's default weight of 1 is 1e-308 of the others: its share is below a double's precision.
    const plain = selectAccelerator({ candidates: two, weights: { healthOutcomes: 1, costToSystem: 1, qualityGap: 0 } });
    expect(result.ranking.map((r) => r.id)).toEqual(plain.ranking.map((r) => r.id));
    result.steps.step1.scores.forEach((s, i) => expect(s.score).toBeCloseTo((plain.steps.step1.scores[i] as { score: number }).score, 12));
    expect(result.recommended).toEqual(plain.recommended);
  }, 60_000);

  it('every weight 2^1023: exactly the result of equal weights of 1 (a power of two scales without rounding), bar the inputs line of the audit', async () => {
    const huge = 2 ** 1023;
    const weights = { healthOutcomes: huge, costToSystem: huge, qualityGap: huge, strategicAlignment: huge, scaleOfAmbition: huge, longTermImpact: huge };
    const result = await selectInWorker({ candidates: two, weights });
    const plain = selectAccelerator({ candidates: two });
    expect(result.steps).toEqual(plain.steps);
    expect(result.ranking).toEqual(plain.ranking);
    expect(result.completeness).toEqual(plain.completeness);
    expect(result.audit.slice(1)).toEqual(plain.audit.slice(1));
    expect(result.audit[0]?.message).toContain(`healthOutcomes ${huge}`);
  }, 60_000);

  it('every weight the largest double: the result of equal weights of 1, to rounding', async () => {
    const huge = Number.MAX_VALUE;
    const result = await selectInWorker({ candidates: two, weights: { healthOutcomes: huge, costToSystem: huge, qualityGap: huge, strategicAlignment: huge, scaleOfAmbition: huge, longTermImpact: huge } });
    expectFiniteScores(result);
    const plain = selectAccelerator({ candidates: two });
    expect(result.ranking.map((r) => r.id)).toEqual(plain.ranking.map((r) => r.id));
    result.ranking.forEach((r, i) => expect(r.score).toBeCloseTo((plain.ranking[i] as { score: number }).score, 12));
  }, 60_000);

  it('a tiny weight left alone by a missing heavy criterion still carries the whole step', async () => {
    const result = await selectInWorker({
      candidates: [
        { id: 'a', evidence: { healthOutcomes: null, costToSystem: null, qualityGap: 5 } },
        { id: 'b', evidence: { healthOutcomes: null, costToSystem: null, qualityGap: 2 } },
      ],
      weights: { healthOutcomes: 1e308, costToSystem: 1e308, qualityGap: 5e-324 },
    });
    expect(result.steps.step1.scores.map((s) => s.score)).toEqual([100, 25]);
  }, 60_000);

  it('sensitivity with weights of 1e308 ends, and its shares and weight intervals are finite', async () => {
    const outcome = await callInWorker('sensitivity', [{ candidates: two, weights: { healthOutcomes: 1e308, costToSystem: 1e308, qualityGap: 1e308, longTermImpact: BIG } }, { samples: 20, seed: 14 }]);
    const report = returned(outcome) as SensitivityReport;
    for (const w of report.weights) {
      expect(w.share).toBeGreaterThanOrEqual(0);
      expect(w.share).toBeLessThanOrEqual(1);
      for (const x of [...(w.stableShare ?? []), ...(w.stableWeight ?? [])]) if (x !== null) expect(Number.isFinite(x)).toBe(true);
    }
    expect(report.weights.slice(0, 3).map((w) => w.share)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const total = Object.values(report.monteCarlo.probabilityFirst).reduce((a, b) => a + b, report.monteCarlo.probabilityNoneEligible);
    expect(total).toBeCloseTo(1, 12);
  }, 60_000);
});

describe('a scale wider than the largest double', () => {
  const scale = { min: -BIG, max: BIG };
  const everywhere = (score: number) => ({ healthOutcomes: score, costToSystem: score, qualityGap: score, strategicAlignment: score, scaleOfAmbition: score, longTermImpact: score });
  const candidates = [
    { id: 'bottom', evidence: everywhere(-BIG) },
    { id: 'middle', evidence: everywhere(0) },
    { id: 'top', evidence: everywhere(BIG) },
  ];

  it('scores at the bottom, middle and top of the scale are 0, 50 and 100', async () => {
    const result = await selectInWorker({ candidates, scale });
    expectFiniteScores(result);
    expect(result.steps.step1.scores.map((s) => [s.id, s.score])).toEqual([
      ['bottom', 0],
      ['middle', 50],
      ['top', 100],
    ]);
    expect(result.ranking[0]?.id).toBe('top');
  }, 60_000);

  it('a scale from -1.7e308 to 0 rescales as one from -1 to 0 does', async () => {
    const result = await selectInWorker({ candidates: [{ id: 'a', evidence: { healthOutcomes: -BIG / 4 } }, { id: 'b', evidence: { healthOutcomes: 0 } }], scale: { min: -BIG, max: 0 } });
    expect(result.steps.step1.scores.map((s) => s.contributions[0]?.score)).toEqual([75, 100]);
  }, 60_000);

  it('sensitivity on that scale ends', async () => {
    const report = returned(await callInWorker('sensitivity', [{ candidates, scale }, { samples: 10, seed: 1 }])) as SensitivityReport;
    expect(report.recommended).toEqual(['top']);
    expect(report.monteCarlo.probabilityFirst['top']).toBe(1);
  }, 60_000);
});

describe('indicators at the extremes', () => {
  it('values of -1.7e308, 0 and 1.7e308 normalise by min-max to 0, 50 and 100', async () => {
    const result = await selectInWorker({
      candidates: [{ id: 'low' }, { id: 'mid' }, { id: 'high' }],
      indicators: [{ id: 'spend', criterion: 'costToSystem', prioritise: 'higher', values: { low: -BIG, mid: 0, high: BIG } }],
    });
    expectFiniteScores(result);
    expect(result.steps.normalisation[0]?.scores).toEqual({ low: [-BIG, 0], mid: [0, 50], high: [BIG, 100] });
  }, 60_000);

  it('two indicators weighing 1.7e308 each count equally: the criterion scores their mean', async () => {
    const result = await selectInWorker({
      candidates: [{ id: 'a' }, { id: 'b' }],
      indicators: [
        { id: 'spend', criterion: 'costToSystem', prioritise: 'higher', weight: BIG, values: { a: 1, b: 2 } },
        { id: 'growth', criterion: 'costToSystem', prioritise: 'lower', weight: BIG, values: { a: 1, b: 3 } },
      ],
    });
    expect(result.steps.step1.scores.map((s) => s.contributions.find((c) => c.criterion === 'costToSystem')?.score)).toEqual([50, 50]);
  }, 60_000);

  it('a min-max score at the top of its range is 100, never 100.00000000000001', () => {
    const result = selectAccelerator({ candidates: [{ id: 'a' }, { id: 'b' }], indicators: [{ id: 'x', criterion: 'healthOutcomes', prioritise: 'higher', values: { a: 0, b: 165.09238544877311 } }] });
    expect(result.steps.normalisation[0]?.scores['b']).toEqual([165.09238544877311, 100]);
  });
});

describe('feasibility sums beyond the largest double', () => {
  it('population shares are right when the candidates together outnumber the largest double', () => {
    const result = selectAccelerator({
      candidates: [
        { id: 'half', population: 1.5e308, evidence: flat(5, 5) },
        { id: 'third', population: 1e308, evidence: flat(4, 4) },
        { id: 'sixth', population: 0.5e308, evidence: flat(3, 3) },
      ],
      feasibility: { maxPopulationShare: 0.4, mode: 'gate' },
    });
    expect(result.steps.step3.scores.find((s) => s.id === 'half')?.excluded).toEqual(['population share 50.0% is above the maximum 40.0%']);
    expect(result.recommended).toEqual(['third']);
  });

  it('a group whose population adds up beyond the largest double is over any maximum, and says so in numbers', () => {
    const result = selectAccelerator({
      candidates: [
        { id: 'lead', population: 1e308, evidence: flat(5, 5) },
        { id: 'member', population: 1e308, evidence: flat(1, 1) },
      ],
      feasibility: { maxPopulation: 1.5e308, mode: 'gate' },
      allowGrouping: [{ lead: 'lead', with: ['member'] }],
    });
    expect(result.recommended).toEqual(['lead']);
    const note = result.audit.find((e) => e.kind === 'feasibility');
    expect(note?.message).toBe(`member does not join lead: as a group: population more than ${Number.MAX_VALUE} is above the maximum 1.5e+308`);
  });

  it('a population share whose percentage overflows on the way is written as a number, not Infinity', () => {
    const result = selectAccelerator({ candidates: [{ id: 'a', population: 1e307 }], feasibility: { maxPopulationShare: 0.5, totalPopulation: 1e306, mode: 'gate' } });
    expect(result.steps.step3.scores[0]?.excluded).toEqual(['population share 1000.0% is above the maximum 50.0%']);
  });
});

describe('rankScores', () => {
  it('refuses a score that is not finite as a bug, instead of spinning on it', async () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      const outcome = await callInWorker('rankScores', [[{ id: 'a', score: 1 }, { id: 'b', score: bad }]]);
      expect(outcome).toEqual({ ended: 'threw', error: { name: 'PhmError', code: 'internal', message: `phm-kit computed a score of ${bad} for 'b', not a finite number: please report this as a bug`, issues: [] } });
    }
  }, 120_000);

  it('places every entry once, tie classes chained from the top', () => {
    expect(rankScores([{ id: 'b', score: 10 }, { id: 'a', score: 10 + 0.6e-9 }, { id: 'c', score: 10 + 1.2e-9 }, { id: 'd', score: 5 }])).toEqual([
      { id: 'a', score: 10 + 0.6e-9, rank: 1 },
      { id: 'c', score: 10 + 1.2e-9, rank: 1 },
      { id: 'b', score: 10, rank: 3 },
      { id: 'd', score: 5, rank: 4 },
    ]);
  });
});
