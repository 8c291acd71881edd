/** The built-in registers on hand-made histories at their edges, and on synthetic events against the population they came from. */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_REGISTERS, createHfrsRegisters, defineCodelist, deriveMarkers, EFI_DEFICITS, FRAILTY_REGISTERS, HFRS_POINTS, hfrsCodelists, QOF_REGISTERS, syntheticCodelists, syntheticEvents, type RegisterSpec } from 'phm-kit/registers';
import { syntheticPopulation } from 'phm-kit/segmentation';
import { sctid } from './arbitraries.js';

const codelists = syntheticCodelists();
const codeOf = (name: string) => (codelists.find((c) => c.name === name)?.codes[0] as string);
const asOf = '2025-03-31';
const ev = (name: string, date: string, value?: number) => ({ personId: 'p', code: codeOf(name), date, ...(value === undefined ? {} : { value }) });
const qof = (marker: string) => QOF_REGISTERS.find((r) => r.marker === marker) as RegisterSpec;
const derive = (events: object[], registers: readonly RegisterSpec[], birthDate = '1950-06-15', on = asOf) => deriveMarkers(events, registers, { asOf: on, people: [{ id: 'p', birthDate }], codelists }).people[0];
/** The markers active on asOf: ended episodes (with a `to`) left out. */
const ids = (events: object[], registers: readonly RegisterSpec[], birthDate?: string, on?: string) => derive(events, registers, birthDate, on)?.markers.filter((m) => typeof m === 'string' || m.to === undefined).map((m) => (typeof m === 'string' ? m : m.id));

