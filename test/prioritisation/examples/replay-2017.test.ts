import { describe, expect, it } from 'vitest';
import { selectAccelerator, sensitivity } from 'phm-kit/prioritisation';
import { leeds2017AcceleratorInput } from '../../../examples/accelerator-2017-input.js';
import { exampleOutput } from '../../../scripts/example-runner.js';
import { finalOf, flat } from './helpers.js';

describe('the 2017 replay', () => {
  const result = selectAccelerator(leeds2017AcceleratorInput);

  it('recommends frailty with end of life', () => {
    expect(result.recommended).toEqual(['frailty', 'end-of-life']);
    expect(result.tiedForFirst).toEqual([]);
  });

  it('shortlists long-term conditions, frailty and healthy-and-at-risk at step 1', () => {
    // step 1: LTC (100+100+75)/3 = 91.67, frailty 75, HAR (75+75+50)/3 = 66.67, end of life (50+50+75)/3 = 58.33
    expect(result.shortlist).toEqual(['long-term-conditions', 'frailty', 'healthy-and-at-risk']);
    const s1 = Object.fromEntries(result.steps.step1.scores.map((s) => [s.id, s.score]));
    expect(s1['long-term-conditions']).toBeCloseTo(275 / 3, 9);
    expect(s1['frailty']).toBeCloseTo(75, 9);
    expect(s1['healthy-and-at-risk']).toBeCloseTo(200 / 3, 9);
    expect(s1['end-of-life']).toBeCloseTo(175 / 3, 9);
  });

  it('long-term conditions and healthy-and-at-risk lead before step 3', () => {
    const c = result.steps.step2.combined;
    expect(c['long-term-conditions']).toBeCloseTo(100, 9);
    expect(c['healthy-and-at-risk']).toBeCloseTo(275 / 3, 9);
    expect(c['frailty']).toBeCloseTo(200 / 3, 9);
    expect(c['long-term-conditions']!).toBeGreaterThan(c['frailty']!);
    expect(c['healthy-and-at-risk']!).toBeGreaterThan(c['frailty']!);
  });

  it('counts the votes: LTC 4, frailty 5, HAR 6', () => {
    const v = result.steps.step3.votes;
    expect(v?.points).toEqual({ 'long-term-conditions': 4, frailty: 5, 'healthy-and-at-risk': 6 });
    expect(v?.scores?.['healthy-and-at-risk']).toBe(100);
    expect(v?.scores?.['frailty']).toBeCloseTo(250 / 3, 9);
    expect(v?.ignored).toBe(0);
    // frailty: 0.7 * 66.67 + 0.3 * 83.33
    expect(finalOf(result, 'frailty').score).toBeCloseTo(215 / 3, 9);
  });

  it('excludes the two leaders at step 3 for size and scope, with reasons', () => {
    for (const id of ['long-term-conditions', 'healthy-and-at-risk']) {
      const f = finalOf(result, id);
      expect(f.excluded).toHaveLength(2);
      expect(f.excluded.some((r) => r.includes('population share'))).toBe(true);
      expect(f.excluded.some((r) => r.includes('scope'))).toBe(true);
      expect(result.ranking.some((r) => r.id === id)).toBe(false);
    }
    expect(finalOf(result, 'frailty').excluded).toEqual([]);
    expect(result.ranking).toHaveLength(1);
    expect(result.ranking[0]).toMatchObject({ id: 'frailty', rank: 1 });
  });

  it('with the gate, frailty ranks first in every weight draw (seed 2017)', () => {
    const report = sensitivity(leeds2017AcceleratorInput, { samples: 200, seed: 2017 });
    expect(report.recommended).toEqual(['frailty', 'end-of-life']);
    expect(report.monteCarlo.probabilityFirst['frailty']).toBe(1);
    expect(report.monteCarlo.probabilityNoneEligible).toBe(0);
    expect(report.monteCarlo.seed).toBe(2017);
    expect(report.monteCarlo.samples).toBe(200);
    const again = sensitivity(leeds2017AcceleratorInput, { samples: 200, seed: 2017 });
    expect(again).toEqual(report);
  });

  it('examples/accelerator-2017.ts is deterministic and flags the evidence as ILLUSTRATIVE', async () => {
    const first = await exampleOutput('accelerator-2017');
    expect(await exampleOutput('accelerator-2017')).toBe(first);
    expect(first).toContain('ILLUSTRATIVE');
    expect(first).toContain('frailty with end-of-life');
  });
});

describe('audit trail', () => {
  const inputs = {
    replay: leeds2017AcceleratorInput,
    blended: {
      candidates: [
        { id: 'a', population: 10, evidence: { ...flat(5, 3), qualityGap: null } },
        { id: 'b', evidence: { healthOutcomes: 4, costToSystem: null, strategicAlignment: 5 } },
        { id: 'c', evidence: { ...flat(4, 4), qualityGap: null } },
        { id: 'd', evidence: { ...flat(1, 1), qualityGap: null } },
      ],
      shortlist: { size: 2 },
      blendStep1: 0.3,
      indicators: [{ id: 'i', criterion: 'qualityGap' as const, prioritise: 'lower' as const, method: 'rank' as const, values: { a: 1, b: 2, c: 3, d: 4 } }],
      votes: { method: 'borda' as const, ballots: [{ stakeholder: 's', ranking: ['d', 'c', 'a'] }] },
      feasibility: { maxPopulation: 5, mode: 'penalty' as const },
    },
  };

  for (const [name, input] of Object.entries(inputs)) {
    it(`${name}: ordered by step, every entry with a message and data`, () => {
      const r = selectAccelerator(input);
      expect(r.audit.length).toBeGreaterThan(0);
      expect(r.audit[0]?.kind).toBe('inputs');
      for (let i = 1; i < r.audit.length; i++) expect(r.audit[i]!.step).toBeGreaterThanOrEqual(r.audit[i - 1]!.step);
      for (const entry of r.audit) {
        expect(typeof entry.message).toBe('string');
        expect(entry.message.trim().length).toBeGreaterThan(0);
        expect(entry.data).toBeTypeOf('object');
        expect(entry.data).not.toBeNull();
        expect(Array.isArray(entry.data)).toBe(false);
      }
      const kinds = new Set(r.audit.map((e) => e.kind));
      for (const k of ['inputs', 'score', 'shortlist', 'ranking'] as const) expect(kinds.has(k)).toBe(true);
    });

    it(`${name}: the result survives a JSON round trip`, () => {
      const r = selectAccelerator(input);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    });
  }
});
