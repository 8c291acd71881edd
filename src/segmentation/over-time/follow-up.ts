import type { DeepReadonly } from '../../core/freeze.js';
import * as z from 'zod';
import { dateAfterUnchecked, IsoDateSchema, LookBackSchema, type IsoDate, type LookBack } from '../../core/dates.js';
import { PhmValidationError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import { defineModel, type ModelSpec, type SegmentationModel } from '../model/model.js';
import { UnknownMarkerPolicySchema, type UnknownMarker } from '../classify/unknown-markers.js';
import { bySegmentId, checkFlowCells, DIED, squareOfZeros, walkTimeline } from './timeline.js';

/**
 * Zod schema of the options of {@link followUp}: the `start` date, the `offsets` after it at
 * which the cohort is seen again (1 to 100, each later than the one before: `{ months: 6 }`,
 * `{ days: 90 }`), and what to do with unknown marker ids.
 *
 * @example
 * FollowUpOptionsSchema.safeParse({ start: '2022-04-01', offsets: [{ months: 6 }, { months: 12 }] }).success // true
 */
export const FollowUpOptionsSchema = z.strictObject({
  start: IsoDateSchema,
  offsets: z.array(LookBackSchema).min(1, 'Give at least one offset').max(100, 'At most 100 offsets'),
  /** `'report'` (the default), `'reject'` or `'ignore'` marker ids that neither the catalogue nor the model declares. */
  unknownMarkers: UnknownMarkerPolicySchema.optional(),
});

/**
 * Options of {@link followUp}: `start`, `offsets` (periods after it, e.g. 6, 12, 18 and 24
 * months) and optionally `unknownMarkers`.
 *
 * @example
 * const options: FollowUpOptions = { start: '2022-04-01', offsets: [6, 12, 18, 24].map((months) => ({ months })) };
 */
export type FollowUpOptions = z.input<typeof FollowUpOptionsSchema>;

/**
 * Where the people in each segment on the start date were at each offset.
 *
 * @example
 * const f: SegmentFollowUp = followUp(rows, leeds2024, { start: '2022-04-01', offsets: [{ months: 12 }] });
 * f.at[0]?.matrix; // [segment on start][segment 12 months on]
 */
export interface SegmentFollowUp {
  readonly start: IsoDate;
  /** Segment ids, in model order: the rows and columns of each `matrix`. */
  readonly segments: readonly string[];
  /** The cohort: people in the population on `start`, by segment. */
  readonly cohort: Readonly<Record<string, number>>;
  readonly cohortSize: number;
  /**
   * At each offset: `matrix[i][j]`, people in segment i on `start` and in segment j then;
   * `died` and `deregistered`, by their segment on `start`, those who had left the population
   * by then, by the way they left first. Each row of `matrix` plus its `died` and
   * `deregistered` is the segment's cohort.
   */
  readonly at: readonly {
    readonly offset: LookBack;
    readonly date: IsoDate;
    readonly matrix: readonly (readonly number[])[];
    readonly died: Readonly<Record<string, number>>;
    readonly deregistered: Readonly<Record<string, number>>;
  }[];
  /** Rows read: `cohortSize + notInCohort + rejected = total`. */
  readonly total: number;
  /** Valid people not in the population on `start` (dead or deregistered by it, born or registered after it): not followed. */
  readonly notInCohort: number;
  readonly rejected: number;
  readonly unknownMarkers: readonly UnknownMarker[];
}

/**
 * Follows the people in each segment on a start date to stated offsets after it (6, 12, 18 and
 * 24 months, say): where each segment's people were then, and how many had left the population,
 * by dying or by deregistration (whichever came first). Those not in the population on the
 * start date (born or registered after it, dead or deregistered by it) are not in the cohort
 * and are counted as such; no one is dropped. Each row is
 * read once, screened and accounted for as in {@link transitions}. An offset month counts a
 * calendar month, clamped to the end of a shorter month (31 August plus 6 months is the end of
 * February). Throws `PhmValidationError` for offsets whose dates do not increase or fall after
 * 9999-12-31, or a model and offsets whose matrices would hold more than 50,000,000 cells.
 *
 * @example
 * const f = followUp(rows, leeds2024, { start: '2022-04-01', offsets: [{ months: 6 }, { months: 12 }, { months: 18 }, { months: 24 }] });
 * f.at.map((a) => a.died.frailty);         // deaths among those in frailty at the start, by each offset
 * f.at.map((a) => a.deregistered.frailty); // and those who left the register
 */
export function followUp(records: Iterable<unknown>, model: DeepReadonly<ModelSpec> | SegmentationModel, options: DeepReadonly<FollowUpOptions>): SegmentFollowUp {
  const { start, offsets, unknownMarkers: policy = 'report' } = parseInput(FollowUpOptionsSchema, options, 'options');
  const dates = offsets.map((offset, k) => {
    const date = dateAfterUnchecked(start, offset);
    if (date === undefined) throw refusal(k, `${start} plus this offset falls after 9999-12-31`);
    return date;
  });
  dates.forEach((date, k) => {
    if (date <= (k === 0 ? start : (dates[k - 1] as IsoDate))) throw refusal(k, `Offsets must increase: this one falls on ${date}, not after ${k === 0 ? `the start, ${start}` : dates[k - 1]}`);
  });
  const checked = defineModel(model);
  const size = checked.segments.length;
  checkFlowCells(size, dates.length, 'offsets');
  const cohort = new Array<number>(size).fill(0);
  const matrices = dates.map(() => squareOfZeros(size));
  const died = dates.map(() => new Array<number>(size).fill(0));
  const deregistered = dates.map(() => new Array<number>(size).fill(0));
  let notInCohort = 0;
  const report = walkTimeline(records, checked, [start, ...dates], policy, (w) => {
    const was = w[0] as number;
    if (was < 0) {
      notInCohort++;
      return;
    }
    cohort[was]!++;
    for (let k = 0; k < dates.length; k++) {
      const is = w[k + 1] as number;
      // In the population on `start`, so never unborn or unregistered later: placed, dead or deregistered.
      if (is >= 0) matrices[k]![was]![is]!++;
      else (is === DIED ? died : deregistered)[k]![was]!++;
    }
  });
  const { segments } = report;
  return {
    start,
    segments,
    cohort: bySegmentId(segments, cohort),
    cohortSize: cohort.reduce((a, b) => a + b, 0),
    at: dates.map((date, k) => ({
      offset: offsets[k] as LookBack,
      date,
      matrix: matrices[k] as number[][],
      died: bySegmentId(segments, died[k] as number[]),
      deregistered: bySegmentId(segments, deregistered[k] as number[]),
    })),
    total: report.total,
    notInCohort,
    rejected: report.rejected,
    unknownMarkers: report.unknownMarkers,
  };
}

function refusal(k: number, message: string): PhmValidationError {
  return new PhmValidationError(`Invalid options: offsets[${k}]: ${message}`, [{ path: ['offsets', k], message }]);
}
