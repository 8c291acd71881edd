/**
 * Segmentation charts: the specs are plain JSON whose data are the result's counts, exactly;
 * they compile with vega-lite without a warning and render to SVG with vega. Also checks that
 * examples/charts.ts still renders the SVGs committed in docs/charts/.
 */
import { readFileSync } from 'node:fs';
import type { VegaLiteSpec } from 'phm-kit';
import { leeds2024, segmentBreakdownChart, segmentCountsChart, segmentPopulation, syntheticPopulation, type PopulationCounts } from 'phm-kit/segmentation';
import { describe, expect, it } from 'vitest';
import { render, validationError } from '../support/charts.js';
import { refusalOf } from '../support/issues.js';

const asOf = '2024-04-01';
const result = segmentPopulation(syntheticPopulation({ size: 2_000, seed: 11, asOf }), leeds2024, { asOf });
const ids = leeds2024.segments.map((s) => s.id);
const labels = leeds2024.segments.map((s) => s.label);

/** Compiles and renders a spec headlessly; any vega-lite warning fails the test. */

const values = (spec: VegaLiteSpec) => (spec['data'] as { values: Record<string, unknown>[] }).values;
const freezeDeep = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) freezeDeep((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
};

describe('segmentCountsChart', () => {
  it('gives every segment in model order with its exact count, as plain JSON', () => {
    const spec = segmentCountsChart(result, { labels: leeds2024 });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    const rows = values(spec);
    expect(rows.map((r) => r['segment'])).toEqual(ids);
    expect(rows.map((r) => r['label'])).toEqual(labels);
    for (const row of rows) expect(row['people']).toBe(result.counts.bySegment[row['segment'] as string]);
    expect(rows.reduce((sum, r) => sum + (r['people'] as number), 0)).toBe(result.assignments.length);
    expect(rows.reduce((sum, r) => sum + (r['share'] as number), 0)).toBeCloseTo(1, 12);
    expect(spec['title']).toEqual({ text: 'People in each segment', subtitle: [leeds2024.label, `${result.assignments.length.toLocaleString('en-GB')} people assigned to a segment on ${asOf}`] });
  });

  it('takes the counts alone, labels as a record, and options', () => {
    const spec = segmentCountsChart(result.counts, { labels: { frailty: 'People with frailty' }, title: 'Frailty and the rest', width: 300, height: 200 });
    const rows = values(spec);
    expect(rows.map((r) => r['label'])).toEqual(ids.map((id) => (id === 'frailty' ? 'People with frailty' : id)));
    expect(spec['title']).toEqual({ text: 'Frailty and the rest', subtitle: [`${result.assignments.length.toLocaleString('en-GB')} people assigned to a segment`] });
    expect([spec['width'], spec['height']]).toEqual([300, 200]);
  });

  it('follows the model order when the model gives the labels, and shares are null for no one', () => {
    const bySegment = Object.fromEntries([...ids].reverse().map((id) => [id, 0]));
    const spec = segmentCountsChart({ bySegment } as unknown as PopulationCounts, { labels: leeds2024 });
    expect(values(spec).map((r) => r['segment'])).toEqual(ids);
    expect(values(spec).every((r) => r['share'] === null && r['people'] === 0)).toBe(true);
  });

  it('does not change its input, and gives the same spec every time', () => {
    const counts = freezeDeep(structuredClone(result.counts));
    const before = JSON.stringify(counts);
    expect(segmentCountsChart(counts, { labels: leeds2024 })).toEqual(segmentCountsChart(counts, { labels: leeds2024 }));
    expect(JSON.stringify(counts)).toBe(before);
    expect(JSON.stringify(segmentCountsChart(result))).toBe(JSON.stringify(segmentCountsChart(result)));
  });

  it('throws PhmValidationError naming the path for bad input and options', () => {
    expect(validationError(() => segmentCountsChart({ counts: { bySegment: { frailty: -1 } } } as never)).issues[0]?.path).toEqual(['counts', 'bySegment', 'frailty']);
    expect(validationError(() => segmentCountsChart({ bySegment: { frailty: 1.5 } } as never)).issues[0]?.path).toEqual(['bySegment', 'frailty']);
    expect(validationError(() => segmentCountsChart(result, { labels: { nope: 'Nope' } })).issues[0]?.path).toEqual(['labels', 'nope']);
    expect(validationError(() => segmentCountsChart(result, { labels: { frailty: 'Same', cancer: 'Same' } })).issues[0]?.path).toEqual(['labels', 'cancer']);
    expect(validationError(() => segmentCountsChart(result, { width: 10 })).issues[0]?.path).toEqual(['width']);
    expect(validationError(() => segmentCountsChart(result, { colour: 'red' } as never)).issues.length).toBeGreaterThan(0);
    // A model that is not the one counted: segments on either side that the other lacks.
    const other = { segments: [{ id: 'frailty', label: 'Frailty' }, { id: 'elsewhere', label: 'Elsewhere' }] };
    const paths = validationError(() => segmentCountsChart(result, { labels: other })).issues.map((i) => i.path);
    expect(paths).toContainEqual(['counts', 'bySegment', 'cancer']);
    expect(paths).toContainEqual(['counts', 'bySegment', 'elsewhere']);
  });

  it('compiles with vega-lite and renders to SVG with every segment label', async () => {
    const svg = await render(segmentCountsChart(result, { labels: leeds2024 }));
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of labels) expect(svg).toContain(label);
    expect(svg).toContain('People in each segment');
  });
});

