/**
 * The reasons deriveMarkers gives, rule by rule: the events shown (the same whatever order the
 * events came in: on a tie of dates the lower code, then the higher value), the words of every
 * rule inside a `not`, the first term of an `any` that holds, and a score's items. Written for
 * mutants of the derive part that survived, and for the order fault they showed: on a tie the
 * evidence was whichever event came first.
 */
import { describe, expect, it } from 'vitest';
import { defineCodelist, deriveMarkers, type RegisterSpec } from 'phm-kit/registers';

const codelists = [
  defineCodelist({ name: 'A', system: 'icd10', codes: ['E10', 'E11', 'E12'] }),
  defineCodelist({ name: 'B', system: 'icd10', codes: ['I10'] }),
  defineCodelist({ name: 'END1', system: 'icd10', codes: ['Z11', 'Z12'] }),
  defineCodelist({ name: 'END2', system: 'icd10', codes: ['Z22'] }),
];
const asOf = '2025-03-31';
const people = [{ id: 'p', birthDate: '1950-01-01' }];
type Event = { personId: string; code: string; date: string; value?: number };
const ev = (code: string, date: string, value?: number): Event => ({ personId: 'p', code, date, ...(value === undefined ? {} : { value }) });
const reasonOf = (events: readonly object[], rule: RegisterSpec['rule'], episode?: RegisterSpec['episode']) =>
  deriveMarkers(events, [{ marker: 'x', rule, ...(episode === undefined ? {} : { episode }) }], { asOf, people, codelists }).people[0]?.reasons[0];
const textOf = (events: readonly object[], rule: RegisterSpec['rule']) => reasonOf(events, rule)?.text;

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** The reason is the same for every order of the events. */
function sameInEveryOrder(events: readonly Event[], rule: RegisterSpec['rule'], episode?: RegisterSpec['episode']) {
  const all = permutations(events).map((order) => reasonOf(order, rule, episode));
  for (const r of all) expect(r).toStrictEqual(all[0]);
  return all[0];
}

describe('on a tie of dates, the evidence is the same whatever the order of the events', () => {
  const day = '2020-01-01';
  const tied = [ev('E12', day, 5), ev('E10', day, 3), ev('E10', day, 7), ev('E11', day), ev('E10', '2019-01-01', 9)];
  it('a code, a count and a latest: the lowest code, then the highest value', () => {
    const shown = { codelist: 'A', code: 'E10', date: day, value: 7 };
    expect(sameInEveryOrder(tied, { code: 'A' })?.evidence).toStrictEqual([shown]);
    expect(sameInEveryOrder(tied, { count: 'A', atLeast: 2 })?.evidence).toStrictEqual([shown]);
    expect(sameInEveryOrder(tied, { latest: 'A', laterThan: 'B' })?.evidence).toStrictEqual([shown]);
  });
  it('an event with a value is shown before one of the same code without', () => {
    expect(sameInEveryOrder([ev('E11', day), ev('E11', day, 1)], { code: 'A' })?.evidence).toStrictEqual([{ codelist: 'A', code: 'E11', date: day, value: 1 }]);
  });
  it('an event without a value is shown without one', () => {
    const [e] = sameInEveryOrder([ev('E11', day), ev('E12', day)], { code: 'A' })?.evidence ?? [];
    expect(e).toStrictEqual({ codelist: 'A', code: 'E11', date: day });
    expect(e).not.toHaveProperty('value');
  });
  it('a value: the latest (or earliest) day, the highest (or lowest) value, then the lowest code', () => {
    const values = [ev('E12', day, 5), ev('E11', day, 5), ev('E10', day, 3), ev('E10', '2019-01-01', 4), ev('E11', '2019-01-01', 8)];
    expect(sameInEveryOrder(values, { value: 'A', atLeast: 0 })?.evidence).toStrictEqual([{ codelist: 'A', code: 'E11', date: day, value: 5 }]);
    expect(sameInEveryOrder(values, { value: 'A', atLeast: 0, sameDay: 'lowest' })?.evidence).toStrictEqual([{ codelist: 'A', code: 'E10', date: day, value: 3 }]);
    expect(sameInEveryOrder(values, { value: 'A', atLeast: 0, pick: 'earliest' })?.evidence).toStrictEqual([{ codelist: 'A', code: 'E11', date: '2019-01-01', value: 8 }]);
    expect(sameInEveryOrder(values, { value: 'A', atLeast: 0, pick: 'earliest', sameDay: 'lowest' })?.evidence).toStrictEqual([{ codelist: 'A', code: 'E10', date: '2019-01-01', value: 4 }]);
  });
  it('an ended episode: the first ending codelist of the register with a code that day, and its lowest code', () => {
    const history = [ev('E10', '2018-01-01'), ev('Z12', day), ev('Z22', day), ev('Z11', day)];
    const reason = sameInEveryOrder(history, { latest: 'A', laterThan: ['END2', 'END1'] }, { from: 'first', codelist: 'A', endedBy: ['END2', 'END1'] });
    expect(reason).toStrictEqual({ marker: 'x', state: 'ended', evidence: [{ codelist: 'END2', code: 'Z22', date: day }], text: `episode from 2018-01-01 ended by END2 Z22 on ${day}` });
    const other = sameInEveryOrder(history, { latest: 'A', laterThan: ['END1', 'END2'] }, { from: 'first', codelist: 'A', endedBy: ['END1', 'END2'] });
    expect(other?.evidence).toStrictEqual([{ codelist: 'END1', code: 'Z11', date: day }]);
  });
});

