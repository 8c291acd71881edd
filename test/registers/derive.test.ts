/** deriveMarkers on hand-made histories at the edges of each rule, and its account of every event and person. */
import { describe, expect, it } from 'vitest';
import { defineCodelist, defineRegister, deriveMarkers, PhmModelError, PhmValidationError, withDerivedMarkers, type RegisterSpec } from 'phm-kit/registers';
import { refusalOf } from '../support/issues.js';
import { sctid } from './arbitraries.js';

const DM = sctid('440540');
const DMRES = sctid('3150510');
const DRUG = sctid('1959670');
const VALUE = sctid('1107481');
const codelists = [
  defineCodelist({ name: 'DM_COD', system: 'snomed-ct', codes: [DM] }),
  defineCodelist({ name: 'DMRES_COD', system: 'snomed-ct', codes: [DMRES] }),
  defineCodelist({ name: 'DRUG_COD', system: 'snomed-ct', codes: [DRUG] }),
  defineCodelist({ name: 'VAL_COD', system: 'snomed-ct', codes: [VALUE] }),
  defineCodelist({ name: 'HOSP', system: 'icd10', codes: ['F00', 'R29'], match: 'prefix' }),
];
const asOf = '2025-03-31';
const people = [{ id: 'p', birthDate: '1960-05-01' }];
const ev = (code: string, date: string, value?: number) => ({ personId: 'p', code, date, ...(value === undefined ? {} : { value }) });
const markersOf = (events: object[], register: RegisterSpec, on = asOf, who = people) => deriveMarkers(events, [register], { asOf: on, people: who, codelists }).people[0]?.markers;

const diabetes: RegisterSpec = {
  marker: 'ltc-diabetes',
  rule: { all: [{ ageAtLeast: 17 }, { latest: 'DM_COD', laterThan: 'DMRES_COD' }] },
  episode: { from: 'first', codelist: 'DM_COD', endedBy: 'DMRES_COD' },
};

describe('windows', () => {
  const drug: RegisterSpec = { marker: 'on-drug', rule: { code: 'DRUG_COD', within: { months: 12 } } };
  it('a drug issued exactly 12 months before asOf is outside the window; the day after is inside', () => {
    expect(markersOf([ev(DRUG, '2024-03-31')], drug)).toEqual([]);
    expect(markersOf([ev(DRUG, '2024-04-01')], drug)).toEqual(['on-drug']);
  });
  it('a month window from a month end clamps: 29 February 2024 minus 12 months starts on 1 March 2023', () => {
    expect(markersOf([ev(DRUG, '2023-02-28')], drug, '2024-02-29')).toEqual([]);
    expect(markersOf([ev(DRUG, '2023-03-01')], drug, '2024-02-29')).toEqual(['on-drug']);
  });
  it('a code after asOf is never read, and is counted as such', () => {
    const derived = deriveMarkers([ev(DRUG, '2025-04-01')], [drug], { asOf, people, codelists });
    expect(derived.people[0]?.markers).toEqual([]);
    expect(derived.events.afterAsOf).toBe(1);
  });
  it('{ days: 1 } is asOf alone; since includes its own day', () => {
    expect(markersOf([ev(DRUG, asOf)], { marker: 'd', rule: { code: 'DRUG_COD', within: { days: 1 } } })).toEqual(['d']);
    expect(markersOf([ev(DRUG, '2025-03-30')], { marker: 'd', rule: { code: 'DRUG_COD', within: { days: 1 } } })).toEqual([]);
    expect(markersOf([ev(DRUG, '2006-04-01')], { marker: 's', rule: { code: 'DRUG_COD', within: { since: '2006-04-01' } } })).toEqual(['s']);
    expect(markersOf([ev(DRUG, '2006-03-31')], { marker: 's', rule: { code: 'DRUG_COD', within: { since: '2006-04-01' } } })).toEqual([]);
  });
});

