/**
 * syntheticEvents person by person: the codes behind each marker (a diagnosis on the marker's
 * date, a resolution the day after an ended one, a recent drug, a second code), determinism by
 * seed, and the refusal of people it cannot read. Called inside the tests, so that mutation
 * testing sees which test reaches which line.
 */
import { describe, expect, it } from 'vitest';
import { PhmValidationError, syntheticCodelists, syntheticEvents } from 'phm-kit/registers';
import { syntheticPopulation } from 'phm-kit/segmentation';
import { refusalOf } from '../support/issues.js';

const asOf = '2025-03-31';
const lists = syntheticCodelists();
/** The codelist a synthetic code belongs to (each is in exactly one). */
const listOf = (code: string) => lists.filter((l) => l.codes.includes(code)).map((l) => l.name).join('|') || 'none';
const codedFor = (markers: unknown[], birthDate = '1950-01-01') =>
  syntheticEvents({ people: [{ id: 'p', birthDate, markers }], seed: 3, asOf, noise: 0 }).events.map((e) => ({ list: listOf(e.code), date: e.date, ...(e.value === undefined ? {} : { value: e.value }) }));

describe('syntheticEvents', () => {
  it('backs a dated marker with its code on that date, and an ended one with its resolution the day after', () => {
    expect(codedFor([{ id: 'ltc-copd', from: '2015-06-01' }])).toStrictEqual([{ list: 'COPD_COD', date: '2015-06-01' }]);
    expect(codedFor([{ id: 'ltc-diabetes', from: '2015-06-01', to: '2020-02-29' }])).toStrictEqual([{ list: 'DM_COD', date: '2015-06-01' }, { list: 'DMRES_COD', date: '2020-03-01' }]);
    // No resolution cluster for CHD: the ended marker gets its diagnosis only.
    expect(codedFor([{ id: 'ltc-chd', from: '2015-06-01', to: '2020-02-29' }])).toStrictEqual([{ list: 'CHD_COD', date: '2015-06-01' }]);
  });
  it('adds the recent drug a register needs, and the second code osteoporosis reads', () => {
    const asthma = codedFor([{ id: 'ltc-asthma', from: '2010-01-01' }]);
    expect(asthma.map((e) => e.list)).toEqual(['AST_COD', 'ASTTRT_COD']);
    const drug = asthma[1]?.date ?? '';
    expect(drug >= '2024-05-05' && drug <= asOf).toBe(true);
    expect(codedFor([{ id: 'ltc-osteoporosis', from: '2016-01-01' }]).map((e) => e.list)).toEqual(['FF_COD', 'OSTEO_COD', 'DXA_COD']);
  });
  it('dates an undated marker, or one dated outside the person\'s life or the rule\'s start, between them and asOf', () => {
    for (const marker of ['ltc-hypertension', { id: 'ltc-hypertension', from: '1900-01-01' }, { id: 'ltc-hypertension', from: '2030-01-01' }]) {
      const [e] = codedFor([marker], '2000-05-05');
      expect(e?.list).toBe('HYP_COD');
      expect(e !== undefined && e.date >= '2005-04-04' && e.date >= '2000-05-05' && e.date <= asOf, JSON.stringify(e)).toBe(true);
    }
    const [depression] = codedFor(['ltc-depression'], '1950-01-01');
    expect(depression !== undefined && depression.date >= '2006-04-01').toBe(true);
    // Born after asOf: the code falls on asOf.
    expect(codedFor(['ltc-copd'], '2026-01-01')).toStrictEqual([{ list: 'COPD_COD', date: asOf }]);
  });
  it('gives markers no register sets no codes, and refuses entries that are not markers', () => {
    expect(codedFor(['pregnancy', { id: 'b2h-organ-failure', from: '2020-01-01' }])).toStrictEqual([]);
    expect(refusalOf(() => codedFor([42]), PhmValidationError).issues[0]?.path).toEqual(['people', 0, 'markers', 0]);
  });
  it('is the same for the same seed, and adds noise only when asked', () => {
    const people = syntheticPopulation({ size: 300, seed: 4, asOf });
    const a = syntheticEvents({ people, seed: 9, asOf });
    expect(syntheticEvents({ people, seed: 9, asOf })).toStrictEqual(a);
    expect(syntheticEvents({ people, seed: 10, asOf }).events).not.toEqual(a.events);
    const quiet = syntheticEvents({ people, seed: 9, asOf, noise: 0 }).events.length;
    const loud = syntheticEvents({ people, seed: 9, asOf, noise: 3 }).events.length;
    expect(quiet).toBeLessThan(a.events.length);
    expect(loud).toBeGreaterThan(a.events.length);
    expect(a.codelists.map((l) => l.name)).toEqual(lists.map((l) => l.name));
  });
  it('refuses a person it cannot read, naming the row and the field', () => {
    const missing = refusalOf(() => syntheticEvents({ people: [{ id: 'p', birthDate: '1950-01-01', markers: [] }, { id: 'q', markers: [] } as never], seed: 1 }), PhmValidationError);
    expect(missing.issues[0]?.path).toEqual(['people', 1, 'birthDate']);
    expect(missing.message).toMatch(/^Invalid options: people\[1\]: /);
    const people: unknown[] = [];
    Object.defineProperty(people, 0, { get: () => { throw new Error('gone'); }, enumerable: true });
    const unreadable = refusalOf(() => syntheticEvents({ people: people as never, seed: 1 }), PhmValidationError);
    expect(unreadable.message).toBe('Invalid options: people[0]: Could not be read: gone');
    expect(unreadable.issues).toEqual([{ path: ['people', 0], message: 'Could not be read: gone' }]);
    const notAPerson = refusalOf(() => syntheticEvents({ people: ['x'] as never, seed: 1 }), PhmValidationError);
    expect(notAPerson.issues[0]?.path).toEqual(['people', 0]);
    expect(refusalOf(() => syntheticEvents({ people: [], seed: 1.5 }), PhmValidationError).issues[0]?.path).toEqual(['seed']);
  });
});
