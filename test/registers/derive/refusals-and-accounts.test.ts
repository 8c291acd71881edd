/**
 * Tests written for mutants of the derive part that survived: the words and paths of
 * deriveMarkers' and deriveMarkerStream's refusals, how a row that is not a person or an event
 * is told, what a rejected person keeps (an id when one was read), labels in the register
 * counts, and the ended episode's guards and evidence.
 */
import { describe, expect, it } from 'vitest';
import { defineCodelist, deriveMarkers, deriveMarkerStream, PhmValidationError, withDerivedMarkers, type PersonMarkers, type RegisterSpec } from 'phm-kit/registers';
import { refusalOf } from '../../support/issues.js';

const codelists = [
  defineCodelist({ name: 'A', system: 'icd10', codes: ['E10', 'E11'] }),
  defineCodelist({ name: 'END1', system: 'icd10', codes: ['Z11'] }),
  defineCodelist({ name: 'END2', system: 'icd10', codes: ['Z22'] }),
];
const asOf = '2025-03-31';
const people = [{ id: 'p', birthDate: '1950-01-01' }];
const registers: RegisterSpec[] = [{ marker: 'x', rule: { code: 'A' } }];
const ev = (code: string, date: string, personId = 'p') => ({ personId, code, date });

async function drain(stream: ReturnType<typeof deriveMarkerStream>): Promise<PersonMarkers[]> {
  const out: PersonMarkers[] = [];
  for await (const p of stream.people) out.push(p);
  return out;
}
const streamRefusal = (stream: ReturnType<typeof deriveMarkerStream>) => drain(stream).then(() => undefined, (e: unknown) => e as PhmValidationError);

describe('deriveMarkers: refusals of its arguments', () => {
  it('events that are not an array', () => {
    const error = refusalOf(() => deriveMarkers('events' as never, registers, { asOf, people, codelists }), PhmValidationError);
    expect(error.message).toBe('Invalid events: expected an array of { personId, code, date, value? }');
    expect(error.issues).toEqual([{ path: ['events'], message: 'Expected an array' }]);
  });
  it('registers that are not an array, whether a string, null or an array-like object', () => {
    for (const bad of ['x', null, { 0: registers[0], length: 1 }]) {
      const error = refusalOf(() => deriveMarkers([], bad as never, { asOf, people, codelists }), PhmValidationError);
      expect(error.message).toBe('Invalid registers: expected an array of register definitions');
      expect(error.issues).toEqual([{ path: ['registers'], message: 'Expected an array' }]);
    }
  });
  it('two registers setting one marker, naming both', () => {
    const error = refusalOf(() => deriveMarkers([], [...registers, { marker: 'y', rule: { code: 'A' } }, { marker: 'x', rule: { ageAtLeast: 1 } }], { asOf, people, codelists }), PhmValidationError);
    const message = "Registers 0 and 2 both set marker 'x': give one register per marker";
    expect(error.message).toBe(`Invalid registers: ${message}`);
    expect(error.issues).toEqual([{ path: ['registers', 2, 'marker'], message }]);
  });
  it('options that are not an object, or that throw when read', () => {
    expect(refusalOf(() => deriveMarkers([], registers, null as never), PhmValidationError).issues).toEqual([{ path: [], message: 'Invalid input: expected object, received null' }]);
    expect(refusalOf(() => deriveMarkers([], registers, 'x' as never), PhmValidationError).issues).toEqual([{ path: [], message: 'Invalid input: expected object, received string' }]);
    const throwing = { asOf, codelists, get people(): never { throw new Error('boom'); } };
    const error = refusalOf(() => deriveMarkers([], registers, throwing), PhmValidationError);
    expect(error.message).toBe('Invalid options: Could not be read: boom');
    expect(error.issues).toEqual([{ path: [], message: 'Could not be read: boom' }]);
  });
  it('people that are not an array, or more than 50,000,000 of them', () => {
    const message = 'Expected an array of at most 50,000,000 people, each { id, birthDate }';
    const tooMany = new Proxy([], { get: (t, k) => (k === 'length' ? 50_000_001 : Reflect.get(t, k)) });
    const lengthThrows = new Proxy([], { get: (t, k) => { if (k === 'length') throw new Error('no length'); return Reflect.get(t, k); } });
    for (const bad of ['everyone', { length: 1 }, tooMany, lengthThrows]) {
      const error = refusalOf(() => deriveMarkers([], registers, { asOf, people: bad as never, codelists }), PhmValidationError);
      expect(error.message).toBe(`Invalid options: people: ${message}`);
      expect(error.issues).toEqual([{ path: ['people'], message }]);
    }
  });
});

