/**
 * Issue 14, the stream: sources whose iterator method or `return()` throws, the id ledger of
 * `'reject-repeats'` (a full shard used to leave rows both assigned and rejected), and memory
 * that must not grow with the rows read (matched-segment lists, localities).
 */
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { defineModel, leeds2024, segmentPopulation, segmentStream, type ModelSpec, type StreamBatch } from 'phm-kit/segmentation';
import { createIdLedger } from '../../../src/segmentation/population/id-ledger.js';
import { segmentStreamWith } from '../../../src/segmentation/population/stream.js';
import { AS_OF, caught, drainUntilError, person } from './helpers.js';

async function drain(stream: AsyncIterable<StreamBatch>): Promise<StreamBatch[]> {
  const batches: StreamBatch[] = [];
  for await (const batch of stream) batches.push(batch);
  return batches;
}

/** Every row's position across a stream's batches, sorted. */
const positions = (batches: readonly StreamBatch[]) => batches.flatMap((b) => [...b.assignments, ...b.rejected, ...b.excluded].map((r) => r.index)).sort((x, y) => x - y);

/** A source of `count` people whose iterator's `return` is given by `close`, with a log of what was called. */
function sourceClosedBy(count: number, close: () => IteratorResult<unknown>) {
  const log = { read: 0, closed: 0 };
  const source: Iterable<unknown> = {
    [Symbol.iterator]: () => ({
      next: () => (log.read < count ? { done: false, value: person(`p${log.read++}`) } : { done: true, value: undefined }),
      return: () => {
        log.closed++;
        return close();
      },
    }),
  };
  return { source, log };
}

describe('segmentStream: sources that fail when opened or closed', () => {
  it('a return() that throws on break is a PhmValidationError with the error as cause', async () => {
    const { source, log } = sourceClosedBy(10, () => {
      throw new Error('cannot close');
    });
    let seen = 0;
    const error = await (async () => {
      for await (const batch of segmentStream(source, leeds2024, { asOf: AS_OF, batchSize: 3 })) {
        seen += batch.rows;
        break;
      }
    })().catch((e: unknown) => e);
    expect(seen).toBe(3);
    expect(log.closed).toBe(1);
    expect(error).toBeInstanceOf(PhmValidationError);
    expect((error as PhmValidationError).message).toBe('Closing the records source failed after 3 rows: cannot close');
    expect(((error as PhmValidationError).cause as Error).message).toBe('cannot close');
  });

  it('an async source whose return() rejects, or whose return getter throws, is reported the same way', async () => {
    async function* endless() {
      for (let i = 0; ; i++) yield person(`p${i}`);
    }
    const rejecting = endless();
    rejecting.return = () => Promise.reject(new Error('async close failed'));
    const stream = segmentStream(rejecting, leeds2024, { asOf: AS_OF, batchSize: 2 });
    await stream.next();
    const error = await stream.return(undefined).catch((e: unknown) => e);
    expect((error as PhmValidationError).message).toBe('Closing the records source failed after 2 rows: async close failed');

    const getter = {
      [Symbol.iterator]: () => ({
        next: () => ({ done: false, value: person('p') }),
        get return(): never {
          throw new Error('no return');
        },
      }),
    };
    const fromGetter = segmentStream(getter, leeds2024, { asOf: AS_OF, batchSize: 1 });
    await fromGetter.next();
    expect(((await fromGetter.return(undefined).catch((e: unknown) => e)) as PhmValidationError).message).toBe('Closing the records source failed after 1 row: no return');
  });

  it('a Symbol.asyncIterator or Symbol.iterator getter that throws is refused when segmentStream is called, and read only once', () => {
    let reads = 0;
    const asyncGetter = {
      get [Symbol.asyncIterator](): never {
        reads++;
        throw new Error('no async iterator');
      },
    };
    const error = caught(() => segmentStream(asyncGetter as never, leeds2024, { asOf: AS_OF }), PhmValidationError);
    expect(error.message).toBe('Reading the records failed after 0 rows: no async iterator');
    expect((error.cause as Error).message).toBe('no async iterator');
    expect(reads).toBe(1);
    const syncGetter = {
      get [Symbol.iterator](): never {
        throw new Error('no iterator');
      },
    };
    expect(caught(() => segmentStream(syncGetter as never, leeds2024, { asOf: AS_OF }), PhmValidationError).issues.map((i) => i.path)).toEqual([[0]]);
  });

  it('reads the iterator method and the next method once each, as for...of does', async () => {
    const reads = { iterator: 0, next: 0 };
    let i = 0;
    const iterator = {
      get next() {
        reads.next++;
        return () => (i < 5 ? { done: false, value: person(`p${i++}`) } : { done: true, value: undefined });
      },
    };
    const source = {
      get [Symbol.iterator]() {
        reads.iterator++;
        return () => iterator;
      },
    };
    const batches = await drain(segmentStream(source as Iterable<unknown>, leeds2024, { asOf: AS_OF, batchSize: 2 }));
    expect(batches.at(-1)?.totals.read).toBe(5);
    expect(reads).toEqual({ iterator: 1, next: 1 });
  });
});

