import * as z from 'zod';
import { PhmValidationError } from '../core/errors.js';
import { atMostCharacters, decimalString, fromUnits, MONEY_MAX_LENGTH, MoneySchema, toUnits, UnitSchema } from '../core/money.js';
import { parseInput } from '../core/validation.js';
import { largestRemainder, scaleWeights } from '../core/largest-remainder.js';

/**
 * A weight: a non-negative decimal string of at most 64 characters, or a finite number. Weights
 * are ratios, not money, so a number is accepted and read through its shortest decimal form
 * (`0.1` is exactly one tenth). Percentages (top slices, bounds) and fractions (shares, pace,
 * maxChange) are weights too.
 *
 * @example
 * WeightSchema.parse('2.5')          // '2.5'
 * WeightSchema.safeParse(-1).success // false: weights cannot be negative
 */
export const WeightSchema = z.union(
  [
    z
      .string()
      .max(MONEY_MAX_LENGTH, atMostCharacters(MONEY_MAX_LENGTH, 'weights'))
      .regex(/^\d+(\.\d+)?$/, 'Expected a non-negative decimal weight, e.g. "2.5"'),
    z.number().refine((n) => Number.isFinite(n) && n >= 0, { message: 'Weights must be finite and not negative' }),
  ],
  { error: 'Expected a non-negative weight: a decimal string or a finite number' },
);

/**
 * Whether a weight is zero, read from its text: this runs in refinements that zod may call
 * even when a weight is malformed, so it must not parse it.
 */
export function isZeroWeight(weight: string | number): boolean {
  return typeof weight === 'number' ? weight === 0 : /^0+(\.0+)?$/.test(weight);
}

const AllocateArgumentsSchema = z
  .strictObject({
    total: MoneySchema,
    weights: z.array(WeightSchema).min(1, 'At least one weight is needed'),
    options: z.strictObject({ unit: UnitSchema }).default({ unit: '0.01' }),
  })
  .superRefine((args, ctx) => {
    if (args.weights.every(isZeroWeight)) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'All weights are zero: there is nothing to allocate in proportion to' });
    }
  });

/**
 * Splits a total of money in proportion to non-negative weights, by the largest-remainder
 * method, so that the parts sum exactly to the total and each is within one unit of its exact
 * share. Zero weights get zero; equal weights get parts at most one unit apart. Leftover units
 * go to the largest remainders, ties to the larger weight, then to the earlier line.
 *
 * The total and the weights, as strings, have at most 64 characters.
 *
 * Throws `PhmValidationError` for all-zero or negative weights, a total that is not a whole
 * number of units, or money given as a JS number that is not a safe integer.
 *
 * @example
 * allocate('100.00', [1, 1, 1])                    // ['33.34', '33.33', '33.33']
 * allocate('1200000000', [3, 1], { unit: '1000' }) // ['900000000', '300000000']
 */
export function allocate(total: string | number, weights: readonly (string | number)[], options?: { readonly unit?: string | number }): string[] {
  const args = parseInput(AllocateArgumentsSchema, { total, weights, options: options ?? {} }, 'allocation');
  const unit = args.options.unit;
  const units = toUnits(args.total, unit);
  if (units === undefined) {
    throw new PhmValidationError(`Invalid allocation: the total ${args.total} is not a whole number of units of ${unit}`, [
      { path: ['total'], message: `Not a whole number of units of ${unit}` },
    ]);
  }
  return largestRemainder(units, scaleWeights(args.weights.map(decimalString))).map((p) => fromUnits(p, unit));
}
