import { describe, expect, it } from 'vitest';
import { PhmModelError, PhmValidationError } from 'phm-kit';
import {
  DEFAULT_STREAM_BATCH_SIZE,
  leeds2024,
  segmentPopulation,
  segmentStream,
  syntheticPeople,
  syntheticPopulation,
  type ModelSpec,
  type StreamBatch,
} from 'phm-kit/segmentation';
import { AS_OF, caught, drainUntilError, person } from './helpers.js';


async function drain(stream: AsyncIterable<StreamBatch>): Promise<StreamBatch[]> {
  const batches: StreamBatch[] = [];
  for await (const batch of stream) batches.push(batch);
  return batches;
}


async function* slowly<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const row of rows) {
    await new Promise((resolve) => setImmediate(resolve));
    yield row;
  }
}

/** An iterable that records whether its iterator was opened and closed (`return()`). */
function watched(rows: readonly unknown[]) {
  const log = { opened: 0, read: 0, returned: 0 };
  const iterable: Iterable<unknown> = {
    [Symbol.iterator]: () => {
      log.opened++;
      let i = 0;
      return {
        next: () => (i < rows.length ? (log.read++, { done: false, value: rows[i++] }) : { done: true, value: undefined }),
        return: () => {
          log.returned++;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { iterable, log };
}

const MIXED = [
  person('a'),
  { id: 'bad', birthDate: '1990-02-30', markers: [] },
  person('dead', { deathDate: '2023-01-01' }),
  person('child', { birthDate: '2015-06-01' }),
  42,
  person('unborn', { birthDate: '2025-01-01' }),
  person('b', { markers: ['ltc-asthma'] }),
];

describe('segmentStream: batches', () => {
  it('yields batches of batchSize rows with offsets, stream-wide indices and running totals', async () => {
    const batches = await drain(segmentStream(MIXED, leeds2024, { asOf: AS_OF, batchSize: 3 }));
    expect(batches.map((b) => [b.offset, b.rows])).toEqual([
      [0, 3],
      [3, 3],
      [6, 1],
    ]);
    expect(batches.map((b) => b.assignments.map((a) => [a.index, a.personId, a.segment]))).toEqual([
      [[0, 'a', 'healthy-adults']],
      [[3, 'child', 'children-and-young-people']],
      [[6, 'b', 'long-term-conditions']],
    ]);
    expect(batches.map((b) => b.rejected.map((r) => [r.index, r.reason, r.id]))).toEqual([[[1, 'invalid-record', 'bad']], [[4, 'invalid-record', undefined]], []]);
    expect(batches.map((b) => b.excluded.map((e) => [e.index, e.personId, e.reason]))).toEqual([[[2, 'dead', 'deceased']], [[5, 'unborn', 'not-yet-born']], []]);
    expect(batches.map((b) => b.totals)).toEqual([
      { read: 3, assigned: 1, rejected: 1, excluded: 1 },
      { read: 6, assigned: 2, rejected: 2, excluded: 2 },
      { read: 7, assigned: 3, rejected: 2, excluded: 2 },
    ]);
    expect(batches.map((b) => b.counts.bySegment['healthy-adults'])).toEqual([1, 1, 1]);
    expect(batches.map((b) => b.counts.bySegment['long-term-conditions'])).toEqual([0, 0, 1]);
  });

  it('explains rejections as segmentPopulation does: zod-style paths, unreadable rows', async () => {
    const throwing = person('t');
    Object.defineProperty(throwing, 'markers', {
      enumerable: true,
      get() {
        throw new Error('markers unavailable');
      },
    });
    const rows = [{ id: 'r0', birthDate: '1990-01-01', markers: [], imdDecile: 11 }, throwing, person('ok')];
    const [batch] = await drain(segmentStream(rows, leeds2024, { asOf: AS_OF }));
    expect(batch?.rejected.map((r) => [r.index, r.reason, r.issues.map((i) => i.path)])).toEqual([
      [0, 'invalid-record', [['imdDecile']]],
      [1, 'unreadable-record', [[]]],
    ]);
    expect(batch?.rejected[1]?.issues[0]?.message).toContain('markers unavailable');
    expect(batch?.rejected).toEqual(segmentPopulation(rows, leeds2024, { asOf: AS_OF }).rejected);
  });

  it('agrees with segmentPopulation on a synthetic population with unique ids, lists and counts', async () => {
    const people = syntheticPopulation({ size: 3000, seed: 7, asOf: AS_OF });
    const expected = segmentPopulation(people, leeds2024, { asOf: AS_OF, ageBands: [0, 18, 65] });
    const batches = await drain(segmentStream(people, leeds2024, { asOf: AS_OF, ageBands: [0, 18, 65], batchSize: 256 }));
    expect(batches).toHaveLength(12);
    expect(batches.flatMap((b) => b.assignments)).toEqual(expected.assignments);
    expect(batches.flatMap((b) => b.excluded)).toEqual(expected.excluded);
    expect(expected.excluded.length).toBeGreaterThan(0);
    const last = batches.at(-1) as StreamBatch;
    expect(last.counts).toEqual(expected.counts);
    expect(last.counts.byAgeBand.map((b) => b.band)).toEqual(['0-17', '18-64', '65+']);
    expect(last.totals).toEqual({ read: 3000, assigned: expected.assignments.length, rejected: 0, excluded: expected.excluded.length });
  });

  it('uses batches of 10,000 by default', async () => {
    expect(DEFAULT_STREAM_BATCH_SIZE).toBe(10_000);
    const people = syntheticPeople({ size: 10_001, seed: 3, asOf: AS_OF });
    const batches = await drain(segmentStream(people, leeds2024, { asOf: AS_OF }));
    expect(batches.map((b) => [b.offset, b.rows])).toEqual([
      [0, 10_000],
      [10_000, 1],
    ]);
  });

  it('yields one empty batch, with every segment counted at zero, for an empty source', async () => {
    const batches = await drain(segmentStream([], leeds2024, { asOf: AS_OF }));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ offset: 0, rows: 0, assignments: [], rejected: [], excluded: [], totals: { read: 0, assigned: 0, rejected: 0, excluded: 0 } });
    expect(Object.values(batches[0]?.counts.bySegment ?? {})).toEqual(leeds2024.segments.map(() => 0));
  });

  it('gives the same batches from an array, a generator and an async generator', async () => {
    const options = { asOf: AS_OF, batchSize: 2 };
    const fromArray = await drain(segmentStream(MIXED, leeds2024, options));
    const fromGenerator = await drain(segmentStream((function* () { yield* MIXED; })(), leeds2024, options));
    const fromAsync = await drain(segmentStream(slowly(MIXED), leeds2024, options));
    expect(fromArray).toHaveLength(4);
    expect(fromGenerator).toEqual(fromArray);
    expect(fromAsync).toEqual(fromArray);
  });

  it('does not mutate its inputs', async () => {
    const rows = MIXED.map((row) => (typeof row === 'object' ? Object.freeze({ ...row }) : row));
    const before = JSON.stringify(rows);
    const options = Object.freeze({ asOf: AS_OF, batchSize: 2, ageBands: Object.freeze([0, 18]) as number[] });
    await drain(segmentStream(Object.freeze(rows), leeds2024, options));
    expect(JSON.stringify(rows)).toBe(before);
    expect(options).toEqual({ asOf: AS_OF, batchSize: 2, ageBands: [0, 18] });
  });
});

describe('segmentStream: duplicate ids', () => {
  const rows = [person('x'), person('y'), person('x', { markers: ['cancer'] }), { id: 'y', birthDate: 'bad', markers: [] }, person('x')];

  it("by default ('ignore') judges each row on its own: a repeated id is assigned again", async () => {
    for (const options of [{ asOf: AS_OF }, { asOf: AS_OF, duplicateIds: 'ignore' as const }]) {
      const [batch] = await drain(segmentStream(rows, leeds2024, options));
      expect(batch?.assignments.map((a) => [a.index, a.personId, a.segment])).toEqual([
        [0, 'x', 'healthy-adults'],
        [1, 'y', 'healthy-adults'],
        [2, 'x', 'cancer'],
        [4, 'x', 'healthy-adults'],
      ]);
      expect(batch?.rejected.map((r) => [r.index, r.reason])).toEqual([[3, 'invalid-record']]);
    }
    // segmentPopulation, which sees the whole population, rejects every row of a shared id.
    expect(segmentPopulation(rows, leeds2024, { asOf: AS_OF }).rejected.map((r) => [r.index, r.reason])).toEqual([
      [0, 'duplicate-id'],
      [2, 'duplicate-id'],
      [3, 'invalid-record'],
      [4, 'duplicate-id'],
    ]);
  });

  it("with 'reject-repeats' rejects later rows of an id already seen, across batches; the first stands", async () => {
    const batches = await drain(segmentStream(rows, leeds2024, { asOf: AS_OF, duplicateIds: 'reject-repeats', batchSize: 2 }));
    expect(batches.flatMap((b) => b.assignments.map((a) => [a.index, a.personId]))).toEqual([
      [0, 'x'],
      [1, 'y'],
    ]);
    const rejected = batches.flatMap((b) => b.rejected);
    expect(rejected.map((r) => [r.index, r.id, r.reason, r.issues.map((i) => i.path)])).toEqual([
      [2, 'x', 'duplicate-id', [['id']]],
      [3, 'y', 'invalid-record', [['birthDate']]],
      [4, 'x', 'duplicate-id', [['id']]],
    ]);
    expect(rejected[0]?.issues[0]?.message).toBe("id 'x' was already seen at position 0; this later row is rejected and the earlier one stands");
    expect(batches.at(-1)?.totals).toEqual({ read: 5, assigned: 2, rejected: 3, excluded: 0 });
    expect(batches.at(-1)?.counts.bySegment.cancer).toBe(0);
  });

  it("with 'reject-repeats' an excluded row claims its id; an invalid or unreadable row does not", async () => {
    const unreadable = person('u');
    // Throws whenever it is read: rejected as unreadable, so 'u' stays free.
    Object.defineProperty(unreadable, 'birthDate', {
      enumerable: true,
      get() {
        throw new Error('gone');
      },
    });
    const rows = [person('d', { deathDate: '2020-01-01' }), person('d'), { id: 'i', birthDate: 'bad', markers: [] }, person('i'), unreadable, person('u')];
    const [batch] = await drain(segmentStream(rows, leeds2024, { asOf: AS_OF, duplicateIds: 'reject-repeats' }));
    expect(batch?.excluded.map((e) => [e.index, e.reason])).toEqual([[0, 'deceased']]);
    expect(batch?.rejected.map((r) => [r.index, r.reason])).toEqual([
      [1, 'duplicate-id'],
      [2, 'invalid-record'],
      [4, 'unreadable-record'],
    ]);
    expect(batch?.assignments.map((a) => [a.index, a.personId])).toEqual([
      [3, 'i'],
      [5, 'u'],
    ]);
  });

  it("with 'reject-repeats' a row that reads well once and then throws is judged on that one reading, and claims its id", async () => {
    const once = person('u');
    let reads = 0;
    Object.defineProperty(once, 'birthDate', {
      enumerable: true,
      get() {
        if (++reads > 1) throw new Error('gone');
        return '1990-01-01';
      },
    });
    const [batch] = await drain(segmentStream([once, person('u')], leeds2024, { asOf: AS_OF, duplicateIds: 'reject-repeats' }));
    expect(reads).toBe(1);
    expect(batch?.assignments.map((a) => [a.index, a.personId])).toEqual([[0, 'u']]);
    expect(batch?.rejected.map((r) => [r.index, r.reason])).toEqual([[1, 'duplicate-id']]);
    expect(batch?.totals).toEqual({ read: 2, assigned: 1, rejected: 1, excluded: 0 });
  });
});

describe('segmentStream: checks at call time', () => {
  const untouched = () => watched([person('a')]);

  it.each([
    [{ asOf: '2024-02-30' }, ['asOf']],
    [{ asOf: AS_OF, batchSize: 0 }, ['batchSize']],
    [{ asOf: AS_OF, batchSize: 1_000_001 }, ['batchSize']],
    [{ asOf: AS_OF, batchSize: 2.5 }, ['batchSize']],
    [{ asOf: AS_OF, duplicateIds: 'first' }, ['duplicateIds']],
    [{ asOf: AS_OF, ageBands: [5, 18] }, ['ageBands']],
    [{ asOf: AS_OF, batch: 10 }, []],
  ])('throws PhmValidationError before reading anything for options %j', (options, path) => {
    const { iterable, log } = untouched();
    const error = caught(() => segmentStream(iterable, leeds2024, options as never), PhmValidationError);
    expect(error.issues.map((i) => i.path)).toContainEqual(path);
    expect(log.opened).toBe(0);
  });

  it('throws PhmModelError at call time for a bad model', () => {
    const { iterable, log } = untouched();
    const model: ModelSpec = { id: 'm', label: 'M', segments: [{ id: 'a', label: 'A', rule: { marker: 'cancer' } }] };
    const error = caught(() => segmentStream(iterable, model, { asOf: AS_OF }), PhmModelError);
    expect(error.code).toBe('missing-catch-all');
    expect(log.opened).toBe(0);
  });

  it.each([[42], ['a string of rows'], [null], [undefined], [{ length: 1, 0: {} }]])('throws PhmValidationError at call time for a source that is not iterable: %j', (source) => {
    const error = caught(() => segmentStream(source as never, leeds2024, { asOf: AS_OF }), PhmValidationError);
    expect(error.issues).toEqual([{ path: [], message: 'Expected an iterable of person records' }]);
  });

  it('reads nothing until the first batch is asked for', async () => {
    const { iterable, log } = watched([person('a'), person('b')]);
    const stream = segmentStream(iterable, leeds2024, { asOf: AS_OF });
    expect(log.opened).toBe(0);
    const first = await stream.next();
    expect(log).toEqual({ opened: 1, read: 2, returned: 0 });
    expect(first.done).toBe(false);
    expect((await stream.next()).done).toBe(true);
  });
});

describe('segmentStream: sources that fail, consumers that stop', () => {
  function* failingAfter(count: number) {
    for (let i = 0; i < count; i++) yield person(`p${i}`);
    throw new Error('disk unplugged');
  }

  async function* failingAsyncAfter(count: number) {
    for (let i = 0; i < count; i++) yield person(`p${i}`);
    throw new Error('connection reset');
  }

  it('yields the rows read before a sync source throws, then throws PhmValidationError naming the row position', async () => {
    const { batches, error } = await drainUntilError(segmentStream(failingAfter(5), leeds2024, { asOf: AS_OF, batchSize: 2 }));
    expect(batches.map((b) => [b.offset, b.rows])).toEqual([
      [0, 2],
      [2, 2],
      [4, 1],
    ]);
    expect(batches.at(-1)?.totals.read).toBe(5);
    expect(error).toBeInstanceOf(PhmValidationError);
    const failure = error as PhmValidationError;
    expect(failure.issues.map((i) => i.path)).toEqual([[5]]);
    expect(failure.message).toBe('Reading the records failed after 5 rows: disk unplugged');
    expect((failure.cause as Error).message).toBe('disk unplugged');
  });

  it('does the same for an async source, and yields no batch when it fails before any row', async () => {
    const late = await drainUntilError(segmentStream(failingAsyncAfter(3), leeds2024, { asOf: AS_OF, batchSize: 10 }));
    expect(late.batches.map((b) => b.rows)).toEqual([3]);
    expect((late.error as PhmValidationError).issues.map((i) => i.path)).toEqual([[3]]);
    const early = await drainUntilError(segmentStream(failingAsyncAfter(0), leeds2024, { asOf: AS_OF }));
    expect(early.batches).toEqual([]);
    expect(early.error).toBeInstanceOf(PhmValidationError);
    expect((early.error as PhmValidationError).message).toBe('Reading the records failed after 0 rows: connection reset');
  });

  it('reports a source whose iterator cannot be opened, or that returns a non-object result', async () => {
    const cannotOpen: Iterable<unknown> = {
      [Symbol.iterator]: () => {
        throw new Error('no such file');
      },
    };
    const opened = await drainUntilError(segmentStream(cannotOpen, leeds2024, { asOf: AS_OF }));
    expect((opened.error as PhmValidationError).issues.map((i) => i.path)).toEqual([[0]]);
    const broken = { [Symbol.iterator]: () => ({ next: () => 7 }) } as unknown as Iterable<unknown>;
    const result = await drainUntilError(segmentStream(broken, leeds2024, { asOf: AS_OF }));
    expect(result.error).toBeInstanceOf(PhmValidationError);
    expect((result.error as PhmValidationError).message).toContain('is not an object');
  });

  it('closes the source (return()) when the consumer breaks out early', async () => {
    const { iterable, log } = watched(Array.from({ length: 10 }, (_, i) => person(`p${i}`)));
    let seen = 0;
    for await (const batch of segmentStream(iterable, leeds2024, { asOf: AS_OF, batchSize: 3 })) {
      seen += batch.rows;
      break;
    }
    expect(seen).toBe(3);
    expect(log).toEqual({ opened: 1, read: 3, returned: 1 });
  });

  it('closes an async source when the consumer breaks, and not a source that has ended', async () => {
    let closed = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield person(`p${i}`);
      } finally {
        closed = true;
      }
    }
    for await (const batch of segmentStream(endless(), leeds2024, { asOf: AS_OF, batchSize: 4 })) {
      expect(batch.rows).toBe(4);
      break;
    }
    expect(closed).toBe(true);

    const { iterable, log } = watched([person('a'), person('b')]);
    for await (const batch of segmentStream(iterable, leeds2024, { asOf: AS_OF })) {
      expect(batch.totals.read).toBe(2);
      break;
    }
    expect(log.returned).toBe(0);
  });
});

