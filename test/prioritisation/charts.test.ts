/**
 * Accelerator charts: plain JSON whose data are the selection's contributions and the
 * sensitivity report's probabilities and intervals, exactly; they compile with vega-lite
 * without a warning and render with vega. ILLUSTRATIVE evidence.
 */
import type { VegaLiteSpec } from 'phm-kit';
import { ACCELERATOR_CRITERIA, acceleratorScoresChart, selectAccelerator, sensitivity, sensitivityChart, type AcceleratorInput, type AcceleratorSelection, type SensitivityReport } from 'phm-kit/prioritisation';
import { describe, expect, it } from 'vitest';
import { render, validationError } from '../support/charts.js';

const input = {
  candidates: [
    { id: 'big', label: 'A large segment', population: 800, evidence: { healthOutcomes: 5, costToSystem: 5, qualityGap: 4, strategicAlignment: 5, scaleOfAmbition: 5, longTermImpact: 4 } },
    { id: 'small', label: 'A small segment', population: 100, evidence: { healthOutcomes: 4, costToSystem: 3, qualityGap: 4, strategicAlignment: 4, scaleOfAmbition: 3, longTermImpact: 4 } },
    { id: 'tiny', population: 50, evidence: { healthOutcomes: 2, costToSystem: null, qualityGap: 3, strategicAlignment: 3, scaleOfAmbition: 2, longTermImpact: 2 } },
    { id: 'cut', population: 50, evidence: { healthOutcomes: 1, costToSystem: 1, qualityGap: 1, strategicAlignment: 1, scaleOfAmbition: 1, longTermImpact: 1 } },
  ],
  shortlist: { size: 3 },
  feasibility: { maxPopulationShare: 0.5, mode: 'gate' },
} satisfies AcceleratorInput;
const selection = selectAccelerator(input);
const report = sensitivity(input, { samples: 40, seed: 7 });
const criterionLabels = ACCELERATOR_CRITERIA.map((c) => c.label);


type Panel = { data: { values: Record<string, unknown>[] }; encoding: { y: { sort: string[] } } };
const panels = (spec: VegaLiteSpec) => spec['vconcat'] as Panel[];
const subtitle = (spec: VegaLiteSpec) => (spec['title'] as { subtitle: string[] | string }).subtitle;

