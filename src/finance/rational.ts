import { Exact } from '../core/money.js';

/** An exact fraction n/d with d > 0: shares and quotas are computed with these, never floats. */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

export function ratio(n: bigint, d = 1n): Ratio {
  if (d < 0n) return ratio(-n, -d);
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

/** A decimal string (or number) as an exact fraction. */
export function ratioOf(value: string | number): Ratio {
  const text = new Exact(value).toFixed();
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const sign = text.startsWith('-') ? -1n : 1n;
  return ratio(sign * BigInt(whole + fraction), 10n ** BigInt(fraction.length));
}

export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.n, a.d * b.d);
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d, a.d * b.n);
export const cmp = (a: Ratio, b: Ratio): number => {
  const x = a.n * b.d - b.n * a.d;
  return x > 0n ? 1 : x < 0n ? -1 : 0;
};
export const sum = (values: readonly Ratio[]): Ratio => values.reduce(add, ratio(0n));
export const floorOf = (a: Ratio): bigint => (a.n >= 0n ? a.n / a.d : -((-a.n + a.d - 1n) / a.d));
export const ceilOf = (a: Ratio): bigint => -floorOf(ratio(-a.n, a.d));

/** A fraction as a decimal string with `places` decimals, rounded half up. */
export function toDecimal(a: Ratio, places: number): string {
  return new Exact(a.n.toString()).div(a.d.toString()).toFixed(places);
}
