import type { DeepReadonly } from '../../core/freeze.js';
import { PhmValidationError } from '../../core/errors.js';
import { errorText } from '../../core/snapshot.js';
import { parseInput, withCause } from '../../core/validation.js';
import { hashOf } from '../records/duplicate-ids.js';
import type { MarkerEntry, Person } from '../records/person.js';
import { toRows } from '../records/rows.js';
import { rejectSharedIds, unreadableRow, type Rejection } from '../records/screen.js';
import { createEpisodeReader, summariseEpisodes, type MarkerRowsSummary } from './episodes.js';
import { RowMappingSchema, type ParsedRowMapping, type RowMapping } from './mapping.js';
import { createRowReader, isRejection, type RowReader, type RowReading } from './read-row.js';

/**
 * Options of {@link peopleFromRows}: a {@link RowMapping}, and optionally `personMarkers`, the
 * rows of a marker-episode table (`toSql`'s `person_markers` layout) to join by person id.
 *
 * @example
 * const options: PeopleFromRowsOptions = { columns: { id: 'nhs_pseudo' }, personMarkers: episodeRows };
 */
export type PeopleFromRowsOptions = RowMapping & {
  /**
   * The rows of a second table, of marker episodes, in the layout `toSql` reads: person id,
   * marker code, and optionally the first and last days active (columns `markerPersonId`,
   * `marker`, `markerFrom`, `markerTo`). Read once, before the people, and held in memory by
   * person id; at most 10,000,000 rows.
   */
  readonly personMarkers?: Iterable<unknown>;
};

/**
 * A column the mapping reads that no row had at all (every row lacked the field, as opposed to
 * holding an empty or missing value): usually a misspelt name in the mapping.
 *
 * @example
 * const { absentColumns } = peopleFromRows(rows, { markers: { 'ltc-asthma': 'asthmaa' } });
 * absentColumns.map((c) => c.column); // [..., 'asthmaa']: no row has that column
 */
export interface AbsentColumn {
  readonly column: string;
}

/**
 * What {@link peopleFromRows} made of the rows: `people.length + rejected.length === total`,
 * every row counted once.
 *
 * @example
 * const { people, rejected, indices } = peopleFromRows(rows, mapping);
 * rejected.map((r) => `row ${r.index + 1}: ${r.issues.map((i) => `${i.path[0] ?? ''} ${i.message}`).join('; ')}`);
 */
export interface PeopleFromRows {
  /** Rows read. */
  readonly total: number;
  /** One person per accepted row, in input order, each a fresh object. */
  readonly people: readonly Person[];
  /** `indices[i]` is the position (from 0) of the row `people[i]` came from. */
  readonly indices: readonly number[];
  /**
   * Rows that are no person, in input order, `index` counting from 0 (a person reading a CSV
   * file with a header finds row `index` on line `index + 2`): `invalid-record` with one issue
   * per faulty column (its path is the column's name), `unreadable-record` when reading the row
   * threw, `duplicate-id` when rows share an id (all of them are rejected, as
   * `segmentPopulation` does).
   */
  readonly rejected: readonly Rejection[];
  /** Columns the mapping reads that no row had (see {@link AbsentColumn}). */
  readonly absentColumns: readonly AbsentColumn[];
  /** Codes read as no marker (see `markerCodes`), with how often each was seen. */
  readonly unmappedCodes: readonly { readonly code: string; readonly count: number }[];
  /** What became of the marker table's rows, when `personMarkers` was given. */
  readonly markerRows?: MarkerRowsSummary;
}

/**
 * Options and the marker table, read apart: the marker table is data, as large as the people,
 * and is not copied with the options.
 */
export function splitOptions(options: unknown): { readonly mapping: unknown; readonly personMarkers: unknown } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return { mapping: options, personMarkers: undefined };
  const mapping: Record<string, unknown> = {};
  let personMarkers: unknown;
  try {
    for (const key of Object.keys(options)) {
      const value = (options as Record<string, unknown>)[key];
      if (key === 'personMarkers') personMarkers = value;
      else Object.defineProperty(mapping, key, { value, enumerable: true, writable: true, configurable: true });
    }
  } catch (error) {
    const message = `Could not be read: ${errorText(error)}`;
    throw withCause(new PhmValidationError(`Invalid row mapping: ${message}`, [{ path: [], message }]), error);
  }
  return { mapping, personMarkers };
}

/** The mapping checked, with the reader it compiles to. */
export function checkedMapping(mapping: unknown): ParsedRowMapping {
  return parseInput(RowMappingSchema, mapping, 'row mapping');
}

/** The columns of `reader` that no row read so far had. */
export function absentColumnsOf(reader: RowReader): AbsentColumn[] {
  return reader.columns.filter((_, c) => reader.seen[c] === 0).map((column) => ({ column }));
}

