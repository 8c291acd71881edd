import type { DeepReadonly } from '../../core/freeze.js';
import * as z from 'zod';
import { IsoDateSchema } from '../../core/dates.js';
import { PhmValidationError, type PhmIssue } from '../../core/errors.js';
import { describeIssues, parseInput, pickFields, recordOf } from '../../core/validation.js';
import { CATEGORY_COLOURS, ChartOptionsSchema, labelsFor, specHeader, type VegaLiteSpec } from '../../core/vega-lite.js';
import { labelSource, SegmentLabelsSchema, type SegmentLabels } from '../population/charts.js';

const PeopleSchema = z.number().int().min(0);
/** A chart shows at most 200 segments: beyond, no one could read it, and a heat map would hold 40,000 cells. */
const SegmentsSchema = z.array(z.string().min(1)).min(1).max(200, 'A chart shows at most 200 segments');

/** The parts of a {@link segmentsOverTime} result the chart reads. */
const SeriesSchema = z.object({
  segments: SegmentsSchema,
  counts: z.array(z.object({ date: IsoDateSchema, bySegment: recordOf(z.string().min(1), PeopleSchema) })).min(1).max(600),
});

/** The parts of a {@link transitions} result (or a series step with its segments) the chart reads. */
const FlowSchema = z.object({
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  segments: SegmentsSchema,
  matrix: z.array(z.array(PeopleSchema).max(200)).max(200),
});

/**
 * Zod schema of the options of {@link segmentsOverTimeChart} and {@link segmentFlowsChart}:
 * those of every chart, plus segment `labels` (a record from id to label, or the model).
 *
 * @example
 * OverTimeChartOptionsSchema.safeParse({ labels: leeds2024, width: 640 }).success // true
 */
export const OverTimeChartOptionsSchema = ChartOptionsSchema.extend({ labels: SegmentLabelsSchema.optional() });

/**
 * Options of {@link segmentsOverTimeChart} and {@link segmentFlowsChart}: `title`, `width`,
 * `height`, and segment `labels`.
 *
 * @example
 * const options: OverTimeChartOptions = { labels: leeds2024, title: 'Leeds, two years of month ends' };
 */
export type OverTimeChartOptions = Omit<z.input<typeof OverTimeChartOptionsSchema>, 'labels'> & { labels?: SegmentLabels | undefined };

/** The segments' labels, in the input's order; a model given as labels must have the input's segments. */
function segmentLabels(ids: readonly string[], option: OverTimeChartOptions['labels'] | z.output<typeof SegmentLabelsSchema> | undefined): string[] {
  const { model, record } = labelSource(option as z.output<typeof SegmentLabelsSchema> | undefined);
  if (model !== undefined) {
    const theirs = model.segments.map((s) => s.id);
    if (theirs.join('\n') !== ids.join('\n')) {
      const issue: PhmIssue = { path: ['labels'], message: `The model given as labels has the segments ${theirs.join(', ')}; the result has ${ids.join(', ')}` };
      throw new PhmValidationError(`Invalid options: ${describeIssues([issue])}`, [issue]);
    }
  }
  return labelsFor(ids, record, ['labels']);
}

/** Every segment of the input in each row of counts, and nothing else. */
function checkRows(ids: readonly string[], rows: readonly Readonly<Record<string, number>>[], path: (r: number) => (string | number)[]): void {
  const issues: PhmIssue[] = [];
  const known = new Set(ids);
  rows.forEach((row, r) => {
    for (const id of Object.keys(row)) if (!known.has(id)) issues.push({ path: [...path(r), id], message: `Segment '${id}' is not among the result's segments` });
    for (const id of ids) if (!Object.hasOwn(row, id)) issues.push({ path: [...path(r), id], message: `Segment '${id}' is missing` });
  });
  if (issues.length > 0) throw new PhmValidationError(`Invalid result: ${describeIssues(issues)}`, issues);
}

/**
 * Lines of the people in each segment on each date of a {@link segmentsOverTime} series, as a
 * Vega-Lite specification: plain JSON, data included. Segments in model order, labelled by id
 * unless `labels` gives words (a record, or the model itself).
 *
 * Throws `PhmValidationError` naming the path when the input is not a series, a date's counts
 * miss a segment, or the labels do not fit.
 *
 * @example
 * const series = segmentsOverTime(people, leeds2024, { dates: monthEnds('2022-04-01', '2024-03-31') });
 * const spec = segmentsOverTimeChart(series, { labels: leeds2024 });
 * spec.data.values[0]; // { date: '2022-04-30', segment: 'end-of-life', label: 'End of life', order: 0, people: 41 }
 */
