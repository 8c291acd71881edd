/**
 * Exact helpers for the finance tests, independent of src: decimals as BigInt numerators over
 * powers of ten, with no decimal.js and no floats, so the checks do not share the code under test.
 */
import fc from 'fast-check';

/** An exact decimal: n / 10^scale. */
export interface Dec {
  readonly n: bigint;
  readonly scale: number;
}

/** Parses a decimal string, including JS number forms such as '1e-7' and '1.5e+21'. */
export function parseDec(text: string): Dec {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
  if (match === null) throw new Error(`not a decimal: ${text}`);
  const [, sign, int, frac = '', exp = '0'] = match;
  let n = BigInt(`${int}${frac}`);
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    n *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { n: sign === '-' ? -n : n, scale };
}

/** A weight as an exact decimal: JS numbers through their shortest round-trip form, String(n). */
export function weightDec(w: string | number): Dec {
  return parseDec(typeof w === 'number' ? String(w) : w);
}

/** Decimals brought to one common scale, as integers. */
export function commonIntegers(values: readonly Dec[]): bigint[] {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return values.map((v) => v.n * 10n ** BigInt(scale - v.scale));
}

/** Weights as exact integers sharing one scale. */
export function weightIntegers(weights: readonly (string | number)[]): bigint[] {
  return commonIntegers(weights.map(weightDec));
}

export const placesOfUnit = (unit: string): number => (unit === '0.01' ? 2 : unit === '0.1' ? 1 : 0);

/** An amount (decimal string) in whole units; throws when it is not a whole number of units. */
export function unitsOf(amount: string, unit: string): bigint {
  const [a, u] = commonIntegers([parseDec(amount), parseDec(unit)]) as [bigint, bigint];
  if (a % u !== 0n) throw new Error(`${amount} is not a whole number of units of ${unit}`);
  return a / u;
}

/** Whole units as the decimal string phm-kit should return, e.g. 12345n pennies -> '123.45'. */
export function formatUnits(units: bigint, unit: string): string {
  const places = placesOfUnit(unit);
  const pounds = units * (places === 0 ? BigInt(unit) : 1n);
  const negative = pounds < 0n;
  const digits = (negative ? -pounds : pounds).toString().padStart(places + 1, '0');
  const body = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${body}` : body;
}

export const abs = (x: bigint): bigint => (x < 0n ? -x : x);
export const sum = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);

/** Formats m * 10^e as a plain decimal string, optionally with trailing zeros. */
export function decString(m: number, e: number, pad = 0): string {
  const scaled = e >= 0 ? `${BigInt(m) * 10n ** BigInt(e)}` : formatScaled(BigInt(m), -e);
  return pad > 0 ? (scaled.includes('.') ? scaled : `${scaled}.`) + '0'.repeat(pad) : scaled;
}
function formatScaled(n: bigint, places: number): string {
  const digits = n.toString().padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

export const UNITS = ['0.01', '1', '1000'] as const;
export type Unit = (typeof UNITS)[number];

/** £100bn in units of `unit`. */
export const maxUnits = (unit: string): bigint => (100_000_000_000n * 100n) / (unit === '0.01' ? 1n : 100n * BigInt(unit));

/** A total in whole units from one unit to £100bn, biased towards small ones. */
export const totalUnitsArb = (unit: string): fc.Arbitrary<bigint> =>
  fc.oneof({ weight: 2, arbitrary: fc.bigInt(1n, 200n) }, { weight: 2, arbitrary: fc.bigInt(1n, 10n ** 7n) }, { weight: 3, arbitrary: fc.bigInt(1n, maxUnits(unit)) }, { weight: 1, arbitrary: fc.constant(maxUnits(unit)) });

/** A weight: zero sometimes, otherwise m * 10^e spanning 1e-5 to ~1e11, as a string or JS number. */
export const weightArb: fc.Arbitrary<string | number> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom<string | number>(0, '0', '0.000') },
  {
    weight: 6,
    arbitrary: fc
      .record({ m: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 999_999 })), e: fc.integer({ min: -5, max: 5 }), form: fc.constantFrom('string', 'number', 'padded') })
      .map(({ m, e, form }): string | number => (form === 'number' ? Number(`${m}e${e}`) : decString(m, e, form === 'padded' ? 2 : 0))),
  },
);

const notAllZero = (ws: readonly (string | number)[]) => ws.some((w) => weightDec(w).n !== 0n);

/** 1 to 2,000 weights, mostly few; sometimes drawn from a small pool so that equal weights recur. */
export const weightsArb: fc.Arbitrary<(string | number)[]> = fc
  .oneof(
    { weight: 10, arbitrary: fc.array(weightArb, { minLength: 1, maxLength: 8 }) },
    { weight: 4, arbitrary: fc.array(weightArb, { minLength: 1, maxLength: 60, size: 'max' }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.array(weightArb, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40, size: 'max' }))
        .map(([pool, picks]) => picks.map((p) => pool[p % pool.length] as string | number)),
    },
    { weight: 1, arbitrary: fc.array(weightArb, { minLength: 1, maxLength: 2000, size: 'max' }) },
  )
  .filter(notAllZero);

/** A full allocate case: unit, total (string, or a safe-integer JS number when whole pounds) and weights. */
export interface Case {
  readonly unit: Unit;
  readonly units: bigint;
  readonly total: string | number;
  readonly weights: (string | number)[];
}

export const caseArb = (weights: fc.Arbitrary<(string | number)[]> = weightsArb): fc.Arbitrary<Case> =>
  fc.constantFrom(...UNITS).chain((unit) =>
    fc.record({ units: totalUnitsArb(unit), weights, asNumber: fc.boolean() }).map(({ units, weights: ws, asNumber }): Case => {
      const text = formatUnits(units, unit);
      const total = asNumber && unit !== '0.01' && Number.isSafeInteger(Number(text)) ? Number(text) : text;
      return { unit, units, total, weights: ws };
    }),
  );

/** |part - total * w / W| < 1 unit, exactly: |p W - T w| < W. */
export function withinOneUnit(part: bigint, total: bigint, w: bigint, W: bigint): boolean {
  return abs(part * W - total * w) < W;
}

/**
 * n / d rounded half away from zero to `places` decimals, as text: an oracle for every printed
 * figure, by quotient and remainder (src rounds with one biased division). A value that rounds
 * to zero is unsigned unless `signedZero` (finance prints a fall to "-0.00", as decimal.js did).
 */
export function halfUp(n: bigint, d: bigint, places: number, signedZero = false): string {
  const negative = n !== 0n && n < 0n !== d < 0n;
  const scaled = abs(n) * 10n ** BigInt(places);
  let q = scaled / abs(d);
  if (2n * (scaled % abs(d)) >= abs(d)) q += 1n;
  const digits = q.toString().padStart(places + 1, '0');
  const body = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative && (q !== 0n || signedZero) ? `-${body}` : body;
}

/** A decimal string of exactly `length` characters, digits from `seed` (no leading zero), `places` of them after the point. */
export const longDecimal = (length: number, places: number, digits: readonly number[]): string => {
  const all = Array.from({ length: length - (places > 0 ? 1 : 0) }, (_, k) => String(digits[k % digits.length]! % 10));
  if (all[0] === '0') all[0] = '1';
  return places > 0 ? `${all.slice(0, all.length - places).join('')}.${all.slice(all.length - places).join('')}` : all.join('');
};
