import { Decimal } from 'decimal.js';
import * as z from 'zod';

/**
 * Money crosses the phm-kit API as decimal strings ("1200000000.00") or safe integers, and
 * leaves as decimal strings fixed to a rounding unit. Inside, amounts are whole numbers of
 * units held as BigInt, so that sums are exact and no penny is ever lost to a float.
 *
 * @example
 * const total: Money = '1200000000.00';
 * const grant: Money = 250_000; // a safe integer is accepted too
 */
export type Money = string | number;

/**
 * A local decimal.js constructor, for reading and comparing decimals only: its constructor and
 * comparisons never round, whatever the length. Arithmetic is BigInt (whole units, scaled
 * integers, {@link roundedDecimal}), never this: its 80 digits cannot hold the product of a
 * few long inputs.
 */
export const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP });

/**
 * A refinement on an exact decimal that holds vacuously for a value that is not one. Zod runs
 * a refinement even when the check under it has already failed; the value is then reported by
 * that check, and must not reach decimal.js, which would throw its own error instead of a
 * `PhmValidationError`.
 *
 * @example
 * const Fraction = z.union([z.string(), z.number()]).refine(whenDecimal((d) => d.lte(1)), 'At most 1');
 */
export function whenDecimal(test: (value: InstanceType<typeof Exact>) => boolean): (value: string | number) => boolean {
  return (value) => {
    let decimal: InstanceType<typeof Exact>;
    try {
      decimal = new Exact(value);
    } catch {
      return true;
    }
    return test(decimal);
  };
}

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/**
 * The longest amount of money (and rounding unit) finance accepts as a string, in characters.
 * Far beyond any real budget (£10^60 and more), and short enough that the worst input a
 * megabyte can hold is allocated in well under a second: exact arithmetic costs grow with the
 * digits, so an unbounded length is a way to make a call run for minutes.
 *
 * @example
 * MoneySchema.safeParse('9'.repeat(MONEY_MAX_LENGTH + 1)).success // false
 */
export const MONEY_MAX_LENGTH = 64;

/** The issue for a string beyond a length limit: it names the limit. */
export const atMostCharacters = (limit: number, what: string): string => `At most ${limit} characters: longer ${what} are refused so that every calculation ends quickly`;

/**
 * Zod schema of an amount of money: a decimal string of at most {@link MONEY_MAX_LENGTH} (64)
 * characters, or a JS number that is a safe integer.
 *
 * @example
 * MoneySchema.safeParse('1234.56').success // true
 * MoneySchema.safeParse(0.1).success       // false: pass "0.10", so that no penny is lost to a float
 */
export const MoneySchema = z.union(
  [
    z
      .string()
      .max(MONEY_MAX_LENGTH, atMostCharacters(MONEY_MAX_LENGTH, 'amounts'))
      .regex(DECIMAL_PATTERN, 'Expected an amount as a decimal string, e.g. "1200000000.00"'),
    z.number().refine(Number.isSafeInteger, {
      message: 'A JS number that is not a safe integer can lose pennies: pass the amount as a decimal string, e.g. "1234.56"',
    }),
  ],
  { error: 'Expected an amount of money: a decimal string such as "1234.56", or a safe integer' },
);

/**
 * Zod schema of a rounding unit: a positive power of ten of a pound from one penny up ("0.01",
 * "1", "1000"), at most 64 characters. A penny when absent; numbers come out as strings.
 *
 * @example
 * UnitSchema.parse(undefined)          // '0.01'
 * UnitSchema.parse(1000)               // '1000'
 * UnitSchema.safeParse('0.05').success // false: not a power of ten
 */
export const UnitSchema = z
  .union([z.string().max(MONEY_MAX_LENGTH, atMostCharacters(MONEY_MAX_LENGTH, 'rounding units')), z.number()])
  .transform((u) => String(u))
  .refine((u) => DECIMAL_PATTERN.test(u) && isPowerOfTenAtLeastAPenny(u), {
    message: 'The rounding unit must be a power of ten of a pound, from one penny: "0.01", "0.1", "1", "10", "1000", ...',
  })
  .default('0.01');

