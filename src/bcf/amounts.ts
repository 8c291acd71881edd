import * as z from 'zod';
import { fromScaledInteger, NonNegativeMoneySchema, roundedDecimal, toScaledInteger, whenDecimal } from '../core/money.js';

/**
 * The longest decimal string the BCF calculators accept, in characters: 24, a pound figure of
 * over twenty digits. Exact products of several such factors stay quick.
 *
 * @example
 * contingencyCost({ unitCost: '9'.repeat(BCF_MAX_LENGTH + 1), volume: 1 }) // throws PhmValidationError
 */
export const BCF_MAX_LENGTH = 24;
const TOO_LONG = 'At most 24 characters: the calculators keep every digit exact';

/** A non-negative quantity (a count of people, days, a volume): decimal string or finite number. */
export const QuantitySchema = z.union(
  [
    z.string().regex(/^\d+(\.\d+)?$/, 'Expected a non-negative decimal, e.g. "208"').max(BCF_MAX_LENGTH, TOO_LONG),
    z.number().refine((n) => Number.isFinite(n) && n >= 0, { message: 'Expected a finite number that is not negative' }),
  ],
  { error: 'Expected a non-negative quantity: a decimal string or a finite number' },
);

/** A fraction from 0 to 1 (a partial-year factor, a likelihood). */
export const FractionSchema = QuantitySchema.refine(whenDecimal((v) => v.lte(1)), { message: 'Expected a fraction from 0 to 1' });

/** A signed decimal (a baseline, a target), at most 24 characters, or a finite number. */
export const SignedValueSchema = z.union([
  z.string().regex(/^-?\d+(\.\d+)?$/, 'Expected a decimal, e.g. "89.7"').max(BCF_MAX_LENGTH, TOO_LONG),
  z.number().refine(Number.isFinite, { message: 'Expected a finite number' }),
]);

/** Money for the BCF calculators: not negative, and at most 24 characters. */
export const BcfMoneySchema = NonNegativeMoneySchema.refine((m) => String(m).length <= BCF_MAX_LENGTH, { message: TOO_LONG });

/**
 * An exact decimal as an integer scaled by 10^places: how every BCF calculator holds a number.
 * Products, sums and quotients are BigInt arithmetic on these, rounded only when printed, so
 * no input length (nor a JS number such as 1e300, read through its shortest decimal form) can
 * lose a digit.
 */
export interface Scaled {
  readonly n: bigint;
  readonly places: number;
}

export const scaled = (value: string | number): Scaled => toScaledInteger(value);

const ZERO: Scaled = { n: 0n, places: 0 };
const power = (places: number): bigint => 10n ** BigInt(places);

/** The exact product: numerators multiplied, places added. */
export function product(values: readonly (string | number)[]): Scaled {
  let n = 1n;
  let places = 0;
  for (const v of values) {
    const x = scaled(v);
    n *= x.n;
    places += x.places;
  }
  return { n, places };
}

/** The exact sum, over the most places any term has. */
export function sum(values: readonly Scaled[]): Scaled {
  let places = 0;
  for (const v of values) places = Math.max(places, v.places);
  let n = 0n;
  for (const v of values) n += v.n * power(places - v.places);
  return { n, places };
}

export const minus = (a: Scaled, b: Scaled): Scaled => sum([a, { n: -b.n, places: b.places }]);
export const atLeastZero = (a: Scaled): Scaled => (a.n < 0n ? ZERO : a);

/** The exact value as pounds with two decimals, rounded half up. */
export const pounds = (value: Scaled): string => roundedDecimal(value.n, power(value.places), 2);

/** a / b (b not zero) with `places` decimals, rounded half up. */
export const quotient = (a: Scaled, b: Scaled, places: number): string => roundedDecimal(a.n * power(b.places), b.n * power(a.places), places);

/** The exact decimal text, without trailing zeros. */
export const plain = (value: Scaled): string => fromScaledInteger(value.n, value.places);
