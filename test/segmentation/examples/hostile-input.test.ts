/**
 * Issue 14, the rows: every function that reads person records reads each row once, into a
 * snapshot, and classifies the snapshot. A row whose getters or proxy traps throw is rejected
 * as `unreadable-record` (a batch function) or refused with a PhmValidationError (`classify`,
 * `personColumns`), never escapes as the caller's own error, and is never counted twice.
 */
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { classify, isPerson, leeds2024, overlap, personColumns, screenRecords, segmentPopulation, segmentStream, transitions, type StreamBatch } from 'phm-kit/segmentation';
import { AS_OF, caught, person } from './helpers.js';
import { alwaysThrow, counted, onceThenThrow, onceThenThrowMarkers, readTwice, revokedProxy, throwingMarkerElement, throwingProxy, withThrowingElement } from './hostile.js';

const FROM = '2023-04-01';

async function drain(stream: AsyncIterable<StreamBatch>): Promise<StreamBatch[]> {
  const batches: StreamBatch[] = [];
  for await (const batch of stream) batches.push(batch);
  return batches;
}

/** Fresh hostile rows (their getters count reads, so each call needs its own). */
function hostileRows(): unknown[] {
  return [
    person('a'), // 0: assigned
    onceThenThrow('b', 'id'), // 1: read once, assigned
    alwaysThrow('c', 'birthDate'), // 2: unreadable
    throwingProxy('d'), // 3: unreadable
    throwingMarkerElement('e'), // 4: unreadable
    revokedProxy(), // 5: unreadable
    onceThenThrowMarkers('f'), // 6: read once, assigned (cancer)
    person('g', { locality: 'LCP 01' }), // 7: assigned
  ];
}

const ASSIGNED = [0, 1, 6, 7];
const UNREADABLE = [2, 3, 4, 5];

/** Every position 0..n-1 exactly once across the three lists. */
function positions(result: { assignments: readonly { index: number }[]; rejected: readonly { index: number }[]; excluded: readonly { index: number }[] }): number[] {
  return [...result.assignments, ...result.rejected, ...result.excluded].map((r) => r.index).sort((x, y) => x - y);
}

describe('each row is read once, whatever reads it', () => {
  const valid = () => [person('a', { sex: 'female', imdDecile: 3, locality: 'L', markers: ['cancer', { id: 'pregnancy', from: '2023-01-01', to: '2023-10-01' }] }), person('b', { deathDate: '2020-01-01' })];

  it.each([
    ['segmentPopulation', (rows: unknown[]) => segmentPopulation(rows, leeds2024, { asOf: AS_OF })],
    ['screenRecords', (rows: unknown[]) => screenRecords(rows)],
    ['overlap', (rows: unknown[]) => overlap(rows, leeds2024, { asOf: AS_OF })],
    ['transitions', (rows: unknown[]) => transitions(rows, leeds2024, { from: FROM, to: AS_OF })],
    ['personColumns', (rows: unknown[]) => personColumns(rows as never, { asOf: AS_OF })],
    ['classify', (rows: unknown[]) => classify(rows[0], leeds2024, { asOf: AS_OF })],
  ])('%s reads each field of a row, and each marker entry, at most once', (_, call) => {
    // One log per row, per markers array and per dated entry.
    const logs: Map<string, number>[] = [];
    const log = () => logs[logs.push(new Map()) - 1] as Map<string, number>;
    const rows = valid().map((row) => {
      const markers = (row.markers as unknown[]).map((m) => (typeof m === 'object' && m !== null ? counted(m, log()) : m));
      return counted({ ...row, markers: counted(markers, log()) }, log());
    });
    call(rows);
    expect(logs.map(readTwice).flat()).toEqual([]);
    expect(logs[2]?.get('id')).toBe(1); // row a's log: after its entry's and its markers'
    expect(logs.some((l) => l.get('from') === 1)).toBe(true);
  });

  it('segmentStream reads each field of a row at most once', async () => {
    const reads = new Map<string, number>();
    await drain(segmentStream([counted(valid()[0] as object, reads)], leeds2024, { asOf: AS_OF, duplicateIds: 'reject-repeats' }));
    expect(readTwice(reads)).toEqual([]);
    expect(reads.get('id')).toBe(1);
  });
});

