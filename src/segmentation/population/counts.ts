/**
 * People per segment in one row of a breakdown; every segment of the model is present.
 *
 * @example
 * const { counts } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * for (const row of counts.byLocality) console.log(row.locality ?? '(none)', row.total, row.bySegment.frailty);
 */
export interface SegmentTally {
  readonly total: number;
  readonly bySegment: Readonly<Record<string, number>>;
}

/**
 * Share of people living in national IMD decile 1 (the most deprived 10% of areas in England).
 *
 * @example
 * const { mostDeprived } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' }).counts;
 * mostDeprived.share;                   // e.g. 0.26: the Leeds "26%"
 * mostDeprived.bySegment.frailty?.share; // the same within the frailty segment
 */
export interface DeprivationShare {
  /** People in decile 1. */
  readonly count: number;
  /** People with a recorded decile: the denominator. */
  readonly withDecile: number;
  /** `count / withDecile`, or null when no one has a recorded decile. */
  readonly share: number | null;
}

/**
 * Segment counts with breakdowns by age band, IMD decile and locality; every breakdown's totals
 * sum to the number assigned.
 *
 * @example
 * const { counts } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * counts.bySegment['healthy-adults'];
 * counts.byImdDecile[0]?.bySegment.frailty; // frailty segment, IMD decile 1
 */
export interface PopulationCounts {
  readonly bySegment: Readonly<Record<string, number>>;
  readonly byAgeBand: readonly (SegmentTally & { readonly band: string; readonly minAge: number; readonly maxAge: number | null })[];
  /** Deciles 1 to 10, then `decile: null` for people without one. */
  readonly byImdDecile: readonly (SegmentTally & { readonly decile: number | null })[];
  /**
   * Localities in sorted order, then `locality: null` for people without one (if any). Each row
   * is frozen: a stream's batches share the rows of localities whose counts did not change.
   */
  readonly byLocality: readonly (SegmentTally & { readonly locality: string | null })[];
  /** The Leeds focus on the most deprived: overall and per segment. */
  readonly mostDeprived: DeprivationShare & { readonly bySegment: Readonly<Record<string, DeprivationShare>> };
  /** People by their number of conditions (`conditionCount`): 0, 1, 2, 3, and 4 or more, each by segment. */
  readonly byConditionCount: readonly (SegmentTally & { readonly conditions: ConditionCountBand })[];
  /** People with each of the model's overlays (flags beside the hierarchy), by segment, in model order. */
  readonly byOverlay: readonly (SegmentTally & { readonly overlay: string })[];
}

/**
 * A band of {@link PopulationCounts.byConditionCount}: a number of conditions, 4 and over
 * together.
 *
 * @example
 * const multimorbid: ConditionCountBand[] = ['2', '3', '4+'];
 */
export type ConditionCountBand = '0' | '1' | '2' | '3' | '4+';

/**
 * The bands of `byConditionCount`, in order: 0, 1, 2, 3, and 4 or more conditions.
 *
 * @example
 * CONDITION_COUNT_BANDS // ['0', '1', '2', '3', '4+']
 */
export const CONDITION_COUNT_BANDS: readonly ConditionCountBand[] = Object.freeze(['0', '1', '2', '3', '4+']);

/**
 * Default age bands (lower bounds): 0-4, 5-17, 18-24, 25-44, 45-64, 65-74, 75-84, 85+.
 *
 * @example
 * DEFAULT_AGE_BANDS // [0, 5, 18, 25, 45, 65, 75, 85]
 * segmentPopulation(rows, leeds2024, { asOf: '2024-04-01', ageBands: [...DEFAULT_AGE_BANDS, 95] });
 */
export const DEFAULT_AGE_BANDS: readonly number[] = Object.freeze([0, 5, 18, 25, 45, 65, 75, 85]);

function tally(segmentIds: readonly string[], counts: ArrayLike<number>): SegmentTally {
  const bySegment: Record<string, number> = {};
  let total = 0;
  segmentIds.forEach((id, i) => {
    const n = counts[i] as number;
    bySegment[id] = n;
    total += n;
  });
  return { total, bySegment };
}

