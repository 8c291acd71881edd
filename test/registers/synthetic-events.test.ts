/**
 * syntheticEvents person by person: the codes behind each marker (a diagnosis on the marker's
 * date, a resolution the day after an ended one, a recent drug, a second code), determinism by
 * seed, and the refusal of people it cannot read. Called inside the tests, so that mutation
 * testing sees which test reaches which line.
 */
import { describe, expect, it } from 'vitest';
import { EFI_DEFICITS, HFRS_POINTS, PhmValidationError, syntheticCodelists, syntheticEvents } from 'phm-kit/registers';
import { syntheticPopulation } from 'phm-kit/segmentation';
import { refusalOf } from '../support/issues.js';

const asOf = '2025-03-31';
const lists = syntheticCodelists();
/** The codelist a synthetic code belongs to (each is in exactly one). */
const later = (a: string, b: string) => (a > b ? a : b);
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
  it('keeps a marker dated on asOf or on the birth date, and resolves an episode ended on its first day, not one ended on asOf', () => {
    expect(codedFor([{ id: 'ltc-copd', from: asOf }])).toStrictEqual([{ list: 'COPD_COD', date: asOf }]);
    expect(codedFor([{ id: 'ltc-copd', from: '2000-05-05' }], '2000-05-05')).toStrictEqual([{ list: 'COPD_COD', date: '2000-05-05' }]);
    expect(codedFor([{ id: 'ltc-diabetes', from: '2015-06-01', to: '2015-06-01' }])).toStrictEqual([{ list: 'DM_COD', date: '2015-06-01' }, { list: 'DMRES_COD', date: '2015-06-02' }]);
    expect(codedFor([{ id: 'ltc-diabetes', from: '2015-06-01', to: asOf }])).toStrictEqual([{ list: 'DM_COD', date: '2015-06-01' }]);
    expect(codedFor([{ id: 'ltc-diabetes', from: '2015-06-01', to: '2025-03-30' }])).toStrictEqual([{ list: 'DM_COD', date: '2015-06-01' }, { list: 'DMRES_COD', date: asOf }]);
    // Born on asOf: the only day there is.
    expect(codedFor(['ltc-copd'], asOf)).toStrictEqual([{ list: 'COPD_COD', date: asOf }]);
  });

  it('spreads undated markers over the years before asOf, and writes no value', () => {
    const people = Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, birthDate: '1950-01-01', markers: ['ltc-copd'] }));
    const { events } = syntheticEvents({ people, seed: 6, asOf, noise: 0 });
    const dates = new Set(events.map((e) => e.date));
    expect(dates.size).toBeGreaterThan(30);
    for (const d of dates) expect(d >= '2005-04-04' && d <= asOf).toBe(true);
    expect(events.every((e) => !Object.hasOwn(e, 'value'))).toBe(true);
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

