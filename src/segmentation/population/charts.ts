import type { DeepReadonly } from '../../core/freeze.js';
import * as z from 'zod';
import { PhmValidationError, type PhmIssue } from '../../core/errors.js';
import { describeIssues, parseInput, pickFields, recordOf, type FieldsRead } from '../../core/validation.js';
import { CATEGORY_COLOURS, ChartOptionsSchema, LabelsSchema, labelsFor, specHeader, type VegaLiteSpec } from '../../core/vega-lite.js';
import type { PopulationCounts } from './counts.js';
import type { PopulationSegmentation } from './population.js';

const PeopleSchema = z.number().int().min(0);
const BySegmentSchema = recordOf(z.string().min(1), PeopleSchema);
const TallySchema = { total: PeopleSchema, bySegment: BySegmentSchema };

/** The parts of {@link PopulationCounts} the charts read: extra fields are ignored, not copied. */
const CountsSchema = z.object({
  bySegment: BySegmentSchema,
  byAgeBand: z.array(z.object({ band: z.string().min(1), ...TallySchema })).max(151).optional(),
  byImdDecile: z.array(z.object({ decile: z.number().int().min(1).max(10).nullable(), ...TallySchema })).max(11).optional(),
  byLocality: z.array(z.object({ locality: z.string().nullable(), ...TallySchema })).max(1_000_000).optional(),
});

type ParsedCounts = z.output<typeof CountsSchema>;

const ResultSchema = z.object({
  model: z.object({ id: z.string().min(1), label: z.string().min(1) }).optional(),
  asOf: z.string().optional(),
  counts: CountsSchema,
});

/**
 * Segment labels: a record from segment id to label, or a model (a `defineModel` result or a
 * spec), whose segments give both the labels and the order.
 */
export const SegmentLabelsSchema = z.union([LabelsSchema, z.object({ segments: z.array(z.object({ id: z.string().min(1), label: z.string().min(1) })).min(1).max(5_000) })], {
  error: 'Expected labels: a record from segment id to label, or a segmentation model',
});

/**
 * Zod schema of the options of {@link segmentCountsChart}: those of every chart, plus segment
 * `labels` (a record from id to label, or the model itself).
 *
 * @example
 * SegmentCountsChartOptionsSchema.safeParse({ labels: leeds2024, width: 640 }).success // true
 */
export const SegmentCountsChartOptionsSchema = ChartOptionsSchema.extend({
  /** Segment labels, from id to label, or the model itself (its labels and order). Default: the ids. */
  labels: SegmentLabelsSchema.optional(),
});

/**
 * Segment labels as {@link segmentCountsChart} takes them: a record from segment id to label
 * (segments not named keep their ids), or a model, whose segments give the labels and the
 * order; a `SegmentationModel` fits.
 *
 * @example
 * const labels: SegmentLabels = { frailty: 'Frailty', 'healthy-adults': 'Healthy adults' };
 * segmentCountsChart(result, { labels });
 */
export type SegmentLabels = Readonly<Record<string, string>> | { readonly segments: readonly { readonly id: string; readonly label: string }[] };

/**
 * Options of {@link segmentCountsChart}: `title`, `width` and `height`, and segment `labels`.
 *
 * @example
 * const options: SegmentCountsChartOptions = { labels: leeds2024, title: 'Leeds, 1 April 2024' };
 * segmentCountsChart(result, options);
 */
export type SegmentCountsChartOptions = Omit<z.input<typeof SegmentCountsChartOptionsSchema>, 'labels'> & { labels?: SegmentLabels | undefined };

/**
 * Zod schema of the options of {@link segmentBreakdownChart}: those of
 * {@link segmentCountsChart}, plus the breakdown to show (`by`) and whether the bars show
 * people or each group's shares (`measure`, default people).
 *
 * @example
 * SegmentBreakdownChartOptionsSchema.parse({ by: 'ageBand' }).measure // 'people'
 */
