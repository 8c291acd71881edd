/**
 * The PostgreSQL dialect against a real PostgreSQL server, where the environment has one:
 * `.ci/run` starts a throw-away server on loopback and sets PHM_TEST_POSTGRES_URL. Without it
 * these tests are skipped, and the run says so.
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgesToHealth, defineModel, leeds2017, leeds2024, syntheticPopulation, toSql, type Person, type SegmentationModel } from 'phm-kit/segmentation';
import { isoDateArb, modelCaseArb, personArb } from '../arbitraries.js';
import { asyncProperty } from '../../support/property.js';
import { REGISTRATION_COLUMNS, tablesOf } from '../../../examples/duckdb-tables.js';
import { actualOutcomes, expectedOutcomes } from './expected.js';

const url = process.env.PHM_TEST_POSTGRES_URL || undefined;
if (url === undefined) {
  console.warn('\n*** PostgreSQL dialect tests SKIPPED: PHM_TEST_POSTGRES_URL is not set (`.ci/run` starts a server and sets it). ***\n');
}

describe.skipIf(url === undefined)('toSql on a real PostgreSQL server agrees with the classifier', () => {
  const client = new pg.Client({ connectionString: url });
  const schema = `phm_kit_test_${process.pid}`;

  beforeAll(async () => {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    await client.query('CREATE TABLE people (person_id text, birth_date date, sex text, death_date date, registration_date date, deregistration_date date)');
    await client.query('CREATE TABLE person_markers (person_id text, marker text, from_date date, to_date date)');
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  /** Loads people as query parameters (never as SQL text), one statement per table. */
  async function load(people: readonly Person[]): Promise<void> {
    const { people: rows, markers } = tablesOf(people);
    await client.query('TRUNCATE people, person_markers');
    await client.query('INSERT INTO people SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::date[], $5::date[], $6::date[])', [
      rows.map((r) => r.person_id),
      rows.map((r) => r.birth_date),
      rows.map((r) => r.sex),
      rows.map((r) => r.death_date),
      rows.map((r) => r.registration_date ?? null),
      rows.map((r) => r.deregistration_date ?? null),
    ]);
    await client.query('INSERT INTO person_markers SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::date[])', [
      markers.map((r) => r.person_id),
      markers.map((r) => r.marker),
      markers.map((r) => r.from_date),
      markers.map((r) => r.to_date),
    ]);
  }

  async function compare(people: readonly Person[], model: SegmentationModel, asOf: string, flags: boolean): Promise<void> {
    await load(people);
    const { rows } = await client.query(toSql(model, { dialect: 'postgresql', asOf, flags, columns: REGISTRATION_COLUMNS }).sql);
    expect(actualOutcomes(rows, model, flags)).toEqual(expectedOutcomes(people, model, asOf, flags));
  }

  const synthetic = syntheticPopulation({ size: 10_000, seed: 15, asOf: '2024-04-01' });
  for (const model of [leeds2024, leeds2017, bridgesToHealth]) {
    it(`${model.id}: 10,000 synthetic people, with flags`, async () => {
      await compare(synthetic, model, '2024-04-01', true);
    }, 60_000);
  }

  asyncProperty(
    'random models on random populations',
    6101,
    fc.tuple(modelCaseArb, isoDateArb).chain(([modelCase, asOf]) =>
      fc.record({ model: fc.constant(modelCase.model), asOf: fc.constant(asOf), people: fc.array(personArb(asOf), { maxLength: 30 }), flags: fc.boolean() }),
    ),
    ({ model, asOf, people, flags }) => compare(people, model, asOf, flags),
    150,
  );

  it('escapes a backslash whatever standard_conforming_strings says', async () => {
    const model = defineModel({ id: 'copd', label: 'COPD', segments: [{ id: 'copd', label: 'COPD', rule: { marker: 'ltc-copd' } }, { id: 'rest', label: 'Rest', catchAll: true }] });
    const codes = ["it's", 'back\\slash', 'ends\\', "\\'"];
    await load([...codes.map((code, i) => ({ id: `p${i}`, birthDate: '1960-01-01', markers: [code] })), { id: 'none', birthDate: '1960-01-01', markers: ['backslash'] }]);
    const { sql } = toSql(model, { dialect: 'postgresql', asOf: '2024-04-01', markerCodes: { 'ltc-copd': codes } });
    for (const setting of ['on', 'off']) {
      await client.query(`SET standard_conforming_strings = ${setting}`);
      const { rows } = await client.query(sql);
      expect(rows.filter((r) => r.segment === 'copd').map((r) => r.person_id).sort()).toEqual(['p0', 'p1', 'p2', 'p3']);
    }
    await client.query('SET standard_conforming_strings = on');
  });

  it('creates and replaces a view in a schema', async () => {
    await load(synthetic.slice(0, 500));
    await client.query(toSql(leeds2024, { dialect: 'postgresql', asOf: '2024-04-01', view: { name: [schema, 'segments'] } }).sql);
    await client.query(toSql(leeds2024, { dialect: 'postgresql', asOf: '2024-04-01', view: { name: [schema, 'segments'], replace: true } }).sql);
    const { rows } = await client.query('SELECT * FROM segments');
    expect(actualOutcomes(rows, leeds2024)).toEqual(expectedOutcomes(synthetic.slice(0, 500), leeds2024, '2024-04-01'));
  });
});