describe('acceleratorScoresChart', () => {
  it('gives every criterion contribution of every candidate, summing to the composites, as plain JSON', () => {
    const spec = acceleratorScoresChart(selection, { labels: input });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    const [step1, step2, step3] = panels(spec);
    expect(panels(spec)).toHaveLength(3);
    for (const [panel, scores] of [[step1!, selection.steps.step1.scores], [step2!, selection.steps.step2.scores]] as const) {
      expect(panel.data.values).toHaveLength(scores.length * 3);
      for (const s of scores) {
        const rows = panel.data.values.filter((r) => r['candidate'] === s.id);
        expect(rows.map((r) => r['points'])).toEqual(s.contributions.map((c) => c.points));
        expect(rows.map((r) => r['source'])).toEqual(s.contributions.map((c) => c.source));
        expect(rows.reduce((sum, r) => sum + (r['points'] as number), 0)).toBeCloseTo(s.score, 9);
      }
    }
    // Best first: step 1 ranks every candidate, step 2 the shortlist only.
    expect(step1!.encoding.y.sort).toEqual(['A large segment', 'A small segment', 'tiny', 'cut']);
    expect(step2!.encoding.y.sort).toEqual(['A large segment', 'A small segment', 'tiny']);
    expect(step1!.data.values.find((r) => r['candidate'] === 'tiny' && r['criterion'] === 'costToSystem')).toMatchObject({ criterionScore: null, source: 'excluded', points: 0 });
    expect(step3!.data.values.map((r) => [r['candidate'], r['score'], r['note']])).toEqual(
      selection.steps.step3.scores.map((s) => [s.id, s.score, s.excluded.length > 0 ? 'excluded: fails feasibility' : selection.recommended.includes(s.id) ? 'recommended' : '']),
    );
    expect(selection.recommended).toEqual(['small']);
    expect(subtitle(spec)).toBe('Recommended: A small segment');
  });

  it('says so when the top is tied or no one is eligible, and takes labels as a record', () => {
    const tied = selectAccelerator({ candidates: [{ id: 'x', evidence: { healthOutcomes: 3 } }, { id: 'y', evidence: { healthOutcomes: 3 } }] });
    const spec = acceleratorScoresChart(tied, { labels: { x: 'Ex', y: 'Why' }, title: 'Tied', width: 200, height: 100 });
    expect(subtitle(spec)).toBe('Tied for first: Ex, Why; the method does not choose, the board must');
    expect(panels(spec)[2]!.data.values.map((r) => r['note'])).toEqual(['tied for first', 'tied for first']);
    const none = selectAccelerator({ ...input, feasibility: { maxPopulation: 1, mode: 'gate' } });
    expect(subtitle(acceleratorScoresChart(none))).toBe('Nothing recommended: no candidate is eligible');
    // With no shortlist, there is no step 2 or 3 to show.
    const empty = { ...selection, steps: { ...selection.steps, step2: { ...selection.steps.step2, scores: [] }, step3: { ...selection.steps.step3, scores: [] } } };
    expect(panels(acceleratorScoresChart(empty))).toHaveLength(1);
  });

  it('does not change its input, and gives the same spec every time', () => {
    const copy = structuredClone(selection);
    const before = JSON.stringify(copy);
    expect(acceleratorScoresChart(copy, { labels: input })).toEqual(acceleratorScoresChart(copy, { labels: input }));
    expect(JSON.stringify(copy)).toBe(before);
  });

  it('throws PhmValidationError naming the path for bad input and options', () => {
    const bad = (over: object) => ({ ...selection, ...over }) as unknown as AcceleratorSelection;
    const step1 = selection.steps.step1;
    const scores = step1.scores.map((s, i) => (i === 0 ? { ...s, score: 101 } : s));
    expect(validationError(() => acceleratorScoresChart(bad({ steps: { ...selection.steps, step1: { ...step1, scores } } }))).issues[0]?.path).toEqual(['steps', 'step1', 'scores', 0, 'score']);
    expect(validationError(() => acceleratorScoresChart(bad({ recommended: ['ghost'] }))).issues[0]?.path).toEqual(['recommended', 0]);
    // Every list of ids is checked against the candidates step 1 scored, each issue at its own path.
    const renamed = <T extends { id: string }>(scores: readonly T[]) => scores.map((s, i) => (i === 1 ? { ...s, id: 'ghost' } : s));
    const { step2, step3 } = selection.steps;
    const error = validationError(() =>
      acceleratorScoresChart(bad({ tiedForFirst: ['big', 'phantom'], steps: { ...selection.steps, step2: { ...step2, scores: renamed(step2.scores) }, step3: { ...step3, scores: renamed(step3.scores) } } })),
    );
    expect(error.issues).toEqual([
      { path: ['steps', 'step2', 'scores', 1, 'id'], message: "Unknown candidate 'ghost'" },
      { path: ['steps', 'step3', 'scores', 1, 'id'], message: "Unknown candidate 'ghost'" },
      { path: ['tiedForFirst', 1], message: "Unknown candidate 'phantom'" },
    ]);
    expect(error.message).toMatch(/^Invalid accelerator selection: steps\.step2\.scores\[1\]\.id: Unknown candidate 'ghost'/);
    expect(validationError(() => acceleratorScoresChart(selection, { labels: { ghost: 'Ghost' } })).issues[0]?.path).toEqual(['labels', 'ghost']);
    expect(validationError(() => acceleratorScoresChart(selection, { labels: { big: 'Same', small: 'Same' } })).issues[0]?.path).toEqual(['labels', 'small']);
  });

  it('compiles with vega-lite and renders to SVG with the candidates and criteria', async () => {
    const svg = await render(acceleratorScoresChart(selection, { labels: input }));
    for (const text of ['A large segment', 'A small segment', 'tiny', ...criterionLabels, 'recommended']) expect(svg).toContain(text);
  });
});

