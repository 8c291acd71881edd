/**
 * deriveMarkers against an independent oracle (test/registers/oracle.ts) on random registers,
 * people and events, and the invariants the issue names: order does not matter, every event
 * is counted once, and a later resolution never adds a marker.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { deriveMarkers, type RegisterSpec } from 'phm-kit/registers';
import { property } from '../../support/property.js';
import { caseArb, eventArb, registerArb } from '../arbitraries.js';
import { oracleMarkers, type OracleEvent } from '../oracle.js';
import { codelists, entriesById, sortedEntries } from '../support.js';
import { CODELISTS } from '../arbitraries.js';

function derive(events: readonly OracleEvent[], registers: readonly RegisterSpec[], people: readonly { id: string; birthDate: string }[], asOf: string) {
  return deriveMarkers(events, registers, { asOf, people, codelists });
}

describe('deriveMarkers', () => {
  property('equals the oracle on random registers, people and events', 16001, caseArb, ({ asOf, registers, people, events }) => {
    const derived = derive(events, registers, people, asOf);
    const expected = oracleMarkers(events, registers, people, CODELISTS, asOf);
    const actual = entriesById(derived);
    expect(new Set(actual.keys())).toEqual(new Set(expected.keys()));
    for (const [id, entries] of expected) expect(actual.get(id), id).toEqual(sortedEntries(entries));
  });

  property(
    'permuting the events changes nothing: markers, reasons and their evidence, counts',
    16002,
    caseArb.chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray(c.events, { minLength: c.events.length, maxLength: c.events.length }))),
    ([{ asOf, registers, people, events }, shuffled]) => {
      const a = derive(events, registers, people, asOf);
      const b = derive(shuffled, registers, people, asOf);
      expect(entriesById(b)).toEqual(entriesById(a));
      expect(b.people).toStrictEqual(a.people);
      expect(b.registers).toEqual(a.registers);
      expect(b.events).toEqual(a.events);
    },
  );

  property('every event is counted once, in exactly one bucket', 16003, caseArb, ({ asOf, registers, people, events }) => {
    const hostile: unknown[] = [...events, null, { personId: 'p0', code: '', date: asOf }, { personId: 'p0', code: 'E119', date: '2023-02-29' }, { personId: 'p0', code: 'E119', date: asOf, value: Number.NaN }];
    const { events: counts } = deriveMarkers(hostile, registers, { asOf, people, codelists });
    expect(counts.total).toBe(hostile.length);
    expect(counts.read + counts.afterAsOf + counts.noCodelist + counts.unknownPerson + counts.rejectedPerson + counts.malformed).toBe(hostile.length);
    expect(counts.malformed).toBe(4);
    expect(counts.unknownPerson).toBe(events.filter((e) => e.personId === 'stranger').length);
  });

  property(
    'adding a resolution later than every code never adds a marker',
    16004,
    caseArb.chain((c) =>
      fc.tuple(
        fc.constant(c),
        registerArb('resolved').map((r) => ({ ...r, rule: { latest: 'A_COD', laterThan: 'AR_COD' } })),
        fc.constantFrom(...c.people.map((p) => p.id)),
      ),
    ),
    ([{ asOf, registers, people, events }, resolvedRegister, who]) => {
      const all = [...registers, resolvedRegister];
      const before = derive(events, all, people, asOf);
      const resolution = { personId: who, code: (CODELISTS.find((l) => l.name === 'AR_COD')?.codes[0] as string), date: asOf };
      const after = derive([...events, resolution], all, people, asOf);
      const on = (d: typeof before, id: string) => d.people.find((p) => p.personId === id)?.reasons.some((r) => r.marker === 'resolved' && r.state === 'on') ?? false;
      expect(on(after, who)).toBe(false);
      for (const p of people) if (p.id !== who) expect(on(after, p.id)).toBe(on(before, p.id));
    },
  );

  property('events of a person outside the people given are counted, never read', 16005, caseArb.chain((c) => fc.tuple(fc.constant(c), fc.array(eventArb(c.asOf, ['stranger']), { minLength: 1, maxLength: 5 }))), ([{ asOf, registers, people, events }, strangers]) => {
    const a = derive(events, registers, people, asOf);
    const b = derive([...events, ...strangers], registers, people, asOf);
    expect(entriesById(b)).toEqual(entriesById(a));
    expect(b.events.unknownPerson - a.events.unknownPerson).toBe(strangers.length);
  });
});