describe("segmentStream: the 'reject-repeats' ledger", () => {
  it('claims each id once; a shard that fills starts another map, and totals add up', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => `id-${i}`);
    // Each id, then every third id again: 800 rows, 200 repeats.
    const rows = [...ids, ...ids.filter((_, i) => i % 3 === 0)].map((id) => person(id));
    const batches = await drain(segmentStreamWith(rows, leeds2024, { asOf: AS_OF, batchSize: 64, duplicateIds: 'reject-repeats' }, { ledgerCapacity: 2 }));
    expect(positions(batches)).toEqual(rows.map((_, i) => i));
    const totals = batches.at(-1)?.totals;
    expect(totals).toEqual({ read: 800, assigned: 600, rejected: 200, excluded: 0 });
    const assigned = new Set(batches.flatMap((b) => b.assignments.map((a) => a.index)));
    const rejected = batches.flatMap((b) => b.rejected);
    expect(rejected.every((r) => r.reason === 'duplicate-id' && !assigned.has(r.index))).toBe(true);
    expect(rejected[0]?.issues[0]?.message).toBe("id 'id-0' was already seen at position 0; this later row is rejected and the earlier one stands");
    expect(Object.values(batches.at(-1)?.counts.bySegment ?? {}).reduce((x, y) => x + y, 0)).toBe(600);
  });

  it('createIdLedger: maps of a few ids each, every id found at its first row', () => {
    const ledger = createIdLedger(3);
    const ids = Array.from({ length: 2000 }, (_, i) => `x${i}`);
    ids.forEach((id, i) => {
      expect(ledger.firstRowOf(id)).toBeUndefined();
      ledger.add(id, i);
    });
    expect(ids.map((id) => ledger.firstRowOf(id))).toEqual(ids.map((_, i) => i));
    expect(ledger.firstRowOf('never')).toBeUndefined();
    // 2,000 ids over 256 shards of at most 3 per map: far more maps than shards.
    expect(ledger.maps()).toBeGreaterThan(600);
    expect(createIdLedger().maps()).toBe(256);
  });
});

describe('segmentStream: localities', () => {
  const located = (n: number) => Array.from({ length: n }, (_, i) => person(`p${i}`, { locality: `L${i % 5}` }));

  it('shares the frozen row of a locality whose counts did not change from batch to batch', async () => {
    const rows = [...located(5), person('q', { locality: 'L0' })];
    const batches = await drain(segmentStream(rows, leeds2024, { asOf: AS_OF, batchSize: 5 }));
    const [first, second] = batches.map((b) => b.counts.byLocality);
    expect(second?.map((r) => [r.locality, r.total])).toEqual([
      ['L0', 2],
      ['L1', 1],
      ['L2', 1],
      ['L3', 1],
      ['L4', 1],
    ]);
    expect(second?.[1]).toBe(first?.[1]);
    expect(second?.[0]).not.toBe(first?.[0]);
    expect(Object.isFrozen(second?.[1])).toBe(true);
    expect(Object.isFrozen(second?.[1]?.bySegment)).toBe(true);
  });

  it('merges new localities into sorted order batch by batch, as segmentPopulation sorts them once', async () => {
    const names = ['m', 'b', 'z', 'a', 'k', 'b', 'c', 'y', 'a', 'd', 'n'];
    const rows = names.map((locality, i) => person(`p${i}`, { locality }));
    const batches = await drain(segmentStream(rows, leeds2024, { asOf: AS_OF, batchSize: 2 }));
    expect(batches.at(-1)?.counts).toEqual(segmentPopulation(rows, leeds2024, { asOf: AS_OF }).counts);
    expect(batches[2]?.counts.byLocality.map((r) => r.locality)).toEqual(['a', 'b', 'k', 'm', 'z']);
  });

  it('stops at the row that would count one locality too many: yields the rows before it, throws naming the row and the option, closes the source', async () => {
    let closed = 0;
    const rows = [...located(4), person('dead', { locality: 'L9', deathDate: '2020-01-01' }), person('none'), person('p5', { locality: 'L4' }), person('p6', { locality: 'L7' })];
    const source = {
      [Symbol.iterator]() {
        const inner = rows[Symbol.iterator]();
        return { next: () => inner.next(), return: () => ((closed += 1), { done: true, value: undefined }) };
      },
    };
    const { batches, error } = await drainUntilError(segmentStream(source, leeds2024, { asOf: AS_OF, batchSize: 3, maxLocalities: 4 }));
    // The dead (not counted by locality) and the unlocated do not use up the limit; row 6's L4 is the fifth.
    expect(batches.map((b) => b.rows)).toEqual([3, 3]);
    expect(batches.at(-1)?.totals).toEqual({ read: 6, assigned: 5, rejected: 0, excluded: 1 });
    const after = await drainUntilError(segmentStream(rows.slice(4), leeds2024, { asOf: AS_OF, maxLocalities: 1 }));
    expect(after.batches.at(-1)?.totals).toEqual({ read: 3, assigned: 2, rejected: 0, excluded: 1 });
    expect((after.error as PhmValidationError).issues.map((i) => i.path)).toEqual([[3, 'locality']]);
    expect(error).toBeInstanceOf(PhmValidationError);
    expect((error as PhmValidationError).issues).toEqual([
      {
        path: [6, 'locality'],
        message: 'The row at position 6 has a locality beyond the first 4 distinct ones (options.maxLocalities, at most 1,000,000): the stream counts every locality in memory, so their number is limited',
      },
    ]);
    expect(closed).toBe(1);
  });

  it('checks maxLocalities: a whole number from 1 to 1,000,000', () => {
    for (const maxLocalities of [0, 1_000_001, 2.5]) {
      expect(caught(() => segmentStream([], leeds2024, { asOf: AS_OF, maxLocalities }), PhmValidationError).issues.map((i) => i.path)).toEqual([['maxLocalities']]);
    }
    expect(() => segmentStream([], leeds2024, { asOf: AS_OF, maxLocalities: 1_000_000 })).not.toThrow();
  });

  // Every batch used to sort every locality and make a row for each: 300,000 rows of unique
  // localities took 48 s. Now a batch merges in its new localities and remakes only changed rows.
  it('counts 50,000 distinct localities by default (every LSOA in England), in 1,000 small batches, and stops at the next', { timeout: 30_000 }, async () => {
    const rows = Array.from({ length: 50_001 }, (_, i) => person(`p${i}`, { locality: `E0${String(50_000 - i).padStart(7, '0')}` }));
    const { batches, error } = await drainUntilError(segmentStream(rows, leeds2024, { asOf: AS_OF, batchSize: 50 }));
    expect(batches).toHaveLength(1000);
    expect(batches.at(-1)?.totals.read).toBe(50_000);
    expect(batches.at(-1)?.counts.byLocality[0]?.locality).toBe('E00000001');
    expect(batches.at(-1)?.counts.byLocality).toHaveLength(50_000);
    expect((error as PhmValidationError).issues.map((i) => i.path)).toEqual([[50_000, 'locality']]);
  });
});

