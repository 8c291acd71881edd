import type { DeepReadonly } from '../../core/freeze.js';
import { PhmExcludedError, PhmValidationError } from '../../core/errors.js';
import { describeIssues, parseInput } from '../../core/validation.js';
import { createClassifier, type Classification } from './compile.js';
import { exclusionOn } from './exclusion.js';
import { defineModel, type ModelSpec, type SegmentationModel } from '../model/model.js';
import { ClassifyOptionsSchema, type ClassifyOptions } from './options.js';
import { createUnknownMarkerTally, unknownMarkerRejection, type UnknownMarker } from './unknown-markers.js';
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
 * The result of {@link classify}: the person's segment and why, and the marker ids they carry
 * that neither the catalogue nor the model declares.
 *
 * @example
 * const c: PersonClassification = classify({ id: 'p1', birthDate: '1950-01-01', markers: ['LTC-ASTHMA'] }, leeds2024, { asOf: '2024-04-01' });
 * c.unknownMarkers; // [{ id: 'LTC-ASTHMA', count: 1, suggestion: 'ltc-asthma' }]
 */
export interface PersonClassification extends Classification {
  /**
   * Marker ids the person carries that no rule can read (neither the catalogue nor the model
   * declares them), each with the declared id it most likely meant. Empty with
   * `unknownMarkers: 'ignore'`.
   */
  readonly unknownMarkers: readonly UnknownMarker[];
}

/**
 * Assigns one person to exactly one segment of a model on the evaluation date.
 * Throws `PhmValidationError` for an invalid person or options (a person whose getters or
 * proxy traps throw too: the person is read once, and that reading is what is checked and
 * classified), `PhmModelError` for an invalid model, and `PhmExcludedError` for someone not in
 * the population on `asOf`: dead or deregistered on or before it, or born or registered after it. A marker id that neither the catalogue nor the model
 * declares is listed in `unknownMarkers` (with `unknownMarkers: 'reject'`, it is a
 * `PhmValidationError` at `markers`).
 * For many people, use `segmentPopulation`, or `compileClassifier` once per date.
 *
 * @example
 * classify(
 *   { id: 'p1', birthDate: '1938-05-04', markers: ['frailty-severe', 'ltc-copd'] },
 *   leeds2024,
 *   { asOf: '2024-04-01' },
 * );
 * // { personId: 'p1', segment: 'frailty', matched: ['frailty', 'long-term-conditions'], ..., unknownMarkers: [] }
 */
export function classify(person: unknown, model: DeepReadonly<ModelSpec> | SegmentationModel, options: ClassifyOptions): PersonClassification {
  const { asOf, unknownMarkers: policy = 'report' } = parseInput(ClassifyOptionsSchema, options, 'options');
  const checked = defineModel(model);
  const valid = parseInput(PersonSchema, readPerson(person), 'person');
  const tally = createUnknownMarkerTally(checked, policy);
  const unknown = tally.check(valid);
  if (unknown !== undefined) {
    const { issues } = unknownMarkerRejection(0, valid.id, unknown);
    throw new PhmValidationError(`Invalid person: ${describeIssues(issues)}`, issues);
  }
  const exclusion = exclusionOn(valid, asOf);
  if (exclusion !== undefined) {
    throw new PhmExcludedError(exclusion.reason, `Person '${valid.id}' is not in the population on ${asOf}: ${exclusion.detail}`);
  }
  return { ...createClassifier(checked, asOf).classify(valid), unknownMarkers: tally.result() };
}
