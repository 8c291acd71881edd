import { describe, expect, it } from 'vitest';
import { selectAccelerator, sensitivity } from 'phm-kit/prioritisation';

const full = { healthOutcomes: 5, costToSystem: 5, qualityGap: 5, strategicAlignment: 5, scaleOfAmbition: 5, longTermImpact: 5 };

describe('grouping respects feasibility in every mode', () => {
  it('in penalty mode a member that would take the group over a limit does not join, and the audit says why', () => {
    const r = selectAccelerator({
      candidates: [
        { id: 'a', population: 90, evidence: full },
        { id: 'b', population: 500, scope: 99, evidence: { ...full, healthOutcomes: 1, strategicAlignment: 1 } },
      ],
      feasibility: { maxPopulation: 100, maxScope: 5, mode: 'penalty' },
      allowGrouping: [{ lead: 'a', with: ['b'] }],
    });
    expect(r.recommended).toEqual(['a']);
    expect(r.audit.some((e) => e.kind === 'feasibility' && e.message.startsWith('b does not join a'))).toBe(true);
  });

  it('scopes add up for a group', () => {
    const r = selectAccelerator({
      candidates: [
        { id: 'a', scope: 4, evidence: full },
        { id: 'b', scope: 4, evidence: { ...full, healthOutcomes: 1, strategicAlignment: 1 } },
      ],
      feasibility: { maxScope: 5, mode: 'gate' },
      allowGrouping: [{ lead: 'a', with: ['b'] }],
    });
    expect(r.recommended).toEqual(['a']);
  });

  it('a member of unknown population joins, with the untested limit in the audit', () => {
    const r = selectAccelerator({
      candidates: [
        { id: 'a', population: 90, evidence: full },
        { id: 'b', evidence: { ...full, healthOutcomes: 1, strategicAlignment: 1 } },
      ],
      feasibility: { maxPopulation: 100, mode: 'gate' },
      allowGrouping: [{ lead: 'a', with: ['b'] }],
    });
    expect(r.recommended).toEqual(['a', 'b']);
    expect(r.audit.some((e) => e.message.startsWith('b joins a untested as a group'))).toBe(true);
  });
});

describe('sensitivity intervals', () => {
  it('an interval reaching share 1 has no upper weight limit', () => {
    const report = sensitivity(
      { candidates: [{ id: 'a', evidence: { ...full, scaleOfAmbition: 1 } }, { id: 'b', evidence: { ...full, strategicAlignment: 3 } }] },
      { samples: 20, seed: 1 },
    );
    const longTerm = report.weights.find((w) => w.criterion === 'longTermImpact');
    expect(longTerm?.stableShare?.[1]).toBe(1);
    expect(longTerm?.stableWeight?.[1]).toBeNull();
  });

  it('a weight whose step-mates weigh nothing is the whole step at any value', () => {
    const report = sensitivity(
      { candidates: [{ id: 'a', evidence: full }, { id: 'b', evidence: { ...full, strategicAlignment: 1 } }], weights: { scaleOfAmbition: 0, longTermImpact: 0 } },
      { samples: 20, seed: 1 },
    );
    const w = report.weights.find((x) => x.criterion === 'strategicAlignment');
    expect(w?.stableShare).toEqual([1, 1]);
    expect(w?.stableWeight).toEqual([0, null]);
  });

  it('with nothing recommended (a tie for first) there are no intervals, and the Monte Carlo still reports', () => {
    const report = sensitivity({ candidates: [{ id: 'a', evidence: full }, { id: 'b', evidence: full }] }, { samples: 50, seed: 3 });
    expect(report.recommended).toEqual([]);
    for (const w of report.weights) expect(w.stableShare).toBeNull();
    expect(report.monteCarlo.probabilityFirst).toEqual({ a: 0.5, b: 0.5 });
  });
});

describe('evidence', () => {
  it('explicitly undefined evidence counts as missing, like an absent key', () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence: { ...full, costToSystem: undefined } }] });
    expect(r.completeness['a']).toBeCloseTo(5 / 6, 12);
  });

  it('a step with no weighted evidence scores 0 and the audit says so in capitals', () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence: { strategicAlignment: 5 } }, { id: 'b', evidence: full }] });
    expect(r.steps.step1.scores.find((s) => s.id === 'a')?.score).toBe(0);
    expect(r.audit.some((e) => e.message.startsWith('a: step 1') && e.message.includes('NO EVIDENCE'))).toBe(true);
  });
});
