import { roundedDecimal, toScaledInteger } from '../core/money.js';

/**
 * An exact fraction n/d with d > 0: quotas and bounds are computed with these, never floats.
 * Fractions are not reduced to lowest terms: nothing here needs them, and a gcd of long
 * integers at every step is what once made long inputs take minutes.
 */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

/** n/d with the sign carried by the numerator. */
export function ratio(n: bigint, d = 1n): Ratio {
  return d < 0n ? { n: -n, d: -d } : { n, d };
}

/** A decimal string (or number) as an exact fraction over a power of ten. */
export function ratioOf(value: string | number): Ratio {
  const { n, places } = toScaledInteger(value);
  return { n, d: 10n ** BigInt(places) };
}

export const sub = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
export const mul = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.n, d: a.d * b.d });
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d, a.d * b.n);
export const floorOf = (a: Ratio): bigint => (a.n >= 0n ? a.n / a.d : -((-a.n + a.d - 1n) / a.d));
export const ceilOf = (a: Ratio): bigint => -floorOf(ratio(-a.n, a.d));

/**
 * A fraction as a decimal string with `places` decimals, rounded half up: every digit exact. A
 * negative value that rounds to zero keeps its sign ("-0.00", as decimal.js's toFixed has always
 * printed it here), so that a change just below zero still reads as a fall.
 */
export function toDecimal(a: Ratio, places: number): string {
  const text = roundedDecimal(a.n, a.d, places);
  return a.n < 0n && !text.startsWith('-') ? `-${text}` : text;
}
