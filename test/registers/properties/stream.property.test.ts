/** deriveMarkerStream over events and people sorted by person gives what deriveMarkers gives, and refuses a source out of order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveMarkers, deriveMarkerStream, PhmValidationError, type PersonMarkers } from 'phm-kit/registers';
import { asyncProperty } from '../../support/property.js';
import { caseArb, sctid } from '../arbitraries.js';
import { codelists } from '../support.js';

const byPerson = <T extends { personId?: unknown; id?: unknown }>(rows: readonly T[]) =>
  [...rows].sort((a, b) => {
    const x = String(a.personId ?? a.id);
    const y = String(b.personId ?? b.id);
    return x < y ? -1 : x > y ? 1 : 0;
  });

async function* slowly<T>(rows: readonly T[]) {
  for (const row of rows) {
    await Promise.resolve();
    yield row;
  }
}

/** Rows cut into batches at the given points (empty batches included), yielded sync or async. */
function* batches<T>(rows: readonly T[], cuts: readonly number[]) {
  let from = 0;
  for (const cut of [...cuts.map((c) => c % (rows.length + 1))].sort((a, b) => a - b)) {
    yield rows.slice(from, Math.max(from, cut));
    from = Math.max(from, cut);
  }
  yield rows.slice(from);
}

async function* slowBatches<T>(rows: readonly T[], cuts: readonly number[]) {
  for (const batch of batches(rows, cuts)) {
    await Promise.resolve();
    yield batch;
  }
}

type Shape = 'array' | 'sync' | 'async' | 'sync-batches' | 'async-batches';
const shapeArb = fc.constantFrom<Shape>('array', 'sync', 'async', 'sync-batches', 'async-batches');

/** The rows as a source of the given shape: an array, a generator of rows, or of batches. */
function source<T>(rows: readonly T[], shape: Shape, cuts: readonly number[]) {
  if (shape === 'array') return rows;
  if (shape === 'sync') return rows.values();
  if (shape === 'async') return slowly(rows);
  return shape === 'sync-batches' ? batches(rows, cuts) : slowBatches(rows, cuts);
}

async function drain(stream: ReturnType<typeof deriveMarkerStream>): Promise<PersonMarkers[]> {
  const out: PersonMarkers[] = [];
  for await (const p of stream.people) out.push(p);
  return out;
}

