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

async function drain(stream: ReturnType<typeof deriveMarkerStream>): Promise<PersonMarkers[]> {
  const out: PersonMarkers[] = [];
  for await (const p of stream.people) out.push(p);
  return out;
}

describe('deriveMarkerStream', () => {
  asyncProperty(
    'equals deriveMarkers on sorted sources, duplicates and invalid people included',
    16301,
    caseArb.chain((c) => fc.tuple(fc.constant(c), fc.boolean(), fc.array(fc.record({ id: fc.constantFrom('p0', 'p3', 'zz'), birthDate: fc.constantFrom('1950-01-01', 'nonsense') }), { maxLength: 3 }))),
    async ([{ asOf, registers, people, events }, async, extra]) => {
      const everyone = byPerson([...people, ...extra]);
      const sortedEvents = byPerson(events);
      const batch = deriveMarkers(sortedEvents, registers, { asOf, people: everyone, codelists });
      const stream = deriveMarkerStream(async ? slowly(sortedEvents) : sortedEvents, registers, { asOf, codelists, people: async ? slowly(everyone) : everyone });
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

  it('refuses people out of order', async () => {
    const stream = deriveMarkerStream([], [{ marker: 'x', rule: { ageAtLeast: 1 } }], { asOf: '2025-01-01', codelists, people: [{ id: 'b', birthDate: '1950-01-01' }, { id: 'a', birthDate: '1950-01-01' }] });
    const error = await drain(stream).then(() => undefined, (e: unknown) => e);
    expect((error as PhmValidationError).issues[0]?.path).toEqual(['people', 1, 'id']);
  });
});
