/**
 * The same registers, two engines, the same markers: the SQL registersToSql writes, run by
 * DuckDB over the same events, codelists and people, gives every person exactly the entries
 * (marker, from, to) deriveMarkers gives, for random registers and events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_REGISTERS, codelistRows, deriveMarkers, registersToSql, syntheticEvents, type RegisterSpec } from 'phm-kit/registers';
import { syntheticPopulation } from 'phm-kit/segmentation';
import { entriesOfRows, openEventsDb, type EventsDb } from '../../../examples/duckdb-events.js';
import { asyncProperty } from '../../support/property.js';
import { caseArb } from '../arbitraries.js';
import type { OracleEvent } from '../oracle.js';
import { codelists, entriesById, sortedEntries } from '../support.js';

let db: EventsDb;
beforeAll(async () => {
  db = await openEventsDb();
});
afterAll(() => db.close());

export async function compareWithDuckDb(events: readonly OracleEvent[], registers: readonly RegisterSpec[], people: readonly { id: string; birthDate: string }[], asOf: string, dialect: 'duckdb' | 'ansi' | 'postgresql' = 'duckdb') {
  await db.load({ people, events, codelistCodes: codelistRows(codelists) });
  const { sql } = registersToSql(registers, { dialect, asOf, codelists });
  const actual = entriesOfRows(await db.rows(sql));
  const expected = entriesById(deriveMarkers(events, registers, { asOf, people, codelists }));
  for (const [id, entries] of expected) expect(sortedEntries(actual.get(id) ?? []), id).toEqual(entries);
  for (const id of actual.keys()) expect(expected.has(id), `SQL gave markers to ${id}`).toBe(true);
}

describe('registersToSql on DuckDB agrees with deriveMarkers', () => {
  asyncProperty('random registers, people and events', 16101, caseArb, ({ asOf, registers, people, events }) => compareWithDuckDb(events, registers, people, asOf), 1000, 600_000);
});

describe('the ANSI and PostgreSQL dialects, run by DuckDB, agree too', () => {
  for (const [dialect, seed] of [['ansi', 16102], ['postgresql', 16103]] as const) {
    // ANSI SQL upper-cases with UPPER, which maps some other scripts' letters to ASCII (the
    // dotless i to I): its equality holds for ASCII codes, as docs/registers.md says.
    const ascii = (events: readonly OracleEvent[]) => (dialect === 'ansi' ? events.filter((e) => /^[\x20-\x7e]*$/.test(e.code)) : events);
    asyncProperty(`${dialect}: random registers, people and events`, seed, caseArb, ({ asOf, registers, people, events }) => compareWithDuckDb(ascii(events), registers, people, asOf, dialect), 150, 600_000);
  }
});

describe('every built-in register on synthetic events, in DuckDB, equals deriveMarkers', () => {
  it('2,000 synthetic people and their events', async () => {
    const asOf = '2025-03-31';
    const population = syntheticPopulation({ size: 2_000, seed: 21, asOf });
    const { events, codelists: lists } = syntheticEvents({ people: population, seed: 21, asOf });
    const people = population.map((p) => ({ id: p.id, birthDate: p.birthDate }));
    await db.load({ people, events, codelistCodes: codelistRows(lists) });
    const actual = entriesOfRows(await db.rows(registersToSql(BUILT_IN_REGISTERS, { dialect: 'duckdb', asOf, codelists: lists }).sql));
    const derived = deriveMarkers(events, BUILT_IN_REGISTERS, { asOf, people, codelists: lists });
    let entries = 0;
    for (const [id, expected] of entriesById(derived)) {
      entries += expected.length;
      expect(sortedEntries(actual.get(id) ?? []), id).toEqual(expected);
    }
    expect(entries).toBeGreaterThan(1_000);
    for (const marker of BUILT_IN_REGISTERS.map((r) => r.marker).filter((m) => !m.startsWith('hfrs') && m !== 'frailty-mild')) {
      expect(derived.registers.find((r) => r.marker === marker)?.people, marker).toBeGreaterThan(0);
    }
  }, 120_000);
});
