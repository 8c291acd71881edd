import * as z from 'zod';
import { PhmValidationError } from './errors.js';
import { parseInput } from './validation.js';

/**
 * Checks a value against one of phm-kit's exported schemas (or any zod schema) the way the
 * library's own functions do: the parsed value (defaults filled in), or a `PhmValidationError`
 * whose `issues` name each failing path. The schemas themselves are plain zod: their `.parse`
 * throws zod's `ZodError`, and `.safeParse` returns zod's result. `what` names the value in the
 * message (default `'input'`).
 *
 * @example
 * checkInput(PersonSchema, { id: 'p1', birthDate: '1950-01-01', markers: [] }); // the person
 * checkInput(PopulationOptionsSchema, { asOf: '2023-02-29' }, 'options');
 * // throws PhmValidationError: "Invalid options: asOf: 2023 has no 29 February (it is not a leap year)"
 */
export function checkInput<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.output<S> {
  if (!(schema instanceof z.ZodType)) throw new PhmValidationError('Invalid schema: expected a zod schema, such as PersonSchema', [{ path: [], message: 'Expected a zod schema' }]);
  const name = typeof what === 'string' && what.length > 0 && what.length <= 64 ? what : 'input';
  return parseInput(schema, value, name);
}
