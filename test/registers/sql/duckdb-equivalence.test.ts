/**
 * The same registers, two engines, the same markers: the SQL registersToSql writes, run by
 * DuckDB over the same events, codelists and people, gives every person exactly the entries
 * (marker, from, to) deriveMarkers gives, for random registers and events.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_REGISTERS, codelistRows, deriveMarkers, registersToSql, syntheticEvents, type RegisterSpec } from 'phm-kit/registers';
import { syntheticPopulation } from 'phm-kit/segmentation';
import { entriesOfRows, openEventsDb, type EventsDb } from '../../../examples/duckdb-events.js';
import { asyncProperty } from '../../support/property.js';
import { asOfArb, caseArb, caseAt } from '../arbitraries.js';
import type { OracleEvent } from '../oracle.js';
import { codelists, entriesById, sortedEntries } from '../support.js';

let db: EventsDb;
beforeAll(async () => {
  db = await openEventsDb();
});
afterAll(() => db.close());

type Case = { asOf: string; registers: readonly RegisterSpec[]; people: readonly { id: string; birthDate: string }[]; events: readonly OracleEvent[] };

const tag = (k: number, id: string) => `c${k}|${id}`;

/** Loads every case's people and events under ids prefixed with the case's number, which keeps the cases' people apart. */
async function loadCases(cases: readonly Case[]) {
  await db.load({
    people: cases.flatMap((c, k) => c.people.map((p) => ({ id: tag(k, p.id), birthDate: p.birthDate }))),
    events: cases.flatMap((c, k) => c.events.map((e) => ({ ...e, personId: tag(k, e.personId) }))),
    codelistCodes: codelistRows(codelists),
  });
}

/** Case k's rows (its prefix taken off) give every person exactly the entries deriveMarkers gives, and no one else any. */
function expectCase(c: Case, k: number, mine: readonly Record<string, unknown>[]) {
  const actual = entriesOfRows(mine.map((r) => ({ ...r, person_id: String(r['person_id']).slice(tag(k, '').length) })));
  const expected = entriesById(deriveMarkers(c.events, c.registers, { asOf: c.asOf, people: c.people, codelists }));
  for (const [id, entries] of expected) expect(sortedEntries(actual.get(id) ?? []), `case ${k}, ${id}`).toEqual(entries);
  for (const id of actual.keys()) expect(expected.has(id), `SQL gave markers to ${id}`).toBe(true);
}

/**
 * Many cases in one round trip: each case's query is run over every case's people and keeps only
 * its own people's rows, and the queries are joined with UNION ALL. Every case is then compared
 * on its own, as if it had had the tables to itself.
 */
export async function compareWithDuckDb(cases: readonly Case[], dialect: 'duckdb' | 'ansi' | 'postgresql' = 'duckdb') {
  await loadCases(cases);
  const sql = cases
    .map((c, k) => `SELECT ${k} AS case_no, q.* FROM (${registersToSql(c.registers, { dialect, asOf: c.asOf, codelists }).sql}) q WHERE q.person_id LIKE '${tag(k, '')}%'`)
    .join('\nUNION ALL\n');
  const rows = await db.rows(sql);
  cases.forEach((c, k) => expectCase(c, k, rows.filter((r) => Number(r['case_no']) === k)));
}

/**
 * Many cases on one `asOf` in one query: every case's registers, their markers prefixed with the
 * case's number, are compiled together by one `registersToSql` call (so registers are seen not
 * to disturb each other), run over every case's people, and each case keeps the rows of its own
 * registers for its own people.
 */
export async function compareCombinedWithDuckDb(cases: readonly Case[]) {
  await loadCases(cases);
  const registers = cases.flatMap((c, k) => c.registers.map((r) => ({ ...r, marker: `c${k}-${r.marker}` })));
  const rows = await db.rows(registersToSql(registers, { dialect: 'duckdb', asOf: cases[0]?.asOf ?? '2025-03-31', codelists }).sql);
  cases.forEach((c, k) => {
    const mine = rows.filter((r) => String(r['person_id']).startsWith(tag(k, '')) && String(r['marker']).startsWith(`c${k}-`));
    expectCase(c, k, mine.map((r) => ({ ...r, marker: String(r['marker']).slice(`c${k}-`.length) })));
  });
}

/** Runs of 20 cases (a shrunk failure is a list of cases, the failing one among them). */
const casesArb = fc.array(caseArb, { minLength: 20, maxLength: 20 });
/** Runs of 50 cases sharing one `asOf`, for the combined query. */
const sameDayCasesArb = asOfArb.chain((asOf) => fc.array(caseAt(asOf), { minLength: 50, maxLength: 50 }));

describe('registersToSql on DuckDB agrees with deriveMarkers', () => {
  asyncProperty('random registers, people and events, compiled together: 1,000 cases, 50 a query', 16101, sameDayCasesArb, (cases) => compareCombinedWithDuckDb(cases), 20, 600_000);
  asyncProperty('random registers, people and events, each case compiled on its own: 200 cases, 20 a run', 16104, casesArb, (cases) => compareWithDuckDb(cases), 10, 600_000);
});

describe('the ANSI and PostgreSQL dialects, run by DuckDB, agree too', () => {
  for (const [dialect, seed] of [['ansi', 16102], ['postgresql', 16103]] as const) {
    // ANSI SQL upper-cases with UPPER, which maps some other scripts' letters to ASCII (the
    // dotless i to I): its equality holds for ASCII codes, as docs/registers.md says.
    const ascii = (c: Case): Case => (dialect === 'ansi' ? { ...c, events: c.events.filter((e) => /^[\x20-\x7e]*$/.test(e.code)) } : c);
    asyncProperty(`${dialect}: random registers, people and events: 100 cases, 20 a run`, seed, casesArb, (cases) => compareWithDuckDb(cases.map(ascii), dialect), 5, 600_000);
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