describe('deriveMarkers: rows that are not events or people', () => {
  it('an event that is not an object is malformed, with zod\'s words; one whose field throws could not be read', () => {
    const events = ['x', null, 3, { get personId(): never { throw new Error('pid'); } }];
    const derived = deriveMarkers(events, registers, { asOf, people, codelists });
    expect(derived.reportedEvents).toEqual([
      { index: 0, kind: 'malformed', path: [], message: 'Invalid input: expected object, received string' },
      { index: 1, kind: 'malformed', path: [], message: 'Invalid input: expected object, received null' },
      { index: 2, kind: 'malformed', path: [], message: 'Invalid input: expected object, received number' },
      { index: 3, kind: 'malformed', path: [], message: 'Could not be read: pid' },
    ]);
    expect(derived.events.malformed).toBe(4);
  });
  it('an event the array will not give up is malformed, and the others are read', () => {
    const events = new Proxy([ev('E11', '2020-01-01'), ev('E11', '2020-01-02')], { get: (t, k) => { if (k === '0') throw new Error('row lost'); return Reflect.get(t, k); } });
    const derived = deriveMarkers(events, registers, { asOf, people, codelists });
    expect(derived.reportedEvents).toEqual([{ index: 0, kind: 'malformed', path: [], message: 'Could not be read: row lost' }]);
    expect(derived.events).toMatchObject({ total: 2, read: 1, malformed: 1 });
    expect(derived.people[0]?.markers).toEqual(['x']);
  });
  it('tells why each person was rejected, keeping the id only when one was read', () => {
    const who = ['x', null, { id: '' }, { id: 3, birthDate: '1950-01-01' }, { id: 'q', birthDate: 'no' }, { get id(): never { throw new Error('g'); } }, { birthDate: '1950-01-01' }];
    const derived = deriveMarkers([], registers, { asOf, people: who, codelists });
    expect(derived.rejectedPeople).toEqual([
      { index: 0, reason: 'invalid-record', message: 'Expected a person: { id, birthDate }' },
      { index: 1, reason: 'invalid-record', message: 'Expected a person: { id, birthDate }' },
      { index: 2, reason: 'invalid-record', message: 'id: expected a non-empty string' },
      { index: 3, reason: 'invalid-record', message: 'id: expected a non-empty string' },
      { index: 4, id: 'q', reason: 'invalid-record', message: 'birthDate: expected a calendar date written YYYY-MM-DD' },
      { index: 5, reason: 'invalid-record', message: 'Could not be read: g' },
      { index: 6, reason: 'invalid-record', message: 'id: expected a non-empty string' },
    ]);
    expect(derived.people).toEqual([]);
  });
  it('duplicates are all rejected, each pointing at the first; an invalid record with an id makes its events a rejected person\'s', () => {
    const who = [{ id: 'd', birthDate: '1950-01-01' }, { id: 'q', birthDate: 'no' }, { id: 'd', birthDate: '1951-01-01' }, { id: 'd', birthDate: '1952-01-01' }, ...people];
    const derived = deriveMarkers([ev('E11', '2020-01-01', 'q'), ev('E11', '2020-01-01', 'd'), ev('E11', '2020-01-01', 'r')], registers, { asOf, people: who, codelists });
    expect(derived.rejectedPeople).toEqual([
      { index: 0, id: 'd', reason: 'duplicate-id', message: "id 'd' is shared with the person at 2" },
      { index: 1, id: 'q', reason: 'invalid-record', message: 'birthDate: expected a calendar date written YYYY-MM-DD' },
      { index: 2, id: 'd', reason: 'duplicate-id', message: "id 'd' is shared with the person at 0" },
      { index: 3, id: 'd', reason: 'duplicate-id', message: "id 'd' is shared with the person at 0" },
    ]);
    expect(derived.events).toMatchObject({ rejectedPerson: 2, unknownPerson: 1 });
    expect(derived.reportedEvents.map((r) => r.message)).toEqual(["Person 'q' was rejected (see rejectedPeople)", "Person 'd' was rejected (see rejectedPeople)", "No person has id 'r'"]);
  });
  it('an id both valid and invalid: the valid person is derived, and the invalid row\'s id does not reject their events', () => {
    const derived = deriveMarkers([ev('E11', '2020-01-01')], registers, { asOf, people: [{ id: 'p', birthDate: 'no' }, ...people], codelists });
    expect(derived.people.map((p) => [p.personId, p.markers])).toEqual([['p', ['x']]]);
    expect(derived.events).toMatchObject({ read: 1, rejectedPerson: 0 });
  });
  it('register counts carry a label only where the register has one', () => {
    const derived = deriveMarkers([ev('E11', '2020-01-01')], [{ marker: 'x', label: 'Ex', rule: { code: 'A' } }, { marker: 'y', rule: { code: 'A' } }], { asOf, people, codelists });
    expect(derived.registers).toEqual([{ marker: 'x', label: 'Ex', people: 1, ended: 0 }, { marker: 'y', people: 1, ended: 0 }]);
  });
});

