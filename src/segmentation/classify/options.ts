import * as z from 'zod';
import { IsoDateSchema } from '../../core/dates.js';
import { UnknownMarkerPolicySchema } from './unknown-markers.js';

/**
 * Zod schema of the options shared by everything that evaluates a population on one date.
 *
 * @example
 * EvaluationOptionsSchema.safeParse({ asOf: '2024-04-01' }).success // true
 */
export const EvaluationOptionsSchema = z.strictObject({
  /** The evaluation date, `YYYY-MM-DD`: age, active markers and look-back windows are taken on it. */
  asOf: IsoDateSchema,
});

/**
 * Options of `compileClassifier`, and what every function that evaluates people on one date
 * takes: the evaluation date, `asOf`.
 *
 * @example
 * const options: EvaluationOptions = { asOf: '2024-04-01' };
 * compileClassifier(leeds2024, options);
 */
export type EvaluationOptions = z.input<typeof EvaluationOptionsSchema>;

/**
 * Zod schema of the options of `classify` and `overlap`: the evaluation date `asOf` and what to
 * do with a marker id that neither the catalogue nor the model declares.
 *
 * @example
 * ClassifyOptionsSchema.safeParse({ asOf: '2024-04-01', unknownMarkers: 'reject' }).success // true
 */
export const ClassifyOptionsSchema = EvaluationOptionsSchema.extend({
  /**
   * What to do with a marker id that neither the catalogue nor the model declares (no rule can
   * read it: usually a misspelling). `'report'` (the default): count it in `unknownMarkers`,
   * with the declared id it most likely meant. `'reject'`: reject the row as `unknown-marker`
   * (and still report the id). `'ignore'`: neither.
   */
  unknownMarkers: UnknownMarkerPolicySchema.optional(),
});

/**
 * Options of `classify` and `overlap`: the evaluation date `asOf` and, optionally,
 * `unknownMarkers` (`'report'`, the default, `'reject'` or `'ignore'`).
 *
 * @example
 * const options: ClassifyOptions = { asOf: '2024-04-01', unknownMarkers: 'reject' };
 * classify(person, leeds2024, options);
 */
export type ClassifyOptions = z.input<typeof ClassifyOptionsSchema>;