/** The codes a reader counted as no marker, most frequent first. */
export function unmappedCodesOf(reader: RowReader): { code: string; count: number }[] {
  return [...reader.unmappedCodes].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * Turns rows as they arrive (database rows, CSV records, a data frame's rows: plain objects of
 * column values) into {@link Person} records, with every row accounted for: each becomes a
 * person or a rejection naming its position and the column at fault. Nothing is lost in
 * silence: columns that no row has are listed in `absentColumns`, and codes read as no
 * marker in `unmappedCodes`.
 *
 * Each mapped column is read once per row. A cell is missing when it is `null`, `undefined`,
 * `NaN`, empty or blank, or one of `missingValues` (default `NA`, `N/A`, `NULL`, `null`,
 * `NaN`, `.`). Dates are `YYYY-MM-DD` text, timestamps that start with one, or JS `Date`s
 * (read in `dateZone`, default local, as node-postgres makes them); numbers may be numeric
 * text; flags read 1/0, true/false, Y/N, yes/no; sex through `sexCodes` (default NHS codes 1, 2,
 * 9, 0, X with M, F and the words). Markers come from any mix of flag columns (`markers`), a
 * list column (`markerList`) and a marker-episode table (`personMarkers`, joined by person id),
 * codes read through `markerCodes` as `toSql` reads them. Rows sharing an id are all rejected
 * as `duplicate-id`, as `segmentPopulation` would.
 *
 * Throws `PhmValidationError` when the options are invalid or a table fails as a whole (not
 * iterable, reading it throws, more than 10,000,000 rows).
 *
 * @example
 * const { people, rejected } = peopleFromRows(csvRecords, {
 *   columns: { id: 'patient_id', age: 'att.Age', sex: 'att.Sex', locality: 'lcp' },
 *   asOf: '2024-04-01',
 *   markers: { 'ltc-asthma': { column: 'asthma' }, 'frailty-severe': { column: 'efi_category', equals: 'Severe' } },
 * });
 * segmentPopulation(people, leeds2024, { asOf: '2024-04-01' });
 */
export function peopleFromRows(rows: Iterable<unknown>, options: DeepReadonly<PeopleFromRowsOptions> = {}): PeopleFromRows {
  const { mapping: raw, personMarkers } = splitOptions(options);
  const mapping = checkedMapping(raw);
  let byPerson: ReadonlyMap<string, readonly MarkerEntry[]> | undefined;
  const reader = createRowReader(mapping, personMarkers === undefined ? undefined : (id) => byPerson?.get(id));
  let episodes: ReturnType<typeof createEpisodeReader> | undefined;
  if (personMarkers !== undefined) {
    episodes = createEpisodeReader(mapping.columns, reader);
    const table = toRows(personMarkers as Iterable<unknown>);
    for (let index = 0; index < table.total; index++) {
      let row: unknown;
      try {
        row = table.rows[index];
      } catch (error) {
        episodes.table.rejected.push(unreadableRow(index, error));
        continue;
      }
      episodes.add(row, index);
    }
    episodes.table.total = table.total;
    byPerson = episodes.table.byPerson;
  }
  const { rows: list, total } = toRows(rows);
  const candidates: Person[] = [];
  const at: number[] = [];
  const rejected: Rejection[] = [];
  for (let index = 0; index < total; index++) {
    let reading: RowReading;
    try {
      // An array element can be an accessor that throws: the row is then unreadable.
      const row = list[index];
      reading = reader.read(row, index);
    } catch (error) {
      reading = unreadableRow(index, error);
    }
    if (isRejection(reading)) rejected.push(reading);
    else {
      candidates.push(reading);
      at.push(index);
    }
  }
  const hashes = new Int32Array(candidates.length);
  const ids = candidates.map((p, i) => {
    hashes[i] = hashOf(p.id);
    return p.id;
  });
  const duplicates = rejectSharedIds(ids, hashes, at, mapping.columns.id, rejected);
  const people = duplicates.size === 0 ? candidates : candidates.filter((_, i) => !duplicates.has(at[i] as number));
  const indices = duplicates.size === 0 ? at : at.filter((index) => !duplicates.has(index));
  const result = { total, people, indices, rejected, absentColumns: absentColumnsOf(reader), unmappedCodes: unmappedCodesOf(reader) };
  if (episodes === undefined) return result;
  const personIds = new Set(ids.filter((_, i) => !duplicates.has(at[i] as number)));
  const rejectedIds = new Set(rejected.map((r) => r.id));
  return { ...result, markerRows: summariseEpisodes(episodes.table, (id) => personIds.has(id), (id) => rejectedIds.has(id)) };
}

