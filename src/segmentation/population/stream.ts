import type { DeepReadonly } from '../../core/freeze.js';
import * as z from 'zod';
import type { IsoDate } from '../../core/dates.js';
import { parseInput } from '../../core/validation.js';
import type { Assignment } from '../classify/compile.js';
import { DEFAULT_AGE_BANDS, type PopulationCounts } from './counts.js';
import { PhmValidationError } from '../../core/errors.js';
import type { Exclusion } from '../classify/exclusion.js';
import { createIdLedger, LEDGER_MAP_CAPACITY } from './id-ledger.js';
import { defineModel, type ModelSpec, type SegmentationModel } from '../model/model.js';
import { createPlacer, type PlacedRows } from './placement.js';
import { PopulationOptionsSchema } from './population.js';
import { closeFailure, closeIterator, nextOf, openerOfSource, readFailure, type Opener } from '../records/rows.js';
import { createRowScreen, type Rejection } from '../records/screen.js';
import { createUnknownMarkerTally, unknownMarkerRejection, type UnknownMarker, type UnknownMarkerPolicy } from '../classify/unknown-markers.js';

/**
 * Default rows per batch of {@link segmentStream}: 10,000.
 *
 * @example
 * segmentStream(source, leeds2024, { asOf: '2024-04-01', batchSize: DEFAULT_STREAM_BATCH_SIZE * 10 });
 */
export const DEFAULT_STREAM_BATCH_SIZE = 10_000;

/**
 * Default most distinct localities a stream counts: 50,000, so that England's 33,755 LSOAs
 * (2021) or its 6,500 GP practices fit, with room. See `maxLocalities` in StreamOptionsSchema.
 *
 * @example
 * segmentStream(source, leeds2024, { asOf: '2024-04-01', maxLocalities: DEFAULT_MAX_LOCALITIES * 2 });
 */
export const DEFAULT_MAX_LOCALITIES = 50_000;

/** The most `maxLocalities` may be: 1,000,000 (each batch's counts list every locality). */
const MAX_LOCALITIES_LIMIT = 1_000_000;

/**
 * Zod schema of the options of {@link segmentStream}: those of `segmentPopulation` (`asOf`,
 * `ageBands`), plus the batch size and what to do about rows that share an id.
 *
 * @example
 * StreamOptionsSchema.safeParse({ asOf: '2024-04-01', batchSize: 50_000, duplicateIds: 'reject-repeats' }).success // true
 */
export const StreamOptionsSchema = PopulationOptionsSchema.extend({
  /**
   * Rows per batch, 1 to 1,000,000 (default 10,000). Memory held by the stream grows with it:
   * about one result object per row of the batch being built.
   */
  batchSize: z.number().int().min(1).max(1_000_000).optional(),
  /**
   * What to do about rows that share an id. `'ignore'` (the default): nothing; each row is
   * judged on its own. `'reject-repeats'`: a valid row whose id an earlier row already had is
   * rejected as `duplicate-id`; the earlier row stands. This keeps every id seen.
   */
  duplicateIds: z.enum(['ignore', 'reject-repeats']).optional(),
  /**
   * The most distinct `locality` values the stream counts, 1 to 1,000,000 (default 50,000:
   * England's 33,755 LSOAs or 6,500 GP practices fit). The stream keeps a count per locality
   * for `counts.byLocality`, and lists them all in every batch, so their number is what bounds
   * its memory. A row that would add one more is not read: the stream yields the rows before
   * it and then throws `PhmValidationError` naming the row and this option.
   */
  maxLocalities: z.number().int().min(1).max(MAX_LOCALITIES_LIMIT).optional(),
});

/**
 * Options of {@link segmentStream}: `asOf` and `ageBands` as for `segmentPopulation`, and
 * optionally `batchSize`, `duplicateIds` and `maxLocalities`.
 *
 * @example
 * const options: StreamOptions = { asOf: '2024-04-01', batchSize: 50_000, duplicateIds: 'reject-repeats' };
 */
export type StreamOptions = z.input<typeof StreamOptionsSchema>;

/**
 * Running totals of a stream: `read = assigned + rejected + excluded` after every batch.
 *
 * @example
 * for await (const batch of segmentStream(source, leeds2024, { asOf: '2024-04-01' })) {
 *   const { read, assigned }: StreamTotals = batch.totals;
 *   console.log(`${assigned} of ${read} rows assigned so far`);
 * }
 */
export interface StreamTotals {
  readonly read: number;
  readonly assigned: number;
  readonly rejected: number;
  readonly excluded: number;
}

/**
 * One batch of a {@link segmentStream}: where each of its rows went, and the running totals and
 * counts of the whole stream so far. `index` in each list is the row's position in the stream.
 *
 * @example
 * for await (const batch of segmentStream(source, leeds2024, { asOf: '2024-04-01' })) {
 *   console.log(`rows from ${batch.offset}: ${batch.rows} read, ${batch.rejected.length} rejected`);
 * }
 */