describe('diagnosed and not resolved', () => {
  it('a code and its resolution on the same day: resolved, unless sameDay says holds', () => {
    expect(markersOf([ev(DM, '2020-01-01'), ev(DMRES, '2020-01-01')], diabetes)).toEqual([]);
    const lenient: RegisterSpec = { marker: 'x', rule: { latest: 'DM_COD', laterThan: 'DMRES_COD', sameDay: 'holds' } };
    expect(markersOf([ev(DM, '2020-01-01'), ev(DMRES, '2020-01-01')], lenient)).toEqual(['x']);
  });
  it('dates the episode from its first code after the last resolution, or from its latest code', () => {
    const history = [ev(DM, '2010-01-01'), ev(DMRES, '2012-01-01'), ev(DM, '2015-06-01'), ev(DM, '2018-02-03')];
    expect(markersOf(history, diabetes)).toEqual([{ id: 'ltc-diabetes', from: '2015-06-01' }]);
    expect(markersOf(history, { ...diabetes, episode: { from: 'latest', codelist: 'DM_COD', endedBy: 'DMRES_COD' } })).toEqual([{ id: 'ltc-diabetes', from: '2018-02-03' }]);
  });
  it('an episode a resolution ended is given with its end, the day before the resolution', () => {
    const history = [ev(DM, '2010-01-01'), ev(DMRES, '2012-01-01'), ev(DM, '2015-06-01'), ev(DMRES, '2020-03-01')];
    const derived = deriveMarkers(history, [diabetes], { asOf, people, codelists });
    expect(derived.people[0]?.markers).toEqual([{ id: 'ltc-diabetes', from: '2015-06-01', to: '2020-02-29' }]);
    expect(derived.people[0]?.reasons[0]).toMatchObject({ state: 'ended', evidence: [{ codelist: 'DMRES_COD', code: DMRES, date: '2020-03-01' }] });
    expect(derived.registers).toEqual([{ marker: 'ltc-diabetes', people: 0, ended: 1 }]);
  });
  it('the day of the 17th birthday is on the register; the day before is not', () => {
    const young = [{ id: 'p', birthDate: '2008-03-31' }];
    expect(markersOf([ev(DM, '2020-01-01')], diabetes, asOf, young)).toEqual([{ id: 'ltc-diabetes', from: '2020-01-01' }]);
    expect(markersOf([ev(DM, '2020-01-01')], diabetes, '2025-03-30', young)).toEqual([]);
  });
  it('says which code on which date decided', () => {
    const derived = deriveMarkers([ev(DM, '2019-03-02')], [diabetes], { asOf, people, codelists });
    expect(derived.people[0]?.reasons).toEqual([
      { marker: 'ltc-diabetes', state: 'on', evidence: [{ codelist: 'DM_COD', code: DM, date: '2019-03-02' }], text: `aged 64 (at least 17) and latest DM_COD ${DM} on 2019-03-02, no DMRES_COD` },
    ]);
  });
});

