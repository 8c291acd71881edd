import type { IsoDate } from '../../core/dates.js';
import type { PhmIssue } from '../../core/errors.js';
import type { MarkerEntry } from '../records/person.js';
import type { ParsedRowMapping } from './mapping.js';
import { unreadableRow, type Rejection } from '../records/screen.js';
import { cellReader, datedEntry, type RowReader } from './read-row.js';
import { isMissing, isProblem, quoted, readDate, readId, readText, type CellProblem } from './values.js';

/**
 * What became of the rows of the marker table: `total = used + ofRejectedRows + unmatched +
 * rejected.length`, every row counted once.
 *
 * @example
 * const { markerRows } = peopleFromRows(people, { personMarkers: episodes });
 * markerRows?.unmatched; // episodes of person ids that no row of people has
 */
export interface MarkerRowsSummary {
  /** Rows read from the marker table. */
  readonly total: number;
  /** Rows whose markers went to a person in `people`. */
  readonly used: number;
  /** Rows of a person whose own row was rejected. */
  readonly ofRejectedRows: number;
  /** Rows of a person id that no row has. */
  readonly unmatched: number;
  /** Up to 10 of those person ids, for a look. */
  readonly unmatchedIds: readonly string[];
  /** Rows that could not be read, with the column named (`index` counts from 0 in the marker table). */
  readonly rejected: readonly Rejection[];
}

/** The marker table read by person id: each person's entries, and the rows it rejected. */
export interface EpisodeTable {
  readonly byPerson: ReadonlyMap<string, MarkerEntry[]>;
  /** How many table rows each person's entries came from (a row may give several entries). */
  readonly rowsOf: ReadonlyMap<string, number>;
  readonly rejected: Rejection[];
  total: number;
}

/**
 * A reader of marker-table rows into an {@link EpisodeTable}: `add(row, index)` reads the
 * person id, the code (through `codeOf`) and the dates of one row, each cell once, and files
 * its entries under the person, or records the row's rejection.
 */
export function createEpisodeReader(columns: ParsedRowMapping['columns'], reader: Pick<RowReader, 'codeOf' | 'zone' | 'missing' | 'unmappedCodes'>) {
  const { codeOf, zone, missing, unmappedCodes: unmapped } = reader;
  const byPerson = new Map<string, MarkerEntry[]>();
  const rowsOf = new Map<string, number>();
  const table: EpisodeTable = { byPerson, rowsOf, rejected: [], total: 0 };
  const { markerPersonId, marker, markerFrom, markerTo } = columns;
  const cells = [markerPersonId, marker, markerFrom, markerTo].map((name) => (name === null ? () => undefined : cellReader(name)));

  // As for a person row: a cell holding a Proxy whose traps throw makes the row unreadable.
  const add = (row: unknown, index: number): void => {
    try {
      file(row, index);
    } catch (error) {
      table.rejected.push(unreadableRow(index, error));
    }
  };

  const file = (row: unknown, index: number): void => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      table.rejected.push({ index, reason: 'invalid-record', issues: [{ path: [], message: `Expected a row: an object of column values, got ${quoted(row)}` }] });
      return;
    }
    let values: unknown[];
    try {
      values = cells.map((read) => read(row as Record<string, unknown>));
    } catch (error) {
      table.rejected.push(unreadableRow(index, error));
      return;
    }
    const issues: PhmIssue[] = [];
    const read = <T>(at: number, column: string | null, reader: (v: unknown) => T | CellProblem, what?: string): T | undefined => {
      const value = values[at];
      if (column === null || isMissing(value, missing)) {
        if (what !== undefined && column !== null) issues.push({ path: [column], message: `No ${what}: the cell is empty` });
        return undefined;
      }
      const result = reader(value);
      if (!isProblem(result)) return result;
      issues.push({ path: [column], message: result.problem });
      return undefined;
    };
    const personId = read(0, markerPersonId, readId, 'person id');
    const code = read(1, marker, readText, 'marker code');
    const from: IsoDate | undefined = read(2, markerFrom, (v) => readDate(v, zone));
    const to: IsoDate | undefined = read(3, markerTo, (v) => readDate(v, zone));
    if (from !== undefined && to !== undefined && to < from) issues.push({ path: [markerTo as string], message: `The episode ends (${to}) before it starts (${from})` });
    if (issues.length > 0 || personId === undefined || code === undefined) {
      table.rejected.push(personId === undefined ? { index, reason: 'invalid-record', issues } : { index, id: personId, reason: 'invalid-record', issues });
      return;
    }
    rowsOf.set(personId, (rowsOf.get(personId) ?? 0) + 1);
    const ids = codeOf(code);
    if (ids === undefined) {
      unmapped.set(code, (unmapped.get(code) ?? 0) + 1);
      return;
    }
    let entries = byPerson.get(personId);
    if (entries === undefined) {
      entries = [];
      byPerson.set(personId, entries);
    }
    if (typeof ids === 'string') entries.push(datedEntry(ids, from, to));
    else for (const id of ids) entries.push(datedEntry(id, from, to));
  };

  return { table, add };
}

/**
 * The summary of a marker table once the people are read: which person ids became people
 * (`used`), which had their row rejected, and which no row had.
 */
export function summariseEpisodes(table: EpisodeTable, isPerson: (id: string) => boolean, isRejected: (id: string) => boolean): MarkerRowsSummary {
  let used = 0;
  let ofRejectedRows = 0;
  let unmatched = 0;
  const unmatchedIds: string[] = [];
  for (const [id, rows] of table.rowsOf) {
    if (isPerson(id)) used += rows;
    else if (isRejected(id)) ofRejectedRows += rows;
    else {
      unmatched += rows;
      if (unmatchedIds.length < 10) unmatchedIds.push(id);
    }
  }
  return { total: table.total, used, ofRejectedRows, unmatched, unmatchedIds, rejected: table.rejected };
}
