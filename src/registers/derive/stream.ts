import * as z from 'zod';
import { IsoDateSchema, type IsoDate } from '../../core/dates.js';
import { PhmValidationError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import { errorText } from '../../core/snapshot.js';
import { CodelistSchema, type Codelist } from '../codelists/codelist.js';
import { checkRegisters, readEvent, readPerson, routeEvent, UnreadableRow, type RegisterInput, type RejectedPerson } from './derive-markers.js';
import { createDerivation, type PersonMarkers } from './derivation.js';
import type { CodelistEvents } from './rule-evaluator.js';
import { createEventTally, type EventCounts, type ReportedEvent, type UnmatchedCode } from './tally.js';

/**
 * Any iterable or async iterable of rows: an array, a generator, a CSV parser, a database cursor.
 * A source other than an array may yield rows one at a time or in batches (arrays of rows): an
 * async source is awaited once per item, so batches are the fast way to feed a stream.
 *
 * @example
 * const events: EventSource = db.query('SELECT * FROM events ORDER BY person_id');
 * const batched: EventSource = (async function* () { for await (const page of pages) yield page.rows; })();
 */
export type EventSource = Iterable<unknown> | AsyncIterable<unknown>;

/**
 * Zod schema of the options of {@link deriveMarkerStream}, but for `people`, which is a stream.
 *
 * @example
 * MarkerStreamOptionsSchema.safeParse({ asOf: '2025-03-31', codelists: [] }).success // true
 */
export const MarkerStreamOptionsSchema = z.strictObject({
  asOf: IsoDateSchema,
  codelists: z.array(CodelistSchema).max(100_000),
  maxReported: z.number().int().min(0).max(1_000_000).default(1_000),
});

/**
 * Options of {@link deriveMarkerStream}: those of `deriveMarkers`, with `people` a stream sorted
 * by id, as the events are.
 *
 * @example
 * const options: MarkerStreamOptions = { asOf: '2025-03-31', codelists, people: peopleSortedById };
 */
export type MarkerStreamOptions = Omit<z.input<typeof MarkerStreamOptionsSchema>, 'codelists'> & { readonly codelists: readonly Codelist[]; readonly people: EventSource };

/**
 * What a marker stream has read so far; final once its `people` have been read to the end.
 *
 * @example
 * const { events, registers } = stream.summary();
 */
export interface MarkerStreamSummary {
  readonly asOf: IsoDate;
  readonly people: number;
  readonly registers: readonly { readonly marker: string; readonly people: number; readonly ended: number }[];
  readonly events: EventCounts;
  readonly reportedEvents: readonly ReportedEvent[];
  readonly unmatchedCodes: readonly UnmatchedCode[];
  /** The rejected people: all are counted in `rejectedCount`, the first `maxReported` listed. */
  readonly rejectedPeople: readonly RejectedPerson[];
  readonly rejectedCount: number;
}

/**
 * A stream of people's derived markers: `people` yields each person read, in order, with their
 * markers; `summary()` says what has been read so far.
 *
 * @example
 * const stream: MarkerStream = deriveMarkerStream(events, qofRegisters, options);
 * for await (const person of stream.people) write(person);
 */
export interface MarkerStream {
  /** Each person read, in order, with their markers and reasons. */
  readonly people: AsyncGenerator<PersonMarkers, void, undefined>;
  /** What has been read so far; final once `people` has been read to the end. */
  readonly summary: () => MarkerStreamSummary;
}

/** A row taken from a source: `done` once the source has no more. */
interface Head {
  readonly value: unknown;
  readonly done: boolean;
}

const END: Head = { value: undefined, done: true };

/**
 * Reads a source row by row and can look at its next row without taking it. An array is read
 * by index, so that an element whose getter throws is one unreadable row, not the end; any other
 * source may yield rows or arrays of rows (batches, as database drivers and CSV parsers deliver
 * them), read the same way. Only an async source's `next` is awaited: a sync source, or the rest
 * of a batch, is read without a turn of the event loop. A source that throws while it is read (a
 * cursor that fails) is refused with the row it had reached.
 */
function rowReader(source: EventSource, what: 'events' | 'people') {
  let batch: readonly unknown[] | undefined = Array.isArray(source) ? source : undefined;
  const isAsync = Symbol.asyncIterator in source;
  const it: Iterator<unknown> | AsyncIterator<unknown> | undefined =
    batch !== undefined ? undefined : isAsync ? (source as AsyncIterable<unknown>)[Symbol.asyncIterator]() : (source as Iterable<unknown>)[Symbol.iterator]();
  let position = 0;
  let head: Head | undefined;
  let index = -1;
  const failed = (error: unknown) => {
    const message = `Reading the ${what} failed at row ${index + 1}: ${errorText(error)}`;
    return new PhmValidationError(message, [{ path: [what, index + 1], message }]);
  };
  /** The next row of the batch in hand, or undefined once it is used up. */
  const fromBatch = (): Head | undefined => {
    if (batch === undefined) return undefined;
    // Written so that a length that is not a number (a lying proxy) ends the batch.
    if (!(position < batch.length)) {
      batch = undefined;
      return undefined;
    }
    let value: unknown;
    try {
      value = batch[position];
    } catch (error) {
      value = new UnreadableRow(error);
    }
    return (head = { value, done: false });
  };
  /**
   * Files what the iterator gave: a row or the end as the head, or a batch to read next
   * (undefined). A result that cannot be read (a throwing getter, a revoked proxy) is the
   * source failing.
   */
  const accept = (r: IteratorResult<unknown>): Head | undefined => {
    try {
      if (r.done === true) return (head = END);
      const value = r.value;
      if (!Array.isArray(value)) return (head = { value, done: false });
      batch = value;
      position = 0;
      return undefined;
    } catch (error) {
      throw failed(error);
    }
  };
  const peek = (): Head | Promise<Head> => {
    if (head !== undefined) return head;
    for (;;) {
      const row = fromBatch();
      if (row !== undefined) return row;
      if (it === undefined) return (head = END);
      let r: IteratorResult<unknown> | Promise<IteratorResult<unknown>>;
      try {
        r = it.next();
      } catch (error) {
        throw failed(error);
      }
      if (isAsync) {
        return Promise.resolve(r).then(
          (got) => accept(got) ?? peek(),
          (error: unknown) => {
            throw failed(error);
          },
        );
      }
      const got = accept(r as IteratorResult<unknown>);
      if (got !== undefined) return got;
    }
  };
  return {
    /** The next row: at once where it is in hand or the source is sync, else a promise of it. */
    peek,
    /** Takes the row peeked at, returning its index. A batch is in hand only while its rows are being read. */
    take() {
      if (batch !== undefined) position++;
      head = undefined;
      return ++index;
    },
    async close() {
      await it?.return?.();
    },
  };
}

const outOfOrder = (what: 'event' | 'person', index: number, id: string, previous: string) => {
  const message = `${what === 'event' ? 'Event' : 'Person'} ${index} has ${what === 'event' ? 'personId' : 'id'} '${id}', which sorts before '${previous}': the ${what === 'event' ? 'events' : 'people'} must be sorted by person id (as JavaScript compares strings: by UTF-16 code unit, as SQL's binary collations do)`;
  return new PhmValidationError(message, [{ path: [what === 'event' ? 'events' : 'people', index, what === 'event' ? 'personId' : 'id'], message }]);
};

/**
 * {@link deriveMarkers} for sources too large to hold: reads events and people from iterables
 * or async iterables (a CSV parser, a database cursor), both sorted by person id, and yields
 * each person's markers as soon as their events have been read. Memory holds one person's
 * events at a time, whatever the number of people. A source out of order is refused with a
 * PhmValidationError naming the row; everything else is counted as `deriveMarkers` counts it,
 * and the people yielded and the summary are the same as its result.
 *
 * @example
 * const stream = deriveMarkerStream(eventsOrderedByPerson, qofRegisters, { asOf: '2025-03-31', codelists, people: peopleOrderedById });
 * for await (const person of stream.people) console.log(person.personId, person.markers);
 * console.log(stream.summary().events);
 */
export function deriveMarkerStream(events: EventSource, registers: readonly RegisterInput[], options: MarkerStreamOptions): MarkerStream {
  const { people: peopleSource, ...rest } = (options ?? {}) as MarkerStreamOptions;
  const o = parseInput(MarkerStreamOptionsSchema, rest, 'options');
  const isSource = (s: unknown) => typeof s === 'object' && s !== null && (Symbol.iterator in s || Symbol.asyncIterator in s);
  if (!isSource(events)) throw new PhmValidationError('Invalid events: expected an iterable or async iterable of events', [{ path: ['events'], message: 'Expected an iterable' }]);
  if (!isSource(peopleSource)) throw new PhmValidationError('Invalid options: people: expected an iterable or async iterable of people sorted by id', [{ path: ['people'], message: 'Expected an iterable' }]);
  const checked = checkRegisters(registers);
  const derivation = createDerivation(checked, o.codelists, o.asOf);
  const tally = createEventTally(o.maxReported);
  const counts = checked.map((r) => ({ marker: r.marker, people: 0, ended: 0 }));
  const countOf = new Map(counts.map((c) => [c.marker, c]));
  const rejected: RejectedPerson[] = [];
  let rejectedCount = 0;
  let yielded = 0;
  const reject = (r: RejectedPerson) => {
    rejectedCount++;
    if (rejected.length < o.maxReported) rejected.push(r);
  };

  async function* run(): AsyncGenerator<PersonMarkers, void, undefined> {
    const eventRows = rowReader(events, 'events');
    const personRows = rowReader(peopleSource, 'people');
    let lastEventId = '';
    /** Takes the events of every person id up to `id`: earlier ids are no one's, `id`'s are filed in `slots`. */
    const eventsUpTo = async (id: string | undefined, slots: (CodelistEvents | undefined)[] | 'rejected') => {
      for (;;) {
        let next = eventRows.peek();
        if (next instanceof Promise) next = await next;
        if (next.done) return;
        const event = readEvent(next.value);
        if (!('path' in event)) {
          if (event.personId < lastEventId) throw outOfOrder('event', eventRows.take(), event.personId, lastEventId);
          if (id !== undefined && event.personId > id) return;
          lastEventId = event.personId;
        }
        const index = eventRows.take();
        routeEvent(index, event, derivation, tally, (pid) => (pid === id ? slots : undefined));
      }
    };
    try {
      let lastId = '';
      for (;;) {
        let next = personRows.peek();
        if (next instanceof Promise) next = await next;
        if (next.done) break;
        const index = personRows.take();
        const person = readPerson(next.value);
        if (person.id === undefined) {
          reject({ index, reason: 'invalid-record', message: (person as { message: string }).message });
          continue;
        }
        const id = person.id;
        if (id < lastId) throw outOfOrder('person', index, id, lastId);
        lastId = id;
        // Everyone sharing this id is next. As in deriveMarkers, rows that cannot be read are
        // rejected on their own, and two or more readable ones are all rejected as duplicates.
        const group: { valid?: { index: number; birthDate: IsoDate } } = {};
        let validCount = 0;
        const consider = (at: number, row: ReturnType<typeof readPerson>) => {
          if (!('birthDate' in row)) return reject({ index: at, id, reason: 'invalid-record', message: row.message });
          validCount++;
          if (validCount === 1) group.valid = { index: at, birthDate: row.birthDate };
          else {
            if (validCount === 2 && group.valid !== undefined) reject({ index: group.valid.index, id, reason: 'duplicate-id', message: `id '${id}' is shared with the person at ${at}` });
            reject({ index: at, id, reason: 'duplicate-id', message: `id '${id}' is shared with the person at ${group.valid?.index ?? index}` });
          }
        };
        consider(index, person);
        for (;;) {
          let after = personRows.peek();
          if (after instanceof Promise) after = await after;
          if (after.done) break;
          const other = readPerson(after.value);
          // A row with no id has no place in the order: it is rejected where it stands, and
          // the rows of this id after it are still this group (duplicates, as deriveMarkers finds).
          if (other.id === undefined) {
            reject({ index: personRows.take(), reason: 'invalid-record', message: (other as { message: string }).message });
            continue;
          }
          if (other.id !== id) break;
          consider(personRows.take(), other);
        }
        const valid = group.valid;
        if (validCount !== 1 || valid === undefined) {
          await eventsUpTo(id, 'rejected');
          continue;
        }
        const slots: (CodelistEvents | undefined)[] = [];
        await eventsUpTo(id, slots);
        const result = derivation.evaluate(id, valid.birthDate, slots);
        for (const reason of result.reasons) {
          const count = countOf.get(reason.marker) as { people: number; ended: number };
          if (reason.state === 'on') count.people++;
          else count.ended++;
        }
        yielded++;
        yield result;
      }
      await eventsUpTo(undefined, 'rejected');
    } finally {
      await eventRows.close();
      await personRows.close();
    }
  }

  return {
    people: run(),
    summary: () => ({ asOf: o.asOf, people: yielded, registers: counts.map((c) => ({ ...c })), ...tally.result(), rejectedPeople: [...rejected], rejectedCount }),
  };
}
