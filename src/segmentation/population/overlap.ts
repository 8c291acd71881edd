import type { DeepReadonly } from '../../core/freeze.js';
import type { IsoDate } from '../../core/dates.js';
import { parseInput } from '../../core/validation.js';
import { ClassifyOptionsSchema, type ClassifyOptions } from '../classify/options.js';
import { createUnknownMarkerTally, type UnknownMarker } from '../classify/unknown-markers.js';
import { createClassifier } from '../classify/compile.js';
import { exclusionOn } from '../classify/exclusion.js';
import { defineModel, type ModelSpec, type SegmentationModel } from '../model/model.js';
import { screenRecords } from '../records/screen.js';

/**
 * How many people meet each pair of segment rules, before precedence picks one segment.
 *
 * @example
 * const o: SegmentOverlap = overlap(rows, leeds2024, { asOf: '2024-04-01' });
 * o.matrix[o.segments.indexOf('frailty')]?.[o.segments.indexOf('cancer')]; // people meeting both rules
 */
export interface SegmentOverlap {
  readonly asOf: IsoDate;
  /** Rows read; `assessed + rejected + excluded = total`. */
  readonly total: number;
  readonly assessed: number;
  readonly rejected: number;
  readonly excluded: number;
  /** Segment ids, in model order: the rows and columns of `matrix`. */
  readonly segments: readonly string[];
  /**
   * `matrix[i][j]`: people whose rules for segments i and j both held; the diagonal is everyone
   * whose rule for segment i held. The catch-all's row counts those matching nothing else.
   */
  readonly matrix: readonly (readonly number[])[];
  /** The off-diagonal pairs with at least one person, largest first. */
  readonly pairs: readonly { readonly a: string; readonly b: string; readonly count: number }[];
  /** Marker ids the rows carry that neither the catalogue nor the model declares, as in `segmentPopulation`. */
  readonly unknownMarkers: readonly UnknownMarker[];
}

/**
 * Counts, for every pair of segments, the people who meet both rules: what the model's
 * precedence decides. A large overlap between two segments is a choice worth reviewing.
 * Rows are screened as `screenRecords` screens them (each read once); throws
 * `PhmValidationError` for invalid options or `records` that fails as a whole, as
 * `segmentPopulation` does. Unknown marker ids are reported (or rows carrying them rejected,
 * or they are ignored) as the option `unknownMarkers` says, as in `segmentPopulation`.
 *
 * @example
 * const { pairs } = overlap(rows, leeds2024, { asOf: '2024-04-01' });
 * pairs[0]; // e.g. { a: 'frailty', b: 'long-term-conditions', count: 31250 }
 */
export function overlap(records: Iterable<unknown>, model: DeepReadonly<ModelSpec> | SegmentationModel, options: ClassifyOptions): SegmentOverlap {
  const { asOf, unknownMarkers: policy = 'report' } = parseInput(ClassifyOptionsSchema, options, 'options');
  const checked = defineModel(model);
  const { total, people, rejected } = screenRecords(records);
  const classifier = createClassifier(checked, asOf);
  const segments = checked.segments.map((s) => s.id);
  const position = new Map(segments.map((id, i) => [id, i]));
  const matrix = segments.map(() => segments.map(() => 0));
  const tally = createUnknownMarkerTally(checked, policy);
  let assessed = 0;
  let excluded = 0;
  let unknownRejected = 0;
  // `people` are the screen's snapshots: reading them cannot throw.
  for (const person of people) {
    if (tally.check(person) !== undefined) {
      unknownRejected++;
      continue;
    }
    if (exclusionOn(person, asOf) !== undefined) {
      excluded++;
      continue;
    }
    const matched = classifier.classify(person).matched.map((id) => position.get(id) as number);
    for (const i of matched) for (const j of matched) matrix[i]![j]!++;
    assessed++;
  }
  const pairs = segments
    .flatMap((a, i) => segments.slice(i + 1).map((b, k) => ({ a, b, count: matrix[i]![i + 1 + k]! })))
    .filter((pair) => pair.count > 0)
    .sort((x, y) => y.count - x.count);
  return { asOf, total, assessed, rejected: rejected.length + unknownRejected, excluded, segments, matrix, pairs, unknownMarkers: tally.result() };
}