describe('matched-segment lists: shared while few, bounded when many', () => {
  /** A model of `n` segments, segment i matching marker `m<i>`, then a catch-all. */
  function wideModel(n: number): ModelSpec {
    return {
      id: 'wide',
      label: 'Wide',
      markers: Array.from({ length: n }, (_, i) => ({ id: `m${i}`, label: `Marker ${i}`, category: 'condition' as const, description: `Marker ${i}.` })),
      segments: [...Array.from({ length: n }, (_, i) => ({ id: `s${i}`, label: `S${i}`, rule: { marker: `m${i}` } })), { id: 'rest', label: 'Rest', catchAll: true }],
    };
  }

  // Each new combination used to split a key string inside a filter, once per segment: 2,000
  // people matching about 200 of 300 segments each took 4-10 s, and time grew with the people.
  it('a 300-segment model over 30,000 people, each matching about 200 segments in a combination of their own, returns', { timeout: 30_000 }, () => {
    const model = defineModel(wideModel(300));
    const markerIds = Array.from({ length: 300 }, (_, k) => `m${k}`);
    const holds = (i: number, k: number) => ((Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 13) % 3 !== 0;
    const rows = Array.from({ length: 30_000 }, (_, i) => person(`p${i}`, { markers: markerIds.filter((_, k) => holds(i, k)) }));
    const result = segmentPopulation(rows, model, { asOf: AS_OF });
    expect(result.assignments).toHaveLength(30_000);
    expect(result.assignments[0]?.matched).toEqual(markerIds.filter((_, k) => holds(0, k)).map((m) => `s${m.slice(1)}`));
    expect(Object.isFrozen(result.assignments[0]?.matched)).toBe(true);
  });

  it('shares one frozen array per combination up to 4,096 combinations, then gives fresh equal ones', () => {
    const model = defineModel(wideModel(40));
    // 4,100 distinct triples of markers (of 9,880), then the first and the last again.
    const triples: number[][] = [];
    for (let a = 0; a < 40; a++) for (let b = a + 1; b < 40; b++) for (let c = b + 1; c < 40 && triples.length < 4100; c++) triples.push([a, b, c]);
    const rows = [...triples, triples[0] as number[], triples.at(-1) as number[]].map((t, i) => person(`p${i}`, { markers: t.map((m) => `m${m}`) }));
    const { assignments } = segmentPopulation(rows, model, { asOf: AS_OF });
    const [firstAgain, lastAgain] = assignments.slice(-2);
    expect(firstAgain?.matched).toBe(assignments[0]?.matched);
    expect(lastAgain?.matched).toEqual(assignments[4099]?.matched);
    expect(lastAgain?.matched).not.toBe(assignments[4099]?.matched);
    expect(Object.isFrozen(lastAgain?.matched)).toBe(true);
  });
});