describe('ended episodes', () => {
  const episode = (endedBy: string | string[], from: 'first' | 'latest' = 'first'): RegisterSpec => ({ marker: 'x', rule: { latest: 'A', laterThan: endedBy }, episode: { from, codelist: 'A', endedBy } });
  const derive = (events: object[], register: RegisterSpec) => deriveMarkers(events, [register], { asOf, people, codelists });
  it('gives none without a code, without an ending code, or with the ending code before the latest code', () => {
    expect(derive([ev('Z11', '2020-01-01')], episode('END1')).people[0]).toMatchObject({ markers: [], reasons: [] });
    expect(derive([ev('E11', '2020-01-01')], episode('END1')).people[0]?.reasons[0]?.state).toBe('on');
    expect(derive([ev('Z11', '2019-01-01'), ev('E11', '2020-01-01')], episode('END1')).people[0]?.reasons[0]?.state).toBe('on');
  });
  it('an ending code on the day of the latest code ends nothing (the episode would end before it began)', () => {
    const derived = derive([ev('E11', '2020-01-01'), ev('Z11', '2020-01-01')], episode('END1'));
    expect(derived.people[0]).toMatchObject({ markers: [], reasons: [] });
    expect(derived.registers).toEqual([{ marker: 'x', people: 0, ended: 0 }]);
  });
  it('an ending code the day after the code gives a one-day episode', () => {
    const derived = derive([ev('E11', '2020-01-01'), ev('Z11', '2020-01-02')], episode('END1'));
    expect(derived.people[0]?.markers).toEqual([{ id: 'x', from: '2020-01-01', to: '2020-01-01' }]);
  });
  it('with several ending codelists, names the one whose code fell on the ending day, once', () => {
    const events = [ev('E10', '2018-05-01'), ev('Z11', '2019-01-01'), ev('E11', '2020-01-01'), ev('E10', '2020-06-01'), ev('Z22', '2021-01-01'), ev('Z11', '2020-12-01')];
    const reason = derive(events, episode(['END1', 'END2'])).people[0]?.reasons[0];
    expect(reason).toEqual({ marker: 'x', state: 'ended', evidence: [{ codelist: 'END2', code: 'Z22', date: '2021-01-01' }], text: 'episode from 2020-01-01 ended by END2 Z22 on 2021-01-01' });
    const both = derive([...events, ev('Z11', '2021-01-01')], episode(['END1', 'END2'])).people[0]?.reasons[0];
    expect(both?.evidence).toEqual([{ codelist: 'END1', code: 'Z11', date: '2021-01-01' }]);
    expect(derive(events, episode(['END1', 'END2'], 'latest')).people[0]?.markers).toEqual([{ id: 'x', from: '2020-06-01', to: '2020-12-31' }]);
  });
  it('a rule that holds with no code of the episode\'s codelist in the current episode sets the marker undated', () => {
    const rule: RegisterSpec['rule'] = { any: [{ latest: 'A', laterThan: 'END1' }, { ageAtLeast: 60 }] };
    const undated = (events: object[], from: 'first' | 'latest') => derive(events, { marker: 'x', rule, episode: { from, codelist: 'A', endedBy: 'END1' } }).people[0]?.markers;
    expect(undated([], 'first')).toEqual(['x']);
    expect(undated([ev('E11', '2019-01-01'), ev('Z11', '2020-01-01')], 'first')).toEqual(['x']);
    expect(undated([ev('E11', '2019-01-01'), ev('Z11', '2020-01-01')], 'latest')).toEqual(['x']);
    expect(undated([ev('E11', '2019-01-01'), ev('Z11', '2019-01-01')], 'latest')).toEqual(['x']);
    expect(undated([ev('Z11', '2019-01-01'), ev('E11', '2019-01-02')], 'latest')).toEqual([{ id: 'x', from: '2019-01-02' }]);
  });
  it('the episode that ended runs from the first code after the ending code before it', () => {
    const events = [ev('E10', '2015-01-01'), ev('Z11', '2016-01-01'), ev('E11', '2017-03-01'), ev('E10', '2017-09-01'), ev('Z11', '2018-01-01')];
    expect(derive(events, episode('END1')).people[0]?.markers).toEqual([{ id: 'x', from: '2017-03-01', to: '2017-12-31' }]);
  });
});

