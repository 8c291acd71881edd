import type { DeepReadonly } from '../../core/freeze.js';
import * as z from 'zod';
import { IsoDateSchema, type IsoDate } from '../../core/dates.js';
import { parseInput } from '../../core/validation.js';
import { defineModel, type ModelSpec, type SegmentationModel } from '../model/model.js';
import { UnknownMarkerPolicySchema, type UnknownMarker } from '../classify/unknown-markers.js';
import { bySegmentId, checkFlowCells, walkTimeline } from './timeline.js';
import { createFlow, type SegmentTransitions } from './transitions.js';

/** The most dates one series may hold: 50 years of month ends. */
const MAX_DATES = 600;

/**
 * Zod schema of the options of {@link segmentsOverTime}: the evaluation dates (2 to 600, in
 * increasing order) and what to do with unknown marker ids.
 *
 * @example
 * SeriesOptionsSchema.safeParse({ dates: ['2024-03-31', '2024-04-30'] }).success // true
 * SeriesOptionsSchema.safeParse({ dates: ['2024-04-30', '2024-03-31'] }).success // false: not in order
 */
export const SeriesOptionsSchema = z.strictObject({
  dates: z
    .array(IsoDateSchema)
    .min(2, 'A series needs at least two dates')
    .max(MAX_DATES, `At most ${MAX_DATES} dates in one series (50 years of month ends)`)
    .superRefine((dates, ctx) => {
      for (let k = 1; k < dates.length; k++) {
        if ((dates[k] as string) <= (dates[k - 1] as string)) {
          ctx.addIssue({ code: 'custom', path: [k], message: `Dates must increase: ${dates[k]} is not after ${dates[k - 1]}` });
          return;
        }
      }
    }),
  /** `'report'` (the default), `'reject'` or `'ignore'` marker ids that neither the catalogue nor the model declares. */
  unknownMarkers: UnknownMarkerPolicySchema.optional(),
});

/**
 * Options of {@link segmentsOverTime}: `dates` (increasing, 2 to 600 of them; `monthEnds` makes
 * a run of month ends) and optionally `unknownMarkers`.
 *
 * @example
 * const options: SeriesOptions = { dates: monthEnds('2022-04-01', '2024-03-31') };
 */
export type SeriesOptions = z.input<typeof SeriesOptionsSchema>;

/**
 * One step of a series: the movement between two consecutive dates, as {@link transitions}
 * reports it.
 *
 * @example
 * const [first]: readonly SeriesStep[] = segmentsOverTime(rows, leeds2024, { dates }).steps;
 * first?.moved; // people who changed segment between the first two dates
 */
export type SeriesStep = Pick<SegmentTransitions, 'from' | 'to' | 'matrix' | 'stayedInPopulation' | 'moved' | 'entered' | 'born' | 'registered' | 'left' | 'died' | 'deregistered' | 'outside'>;

/**
 * Segments over a series of dates: how many people were in each on each date, and the flows
 * between consecutive dates, with everyone accounted for.
 *
 * @example
 * const s: SegmentSeries = segmentsOverTime(rows, leeds2024, { dates: monthEnds('2022-04-01', '2024-03-31') });
 * s.counts[0]?.bySegment.frailty; // people in frailty on the first date
 * s.steps[0]?.moved;              // people who changed segment in the first month
 */
export interface SegmentSeries {
  readonly dates: readonly IsoDate[];
  /** Segment ids, in model order. */
  readonly segments: readonly string[];
  /** On each date: the people in each segment, and those in the population. */
  readonly counts: readonly { readonly date: IsoDate; readonly inPopulation: number; readonly bySegment: Readonly<Record<string, number>> }[];
  /** Between each date and the next (one fewer than the dates): the flows between segments. */
  readonly steps: readonly SeriesStep[];
  /** Rows read: on every step, `stayedInPopulation + entered + left + outside + rejected = total`. */
  readonly total: number;
  readonly rejected: number;
  /** Marker ids the rows carry that neither the catalogue nor the model declares, as in `segmentPopulation`. */
  readonly unknownMarkers: readonly UnknownMarker[];
}

/**
 * Classifies everyone on each date of a series (month ends over two years, say) with the same
 * model and counts the people in each segment on each date and the flows between consecutive
 * dates: who stayed, who moved where, who was born or registered (`entered`) and who died or
 * was deregistered (`left`). Each row
 * is read once, so a person is the same on every date; rows are screened and accounted for as
 * in {@link transitions}, which is this for two dates. Time grows with rows × dates (at most
 * 600 dates), memory with segments² × dates: more than 50,000,000 flow cells is refused.
 *
 * @example
 * const s = segmentsOverTime(rows, leeds2024, { dates: ['2023-04-01', '2023-10-01', '2024-04-01'] });
 * s.steps.map((step) => step.moved); // movers in each half-year
 */
export function segmentsOverTime(records: Iterable<unknown>, model: DeepReadonly<ModelSpec> | SegmentationModel, options: DeepReadonly<SeriesOptions>): SegmentSeries {
  const { dates, unknownMarkers: policy = 'report' } = parseInput(SeriesOptionsSchema, options, 'options');
  const checked = defineModel(model);
  const size = checked.segments.length;
  checkFlowCells(size, dates.length - 1, 'dates');
  const present = dates.map(() => new Array<number>(size).fill(0));
  const flows = dates.slice(1).map(() => createFlow(size));
  const report = walkTimeline(records, checked, dates, policy, (w) => {
    for (let k = 0; k < dates.length; k++) {
      const at = w[k] as number;
      if (at >= 0) (present[k] as number[])[at]!++;
      if (k > 0) (flows[k - 1] as ReturnType<typeof createFlow>).add(w[k - 1] as number, at);
    }
  });
  const { segments } = report;
  return {
    dates,
    segments,
    counts: dates.map((date, k) => ({ date, inPopulation: (present[k] as number[]).reduce((a, b) => a + b, 0), bySegment: bySegmentId(segments, present[k] as number[]) })),
    steps: flows.map((flow, k) => ({ from: dates[k] as IsoDate, to: dates[k + 1] as IsoDate, ...flow.result(segments) })),
    total: report.total,
    rejected: report.rejected,
    unknownMarkers: report.unknownMarkers,
  };
}
