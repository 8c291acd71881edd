import type { IsoDate } from '../../core/dates.js';
import { createClassifier, type Assignment } from '../classify/compile.js';
import { createCounter } from './counts.js';
import { exclusionOn, type Exclusion } from '../classify/exclusion.js';
import type { SegmentationModel } from '../model/model.js';
import type { Person } from '../records/person.js';
import type { Rejection } from '../records/screen.js';

/**
 * Where rows went: every row read is in exactly one of the three lists, in input order. The
 * shape shared by `segmentPopulation`'s result and each batch of `segmentStream`.
 *
 * @example
 * const { assignments, rejected, excluded }: PlacedRows = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 */
export interface PlacedRows {
  /** The people in the population, each with their segment. */
  readonly assignments: readonly Assignment[];
  /** Rows that are not valid people, or share an id with another row. */
  readonly rejected: readonly Rejection[];
  /** Valid people dead on or before `asOf`, or born after it. */
  readonly excluded: readonly Exclusion[];
}

/**
 * The work the batch functions do on a row once it has passed the screen: exclude the person,
 * or classify and count them. `segmentPopulation` and `segmentStream` share it, so that a row
 * is placed the same way whichever reads it.
 *
 * `maxLocalities` (default: no limit) is the most distinct localities the counts keep; `fits`
 * says whether a person would stay within it.
 *
 * @example
 * const placer = createPlacer(leeds2024, '2024-04-01', DEFAULT_AGE_BANDS);
 * const assignments: Assignment[] = [];
 * const excluded: Exclusion[] = [];
 * placer.place(person, 0, assignments, excluded);
 * placer.counts().bySegment;
 */
export function createPlacer(model: SegmentationModel, asOf: IsoDate, ageBands: readonly number[], maxLocalities = Number.POSITIVE_INFINITY) {
  const classifier = createClassifier(model, asOf);
  const segmentIds = model.segments.map((s) => s.id);
  const indexOfSegment = new Map(segmentIds.map((id, i) => [id, i]));
  const overlayIds = (model.overlays ?? []).map((o) => o.id);
  const indexOfOverlay = new Map(overlayIds.map((id, i) => [id, i]));
  const counter = createCounter(segmentIds, ageBands, maxLocalities, overlayIds);
  // Most models have no overlays: no array per person for them.
  const none: readonly number[] = [];
  const overlaysOf = (a: Assignment): readonly number[] => (a.overlays.length === 0 ? none : a.overlays.map((id) => indexOfOverlay.get(id) as number));

  /**
   * Adds the person at input position `index` to `excluded` and returns -1, or classifies,
   * counts and adds them to `assignments` and returns the number of the place their locality
   * was counted at (for `uncount`). `person` is a snapshot that passed the screen, so nothing
   * here reads the caller's row or can throw on its account.
   */
  const place = (person: Person, index: number, assignments: Assignment[], excluded: Exclusion[]): number => {
    const exclusion = exclusionOn(person, asOf);
    if (exclusion !== undefined) {
      excluded.push({ index, personId: person.id, ...exclusion });
      return -1;
    }
    const assignment = classifier.evaluate(person, index);
    const at = counter.add(indexOfSegment.get(assignment.segment) as number, assignment.age, person.imdDecile ?? 0, person.locality, assignment.conditionCount, overlaysOf(assignment));
    assignments.push(assignment);
    return at;
  };

  /**
   * Takes an assignment back out of the counts (a row found to be a duplicate after the pass),
   * with the decile (0 for none) it was counted under and the place number `place` returned.
   */
  const uncount = (assignment: Assignment, decile: number, place: number): void => {
    counter.remove(indexOfSegment.get(assignment.segment) as number, assignment.age, decile, place, assignment.conditionCount, overlaysOf(assignment));
  };

  /**
   * Whether placing `person` would stay within the counter's limit of distinct localities:
   * false only for someone who would be assigned under a locality not yet counted, when the
   * limit is reached. `segmentStream` asks before it places a row.
   */
  const fits = (person: Person): boolean => counter.hasRoomFor(person.locality) || exclusionOn(person, asOf) !== undefined;

  return { place, uncount, fits, counts: counter.result };
}