describe('counts, values and scores', () => {
  it('counts events or distinct days', () => {
    const twice = [ev(DRUG, '2025-01-01'), ev(DRUG, '2025-01-01')];
    expect(markersOf(twice, { marker: 'c', rule: { count: 'DRUG_COD', atLeast: 2 } })).toEqual(['c']);
    expect(markersOf(twice, { marker: 'c', rule: { count: 'DRUG_COD', atLeast: 2, distinct: 'days' } })).toEqual([]);
    const forms = [ev('F00.1', '2025-01-01'), ev('f001', '2025-01-02'), ev('R29X', '2025-01-03')];
    expect(markersOf(forms, { marker: 'c', rule: { count: 'HOSP', atLeast: 2, distinct: 'codes' } })).toEqual(['c']);
    expect(markersOf(forms, { marker: 'c', rule: { count: 'HOSP', atLeast: 3, distinct: 'codes' } })).toEqual([]);
  });
  it('reads the latest value, the highest of that day unless told the lowest, and ignores events without one', () => {
    const values = [ev(VALUE, '2024-01-01', 10), ev(VALUE, '2025-01-01', 55), ev(VALUE, '2025-01-01', 65), ev(VALUE, '2025-02-01')];
    expect(markersOf(values, { marker: 'v', rule: { value: 'VAL_COD', below: 60 } })).toEqual([]);
    expect(markersOf(values, { marker: 'v', rule: { value: 'VAL_COD', below: 60, sameDay: 'lowest' } })).toEqual(['v']);
    expect(markersOf(values, { marker: 'v', rule: { value: 'VAL_COD', pick: 'earliest', atMost: 10 } })).toEqual(['v']);
  });
  it('a score is exact at its cut-offs: 9 deficits of 36 is 0.25, above 0.24', () => {
    const deficits = (n: number) => Array.from({ length: 36 }, (_, i) => ({ rule: i < n ? { ageAtLeast: 0 } : { ageBelow: 0 }, weight: '1' }));
    const moderate = (n: number): RegisterSpec => ({ marker: 'm', rule: { score: deficits(n), divisor: '36', above: '0.24', atMost: '0.36' } });
    expect(markersOf([], moderate(8))).toEqual([]);
    expect(markersOf([], moderate(9))).toEqual(['m']);
    expect(markersOf([], moderate(12))).toEqual(['m']);
    expect(markersOf([], moderate(13))).toEqual([]);
  });
  it('a weighted score sums exactly: 7.1 + 3.6 = 10.7, and reports it', () => {
    const hfrs: RegisterSpec = { marker: 'h', rule: { score: [{ rule: { code: 'HOSP' }, weight: '7.1', label: 'dementia' }, { rule: { count: 'HOSP', atLeast: 2 }, weight: '3.6' }], atLeast: '10.7' } };
    const derived = deriveMarkers([ev('F00.1', '2024-01-01'), ev('R29X', '2024-02-01')], [hfrs], { asOf, people, codelists });
    expect(derived.people[0]?.markers).toEqual(['h']);
    expect(derived.people[0]?.reasons[0]?.score).toBe('10.7');
  });
});

describe('every event and person accounted for', () => {
  it('counts unknown people, rejected people, codes in no codelist and malformed events, and lists them', () => {
    const events = [ev(DM, '2020-01-01'), { personId: 'nobody', code: DM, date: '2020-01-01' }, { personId: 'dup', code: DM, date: '2020-01-01' }, ev('123', '2020-01-01'), ev('123', '2020-01-02'), { personId: 'p', code: DM, date: '2020-02-30' }];
    const who = [...people, { id: 'dup', birthDate: '1950-01-01' }, { id: 'dup', birthDate: '1951-01-01' }, { id: 'bad', birthDate: 'yesterday' }];
    const derived = deriveMarkers(events, [diabetes], { asOf, people: who, codelists });
    expect(derived.events).toEqual({ total: 6, read: 1, afterAsOf: 0, noCodelist: 2, unknownPerson: 1, rejectedPerson: 1, malformed: 1 });
    expect(derived.unmatchedCodes).toEqual([{ code: '123', events: 2 }]);
    expect(derived.reportedEvents.map((r) => [r.index, r.kind])).toEqual([[1, 'unknown-person'], [2, 'rejected-person'], [5, 'malformed']]);
    expect(derived.reportedEvents[2]?.path).toEqual(['date']);
    expect(derived.rejectedPeople.map((r) => [r.index, r.reason])).toEqual([[1, 'duplicate-id'], [2, 'duplicate-id'], [3, 'invalid-record']]);
    expect(derived.people.map((p) => p.personId)).toEqual(['p']);
  });
  it('reads people one by one, so that a population of millions is not held to the options\' limits', () => {
    const many = Array.from({ length: 1_200_000 }, (_, i) => ({ id: `p${i}`, birthDate: '1950-01-01', markers: [] }));
    const derived = deriveMarkers([], [{ marker: 'older', rule: { ageAtLeast: 70 } }], { asOf, people: many, codelists });
    expect(derived.registers[0]?.people).toBe(1_200_000);
  });
  it('a person whose row cannot be read is rejected, not thrown', () => {
    const who: unknown[] = [{ id: 'a', birthDate: '1950-01-01' }];
    Object.defineProperty(who, 1, { get: () => { throw new Error('unreadable'); }, enumerable: true });
    const derived = deriveMarkers([], [diabetes], { asOf, people: who, codelists });
    expect(derived.rejectedPeople).toEqual([{ index: 1, reason: 'invalid-record', message: 'Could not be read: unreadable' }]);
    expect(refusalOf(() => deriveMarkers([], [diabetes], { asOf, people: 'everyone' as never, codelists }), PhmValidationError).issues[0]?.path).toEqual(['people']);
  });
  it('refuses a register that reads a codelist not given, naming both', () => {
    const error = refusalOf(() => deriveMarkers([], [{ marker: 'x', rule: { code: 'NOPE_COD' } }], { asOf, people, codelists }), PhmValidationError);
    expect(error.message).toContain("Register 'x' reads codelist NOPE_COD");
    expect(error.issues[0]?.path).toEqual(['registers', 0]);
  });
  it('refuses two registers for one marker', () => {
    const error = refusalOf(() => deriveMarkers([], [diabetes, diabetes], { asOf, people, codelists }), PhmValidationError);
    expect(error.issues[0]?.path).toEqual(['registers', 1, 'marker']);
  });
});

