import * as z from 'zod';
import { parseInput, pickFields } from '../../core/validation.js';
import { MarkerEntrySchema, type MarkerEntry } from '../../segmentation/records/person.js';
import type { DerivedMarkers } from './derive-markers.js';

const PeopleShape = z.array(z.looseObject({ id: z.string(), markers: z.array(MarkerEntrySchema).optional() })).max(50_000_000);
const DerivedShape = z.object({
  people: z.array(z.object({ personId: z.string(), markers: z.array(MarkerEntrySchema) })),
  registers: z.array(z.object({ marker: z.string() })),
});

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
  // Everything is read once, into plain copies, and the result made from those.
  const readPeople = parseInput(PeopleShape, people, 'people') as unknown as readonly P[];
  const read = parseInput(DerivedShape, pickFields(derived, { people: true, registers: true }, 'derived markers'), 'derived markers');
  const keep = parseInput(z.strictObject({ keep: z.boolean().optional() }), options, 'options').keep === true;
  const byId = new Map(read.people.map((p) => [p.personId, p.markers]));
  const set = new Set(read.registers.map((r) => r.marker));
  const idOf = (entry: MarkerEntry) => (typeof entry === 'string' ? entry : entry.id);
  return readPeople.map((person) => {
    const own = person.markers ?? [];
    const added = byId.get(person.id);
    if (added === undefined) return { ...person, markers: [...own] };
    const kept = keep ? own : own.filter((entry) => !set.has(idOf(entry)));
    return { ...person, markers: [...kept, ...(added as MarkerEntry[])] };
  });
}
