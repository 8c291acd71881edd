import { PhmInfeasibleError, type PhmIssue } from '../core/errors.js';
import { largestRemainder } from '../core/largest-remainder.js';
import { ratio, type Ratio } from './rational.js';

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

type Paths = (i: number, bound: 'floor' | 'cap') => (string | number)[];

const conflict = (message: string, issues: PhmIssue[]): never => {
  throw new PhmInfeasibleError(`No allocation can meet every constraint: ${message}`, issues);
};

const total = (values: readonly bigint[]): bigint => {
  let sum = 0n;
  for (const v of values) sum += v;
  return sum;
};

/** The conflicts visible in the bounds alone: a floor above its cap, floors above the total, caps below it. */
function checkBounds(units: bigint, lower: readonly bigint[], upper: readonly (bigint | undefined)[], paths: Paths): void {
  lower.forEach((low, i) => {
    const cap = upper[i];
    if (cap !== undefined && cap < low) {
      // Percentage bounds round inward (floors up, caps down), so equal percentages can cross.
      conflict(`segment ${i} has a floor of ${low} units above its cap of ${cap} units (percentage bounds round floors up and caps down to whole units)`, [
        { path: paths(i, 'floor'), message: `Floor ${low} units is above the cap` },
        { path: paths(i, 'cap'), message: `Cap ${cap} units is below the floor` },
      ]);
    }
  });
  if (total(lower) > units) {
    conflict('the floors add up to more than there is to allocate', lower.flatMap((l, i) => (l > 0n ? [{ path: paths(i, 'floor'), message: 'Floors exceed the total' }] : [])));
  }
  if (upper.every((u) => u !== undefined) && total(upper as bigint[]) < units) {
    conflict('the caps add up to less than there is to allocate', upper.map((_, i) => ({ path: paths(i, 'cap'), message: 'Caps fall short of the total' })));
  }
}

/** Where a segment's amount L x weight meets one of its bounds: at L = bound / weight. */
interface Breakpoint {
  readonly bound: bigint;
  readonly weight: bigint;
  readonly index: number;
  readonly side: 'floor' | 'cap';
}

const byMultiplier = (a: Breakpoint, b: Breakpoint): number => {
  const x = a.bound * b.weight - b.bound * a.weight;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};

/**
 * The smallest multiplier L >= 0 at which sum_i clamp(L w_i, lower_i, upper_i) = units. The sum
 * is continuous, piecewise linear and non-decreasing in L, with a bend where a segment leaves
 * its floor or reaches its cap: the breakpoints are sorted once and swept in order, keeping the
 * sum as held + L x (weight of the segments between their bounds). O(n log n), exact.
 */
function multiplier(units: bigint, weights: readonly bigint[], lower: readonly bigint[], upper: readonly (bigint | undefined)[], paths: Paths): Ratio {
  let held = total(lower);
  let slope = 0n;
  if (held >= units) return ratio(0n);
  const breakpoints: Breakpoint[] = [];
  weights.forEach((weight, index) => {
    if (weight === 0n) return;
    breakpoints.push({ bound: lower[index] as bigint, weight, index, side: 'floor' });
    const cap = upper[index];
    if (cap !== undefined) breakpoints.push({ bound: cap, weight, index, side: 'cap' });
  });
  breakpoints.sort(byMultiplier);
  for (let k = 0; k < breakpoints.length; ) {
    const at = breakpoints[k] as Breakpoint;
    // The sum at L = at.bound / at.weight reaches the units: the answer is on the segment before.
    if (held * at.weight + at.bound * slope >= units * at.weight) return ratio(units - held, slope);
    for (; k < breakpoints.length && byMultiplier(breakpoints[k] as Breakpoint, at) === 0; k++) {
      const { side, index, weight } = breakpoints[k] as Breakpoint;
      if (side === 'floor') {
        held -= lower[index] as bigint;
        slope += weight;
      } else {
        held += upper[index] as bigint;
        slope -= weight;
      }
    }
  }
  if (slope > 0n) return ratio(units - held, slope);
  return conflict(
    'what the capped segments cannot take has no segment with a share to go to (segments with no share get only their floors)',
    weights.map((w, i) => (w > 0n ? { path: paths(i, 'cap'), message: 'Cap reached' } : { path: paths(i, 'floor'), message: 'No share: held at its floor' })),
  );
}

/** Held at the floor when L x weight is below it, at the cap when above it; otherwise free. */
function constraintAt(level: Ratio, weight: bigint, low: bigint, cap: bigint | undefined): EnvelopeConstraint {
  const amount = level.n * weight;
  if (amount < low * level.d) return 'floor';
  if (cap !== undefined && amount > cap * level.d) return 'cap';
  return null;
}

/**
 * Splits `units` in proportion to integer `weights` (shares over a common denominator), every
 * segment within its `lower` and `upper` bound (whole units; `undefined` upper is no cap). A
 * segment held at a bound keeps it; what it frees or needs is shared among the others in
 * proportion to their weights: x_i = clamp(L w_i, lower_i, upper_i), for the smallest L that
 * makes the parts add up. A segment exactly at a bound at that L is free (its exact share is
 * the bound). Then the free segments are rounded by largest remainder, which keeps them within
 * their whole-unit bounds. Throws `PhmInfeasibleError` naming the constraints in conflict.
 */
export function splitWithBounds(units: bigint, weights: readonly bigint[], lower: readonly bigint[], upper: readonly (bigint | undefined)[], paths: Paths): BoundedSplit {
  checkBounds(units, lower, upper, paths);
  const level = multiplier(units, weights, lower, upper, paths);
  const constraint = weights.map((w, i) => constraintAt(level, w, lower[i] as bigint, upper[i]));
  const parts = constraint.map((s, i) => (s === 'floor' ? (lower[i] as bigint) : s === 'cap' ? (upper[i] as bigint) : 0n));
  const free = constraint.flatMap((s, i) => (s === null ? [i] : []));
  const rest = units - total(parts);
  const freeWeights = free.map((i) => weights[i] as bigint);
  const freeTotal = total(freeWeights);
  const rounded = freeTotal === 0n ? freeWeights.map(() => 0n) : largestRemainder(rest, freeWeights);
  const exact = parts.map((p) => ratio(p));
  free.forEach((i, k) => {
    parts[i] = rounded[k] as bigint;
    exact[i] = freeTotal === 0n ? ratio(0n) : ratio(rest * (freeWeights[k] as bigint), freeTotal);
  });
  return { parts, exact, constraint };
}