export const SegmentBreakdownChartOptionsSchema = SegmentCountsChartOptionsSchema.extend({
  /** The breakdown to show: `counts.byAgeBand`, `counts.byImdDecile` or `counts.byLocality`. */
  by: z.enum(['ageBand', 'imdDecile', 'locality']),
  /** Bar heights as numbers of people (stacked), or as each group's shares of its people (to 100%). */
  measure: z.enum(['people', 'share']).default('people'),
});

/**
 * Options of {@link segmentBreakdownChart}: `by` (`'ageBand'`, `'imdDecile'` or `'locality'`),
 * optionally `measure` (`'people'` or `'share'`), and the options of
 * {@link segmentCountsChart}.
 *
 * @example
 * const options: SegmentBreakdownChartOptions = { by: 'imdDecile', measure: 'share', labels: leeds2024 };
 * segmentBreakdownChart(result, options);
 */
export type SegmentBreakdownChartOptions = Omit<z.input<typeof SegmentBreakdownChartOptionsSchema>, 'labels'> & { labels?: SegmentLabels | undefined };

/**
 * What a chart function accepts: a whole segmentation, or just its counts.
 *
 * @example
 * const result = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * segmentCountsChart(result);        // the subtitle names the model and the date
 * segmentCountsChart(result.counts); // just the counts
 */
export type SegmentCountsInput = Pick<PopulationSegmentation, 'counts'> & Partial<Pick<PopulationSegmentation, 'model' | 'asOf'>> | PopulationCounts;

interface Checked {
  readonly counts: ParsedCounts;
  /** The model's label, when the input is a whole result: a subtitle line. */
  readonly context: readonly string[];
  /** " on 2024-04-01" for a whole result with a date; nothing otherwise. */
  readonly when: string;
  readonly ids: readonly string[];
  readonly labels: readonly string[];
  /** Where the counts sit in the input, for error paths: `['counts']` in a whole result. */
  readonly prefix: readonly string[];
}

/** Whether the chart was given a whole result (recognised by its `counts`), not the counts alone. */
function isWholeResult(input: unknown): boolean {
  try {
    return typeof input === 'object' && input !== null && 'counts' in input;
  } catch {
    return false;
  }
}

/**
 * The three fields of a result the charts read: a result's assignments may hold millions of
 * rows, which the charts never look at, so they are not read (or copied) at all.
 */
const RESULT_FIELDS: FieldsRead = { model: true, asOf: true, counts: true };

/** Validates the input and options, and settles the segments' order and labels. */
function check(input: unknown, labelOption: z.output<typeof SegmentLabelsSchema> | undefined): Checked {
  // A whole result is recognised by its `counts`, so that error paths name `counts.…` for it.
  const whole = isWholeResult(input);
  const parsed = whole ? parseInput(ResultSchema, pickFields(input, RESULT_FIELDS, 'segmentation result'), 'segmentation result') : { counts: parseInput(CountsSchema, input, 'segment counts') };
  const counts = parsed.counts;
  const prefix = whole ? ['counts'] : [];
  const { model, record } = labelSource(labelOption);
  const ids = model === undefined ? Object.keys(counts.bySegment) : model.segments.map((s) => s.id);
  const issues: PhmIssue[] = [];
  if (model !== undefined) {
    const known = new Set(ids);
    for (const id of Object.keys(counts.bySegment)) if (!known.has(id)) issues.push({ path: [...prefix, 'bySegment', id], message: `Segment '${id}' is not in the model given as labels` });
    for (const id of ids) if (!Object.hasOwn(counts.bySegment, id)) issues.push({ path: [...prefix, 'bySegment', id], message: `The model's segment '${id}' is missing from the counts` });
  }
  if (issues.length > 0) throw new PhmValidationError(`Invalid segmentation result: ${describeIssues(issues)}`, issues);
  const labels = labelsFor(ids, record, ['labels']);
  const context = whole && 'model' in parsed && parsed.model !== undefined ? [parsed.model.label] : [];
  const when = whole && 'asOf' in parsed && parsed.asOf !== undefined ? ` on ${parsed.asOf}` : '';
  return { counts, context, when, ids, labels, prefix };
}

