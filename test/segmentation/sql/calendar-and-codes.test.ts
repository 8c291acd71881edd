/**
 * toSql where a rule's dates fall outside the calendar (ages reaching before year 1), where a
 * sex has no code in the data, and where a column name is empty. The first two run in DuckDB
 * and are checked against the TypeScript classifier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhmModelError } from 'phm-kit';
import { defineModel, toSql } from 'phm-kit/segmentation';
import { openDuckDb, tablesOf, type DuckDb } from '../../../examples/duckdb-tables.js';
import { caught } from '../examples/helpers.js';
import { actualOutcomes, expectedOutcomes } from './expected.js';

let db: DuckDb;
beforeAll(async () => {
  db = await openDuckDb();
});
afterAll(() => db.close());

const ages = defineModel({
  id: 'ages',
  label: 'Ages',
  segments: [
    { id: 'any-very-old', label: 'Aged 130+ or 150', rule: { any: [{ ageAtLeast: 130 }, { ageAtLeast: 150 }] } },
    { id: 'not-under-120', label: 'Not under 120', rule: { not: { ageBelow: 120 } } },
    { id: 'centenarians', label: 'Aged 100 or more', rule: { ageAtLeast: 100 } },
    { id: 'adults', label: 'Adults', rule: { ageAtLeast: 18 } },
    { id: 'rest', label: 'Everyone else', catchAll: true },
  ],
});

describe('ages that reach before the first valid date', () => {
  const people = [
    { id: 'born-year-1', birthDate: '0001-01-01', markers: [] },
    { id: 'born-year-30', birthDate: '0030-06-01', markers: [] },
    { id: 'born-1950', birthDate: '1950-03-01', markers: [] },
  ];

  it.each(['0050-01-01', '0120-06-01', '2024-04-01'])('on %s the query agrees with the classifier, segment and flags', async (asOf) => {
    await db.load(tablesOf(people));
    const { sql } = toSql(ages, { dialect: 'duckdb', asOf, flags: true });
    expect(actualOutcomes(await db.rows(sql), ages, true)).toEqual(expectedOutcomes(people, ages, asOf, true));
  });
});

describe('sex codes', () => {
  it('a sex with no code in the data makes a row holding any other code invalid, as an unknown sex does in a record', async () => {
    await db.connection.run('CREATE OR REPLACE TABLE coded (person_id VARCHAR, birth_date DATE, sex VARCHAR, death_date DATE)');
    await db.connection.run('CREATE OR REPLACE TABLE no_markers (person_id VARCHAR, marker VARCHAR, from_date DATE, to_date DATE)');
    await db.connection.run(`INSERT INTO coded VALUES ('f', '1990-01-01', 'F', NULL), ('m', '1990-01-01', 'M', NULL), ('x', '1990-01-01', 'X', NULL), ('n', '1990-01-01', NULL, NULL)`);
    const bySex = defineModel({ id: 'sex', label: 'Sex', segments: [{ id: 'women', label: 'Women', rule: { sex: 'female' } }, { id: 'rest', label: 'Rest', catchAll: true }] });
    const { sql } = toSql(bySex, { dialect: 'duckdb', asOf: '2024-04-01', table: 'coded', markerTable: 'no_markers', sexCodes: { female: 'F', male: 'M' } });
    expect(sql).toContain(`CASE WHEN p."sex" IS NULL THEN 0 WHEN p."sex" IN ('F') THEN 1 WHEN p."sex" IN ('M') THEN 2 ELSE -1 END`);
    const rows = await db.rows(`${sql}\nORDER BY 1`);
    expect(rows.map((r) => [r.person_id, r.status, r.segment ?? null])).toEqual([
      ['f', 'assigned', 'women'],
      ['m', 'assigned', 'rest'],
      ['n', 'assigned', 'rest'],
      ['x', 'rejected', null],
    ]);
  });
});

describe('names', () => {
  it('refuses an empty column name, naming its path', () => {
    const model = defineModel({ id: 'm', label: 'M', segments: [{ id: 'rest', label: 'Rest', catchAll: true }] });
    const error = caught(() => toSql(model, { dialect: 'ansi', asOf: '2024-04-01', columns: { birthDate: '' } }), PhmModelError);
    expect(error.code).toBe('unsafe-sql-name');
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([[['columns', 'birthDate'], expect.stringContaining('it is empty')]]);
  });
});