describe('syntheticPeople', () => {
  it('makes the same people as syntheticPopulation, one at a time, and can be read again', () => {
    const options = { size: 500, seed: 42, asOf: AS_OF };
    const people = syntheticPeople(options);
    const list = syntheticPopulation(options);
    expect([...people]).toEqual(list);
    expect([...people]).toEqual(list);
    expect(list).toHaveLength(500);
  });

  it('checks its options at once, and accepts up to 100 million people (syntheticPopulation: 2 million, and says where to go for more)', () => {
    expect(() => syntheticPeople({ size: 100_000_000, seed: 1 })).not.toThrow();
    expect(caught(() => syntheticPeople({ size: 100_000_001, seed: 1 }), PhmValidationError).issues.map((i) => i.path)).toEqual([['size']]);
    const tooMany = caught(() => syntheticPopulation({ size: 2_000_001, seed: 1 }), PhmValidationError);
    expect(tooMany.issues).toEqual([{ path: ['size'], message: 'At most 2,000,000 people: they are made at once and held in memory, about 270 bytes each; syntheticPeople makes up to 100,000,000 one at a time' }]);
    expect(caught(() => syntheticPeople({ size: 10, seed: 1.5 }), PhmValidationError).issues.map((i) => i.path)).toEqual([['seed']]);
  });
});