describe('the words of each rule', () => {
  const history = [ev('E11', '2021-06-01'), ev('I10', '2020-02-01'), ev('E10', '2024-12-01', 48)];
  it('a code shows its latest event in the window; a latest names what it is later than, or that there is none', () => {
    expect(reasonOf(history, { code: 'A', within: { months: 6 } })).toStrictEqual({ marker: 'x', state: 'on', evidence: [{ codelist: 'A', code: 'E10', date: '2024-12-01', value: 48 }], text: 'A E10 on 2024-12-01 (value 48) (in the last 6 months)' });
    expect(textOf(history, { latest: 'A', laterThan: ['B', 'END1'] })).toBe('latest A E10 on 2024-12-01 (value 48), later than B, END1 on 2020-02-01');
    expect(textOf(history, { latest: 'A', laterThan: ['END1', 'END2'] })).toBe('latest A E10 on 2024-12-01 (value 48), no END1, END2');
  });
  it('ages', () => {
    expect(reasonOf([], { ageBelow: 80 })).toStrictEqual({ marker: 'x', state: 'on', evidence: [], text: 'aged 75 (under 80)' });
    expect(reasonOf([], { ageAtLeast: 75 })).toStrictEqual({ marker: 'x', state: 'on', evidence: [], text: 'aged 75 (at least 75)' });
  });
  it('a count and a value show the event they read', () => {
    expect(reasonOf(history, { count: 'A', atLeast: 2 })?.evidence).toStrictEqual([{ codelist: 'A', code: 'E10', date: '2024-12-01', value: 48 }]);
    expect(reasonOf(history, { value: 'A', below: 50 })?.evidence).toStrictEqual([{ codelist: 'A', code: 'E10', date: '2024-12-01', value: 48 }]);
  });
  it('an any tells the first of its terms that holds; an all tells them all', () => {
    expect(textOf(history, { any: [{ code: 'END1' }, { ageBelow: 80 }, { code: 'B' }] })).toBe('aged 75 (under 80)');
    expect(reasonOf(history, { all: [{ code: 'B' }, { ageBelow: 80 }] })).toStrictEqual({
      marker: 'x',
      state: 'on',
      evidence: [{ codelist: 'B', code: 'I10', date: '2020-02-01' }],
      text: 'B I10 on 2020-02-01 (ever) and aged 75 (under 80)',
    });
  });
  it('a not shows no events, and says what did not hold in a few words, lists inside lists bracketed', () => {
    const not = (rule: RegisterSpec['rule']) => reasonOf([], { not: rule });
    expect(not({ code: 'A', within: { months: 12 } })).toStrictEqual({ marker: 'x', state: 'on', evidence: [], text: 'not (A in the last 12 months)' });
    expect(not({ latest: 'A', laterThan: ['B', 'END1'] })?.text).toBe('not (latest A later than B, END1)');
    expect(not({ count: 'A', atLeast: 2 })?.text).toBe('not (at least 2 A events ever)');
    expect(not({ count: 'A', atLeast: 2, distinct: 'days', within: { days: 30 } })?.text).toBe('not (at least 2 A days in the last 30 days)');
    expect(not({ count: 'A', atLeast: 3, distinct: 'codes' })?.text).toBe('not (at least 3 A codes ever)');
    expect(not({ value: 'A', below: 60, atLeast: 1 })?.text).toBe('not (latest value of A ever, at least 1 and below 60)');
    expect(not({ value: 'A', above: 6, pick: 'earliest', within: { months: 3 } })?.text).toBe('not (earliest value of A in the last 3 months, above 6)');
    expect(not({ score: [{ rule: { code: 'A' }, weight: '1' }], atLeast: '1' })?.text).toBe('not (a score)');
    expect(not({ ageAtLeast: 80 })?.text).toBe('not (aged 80 or over)');
    expect(reasonOf([], { ageBelow: 80 })?.text).toBe('aged 75 (under 80)');
    expect(not({ ageBelow: 70 })?.text).toBe('not (aged under 70)');
    expect(not({ not: { ageBelow: 80 } })?.text).toBe('not (not aged under 80)');
    expect(not({ any: [{ code: 'A' }, { all: [{ ageAtLeast: 80 }, { code: 'B' }] }] })?.text).toBe('not (A ever or (aged 80 or over and B ever))');
    expect(not({ all: [{ any: [{ code: 'A' }, { code: 'B' }] }, { ageAtLeast: 80 }] })?.text).toBe('not ((A ever or B ever) and aged 80 or over)');
  });
  it('a score names the items that held, by label or by their own words, and shows their events', () => {
    const score = (cut: object) => ({ score: [{ rule: { code: 'A' }, weight: '1.5', label: 'diabetes' }, { rule: { code: 'B' }, weight: '2' }, { rule: { code: 'END1' }, weight: '4' }], ...cut }) as RegisterSpec['rule'];
    expect(reasonOf(history, score({ atLeast: '3' }))).toStrictEqual({
      marker: 'x',
      state: 'on',
      evidence: [{ codelist: 'A', code: 'E10', date: '2024-12-01', value: 48 }, { codelist: 'B', code: 'I10', date: '2020-02-01' }],
      text: 'score 3.5 from 2 items (diabetes; B I10 on 2020-02-01 (ever))',
      score: '3.5',
    });
    expect(textOf([ev('I10', '2020-02-01')], score({ atLeast: '1' }))).toBe('score 2 from 1 item (B I10 on 2020-02-01 (ever))');
    expect(textOf([], { score: [{ rule: { code: 'A' }, weight: '1' }], below: '1' })).toBe('score 0 from 0 items ()');
  });
  it('a score below a cut-off: strictly below it', () => {
    const rule = (below: string) => ({ score: [{ rule: { code: 'A' }, weight: '1' }, { rule: { code: 'B' }, weight: '1' }], below }) as RegisterSpec['rule'];
    expect(reasonOf(history, rule('2'))).toBeUndefined();
    expect(reasonOf(history, rule('2.000001'))?.score).toBe('2');
    expect(reasonOf([ev('I10', '2020-02-01')], rule('2'))?.score).toBe('1');
  });
  it('a rule holding a score reports it; a rule without one has no score', () => {
    expect(reasonOf(history, { all: [{ ageAtLeast: 60 }, { score: [{ rule: { code: 'B' }, weight: '2' }], atLeast: '1' }] })?.score).toBe('2');
    expect(reasonOf(history, { any: [{ ageAtLeast: 60 }, { score: [{ rule: { code: 'B' }, weight: '2' }], atLeast: '1' }] })?.score).toBe('2');
    expect(reasonOf(history, { all: [{ ageAtLeast: 60 }, { code: 'B' }] })).not.toHaveProperty('score');
  });
});