function share(count: number, withDecile: number): DeprivationShare {
  return { count, withDecile, share: withDecile === 0 ? null : count / withDecile };
}

type LocalityRow = SegmentTally & { readonly locality: string | null };

/** One locality's counts, and its row of `byLocality` while they have not changed since. */
interface Place {
  readonly locality: string | null;
  /** Its number in the breakdown (0 for people without a locality), in order of first sight. */
  readonly number: number;
  readonly counts: Float64Array;
  row: LocalityRow | undefined;
}

const byLocalityName = (a: Place, b: Place) => (a.locality! < b.locality! ? -1 : a.locality! > b.locality! ? 1 : 0);

/** Merges two lists of places, each sorted by name, into one sorted list. */
function merge(sorted: readonly Place[], fresh: readonly Place[]): Place[] {
  const out: Place[] = [];
  let i = 0;
  let j = 0;
  while (i < sorted.length && j < fresh.length) out.push(byLocalityName(sorted[i]!, fresh[j]!) <= 0 ? sorted[i++]! : fresh[j++]!);
  while (i < sorted.length) out.push(sorted[i++]!);
  while (j < fresh.length) out.push(fresh[j++]!);
  return out;
}

/**
 * The locality breakdown, kept for a result asked for again and again (a stream asks after
 * every batch): localities are kept sorted, and each result sorts only the localities new
 * since the last and merges them in, and makes a row only for localities whose counts
 * changed. The other rows are the previous result's, frozen, so they can be shared.
 */
function createLocalities(segmentIds: readonly string[], maxLocalities: number) {
  const n = segmentIds.length;
  const byName = new Map<string, Place>();
  const none: Place = { locality: null, number: 0, counts: new Float64Array(n), row: undefined };
  // Every place by its number, the people without a locality first: what `add` returns.
  const numbered: Place[] = [none];
  let sorted: Place[] = [];
  let fresh: Place[] = [];

  /** The place a person's locality is counted in, made on first sight. */
  const placeOf = (locality: string | undefined): Place => {
    if (locality === undefined) return none;
    let place = byName.get(locality);
    if (place === undefined) {
      place = { locality, number: numbered.length, counts: new Float64Array(n), row: undefined };
      byName.set(locality, place);
      numbered.push(place);
      fresh.push(place);
    }
    return place;
  };

  /** The place numbered `number` (0: the people without a locality). */
  const placeNumbered = (number: number): Place => numbered[number] as Place;

  const hasRoomFor = (locality: string | undefined): boolean => locality === undefined || byName.size < maxLocalities || byName.has(locality);

  const rowOf = (place: Place): LocalityRow => {
    if (place.row === undefined) {
      const { total, bySegment } = tally(segmentIds, place.counts);
      place.row = Object.freeze({ locality: place.locality, total, bySegment: Object.freeze(bySegment) });
    }
    return place.row;
  };

  /** Localities in sorted order, then the people without one (if any); none with no one counted. */
  const rows = (): LocalityRow[] => {
    if (fresh.length > 0) {
      sorted = merge(sorted, fresh.sort(byLocalityName));
      fresh = [];
    }
    const out: LocalityRow[] = [];
    for (const place of sorted) {
      const row = rowOf(place);
      if (row.total > 0) out.push(row);
    }
    if (rowOf(none).total > 0) out.push(rowOf(none));
    return out;
  };

  return { placeOf, placeNumbered, hasRoomFor, rows };
}

/**
 * Accumulates segment counts and breakdowns one person at a time, in typed arrays, so that a
 * population of millions is counted without building intermediate objects. At most
 * `maxLocalities` distinct localities are counted: `hasRoomFor` says whether a person's would
 * fit, and `add` must only be given those that do.
 */
