import { z } from 'zod';
import { Exact, NonNegativeMoneySchema, whenDecimal } from '../core/money.js';

/** A non-negative quantity (a count of people, days, a volume): decimal string or finite number. */
export const QuantitySchema = z.union(
  [
    z.string().regex(/^\d+(\.\d+)?$/, 'Expected a non-negative decimal, e.g. "208"').max(24, 'At most 24 characters: the calculators keep every digit exact'),
    z.number().refine((n) => Number.isFinite(n) && n >= 0, { message: 'Expected a finite number that is not negative' }),
  ],
  { error: 'Expected a non-negative quantity: a decimal string or a finite number' },
);

/** A fraction from 0 to 1 (a partial-year factor, a likelihood). */
export const FractionSchema = QuantitySchema.refine(whenDecimal((v) => v.lte(1)), { message: 'Expected a fraction from 0 to 1' });

/** Money for the BCF calculators: not negative, and at most 24 characters, so every product stays exact. */
export const BcfMoneySchema = NonNegativeMoneySchema.refine((m) => String(m).length <= 24, { message: 'At most 24 characters: the calculators keep every digit exact' });

/** Pounds as a string with two decimals, rounded half up. */
export const pounds = (value: InstanceType<typeof Exact>): string => value.toDecimalPlaces(2, Exact.ROUND_HALF_UP).toFixed(2);
