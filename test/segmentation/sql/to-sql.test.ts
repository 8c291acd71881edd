/**
 * toSql, by example: quoting and escaping per dialect, refusals, layouts mapped onto other
 * tables, and rows that SQL can hold but a person record cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhmModelError, PhmValidationError } from 'phm-kit';
import { defineModel, leeds2017, leeds2024, syntheticPopulation, toSql, type SqlOptions } from 'phm-kit/segmentation';
import { openDuckDb, REGISTRATION_COLUMNS, tablesOf, type DuckDb } from '../../../examples/duckdb-tables.js';
import { caught } from '../examples/helpers.js';
import { actualOutcomes, expectedOutcomes } from './expected.js';

const ASOF = '2024-04-01';
const DIALECTS = ['ansi', 'postgresql', 'tsql', 'duckdb', 'spark'] as const;

let db: DuckDb;
beforeAll(async () => {
  db = await openDuckDb();
});
afterAll(() => db.close());

describe('quoting and escaping', () => {
  const model = defineModel({
    id: 'one-marker',
    label: 'One marker',
    segments: [
      { id: 'copd', label: 'COPD', rule: { marker: 'ltc-copd' } },
      { id: 'rest', label: 'Rest', catchAll: true },
    ],
  });
  const hostile = { table: ['my schema', 'pe"op]l`e'], markerCodes: { 'ltc-copd': ["o'brien\\x", 'ünï'] } } satisfies Partial<SqlOptions>;

  it.each([
    ['ansi', '"my schema"."pe""op]l`e"', `'o''brien\\x'`, `'ünï'`, `DATE '2024-04-02'`],
    ['postgresql', '"my schema"."pe""op]l`e"', `E'o''brien\\\\x'`, `'ünï'`, `DATE '2024-04-02'`],
    ['duckdb', '"my schema"."pe""op]l`e"', `'o''brien\\x'`, `'ünï'`, `DATE '2024-04-02'`],
    ['tsql', '[my schema].[pe"op]]l`e]', `'o''brien\\x'`, `N'ünï'`, `CAST('2024-04-02' AS datetime2)`],
    ['spark', '`my schema`.`pe"op]l``e`', `'o\\'brien\\\\x'`, `'ünï'`, `DATE '2024-04-02'`],
  ] as const)('%s writes names, text and dates its own way', (dialect, table, code, unicode, date) => {
    const { sql } = toSql(model, { dialect, asOf: ASOF, ...hostile });
    expect(sql).toContain(`FROM ${table} AS p`);
    expect(sql).toContain(`IN (${code}, ${unicode})`);
    expect(sql).toContain(date);
  });

  it('refuses control characters, unpaired surrogates and names the engine would cut short, naming each path', () => {
    const error = caught(() =>
      toSql(model, {
        dialect: 'postgresql',
        asOf: ASOF,
        table: 'people\u0000; DROP TABLE x',
        columns: { birthDate: 'b'.repeat(64), sex: '\ud800' },
        markerCodes: { 'ltc-copd': 'a\nb' },
      }),
      PhmModelError,
    );
    expect(error.code).toBe('unsafe-sql-name');
    expect(error.issues.map((i) => i.path)).toEqual([['table'], ['columns', 'birthDate'], ['columns', 'sex'], ['markerCodes', 'ltc-copd']]);
    // 63 bytes is PostgreSQL's limit; 64 one-byte characters are one too many, 31 two-byte ones fit.
    expect(() => toSql(model, { dialect: 'postgresql', asOf: ASOF, columns: { birthDate: 'ä'.repeat(31) } })).not.toThrow();
    expect(() => toSql(model, { dialect: 'duckdb', asOf: ASOF, columns: { birthDate: 'b'.repeat(64) } })).not.toThrow();
    // SQL Server counts UTF-16 code units: 64 emoji fill its 128, 65 do not fit.
    expect(() => toSql(model, { dialect: 'tsql', asOf: ASOF, columns: { birthDate: '😀'.repeat(64) } })).not.toThrow();
    expect(caught(() => toSql(model, { dialect: 'tsql', asOf: ASOF, columns: { birthDate: '😀'.repeat(65) } }), PhmModelError).issues[0]?.path).toEqual(['columns', 'birthDate']);
  });

  it('refuses flag columns that would pass the identifier limit', () => {
    const long = defineModel({ id: 'long', label: 'Long', segments: [{ id: 'a'.repeat(60), label: 'A', rule: { ageAtLeast: 1 } }, { id: 'rest', label: 'Rest', catchAll: true }] });
    expect(() => toSql(long, { dialect: 'postgresql', asOf: ASOF })).not.toThrow();
    const error = caught(() => toSql(long, { dialect: 'postgresql', asOf: ASOF, flags: true }), PhmModelError);
    expect(error.issues[0]?.path).toEqual(['model', 'segments', 0, 'id']);
  });

  it('never lets a value reach SQL unescaped: a hostile marker code round-trips through DuckDB', async () => {
    const codes = ["it's", 'back\\slash', 'semi;colon --', '"double"', 'ünï'];
    const people = codes.map((code, i) => ({ id: `p${i}`, birthDate: '1960-01-01', markers: [code] }));
    await db.load(tablesOf([...people, { id: 'none', birthDate: '1960-01-01', markers: ['ltc-copd'] }]));
    for (const dialect of ['duckdb', 'ansi', 'postgresql'] as const) {
      const rows = await db.rows(toSql(model, { dialect, asOf: ASOF, markerCodes: { 'ltc-copd': codes } }).sql);
      expect(rows.filter((r) => r.segment === 'copd').map((r) => r.person_id).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    }
  });
});

describe('options', () => {
  it('refuses a dotted table name written as one string', () => {
    const dotted = caught(() => toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF, table: 'dbo.people' }), PhmValidationError);
    expect(dotted.issues[0]?.path).toEqual(['table']);
  });

  it("refuses '${' in Spark SQL, which substitutes variables in the text before parsing", () => {
    const error = caught(() => toSql(leeds2024, { dialect: 'spark', asOf: ASOF, markerCodes: { cancer: ['CA', '${env:HOME}'] }, table: 'p${x}' }), PhmModelError);
    expect(error.issues.map((i) => i.path)).toEqual([['table'], ['markerCodes', 'cancer']]);
    expect(() => toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF, markerCodes: { cancer: '${env:HOME}' } })).not.toThrow();
  });

  it('refuses unknown dialects, bad dates and unknown keys with paths', () => {
    const error = caught(() => toSql(leeds2024, { dialect: 'mysql', asOf: '2024-02-30', colums: {} } as never), PhmValidationError);
    expect(error.issues.map((i) => i.path.join('.')).sort()).toEqual(['', 'asOf', 'dialect']);
  });

  it('refuses marker codes for markers that do not exist, and a sex code listed for two sexes', () => {
    const typo = caught(() => toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF, markerCodes: { 'ltc-copd': 'COPD', 'ltc-cpod': 'COPD' } }), PhmValidationError);
    expect(typo.issues.map((i) => i.path)).toEqual([['markerCodes', 'ltc-cpod']]);
    // A catalogue marker the model does not read is fine: one mapping can serve several models.
    expect(() => toSql(leeds2017, { dialect: 'duckdb', asOf: ASOF, markerCodes: { pregnancy: 'PREG' } })).not.toThrow();
    const twice = caught(() => toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF, sexCodes: { male: ['1', 'M'], female: ['2', 'M'] } }), PhmValidationError);
    expect(twice.issues.map((i) => i.path)).toEqual([['sexCodes', 'female']]);
  });

  it('writes a view, replacing it only where the dialect can', () => {
    expect(toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF, view: { name: 'segments_2024' } }).sql).toMatch(/^CREATE VIEW "segments_2024" AS\n/);
    expect(toSql(leeds2024, { dialect: 'tsql', asOf: ASOF, view: { name: ['phm', 'segments'], replace: true } }).sql).toMatch(/^CREATE OR ALTER VIEW \[phm\]\.\[segments\] AS\n/);
    expect(toSql(leeds2024, { dialect: 'spark', asOf: ASOF, view: { name: 'segments', replace: true } }).sql).toMatch(/^CREATE OR REPLACE VIEW `segments` AS\n/);
    const error = caught(() => toSql(leeds2024, { dialect: 'ansi', asOf: ASOF, view: { name: 'v', replace: true } }), PhmValidationError);
    expect(error.issues[0]?.path).toEqual(['view', 'replace']);
  });

  it('a view made in DuckDB returns what the query returns', async () => {
    const people = syntheticPopulation({ size: 2000, seed: 3, asOf: ASOF });
    await db.load(tablesOf(people));
    await db.connection.run(toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF, view: { name: 'leeds_segments', replace: true } }).sql);
    const rows = await db.rows('SELECT * FROM leeds_segments');
    expect(actualOutcomes(rows, leeds2024)).toEqual(expectedOutcomes(people, leeds2024, ASOF));
  });

  it('describes its result columns, with one flag column per ruled segment, per sub-segment and per condition', () => {
    const result = toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF, flags: true });
    const names = result.columns.map((c) => c.name);
    expect(names.slice(0, 6)).toEqual(['person_id', 'status', 'reason', 'segment', 'segment_index', 'condition_count']);
    expect(names).toContain('matched_end_of_life');
    expect(names).not.toContain('matched_healthy_adults');
    expect(names).toContain('subsegment__long_term_conditions__multimorbidity');
    expect(names.filter((n) => n.startsWith('condition__'))).toEqual(['severe_frailty', 'dementia', 'diabetes', 'respiratory', 'cardiovascular', 'multimorbidity'].map((id) => `condition__${id}`));
    expect(result.segments).toEqual(leeds2024.segments.map((s) => s.id));
    expect(toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF }).columns).toHaveLength(6);
  });

  it('writes one condition column for a sub-segment id that several segments share, and a count of 0 for a model without sub-segments', () => {
    const shared = defineModel({ id: 'shared', label: 'Shared', segments: [
      { id: 'old', label: 'Old', rule: { ageAtLeast: 65 }, subsegments: [{ id: 'copd', label: 'COPD', rule: { marker: 'ltc-copd' } }] },
      { id: 'rest', label: 'Rest', catchAll: true, subsegments: [{ id: 'copd', label: 'COPD', rule: { marker: 'ltc-copd' } }] },
    ] });
    const names = toSql(shared, { dialect: 'duckdb', asOf: ASOF, flags: true }).columns.map((c) => c.name);
    expect(names.filter((n) => n.startsWith('condition__'))).toEqual(['condition__copd']);
    const plain = defineModel({ id: 'plain', label: 'Plain', segments: [{ id: 'all', label: 'All', catchAll: true }] });
    expect(toSql(plain, { dialect: 'duckdb', asOf: ASOF }).sql).toContain('CASE WHEN "status_code" = 0 THEN 0 END AS "condition_count"');
  });

  it('does not mutate its inputs', () => {
    const options = { dialect: 'duckdb' as const, asOf: ASOF, table: ['a', 'b'], markerCodes: { cancer: ['C'] }, columns: { sex: null } };
    const copy = structuredClone(options);
    toSql(leeds2024, options);
    expect(options).toEqual(copy);
  });
});

describe('layouts mapped onto other tables', () => {
  it('reads NHS sex codes, mapped marker codes, renamed columns, and tables without death or marker dates', async () => {
    await db.connection.run('CREATE OR REPLACE TABLE "Patient List" ("NHS ref" VARCHAR, dob DATE, gender VARCHAR)');
    await db.connection.run('CREATE OR REPLACE TABLE flags (pid VARCHAR, code VARCHAR)');
    await db.connection.run(`INSERT INTO "Patient List" VALUES ('a', '1940-01-01', '2'), ('b', '1990-01-01', '1'), ('c', '1990-01-01', 'X'), ('d', '2010-05-05', NULL)`);
    await db.connection.run(`INSERT INTO flags VALUES ('a', 'FRAIL2'), ('b', 'CA'), ('d', 'CA')`);
    const { sql } = toSql(leeds2024, {
      dialect: 'duckdb',
      asOf: ASOF,
      table: 'Patient List',
      markerTable: 'flags',
      columns: { id: 'NHS ref', birthDate: 'dob', sex: 'gender', deathDate: null, markerPersonId: 'pid', marker: 'code', markerFrom: null, markerTo: null },
      sexCodes: { male: '1', female: '2', indeterminate: '9', unknown: '0' },
      markerCodes: { 'frailty-severe': ['FRAIL2', 'FRAIL-S'], cancer: 'CA' },
    });
    const rows = await db.rows(`${sql}\nORDER BY 1`);
    expect(rows.map((r) => [r.person_id, r.status, r.reason, r.segment])).toEqual([
      ['a', 'assigned', null, 'frailty'],
      ['b', 'assigned', null, 'cancer'],
      ['c', 'rejected', 'invalid-record', null],
      ['d', 'assigned', null, 'children-and-young-people'],
    ]);
  });

  it('gives the same answer when the date columns are timestamps with a time of day', async () => {
    const people = syntheticPopulation({ size: 3000, seed: 9, asOf: ASOF });
    await db.load(tablesOf(people));
    await db.connection.run(`CREATE OR REPLACE TABLE ts_people AS SELECT person_id, birth_date + INTERVAL 23 HOUR + INTERVAL 59 MINUTE AS birth_date, sex, death_date + INTERVAL 12 HOUR AS death_date FROM people`);
    await db.connection.run(`CREATE OR REPLACE TABLE ts_markers AS SELECT person_id, marker, from_date + INTERVAL 23 HOUR AS from_date, to_date + INTERVAL 1 MINUTE AS to_date FROM person_markers`);
    const rows = await db.rows(toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF, table: 'ts_people', markerTable: 'ts_markers', flags: true }).sql);
    expect(actualOutcomes(rows, leeds2024, true)).toEqual(expectedOutcomes(people, leeds2024, ASOF, true));
  });
});

describe('edges of the calendar and of the day', () => {
  it('is a subquery like any other, and reads the last valid date as the classifier does', async () => {
    const people = [
      { id: 'alive', birthDate: '1950-01-01', markers: ['cancer'] },
      { id: 'died', birthDate: '1950-01-01', deathDate: '9999-12-31', markers: [] },
      { id: 'born-on-the-day', birthDate: '9999-12-31', markers: [{ id: 'cancer', from: '9999-12-31' }] },
      { id: 'young', birthDate: '9990-01-01', markers: [] },
    ];
    await db.load(tablesOf(people));
    for (const asOf of ['9999-12-31', '0001-01-01', '2000-02-29']) {
      for (const model of [leeds2024, leeds2017]) {
        const { sql } = toSql(model, { dialect: 'duckdb', asOf, flags: true });
        expect(actualOutcomes(await db.rows(sql), model, true)).toEqual(expectedOutcomes(people, model, asOf, true));
        const counted = await db.rows(`SELECT status, COUNT(*) AS n FROM (\n${sql}\n) AS s GROUP BY status ORDER BY status`);
        expect(counted.reduce((sum, r) => sum + Number(r.n), 0)).toBe(people.length);
      }
    }
  });

  it('compares days, not times, when a death or an episode end is earlier in the day than its start', async () => {
    await db.connection.run('CREATE OR REPLACE TABLE tp (person_id VARCHAR, birth_date TIMESTAMP, sex VARCHAR, death_date TIMESTAMP)');
    await db.connection.run('CREATE OR REPLACE TABLE tm (person_id VARCHAR, marker VARCHAR, from_date TIMESTAMP, to_date TIMESTAMP)');
    await db.connection.run(`INSERT INTO tp VALUES ('a', '2024-01-01 10:00', NULL, '2024-01-01 08:00'), ('b', '1960-01-01 10:00', NULL, NULL), ('c', '1960-01-02', NULL, '1960-01-01 23:59')`);
    await db.connection.run(`INSERT INTO tm VALUES ('b', 'cancer', '2024-04-01 10:00', '2024-04-01 08:00')`);
    const rows = await db.rows(`${toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF, table: 'tp', markerTable: 'tm' }).sql}\nORDER BY 1`);
    expect(rows.map((r) => [r.person_id, r.status, r.reason ?? r.segment])).toEqual([
      ['a', 'excluded', 'deceased'],
      ['b', 'assigned', 'cancer'],
      ['c', 'rejected', 'invalid-record'],
    ]);
  });
});

describe('rows a database can hold but a person record cannot', () => {
  it('rejects them as the classifier rejects the records they stand for', async () => {
    await db.load({
      people: [
        { person_id: null, birth_date: '1950-01-01', sex: null, death_date: null },
        { person_id: '', birth_date: '1950-01-01', sex: null, death_date: null },
        { person_id: 'no-birth', birth_date: null, sex: null, death_date: null },
        { person_id: 'bad-sex', birth_date: '1950-01-01', sex: 'F', death_date: null },
        { person_id: 'died-before-born', birth_date: '1950-01-01', sex: null, death_date: '1949-12-31' },
        { person_id: 'bad-episode', birth_date: '1950-01-01', sex: null, death_date: null },
        { person_id: 'null-marker', birth_date: '1950-01-01', sex: null, death_date: null },
        { person_id: 'empty-marker', birth_date: '1950-01-01', sex: null, death_date: null },
        { person_id: 'twice', birth_date: '1950-01-01', sex: null, death_date: null },
        { person_id: 'twice', birth_date: '1960-01-01', sex: null, death_date: null },
        { person_id: 'once-valid', birth_date: '1950-01-01', sex: null, death_date: null },
        { person_id: 'once-valid', birth_date: null, sex: null, death_date: null },
        { person_id: 'dead', birth_date: '1950-01-01', sex: 'male', death_date: '2024-04-01' },
        { person_id: 'unborn', birth_date: '2024-04-02', sex: 'female', death_date: null },
        { person_id: 'dies-tomorrow', birth_date: '1950-01-01', sex: 'male', death_date: '2024-04-02' },
        { person_id: 'left-before-born', birth_date: '1950-01-01', sex: null, death_date: null, deregistration_date: '1949-12-31' },
        { person_id: 'left-on-birth-day', birth_date: '1950-01-01', sex: null, death_date: null, deregistration_date: '1950-01-01' },
        { person_id: 'left-before-joining', birth_date: '1950-01-01', sex: null, death_date: null, registration_date: '2020-01-02', deregistration_date: '2020-01-01' },
        { person_id: 'left-today', birth_date: '1950-01-01', sex: null, death_date: null, registration_date: '2020-01-01', deregistration_date: '2024-04-01' },
        { person_id: 'leaves-tomorrow', birth_date: '1950-01-01', sex: null, death_date: null, deregistration_date: '2024-04-02' },
        { person_id: 'joins-tomorrow', birth_date: '1950-01-01', sex: null, death_date: null, registration_date: '2024-04-02' },
        { person_id: 'joined-today', birth_date: '1950-01-01', sex: null, death_date: null, registration_date: '2024-04-01' },
        { person_id: 'died-after-leaving', birth_date: '1950-01-01', sex: null, death_date: '2024-01-01', deregistration_date: '2023-12-31' },
        { person_id: 'left-on-death-day', birth_date: '1950-01-01', sex: null, death_date: '2024-01-01', deregistration_date: '2024-01-01' },
        { person_id: 'unborn-unregistered', birth_date: '2024-04-02', sex: null, death_date: null, registration_date: '2024-04-10' },
      ],
      markers: [
        { person_id: 'bad-episode', marker: 'cancer', from_date: '2024-01-02', to_date: '2024-01-01' },
        { person_id: 'null-marker', marker: null, from_date: null, to_date: null },
        { person_id: 'empty-marker', marker: '', from_date: null, to_date: null },
        { person_id: 'orphan', marker: 'cancer', from_date: null, to_date: null },
        { person_id: null, marker: 'cancer', from_date: null, to_date: null },
        { person_id: 'dies-tomorrow', marker: 'cancer', from_date: '2024-04-01', to_date: null },
      ],
    });
    const rows = await db.rows(toSql(leeds2024, { dialect: 'duckdb', asOf: ASOF, columns: REGISTRATION_COLUMNS }).sql);
    const outcome = rows.map((r) => `${r.person_id ?? 'NULL'}: ${r.status} ${r.reason ?? r.segment}`).sort();
    expect(outcome).toEqual(
      [
        'NULL: rejected invalid-record',
        ': rejected invalid-record',
        'no-birth: rejected invalid-record',
        'bad-sex: rejected invalid-record',
        'died-before-born: rejected invalid-record',
        'bad-episode: rejected invalid-record',
        'null-marker: rejected invalid-record',
        'empty-marker: rejected invalid-record',
        'twice: rejected duplicate-id',
        'twice: rejected duplicate-id',
        'once-valid: assigned healthy-adults',
        'once-valid: rejected invalid-record',
        'dead: excluded deceased',
        'unborn: excluded not-yet-born',
        'dies-tomorrow: assigned cancer',
        'left-before-born: rejected invalid-record',
        'left-on-birth-day: excluded deregistered',
        'left-before-joining: rejected invalid-record',
        'left-today: excluded deregistered',
        'leaves-tomorrow: assigned healthy-adults',
        'joins-tomorrow: excluded not-yet-registered',
        'joined-today: assigned healthy-adults',
        'died-after-leaving: excluded deregistered',
        'left-on-death-day: excluded deceased',
        'unborn-unregistered: excluded not-yet-born',
      ].sort(),
    );
  });
});

describe('every dialect', () => {
  it.each(DIALECTS)('%s: compiles every built-in model, with and without flags, deterministically', (dialect) => {
    const first = toSql(leeds2024, { dialect, asOf: ASOF, flags: true });
    expect(toSql(leeds2024, { dialect, asOf: ASOF, flags: true })).toEqual(first);
    expect(first.sql.startsWith(`-- phm-kit toSql: model leeds-2024, as of ${ASOF}, ${dialect}\nSELECT`)).toBe(true);
    // No WITH clause: the query can be a subquery in every dialect, SQL Server's included.
    expect(first.sql).not.toMatch(/\bWITH\b/);
    expect(first.sql).not.toMatch(/\bTRUE\b|\bFALSE\b/);
  });
});
