import type { DeepReadonly } from '../../core/freeze.js';
import * as z from 'zod';
import { IsoDateSchema, type IsoDate } from '../../core/dates.js';
import { parseInput, whenValid } from '../../core/validation.js';
import { defineModel, type ModelSpec, type SegmentationModel } from '../model/model.js';
import { UnknownMarkerPolicySchema, type UnknownMarker } from '../classify/unknown-markers.js';
import { bySegmentId, DIED, NOT_BORN, squareOfZeros, stayedAndMoved, walkTimeline } from './timeline.js';

/**
 * Zod schema of the options of {@link transitions}: the two evaluation dates, `from` no later
 * than `to`, and what to do with unknown marker ids (`unknownMarkers`, as in
 * `segmentPopulation`).
 *
 * @example
 * TransitionOptionsSchema.safeParse({ from: '2024-04-01', to: '2023-04-01' }).success // false: from is after to
 */
export const TransitionOptionsSchema = z
  .strictObject({
    from: IsoDateSchema,
    to: IsoDateSchema,
    /** `'report'` (the default), `'reject'` or `'ignore'` marker ids that neither the catalogue nor the model declares. */
    unknownMarkers: UnknownMarkerPolicySchema.optional(),
  })
  .refine((o) => o.from <= o.to, { message: '`from` must not be after `to`', path: ['to'], ...whenValid('from', 'to') });

/**
 * Options of {@link transitions}: the dates to compare, `from` and `to` (`YYYY-MM-DD`, `from`
 * not after `to`), and optionally `unknownMarkers` (`'report'`, `'reject'` or `'ignore'`).
 *
 * @example
 * const year: TransitionOptions = { from: '2023-04-01', to: '2024-04-01' };
 * transitions(rows, leeds2024, year).moved;
 */
export type TransitionOptions = z.input<typeof TransitionOptionsSchema>;

/**
 * Movement between segments from one date to another, with everyone accounted for.
 *
 * @example
 * const t: SegmentTransitions = transitions(rows, leeds2024, { from: '2023-04-01', to: '2024-04-01' });
 * t.moved / t.stayedInPopulation; // share of people who changed segment
 * t.left.frailty;                 // people in frailty on `from` who had died or left the register by `to`
 */
export interface SegmentTransitions {
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Segment ids, in model order: the rows (`from`) and columns (`to`) of `matrix`. */
  readonly segments: readonly string[];
  /** `matrix[i][j]`: people in segment i on `from` and in segment j on `to`. */
  readonly matrix: readonly (readonly number[])[];
  /** People in the population on both dates (the sum of `matrix`). */
  readonly stayedInPopulation: number;
  /** People who moved segment (the off-diagonal sum of `matrix`). */
  readonly moved: number;
  /** Not in the population on `from` but in it on `to` (born or registered between): their segment on `to`. */
  readonly entered: Readonly<Record<string, number>>;
  /** Of `entered`, those born after `from`. */
  readonly born: Readonly<Record<string, number>>;
  /** Of `entered`, those born by `from` who registered after it. */
  readonly registered: Readonly<Record<string, number>>;
  /** In the population on `from` but not on `to` (dead or deregistered by then): their segment on `from`. */
  readonly left: Readonly<Record<string, number>>;
  /** Of `left`, those who died (a death before the deregistration, or on its day, counts as a death). */
  readonly died: Readonly<Record<string, number>>;
  /** Of `left`, those who were deregistered (moved away, say) before any death. */
  readonly deregistered: Readonly<Record<string, number>>;
  /** Rows read; `stayedInPopulation + entered + left + outside + rejected = total`. */
  readonly total: number;
  /** Valid people in the population on neither date. */
  readonly outside: number;
  readonly rejected: number;
  /** Marker ids the rows carry that neither the catalogue nor the model declares, as in `segmentPopulation`. */
  readonly unknownMarkers: readonly UnknownMarker[];
}

/**
 * Counts how many people moved from each segment to each other between two dates. Membership
 * is "one segment at one time": each person is classified on each date with the same model.
 * Rows are screened as `screenRecords` screens them (each read once, so a person is the same
 * on both dates); throws `PhmValidationError` for invalid options or `records` that fails as a
 * whole, as `segmentPopulation` does. Unknown marker ids are reported (or rows carrying them
 * rejected, or they are ignored) as the option `unknownMarkers` says.
 *
 * @example
 * const t = transitions(rows, leeds2024, { from: '2023-04-01', to: '2024-04-01' });
 * t.matrix[t.segments.indexOf('long-term-conditions')][t.segments.indexOf('frailty')];
 */
export function transitions(
  records: Iterable<unknown>,
  model: DeepReadonly<ModelSpec> | SegmentationModel,
  options: TransitionOptions,
): SegmentTransitions {
  const { from, to, unknownMarkers: policy = 'report' } = parseInput(TransitionOptionsSchema, options, 'options');
  const checked = defineModel(model);
  const flow = createFlow(checked.segments.length);
  const report = walkTimeline(records, checked, [from, to], policy, (w) => flow.add(w[0] as number, w[1] as number));
  return { from, to, segments: report.segments, ...flow.result(report.segments), total: report.total, rejected: report.rejected, unknownMarkers: report.unknownMarkers };
}

/**
 * A flow between two dates, built person by person from their whereabouts on each: a segment
 * index, or {@link NOT_BORN}, {@link NOT_REGISTERED}, {@link DIED} or {@link DEREGISTERED}.
 */
export function createFlow(size: number) {
  const matrix = squareOfZeros(size);
  const zeros = () => new Array<number>(size).fill(0);
  const [born, registered, died, deregistered] = [zeros(), zeros(), zeros(), zeros()];
  let outside = 0;
  return {
    add(was: number, is: number) {
      if (was >= 0 && is >= 0) matrix[was]![is]!++;
      else if (is >= 0) (was === NOT_BORN ? born : registered)[is]!++;
      else if (was >= 0) (is === DIED ? died : deregistered)[was]!++;
      else outside++;
    },
    result(segments: readonly string[]) {
      const sum = (a: readonly number[], b: readonly number[]) => bySegmentId(segments, a.map((n, i) => n + (b[i] as number)));
      return {
        matrix,
        ...stayedAndMoved(matrix),
        entered: sum(born, registered),
        born: bySegmentId(segments, born),
        registered: bySegmentId(segments, registered),
        left: sum(died, deregistered),
        died: bySegmentId(segments, died),
        deregistered: bySegmentId(segments, deregistered),
        outside,
      };
    },
  };
}