describe('QOF registers at their edges', () => {
  it('asthma: a drug issued exactly 12 months ago does not keep a person on the register; the next day does', () => {
    expect(ids([ev('AST_COD', '2010-01-01'), ev('ASTTRT_COD', '2024-03-31')], [qof('ltc-asthma')])).toEqual([]);
    expect(ids([ev('AST_COD', '2010-01-01'), ev('ASTTRT_COD', '2024-04-01')], [qof('ltc-asthma')])).toEqual(['ltc-asthma']);
  });
  it('diabetes: on the day of the 17th birthday, not the day before', () => {
    expect(ids([ev('DM_COD', '2020-01-01')], [qof('ltc-diabetes')], '2008-03-31')).toEqual(['ltc-diabetes']);
    expect(ids([ev('DM_COD', '2020-01-01')], [qof('ltc-diabetes')], '2008-04-01')).toEqual([]);
  });
  it('diabetes: a code and its resolution on the same day is resolved', () => {
    expect(ids([ev('DM_COD', '2020-01-01'), ev('DMRES_COD', '2020-01-01')], [qof('ltc-diabetes')])).toEqual([]);
  });
  it('CKD: a later stage 1-2 code takes a person off, a later stage 3-5 code puts them back', () => {
    expect(ids([ev('CKD_COD', '2020-01-01'), ev('CKD1AND2_COD', '2021-01-01')], [qof('ltc-ckd')])).toEqual([]);
    expect(ids([ev('CKD_COD', '2020-01-01'), ev('CKD1AND2_COD', '2021-01-01'), ev('CKD_COD', '2022-01-01')], [qof('ltc-ckd')])).toEqual(['ltc-ckd']);
  });
  it('epilepsy: needs a drug in the last 6 months and age 18', () => {
    expect(ids([ev('EPIL_COD', '2010-01-01'), ev('EPILDRUG_COD', '2024-10-01')], [qof('ltc-epilepsy')])).toEqual(['ltc-epilepsy']);
    expect(ids([ev('EPIL_COD', '2010-01-01'), ev('EPILDRUG_COD', '2024-09-30')], [qof('ltc-epilepsy')])).toEqual([]);
  });
  it('osteoporosis: at 75, a diagnosis and a fracture since April 2014; at 74, a fracture since April 2012 confirmed by DXA', () => {
    const osteo = ev('OSTEO_COD', '2019-01-01');
    expect(ids([osteo, ev('FF_COD', '2020-01-01')], [qof('ltc-osteoporosis')], '1950-03-31')).toEqual(['ltc-osteoporosis']);
    expect(ids([ev('FF_COD', '2020-01-01')], [qof('ltc-osteoporosis')], '1950-03-31')).toEqual([]);
    expect(ids([osteo, ev('FF_COD', '2014-03-31')], [qof('ltc-osteoporosis')], '1940-01-01')).toEqual([]);
    expect(ids([osteo, ev('FF_COD', '2020-01-01')], [qof('ltc-osteoporosis')], '1950-04-01')).toEqual([]);
    expect(ids([osteo, ev('FF_COD', '2012-04-01'), ev('DXA2_COD', '2020-02-01', -2.5)], [qof('ltc-osteoporosis')], '1950-04-01')).toEqual(['ltc-osteoporosis']);
    expect(ids([osteo, ev('FF_COD', '2012-04-01'), ev('DXA2_COD', '2020-02-01', -2.4)], [qof('ltc-osteoporosis')], '1950-04-01')).toEqual([]);
    expect(ids([osteo, ev('FF_COD', '2012-03-31'), ev('DXA_COD', '2020-02-01')], [qof('ltc-osteoporosis')], '1950-04-01')).toEqual([]);
  });
  it('learning disability: a removal code later than the latest diagnosis takes a person off', () => {
    expect(ids([ev('LD_COD', '2010-01-01'), ev('LDREM_COD', '2015-01-01')], [qof('learning-disability')])).toEqual([]);
    expect(ids([ev('LD_COD', '2010-01-01'), ev('LDREM_COD', '2015-01-01'), ev('LD_COD', '2016-01-01')], [qof('learning-disability')])).toEqual(['learning-disability']);
  });
  it('serious mental illness: remission does not take a person off; lithium alone puts them on', () => {
    expect(ids([ev('MH_COD', '2010-01-01'), ev('MHREM_COD', '2015-01-01')], [qof('serious-mental-illness')])).toEqual(['serious-mental-illness']);
    expect(ids([ev('LIT_COD', '2025-01-01')], [qof('serious-mental-illness')])).toEqual(['serious-mental-illness']);
    expect(ids([ev('LIT_COD', '2025-01-01'), ev('LITSTP_COD', '2025-02-01')], [qof('serious-mental-illness')])).toEqual([]);
  });
  it('palliative care: a "no longer indicated" code on the same day keeps a person on; a later one takes them off', () => {
    expect(ids([ev('PALCARE_COD', '2025-01-01'), ev('PALCARENI_COD', '2025-01-01')], [qof('end-of-life')])).toEqual(['end-of-life']);
    expect(derive([ev('PALCARE_COD', '2025-01-01'), ev('PALCARENI_COD', '2025-01-02')], [qof('end-of-life')])?.markers).toEqual([{ id: 'end-of-life', from: '2025-01-01', to: '2025-01-01' }]);
  });
  it('non-diabetic hyperglycaemia: not for someone on the diabetes register', () => {
    expect(ids([ev('NDH_COD', '2020-01-01')], [qof('ltc-non-diabetic-hyperglycaemia')])).toEqual(['ltc-non-diabetic-hyperglycaemia']);
    expect(ids([ev('NDH_COD', '2020-01-01'), ev('DM_COD', '2021-01-01')], [qof('ltc-non-diabetic-hyperglycaemia')])).toEqual([]);
  });
  it('every QOF register cites the rules and reads only clusters it names', () => {
    for (const r of QOF_REGISTERS) {
      expect(r.source).toMatch(/^QOF business rules v49 \(2024\/25\), register [A-Z]+\d+/);
      for (const name of r.codelists) expect(codelists.some((c) => c.name === name), name).toBe(true);
    }
  });
});

