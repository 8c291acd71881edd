import type { IsoDate } from '../../core/dates.js';
import { createClassifier } from '../classify/compile.js';
import { exclusionOn, type ExclusionReason } from '../classify/exclusion.js';
import type { SegmentationModel } from '../model/model.js';
import { PhmValidationError } from '../../core/errors.js';
import { screenRecords } from '../records/screen.js';
import { createUnknownMarkerTally, type UnknownMarker, type UnknownMarkerPolicy } from '../classify/unknown-markers.js';

/** Where one person is on each date: a segment index, or one of the negative codes below. */
export type Whereabouts = Int32Array;

/** Born after the date: not yet in the population. */
export const NOT_BORN = -1;
/** Died on or before the date: out of the population for good. */
export const DIED = -2;
/** Deregistered on or before the date: out of the population for good (a person has one registration). */
export const DEREGISTERED = -3;
/** Born, but registered after the date: not yet in the population. */
export const NOT_REGISTERED = -4;

const WHEREABOUTS: Readonly<Record<ExclusionReason, number>> = {
  deceased: DIED,
  deregistered: DEREGISTERED,
  'not-yet-born': NOT_BORN,
  'not-yet-registered': NOT_REGISTERED,
};

/** What a timeline read: the rows, those rejected, and the unknown marker ids it saw. */
export interface TimelineReport {
  readonly model: SegmentationModel;
  readonly segments: readonly string[];
  readonly total: number;
  readonly rejected: number;
  readonly unknownMarkers: readonly UnknownMarker[];
}

/**
 * Classifies every valid person on every date with a checked model, in one pass over the rows, and hands each
 * person's whereabouts (one entry per date) to `visit`. Rows are screened as `screenRecords`
 * screens them, each read once, so a person is the same on every date; rows with unknown
 * marker ids are reported, rejected or ignored as `policy` says. The array `visit` receives is
 * reused for the next person: read it, do not keep it.
 */
export function walkTimeline(
  records: Iterable<unknown>,
  checked: SegmentationModel,
  dates: readonly IsoDate[],
  policy: UnknownMarkerPolicy,
  visit: (whereabouts: Whereabouts) => void,
): TimelineReport {
  const { total, people, rejected } = screenRecords(records);
  const classifiers = dates.map((date) => createClassifier(checked, date));
  const tally = createUnknownMarkerTally(checked, policy);
  const whereabouts = new Int32Array(dates.length);
  let unknownRejected = 0;
  // `people` are the screen's snapshots: reading them cannot throw.
  for (const person of people) {
    if (tally.check(person) !== undefined) {
      unknownRejected++;
      continue;
    }
    for (let k = 0; k < dates.length; k++) {
      const out = exclusionOn(person, dates[k] as IsoDate);
      whereabouts[k] = out === undefined ? (classifiers[k] as ReturnType<typeof createClassifier>).segmentIndex(person) : WHEREABOUTS[out.reason];
    }
    visit(whereabouts);
  }
  return { model: checked, segments: checked.segments.map((s) => s.id), total, rejected: rejected.length + unknownRejected, unknownMarkers: tally.result() };
}

/** A record from segment id to count, from counts in model order. */
export const bySegmentId = (segments: readonly string[], counts: ArrayLike<number>): Record<string, number> =>
  Object.fromEntries(segments.map((id, i) => [id, counts[i] as number]));

/** A segments × segments matrix of zeros. */
export const squareOfZeros = (n: number): number[][] => Array.from({ length: n }, () => new Array<number>(n).fill(0));

/** People on the diagonal of a flow matrix and off it: those who stayed in a segment and those who moved. */
export function stayedAndMoved(matrix: readonly (readonly number[])[]): { stayedInPopulation: number; moved: number } {
  let stayedInPopulation = 0;
  let moved = 0;
  for (const [i, row] of matrix.entries()) {
    for (const [j, n] of row.entries()) {
      stayedInPopulation += n;
      if (i !== j) moved += n;
    }
  }
  return { stayedInPopulation, moved };
}

/** The most cells of flow matrices one call may hold: segments × segments × steps. */
export const MAX_FLOW_CELLS = 50_000_000;

/**
 * Refuses a model and number of steps whose flow matrices would hold more than
 * {@link MAX_FLOW_CELLS} cells (a model of thousands of segments over hundreds of dates), before
 * any is made.
 */
export function checkFlowCells(segments: number, steps: number, path: string): void {
  const cells = segments * segments * steps;
  if (cells <= MAX_FLOW_CELLS) return;
  const message = `${segments.toLocaleString('en-GB')} segments over ${steps.toLocaleString('en-GB')} steps make ${cells.toLocaleString('en-GB')} flow cells, more than the ${MAX_FLOW_CELLS.toLocaleString('en-GB')} one call may hold: use fewer dates, or a model with fewer segments`;
  throw new PhmValidationError(`Invalid options: ${path}: ${message}`, [{ path: [path], message }]);
}