describe('windows at their first day', () => {
  const start = '2025-01-01'; // the first day of { days: 90 } on 2025-03-31
  it('a count of codes and of events, and a value, read an event on the window\'s first day', () => {
    const events = [ev('E10', start, 1), ev('E11', start, 2)];
    expect(reasonOf(events, { count: 'A', atLeast: 2, distinct: 'codes', within: { days: 90 } })?.text).toBe('2 A codes in the last 90 days (at least 2), the latest A E10 on 2025-01-01 (value 1)');
    expect(reasonOf(events, { count: 'A', atLeast: 2, within: { days: 90 } })).toBeDefined();
    expect(reasonOf(events, { count: 'A', atLeast: 1, within: { days: 89 } })).toBeUndefined();
    expect(reasonOf(events, { value: 'A', atLeast: 2, within: { days: 90 } })?.evidence).toStrictEqual([{ codelist: 'A', code: 'E11', date: start, value: 2 }]);
    expect(reasonOf(events, { value: 'A', atLeast: 0, within: { days: 89 } })).toBeUndefined();
  });
});

describe('matching codes to codelists', () => {
  it('a code in several codelists, exact or by prefix, is filed in each', () => {
    const lists = [
      defineCodelist({ name: 'P', system: 'icd10', codes: ['E11'] }),
      defineCodelist({ name: 'Q', system: 'icd10', codes: ['E11', 'I10'] }),
      defineCodelist({ name: 'R', system: 'icd10', codes: ['E11'], match: 'prefix' }),
      defineCodelist({ name: 'S', system: 'icd10', codes: ['E11', 'I10'], match: 'prefix' }),
    ];
    const registers = ['P', 'Q', 'R', 'S'].map((name) => ({ marker: name.toLowerCase(), rule: { code: name } }));
    const derived = deriveMarkers([ev('E11', '2020-01-01')], registers, { asOf, people, codelists: lists });
    expect(derived.people[0]?.markers).toEqual(['p', 'q', 'r', 's']);
    expect(derived.events).toMatchObject({ total: 1, read: 1 });
  });
  it('prefixes of several lengths are all tried, whatever order the codelist lists them in', () => {
    const lists = [defineCodelist({ name: 'P', system: 'icd10', codes: ['E1123', 'I10'], match: 'prefix' })];
    const derive = (code: string) => deriveMarkers([ev(code, '2020-01-01')], [{ marker: 'p', rule: { code: 'P' } }], { asOf, people, codelists: lists }).people[0]?.markers;
    expect(derive('I109')).toEqual(['p']);
    expect(derive('E1123')).toEqual(['p']);
    expect(derive('E112')).toEqual([]);
  });
});
