/**
 * registersToSql's PostgreSQL dialect against a real PostgreSQL server, where the environment
 * has one (`.ci/run` starts one and sets PHM_TEST_POSTGRES_URL); skipped, and said so, without.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { codelistRows, deriveMarkers, registersToSql, type RegisterSpec } from 'phm-kit/registers';
import { asyncProperty } from '../../support/property.js';
import { caseArb } from '../arbitraries.js';
import type { OracleEvent } from '../oracle.js';
import { codelists, entriesById, sortedEntries } from '../support.js';

const url = process.env.PHM_TEST_POSTGRES_URL || undefined;
if (url === undefined) console.warn('\n*** PostgreSQL register tests SKIPPED: PHM_TEST_POSTGRES_URL is not set (`.ci/run` starts a server and sets it). ***\n');

describe.skipIf(url === undefined)('registersToSql on a real PostgreSQL server agrees with deriveMarkers', () => {
  const client = new pg.Client({ connectionString: url });
  const schema = `phm_kit_registers_${process.pid}`;
  beforeAll(async () => {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    await client.query('CREATE TABLE people (person_id text, birth_date date, sex text, death_date date)');
    await client.query('CREATE TABLE events (person_id text, code text, event_date date, value double precision)');
    await client.query('CREATE TABLE codelist_codes (codelist text, code text)');
    const rows = codelistRows(codelists);
    await client.query('INSERT INTO codelist_codes SELECT * FROM unnest($1::text[], $2::text[])', [rows.map((r) => r.codelist), rows.map((r) => r.code)]);
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  async function compare(events: readonly OracleEvent[], registers: readonly RegisterSpec[], people: readonly { id: string; birthDate: string }[], asOf: string) {
    await client.query('TRUNCATE people, events');
    await client.query('INSERT INTO people (person_id, birth_date) SELECT * FROM unnest($1::text[], $2::date[])', [people.map((p) => p.id), people.map((p) => p.birthDate)]);
    await client.query('INSERT INTO events SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::double precision[])', [events.map((e) => e.personId), events.map((e) => e.code), events.map((e) => e.date), events.map((e) => e.value ?? null)]);
    const { rows } = await client.query({ text: registersToSql(registers, { dialect: 'postgresql', asOf, codelists }).sql, types: { getTypeParser: () => (v: string) => v } });
    const actual = new Map<string, { id: string; from?: string; to?: string }[]>();
    for (const r of rows as Record<string, string | null>[]) {
      const list = actual.get(r['person_id'] as string) ?? [];
      list.push({ id: r['marker'] as string, ...(r['from_date'] === null ? {} : { from: r['from_date'] as string }), ...(r['to_date'] === null ? {} : { to: r['to_date'] as string }) });
      actual.set(r['person_id'] as string, list);
    }
    const expected = entriesById(deriveMarkers(events, registers, { asOf, people, codelists }));
    for (const [id, entries] of expected) expect(sortedEntries(actual.get(id) ?? []), id).toEqual(entries);
    for (const id of actual.keys()) expect(expected.has(id)).toBe(true);
  }

  asyncProperty('random registers, people and events', 16201, caseArb, ({ asOf, registers, people, events }) => compare(events, registers, people, asOf), 300, 600_000);
});
