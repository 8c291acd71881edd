/** Shared by the register tests: the arbitraries' codelists as phm-kit codelists, and results as sorted entries. */
import { defineCodelist, type Codelist, type DerivedMarkers } from 'phm-kit/registers';
import { CODELISTS } from './arbitraries.js';
import type { OracleEntry } from './oracle.js';

export const codelists: Codelist[] = CODELISTS.map((c) => defineCodelist({ name: c.name, system: c.system, codes: [...c.codes], match: c.match }));

const key = (e: OracleEntry) => `${e.id}|${e.from ?? ''}|${e.to ?? ''}`;

/** Entries in one canonical order, written as `{ id, from?, to? }`. */
export function sortedEntries(entries: readonly (string | { id: string; from?: string; to?: string })[]): OracleEntry[] {
  return entries
    .map((e) => (typeof e === 'string' ? { id: e } : { id: e.id, ...(e.from === undefined ? {} : { from: e.from }), ...(e.to === undefined ? {} : { to: e.to }) }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every person's entries, by id, sorted: the form the oracle and the SQL are compared in. */
export function entriesById(derived: Pick<DerivedMarkers, 'people'>): Map<string, OracleEntry[]> {
  return new Map(derived.people.map((p) => [p.personId, sortedEntries(p.markers)]));
}
