/**
 * Charts over time: the specs carry the series' counts and the flow matrix exactly, compile
 * with vega-lite without a warning and render with vega; bad input is refused with its path.
 */
import type { VegaLiteSpec } from 'phm-kit';
import { monthEnds, PhmValidationError } from 'phm-kit';
import { bridgesToHealth, leeds2024, segmentFlowsChart, segmentsOverTime, segmentsOverTimeChart, syntheticPopulation, transitions } from 'phm-kit/segmentation';
import { describe, expect, it } from 'vitest';
import { render } from '../support/charts.js';
import { refusalOf } from '../support/issues.js';

const people = syntheticPopulation({ size: 2_000, seed: 12, asOf: '2024-03-31' });
const values = (spec: VegaLiteSpec) => (spec['data'] as { values: Record<string, unknown>[] }).values;
const ids = leeds2024.segments.map((s) => s.id);

describe('segmentsOverTimeChart', () => {
  const series = segmentsOverTime(people, leeds2024, { dates: monthEnds('2023-04-01', '2024-03-31') });

  it('plots every segment on every date with its exact count, in model order', async () => {
    const spec = segmentsOverTimeChart(series, { labels: leeds2024 });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    const rows = values(spec);
    expect(rows).toHaveLength(12 * ids.length);
    for (const row of rows) expect(row['people']).toBe(series.counts.find((c) => c.date === row['date'])?.bySegment[row['segment'] as string]);
    expect(rows.slice(0, ids.length).map((r) => r['label'])).toEqual(leeds2024.segments.map((s) => s.label));
    expect(spec['title']).toEqual({ text: 'People in each segment over time', subtitle: '12 dates, 2023-04-30 to 2024-03-31' });
    expect(await render(spec)).toContain('<svg');
  });

  it('labels by id without labels, takes options, and refuses a model whose segments differ', () => {
    const spec = segmentsOverTimeChart(series, { title: 'Leeds', width: 300, height: 200 });
    expect(values(spec)[0]?.['label']).toBe(ids[0]);
    expect([spec['title'], spec['width'], spec['height']]).toEqual([{ text: 'Leeds', subtitle: '12 dates, 2023-04-30 to 2024-03-31' }, 300, 200]);
    expect(refusalOf(() => segmentsOverTimeChart(series, { labels: bridgesToHealth }), PhmValidationError).issues[0]?.path).toEqual(['labels']);
    expect(refusalOf(() => segmentsOverTimeChart(series, { labels: { nobody: 'No one' } }), PhmValidationError).issues[0]?.path).toEqual(['labels', 'nobody']);
  });

  it('refuses counts that miss a segment or name another, and input that is no series', () => {
    const [first] = series.counts;
    const { frailty: _, ...withoutFrailty } = first?.bySegment ?? {};
    const missing = refusalOf(() => segmentsOverTimeChart({ segments: series.segments, counts: [{ date: '2024-01-31', bySegment: withoutFrailty }] }), PhmValidationError);
    expect(missing.issues).toEqual([{ path: ['counts', 0, 'bySegment', 'frailty'], message: "Segment 'frailty' is missing" }]);
    const extra = refusalOf(() => segmentsOverTimeChart({ segments: series.segments, counts: [{ date: '2024-01-31', bySegment: { ...first?.bySegment, other: 1 } }] }), PhmValidationError);
    expect(extra.issues[0]?.path).toEqual(['counts', 0, 'bySegment', 'other']);
    expect(refusalOf(() => segmentsOverTimeChart({ segments: ['a'], counts: [] }), PhmValidationError).issues[0]?.path).toEqual(['counts']);
    expect(refusalOf(() => segmentsOverTimeChart(42), PhmValidationError).issues[0]?.path).toEqual([]);
  });
});

describe('segmentFlowsChart', () => {
  const t = transitions(people, leeds2024, { from: '2023-04-01', to: '2024-03-31' });

  it('shades each cell with its people and gives its share of the row', async () => {
    const spec = segmentFlowsChart(t, { labels: leeds2024 });
    const rows = values(spec);
    expect(rows).toHaveLength(ids.length ** 2);
    for (const row of rows) {
      const [i, j] = [row['fromOrder'] as number, row['toOrder'] as number];
      expect(row['people']).toBe(t.matrix[i]?.[j]);
      const out = (t.matrix[i] ?? []).reduce((a, b) => a + b, 0);
      expect(row['shareOfFrom']).toBe(out === 0 ? null : (t.matrix[i]?.[j] as number) / out);
    }
    expect((spec['title'] as { subtitle: string }).subtitle).toBe(`${t.stayedInPopulation.toLocaleString('en-GB')} people in the population on both dates, from 2023-04-01 to 2024-03-31`);
    // Figures turn white past a tenth of the largest cell.
    const text = (spec['layer'] as { encoding: { color?: { condition: { test: string } } } }[])[1]?.encoding.color?.condition.test;
    expect(text).toBe(`datum.people > ${Math.max(...t.matrix.flat()) / 10}`);
    expect(await render(spec)).toContain('<svg');
  });

  it('takes a series step with the series\' segments, and refuses a matrix that is not square over them', () => {
    const series = segmentsOverTime(people, leeds2024, { dates: ['2023-04-01', '2024-03-31'] });
    const step = series.steps[0];
    const spec = segmentFlowsChart({ segments: series.segments, matrix: step?.matrix ?? [] });
    expect(values(spec).map((r) => r['people'])).toEqual(step?.matrix.flat());
    expect((spec['title'] as { subtitle: string }).subtitle).toMatch(/between two dates$/);
    expect(refusalOf(() => segmentFlowsChart({ segments: ['a', 'b'], matrix: [[1, 2]] }), PhmValidationError).issues).toEqual([{ path: ['matrix'], message: 'Expected 2 rows, one per segment, not 1' }]);
    expect(refusalOf(() => segmentFlowsChart({ segments: ['a', 'b'], matrix: [[1, 2], [3]] }), PhmValidationError).issues).toEqual([{ path: ['matrix', 1], message: 'Expected 2 columns, one per segment, not 1' }]);
    expect(refusalOf(() => segmentFlowsChart({ segments: ['a'], matrix: [[-1]] }), PhmValidationError).issues[0]?.path).toEqual(['matrix', 0, 0]);
  });
});
