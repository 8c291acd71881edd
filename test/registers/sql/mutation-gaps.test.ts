/**
 * registersToSql where its mutation testing found no test (docs/quality.md, "Surviving mutants:
 * registers"): counts of distinct days and codes, the earliest and the lowest value, a window
 * that starts after asOf, -0 as a cut-off, several registers reading one codelist, and the
 * refusals and result fields: each case run on DuckDB and compared with deriveMarkers, or read
 * from the SQL text and the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codelistRows, defineCodelist, deriveMarkers, PhmModelError, PhmValidationError, registersToSql, type RegisterSpec } from 'phm-kit/registers';
import { entriesOfRows, openEventsDb, type EventsDb } from '../../../examples/duckdb-events.js';
import { refusalOf } from '../../support/issues.js';
import { sctid } from '../arbitraries.js';
import { entriesById, sortedEntries } from '../support.js';

const asOf = '2025-03-31';
const A = sctid('111100');
const B = sctid('222200');
const codelists = [defineCodelist({ name: 'A_COD', system: 'snomed-ct', codes: [A, B] }), defineCodelist({ name: 'ICD_COD', system: 'icd10', codes: ['E11'], match: 'prefix' })];
const people = ['p', 'q', 'r', 's'].map((id) => ({ id, birthDate: '1950-01-01' }));

let db: EventsDb;
beforeAll(async () => {
  db = await openEventsDb();
});
afterAll(() => db.close());

/** The markers SQL gives each person, checked against deriveMarkers, as ids by person. */
async function markersOf(registers: readonly RegisterSpec[], events: readonly { personId: string; code: string; date: string; value?: number }[]) {
  await db.load({ people, events, codelistCodes: codelistRows(codelists) });
  const actual = entriesOfRows(await db.rows(registersToSql(registers, { dialect: 'duckdb', asOf, codelists }).sql));
  const expected = entriesById(deriveMarkers(events, registers, { asOf, people, codelists }));
  for (const [id, entries] of expected) expect(sortedEntries(actual.get(id) ?? []), id).toEqual(entries);
  return Object.fromEntries(people.map((p) => [p.id, (actual.get(p.id) ?? []).map((e) => e.id).sort()]));
}

describe('registersToSql on DuckDB at the edges mutation testing found', () => {
  it('counts events, distinct days and distinct codes apart', async () => {
    const registers: RegisterSpec[] = [
      { marker: 'events', rule: { count: 'A_COD', atLeast: 2 } },
      { marker: 'days', rule: { count: 'A_COD', atLeast: 2, distinct: 'days' } },
      { marker: 'codes', rule: { count: 'A_COD', atLeast: 2, distinct: 'codes' } },
    ];
    const events = [
      // p: two codes on one day; q: one code on two days; r: one event.
      { personId: 'p', code: A, date: '2024-01-01' }, { personId: 'p', code: B, date: '2024-01-01' },
      { personId: 'q', code: A, date: '2024-01-01' }, { personId: 'q', code: A, date: '2024-02-01' },
      { personId: 'r', code: A, date: '2024-01-01' },
    ];
    expect(await markersOf(registers, events)).toEqual({ p: ['codes', 'events'], q: ['days', 'events'], r: [], s: [] });
  });

  it('reads the earliest or the latest value, and the lowest or highest of one day', async () => {
    const registers: RegisterSpec[] = [
      { marker: 'latest-high', rule: { value: 'A_COD', atLeast: 50 } },
      { marker: 'earliest-high', rule: { value: 'A_COD', pick: 'earliest', atLeast: 50 } },
      { marker: 'lowest-high', rule: { value: 'A_COD', sameDay: 'lowest', atLeast: 50 } },
      { marker: 'at-zero', rule: { value: 'A_COD', atMost: -0 } },
    ];
    const events = [
      // p: 40 first, then 60 and 45 on the latest day; q: 70 first, 30 last; r: 0 once.
      { personId: 'p', code: A, date: '2023-01-01', value: 40 }, { personId: 'p', code: A, date: '2024-06-01', value: 60 }, { personId: 'p', code: B, date: '2024-06-01', value: 45 },
      { personId: 'q', code: A, date: '2023-01-01', value: 70 }, { personId: 'q', code: A, date: '2024-06-01', value: 30 },
      { personId: 'r', code: A, date: '2024-06-01', value: 0 },
    ];
    // p's latest day holds 60 and 45: the highest passes, the lowest does not.
    expect(await markersOf(registers, events)).toEqual({ p: ['latest-high'], q: ['earliest-high'], r: ['at-zero'], s: [] });
  });

  it('holds nothing for a window that starts after asOf, and reads prefix codelists', async () => {
    const registers: RegisterSpec[] = [
      { marker: 'future', rule: { code: 'A_COD', within: { since: '2025-04-01' } } },
      { marker: 'since', rule: { code: 'A_COD', within: { since: '2024-01-01' } } },
      { marker: 'diabetes', rule: { code: 'ICD_COD' } },
      { marker: 'both', rule: { all: [{ code: 'A_COD' }, { code: 'ICD_COD' }] } },
    ];
    const events = [
      { personId: 'p', code: A, date: '2024-01-01' }, { personId: 'p', code: 'E11.9', date: '2024-01-01' },
      { personId: 'q', code: A, date: '2023-12-31' },
      { personId: 'r', code: 'E119', date: '2024-01-01' },
    ];
    expect(await markersOf(registers, events)).toEqual({ p: ['both', 'diabetes', 'since'], q: [], r: ['diabetes'], s: [] });
  });
});