/** Read from the text: the digits are a one and zeros, and the power is -2 or more. */
function isPowerOfTenAtLeastAPenny(unit: string): boolean {
  const { negative, digits } = parseDecimal(unit);
  return !negative && /^10*$/.test(digits) && exponentOf(unit) >= -2;
}

/** Decimal places of a unit: 2 for a penny, 0 for £1 or more. */
export function placesOf(unit: string): number {
  return Math.max(0, -exponentOf(unit));
}

/** The power of ten of a unit: -2 for a penny, 3 for £1,000. */
function exponentOf(unit: string): number {
  const { digits, scale } = parseDecimal(unit);
  return digits.length - 1 - scale;
}

/** A decimal string as its digits (no leading zeros) and the number of decimals they carry. */
function parseDecimal(text: string): { negative: boolean; digits: string; scale: number } {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  return { negative, digits, scale: fraction.length };
}

/**
 * An amount as a whole number of units, or undefined when it is not one. Pure BigInt
 * arithmetic on the decimal text: no precision limit, however many digits.
 */
export function toUnits(amount: Money, unit: string): bigint | undefined {
  const { negative, digits, scale } = parseDecimal(typeof amount === 'number' ? String(amount) : amount);
  const value = BigInt(digits) * (negative ? -1n : 1n);
  // value x 10^-scale / 10^exponent = value / 10^(scale + exponent)
  const shift = scale + exponentOf(unit);
  if (shift <= 0) return value * 10n ** BigInt(-shift);
  const divisor = 10n ** BigInt(shift);
  return value % divisor === 0n ? value / divisor : undefined;
}

/** Whole units back to a decimal string fixed to the unit: 12345n pennies is "123.45". */
export function fromUnits(units: bigint, unit: string): string {
  return unitPrinter(unit)(units);
}

/** {@link fromUnits} for one unit, read once: for printing a million cells. */
export function unitPrinter(unit: string): (units: bigint) => string {
  const exponent = exponentOf(unit);
  if (exponent < 0) return (units) => fixedDecimal(units, -exponent);
  const scale = 10n ** BigInt(exponent);
  return (units) => (units * scale).toString();
}

/** A decimal (string or number) as an integer scaled by a power of ten: "-1.25" is -125 with 2 places. */
export function toScaledInteger(value: string | number): { n: bigint; places: number } {
  const { negative, digits, scale } = parseDecimal(typeof value === 'number' ? new Exact(value).toFixed() : value);
  return { n: (negative ? -1n : 1n) * BigInt(digits), places: scale };
}

/** An integer scaled by 10^places back to its exact decimal text, without trailing zeros. */
export function fromScaledInteger(n: bigint, places: number): string {
  return places === 0 ? n.toString() : fixedDecimal(n, places).replace(/\.?0+$/, '');
}

/** An integer scaled by 10^places as decimal text with exactly `places` decimals: -5n, 2 is "-0.05". */
export function fixedDecimal(n: bigint, places: number): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return `${negative ? '-' : ''}${text}`;
}

/**
 * n / d (d not zero) rounded to a whole number, halves away from zero: 5/2 is 3, -5/2 is -3.
 * Exact BigInt arithmetic, however long n and d are.
 */
export function roundHalfUp(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const numerator = n < 0n ? -n : n;
  const denominator = d < 0n ? -d : d;
  const rounded = (2n * numerator + denominator) / (2n * denominator);
  return negative ? -rounded : rounded;
}

/**
 * The exact value n / d as decimal text with `places` decimals, rounded half away from zero
 * (decimal.js's ROUND_HALF_UP): every digit is right, at any length, because the rounding is
 * done on integers. A value that rounds to zero is printed without a sign.
 */
export function roundedDecimal(n: bigint, d: bigint, places: number): string {
  return fixedDecimal(roundHalfUp(n * 10n ** BigInt(places), d), places);
}

/** Zod schema of an amount of money that cannot be negative. */
export const NonNegativeMoneySchema = MoneySchema.refine((m) => !String(m).startsWith('-') || /^-0+(\.0+)?$/.test(String(m)), {
  message: 'Expected an amount that is not negative',
});

/** A weight as an exact decimal string: JS numbers through their shortest round-trip form. */
export function decimalString(value: string | number): string {
  return new Exact(value).toFixed();
}