describe('frailty', () => {
  const deficits = (n: number, date = '2020-01-01') => EFI_DEFICITS.filter((d) => d.codelist !== 'EFI_POLYPHARMACY').slice(0, n).map((d) => ev(d.codelist, date));
  it('the eFI at each cut-off: 4 deficits fit, 5 mild, 8 mild, 9 moderate, 12 moderate, 13 severe', () => {
    for (const [n, band] of [[4, undefined], [5, 'frailty-mild'], [8, 'frailty-mild'], [9, 'frailty-moderate'], [12, 'frailty-moderate'], [13, 'frailty-severe']] as const) {
      expect(ids(deficits(n), FRAILTY_REGISTERS), String(n)).toEqual(band === undefined ? [] : [band]);
    }
  });
  it('the eFI is read from age 65', () => {
    expect(ids(deficits(13), FRAILTY_REGISTERS, '1960-04-01')).toEqual([]);
    expect(ids(deficits(13), FRAILTY_REGISTERS, '1960-03-31')).toEqual(['frailty-severe']);
  });
  it('polypharmacy is five different drugs in the 12 months before asOf', () => {
    const drugs = ['732110', '440540', '1959670', '3150510', '1107481', '382410'].map(sctid);
    const lists = [...codelists.filter((c) => c.name !== 'EFI_POLYPHARMACY'), defineCodelist({ name: 'EFI_POLYPHARMACY', system: 'dmd', codes: drugs })];
    const markers = (prescriptions: { code: string; date: string }[]) =>
      deriveMarkers([...deficits(8), ...prescriptions.map((p) => ({ personId: 'p', ...p }))], FRAILTY_REGISTERS, { asOf, people: [{ id: 'p', birthDate: '1940-01-01' }], codelists: lists }).people[0]?.markers;
    const five = drugs.slice(0, 5).map((code) => ({ code, date: '2024-06-01' }));
    expect(markers(five)).toEqual(['frailty-moderate']);
    expect(markers([...five.slice(0, 4), { code: drugs[0] as string, date: '2024-07-01' }])).toEqual(['frailty-mild']);
    expect(markers([...five.slice(0, 4), { code: drugs[4] as string, date: '2024-03-31' }])).toEqual(['frailty-mild']);
  });
  it('the latest coded assessment wins over the eFI and over earlier assessments', () => {
    expect(ids([...deficits(13), ev('MILDFRAIL_COD', '2024-01-01')], FRAILTY_REGISTERS)).toEqual(['frailty-mild']);
    expect(ids([ev('SEVFRAIL_COD', '2023-01-01'), ev('MODFRAIL_COD', '2024-01-01')], FRAILTY_REGISTERS)).toEqual(['frailty-moderate']);
    expect(ids([ev('MODFRAIL_COD', '2024-01-01'), ev('CFS_COD', '2024-06-01', 7)], FRAILTY_REGISTERS)).toEqual(['frailty-severe']);
    expect(ids([ev('SEVFRAIL_COD', '2024-01-01'), ev('CFS_COD', '2024-06-01', 3)], FRAILTY_REGISTERS)).toEqual([]);
  });
  it('on one day, the more severe category wins, and a category beats a CFS score', () => {
    expect(ids([ev('MILDFRAIL_COD', '2024-01-01'), ev('SEVFRAIL_COD', '2024-01-01')], FRAILTY_REGISTERS)).toEqual(['frailty-severe']);
    expect(ids([ev('MODFRAIL_COD', '2024-01-01'), ev('CFS_COD', '2024-01-01', 8)], FRAILTY_REGISTERS)).toEqual(['frailty-moderate']);
  });
});

