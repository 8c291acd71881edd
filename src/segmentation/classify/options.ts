import { z } from 'zod';
import { IsoDateSchema } from '../../core/dates.js';

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
 * Options of the functions that evaluate people on one date (`classify`, `compileClassifier`,
 * `overlap`): the evaluation date, `asOf`.
 *
 * @example
 * const options: EvaluationOptions = { asOf: '2024-04-01' };
 * classify(person, leeds2024, options);
 */
export type EvaluationOptions = z.input<typeof EvaluationOptionsSchema>;
