/**
 * People into an embedded DuckDB, in the two-table layout `toSql` reads by default (`people`,
 * `person_markers`), for the warehouse example, the SQL equivalence tests and the benchmark.
 * Rows are appended as typed values, never spliced into SQL text, so the loader cannot hide a
 * quoting bug in the compiler. DuckDB (`@duckdb/node-api`) is a dev dependency of phm-kit, not a
 * dependency: to run this file outside the repository, install it beside phm-kit.
 */
import { DuckDBDateValue, DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { Person } from 'phm-kit/segmentation';

/** A row of the person table; null is SQL NULL. */
export interface PersonRow {
  readonly person_id: string | null;
  readonly birth_date: string | null;
  readonly sex: string | null;
  readonly death_date: string | null;
  /** Absent: null. */
  readonly registration_date?: string | null;
  /** Absent: null. */
  readonly deregistration_date?: string | null;
}

/** A row of the marker table. */
export interface MarkerRow {
  readonly person_id: string | null;
  readonly marker: string | null;
  readonly from_date: string | null;
  readonly to_date: string | null;
}

/**
 * The registration columns of the person table: `toSql` reads them when they are named in
 * `columns` (they are off by default).
 */
export const REGISTRATION_COLUMNS = { registrationDate: 'registration_date', deregistrationDate: 'deregistration_date' } as const;

/** The two-table layout of a list of people, in input order. */
export function tablesOf(people: readonly Person[]): { people: PersonRow[]; markers: MarkerRow[] } {
  const markers: MarkerRow[] = [];
  for (const p of people) {
    for (const entry of p.markers) {
      markers.push(
        typeof entry === 'string'
          ? { person_id: p.id, marker: entry, from_date: null, to_date: null }
          : { person_id: p.id, marker: entry.id, from_date: entry.from ?? null, to_date: entry.to ?? null },
      );
    }
  }
  return {
    people: people.map((p) => ({
      person_id: p.id,
      birth_date: p.birthDate,
      sex: p.sex ?? null,
      death_date: p.deathDate ?? null,
      registration_date: p.registrationDate ?? null,
      deregistration_date: p.deregistrationDate ?? null,
    })),
    markers,
  };
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (DuckDB's DATE), by UTC arithmetic. */
function epochDayOf(iso: string): number {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  date.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round(date.getTime() / 86_400_000);
}

function append(appender: DuckDBAppender, values: readonly (string | null)[], dates: readonly boolean[]): void {
  values.forEach((value, i) => {
    if (value === null) appender.appendNull();
    else if (dates[i]) appender.appendDate(new DuckDBDateValue(epochDayOf(value)));
    else appender.appendVarchar(value);
  });
  appender.endRow();
}

export interface DuckDb {
  readonly connection: DuckDBConnection;
  /** Replaces the contents of `people` and `person_markers`. */
  load(tables: { people: readonly PersonRow[]; markers: readonly MarkerRow[] }): Promise<void>;
  /** Runs a query and returns its rows as plain objects. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

export async function openDuckDb(): Promise<DuckDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run('CREATE TABLE people (person_id VARCHAR, birth_date DATE, sex VARCHAR, death_date DATE, registration_date DATE, deregistration_date DATE)');
  await connection.run('CREATE TABLE person_markers (person_id VARCHAR, marker VARCHAR, from_date DATE, to_date DATE)');
  return {
    connection,
    async load(tables) {
      await connection.run('DELETE FROM people');
      await connection.run('DELETE FROM person_markers');
      const people = await connection.createAppender('people');
      for (const r of tables.people) {
        append(people, [r.person_id, r.birth_date, r.sex, r.death_date, r.registration_date ?? null, r.deregistration_date ?? null], [false, true, false, true, true, true]);
      }
      people.closeSync();
      const markers = await connection.createAppender('person_markers');
      for (const r of tables.markers) append(markers, [r.person_id, r.marker, r.from_date, r.to_date], [false, false, true, true]);
      markers.closeSync();
    },
    async rows(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