describe('sensitivityChart', () => {
  it("gives each candidate's probability of ranking first and each weight's interval, as plain JSON", () => {
    const spec = sensitivityChart(report, { labels: input });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    const [first, weights] = panels(spec);
    expect(first!.data.values.map((r) => [r['candidate'], r['probability']])).toEqual(Object.entries(report.monteCarlo.probabilityFirst));
    expect(first!.data.values.reduce((sum, r) => sum + (r['probability'] as number), 0)).toBeCloseTo(1, 12);
    expect(weights!.data.values.map((r) => [r['criterion'], r['share'], r['low'], r['high']])).toEqual(report.weights.map((w) => [w.criterion, w.share, w.stableShare![0], w.stableShare![1]]));
    expect(weights!.encoding.y.sort).toEqual(criterionLabels);
    expect(first!.data.values.find((r) => r['candidate'] === 'small')?.['text']).toMatch(/recommended at the input weights$/);
    expect(subtitle(spec)[0]).toBe('Recommended: A small segment');
  });

  it("shows 'No one eligible' when draws had no one eligible, notes group members, and drops the intervals when nothing is recommended", () => {
    const none: SensitivityReport = { ...report, recommended: [], weights: report.weights.map((w) => ({ ...w, stableShare: null, stableWeight: null })), monteCarlo: { ...report.monteCarlo, probabilityFirst: { big: 0.25, small: 0.25, tiny: 0, cut: 0 }, probabilityNoneEligible: 0.5 } };
    const spec = sensitivityChart(none);
    expect(panels(spec)).toHaveLength(1);
    expect(panels(spec)[0]!.data.values.at(-1)).toMatchObject({ candidate: null, label: 'No one eligible', probability: 0.5 });
    expect(subtitle(spec)).toEqual(['Nothing is recommended at the input weights (a tie for first, or no one eligible)']);
    const group = sensitivityChart({ ...report, recommended: ['small', 'tiny'] }, { labels: input, title: 'Grouped', width: 300, height: 120 });
    expect(panels(group)[0]!.data.values.find((r) => r['candidate'] === 'tiny')?.['text']).toBe('0%  joins A small segment');
    expect(subtitle(group)[0]).toBe('Recommended: A small segment with tiny');
  });

  it('does not change its input, and gives the same spec every time', () => {
    const copy = structuredClone(report);
    const before = JSON.stringify(copy);
    expect(sensitivityChart(copy)).toEqual(sensitivityChart(copy));
    expect(JSON.stringify(copy)).toBe(before);
  });

  it('throws PhmValidationError naming the path for bad input and options', () => {
    const bad = (monteCarlo: object) => ({ ...report, monteCarlo: { ...report.monteCarlo, ...monteCarlo } }) as SensitivityReport;
    expect(validationError(() => sensitivityChart(bad({ probabilityFirst: { big: 2 } }))).issues[0]?.path).toEqual(['monteCarlo', 'probabilityFirst', 'big']);
    expect(validationError(() => sensitivityChart(bad({ probabilityFirst: {} }))).issues[0]?.path).toEqual(['monteCarlo', 'probabilityFirst']);
    expect(validationError(() => sensitivityChart({ ...report, recommended: ['ghost'] })).issues[0]?.path).toEqual(['recommended', 0]);
    expect(validationError(() => sensitivityChart(report, { labels: { big: 'No one eligible' } })).issues[0]?.path).toEqual(['labels']);
    expect(validationError(() => sensitivityChart(report, { labels: 'big' } as never)).issues[0]?.path).toEqual(['labels']);
  });

  it('compiles with vega-lite and renders to SVG with the candidates and criteria', async () => {
    const svg = await render(sensitivityChart(report, { labels: input }));
    for (const text of ['A large segment', 'A small segment', 'Probability of ranking first', ...criterionLabels]) expect(svg).toContain(text);
  });
});

describe('the specifications in full', () => {
  // Titles, axis formats, tooltips and colours are what a reader sees, and none of them is data:
  // the whole specification is kept in a file, so that any change to it shows in review.
  it('acceleratorScoresChart', async () => {
    await expect(`${JSON.stringify(acceleratorScoresChart(selection, { labels: input }), null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/accelerator-scores.vl.json');
  });

  it('sensitivityChart', async () => {
    await expect(`${JSON.stringify(sensitivityChart(report, { labels: input }), null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/sensitivity.vl.json');
  });
});
