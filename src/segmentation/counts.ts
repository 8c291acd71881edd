import type { Person } from './person.js';

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
  /** Localities in sorted order, then `locality: null` for people without one (if any). */
  readonly byLocality: readonly (SegmentTally & { readonly locality: string | null })[];
  /** The Leeds focus on the most deprived: overall and per segment. */
  readonly mostDeprived: DeprivationShare & { readonly bySegment: Readonly<Record<string, DeprivationShare>> };
}

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

/**
 * Accumulates segment counts and breakdowns one person at a time, in typed arrays, so that a
 * population of millions is counted without building intermediate objects.
 */
export function createCounter(segmentIds: readonly string[], ageBands: readonly number[] = DEFAULT_AGE_BANDS) {
  const n = segmentIds.length;
  const segments = new Float64Array(n);
  const bands = ageBands.map(() => new Float64Array(n));
  const deciles = Array.from({ length: 11 }, () => new Float64Array(n));
  const localities = new Map<string, Float64Array>();
  const noLocality = new Float64Array(n);
  // Ages are whole years, 0 to about 150 in valid data: one look-up per person.
  const bandByAge = new Uint8Array(151);
  for (let age = 0, band = 0; age < bandByAge.length; age++) {
    while (band + 1 < ageBands.length && age >= (ageBands[band + 1] as number)) band++;
    bandByAge[age] = band;
  }
  const bandOf = (age: number): number => (age < bandByAge.length ? (bandByAge[age] as number) : ageBands.length - 1);

  /** Counts a person in (or, with `delta` -1, back out of) a segment. */
  const add = (segment: number, person: Person, age: number, delta = 1) => {
    // Read the person first: a row that throws while being read must leave no partial count.
    const decile = deciles[person.imdDecile ?? 0] as Float64Array;
    const locality = person.locality;
    segments[segment]! += delta;
    bands[bandOf(age)]![segment]! += delta;
    decile[segment]! += delta;
    let place = locality === undefined ? noLocality : localities.get(locality);
    if (place === undefined) {
      place = new Float64Array(n);
      localities.set(locality as string, place);
    }
    place[segment]! += delta;
  };

  const result = (): PopulationCounts => {
    const byLocality: (SegmentTally & { locality: string | null })[] = [...localities.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((locality) => ({ locality, ...tally(segmentIds, localities.get(locality) as Float64Array) }))
      .filter((row) => row.total > 0);
    if (noLocality.some((c) => c !== 0)) byLocality.push({ locality: null, ...tally(segmentIds, noLocality) });
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
      byLocality,
      mostDeprived: { ...share(sum(deciles[1] as Float64Array), sum(withDecile)), bySegment: mostDeprivedBySegment },
    };
  };

  return { add, result };
}