describe('deriveMarkerStream', () => {
  asyncProperty(
    'equals deriveMarkers on sorted sources of every shape (rows or batches, sync or async), duplicates, invalid people and people without an id (anywhere) included',
    16301,
    caseArb.chain((c) =>
      fc.tuple(
        fc.constant(c),
        fc.record({ events: shapeArb, people: shapeArb, eventCuts: fc.array(fc.nat(), { maxLength: 6 }), peopleCuts: fc.array(fc.nat(), { maxLength: 4 }) }),
        fc.array(fc.record({ id: fc.constantFrom('p0', 'p3', 'zz'), birthDate: fc.constantFrom('1950-01-01', 'nonsense') }), { maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 3 }),
      ),
    ),
    async ([{ asOf, registers, people, events }, shape, extra, holes]) => {
      // Rows without an id have no place in the order: they may stand anywhere, even between two rows of one id.
      const everyone: object[] = byPerson([...people, ...extra]);
      for (const at of holes) everyone.splice(at % (everyone.length + 1), 0, { birthDate: '1950-01-01' });
      const sortedEvents = byPerson(events);
      const batch = deriveMarkers(sortedEvents, registers, { asOf, people: everyone, codelists });
      const stream = deriveMarkerStream(source(sortedEvents, shape.events, shape.eventCuts), registers, { asOf, codelists, people: source(everyone, shape.people, shape.peopleCuts) });
      const streamed = await drain(stream);
      expect(streamed).toEqual(batch.people);
      const summary = stream.summary();
      expect(summary.events).toEqual(batch.events);
      expect(summary.registers).toEqual(batch.registers.map(({ marker, people: n, ended }) => ({ marker, people: n, ended })));
      expect(summary.unmatchedCodes).toEqual(batch.unmatchedCodes);
      expect([...summary.rejectedPeople].sort((a, b) => a.index - b.index).map((r) => [r.index, r.reason])).toEqual(batch.rejectedPeople.map((r) => [r.index, r.reason]));
      expect(summary.rejectedCount).toBe(batch.rejectedPeople.length);
    },
    1000,
  );

  it('refuses events out of order, naming the row', async () => {
    const dm = sctid('440540');
    const stream = deriveMarkerStream(
      [{ personId: 'b', code: dm, date: '2020-01-01' }, { personId: 'a', code: dm, date: '2020-01-01' }],
      [{ marker: 'x', rule: { code: 'A_COD' } }],
      { asOf: '2025-01-01', codelists, people: [{ id: 'a', birthDate: '1950-01-01' }, { id: 'b', birthDate: '1950-01-01' }] },
    );
    const error = await drain(stream).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PhmValidationError);
    expect((error as PhmValidationError).issues[0]?.path).toEqual(['events', 1, 'personId']);
  });

  it('reads an array inside an array source as one malformed row, and a failing batched source names the row it reached', async () => {
    const dm = sctid('440540');
    const registers = [{ marker: 'x', rule: { code: 'A_COD' } }];
    const people = [{ id: 'a', birthDate: '1950-01-01' }];
    const rows = [{ personId: 'a', code: dm, date: '2020-01-01' }];
    const nested = deriveMarkerStream([rows] as unknown[], registers, { asOf: '2025-01-01', codelists, people });
    await drain(nested);
    expect(nested.summary().events.malformed).toBe(1);
    async function* failing() {
      yield [...rows, ...rows];
      throw new Error('cursor lost');
    }
    const error = await drain(deriveMarkerStream(failing(), registers, { asOf: '2025-01-01', codelists, people })).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PhmValidationError);
    expect((error as PhmValidationError).issues[0]?.path).toEqual(['events', 2]);
    expect((error as PhmValidationError).message).toContain('cursor lost');
  });

  it('ends a batch whose length is not a number (a lying proxy), rather than reading it for ever', async () => {
    const liar = new Proxy([{ personId: 'a', code: sctid('440540'), date: '2020-01-01' }], { get: (t, k) => (k === 'length' ? 'many' : Reflect.get(t, k)) });
    function* source() {
      yield liar;
    }
    for (const events of [liar, source()]) {
      const stream = deriveMarkerStream(events, [{ marker: 'x', rule: { code: 'A_COD' } }], { asOf: '2025-01-01', codelists, people: [{ id: 'a', birthDate: '1950-01-01' }] });
      expect(await drain(stream)).toEqual([{ personId: 'a', markers: [], reasons: [] }]);
      expect(stream.summary().events.total).toBe(0);
    }
  });

  it('refuses a source whose result cannot be read (a throwing getter, a revoked proxy), naming the row', async () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    const results = [
      { done: false, get value(): unknown { throw new Error('no value'); } },
      { done: false, value: proxy },
    ];
    for (const result of results) {
      for (const async of [false, true]) {
        const iterator = { next: () => (async ? Promise.resolve(result) : result) };
        const events = async ? { [Symbol.asyncIterator]: () => iterator } : { [Symbol.iterator]: () => iterator };
        const stream = deriveMarkerStream(events as never, [{ marker: 'x', rule: { code: 'A_COD' } }], { asOf: '2025-01-01', codelists, people: [{ id: 'a', birthDate: '1950-01-01' }] });
        const error = await drain(stream).then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(PhmValidationError);
        expect((error as PhmValidationError).issues[0]?.path).toEqual(['events', 0]);
      }
    }
  });

  it('refuses people out of order', async () => {
    const stream = deriveMarkerStream([], [{ marker: 'x', rule: { ageAtLeast: 1 } }], { asOf: '2025-01-01', codelists, people: [{ id: 'b', birthDate: '1950-01-01' }, { id: 'a', birthDate: '1950-01-01' }] });
    const error = await drain(stream).then(() => undefined, (e: unknown) => e);
    expect((error as PhmValidationError).issues[0]?.path).toEqual(['people', 1, 'id']);
  });
});
