/** Weights as exact integers: every weight scaled by the same power of ten. */
export function scaleWeights(weights: readonly string[]): bigint[] {
  // Exact on the decimal text: no precision limit, however many digits a weight has. A loop,
  // not Math.max(...): spreading a few hundred thousand weights overflows the call stack.
  let places = 0;
  for (const w of weights) places = Math.max(places, (w.split('.')[1] ?? '').length);
  return weights.map((w) => {
    const [whole = '0', fraction = ''] = w.split('.');
    return BigInt(whole + fraction.padEnd(places, '0'));
  });
}

/**
 * Splits `units` (a whole number of rounding units, any sign) in proportion to non-negative
 * integer weights by the largest-remainder method, in exact integer arithmetic:
 * - every part is its exact quota rounded down or up, so within one unit of it;
 * - the parts sum exactly to `units`;
 * - the units left after rounding down go one each to the largest remainders. Ties go to the
 *   larger weight, then to the earlier line. Lines that tie on both are identical, so which
 *   of them gets the unit never changes the multiset of parts.
 *
 * A zero weight has a zero remainder and never receives a leftover unit. The weights must not
 * all be zero.
 */
export function largestRemainder(units: bigint, weights: readonly bigint[]): bigint[] {
  if (units < 0n) return largestRemainder(-units, weights).map((p) => -p);
  const total = weights.reduce((a, b) => a + b, 0n);
  const parts = weights.map((w) => (units * w) / total);
  const remainders = weights.map((w) => (units * w) % total);
  let leftover = units - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const byRemainder = (remainders[b] as bigint) - (remainders[a] as bigint);
      if (byRemainder !== 0n) return byRemainder > 0n ? 1 : -1;
      const byWeight = (weights[b] as bigint) - (weights[a] as bigint);
      if (byWeight !== 0n) return byWeight > 0n ? 1 : -1;
      return a - b;
    });
  for (const i of order) {
    if (leftover === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    leftover--;
  }
  return parts;
}