/** Segment labels as given: a model (whose segments set the order too) or a record from id to label. */
export function labelSource(option: z.output<typeof SegmentLabelsSchema> | undefined): { model?: { segments: { id: string; label: string }[] }; record?: Record<string, string> } {
  if (option !== undefined && 'segments' in option && Array.isArray(option.segments)) {
    const model = option as { segments: { id: string; label: string }[] };
    return { model, record: Object.fromEntries(model.segments.map((s) => [s.id, s.label])) };
  }
  return option === undefined ? {} : { record: option as Record<string, string> };
}

function peopleIn(counts: ParsedCounts, ids: readonly string[]): number {
  return ids.reduce((sum, id) => sum + (counts.bySegment[id] as number), 0);
}

const plural = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'person' : 'people'}`;

/**
 * A bar chart of the people in each segment, in model order, each bar labelled with its count,
 * as a Vega-Lite specification: plain JSON, data included, ready for any Vega-Lite renderer.
 * Takes a {@link segmentPopulation} result (or just its `counts`). Segments are labelled by
 * id unless `labels` gives words: a record from id to label, or the model itself.
 *
 * Throws `PhmValidationError` naming the path when the input is not segment counts, or a label
 * names a segment the counts do not have.
 *
 * @example
 * const people = syntheticPopulation({ size: 10_000, seed: 2024, asOf: '2024-04-01' });
 * const result = segmentPopulation(people, leeds2024, { asOf: '2024-04-01' });
 * const spec = segmentCountsChart(result, { labels: leeds2024 });
 * spec.data.values[0]; // { segment: 'end-of-life', label: 'End of life', people: 38, share: 0.0038... }
 */
export function segmentCountsChart(result: SegmentCountsInput, options: DeepReadonly<SegmentCountsChartOptions> = {}): VegaLiteSpec {
  const opts = parseInput(SegmentCountsChartOptionsSchema, options, 'options');
  const { counts, context, when, ids, labels } = check(result, opts.labels);
  const total = peopleIn(counts, ids);
  const values = ids.map((id, i) => {
    const people = counts.bySegment[id] as number;
    return { segment: id, label: labels[i] as string, people, share: total === 0 ? null : people / total };
  });
  const y = { field: 'label', type: 'nominal', sort: [...labels], title: null };
  const x = { field: 'people', type: 'quantitative', title: 'People', axis: { format: ',d' } };
  return {
    ...specHeader(opts.title ?? 'People in each segment', [...context, `${plural(total)} assigned to a segment${when}`]),
    width: opts.width ?? 480,
    height: opts.height ?? { step: 24 },
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x,
          color: { field: 'label', type: 'nominal', sort: [...labels], scale: { domain: [...labels], range: [...CATEGORY_COLOURS] }, legend: null },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'Segment' },
            { field: 'people', type: 'quantitative', title: 'People', format: ',d' },
            { field: 'share', type: 'quantitative', title: 'Share of people', format: '.1%' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3 },
        encoding: { x, text: { field: 'people', type: 'quantitative', format: ',d' } },
      },
    ],
  };
}

const BREAKDOWNS = {
  ageBand: { field: 'byAgeBand', title: 'Age band', words: 'age band' },
  imdDecile: { field: 'byImdDecile', title: 'IMD decile (1 = most deprived, 10 = least)', words: 'deprivation (national IMD decile)' },
  locality: { field: 'byLocality', title: 'Locality', words: 'locality' },
} as const;

/**
 * Stacked bars of the people in each segment by age band, deprivation (national IMD decile) or
 * locality, from `counts.byAgeBand`, `counts.byImdDecile` or `counts.byLocality`, as a Vega-Lite
 * specification: one bar per group in the result's order, stacked by segment in model order.
 * People without a recorded decile show as "None" (and people without a locality as "No
 * locality") when there are any. With `measure: 'share'` each bar shows its group's mix, to 100%.
 *
 * Throws `PhmValidationError` naming the path when the breakdown is missing or malformed, or
 * when a row's segments or total do not agree with the segment counts.
 *
 * @example
 * const spec = segmentBreakdownChart(result, { by: 'imdDecile', labels: leeds2024 });
 * spec.data.values[0]; // { group: '1', segment: 'end-of-life', label: 'End of life', order: 0, people: 7, share: 0.0027... }
 */
export function segmentBreakdownChart(result: SegmentCountsInput, options: DeepReadonly<SegmentBreakdownChartOptions>): VegaLiteSpec {
  const opts = parseInput(SegmentBreakdownChartOptionsSchema, options, 'options');
  const { counts, context, when, ids, labels, prefix } = check(result, opts.labels);
  const breakdown = BREAKDOWNS[opts.by];
  const path = [...prefix, breakdown.field];
  const rows = counts[breakdown.field] as readonly { total: number; bySegment: Record<string, number>; band?: string; decile?: number | null; locality?: string | null }[] | undefined;
  if (rows === undefined) throw new PhmValidationError(`Invalid segmentation result: ${path.join('.')} is missing`, [{ path, message: `The ${breakdown.words} breakdown is missing` }]);
  const issues: PhmIssue[] = [];
  rows.forEach((row, r) => {
    const known = new Set(ids);
    for (const id of Object.keys(row.bySegment)) if (!known.has(id)) issues.push({ path: [...path, r, 'bySegment', id], message: `Segment '${id}' is not in the segment counts` });
    for (const id of ids) if (!Object.hasOwn(row.bySegment, id)) issues.push({ path: [...path, r, 'bySegment', id], message: `Segment '${id}' is missing` });
    const sum = Object.values(row.bySegment).reduce((a, b) => a + b, 0);
    if (sum !== row.total) issues.push({ path: [...path, r, 'total'], message: `The total ${row.total} is not the sum of its segments, ${sum}` });
  });
  if (issues.length > 0) throw new PhmValidationError(`Invalid segmentation result: ${describeIssues(issues)}`, issues);

  const groupOf = (row: (typeof rows)[number]): string =>
    opts.by === 'ageBand' ? (row.band as string) : opts.by === 'imdDecile' ? (row.decile == null ? 'None' : String(row.decile)) : (row.locality ?? 'No locality');
  // The rows for people without a decile or locality are shown only when someone is in them.
  const shown = rows.filter((row) => row.total > 0 || (opts.by === 'imdDecile' ? row.decile != null : opts.by === 'ageBand'));
  const groups = shown.map(groupOf);
  const total = shown.reduce((sum, row) => sum + row.total, 0);
  const values = shown.flatMap((row) =>
    ids.map((id, i) => {
      const people = row.bySegment[id] as number;
      return { group: groupOf(row), segment: id, label: labels[i] as string, order: i, people, share: row.total === 0 ? null : people / row.total };
    }),
  );
  const share = opts.measure === 'share';
  return {
    ...specHeader(opts.title ?? `People in each segment by ${breakdown.words}`, [...context, `${plural(total)}${when}${share ? '; each bar is its group, to 100%' : ''}`]),
    width: opts.width ?? { step: opts.by === 'locality' ? 28 : 40 },
    height: opts.height ?? 300,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'group', type: 'ordinal', sort: groups, title: breakdown.title, axis: opts.by === 'locality' ? {} : { labelAngle: 0 } },
      y: {
        field: 'people',
        type: 'quantitative',
        stack: share ? 'normalize' : 'zero',
        title: share ? 'Share of the group' : 'People',
        axis: { format: share ? '.0%' : ',d' },
      },
      color: { field: 'label', type: 'nominal', sort: [...labels], scale: { domain: [...labels], range: [...CATEGORY_COLOURS] }, title: 'Segment' },
      // Stack in model order, from the axis up, whatever order Vega-Lite would pick by name.
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'group', type: 'ordinal', title: breakdown.title },
        { field: 'label', type: 'nominal', title: 'Segment' },
        { field: 'people', type: 'quantitative', title: 'People', format: ',d' },
        { field: 'share', type: 'quantitative', title: 'Share of the group', format: '.1%' },
      ],
    },
  };
}
