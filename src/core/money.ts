import { Decimal } from 'decimal.js';
import { z } from 'zod';

/**
 * Money crosses the phm-kit API as decimal strings ("1200000000.00") or safe integers, and
 * leaves as decimal strings fixed to a rounding unit. Inside, amounts are whole numbers of
 * units held as BigInt, so that sums are exact and no penny is ever lost to a float.
 */
export type Money = string | number;

/** A decimal.js constructor with enough precision for any amount phm-kit handles; not the global one. */
export const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP });

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** Zod schema of an amount of money: a decimal string, or a JS number that is a safe integer. */
export const MoneySchema = z.union(
  [
    z.string().regex(DECIMAL_PATTERN, 'Expected an amount as a decimal string, e.g. "1200000000.00"'),
    z.number().refine(Number.isSafeInteger, {
      message: 'A JS number that is not a safe integer can lose pennies: pass the amount as a decimal string, e.g. "1234.56"',
    }),
  ],
  { error: 'Expected an amount of money: a decimal string such as "1234.56", or a safe integer' },
);

/** Zod schema of a rounding unit: a positive power of ten of a pound from one penny up ("0.01", "1", "1000"). */
export const UnitSchema = z
  .union([z.string(), z.number()])
  .transform((u) => String(u))
  .refine((u) => DECIMAL_PATTERN.test(u) && isPowerOfTenAtLeastAPenny(new Exact(u)), {
    message: 'The rounding unit must be a power of ten of a pound, from one penny: "0.01", "0.1", "1", "10", "1000", ...',
  })
  .default('0.01');

function isPowerOfTenAtLeastAPenny(unit: Decimal): boolean {
  if (unit.lt('0.01')) return false;
  const exponent = unit.log(10);
  return exponent.isInteger();
}

/** Decimal places of a unit: 2 for a penny, 0 for £1 or more. */
export function placesOf(unit: string): number {
  return Math.max(0, -new Exact(unit).log(10).toNumber());
}

/** An amount as a whole number of units, or undefined when it is not one. */
export function toUnits(amount: Money, unit: string): bigint | undefined {
  const units = new Exact(amount).div(unit);
  return units.isInteger() ? BigInt(units.toFixed(0)) : undefined;
}

/** Whole units back to a decimal string fixed to the unit: 12345n pennies is "123.45". */
export function fromUnits(units: bigint, unit: string): string {
  return new Exact(units.toString()).mul(unit).toFixed(placesOf(unit));
}

/** A weight as an exact decimal string: JS numbers through their shortest round-trip form. */
export function decimalString(value: string | number): string {
  return new Exact(value).toFixed();
}
