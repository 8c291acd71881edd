/**
 * Issue 14: `sensitivity` at its allowed maximum of 1e6 samples took about an hour with 200
 * candidates, and `selectAccelerator` took minutes on a 1 MB input. Work beyond
 * SENSITIVITY_WORK_LIMIT is now refused, naming the limit and the samples that would be
 * allowed; the calls that used to take minutes run in a worker thread stopped after 30 s.
 */
import { PhmValidationError } from 'phm-kit';
import { SENSITIVITY_WORK_LIMIT, sensitivity, type AcceleratorInput, type AcceleratorSelection, type SensitivityReport } from 'phm-kit/prioritisation';
import { describe, expect, it } from 'vitest';
import { callInWorker, returned } from '../support/in-worker.js';
import { expectIssueAt, flat } from './helpers.js';

/** `n` candidates with distinct evidence on every criterion. */
function field(n: number): AcceleratorInput['candidates'] {
  return Array.from({ length: n }, (_, i) => ({ id: `c${i}`, evidence: flat(1 + ((i * 7919) % 401) / 100, 1 + ((i * 104729) % 401) / 100) }));
}

const RULE = 'sensitivity may do at most 2,000,000 units of work, reckoned as (samples + 1,000) x (candidates + ballot places / 10 + 10)';

describe('the sensitivity work limit', () => {
  it('is 2,000,000 units', () => {
    expect(SENSITIVITY_WORK_LIMIT).toBe(2_000_000);
  });

  it('200 candidates and a million samples (the issue) are refused at once, with the samples that would be allowed', async () => {
    const outcome = await callInWorker('sensitivity', [{ candidates: field(200) }, { samples: 1_000_000, seed: 1 }]);
    const message = `1,000,000 samples of 200 candidates are too many: ${RULE}, here 210,210,000; use at most 8,523 samples`;
    expect(outcome).toEqual({ ended: 'threw', error: { name: 'PhmValidationError', code: 'invalid-input', message: `Invalid options: samples: ${message}`, issues: [{ path: ['samples'], message }] } });
  }, 60_000);

  it('one sample past the limit is refused; the limit itself is allowed', async () => {
    const input = { candidates: field(200) };
    expectIssueAt(() => sensitivity(input, { samples: 8524, seed: 1 }), ['samples']);
    const report = returned(await callInWorker('sensitivity', [input, { samples: 8523, seed: 1 }])) as SensitivityReport;
    expect(report.monteCarlo.samples).toBe(8523);
  }, 60_000);

  it('ballot places count a tenth of a candidate each', () => {
    const candidates = field(100);
    const ballots = Array.from({ length: 20 }, (_, i) => ({ stakeholder: `s${i}`, ranking: candidates.map((c) => c.id) }));
    // 100 candidates + 2,000 places / 10 + 10 = 310 a rerun: 2,000,000 / 310 - 1,000 = 5,451 samples.
    const error = expectIssueAt(() => sensitivity({ candidates, votes: { method: 'borda', ballots } }, { samples: 5452, seed: 1 }), ['samples']);
    expect(error.issues[0]?.message).toBe(`5,452 samples of 100 candidates and 2,000 ballot places are too many: ${RULE}, here 2,000,120; use at most 5,451 samples`);
  });

  it('too many candidates for even one sample are refused at the candidates', () => {
    const error = expectIssueAt(() => sensitivity({ candidates: field(1989) }, { samples: 1, seed: 1 }), ['candidates']);
    expect(error).toBeInstanceOf(PhmValidationError);
    expect(error.message).toBe(`Invalid accelerator input: candidates: 1,989 candidates are too many for a sensitivity analysis: ${RULE}, so even 1 sample is too many; use fewer candidates or ballots (selectAccelerator has no such limit)`);
    expectIssueAt(() => sensitivity({ candidates: field(1988) }, { samples: 2, seed: 1 }), ['samples']);
  });
});

describe('selectAccelerator on about 1 MB of input', () => {
  it('10,000 candidates, each with an indicator of its own and missing spend refused, return (the old code took over a minute)', async () => {
    const candidates = Array.from({ length: 10_000 }, (_, i) => ({ id: `c${i}` }));
    const indicators = candidates.map((c, i) => ({ id: `spend-${i}`, criterion: 'costToSystem' as const, prioritise: 'higher' as const, values: { [c.id]: i } }));
    // 'reject' had the schema search every indicator for every candidate: 13 s on its own.
    const result = returned(await callInWorker('selectAccelerator', [{ candidates, indicators, missing: { costToSystem: 'reject' } }])) as AcceleratorSelection;
    // One value per indicator: nothing separates the candidates, each scores 50.
    expect(result.steps.normalisation.every((n) => Object.values(n.scores)[0]?.[1] === 50)).toBe(true);
    expect(result.steps.step1.scores).toHaveLength(10_000);
  }, 60_000);

  it('20,000 candidates ranked by a rank indicator return, every one placed', async () => {
    const candidates = Array.from({ length: 20_000 }, (_, i) => ({ id: `c${i}` }));
    const values = Object.fromEntries(candidates.map((c, i) => [c.id, i % 1000]));
    const result = returned(await callInWorker('selectAccelerator', [{ candidates, indicators: [{ id: 'gap', criterion: 'healthOutcomes', prioritise: 'higher', method: 'rank', values }], shortlist: { size: 5 } }])) as AcceleratorSelection;
    const scores = result.steps.normalisation[0]?.scores ?? {};
    expect(Object.keys(scores)).toHaveLength(20_000);
    // 20 candidates share each value: value 999 ranks 19,980 to 19,999, on average 19,989.5 of 19,999.
    expect(scores['c999']?.[1]).toBeCloseTo((100 * 19_989.5) / 19_999, 12);
    expect(result.shortlist).toHaveLength(20);
  }, 60_000);
});
