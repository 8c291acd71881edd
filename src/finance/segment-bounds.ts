import type { ParsedEnvelopeInput } from './envelope-schema.js';
import { ceilOf, floorOf, ratio, ratioOf, type Ratio } from './rational.js';
import type { Shares } from './shares.js';
import type { WholeUnits } from './top-slices.js';

/** Each segment's bounds in whole units, and which of them came from the method's maxChange. */
export interface SegmentBounds {
  readonly lower: bigint[];
  readonly upper: (bigint | undefined)[];
  /** Bounds set by the method's maxChange, not the segment's own floor or cap: errors name them there. */
  readonly fromMaxChange: { floor: boolean; cap: boolean }[];
}

/**
 * Limits on movement from the historic amounts (historic share x allocatable), rounded outward
 * to whole units: the historic amounts always lie within them, so maxChange alone can never make
 * the problem infeasible.
 */
function maxChangeBounds(historic: Shares, allocatable: bigint, maxChange: Ratio, bounds: SegmentBounds): void {
  historic.weights.forEach((h, i) => {
    const d = historic.denominator * maxChange.d;
    const low = floorOf(ratio(h * allocatable * (maxChange.d - maxChange.n), d));
    bounds.lower[i] = low > 0n ? low : 0n;
    bounds.upper[i] = ceilOf(ratio(h * allocatable * (maxChange.d + maxChange.n), d));
    bounds.fromMaxChange[i] = { floor: true, cap: true };
  });
}

/**
 * Floors and caps in whole units: an amount, or a percentage of current spend rounded inward
 * (floors up, caps down), tightened to the pace-of-change limits.
 */
export function segmentBounds(input: ParsedEnvelopeInput, historic: Shares | undefined, allocatable: bigint, wholeUnits: WholeUnits): SegmentBounds {
  const bounds: SegmentBounds = {
    lower: input.segments.map(() => 0n),
    upper: input.segments.map(() => undefined),
    fromMaxChange: input.segments.map(() => ({ floor: false, cap: false })),
  };
  const method = input.method;
  if (method.kind === 'paceOfChange' && method.maxChange !== undefined && historic !== undefined) maxChangeBounds(historic, allocatable, ratioOf(method.maxChange), bounds);
  const unit = ratioOf(input.unit);
  input.segments.forEach((s, i) => {
    const inUnits = (b: NonNullable<typeof s.floor>, round: (r: Ratio) => bigint, field: string) => {
      if (typeof b !== 'object') return wholeUnits(b, ['segments', i, field]);
      // currentSpend x percent / 100, in units
      const spend = ratioOf(s.currentSpend as string | number);
      const percent = ratioOf(b.percentOfCurrentSpend);
      return round(ratio(spend.n * percent.n * unit.d, spend.d * percent.d * 100n * unit.n));
    };
    if (s.floor !== undefined) {
      const floor = inUnits(s.floor, ceilOf, 'floor');
      if (floor >= (bounds.lower[i] as bigint)) {
        bounds.lower[i] = floor;
        (bounds.fromMaxChange[i] as { floor: boolean }).floor = false;
      }
    }
    if (s.cap !== undefined) {
      const cap = inUnits(s.cap, floorOf, 'cap');
      const current = bounds.upper[i];
      if (current === undefined || cap <= current) {
        bounds.upper[i] = cap;
        (bounds.fromMaxChange[i] as { cap: boolean }).cap = false;
      }
    }
  });
  return bounds;
}
