import type { DeepReadonly } from '../../core/freeze.js';
import * as z from 'zod';
import type { IsoDate } from '../../core/dates.js';
import { parseInput } from '../../core/validation.js';
import { ClassifyOptionsSchema } from '../classify/options.js';
import type { Assignment } from '../classify/compile.js';
import { DEFAULT_AGE_BANDS, type PopulationCounts } from './counts.js';
import type { Exclusion } from '../classify/exclusion.js';
import { defineModel, type ModelSpec, type SegmentationModel } from '../model/model.js';
import { createPlacer, type PlacedRows } from './placement.js';
import { toRows } from '../records/rows.js';
import { createScreen, type Rejection } from '../records/screen.js';
import { createUnknownMarkerTally, unknownMarkerRejection, type UnknownMarker } from '../classify/unknown-markers.js';

export type { Exclusion } from '../classify/exclusion.js';

/**
 * The result of {@link segmentPopulation}: every input row accounted for
 * (`assignments + rejected + excluded = total`), with counts and breakdowns.
 *
 * @example
 * const result: PopulationSegmentation = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * result.total === result.assignments.length + result.rejected.length + result.excluded.length; // true
 */
export interface PopulationSegmentation extends PlacedRows {
  readonly model: { readonly id: string; readonly label: string };
  readonly asOf: IsoDate;
  /** Rows read from the input. */
  readonly total: number;
  readonly counts: PopulationCounts;
  /**
   * Marker ids the rows carry that neither the catalogue nor the model declares, most frequent
   * first, each with the declared id it most likely meant: a misspelt marker is never silent.
   * Empty with `unknownMarkers: 'ignore'`.
   */
  readonly unknownMarkers: readonly UnknownMarker[];
}

/**
 * Zod schema of the options of {@link segmentPopulation}: the evaluation date `asOf` and,
 * optionally, the lower bounds of the age bands that `counts.byAgeBand` reports (default
 * {@link DEFAULT_AGE_BANDS}).
 *
 * @example
 * PopulationOptionsSchema.safeParse({ asOf: '2024-04-01', ageBands: [0, 18, 65] }).success // true
 * PopulationOptionsSchema.safeParse({ asOf: '2024-04-01', ageBands: [18, 65] }).success    // false: must start at 0
 */
export const PopulationOptionsSchema = ClassifyOptionsSchema.extend({
  /** Lower bounds of the age bands for `counts.byAgeBand`, starting at 0, strictly increasing. */
  ageBands: z
    .array(z.number().int().min(0).max(150))
    .min(1)
    .refine((bands) => bands[0] === 0, { message: 'The first age band must start at 0' })
    .refine((bands) => bands.every((b, i) => i === 0 || b > (bands[i - 1] as number)), { message: 'Age bands must be strictly increasing' })
    .optional(),
});

/**
 * Options of {@link segmentPopulation}: the evaluation date `asOf` and, optionally, `ageBands`,
 * the lower bounds of the age bands of `counts.byAgeBand`, starting at 0.
 *
 * @example
 * const options: PopulationOptions = { asOf: '2024-04-01', ageBands: [0, 18, 65] };
 * segmentPopulation(rows, leeds2024, options).counts.byAgeBand.map((b) => b.band); // ['0-17', '18-64', '65+']
 */
export type PopulationOptions = z.input<typeof PopulationOptionsSchema>;

/**
 * Assigns everyone in a population to exactly one segment on the evaluation date. Never throws
 * for a bad row: every row ends up in exactly one of `assignments`, `rejected` (schema errors,
 * duplicate ids, unreadable rows) or `excluded` (dead, not yet born), with the reason.
 * Each row is read once, into a snapshot that everything after reads: a row whose getters or
 * proxy traps throw is `unreadable-record`, never half counted. Throws only for invalid
 * options, an invalid model, or `records` that fails as a whole: not iterable, reading it
 * throws, or more than 10,000,000 rows (use `segmentStream` for more).
 *
 * @example
 * const result = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * result.counts.bySegment.frailty;   // people in the frailty segment
 * result.counts.mostDeprived.share;  // share living in IMD decile 1
 */
export function segmentPopulation(
  records: Iterable<unknown>,
  model: DeepReadonly<ModelSpec> | SegmentationModel,
  options: DeepReadonly<PopulationOptions>,
): PopulationSegmentation {
  const { asOf, ageBands = DEFAULT_AGE_BANDS, unknownMarkers: policy = 'report' } = parseInput(PopulationOptionsSchema, options, 'options');
  const checked = defineModel(model);
  const { rows, total } = toRows(records);
  const screen = createScreen(rows, total);
  const placer = createPlacer(checked, asOf, ageBands);
  const tally = createUnknownMarkerTally(checked, policy);
  const unknownRejected: Rejection[] = [];
  let assignments: Assignment[] = [];
  let excluded: Exclusion[] = [];
  // Where each assigned row was counted (its decile, 0 for none, and place number), so that a
  // row found later to share its id can be counted back out without being read again.
  const deciles = new Uint8Array(total);
  const places = new Int32Array(total);
  // One pass: screen, classify and count each row as it is read. Duplicate ids only show once
  // a later row repeats one, so their earlier rows are taken back out after the pass.
  for (let index = 0; index < total; index++) {
    const person = screen.check(index);
    if (person === undefined) continue;
    const unknown = tally.check(person);
    if (unknown !== undefined) {
      unknownRejected.push(unknownMarkerRejection(index, person.id, unknown));
      continue;
    }
    const place = placer.place(person, index, assignments, excluded);
    if (place < 0) continue;
    deciles[index] = person.imdDecile ?? 0;
    places[index] = place;
  }
  const { rejected: screened, duplicates } = screen.finish();
  // A row that shares its id is rejected as a duplicate, whatever its markers.
  const rejected = unknownRejected.length === 0 ? screened : mergeByIndex(screened, unknownRejected.filter((r) => !duplicates.has(r.index)));
  if (duplicates.size > 0) {
    assignments = assignments.filter((a) => {
      if (!duplicates.has(a.index)) return true;
      placer.uncount(a, deciles[a.index] as number, places[a.index] as number);
      return false;
    });
    excluded = excluded.filter((e) => !duplicates.has(e.index));
  }
  return { model: { id: checked.id, label: checked.label }, asOf, total, assignments, rejected, excluded, counts: placer.counts(), unknownMarkers: tally.result() };
}

/** Two lists of rejections, each in input order, as one. */
function mergeByIndex(a: readonly Rejection[], b: readonly Rejection[]): Rejection[] {
  const out: Rejection[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as Rejection).index < (b[j] as Rejection).index)) out.push(a[i++] as Rejection);
    else out.push(b[j++] as Rejection);
  }
  return out;
}
