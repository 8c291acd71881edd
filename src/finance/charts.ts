import { countOf } from '../core/words.js';
import type { DeepReadonly } from '../core/freeze.js';
import * as z from 'zod';
import { PhmValidationError, type PhmIssue } from '../core/errors.js';
import { atMostCharacters, MONEY_MAX_LENGTH, MoneySchema } from '../core/money.js';
import { describeIssues, parseInput } from '../core/validation.js';
import { ChartOptionsSchema, PAIR_COLOURS, POUNDS_LABEL_EXPR, specHeader, type VegaLiteSpec } from '../core/vega-lite.js';
import type { EnvelopeAllocation } from './envelopes.js';

/**
 * Money as allocateEnvelopes prints it: a current spend of 64 characters comes out with two
 * decimals, and a change one sign longer, so results are read with a few characters more than
 * inputs.
 */
const PrintedMoneySchema = z.union([z.string().max(MONEY_MAX_LENGTH + 8, atMostCharacters(MONEY_MAX_LENGTH + 8, 'amounts')).regex(/^-?\d+(\.\d+)?$/, 'Expected an amount as a decimal string'), MoneySchema]);

/** The parts of an {@link EnvelopeAllocation} the chart reads: extra fields are ignored, not copied. */
const AllocationSchema = z.object({
  total: PrintedMoneySchema,
  allocatable: PrintedMoneySchema.optional(),
  topSlices: z.array(z.object({ id: z.string().min(1), amount: PrintedMoneySchema })).optional(),
  envelopes: z
    .array(
      z.object({
        id: z.string().min(1),
        label: z.string().min(1).optional(),
        amount: PrintedMoneySchema,
        currentSpend: PrintedMoneySchema.nullable().optional(),
        changePercent: z.string().regex(/^-?\d+(\.\d+)?$/, 'Expected a percentage as a decimal string, e.g. "4.35"').nullable().optional(),
      }),
    )
    .min(1),
});

/**
 * Zod schema of the options of {@link envelopesChart}: title, width and height. Envelopes carry
 * their own labels.
 *
 * @example
 * EnvelopesChartOptionsSchema.safeParse({ title: 'Leeds envelopes, 2024/25' }).success // true
 */
export const EnvelopesChartOptionsSchema = ChartOptionsSchema;

/**
 * Options of {@link envelopesChart}.
 *
 * @example
 * const options: EnvelopesChartOptions = { title: 'Leeds envelopes, 2024/25', width: 640 };
 * envelopesChart(allocation, options);
 */
export type EnvelopesChartOptions = z.input<typeof EnvelopesChartOptionsSchema>;

const ALLOCATED = 'Allocated envelope';
const CURRENT = 'Current spend';

/** "1200000000.00" as "£1,200,000,000.00": the exact text, grouped, no float in between. */
function pounds(exact: string): string {
  const negative = exact.startsWith('-');
  const [whole = '0', fraction] = exact.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}£${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * A bar chart of each envelope's allocated amount beside its current spend, from
 * {@link allocateEnvelopes}'s result, as a Vega-Lite specification: plain JSON, data included.
 * Envelopes appear in input order, labelled by their `label` (or id), each with its change
 * against current spend as a percentage. Envelopes without a current spend show the allocation
 * alone; top slices are not envelopes and are summed in the subtitle.
 *
 * Money arrives as exact decimal strings. A chart needs numbers, so each datum's `amount` is
 * the string converted to a JS number FOR PLOTTING ONLY (exact to well under a penny below
 * £90 trillion); the exact string rides along as `exact` and is what the tooltips show. Never
 * add up the `amount`s: use the allocation's own strings.
 *
 * Throws `PhmValidationError` naming the path when the input is not an envelope allocation.
 *
 * @example
 * const allocation = allocateEnvelopes({
 *   total: '1200000000.00',
 *   method: { kind: 'historic' },
 *   segments: [{ id: 'frailty', currentSpend: '240000000.00' }, { id: 'healthy-adults', currentSpend: '200000000.00' }],
 * });
 * const spec = envelopesChart(allocation, { title: 'Envelopes, 2024/25' });
 * spec.data.values[1];
 * // { envelope: 'frailty', label: 'frailty', series: 'Allocated envelope', amount: 654545454.55, exact: '654545454.55', change: '+172.73%' }
 */
export function envelopesChart(allocation: EnvelopeAllocation, options: DeepReadonly<EnvelopesChartOptions> = {}): VegaLiteSpec {
  const opts = parseInput(EnvelopesChartOptionsSchema, options, 'options');
  const input = parseInput(AllocationSchema, allocation, 'envelope allocation');
  const labels = input.envelopes.map((e) => e.label ?? e.id);
  const issues: PhmIssue[] = [];
  const seen = new Map<string, number>();
  labels.forEach((label, i) => {
    const first = seen.get(label);
    // Bars are placed by label: two envelopes with one label would become one bar.
    if (first !== undefined) issues.push({ path: ['envelopes', i, input.envelopes[i]?.label === undefined ? 'id' : 'label'], message: `Envelopes ${first} and ${i} have the same label '${label}': labels must be distinct` });
    else seen.set(label, i);
  });
  if (issues.length > 0) throw new PhmValidationError(`Invalid envelope allocation: ${describeIssues(issues)}`, issues);

  const values = input.envelopes.flatMap((e, i) => {
    const label = labels[i] as string;
    const allocated = String(e.amount);
    const spend = e.currentSpend === undefined || e.currentSpend === null ? null : String(e.currentSpend);
    const change = e.changePercent === undefined || e.changePercent === null ? null : `${e.changePercent.startsWith('-') || /^0+(\.0+)?$/.test(e.changePercent) ? '' : '+'}${e.changePercent}%`;
    return [
      ...(spend === null ? [] : [{ envelope: e.id, label, series: CURRENT, amount: Number(spend), exact: spend, change: null }]),
      { envelope: e.id, label, series: ALLOCATED, amount: Number(allocated), exact: allocated, change },
    ];
  });
  const series = [CURRENT, ALLOCATED].filter((s) => values.some((v) => v.series === s));
  const sliced = (input.topSlices ?? []).length;
  const subtitle = [
    `${pounds(String(input.total))} in all${input.allocatable === undefined || sliced === 0 ? '' : `: ${pounds(String(input.allocatable))} in ${input.envelopes.length} envelopes after ${countOf(sliced, 'top slice')}`}`,
    'Labels give each envelope\'s change against current spend',
  ];
  const x = { field: 'amount', type: 'quantitative', title: 'Amount (£)', axis: { labelExpr: POUNDS_LABEL_EXPR, tickCount: 6 } };
  const y = { field: 'label', type: 'nominal', sort: [...labels], title: null };
  return {
    ...specHeader(opts.title ?? 'Budget envelopes against current spend', subtitle),
    width: opts.width ?? 480,
    height: opts.height ?? { step: 14 },
    data: { values },
    encoding: { y, yOffset: { field: 'series', type: 'nominal', sort: series } },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x,
          color: { field: 'series', type: 'nominal', sort: series, scale: { domain: series, range: PAIR_COLOURS.slice(0, series.length) }, legend: { title: null, orient: 'top' } },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'Envelope' },
            { field: 'series', type: 'nominal', title: 'Series' },
            { field: 'exact', type: 'nominal', title: 'Amount (£, exact)' },
            { field: 'change', type: 'nominal', title: 'Change against current spend' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.change !== null' }],
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: 10 },
        encoding: { x, text: { field: 'change', type: 'nominal' } },
      },
    ],
  };
}
