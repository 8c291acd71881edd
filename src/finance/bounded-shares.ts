import { PhmInfeasibleError, type PhmIssue } from '../core/errors.js';
import { largestRemainder } from '../core/largest-remainder.js';
import { cmp, mul, ratio, sub, sum, type Ratio } from './rational.js';

/**
 * What held a segment's amount: its floor, its cap, or nothing (its proportional share).
 *
 * @example
 * const held: EnvelopeConstraint = allocateEnvelopes(input).envelopes[0].constraint; // 'floor', 'cap' or null
 */
export type EnvelopeConstraint = 'floor' | 'cap' | null;

export interface BoundedSplit {
  /** Whole units per segment, summing exactly to the amount split. */
  readonly parts: readonly bigint[];
  /** The exact amount per segment before rounding. */
  readonly exact: readonly Ratio[];
  readonly constraint: readonly EnvelopeConstraint[];
}

/**
 * Splits `units` in proportion to `shares`, every segment within its `lower` and `upper` bound
 * (whole units; `undefined` upper is no cap). A segment held at a bound keeps it; what it
 * frees or needs is shared among the others in proportion to their shares: x_i = clamp(L s_i,
 * lower_i, upper_i) for the one L that makes the parts add up. It is found by repeatedly
 * fixing the side (floors or caps) with the larger total violation, which is always part of
 * the answer. Then the free segments are rounded by largest remainder, which keeps them within
 * their whole-unit bounds. Throws `PhmInfeasibleError` naming the constraints in conflict.
 */
export function splitWithBounds(units: bigint, shares: readonly Ratio[], lower: readonly bigint[], upper: readonly (bigint | undefined)[], paths: (i: number, bound: 'floor' | 'cap') => (string | number)[]): BoundedSplit {
  const n = shares.length;
  const conflict = (message: string, issues: PhmIssue[]) => {
    throw new PhmInfeasibleError(`No allocation can meet every constraint: ${message}`, issues);
  };
  for (let i = 0; i < n; i++) {
    const cap = upper[i];
    if (cap !== undefined && cap < (lower[i] as bigint)) {
      // Percentage bounds round inward (floors up, caps down), so equal percentages can cross.
      conflict(`segment ${i} has a floor of ${lower[i]} units above its cap of ${cap} units (percentage bounds round floors up and caps down to whole units)`, [
        { path: paths(i, 'floor'), message: `Floor ${lower[i]} units is above the cap` },
        { path: paths(i, 'cap'), message: `Cap ${cap} units is below the floor` },
      ]);
    }
  }
  const floors = lower.reduce((a, b) => a + b, 0n);
  if (floors > units) {
    conflict('the floors add up to more than there is to allocate', lower.flatMap((l, i) => (l > 0n ? [{ path: paths(i, 'floor'), message: 'Floors exceed the total' }] : [])));
  }
  if (upper.every((u) => u !== undefined) && (upper as bigint[]).reduce((a, b) => a + b, 0n) < units) {
    conflict('the caps add up to less than there is to allocate', upper.map((_, i) => ({ path: paths(i, 'cap'), message: 'Caps fall short of the total' })));
  }

  const status: EnvelopeConstraint[] = new Array(n).fill(null);
  for (;;) {
    const free = status.flatMap((s, i) => (s === null ? [i] : []));
    const held = status.reduce((acc, s, i) => acc + (s === 'floor' ? (lower[i] as bigint) : s === 'cap' ? (upper[i] as bigint) : 0n), 0n);
    const rest = units - held;
    const weight = sum(free.map((i) => shares[i] as Ratio));
    const exactOf = (i: number) => (weight.n === 0n ? ratio(0n) : mul(ratio(rest), { n: (shares[i] as Ratio).n * weight.d, d: (shares[i] as Ratio).d * weight.n }));
    if (free.length === 0 || (weight.n === 0n && rest > 0n)) {
      if (rest === 0n) break;
      conflict(
        'what the capped segments cannot take has no segment with a share to go to (segments with no share get only their floors)',
        status.flatMap((s, i) =>
          s === 'cap' ? [{ path: paths(i, 'cap'), message: 'Cap reached' }] : (shares[i] as Ratio).n === 0n ? [{ path: paths(i, 'floor'), message: 'No share: held at its floor' }] : [],
        ),
      );
    }
    let deficit = ratio(0n);
    let excess = ratio(0n);
    for (const i of free) {
      const x = exactOf(i);
      const low = ratio(lower[i] as bigint);
      const cap = upper[i];
      if (cmp(x, low) < 0) deficit = sum([deficit, sub(low, x)]);
      else if (cap !== undefined && cmp(x, ratio(cap)) > 0) excess = sum([excess, sub(x, ratio(cap))]);
    }
    if (deficit.n === 0n && excess.n === 0n) break;
    const fixFloors = cmp(deficit, excess) >= 0;
    for (const i of free) {
      const x = exactOf(i);
      const cap = upper[i];
      if (fixFloors && cmp(x, ratio(lower[i] as bigint)) < 0) status[i] = 'floor';
      if (!fixFloors && cap !== undefined && cmp(x, ratio(cap)) > 0) status[i] = 'cap';
    }
  }

  const free = status.flatMap((s, i) => (s === null ? [i] : []));
  const held = status.reduce((acc, s, i) => acc + (s === 'floor' ? (lower[i] as bigint) : s === 'cap' ? (upper[i] as bigint) : 0n), 0n);
  const rest = units - held;
  const denominator = free.reduce((acc, i) => lcm(acc, (shares[i] as Ratio).d), 1n);
  const weights = free.map((i) => ((shares[i] as Ratio).n * denominator) / (shares[i] as Ratio).d);
  const total = weights.reduce((a, b) => a + b, 0n);
  const rounded = total === 0n ? weights.map(() => 0n) : largestRemainder(rest, weights);
  const parts = status.map((s, i) => (s === 'floor' ? (lower[i] as bigint) : s === 'cap' ? (upper[i] as bigint) : 0n));
  const exact = parts.map((p) => ratio(p)) as Ratio[];
  free.forEach((i, k) => {
    parts[i] = rounded[k] as bigint;
    exact[i] = total === 0n ? ratio(0n) : ratio(rest * (weights[k] as bigint), total);
  });
  return { parts, exact, constraint: status };
}

function lcm(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}