export function segmentsOverTimeChart(series: unknown, options: DeepReadonly<OverTimeChartOptions> = {}): VegaLiteSpec {
  const opts = parseInput(OverTimeChartOptionsSchema, options, 'options');
  const { segments: ids, counts } = parseInput(SeriesSchema, pickFields(series, { segments: true, counts: true }, 'segment series'), 'segment series');
  checkRows(ids, counts.map((c) => c.bySegment), (r) => ['counts', r, 'bySegment']);
  const labels = segmentLabels(ids, opts.labels);
  const values = counts.flatMap((c) => ids.map((id, i) => ({ date: c.date, segment: id, label: labels[i] as string, order: i, people: c.bySegment[id] as number })));
  const first = counts[0]?.date as string;
  const last = counts.at(-1)?.date as string;
  return {
    ...specHeader(opts.title ?? 'People in each segment over time', `${counts.length.toLocaleString('en-GB')} dates, ${first} to ${last}`),
    width: opts.width ?? 560,
    height: opts.height ?? 300,
    data: { values },
    mark: { type: 'line', point: counts.length <= 36 },
    encoding: {
      x: { field: 'date', type: 'temporal', title: 'Date', axis: { format: '%b %Y' } },
      y: { field: 'people', type: 'quantitative', title: 'People', axis: { format: ',d' } },
      color: { field: 'label', type: 'nominal', sort: [...labels], scale: { domain: [...labels], range: [...CATEGORY_COLOURS] }, title: 'Segment' },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'date', type: 'temporal', title: 'Date', format: '%d %b %Y' },
        { field: 'label', type: 'nominal', title: 'Segment' },
        { field: 'people', type: 'quantitative', title: 'People', format: ',d' },
      ],
    },
  };
}

/**
 * The flows between segments from one date to another, from a {@link transitions} result (or
 * a step of a series, with the series' `segments`), as a Vega-Lite heat map: a row for the
 * segment on `from`, a column for the segment on `to`, each cell shaded and labelled with its
 * people, and each cell's share of its row (where the row's people went) in the tooltip.
 *
 * Throws `PhmValidationError` naming the path when the matrix is not square over the segments,
 * or the labels do not fit.
 *
 * @example
 * const t = transitions(people, leeds2024, { from: '2023-04-01', to: '2024-04-01' });
 * segmentFlowsChart(t, { labels: leeds2024 }).data.values[0];
 * // { from: 'End of life', to: 'End of life', fromOrder: 0, toOrder: 0, people: 12, shareOfFrom: 0.3 }
 */
export function segmentFlowsChart(flow: unknown, options: DeepReadonly<OverTimeChartOptions> = {}): VegaLiteSpec {
  const opts = parseInput(OverTimeChartOptionsSchema, options, 'options');
  const parsed = parseInput(FlowSchema, pickFields(flow, { from: true, to: true, segments: true, matrix: true }, 'segment flows'), 'segment flows');
  const ids = parsed.segments;
  const issues: PhmIssue[] = [];
  if (parsed.matrix.length !== ids.length) issues.push({ path: ['matrix'], message: `Expected ${ids.length} rows, one per segment, not ${parsed.matrix.length}` });
  parsed.matrix.forEach((row, i) => {
    if (row.length !== ids.length) issues.push({ path: ['matrix', i], message: `Expected ${ids.length} columns, one per segment, not ${row.length}` });
  });
  if (issues.length > 0) throw new PhmValidationError(`Invalid segment flows: ${describeIssues(issues)}`, issues);
  const labels = segmentLabels(ids, opts.labels);
  const values = parsed.matrix.flatMap((row, i) => {
    const out = row.reduce((a, b) => a + b, 0);
    return row.map((people, j) => ({ from: labels[i] as string, to: labels[j] as string, fromOrder: i, toOrder: j, people, shareOfFrom: out === 0 ? null : people / out }));
  });
  const people = values.reduce((sum, v) => sum + v.people, 0);
  // The symlog scale darkens fast: past a tenth of the largest cell the shade is dark.
  const darkFrom = Math.max(...values.map((v) => v.people), 0) / 10;
  const when = parsed.from !== undefined && parsed.to !== undefined ? `from ${parsed.from} to ${parsed.to}` : 'between two dates';
  const cell = { field: 'people', type: 'quantitative' };
  return {
    ...specHeader(opts.title ?? 'Where each segment\'s people went', `${people.toLocaleString('en-GB')} ${people === 1 ? 'person' : 'people'} in the population on both dates, ${when}`),
    width: opts.width ?? { step: 44 },
    height: opts.height ?? { step: 28 },
    data: { values },
    encoding: {
      x: { field: 'to', type: 'nominal', sort: [...labels], title: parsed.to === undefined ? 'Segment after' : `Segment on ${parsed.to}`, axis: { labelAngle: -40 } },
      y: { field: 'from', type: 'nominal', sort: [...labels], title: parsed.from === undefined ? 'Segment before' : `Segment on ${parsed.from}` },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: { ...cell, title: 'People', scale: { scheme: 'blues', type: 'symlog' }, legend: { format: ',d' } },
          tooltip: [
            { field: 'from', type: 'nominal', title: 'From' },
            { field: 'to', type: 'nominal', title: 'To' },
            { ...cell, title: 'People', format: ',d' },
            { field: 'shareOfFrom', type: 'quantitative', title: 'Share of the row', format: '.1%' },
          ],
        },
      },
      // White figures on the darker half of the scale, black on the lighter: legible on both.
      { mark: { type: 'text', fontSize: 10 }, encoding: { text: { ...cell, format: ',d' }, color: { condition: { test: `datum.people > ${darkFrom}`, value: 'white' }, value: 'black' } } },
    ],
  };
}