export function createCounter(segmentIds: readonly string[], ageBands: readonly number[] = DEFAULT_AGE_BANDS, maxLocalities = Number.POSITIVE_INFINITY, overlayIds: readonly string[] = []) {
  const n = segmentIds.length;
  const segments = new Float64Array(n);
  const bands = ageBands.map(() => new Float64Array(n));
  const deciles = Array.from({ length: 11 }, () => new Float64Array(n));
  const byConditions = CONDITION_COUNT_BANDS.map(() => new Float64Array(n));
  const byOverlay = overlayIds.map(() => new Float64Array(n));
  const localities = createLocalities(segmentIds, maxLocalities);
  // Ages are whole years, 0 to about 150 in valid data: one look-up per person.
  const bandByAge = new Uint8Array(151);
  for (let age = 0, band = 0; age < bandByAge.length; age++) {
    while (band + 1 < ageBands.length && age >= (ageBands[band + 1] as number)) band++;
    bandByAge[age] = band;
  }
  const bandOf = (age: number): number => (age < bandByAge.length ? (bandByAge[age] as number) : ageBands.length - 1);

  /** Counts `delta` people of this age, decile (0 for none) and number of conditions into a segment at `place`. */
  const tallyAt = (segment: number, age: number, decile: number, conditions: number, overlays: readonly number[], place: Place, delta: number): void => {
    segments[segment]! += delta;
    bands[bandOf(age)]![segment]! += delta;
    deciles[decile]![segment]! += delta;
    byConditions[Math.min(conditions, 4)]![segment]! += delta;
    for (const o of overlays) byOverlay[o]![segment]! += delta;
    place.counts[segment]! += delta;
    // Its row, if made, no longer says what the counts do.
    if (place.row !== undefined) place.row = undefined;
  };

  /**
   * Counts a person (decile 0 for none, overlays as indices into `overlayIds`) in a segment, and returns the number of the place
   * their locality is counted at, for `remove`.
   */
  const add = (segment: number, age: number, decile: number, locality: string | undefined, conditions: number, overlays: readonly number[]): number => {
    const place = localities.placeOf(locality);
    tallyAt(segment, age, decile, conditions, overlays, place, 1);
    return place.number;
  };

  /** Counts a person back out: the segment, age, decile, place number, conditions and overlays (indices) they were added with. */
  const remove = (segment: number, age: number, decile: number, place: number, conditions: number, overlays: readonly number[]): void =>
    tallyAt(segment, age, decile, conditions, overlays, localities.placeNumbered(place), -1);

  const result = (): PopulationCounts => {
    const withDecile = new Float64Array(n);
    for (let d = 1; d <= 10; d++) (deciles[d] as Float64Array).forEach((c, i) => (withDecile[i]! += c));
    const mostDeprivedBySegment: Record<string, DeprivationShare> = {};
    segmentIds.forEach((id, i) => (mostDeprivedBySegment[id] = share((deciles[1] as Float64Array)[i] as number, withDecile[i] as number)));
    const sum = (counts: Float64Array) => counts.reduce((a, b) => a + b, 0);
    return {
      bySegment: tally(segmentIds, segments).bySegment,
      byAgeBand: ageBands.map((minAge, b) => {
        const next = ageBands[b + 1];
        return {
          band: next === undefined ? `${minAge}+` : `${minAge}-${next - 1}`,
          minAge,
          maxAge: next === undefined ? null : next - 1,
          ...tally(segmentIds, bands[b] as Float64Array),
        };
      }),
      byImdDecile: [...Array.from({ length: 10 }, (_, d) => d + 1), 0].map((d) => ({
        decile: d === 0 ? null : d,
        ...tally(segmentIds, deciles[d] as Float64Array),
      })),
      byLocality: localities.rows(),
      mostDeprived: { ...share(sum(deciles[1] as Float64Array), sum(withDecile)), bySegment: mostDeprivedBySegment },
      byConditionCount: CONDITION_COUNT_BANDS.map((conditions, b) => ({ conditions, ...tally(segmentIds, byConditions[b] as Float64Array) })),
      byOverlay: overlayIds.map((overlay, o) => ({ overlay, ...tally(segmentIds, byOverlay[o] as Float64Array) })),
    };
  };

  return { add, remove, hasRoomFor: localities.hasRoomFor, result };
}