describe('syntheticEvents noise', () => {
  const daysBefore = (days: number) => new Date(Date.parse(asOf) - days * 86_400_000).toISOString().slice(0, 10);
  const daysAfter = (days: number) => daysBefore(-days);
  const within = (date: string, from: string, to: string) => date >= from && date <= to;
  /** Markerless people, one round of noise each: `old` born in 1950, `young` in 1990, `infant` weeks before asOf. */
  const noisy = () => {
    const people = [
      ...Array.from({ length: 3000 }, (_, i) => ({ id: `old${i}`, birthDate: '1950-06-01', markers: [] })),
      ...Array.from({ length: 1000 }, (_, i) => ({ id: `young${i}`, birthDate: '1990-06-01', markers: [] })),
      ...Array.from({ length: 300 }, (_, i) => ({ id: `infant${i}`, birthDate: '2025-02-01', markers: [] })),
    ];
    const byPerson = new Map<string, { list: string; code: string; date: string }[]>();
    for (const e of syntheticEvents({ people, seed: 5, asOf }).events) {
      const list = byPerson.get(e.personId) ?? [];
      list.push({ list: listOf(e.code), code: e.code, date: e.date });
      byPerson.set(e.personId, list);
    }
    return byPerson;
  };
  const share = (byPerson: ReturnType<typeof noisy>, prefix: string, has: (events: { list: string; code: string }[]) => boolean) => {
    const ids = [...byPerson.keys()].filter((id) => id.startsWith(prefix));
    const total = prefix === 'old' ? 3000 : prefix === 'young' ? 1000 : 300;
    expect(ids.length).toBeLessThanOrEqual(total);
    return ids.filter((id) => has(byPerson.get(id) ?? [])).length / total;
  };

  it('resolves each noise diabetes diagnosis on or after it, both in the years before asOf', () => {
    const byPerson = noisy();
    let seen = 0;
    for (const [id, events] of byPerson) {
      const dm = events.filter((e) => e.list === 'DM_COD');
      const res = events.filter((e) => e.list === 'DMRES_COD');
      expect(res.length).toBe(dm.length);
      if (dm.length === 0) continue;
      seen++;
      expect(dm.length).toBe(1);
      const [d, r] = [dm[0]?.date ?? '', res[0]?.date ?? ''];
      expect(r >= d && r <= daysBefore(1), `${d} ${r}`).toBe(true);
      // An infant's diagnosis falls on their birth date, the earliest a code may be.
      expect(id.startsWith('infant') ? d === '2025-02-01' : within(d, daysBefore(4000), daysBefore(400)), `${id} ${d}`).toBe(true);
    }
    expect(seen / 4300).toBeGreaterThan(0.015);
    expect(seen / 4300).toBeLessThan(0.045);
  });

  it('gives noise asthma only an old drug, 400 to 790 days back, so that no register takes it', () => {
    const byPerson = noisy();
    const adults = [...byPerson.entries()].filter(([id]) => !id.startsWith('infant'));
    let seen = 0;
    for (const [, events] of adults) {
      const ast = events.filter((e) => e.list === 'AST_COD');
      const drug = events.filter((e) => e.list === 'ASTTRT_COD');
      expect(drug.length).toBe(ast.length);
      if (ast.length === 0) continue;
      seen++;
      expect(within(ast[0]?.date ?? '', daysBefore(6000), daysBefore(800))).toBe(true);
      expect(within(drug[0]?.date ?? '', daysBefore(790), daysBefore(400))).toBe(true);
    }
    expect(seen / 4000).toBeGreaterThan(0.025);
    expect(seen / 4000).toBeLessThan(0.055);
  });

  it('adds one to three codes in no codelist to about three in ten people, within 3000 days', () => {
    const byPerson = noisy();
    for (const events of byPerson.values()) {
      const unlisted = events.filter((e) => e.list === 'none' && /^\d+$/.test(e.code));
      expect(unlisted.length).toBeLessThanOrEqual(3);
      for (const e of unlisted) expect(within(e.date, daysBefore(3000), asOf)).toBe(true);
    }
    const rate = share(byPerson, 'young', (events) => events.some((e) => e.list === 'none' && /^\d+$/.test(e.code)));
    expect(rate).toBeGreaterThan(0.24);
    expect(rate).toBeLessThan(0.36);
    const counts = new Set([...byPerson.values()].map((events) => events.filter((e) => e.list === 'none' && /^\d+$/.test(e.code)).length));
    expect([...counts].sort()).toEqual([0, 1, 2, 3]);
  });

  it('dates noise hypertension after asOf, within 60 days', () => {
    const byPerson = noisy();
    const hyp = [...byPerson.values()].flatMap((events) => events.filter((e) => e.list === 'HYP_COD'));
    for (const e of hyp) expect(within(e.date, daysAfter(1), daysAfter(60)), e.date).toBe(true);
    expect(hyp.length / 4300).toBeGreaterThan(0.01);
    expect(hyp.length / 4300).toBeLessThan(0.03);
  });

  it('adds one to four eFI deficits to about one person in seven, never before their birth', () => {
    const byPerson = noisy();
    const efi = new Set(EFI_DEFICITS.map((d) => d.codelist));
    const counts = new Set<number>();
    for (const [id, events] of byPerson) {
      const deficits = events.filter((e) => efi.has(e.list));
      counts.add(deficits.length);
      const born = id.startsWith('old') ? '1950-06-01' : id.startsWith('young') ? '1990-06-01' : '2025-02-01';
      for (const e of deficits) expect(within(e.date, later(born, daysBefore(5000)), asOf), `${id} ${e.date}`).toBe(true);
    }
    expect([...counts].sort()).toEqual([0, 1, 2, 3, 4]);
    const rate = share(byPerson, 'old', (events) => events.some((e) => efi.has(e.list)));
    expect(rate).toBeGreaterThan(0.1);
    expect(rate).toBeLessThan(0.2);
    // Infants' noise falls between their birth and asOf.
    for (const [id, events] of byPerson) if (id.startsWith('infant')) for (const e of events) if (e.list !== 'HYP_COD') expect(within(e.date, '2025-02-01', asOf)).toBe(true);
  });

  it('writes hospital diagnoses as hospital data does, for people aged 65 and over only, within 900 days', () => {
    const byPerson = noisy();
    const categories = new Set(HFRS_POINTS.map((p) => p.code));
    const forms = new Set<string>();
    const counts = new Set<number>();
    for (const [id, events] of byPerson) {
      const hospital = events.filter((e) => /^[A-Z]/.test(e.code));
      if (!id.startsWith('old')) expect(hospital).toEqual([]);
      counts.add(hospital.length);
      for (const e of hospital) {
        const form = /^([A-Z]\d\d)(X|\.\d)$/.exec(e.code);
        expect(form !== null && categories.has(form[1] ?? ''), e.code).toBe(true);
        forms.add(form?.[2] === 'X' ? 'X' : 'dot');
        expect(within(e.date, daysBefore(900), asOf)).toBe(true);
      }
    }
    expect([...forms].sort()).toEqual(['X', 'dot']);
    expect(Math.max(...counts)).toBeLessThanOrEqual(6);
    expect(counts.has(6)).toBe(true);
    const rate = share(byPerson, 'old', (events) => events.some((e) => /^[A-Z]/.test(e.code)));
    expect(rate).toBeGreaterThan(0.1);
    expect(rate).toBeLessThan(0.2);
  });

  it('counts age 65 by the year of birth, and gives no noise diabetes or asthma to people who have them', () => {
    const cohort = (birthDate: string, markers: unknown[] = []) => Array.from({ length: 400 }, (_, i) => ({ id: `${birthDate}-${i}`, birthDate, markers }));
    const hospital = (people: ReturnType<typeof cohort>) => syntheticEvents({ people, seed: 2, asOf }).events.filter((e) => /^[A-Z]/.test(e.code)).length;
    expect(hospital(cohort('1960-12-31'))).toBeGreaterThan(0);
    expect(hospital(cohort('1961-01-01'))).toBe(0);
    const coded = syntheticEvents({ people: cohort('1950-01-01', [{ id: 'ltc-diabetes', from: '2010-01-01' }, { id: 'ltc-asthma', from: '2010-01-01' }]), seed: 2, asOf }).events.map((e) => listOf(e.code));
    expect(coded.filter((l) => l === 'DM_COD')).toHaveLength(400);
    expect(coded.filter((l) => l === 'DMRES_COD')).toHaveLength(0);
    expect(coded.filter((l) => l === 'AST_COD')).toHaveLength(400);
    expect(coded.filter((l) => l === 'ASTTRT_COD')).toHaveLength(400);
  });

  it('repeats its rounds of noise as asked', () => {
    const people = Array.from({ length: 500 }, (_, i) => ({ id: `p${i}`, birthDate: '1950-01-01', markers: [] }));
    const count = (noise: number) => syntheticEvents({ people, seed: 8, asOf, noise }).events.length;
    expect(count(0)).toBe(0);
    const one = count(1);
    expect(one).toBeGreaterThan(0);
    expect(count(4)).toBeGreaterThan(3 * one);
    expect(count(4)).toBeLessThan(5 * one);
  });
});