describe('defineRegister', () => {
  it('names the path of a misspelt key, a bad window and a codelist compared with itself', () => {
    expect(refusalOf(() => defineRegister({ marker: 'x', rule: { all: [{ latest: 'A', after: 'B' } as never] } }), PhmModelError).issues[0]?.path).toEqual(['rule', 'all', 0]);
    expect(refusalOf(() => defineRegister({ marker: 'x', rule: { code: 'A', within: { weeks: 2 } as never } }), PhmModelError).issues[0]?.path).toEqual(['rule', 'within']);
    expect(refusalOf(() => defineRegister({ marker: 'x', rule: { latest: 'A', laterThan: ['B', 'A'] } }), PhmModelError).issues[0]?.path).toEqual(['rule', 'laterThan']);
  });
  it('refuses a rule nested too deep before reading it recursively', () => {
    let rule: object = { code: 'A' };
    for (let i = 0; i < 200; i++) rule = { not: rule };
    expect(refusalOf(() => defineRegister({ marker: 'x', rule: rule as never }), PhmModelError).message).toContain('nest at most');
  });
  it('lists the codelists it reads, once each, and is frozen', () => {
    const r = defineRegister(diabetes);
    expect(r.codelists).toEqual(['DM_COD', 'DMRES_COD']);
    expect(Object.isFrozen(r.rule)).toBe(true);
    expect(defineRegister(r)).toBe(r);
  });
});

describe('withDerivedMarkers', () => {
  it('replaces a person\'s own entries for the registers\' markers, unless told to keep them, without changing the input', () => {
    const own = [{ id: 'p', birthDate: '1960-05-01', markers: ['ltc-diabetes', 'ltc-copd'] }];
    const derived = deriveMarkers([ev(DM, '2019-03-02')], [diabetes], { asOf, people: own, codelists });
    expect(withDerivedMarkers(own, derived)[0]?.markers).toEqual(['ltc-copd', { id: 'ltc-diabetes', from: '2019-03-02' }]);
    expect(withDerivedMarkers(own, derived, { keep: true })[0]?.markers).toEqual(['ltc-diabetes', 'ltc-copd', { id: 'ltc-diabetes', from: '2019-03-02' }]);
    expect(own[0]?.markers).toEqual(['ltc-diabetes', 'ltc-copd']);
  });
});