describe('segmentBreakdownChart', () => {
  it('gives every age band x segment with its exact count; each band sums to its total', () => {
    const spec = segmentBreakdownChart(result, { by: 'ageBand', labels: leeds2024 });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    const rows = values(spec);
    expect(rows).toHaveLength(result.counts.byAgeBand.length * ids.length);
    for (const band of result.counts.byAgeBand) {
      const inBand = rows.filter((r) => r['group'] === band.band);
      expect(inBand.map((r) => r['segment'])).toEqual(ids);
      for (const r of inBand) expect(r['people']).toBe(band.bySegment[r['segment'] as string]);
      expect(inBand.reduce((sum, r) => sum + (r['people'] as number), 0)).toBe(band.total);
    }
    expect(rows.reduce((sum, r) => sum + (r['people'] as number), 0)).toBe(result.assignments.length);
    expect((spec['encoding'] as { x: { sort: string[] } }).x.sort).toEqual(result.counts.byAgeBand.map((b) => b.band));
  });

  it('gives deciles 1 to 10, and "None" only when someone has no decile', () => {
    const groups = (counts: PopulationCounts) => [...new Set(values(segmentBreakdownChart(counts, { by: 'imdDecile' })).map((r) => r['group']))];
    const deciles = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];
    const withNone = result.counts.byImdDecile.some((d) => d.decile === null && d.total > 0);
    expect(groups(result.counts)).toEqual(withNone ? [...deciles, 'None'] : deciles);
    const noNone = { ...result.counts, byImdDecile: result.counts.byImdDecile.map((d) => (d.decile === null ? { ...d, total: 0, bySegment: Object.fromEntries(ids.map((id) => [id, 0])) } : d)) };
    expect(groups(noNone)).toEqual(deciles);
    const someNone = { ...result.counts, byImdDecile: result.counts.byImdDecile.map((d) => (d.decile === null ? { ...d, total: 1, bySegment: { ...Object.fromEntries(ids.map((id) => [id, 0])), frailty: 1 } } : d)) };
    expect(groups(someNone)).toEqual([...deciles, 'None']);
  });

  it('stacks to 100% with measure share, and breaks down by locality', () => {
    const share = segmentBreakdownChart(result, { by: 'imdDecile', measure: 'share' });
    expect((share['encoding'] as { y: { stack: string } }).y.stack).toBe('normalize');
    const first = values(share).filter((r) => r['group'] === '1');
    expect(first.reduce((sum, r) => sum + (r['share'] as number), 0)).toBeCloseTo(1, 12);
    const counts = { ...result.counts, byLocality: [{ locality: 'Leeds North', total: 2, bySegment: { ...Object.fromEntries(ids.map((id) => [id, 0])), cancer: 2 } }, { locality: null, total: 0, bySegment: Object.fromEntries(ids.map((id) => [id, 0])) }] };
    const local = values(segmentBreakdownChart(counts, { by: 'locality' }));
    expect([...new Set(local.map((r) => r['group']))]).toEqual(['Leeds North']);
    const none = { ...counts, byLocality: [{ locality: null, total: 1, bySegment: { ...Object.fromEntries(ids.map((id) => [id, 0])), frailty: 1 } }] };
    expect(values(segmentBreakdownChart(none, { by: 'locality' })).find((r) => r['segment'] === 'frailty')).toMatchObject({ group: 'No locality', people: 1, share: 1 });
  });

  it('throws PhmValidationError naming the path for a missing or inconsistent breakdown', () => {
    const { byAgeBand: _, ...noBands } = result.counts;
    expect(validationError(() => segmentBreakdownChart(noBands as PopulationCounts, { by: 'ageBand' })).issues[0]?.path).toEqual(['byAgeBand']);
    const band = result.counts.byAgeBand[0]!;
    const { frailty: __, ...missing } = band.bySegment;
    const broken = { ...result, counts: { ...result.counts, byAgeBand: [{ ...band, bySegment: { ...missing, stray: 0 } }] } };
    const paths = validationError(() => segmentBreakdownChart(broken, { by: 'ageBand' })).issues.map((i) => i.path);
    expect(paths).toContainEqual(['counts', 'byAgeBand', 0, 'bySegment', 'stray']);
    expect(paths).toContainEqual(['counts', 'byAgeBand', 0, 'bySegment', 'frailty']);
    const badTotal = { ...result.counts, byAgeBand: [{ ...band, total: band.total + 1 }] };
    expect(validationError(() => segmentBreakdownChart(badTotal, { by: 'ageBand' })).issues[0]?.path).toEqual(['byAgeBand', 0, 'total']);
    expect(validationError(() => segmentBreakdownChart(result, { by: 'sex' } as never)).issues[0]?.path).toEqual(['by']);
  });

  it('does not change its input, and compiles and renders with the segment and group labels', async () => {
    const frozen = freezeDeep(structuredClone(result));
    const before = JSON.stringify(frozen);
    const spec = segmentBreakdownChart(frozen, { by: 'ageBand', labels: leeds2024 });
    expect(JSON.stringify(frozen)).toBe(before);
    const svg = await render(spec);
    for (const label of [...labels, ...result.counts.byAgeBand.map((b) => b.band), 'Age band']) expect(svg).toContain(label);
    expect(await render(segmentBreakdownChart(result, { by: 'imdDecile', measure: 'share' }))).toContain('IMD decile (1 = most deprived, 10 = least)');
  });
});