describe('deriveMarkerStream: refusals and its account', () => {
  it('events or people that are not iterable objects (a string is not a source)', () => {
    for (const bad of ['events', 3, null, {}]) {
      const error = refusalOf(() => deriveMarkerStream(bad as never, registers, { asOf, people, codelists }), PhmValidationError);
      expect(error.message).toBe('Invalid events: expected an iterable or async iterable of events');
      expect(error.issues).toEqual([{ path: ['events'], message: 'Expected an iterable' }]);
      const refused = refusalOf(() => deriveMarkerStream([], registers, { asOf, people: bad as never, codelists }), PhmValidationError);
      expect(refused.message).toBe('Invalid options: people: expected an iterable or async iterable of people sorted by id');
      expect(refused.issues).toEqual([{ path: ['people'], message: 'Expected an iterable' }]);
    }
  });
  it('takes sync iterables and async iterables that are not generators', async () => {
    const rows = [ev('E11', '2020-01-01')];
    const asyncOnly = { [Symbol.asyncIterator]: async function* () { yield* rows; } };
    for (const events of [new Set(rows), asyncOnly]) {
      expect(await drain(deriveMarkerStream(events, registers, { asOf, people: new Set(people), codelists }))).toEqual([{ personId: 'p', markers: ['x'], reasons: [expect.objectContaining({ marker: 'x' })] }]);
    }
  });
  it('says which event or person is out of order, and how they must be sorted', async () => {
    const people2 = [{ id: 'a', birthDate: '1950-01-01' }, { id: 'b', birthDate: '1950-01-01' }];
    const events = await streamRefusal(deriveMarkerStream([ev('E11', '2020-01-01', 'b'), ev('E11', '2020-01-01', 'a')], registers, { asOf, people: people2, codelists }));
    const rule = 'must be sorted by person id (as JavaScript compares strings: by UTF-16 code unit, as SQL\'s binary collations do)';
    expect(events?.message).toBe(`Event 1 has personId 'a', which sorts before 'b': the events ${rule}`);
    expect(events?.issues).toEqual([{ path: ['events', 1, 'personId'], message: events?.message }]);
    const who = await streamRefusal(deriveMarkerStream([], registers, { asOf, people: [...people2].reverse(), codelists }));
    expect(who?.message).toBe(`Person 1 has id 'a', which sorts before 'b': the people ${rule}`);
    expect(who?.issues).toEqual([{ path: ['people', 1, 'id'], message: who?.message }]);
  });
  it('a failing source is named with the row it reached, for events and for people', async () => {
    function* failing(rows: unknown[]) {
      yield* rows;
      throw new Error('cursor lost');
    }
    const onEvents = await streamRefusal(deriveMarkerStream(failing([ev('E11', '2020-01-01')]), registers, { asOf, people, codelists }));
    expect(onEvents?.message).toBe('Reading the events failed at row 1: cursor lost');
    expect(onEvents?.issues).toEqual([{ path: ['events', 1], message: onEvents?.message }]);
    const onPeople = await streamRefusal(deriveMarkerStream([], registers, { asOf, people: failing([]), codelists }));
    expect(onPeople?.message).toBe('Reading the people failed at row 0: cursor lost');
    expect(onPeople?.issues).toEqual([{ path: ['people', 0], message: onPeople?.message }]);
  });
  it('lists at most maxReported rejected people and counts them all; the events of a rejected id are counted as theirs', async () => {
    const who = [{ id: 'a', birthDate: 'no' }, { id: 'b', birthDate: '1950-01-01' }, { id: 'b', birthDate: '1950-01-01' }, { id: 'c', birthDate: '1950-01-01' }];
    const stream = deriveMarkerStream([ev('E11', '2020-01-01', 'a'), ev('E11', '2020-01-01', 'b'), ev('E11', '2020-01-01', 'c')], registers, { asOf, people: who, codelists, maxReported: 2 });
    expect((await drain(stream)).map((p) => p.personId)).toEqual(['c']);
    const summary = stream.summary();
    expect(summary.rejectedCount).toBe(3);
    expect(summary.rejectedPeople).toEqual([
      { index: 0, id: 'a', reason: 'invalid-record', message: 'birthDate: expected a calendar date written YYYY-MM-DD' },
      { index: 1, id: 'b', reason: 'duplicate-id', message: "id 'b' is shared with the person at 2" },
    ]);
    expect(summary.people).toBe(1);
    expect(summary.events).toMatchObject({ read: 1, rejectedPerson: 2, unknownPerson: 0 });
  });
  it('duplicates in the stream point at the first readable copy (the first at the second), as deriveMarkers does', async () => {
    const who = [{ id: 'b', birthDate: 'no' }, { id: 'b', birthDate: '1950-01-01' }, { id: 'b', birthDate: '1951-01-01' }, { id: 'b', birthDate: '1952-01-01' }];
    const stream = deriveMarkerStream([], registers, { asOf, people: who, codelists });
    await drain(stream);
    expect(stream.summary().rejectedPeople.map((r) => [r.index, r.reason, r.message])).toEqual([
      [0, 'invalid-record', 'birthDate: expected a calendar date written YYYY-MM-DD'],
      [1, 'duplicate-id', "id 'b' is shared with the person at 2"],
      [2, 'duplicate-id', "id 'b' is shared with the person at 1"],
      [3, 'duplicate-id', "id 'b' is shared with the person at 1"],
    ]);
  });
  it('a person without an id is rejected on their own, and the people after are read', async () => {
    const stream = deriveMarkerStream([ev('E11', '2020-01-01')], registers, { asOf, people: [{ birthDate: '1950-01-01' }, ...people], codelists });
    expect((await drain(stream)).map((p) => p.markers)).toEqual([['x']]);
    expect(stream.summary().rejectedPeople).toEqual([{ index: 0, reason: 'invalid-record', message: 'id: expected a non-empty string' }]);
  });
  it('a person without an id stands anywhere: duplicates either side of one are still duplicates', async () => {
    const who = [{ id: 'a', birthDate: '1950-01-01' }, { birthDate: '1950-01-01' }, { id: 'a', birthDate: '1951-01-01' }, { id: 'b', birthDate: '1950-01-01' }];
    const events = [ev('E11', '2020-01-01', 'a'), ev('E11', '2020-01-01', 'b')];
    const stream = deriveMarkerStream(events, registers, { asOf, people: who, codelists });
    expect((await drain(stream)).map((p) => p.personId)).toEqual(['b']);
    const batch = deriveMarkers(events, registers, { asOf, people: who, codelists });
    expect([...stream.summary().rejectedPeople].sort((x, y) => x.index - y.index)).toEqual(batch.rejectedPeople);
    expect(stream.summary().events).toEqual(batch.events);
  });
  it('a malformed event between two out of order does not hide the disorder', async () => {
    const who = [{ id: 'a', birthDate: '1950-01-01' }, { id: 'b', birthDate: '1950-01-01' }];
    const error = await streamRefusal(deriveMarkerStream([ev('E11', '2020-01-01', 'b'), { personId: 'a' }, ev('E11', '2020-01-01', 'a')], registers, { asOf, people: who, codelists }));
    expect(error?.issues[0]?.path).toEqual(['events', 2, 'personId']);
  });
  it('events of people after the last are counted as no one\'s; malformed events are counted wherever they fall', async () => {
    const events = [{ personId: 'p' }, ev('E11', '2020-01-01'), 'junk', ev('E11', '2020-01-01', 'q'), ev('E11', '2020-01-01', 'r')];
    const stream = deriveMarkerStream(events, registers, { asOf, people, codelists });
    await drain(stream);
    expect(stream.summary().events).toEqual({ total: 5, read: 1, afterAsOf: 0, noCodelist: 0, unknownPerson: 2, rejectedPerson: 0, malformed: 2 });
    expect(stream.summary().reportedEvents.map((r) => [r.index, r.kind])).toEqual([[0, 'malformed'], [2, 'malformed'], [3, 'unknown-person'], [4, 'unknown-person']]);
  });
  it('closes both sources when the reader stops early', async () => {
    const closed: string[] = [];
    function* source(name: string, rows: unknown[]) {
      try {
        yield* rows;
      } finally {
        closed.push(name);
      }
    }
    const who = [...people, { id: 'q', birthDate: '1950-01-01' }];
    const stream = deriveMarkerStream(source('events', [ev('E11', '2020-01-01'), ev('E11', '2020-01-01', 'q')]), registers, { asOf, people: source('people', who), codelists });
    for await (const p of stream.people) {
      expect(p.personId).toBe('p');
      break;
    }
    expect(closed.sort()).toEqual(['events', 'people']);
    expect(stream.summary().people).toBe(1);
  });
});

