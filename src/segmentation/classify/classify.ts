import type { DeepReadonly } from '../../core/freeze.js';
import { PhmExcludedError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import { createClassifier, type Classification } from './compile.js';
import { exclusionOn } from './exclusion.js';
import { defineModel, type ModelSpec, type SegmentationModel } from '../model/model.js';
import { EvaluationOptionsSchema, type EvaluationOptions } from './options.js';
import { PersonSchema } from '../records/person.js';
import { unreadableValue } from '../records/rows.js';
import { snapshotOf } from '../records/snapshot.js';

/** The person read once into a snapshot, which is then checked and classified. */
function readPerson(person: unknown): unknown {
  try {
    return snapshotOf(person);
  } catch (error) {
    throw unreadableValue('person', [], error);
  }
}

/**
 * Assigns one person to exactly one segment of a model on the evaluation date.
 * Throws `PhmValidationError` for an invalid person or options (a person whose getters or
 * proxy traps throw too: the person is read once, and that reading is what is checked and
 * classified), `PhmModelError` for an invalid model, and `PhmExcludedError` for someone dead on
 * or before `asOf`, or born after it.
 * For many people, use `segmentPopulation`, or `compileClassifier` once per date.
 *
 * @example
 * classify(
 *   { id: 'p1', birthDate: '1938-05-04', markers: ['frailty-severe', 'ltc-copd'] },
 *   leeds2024,
 *   { asOf: '2024-04-01' },
 * );
 * // { personId: 'p1', segment: 'frailty', matched: ['frailty', 'long-term-conditions'], ... }
 */
export function classify(person: unknown, model: DeepReadonly<ModelSpec> | SegmentationModel, options: EvaluationOptions): Classification {
  const { asOf } = parseInput(EvaluationOptionsSchema, options, 'options');
  const checked = defineModel(model);
  const valid = parseInput(PersonSchema, readPerson(person), 'person');
  const exclusion = exclusionOn(valid, asOf);
  if (exclusion !== undefined) {
    throw new PhmExcludedError(exclusion.reason, `Person '${valid.id}' is not in the population on ${asOf}: ${exclusion.detail}`);
  }
  return createClassifier(checked, asOf).classify(valid);
}
