import { z } from 'zod';
import type { IsoDate } from '../core/dates.js';
import { parseInput } from '../core/validation.js';
import { EvaluationOptionsSchema } from './classify.js';
import { compileClassifier, type Classification } from './compile.js';
import { createCounter, DEFAULT_AGE_BANDS, type PopulationCounts } from './counts.js';
import { exclusionOn, type ExclusionReason } from './exclusion.js';
import { defineModel, type ModelSpec, type SegmentationModel } from './model.js';
import { screenRecords, type Rejection } from './screen.js';

/** A person's segment, with the position of their row in the input. */
export interface Assignment extends Classification {
  readonly index: number;
}

/** A valid row that is not part of the population on the evaluation date. */
export interface Exclusion {
  readonly index: number;
  readonly personId: string;
  readonly reason: ExclusionReason;
  readonly detail: string;
}

/** Every input row, accounted for: `assignments + rejected + excluded = total`. */
export interface PopulationSegmentation {
  readonly model: { readonly id: string; readonly label: string };
  readonly asOf: IsoDate;
  /** Rows read from the input. */
  readonly total: number;
  /** One per person in the population, in input order. */
  readonly assignments: readonly Assignment[];
  /** Rows that are not valid people, or share an id with another row. */
  readonly rejected: readonly Rejection[];
  /** Valid people dead on or before `asOf`, or born after it. */
  readonly excluded: readonly Exclusion[];
  readonly counts: PopulationCounts;
}

export const PopulationOptionsSchema = EvaluationOptionsSchema.extend({
  /** Lower bounds of the age bands for `counts.byAgeBand`, starting at 0, strictly increasing. */
  ageBands: z
    .array(z.number().int().min(0).max(150))
    .min(1)
    .refine((bands) => bands[0] === 0, { message: 'The first age band must start at 0' })
    .refine((bands) => bands.every((b, i) => i === 0 || b > (bands[i - 1] as number)), { message: 'Age bands must be strictly increasing' })
    .optional(),
});

export type PopulationOptions = z.input<typeof PopulationOptionsSchema>;

/**
 * Assigns everyone in a population to exactly one segment on the evaluation date. Never throws
 * for a bad row: every row ends up in exactly one of `assignments`, `rejected` (schema errors,
 * duplicate ids, unreadable rows) or `excluded` (dead, not yet born), with the reason.
 * Throws only for invalid options, an invalid model, or `records` that is not iterable.
 *
 * @example
 * const result = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * result.counts.bySegment.frailty;   // people in the frailty segment
 * result.counts.mostDeprived.share;  // share living in IMD decile 1
 */
export function segmentPopulation(
  records: Iterable<unknown>,
  model: ModelSpec | SegmentationModel,
  options: PopulationOptions,
): PopulationSegmentation {
  const { asOf, ageBands = DEFAULT_AGE_BANDS } = parseInput(PopulationOptionsSchema, options, 'options');
  const checked = defineModel(model);
  const { total, people, indices, rejected } = screenRecords(records);
  const classifier = compileClassifier(checked, asOf);
  const segmentIds = checked.segments.map((s) => s.id);
  const indexOfSegment = new Map(segmentIds.map((id, i) => [id, i]));
  const counter = createCounter(segmentIds, ageBands);
  const assignments: Assignment[] = [];
  const excluded: Exclusion[] = [];
  for (let i = 0; i < people.length; i++) {
    const person = people[i]!;
    const index = indices[i]!;
    const exclusion = exclusionOn(person, asOf);
    if (exclusion !== undefined) {
      excluded.push({ index, personId: person.id, ...exclusion });
      continue;
    }
    const c = classifier.classify(person);
    assignments.push({ index, personId: c.personId, segment: c.segment, matched: c.matched, subsegments: c.subsegments, reason: c.reason, age: c.age });
    counter.add(indexOfSegment.get(c.segment)!, person, c.age);
  }
  return { model: { id: checked.id, label: checked.label }, asOf, total, assignments, rejected, excluded, counts: counter.result() };
}