describe('the account of events: limits and order', () => {
  it('lists problem events up to maxReported, exactly, and counts them all', () => {
    const events = [ev('E11', '2020-01-01', 'u1'), ev('E11', '2020-01-01', 'u2'), ev('E11', '2020-01-01', 'u3')];
    for (const [maxReported, listed] of [[0, 0], [2, 2], [3, 3], [4, 3]] as const) {
      const derived = deriveMarkers(events, registers, { asOf, people, codelists, maxReported });
      expect(derived.reportedEvents.map((r) => r.index)).toEqual([0, 1, 2].slice(0, listed));
      expect(derived.events.unknownPerson).toBe(3);
    }
  });
  it('lists unmatched codes up to maxReported, by events then code, whatever their order of arrival', () => {
    const codes = ['K40', 'B20', 'M10', 'A01', 'Z99', 'C30', 'J45', 'D50'];
    const events = [...codes.map((c) => ev(c, '2020-01-01')), ev('M10', '2020-02-01'), ev('Z99', '2020-02-01')];
    const derived = deriveMarkers(events, registers, { asOf, people, codelists });
    expect(derived.unmatchedCodes.map((u) => u.code)).toEqual(['M10', 'Z99', 'A01', 'B20', 'C30', 'D50', 'J45', 'K40']);
    expect(deriveMarkers([...events].reverse(), registers, { asOf, people, codelists }).unmatchedCodes).toEqual(derived.unmatchedCodes);
    expect(deriveMarkers(events, registers, { asOf, people, codelists, maxReported: 3 }).unmatchedCodes).toEqual([{ code: 'M10', events: 2 }, { code: 'Z99', events: 2 }, { code: 'A01', events: 1 }]);
  });
  it('tracks at most 100,000 distinct unmatched codes (all are still counted); a tracked code goes on being counted', () => {
    const events = Array.from({ length: 100_001 }, (_, i) => ev(`X${i}`, '2020-01-01'));
    events.push(ev('X0', '2020-01-02'), ev('X100000', '2020-01-02'));
    const derived = deriveMarkers(events, registers, { asOf, people, codelists, maxReported: 1_000_000 });
    expect(derived.events.noCodelist).toBe(100_003);
    expect(derived.unmatchedCodes).toHaveLength(100_000);
    expect(derived.unmatchedCodes[0]).toEqual({ code: 'X0', events: 2 });
    expect(derived.unmatchedCodes.some((u) => u.code === 'X100000')).toBe(false);
  });
});

