import { z } from 'zod';
import { IsoDateSchema } from '../core/dates.js';
import { PhmExcludedError } from '../core/errors.js';
import { parseInput } from '../core/validation.js';
import { compileClassifier, type Classification } from './compile.js';
import { exclusionOn } from './exclusion.js';
import { defineModel, type ModelSpec, type SegmentationModel } from './model.js';
import { PersonSchema } from './person.js';

/** Options shared by everything that evaluates a population on one date. */
export const EvaluationOptionsSchema = z.object({
  /** The evaluation date, `YYYY-MM-DD`: age, active markers and look-back windows are taken on it. */
  asOf: IsoDateSchema,
});

/**
 * Assigns one person to exactly one segment of a model on the evaluation date.
 * Throws `PhmValidationError` for an invalid person or options, `PhmModelError` for an invalid
 * model, and `PhmExcludedError` for someone dead on or before `asOf`, or born after it.
 * For many people, use {@link segmentPopulation}, or {@link compileClassifier} once per date.
 *
 * @example
 * classify(
 *   { id: 'p1', birthDate: '1938-05-04', markers: ['frailty-severe', 'ltc-copd'] },
 *   leeds2024,
 *   { asOf: '2024-04-01' },
 * );
 * // { personId: 'p1', segment: 'frailty', matched: ['frailty', 'long-term-conditions'], ... }
 */
export function classify(person: unknown, model: ModelSpec | SegmentationModel, options: { readonly asOf: string }): Classification {
  const { asOf } = parseInput(EvaluationOptionsSchema, options, 'options');
  const checked = defineModel(model);
  const valid = parseInput(PersonSchema, person, 'person');
  const exclusion = exclusionOn(valid, asOf);
  if (exclusion !== undefined) {
    throw new PhmExcludedError(exclusion.reason, `Person '${valid.id}' is not in the population on ${asOf}: ${exclusion.detail}`);
  }
  return compileClassifier(checked, asOf).classify(valid);
}