describe('the Hospital Frailty Risk Score', () => {
  const hfrs = createHfrsRegisters();
  const hospital = hfrsCodelists();
  const run = (codes: string[], birthDate = '1945-01-01', registers = hfrs) =>
    deriveMarkers(codes.map((code) => ({ personId: 'p', code, date: '2024-06-01' })), registers, { asOf, people: [{ id: 'p', birthDate }], codelists: hospital }).people[0];
  it('the published table: 109 categories, points summing to 173.2', () => {
    expect(HFRS_POINTS).toHaveLength(109);
    expect(HFRS_POINTS.reduce((s, p) => s + Math.round(Number(p.points) * 10), 0)).toBe(1732);
    expect(HFRS_POINTS.find((p) => p.code === 'F00')?.points).toBe('7.1');
  });
  /** Categories whose points sum to exactly `target` tenths, found in the published table. */
  const summingTo = (target: number): string[] => {
    const tenths = HFRS_POINTS.map((p) => ({ code: p.code, t: Math.round(Number(p.points) * 10) }));
    const pick: string[] = [];
    let left = target;
    for (const p of [...tenths].sort((a, b) => b.t - a.t)) {
      if (p.t <= left && left - p.t !== 1 && left - p.t !== 2) {
        pick.push(p.code);
        left -= p.t;
      }
      if (left === 0) return pick;
    }
    throw new Error(`no combination sums to ${target / 10}`);
  };
  it('bands at their edges: 4.9 is low, 5 and 15 are intermediate, 15.1 is high', () => {
    for (const [tenths, band] of [[49, undefined], [50, 'hfrs-intermediate-risk'], [150, 'hfrs-intermediate-risk'], [151, 'hfrs-high-risk']] as const) {
      const result = run(summingTo(tenths));
      expect(result?.markers, String(tenths)).toEqual(band === undefined ? [] : [band]);
      if (band !== undefined) expect(result?.reasons[0]?.score).toBe(String(tenths / 10));
    }
  });
  it('each category counts once, however it is written', () => {
    const result = run(['F00.1', 'F00X', 'F001', 'f00']);
    expect(result?.markers).toEqual(['hfrs-intermediate-risk']);
    expect(result?.reasons[0]?.score).toBe('7.1');
  });
  it('reads the last 24 months only and people of the given age', () => {
    const old = deriveMarkers([{ personId: 'p', code: 'F00', date: '2023-03-31' }], hfrs, { asOf, people: [{ id: 'p', birthDate: '1945-01-01' }], codelists: hospital });
    expect(old.people[0]?.markers).toEqual([]);
    expect(run(['F00'], '1955-01-01')?.markers).toEqual([]);
    expect(run(['F00'], '1955-01-01', createHfrsRegisters({ minimumAge: 65 }))?.markers).toEqual(['hfrs-intermediate-risk']);
  });
});

describe('synthetic events derive the synthetic population\'s markers', () => {
  const population = syntheticPopulation({ size: 5_000, seed: 11, asOf });
  const { events } = syntheticEvents({ people: population, seed: 11, asOf });
  const derived = deriveMarkers(events, BUILT_IN_REGISTERS, { asOf, people: population, codelists });
  it('accounts for every event', () => {
    const e = derived.events;
    expect(e.total).toBe(events.length);
    expect(e.noCodelist).toBeGreaterThan(0);
    expect(e.afterAsOf).toBeGreaterThan(0);
    expect(e.malformed + e.unknownPerson + e.rejectedPerson).toBe(0);
  });
  it('every condition marker the registers can set is derived where the person meets the register\'s age', () => {
    const floors: Record<string, number> = { 'ltc-asthma': 6, 'ltc-diabetes': 17, 'ltc-ckd': 18, 'ltc-epilepsy': 18, 'ltc-rheumatoid-arthritis': 16, 'ltc-depression': 18, 'ltc-osteoporosis': 50, 'ltc-non-diabetic-hyperglycaemia': 18 };
    const covered = new Set(['ltc-copd', 'ltc-hypertension', 'ltc-chd', 'ltc-heart-failure', 'ltc-atrial-fibrillation', 'ltc-stroke-tia', 'ltc-peripheral-arterial-disease', 'dementia', 'serious-mental-illness', 'learning-disability', 'autism', 'adhd', 'cancer', 'end-of-life', ...Object.keys(floors)]);
    let compared = 0;
    population.forEach((person, i) => {
      const age = Number(asOf.slice(0, 4)) - Number(person.birthDate.slice(0, 4)) - (asOf.slice(5) < person.birthDate.slice(5) ? 1 : 0);
      const own = new Set(person.markers.filter((m) => typeof m === 'string' || m.to === undefined || m.to >= asOf).map((m) => (typeof m === 'string' ? m : m.id)));
      const got = new Set((derived.people[i]?.markers ?? []).filter((m) => typeof m === 'string' || m.to === undefined).map((m) => (typeof m === 'string' ? m : m.id)));
      for (const marker of covered) {
        if (age < (floors[marker] ?? 0)) continue;
        if (marker === 'ltc-non-diabetic-hyperglycaemia' && own.has('ltc-diabetes')) continue;
        compared++;
        expect(got.has(marker), `${person.id} ${marker}`).toBe(own.has(marker));
      }
    });
    expect(compared).toBeGreaterThan(50_000);
  });
});
