import type { MarkerEntry } from '../../segmentation/records/person.js';
import type { DerivedMarkers } from './derive-markers.js';

/**
 * People with the markers a derivation set, ready for `segmentPopulation`: new records (the
 * inputs are not changed), each with its derived entries after its own. By default a person's
 * own entries for a marker the registers set are dropped first, so that the registers are the
 * one source of those markers; `{ keep: true }` keeps them beside the derived ones. People the
 * derivation did not read (rejected, or not given to it) are returned as they were.
 *
 * @example
 * const derived = deriveMarkers(events, qofRegisters, { asOf, people, codelists });
 * const segmented = segmentPopulation(withDerivedMarkers(people, derived), leeds2024, { asOf });
 */
export function withDerivedMarkers<P extends { readonly id: string; readonly markers?: readonly MarkerEntry[] | undefined }>(
  people: readonly P[],
  derived: Pick<DerivedMarkers, 'people' | 'registers'>,
  options: { readonly keep?: boolean } = {},
): (P & { markers: MarkerEntry[] })[] {
  const byId = new Map(derived.people.map((p) => [p.personId, p.markers]));
  const set = new Set(derived.registers.map((r) => r.marker));
  const idOf = (entry: MarkerEntry) => (typeof entry === 'string' ? entry : entry.id);
  return people.map((person) => {
    const own = person.markers ?? [];
    const added = byId.get(person.id);
    if (added === undefined) return { ...person, markers: [...own] };
    const kept = options.keep === true ? own : own.filter((entry) => !set.has(idOf(entry)));
    return { ...person, markers: [...kept, ...(added as MarkerEntry[])] };
  });
}