describe('hostile rows: every row in exactly one place', () => {
  it('segmentPopulation assigns the rows that read well once and rejects the unreadable ones, counting nothing twice', () => {
    const rows = withThrowingElement([...hostileRows(), person('h')], 8);
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(positions(result)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.assignments.map((a) => [a.index, a.personId])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [6, 'f'],
      [7, 'g'],
    ]);
    expect(result.assignments.find((a) => a.personId === 'f')?.segment).toBe('cancer');
    expect(result.rejected.map((r) => [r.index, r.reason])).toEqual([...UNREADABLE, 8].map((i) => [i, 'unreadable-record']));
    expect(result.rejected.map((r) => r.issues[0]?.message)).toEqual([
      'The row could not be read: birthDate unavailable',
      'The row could not be read: proxy trap',
      'The row could not be read: marker element unavailable',
      expect.stringContaining('The row could not be read: '),
      'The row could not be read: row 8 unavailable',
    ]);
    expect(Object.values(result.counts.bySegment).reduce((x, y) => x + y, 0)).toBe(4);
    expect(result.counts.byLocality.map((l) => [l.locality, l.total])).toEqual([
      ['LCP 01', 1],
      [null, 3],
    ]);
  });

  it('screenRecords keeps the snapshots of the rows that read well, and accounts for the rest', () => {
    const screened = screenRecords(hostileRows());
    expect(screened.total).toBe(8);
    expect(screened.indices).toEqual(ASSIGNED);
    expect(screened.people.map((p) => p.id)).toEqual(['a', 'b', 'f', 'g']);
    expect(screened.people[2]?.markers).toEqual(['cancer']);
    expect(screened.rejected.map((r) => [r.index, r.reason])).toEqual(UNREADABLE.map((i) => [i, 'unreadable-record']));
  });

  it('overlap and transitions count the same rows, and reject the same', () => {
    const o = overlap(hostileRows(), leeds2024, { asOf: AS_OF });
    expect([o.total, o.assessed, o.rejected, o.excluded]).toEqual([8, 4, 4, 0]);
    const t = transitions(hostileRows(), leeds2024, { from: FROM, to: AS_OF });
    expect([t.total, t.stayedInPopulation, t.rejected, t.outside]).toEqual([8, 4, 4, 0]);
  });

  it('segmentStream places each row once and its totals add up', async () => {
    const batches = await drain(segmentStream(hostileRows(), leeds2024, { asOf: AS_OF, batchSize: 3, duplicateIds: 'reject-repeats' }));
    const all = { assignments: batches.flatMap((b) => b.assignments), rejected: batches.flatMap((b) => b.rejected), excluded: batches.flatMap((b) => b.excluded) };
    expect(positions(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(all.assignments.map((a) => a.index)).toEqual(ASSIGNED);
    expect(all.rejected.map((r) => [r.index, r.reason])).toEqual(UNREADABLE.map((i) => [i, 'unreadable-record']));
    expect(batches.at(-1)?.totals).toEqual({ read: 8, assigned: 4, rejected: 4, excluded: 0 });
  });

  it('an array element that throws when read is an unreadable row of a batch, and a failing source of a stream', async () => {
    const rows = withThrowingElement([person('a'), person('b'), person('c')], 1);
    expect(segmentPopulation(rows, leeds2024, { asOf: AS_OF }).rejected.map((r) => [r.index, r.reason])).toEqual([[1, 'unreadable-record']]);
    const error = await drain(segmentStream(rows, leeds2024, { asOf: AS_OF })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhmValidationError);
    expect((error as PhmValidationError).issues.map((i) => i.path)).toEqual([[1]]);
  });

  it('a thrown value that cannot even be described is still an unreadable row', () => {
    const row = person('x');
    Object.defineProperty(row, 'id', {
      get() {
        throw {
          toString() {
            throw new Error('no words');
          },
        };
      },
    });
    const [rejection] = segmentPopulation([row], leeds2024, { asOf: AS_OF }).rejected;
    expect(rejection).toEqual({ index: 0, reason: 'unreadable-record', issues: [{ path: [], message: 'The row could not be read: an error that cannot be shown' }] });
  });

  it('a value inside a row whose traps throw when the schema explains the rejection makes the row unreadable', () => {
    const hostileId = new Proxy({}, { get: () => { throw new Error('trap in the id'); }, getPrototypeOf: () => { throw new Error('trap in the id'); } });
    const [rejection] = screenRecords([person('x', { id: hostileId })]).rejected;
    expect(rejection?.reason).toBe('unreadable-record');
    expect(rejection?.issues[0]?.message).toBe('The row could not be read: trap in the id');
  });
});

describe('classify and personColumns refuse what cannot be read, and take the one reading of the rest', () => {
  it('isPerson: false for a value that cannot be read, never the caller\'s error; a value read well once is judged on that reading', () => {
    for (const row of [alwaysThrow('c', 'id'), throwingProxy('d'), revokedProxy(), throwingMarkerElement('e')]) expect(isPerson(row)).toBe(false);
    expect(isPerson(onceThenThrow('b', 'markers'))).toBe(true);
    expect(isPerson(onceThenThrowMarkers('f'))).toBe(true);
  });

  it('classify: a getter that throws is a PhmValidationError with the error as cause; one that throws only later is read once', () => {
    for (const row of [alwaysThrow('c', 'markers'), throwingProxy('d'), revokedProxy(), throwingMarkerElement('e')]) {
      const error = caught(() => classify(row, leeds2024, { asOf: AS_OF }), PhmValidationError);
      expect(error.message).toMatch(/^Invalid person: \(input\): Could not be read: /);
      expect(error.cause).toBeDefined();
    }
    expect(classify(onceThenThrow('b', 'birthDate'), leeds2024, { asOf: AS_OF }).personId).toBe('b');
    expect(classify(onceThenThrowMarkers('f'), leeds2024, { asOf: AS_OF }).segment).toBe('cancer');
  });

  it('personColumns names the row that cannot be read, and converts rows that read well once', () => {
    const error = caught(() => personColumns([person('a'), alwaysThrow('c', 'birthDate')] as never, { asOf: AS_OF }), PhmValidationError);
    expect(error.issues).toEqual([{ path: ['people', 1], message: 'The row could not be read: birthDate unavailable' }]);
    const element = caught(() => personColumns(withThrowingElement([person('a'), person('b')], 0) as never, { asOf: AS_OF }), PhmValidationError);
    expect(element.issues.map((i) => i.path)).toEqual([['people', 0]]);
    const columns = personColumns([onceThenThrow('b', 'birthDate'), onceThenThrowMarkers('f')] as never, { asOf: AS_OF });
    expect([...columns.birthDay]).toEqual([7305, 7305]);
    expect(Object.keys(columns.markers)).toEqual(['cancer']);
  });

  it('personColumns refuses an array whose length cannot be read, or a revoked proxy, as PhmValidationError', () => {
    const lengthless = new Proxy([person('a')], { get: (t, k) => (k === 'length' ? (() => { throw new Error('no length'); })() : Reflect.get(t, k)) });
    expect(caught(() => personColumns(lengthless as never, { asOf: AS_OF }), PhmValidationError).issues.map((i) => i.path)).toEqual([['people', 'length']]);
    expect(caught(() => personColumns(revokedProxy() as never, { asOf: AS_OF }), PhmValidationError).issues.map((i) => i.path)).toEqual([['people']]);
  });
});

describe('batch inputs that fail as a whole are refused, never escape as the caller’s error', () => {
  const calls: [string, (records: never) => unknown][] = [
    ['segmentPopulation', (records) => segmentPopulation(records, leeds2024, { asOf: AS_OF })],
    ['screenRecords', (records) => screenRecords(records)],
    ['overlap', (records) => overlap(records, leeds2024, { asOf: AS_OF })],
    ['transitions', (records) => transitions(records, leeds2024, { from: FROM, to: AS_OF })],
  ];

  it.each(calls)('%s: a Symbol.iterator getter that throws, an array whose length throws, a revoked proxy', (_, call) => {
    const getter = { get [Symbol.iterator](): never { throw new Error('no iterator'); } };
    const fromGetter = caught(() => call(getter as never), PhmValidationError);
    expect(fromGetter.message).toBe('Reading the records failed after 0 rows: no iterator');
    expect((fromGetter.cause as Error).message).toBe('no iterator');
    const lengthless = new Proxy([], { get: (t, k) => (k === 'length' ? (() => { throw new Error('no length'); })() : Reflect.get(t, k)) });
    expect(caught(() => call(lengthless as never), PhmValidationError).message).toBe('Reading the records failed after 0 rows: no length');
    expect(caught(() => call(revokedProxy() as never), PhmValidationError).issues.map((i) => i.path)).toEqual([[0]]);
  });

  it('an iterator without next(), or whose next getter throws, is a read failure', () => {
    expect(caught(() => segmentPopulation({ [Symbol.iterator]: () => ({}) } as never, leeds2024, { asOf: AS_OF }), PhmValidationError).message).toBe(
      'Reading the records failed after 0 rows: The iterator has no next() method',
    );
    const nextGetter = { [Symbol.iterator]: () => ({ get next(): never { throw new Error('no next'); } }) };
    expect(caught(() => screenRecords(nextGetter as never), PhmValidationError).message).toBe('Reading the records failed after 0 rows: no next');
  });
});
