/**
 * Arithmetic that stays finite whatever finite numbers come in. Every number the schema accepts
 * is finite, but sums and differences of them need not be: two weights of 1e308 add up to
 * Infinity, and a scale from -1.7e308 to 1.7e308 is wider than any double. Each helper here
 * works at a power of two chosen from the magnitudes involved. Multiplying by a power of two is
 * exact (away from the subnormal range), so for ordinary numbers every result is bit for bit
 * what the plain formula gives, and only inputs that would overflow are computed differently.
 */

/** Beyond this magnitude `100 * (hi - lo)` may overflow, so rescaling works at a smaller unit. */
const LARGE = 2 ** 1000;
/** The unit rescaling works in when a value is beyond {@link LARGE}: leaves room for 100 times a difference. */
const SMALL_UNIT = 2 ** -16;

/**
 * The power of two that brings `magnitude` to about 1 (into [1, 2), bar rounding in `log2`):
 * 1 for zero. Clamped so that the factor itself is a finite double even for the tiniest
 * subnormal magnitude.
 */
export function unitFor(magnitude: number): number {
  if (magnitude === 0) return 1;
  const exponent = Math.min(1023, Math.max(-1023, Math.floor(Math.log2(magnitude))));
  return 2 ** -exponent;
}

/**
 * Weights used only in proportion, brought by one power of two so that the largest is about
 * 1: their ratios are exactly those of the input, and sums of a few of them (or of them times
 * scores of 0-100) can no longer overflow. A weight below 2^-1022 of the largest loses
 * digits, and below 2^-1074 of it becomes 0: beside the largest it counts for nothing in a sum
 * of doubles anyway.
 *
 * @example
 * inProportion([1e308, 1e308, 0]) // two equal weights near 1, and 0: they sum to a finite number
 */
export function inProportion(weights: readonly number[]): number[] {
  let largest = 0;
  for (const w of weights) if (w > largest) largest = w;
  const unit = unitFor(largest);
  return weights.map((w) => w * unit);
}

/**
 * Where `v` lies between `lo` and `hi`, as 0-100: `100 * (v - lo) / (hi - lo)`, computed at a
 * smaller power-of-two unit when the values are so large that the difference, or 100 times it,
 * would overflow. `hi` must differ from `lo`.
 *
 * @example
 * rescale(3, 1, 5)                  // 50
 * rescale(0, -1.7e308, 1.7e308)     // 50, where the plain formula gives NaN
 */
export function rescale(v: number, lo: number, hi: number): number {
  const unit = Math.max(Math.abs(v), Math.abs(lo), Math.abs(hi)) > LARGE ? SMALL_UNIT : 1;
  return (100 * (v * unit - lo * unit)) / (hi * unit - lo * unit);
}

/**
 * The unit a sum of non-negative amounts (populations, scopes) can be added up in without
 * overflow: 1 when their plain sum is finite, so ordinary amounts are untouched; otherwise
 * 2^-32, small enough for the sum of any array a program can hold.
 */
export function unitForSum(amounts: readonly number[]): number {
  let sum = 0;
  for (const a of amounts) sum += a;
  return Number.isFinite(sum) ? 1 : 2 ** -32;
}
