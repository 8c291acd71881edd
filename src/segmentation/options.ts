import { z } from 'zod';
import { IsoDateSchema } from '../core/dates.js';

/** Options shared by everything that evaluates a population on one date. */
export const EvaluationOptionsSchema = z.strictObject({
  /** The evaluation date, `YYYY-MM-DD`: age, active markers and look-back windows are taken on it. */
  asOf: IsoDateSchema,
});

export type EvaluationOptions = z.input<typeof EvaluationOptionsSchema>;