export interface StreamBatch extends PlacedRows {
  /** Stream position of the batch's first row. */
  readonly offset: number;
  /** Rows read in this batch: `assignments + rejected + excluded` of this batch. */
  readonly rows: number;
  /** Totals over every row read so far, this batch included. */
  readonly totals: StreamTotals;
  /** Counts over everyone assigned so far, this batch included; `segmentPopulation`'s shape. */
  readonly counts: PopulationCounts;
  /** Unknown marker ids among the rows read so far, as in `segmentPopulation`. */
  readonly unknownMarkers: readonly UnknownMarker[];
}

/**
 * What {@link segmentStream} reads: any iterable or async iterable of rows (an array, a
 * generator, a Node readable stream in object mode, ...).
 *
 * @example
 * const source: StreamSource = syntheticPeople({ size: 1_000_000, seed: 1 });
 */
export type StreamSource = AsyncIterable<unknown> | Iterable<unknown>;

function tooManyLocalities(index: number, limit: number): PhmValidationError {
  const message = `The row at position ${index} has a locality beyond the first ${limit.toLocaleString('en-GB')} distinct ones (options.maxLocalities, at most ${MAX_LOCALITIES_LIMIT.toLocaleString('en-GB')}): the stream counts every locality in memory, so their number is limited`;
  return new PhmValidationError(message, [{ path: [index, 'locality'], message }]);
}

function repeatRejection(index: number, id: string, first: number): Rejection {
  const message = `id '${id}' was already seen at position ${first}; this later row is rejected and the earlier one stands`;
  return { index, id, reason: 'duplicate-id', issues: [{ path: ['id'], message }] };
}

/**
 * Segments a stream of records in bounded memory: reads rows from any iterable or async
 * iterable and yields them in batches, each with where its rows went (`assignments`,
 * `rejected`, `excluded`, as in `segmentPopulation`) and the running totals and counts.
 * Over the whole stream every row is in exactly one batch list, so a national file need never
 * sit in memory: read each batch's lists and drop them.
 *
 * Rows are screened, excluded and classified exactly as `segmentPopulation` does, with one
 * difference: **by default (`duplicateIds: 'ignore'`) ids are not checked across rows**, as a
 * stream cannot take back rows it has already yielded and keeping every id would make memory
 * grow with the population. With `duplicateIds: 'reject-repeats'`, a valid row whose id was
 * already seen is rejected as `duplicate-id` and the first row stands; memory then grows with
 * the number of distinct ids. With unique ids, the batches together equal `segmentPopulation`.
 *
 * Each row is read once, into a snapshot that is checked, classified and counted: a row whose
 * getters or proxy traps throw is rejected as `unreadable-record`, never counted twice.
 *
 * Options, the model and the source's shape are checked at once: this throws
 * `PhmValidationError` or `PhmModelError` when called, not when first read. The source's
 * `Symbol.asyncIterator` (or `Symbol.iterator`) is read then, once; if reading it throws, the
 * call throws `PhmValidationError` with that error as `cause`. If the source throws while
 * being read, the rows read before it are yielded, then the generator throws
 * `PhmValidationError` whose issue path is the position of the row that could not be read
 * (the source's error is its `cause`). A row that would take the number of distinct
 * localities past `maxLocalities` (default 50,000) ends the stream the same way, path
 * `[position, 'locality']`. Stopping early (`break`) closes the source; if its `return()`
 * throws, the `break` throws `PhmValidationError` with that error as `cause`. An empty source
 * yields one empty batch, so the last batch always carries the final totals.
 *
 * @example
 * let last;
 * for await (const batch of segmentStream(readRows('gp-extract.ndjson'), leeds2024, { asOf: '2024-04-01' })) {
 *   for (const r of batch.rejected) log(r.index, r.reason);
 *   last = batch;
 * }
 * last.totals;            // { read, assigned, rejected, excluded } over the whole file
 * last.counts.bySegment;  // people per segment
 */
export function segmentStream(source: StreamSource, model: DeepReadonly<ModelSpec> | SegmentationModel, options: DeepReadonly<StreamOptions>): AsyncGenerator<StreamBatch, void, undefined> {
  return segmentStreamWith(source, model, options, {});
}

/** Settings of a stream that are not options: for tests, which cannot fill a 2^23-id map. */
export interface StreamInternals {
  /** Ids per map of the `'reject-repeats'` ledger (default 2^23). */
  readonly ledgerCapacity?: number;
}

/**
 * {@link segmentStream}, with internal settings a test can change (not part of the public API).
 *
 * @example
 * segmentStreamWith(rows, leeds2024, { asOf: '2024-04-01', duplicateIds: 'reject-repeats' }, { ledgerCapacity: 2 });
 */
