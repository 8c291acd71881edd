import type { DeepReadonly } from '../../core/freeze.js';
import { PhmError, PhmValidationError } from '../../core/errors.js';
import type { MarkerEntry, Person } from '../records/person.js';
import { rejectedRow, type RejectedRow } from '../records/rejected-row.js';
import { MAX_BATCH_ROWS, notIterable, openerOfSource, readFailure } from '../records/rows.js';
import { createEpisodeReader, summariseEpisodes, type MarkerRowsSummary } from './episodes.js';
import { absentColumnsOf, checkedMapping, splitOptions, unmappedCodesOf, type AbsentColumn, type PeopleFromRowsOptions } from './people-from-rows.js';
import { createRowReader, isRejection } from './read-row.js';

/**
 * Any iterable or async iterable of rows: an array, a generator, a CSV parser, a database cursor.
 *
 * @example
 * const source: RowSource = fs.createReadStream('people.csv').pipe(parse({ columns: true }));
 */
export type RowSource = Iterable<unknown> | AsyncIterable<unknown>;

/**
 * Options of {@link peopleFromRowStream}: those of `peopleFromRows`, with `personMarkers` any
 * iterable or async iterable of marker-episode rows.
 *
 * @example
 * const options: RowStreamOptions = { columns: { id: 'patient_id' }, personMarkers: parse(markerFile) };
 */
export type RowStreamOptions = Omit<PeopleFromRowsOptions, 'personMarkers'> & { readonly personMarkers?: RowSource };

/**
 * What a row stream has read so far: `people + rejected === read`. Final once its `people`
 * have all been read.
 *
 * @example
 * const { read, rejected, absentColumns }: RowStreamSummary = stream.summary();
 */
export interface RowStreamSummary {
  readonly read: number;
  readonly people: number;
  readonly rejected: number;
  readonly absentColumns: readonly AbsentColumn[];
  readonly unmappedCodes: readonly { readonly code: string; readonly count: number }[];
  readonly markerRows?: MarkerRowsSummary;
}

/**
 * A stream of people read from rows: `people` yields, for each row in order, its person or a
 * {@link RejectedRow}; `summary()` says what has been read so far.
 *
 * @example
 * const stream: RowStream = peopleFromRowStream(rows, mapping);
 * for await (const item of stream.people) if (!isRejectedRow(item)) console.log(item.id);
 */
export interface RowStream {
  /** For each row in order, its person or a {@link RejectedRow}: pass it to `segmentStream`. */
  readonly people: AsyncGenerator<Person | RejectedRow, void, undefined>;
  /** What has been read so far; final once `people` has been read to the end. */
  readonly summary: () => RowStreamSummary;
}

/**
 * {@link peopleFromRows} for sources too large to hold: reads rows from any iterable or async
 * iterable (a CSV parser, a database cursor) one at a time and yields, for each row, its person
 * or a {@link RejectedRow}, so that a `segmentStream` reading `people` segments the persons and
 * reports the rejected rows at their own positions: the stream's `index` is the row's position
 * in the source, from 0, as in `peopleFromRows`. Memory does not grow with the rows read. The
 * marker table (`personMarkers`) is the exception: it is read first, whole, and held by person
 * id (at most 10,000,000 rows).
 *
 * Ids are not compared across rows here (that would hold every id): give `segmentStream`
 * `duplicateIds: 'reject-repeats'` for that. Options are checked when called (throws
 * `PhmValidationError`); a source that fails while being read ends the stream with a
 * `PhmValidationError` naming the position reached, its error as `cause`.
 *
 * @example
 * const rows = peopleFromRowStream(parse(file, { columns: true }), mapping);
 * for await (const batch of segmentStream(rows.people, leeds2024, { asOf: '2024-04-01' })) save(batch);
 * rows.summary().absentColumns; // columns the mapping named that the file does not have
 */
export function peopleFromRowStream(rows: RowSource, options: DeepReadonly<RowStreamOptions> = {}): RowStream {
  const { mapping: raw, personMarkers } = splitOptions(options);
  const mapping = checkedMapping(raw);
  const opener = openerOfSource(rows);
  const markerOpener = personMarkers === undefined ? undefined : openerOfSource(personMarkers);
  let byPerson: ReadonlyMap<string, readonly MarkerEntry[]> | undefined;
  const matched = new Set<string>();
  const reader = createRowReader(mapping, markerOpener === undefined ? undefined : (id) => byPerson?.get(id));
  const episodes = markerOpener === undefined ? undefined : createEpisodeReader(mapping.columns, reader);
  const rejectedIds = new Set<string>();
  let read = 0;
  let people = 0;
  let rejected = 0;

  async function* generate(): AsyncGenerator<Person | RejectedRow, void, undefined> {
    if (episodes !== undefined && markerOpener !== undefined) {
      let index = 0;
      for await (const row of readSource(personMarkers as RowSource, markerOpener, () => index)) {
        if (index === MAX_BATCH_ROWS) throw tooManyMarkerRows();
        episodes.add(row, index++);
      }
      episodes.table.total = index;
      byPerson = episodes.table.byPerson;
    }
    for await (const row of readSource(rows, opener, () => read)) {
      const reading = reader.read(row, read++);
      if (!isRejection(reading)) {
        people++;
        if (episodes?.table.rowsOf.has(reading.id) === true) matched.add(reading.id);
        yield reading;
      } else {
        rejected++;
        const id = reading.id;
        if (id !== undefined && episodes?.table.rowsOf.has(id) === true) rejectedIds.add(id);
        yield rejectedRow(reading);
      }
    }
  }

  const summary = (): RowStreamSummary => {
    const base = { read, people, rejected, absentColumns: absentColumnsOf(reader), unmappedCodes: unmappedCodesOf(reader) };
    if (episodes === undefined) return base;
    return { ...base, markerRows: summariseEpisodes(episodes.table, (id) => matched.has(id), (id) => rejectedIds.has(id)) };
  };

  return { people: generate(), summary };
}

function tooManyMarkerRows(): PhmValidationError {
  const message = `The marker table is held in memory: at most ${MAX_BATCH_ROWS.toLocaleString('en-GB')} rows`;
  return new PhmValidationError(`Invalid marker table: ${message}`, [{ path: ['personMarkers'], message }]);
}

/**
 * The rows of a source, sync or async, with any failure of the source (its iterator method,
 * `next`, a row's read) as a `PhmValidationError` at the position reached.
 */
async function* readSource(source: RowSource, opener: ReturnType<typeof openerOfSource>, position: () => number): AsyncGenerator<unknown, void, undefined> {
  let iterator: Iterator<unknown> | AsyncIterator<unknown>;
  try {
    iterator = opener.open.call(source) as Iterator<unknown> | AsyncIterator<unknown>;
    if (typeof iterator !== 'object' || iterator === null) throw notIterable('an iterable or async iterable');
  } catch (error) {
    throw error instanceof PhmError ? error : readFailure(0, error);
  }
  const wrapped = { [Symbol.asyncIterator]: () => iterator as AsyncIterator<unknown> };
  try {
    for await (const row of opener.sync ? syncRows(iterator as Iterator<unknown>) : wrapped) yield row;
  } catch (error) {
    throw error instanceof PhmError ? error : readFailure(position(), error);
  }
}

/** A sync iterator as an iterable, so that `for await` reads it without a promise a row. */
function syncRows(iterator: Iterator<unknown>): Iterable<unknown> {
  return { [Symbol.iterator]: () => iterator };
}