describe('examples/charts.ts', () => {
  it('renders exactly the SVGs committed in docs/charts/ (else run `npm run docs:charts`)', async () => {
    const { buildCharts, toSvg } = await import('../../examples/charts.js');
    const charts = buildCharts();
    expect(Object.keys(charts).length).toBeGreaterThanOrEqual(6);
    for (const [name, spec] of Object.entries(charts)) {
      const committed = readFileSync(new URL(`../../docs/charts/${name}.svg`, import.meta.url), 'utf8');
      expect(await toSvg(spec), `docs/charts/${name}.svg is stale: run npm run docs:charts`).toBe(committed);
    }
  });
});

describe('the specifications in full', () => {
  // Titles, axis formats, tooltips and colours are what a reader sees, and none of them is data:
  // the whole specification is kept in a file, so that any change to it shows in review.
  const small = segmentPopulation(syntheticPopulation({ size: 300, seed: 5, asOf }), leeds2024, { asOf });
  const snapshot = (spec: VegaLiteSpec, name: string) => expect(`${JSON.stringify(spec, null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/${name}.vl.json`);

  it('segmentCountsChart', async () => {
    await snapshot(segmentCountsChart(small, { labels: leeds2024 }), 'segment-counts');
  });

  it('segmentBreakdownChart by age band, by deprivation as shares, and by locality', async () => {
    await snapshot(segmentBreakdownChart(small, { by: 'ageBand', labels: leeds2024 }), 'segment-breakdown-age-band');
    await snapshot(segmentBreakdownChart(small, { by: 'imdDecile', measure: 'share', labels: leeds2024 }), 'segment-breakdown-imd-decile-share');
    await snapshot(segmentBreakdownChart(small, { by: 'locality', labels: leeds2024 }), 'segment-breakdown-locality');
  });
});