describe('withDerivedMarkers', () => {
  const own = [
    { id: 'p', birthDate: '1950-01-01', markers: [{ id: 'x', from: '2001-01-01' }, 'x', 'kept', { id: 'also-kept', from: '2002-02-02' }] },
    { id: 'q', birthDate: '1950-01-01' },
    { id: 'r', birthDate: '1950-01-01', markers: ['x'] },
  ];
  const derived = deriveMarkers([ev('E11', '2020-01-01')], registers, { asOf, people: own.slice(0, 2), codelists });
  it('drops a person\'s own entries of a derived marker, dated or not, and leaves people it did not derive as they were', () => {
    const merged = withDerivedMarkers(own, derived);
    expect(merged).toEqual([
      { id: 'p', birthDate: '1950-01-01', markers: ['kept', { id: 'also-kept', from: '2002-02-02' }, 'x'] },
      { id: 'q', birthDate: '1950-01-01', markers: [] },
      { id: 'r', birthDate: '1950-01-01', markers: ['x'] },
    ]);
    expect(merged[2]?.markers).not.toBe(own[2]?.markers);
  });
  it('refuses derived markers or options it cannot read, naming which', () => {
    const bad = refusalOf(() => withDerivedMarkers(own, { people: 'none' } as never), PhmValidationError);
    expect(bad.message).toMatch(/^Invalid derived markers: /);
    const options = refusalOf(() => withDerivedMarkers(own, derived, { keep: 'yes' } as never), PhmValidationError);
    expect(options.message).toMatch(/^Invalid options: keep: /);
    expect(options.issues[0]?.path).toEqual(['keep']);
    expect(refusalOf(() => withDerivedMarkers('people' as never, derived), PhmValidationError).message).toMatch(/^Invalid people: /);
  });
});
