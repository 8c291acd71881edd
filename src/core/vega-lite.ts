import * as z from 'zod';
import { PhmValidationError, type PhmIssue } from './errors.js';
import { describeIssues, recordOf } from './validation.js';

/**
 * A Vega-Lite specification, as plain JSON: the chart functions of each module return one, and
 * phm-kit never renders it. Hand it to vega-embed, Observable, Jupyter, or `vega-lite`'s
 * `compile` and `vega` to render it: phm-kit depends on none of them.
 *
 * @example
 * const spec: VegaLiteSpec = segmentCountsChart(result);
 * JSON.stringify(spec); // a complete chart, data included
 */
export type VegaLiteSpec = { readonly $schema: string; readonly [key: string]: unknown };

/** The Vega-Lite version every chart targets. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Paul Tol's "muted" qualitative scheme: nine colours that stay distinct under the common
 * forms of colour blindness. Nine is enough for every bundled model's segments; a tenth
 * category would reuse the first colour, so charts also label categories in words.
 */
export const CATEGORY_COLOURS: readonly string[] = Object.freeze(['#CC6677', '#332288', '#DDCC77', '#117733', '#88CCEE', '#882255', '#44AA99', '#999933', '#AA4499']);

/** Two series to compare (Okabe-Ito blue and orange, safe for colour blindness and in greyscale). */
export const PAIR_COLOURS: readonly string[] = Object.freeze(['#0072B2', '#E69F00']);

/**
 * Zod schema of the options every chart takes: a title and the size of the plot area, in pixels.
 *
 * @example
 * ChartOptionsSchema.safeParse({ title: 'Leeds, April 2024', width: 640 }).success // true
 * ChartOptionsSchema.safeParse({ width: 10 }).success                              // false: at least 50 pixels
 */
export const ChartOptionsSchema = z.strictObject({
  /** Replaces the chart's default title. */
  title: z.string().min(1).optional(),
  /** Width of the plot area in pixels (of each panel, for charts with panels). */
  width: z.number().int().min(50).max(4000).optional(),
  /** Height of the plot area in pixels (of each panel, for charts with panels). */
  height: z.number().int().min(50).max(4000).optional(),
});

/**
 * Options every chart takes: `title`, which replaces the chart's default title, and the `width`
 * and `height` of the plot area in pixels (50 to 4,000).
 *
 * @example
 * const options: ChartOptions = { title: 'Leeds segments, April 2024', width: 640, height: 320 };
 * segmentCountsChart(result, options);
 */
export type ChartOptions = z.input<typeof ChartOptionsSchema>;

/** Labels for ids, from id to words: unknown ids are an error, so a typo cannot pass unseen. */
export const LabelsSchema = recordOf(z.string().min(1), z.string().min(1));

/**
 * Each id's label (the id itself when none is given). Throws {@link PhmValidationError} when a
 * label names an id the result does not have, or two ids share a label: charts place bars by
 * label, so two ids with one label would silently become one bar.
 */
export function labelsFor(ids: readonly string[], labels: Readonly<Record<string, string>> | undefined, path: readonly (string | number)[]): string[] {
  const issues: PhmIssue[] = [];
  const known = new Set(ids);
  for (const id of Object.keys(labels ?? {}).sort()) {
    if (!known.has(id)) issues.push({ path: [...path, id], message: `There is no '${id}' in the result to label` });
  }
  const out = ids.map((id) => (labels !== undefined && Object.hasOwn(labels, id) ? (labels[id] as string) : id));
  const seen = new Map<string, string>();
  out.forEach((label, i) => {
    const id = ids[i] as string;
    const first = seen.get(label);
    if (first !== undefined) issues.push({ path: [...path, id], message: `'${first}' and '${id}' have the same label '${label}': labels must be distinct` });
    else seen.set(label, id);
  });
  if (issues.length > 0) throw new PhmValidationError(`Invalid options: ${describeIssues(issues)}`, issues);
  return out;
}

/** The parts every spec shares, in a fixed key order. A subtitle of several lines is an array. */
export function specHeader(title: string, subtitle: string | readonly string[] | undefined): { $schema: string; title: { text: string; subtitle?: string | string[] }; background: string; config: Record<string, unknown> } {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: subtitle === undefined ? { text: title } : { text: title, subtitle: typeof subtitle === 'string' ? subtitle : [...subtitle] },
    // A white background keeps the chart legible on dark pages (GitHub's dark theme).
    background: 'white',
    // Segment names run long ("People with a learning disability and/or neurodiversity"):
    // Vega's default limits of 180 pixels would cut them short.
    config: { font: 'Helvetica, Arial, sans-serif', view: { stroke: null }, axis: { labelLimit: 400 }, legend: { labelLimit: 400 } },
  };
}

/**
 * Vega's expression for an axis label in pounds, UK style: £950k, £300m, £1.2bn. The numbers
 * plotted are approximations of exact decimal strings; the labels only need three figures.
 */
export const POUNDS_LABEL_EXPR =
  // Below £1,000 the SI prefixes would read as milli (m): plain pounds and pence there.
  "datum.value < 1000 ? '£' + format(datum.value, ',.2~f') : '£' + replace(replace(replace(format(datum.value, '.3~s'), 'G', 'bn'), 'M', 'm'), 'T', 'tn')";
