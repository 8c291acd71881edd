import type { IsoDate } from '../core/dates.js';
import { createClassifier, type Assignment } from './compile.js';
import { createCounter } from './counts.js';
import { exclusionOn, type Exclusion } from './exclusion.js';
import type { SegmentationModel } from './model.js';
import type { Person } from './person.js';
import type { Rejection } from './screen.js';

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
 * @example
 * const placer = createPlacer(leeds2024, '2024-04-01', DEFAULT_AGE_BANDS);
 * const assignments: Assignment[] = [];
 * const excluded: Exclusion[] = [];
 * placer.place(person, 0, assignments, excluded);
 * placer.counts().bySegment;
 */
export function createPlacer(model: SegmentationModel, asOf: IsoDate, ageBands: readonly number[]) {
  const classifier = createClassifier(model, asOf);
  const segmentIds = model.segments.map((s) => s.id);
  const indexOfSegment = new Map(segmentIds.map((id, i) => [id, i]));
  const counter = createCounter(segmentIds, ageBands);

  /**
   * Adds the person at input position `index` to `excluded`, or classifies, counts and adds
   * them to `assignments`. Throws only when reading the row throws (an object whose fields read
   * differently from one read to the next), and then has listed and counted nothing, so that
   * the caller can reject the row as unreadable.
   */
  const place = (person: Person, index: number, assignments: Assignment[], excluded: Exclusion[]): void => {
    const exclusion = exclusionOn(person, asOf);
    if (exclusion !== undefined) {
      excluded.push({ index, personId: person.id, ...exclusion });
      return;
    }
    const assignment = classifier.evaluate(person, index);
    counter.add(indexOfSegment.get(assignment.segment) as number, person, assignment.age);
    assignments.push(assignment);
  };

  /** Takes an assignment back out of the counts (a row found to be a duplicate after the pass). */
  const uncount = (assignment: Assignment, person: Person): void => {
    counter.add(indexOfSegment.get(assignment.segment) as number, person, assignment.age, -1);
  };

  return { place, uncount, counts: counter.result };
}