export function segmentStreamWith(
  source: StreamSource,
  model: DeepReadonly<ModelSpec> | SegmentationModel,
  options: DeepReadonly<StreamOptions>,
  internals: StreamInternals,
): AsyncGenerator<StreamBatch, void, undefined> {
  const parsed = parseInput(StreamOptionsSchema, options, 'options');
  const checked = defineModel(model);
  const opener = openerOfSource(source);
  return run(source, opener, checked, {
    asOf: parsed.asOf,
    ageBands: parsed.ageBands ?? DEFAULT_AGE_BANDS,
    batchSize: parsed.batchSize ?? DEFAULT_STREAM_BATCH_SIZE,
    rejectRepeats: parsed.duplicateIds === 'reject-repeats',
    unknownMarkers: parsed.unknownMarkers ?? 'report',
    maxLocalities: parsed.maxLocalities ?? DEFAULT_MAX_LOCALITIES,
    ledgerCapacity: internals.ledgerCapacity ?? LEDGER_MAP_CAPACITY,
  });
}

/** The stream's options, checked and with their defaults. */
interface StreamSettings {
  readonly asOf: IsoDate;
  readonly ageBands: readonly number[];
  readonly batchSize: number;
  readonly rejectRepeats: boolean;
  readonly unknownMarkers: UnknownMarkerPolicy;
  readonly maxLocalities: number;
  readonly ledgerCapacity: number;
}

async function* run(source: StreamSource, opener: Opener, model: SegmentationModel, settings: StreamSettings): AsyncGenerator<StreamBatch, void, undefined> {
  const { asOf, ageBands, batchSize, rejectRepeats, maxLocalities, ledgerCapacity } = settings;
  const placer = createPlacer(model, asOf, ageBands, maxLocalities);
  const screenRow = createRowScreen();
  const ledger = rejectRepeats ? createIdLedger(ledgerCapacity) : undefined;
  const tally = createUnknownMarkerTally(model, settings.unknownMarkers);
  // The row being screened, where the screen reads it from.
  const slot: unknown[] = [undefined];
  let read = 0;
  let assigned = 0;
  let rejectedSoFar = 0;
  let excludedSoFar = 0;
  // Set once the source is finished with: ended, failed, or closed by us. Only a source that
  // is still open when the consumer stops is closed in `finally`, as `for...of` would.
  let settled = false;
  // Set while an error is on its way out: a source that also fails to close adds nothing to it.
  let failing = false;
  let iterator: unknown;
  const sync = opener.sync;
  try {
    let next: (this: unknown) => unknown;
    try {
      iterator = opener.open.call(source);
      next = nextOf(iterator);
    } catch (error) {
      settled = true;
      throw readFailure(0, error);
    }
    for (let first = true; ; first = false) {
      const offset = read;
      const assignments: Assignment[] = [];
      const rejected: Rejection[] = [];
      const excluded: Exclusion[] = [];
      let failure: PhmValidationError | undefined;
      while (read - offset < batchSize) {
        try {
          // Rows of a sync source are read without a promise each: that is most of the speed.
          const step: unknown = sync ? next.call(iterator) : await next.call(iterator);
          if (typeof step !== 'object' || step === null) throw new TypeError(`Iterator result ${String(step)} is not an object`);
          if ((step as { done?: unknown }).done === true) {
            settled = true;
            break;
          }
          slot[0] = (step as { value?: unknown }).value;
        } catch (error) {
          settled = true;
          // A source that is itself phm-kit's (peopleFromRowStream) has said where it failed.
          failure = error instanceof PhmValidationError ? error : readFailure(read, error);
          break;
        }
        const index = read;
        const person = screenRow(slot, 0, index, rejected);
        if (person !== undefined) {
          const earlier = ledger?.firstRowOf(person.id);
          const unknown = earlier === undefined ? tally.rejects(person) : undefined;
          if (earlier === undefined && unknown === undefined && !placer.fits(person)) {
            failure = tooManyLocalities(index, maxLocalities);
            break;
          }
          // Every valid row the stream reports (placed, or rejected as a repeat or for its markers) is tallied.
          tally.add(person);
          if (earlier !== undefined) rejected.push(repeatRejection(index, person.id, earlier));
          else if (unknown !== undefined) rejected.push(unknownMarkerRejection(index, person.id, unknown));
          else {
            // The id is claimed first; placing the row is the last step, and cannot fail.
            ledger?.add(person.id, index);
            placer.place(person, index, assignments, excluded);
          }
        }
        read++;
      }
      const rows = read - offset;
      if (rows > 0 || (first && failure === undefined)) {
        assigned += assignments.length;
        rejectedSoFar += rejected.length;
        excludedSoFar += excluded.length;
        try {
          yield {
            offset,
            rows,
            assignments,
            rejected,
            excluded,
            totals: { read, assigned, rejected: rejectedSoFar, excluded: excludedSoFar },
            counts: placer.counts(),
            unknownMarkers: tally.result(),
          };
        } catch (error) {
          // The consumer threw into the generator (`throw()`): its error is the one to keep.
          failing = true;
          throw error;
        }
      }
      if (failure !== undefined) {
        failing = true;
        throw failure;
      }
      if (settled) return;
    }
  } finally {
    if (!settled) {
      settled = true;
      try {
        await closeIterator(iterator);
      } catch (error) {
        if (!failing) throw closeFailure(read, error);
      }
    }
  }
}