describe('chart inputs at their edges', () => {
  const zeros = Object.fromEntries(ids.map((id) => [id, 0]));
  const subtitle = (spec: VegaLiteSpec) => (spec['title'] as { subtitle: string[] }).subtitle;

  it('refuses null and a string as PhmValidationError, not TypeError', () => {
    for (const input of [null, 'counts', 42]) {
      expect(validationError(() => segmentCountsChart(input as never)).message).toMatch(/^Invalid segment counts: /);
      expect(validationError(() => segmentBreakdownChart(input as never, { by: 'ageBand' })).message).toMatch(/^Invalid segment counts: /);
    }
    expect(validationError(() => segmentCountsChart({ counts: null } as never)).message).toMatch(/^Invalid segmentation result: /);
  });

  it('leaves the model and the date out of the subtitle when a whole result has neither', () => {
    expect(subtitle(segmentCountsChart({ counts: result.counts }))).toEqual([`${result.assignments.length.toLocaleString('en-GB')} people assigned to a segment`]);
    expect(subtitle(segmentCountsChart({ counts: { bySegment: { ...zeros, frailty: 1 } } } as never))).toEqual(['1 person assigned to a segment']);
    expect(subtitle(segmentBreakdownChart({ ...result, counts: { ...result.counts } }, { by: 'ageBand', measure: 'share' }))).toEqual([
      leeds2024.label,
      `${result.assignments.length.toLocaleString('en-GB')} people on ${asOf}; each bar is its group, to 100%`,
    ]);
  });

  it('says word for word which segments the counts and the model given as labels do not share', () => {
    const other = { segments: [{ id: 'frailty', label: 'Frailty' }, { id: 'elsewhere', label: 'Elsewhere' }] };
    const counts = { bySegment: { frailty: 1, cancer: 2 } } as never;
    expect(refusalOf(() => segmentCountsChart(counts, { labels: other }))).toEqual({
      kind: 'PhmValidationError',
      message: expect.stringMatching(/^Invalid segmentation result: /),
      issues: [
        { path: ['bySegment', 'cancer'], message: "Segment 'cancer' is not in the model given as labels" },
        { path: ['bySegment', 'elsewhere'], message: "The model's segment 'elsewhere' is missing from the counts" },
      ],
    });
  });

  it('says word for word what is wrong with a breakdown', () => {
    const { byAgeBand: _, ...noBands } = result.counts;
    expect(refusalOf(() => segmentBreakdownChart({ counts: noBands } as never, { by: 'ageBand' }))).toEqual({
      kind: 'PhmValidationError',
      message: 'Invalid segmentation result: counts.byAgeBand is missing',
      issues: [{ path: ['counts', 'byAgeBand'], message: 'The age band breakdown is missing' }],
    });
    const { byImdDecile: __, ...noDeciles } = result.counts;
    expect(refusalOf(() => segmentBreakdownChart(noDeciles as never, { by: 'imdDecile' })).issues).toEqual([
      { path: ['byImdDecile'], message: 'The deprivation (national IMD decile) breakdown is missing' },
    ]);
    const { frailty: ___, ...withoutFrailty } = zeros;
    const band = { band: '0-17', minAge: 0, maxAge: 17, total: 3, bySegment: { ...withoutFrailty, stray: 1 } };
    const { issues } = refusalOf(() => segmentBreakdownChart({ ...result.counts, byAgeBand: [band] }, { by: 'ageBand' }));
    expect(issues).toEqual([
      { path: ['byAgeBand', 0, 'bySegment', 'stray'], message: "Segment 'stray' is not in the segment counts" },
      { path: ['byAgeBand', 0, 'bySegment', 'frailty'], message: "Segment 'frailty' is missing" },
      { path: ['byAgeBand', 0, 'total'], message: 'The total 3 is not the sum of its segments, 1' },
    ]);
  });

  it('shows an age band or a decile with no one in it, but not an empty "None" or "No locality"', () => {
    const groups = (spec: VegaLiteSpec) => [...new Set(values(spec).map((r) => r['group']))];
    const emptyBand = { ...result.counts, byAgeBand: result.counts.byAgeBand.map((b, i) => (i === 0 ? { ...b, total: 0, bySegment: zeros } : b)) };
    expect(groups(segmentBreakdownChart(emptyBand, { by: 'ageBand' }))).toEqual(result.counts.byAgeBand.map((b) => b.band));
    const emptyDecile = { ...result.counts, byImdDecile: result.counts.byImdDecile.map((d) => (d.decile === 1 ? { ...d, total: 0, bySegment: zeros } : d)) };
    expect(groups(segmentBreakdownChart(emptyDecile, { by: 'imdDecile' }))[0]).toBe('1');
    const localities = { ...result.counts, byLocality: [{ locality: 'Leeds North', total: 0, bySegment: zeros }, { locality: null, total: 0, bySegment: zeros }] };
    expect(groups(segmentBreakdownChart(localities, { by: 'locality' }))).toEqual([]);
  });
});
