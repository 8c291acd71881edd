import type { DeepReadonly } from '../core/freeze.js';
import { z } from 'zod';
import type { IsoDate } from '../core/dates.js';
import { parseInput } from '../core/validation.js';
import type { Assignment } from './compile.js';
import { DEFAULT_AGE_BANDS, type PopulationCounts } from './counts.js';
import { hashOf } from './duplicate-ids.js';
import type { Exclusion } from './exclusion.js';
import { defineModel, type ModelSpec, type SegmentationModel } from './model.js';
import { createPlacer, type PlacedRows } from './placement.js';
import { PopulationOptionsSchema } from './population.js';
import { isIterable, notIterable, readFailure, screenRow, unreadableRow, type Rejection } from './screen.js';

/**
 * Default rows per batch of {@link segmentStream}: 10,000.
 *
 * @example
 * segmentStream(source, leeds2024, { asOf: '2024-04-01', batchSize: DEFAULT_STREAM_BATCH_SIZE * 10 });
 */
export const DEFAULT_STREAM_BATCH_SIZE = 10_000;

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
});

/**
 * Options of {@link segmentStream}: `asOf` and `ageBands` as for `segmentPopulation`, and
 * optionally `batchSize` and `duplicateIds`.
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
}

/**
 * What {@link segmentStream} reads: any iterable or async iterable of rows (an array, a
 * generator, a Node readable stream in object mode, ...).
 *
 * @example
 * const source: StreamSource = syntheticPeople({ size: 1_000_000, seed: 1 });
 */
export type StreamSource = AsyncIterable<unknown> | Iterable<unknown>;

function isAsyncIterable(source: unknown): source is AsyncIterable<unknown> {
  return typeof (source as { [Symbol.asyncIterator]?: unknown } | null | undefined)?.[Symbol.asyncIterator] === 'function';
}

/**
 * Every id seen so far, for `'reject-repeats'`, with the position of its first row. Held in many
 * maps chosen by hash, as one `Map` cannot hold more than 2^24 (about 16.7 million) entries.
 */
function createIdLedger() {
  const shards = Array.from({ length: 256 }, () => new Map<string, number>());
  const shardOf = (id: string) => shards[hashOf(id) >>> 24] as Map<string, number>;
  return {
    firstRowOf: (id: string): number | undefined => shardOf(id).get(id),
    add: (id: string, index: number): void => void shardOf(id).set(id, index),
  };
}

function repeatRejection(index: number, id: string, first: number): Rejection {
  const message = `id '${id}' was already seen at row ${first}; this later row is rejected and the earlier one stands`;
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
 * Options, the model and the source's shape are checked at once: this throws
 * `PhmValidationError` or `PhmModelError` when called, not when first read. If the source
 * throws while being read, the rows read before it are yielded, then the generator throws
 * `PhmValidationError` whose issue path is the position of the row that could not be read
 * (the source's error is its `cause`). Stopping early (`break`) closes the source. An empty
 * source yields one empty batch, so the last batch always carries the final totals.
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
  const parsed = parseInput(StreamOptionsSchema, options, 'options');
  const checked = defineModel(model);
  if (!isAsyncIterable(source) && !isIterable(source)) throw notIterable('an iterable or async iterable (an array, a generator, a readable stream, ...)');
  return run(source, checked, parsed.asOf, parsed.ageBands ?? DEFAULT_AGE_BANDS, parsed.batchSize ?? DEFAULT_STREAM_BATCH_SIZE, parsed.duplicateIds === 'reject-repeats');
}

async function* run(
  source: StreamSource,
  model: SegmentationModel,
  asOf: IsoDate,
  ageBands: readonly number[],
  batchSize: number,
  rejectRepeats: boolean,
): AsyncGenerator<StreamBatch, void, undefined> {
  const placer = createPlacer(model, asOf, ageBands);
  const ledger = rejectRepeats ? createIdLedger() : undefined;
  let read = 0;
  let assigned = 0;
  let rejectedSoFar = 0;
  let excludedSoFar = 0;
  // Set once the source is finished with: ended, failed, or closed by us. Only a source that
  // is still open when the consumer stops is closed in `finally`, as `for...of` would.
  let settled = false;
  let iterator: Iterator<unknown> | AsyncIterator<unknown> | undefined;
  const sync = !isAsyncIterable(source);
  try {
    try {
      iterator = sync ? (source as Iterable<unknown>)[Symbol.iterator]() : source[Symbol.asyncIterator]();
    } catch (error) {
      settled = true;
      throw readFailure(0, error);
    }
    for (let first = true; ; first = false) {
      const offset = read;
      const assignments: Assignment[] = [];
      const rejected: Rejection[] = [];
      const excluded: Exclusion[] = [];
      let failure: unknown;
      let failed = false;
      while (read - offset < batchSize) {
        let row: unknown;
        try {
          // Rows of a sync source are read without a promise each: that is most of the speed.
          const step = sync ? (iterator as Iterator<unknown>).next() : await iterator.next();
          if (typeof step !== 'object' || step === null) throw new TypeError(`Iterator result ${String(step)} is not an object`);
          if (step.done === true) {
            settled = true;
            break;
          }
          row = step.value;
        } catch (error) {
          settled = true;
          failed = true;
          failure = error;
          break;
        }
        const index = read++;
        const person = screenRow(row, index, rejected);
        if (person === undefined) continue;
        try {
          if (ledger !== undefined) {
            const id = person.id;
            const earlier = ledger.firstRowOf(id);
            if (earlier !== undefined) {
              rejected.push(repeatRejection(index, id, earlier));
              continue;
            }
            placer.place(person, index, assignments, excluded);
            // Only rows that were placed claim their id, as in segmentPopulation, where an
            // unreadable row takes no part in duplicates.
            ledger.add(id, index);
          } else {
            placer.place(person, index, assignments, excluded);
          }
        } catch (error) {
          // Only a row whose fields read differently from one read to the next gets here.
          rejected.push(unreadableRow(index, error));
        }
      }
      const rows = read - offset;
      if (rows > 0 || (first && !failed)) {
        assigned += assignments.length;
        rejectedSoFar += rejected.length;
        excludedSoFar += excluded.length;
        yield {
          offset,
          rows,
          assignments,
          rejected,
          excluded,
          totals: { read, assigned, rejected: rejectedSoFar, excluded: excludedSoFar },
          counts: placer.counts(),
        };
      }
      if (failed) throw readFailure(read, failure);
      if (settled) return;
    }
  } finally {
    if (!settled && iterator?.return !== undefined) {
      settled = true;
      await iterator.return();
    }
  }
}
