/**
 * Coded events, codelists and people into an embedded DuckDB, in the layout `registersToSql`
 * reads by default (`events`, `codelist_codes`, `people`), for the registers example, the SQL
 * equivalence tests and the benchmark. Rows are appended as typed values, never spliced into SQL
 * text. DuckDB (`@duckdb/node-api`) is a dev dependency of phm-kit, not a dependency.
 */
import { DuckDBDateValue, DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';

/** A row of each table; null is SQL NULL. */
export interface EventTables {
  readonly people: readonly { readonly id: string; readonly birthDate: string }[];
  readonly events: readonly { readonly personId: string; readonly code: string; readonly date: string; readonly value?: number | null | undefined }[];
  readonly codelistCodes: readonly { readonly codelist: string; readonly code: string }[];
}

function epochDayOf(iso: string): number {
  const date = new Date(0);
  date.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round(date.getTime() / 86_400_000);
}

const appendDate = (a: DuckDBAppender, iso: string) => a.appendDate(new DuckDBDateValue(epochDayOf(iso)));

export interface EventsDb {
  readonly connection: DuckDBConnection;
  /** Replaces the contents of the three tables. */
  load(tables: EventTables): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

/** An in-memory DuckDB with the three tables, on `threads` threads (DuckDB's default when omitted). */
export async function openEventsDb(threads?: number): Promise<EventsDb> {
  const instance = await DuckDBInstance.create(':memory:', threads === undefined ? {} : { threads: String(threads) });
  const connection = await instance.connect();
  await connection.run('CREATE TABLE people (person_id VARCHAR, birth_date DATE, sex VARCHAR, death_date DATE)');
  await connection.run('CREATE TABLE events (person_id VARCHAR, code VARCHAR, event_date DATE, value DOUBLE)');
  await connection.run('CREATE TABLE codelist_codes (codelist VARCHAR, code VARCHAR)');
  return {
    connection,
    async load(tables) {
      for (const t of ['people', 'events', 'codelist_codes']) await connection.run(`DELETE FROM ${t}`);
      const people = await connection.createAppender('people');
      for (const p of tables.people) {
        people.appendVarchar(p.id);
        appendDate(people, p.birthDate);
        people.appendNull();
        people.appendNull();
        people.endRow();
      }
      people.closeSync();
      const events = await connection.createAppender('events');
      for (const e of tables.events) {
        events.appendVarchar(e.personId);
        events.appendVarchar(e.code);
        appendDate(events, e.date);
        if (e.value === undefined || e.value === null) events.appendNull();
        else events.appendDouble(e.value);
        events.endRow();
      }
      events.closeSync();
      const codes = await connection.createAppender('codelist_codes');
      for (const c of tables.codelistCodes) {
        codes.appendVarchar(c.codelist);
        codes.appendVarchar(c.code);
        codes.endRow();
      }
      codes.closeSync();
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

/** A DATE as DuckDB returns it to JavaScript, as `YYYY-MM-DD`, or undefined for NULL. */
export function isoOfDuckDate(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/** The query's rows as each person's marker entries. */
export function entriesOfRows(rows: readonly Record<string, unknown>[]): Map<string, { id: string; from?: string; to?: string }[]> {
  const out = new Map<string, { id: string; from?: string; to?: string }[]>();
  for (const row of rows) {
    const id = String(row['person_id']);
    const from = isoOfDuckDate(row['from_date']);
    const to = isoOfDuckDate(row['to_date']);
    const list = out.get(id) ?? [];
    list.push({ id: String(row['marker']), ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    out.set(id, list);
  }
  return out;
}