describe('registersToSql refusals and result', () => {
  const register: RegisterSpec = { marker: 'm', rule: { code: 'A_COD' } };

  it('names the register whose codelist is missing', () => {
    const refused = refusalOf(() => registersToSql([register, { marker: 'n', rule: { code: 'B_COD' } }], { dialect: 'duckdb', asOf, codelists }), PhmValidationError);
    expect(refused.issues).toEqual([{ path: ['registers', 1], message: "Register 'n' reads codelist B_COD, which is not among the codelists given" }]);
    expect(refused.message).toMatch(/^Missing codelists: /);
  });

  it('writes schema-qualified tables, a view, and refuses a replaced view in ANSI SQL', () => {
    const sql = registersToSql([register], { dialect: 'duckdb', asOf, codelists, eventsTable: ['gp', 'coded_events'], codelistTable: 'lists', peopleTable: ['pop', 'people'], view: { name: ['out', 'markers'] } }).sql;
    expect(sql).toContain('"gp"."coded_events"');
    expect(sql).toContain('"pop"."people"');
    expect(sql).toContain('"lists"');
    expect(sql.startsWith('CREATE VIEW "out"."markers" AS')).toBe(true);
    expect(registersToSql([register], { dialect: 'duckdb', asOf, codelists, view: { name: 'v', replace: true } }).sql.startsWith('CREATE OR REPLACE VIEW "v" AS')).toBe(true);
    const ansi = refusalOf(() => registersToSql([register], { dialect: 'ansi', asOf, codelists, view: { name: 'v', replace: true } }), PhmValidationError);
    expect(ansi.issues[0]?.path).toEqual(['view', 'replace']);
    expect(ansi.message).toBe('Invalid options: ANSI SQL has no statement that replaces a view');
    expect(refusalOf(() => registersToSql([register], { dialect: 'duckdb', asOf, codelists, eventsTable: ['gp', ''] }), PhmModelError).issues[0]?.path).toEqual(['eventsTable', 1]);
    expect(refusalOf(() => registersToSql([register], { dialect: 'duckdb', asOf, codelists, eventsTable: '' }), PhmModelError).issues[0]?.path).toEqual(['eventsTable']);
    expect(refusalOf(() => registersToSql([register], { dialect: 'duckdb', asOf, codelists, columns: { eventCode: '' } }), PhmModelError).issues[0]?.path).toEqual(['columns', 'eventCode']);
  });

  it('reports its columns and markers, and reads no value column when there is none', () => {
    const result = registersToSql([register, { marker: 'v', rule: { value: 'A_COD', above: 1 } }], { dialect: 'duckdb', asOf, codelists, columns: { eventValue: null } });
    expect(result.columns).toEqual(['person_id', 'marker', 'from_date', 'to_date']);
    expect(result.markers).toEqual(['m', 'v']);
    // No value column: every value is NULL, so no value rule can hold.
    expect(result.sql).toContain('CAST(NULL AS DOUBLE) AS "value"');
    expect(result.sql).not.toContain('e."value"');
    expect(registersToSql([register], { dialect: 'duckdb', asOf, codelists }).sql).toContain('e."value"');
  });
});
