/**
 * The national end-stage renal failure register at its edges (the CKD-stage-4-with-admissions
 * rule above all), the HFRS bands from 65, and the markers they derive read by bridgesToHealth.
 */
import { describe, expect, it } from 'vitest';
import { entriesOfRows, openEventsDb } from '../../examples/duckdb-events.js';
import { entriesById, sortedEntries } from './support.js';
import { BRIDGES_TO_HEALTH_CODELISTS, BRIDGES_TO_HEALTH_REGISTERS, codelistRows, createHfrsRegisters, defineCodelist, deriveMarkers, hfrsCodelists, registersToSql, withDerivedMarkers } from 'phm-kit/registers';
import { bridgesToHealth, classify } from 'phm-kit/segmentation';
import { sctid } from './arbitraries.js';

const asOf = '2025-03-31';
const ADMISSION = sctid('424200');
const codelists = [
  defineCodelist({ name: 'ESRF_RRT', system: 'opcs4', codes: ['X40.1', 'M01.2'] }),
  defineCodelist({ name: 'ESRF_HOSPITAL', system: 'icd10', codes: ['N18.5'] }),
  defineCodelist({ name: 'CKD4_HOSPITAL', system: 'icd10', codes: ['N18.4'] }),
  defineCodelist({ name: 'EMERGENCY_ADMISSION', system: 'snomed-ct', codes: [ADMISSION] }),
  ...hfrsCodelists(),
];
const ev = (code: string, date: string) => ({ personId: 'p', code, date });
const admissions = (...dates: string[]) => dates.map((d) => ev(ADMISSION, d));
/** The national registers: end-stage renal failure and the HFRS bands from 65. */
const NATIONAL = [...BRIDGES_TO_HEALTH_REGISTERS, ...createHfrsRegisters({ minimumAge: 65 })];
const derived = (events: object[], birthDate = '1950-06-15') => deriveMarkers(events, NATIONAL, { asOf, people: [{ id: 'p', birthDate }], codelists }).people[0];
const markers = (events: object[], birthDate?: string) => derived(events, birthDate)?.markers.map((m) => (typeof m === 'string' ? m : m.id)) ?? [];

describe('end-stage renal failure, the national definition', () => {
  it('takes dialysis or a transplant, or CKD stage 5 in hospital, whenever recorded', () => {
    expect(markers([ev('X40.1', '2001-01-01')])).toEqual(['organ-failure-renal']);
    expect(markers([ev('M012', '2019-05-05')])).toEqual(['organ-failure-renal']);
    expect(markers([ev('N185', '2024-12-01')])).toEqual(['organ-failure-renal']);
    expect(markers([ev('N18.5', '2025-04-01')])).toEqual([]);
  });

  it('takes CKD stage 4 with 4 emergency admissions in the 12 months up to asOf, not 3', () => {
    const ckd4 = ev('N18.4', '2020-01-01');
    expect(markers([ckd4, ...admissions('2024-04-01', '2024-08-01', '2024-12-01', '2025-03-31')])).toEqual(['organ-failure-renal']);
    expect(markers([ckd4, ...admissions('2024-08-01', '2024-12-01', '2025-03-31')])).toEqual([]);
    // The window's first day is the day after asOf's date a year before, as every 12-month window reads.
    expect(markers([ckd4, ...admissions('2024-03-31', '2024-08-01', '2024-12-01', '2025-03-31')])).toEqual([]);
    // An admission after asOf is not read.
    expect(markers([ckd4, ...admissions('2024-08-01', '2024-12-01', '2025-03-31', '2025-04-01')])).toEqual([]);
    // Admissions without CKD stage 4 are not enough.
    expect(markers(admissions('2024-05-01', '2024-08-01', '2024-12-01', '2025-03-31'))).toEqual([]);
    // CKD stage 4 recorded after asOf does not count.
    expect(markers([ev('N18.4', '2025-04-01'), ...admissions('2024-05-01', '2024-08-01', '2024-12-01', '2025-03-31')])).toEqual([]);
  });

  it('says which code decided, and names its codelists with their systems', () => {
    const reasons = derived([ev('N18.4', '2020-01-01'), ...admissions('2024-05-01', '2024-08-01', '2024-12-01', '2025-03-31')])?.reasons ?? [];
    expect(reasons.map((r) => r.marker)).toEqual(['organ-failure-renal']);
    expect(BRIDGES_TO_HEALTH_CODELISTS.map((c) => [c.name, c.system])).toEqual([['ESRF_RRT', 'opcs4'], ['ESRF_HOSPITAL', 'icd10'], ['CKD4_HOSPITAL', 'icd10'], ['EMERGENCY_ADMISSION', 'snomed-ct']]);
    expect(BRIDGES_TO_HEALTH_REGISTERS.map((r) => r.marker)).toEqual(['organ-failure-renal']);
    expect(BRIDGES_TO_HEALTH_REGISTERS[0]?.source).toMatch(/^Outcomes Based Healthcare/);
  });
});

describe('the national HFRS bands, from 65', () => {
  it('scores a 65-year-old, and not a 64-year-old', () => {
    // F00 (7.1 points) alone is intermediate risk.
    const dementia = [ev('F00.1', '2024-06-01')];
    expect(markers(dementia, '1960-03-31')).toEqual(['hfrs-intermediate-risk']);
    expect(markers(dementia, '1960-04-01')).toEqual([]);
  });
});

describe('derived markers through bridgesToHealth', () => {
  it('puts the person with CKD stage 4 and four admissions in organ failure, flagged end-stage renal failure and CKD', () => {
    const result = deriveMarkers([ev('N18.4', '2020-01-01'), ...admissions('2024-05-01', '2024-08-01', '2024-12-01', '2025-03-31')], NATIONAL, { asOf, people: [{ id: 'p', birthDate: '1950-06-15' }], codelists });
    const [person] = withDerivedMarkers([{ id: 'p', birthDate: '1950-06-15', markers: [] }], result);
    const c = classify(person as never, bridgesToHealth, { asOf });
    expect(c.segment).toBe('organ-failure');
    expect(c.subsegments).toEqual(['end-stage-renal-failure']);
    expect(c.matched).toEqual(['organ-failure', 'long-term-conditions']);
  });
});

describe('the national registers in SQL', () => {
  it('give on DuckDB the markers deriveMarkers gives, at the edges above', async () => {
    const ckd4 = (id: string) => ({ personId: id, code: 'N18.4', date: '2020-01-01' });
    const admitted = (id: string, ...dates: string[]) => dates.map((date) => ({ personId: id, code: ADMISSION, date }));
    const events = [
      ckd4('four'), ...admitted('four', '2024-04-01', '2024-08-01', '2024-12-01', '2025-03-31'),
      ckd4('three'), ...admitted('three', '2024-08-01', '2024-12-01', '2025-03-31'),
      ckd4('edge'), ...admitted('edge', '2024-03-31', '2024-08-01', '2024-12-01', '2025-03-31'),
      ckd4('later'), ...admitted('later', '2024-08-01', '2024-12-01', '2025-03-31', '2025-04-01'),
      { personId: 'dialysis', code: 'X40.1', date: '2001-01-01' },
      { personId: 'stage5', code: 'N18.5', date: '2024-12-01' },
      { personId: 'frail65', code: 'F00.1', date: '2024-06-01' },
      { personId: 'frail64', code: 'F00.1', date: '2024-06-01' },
    ];
    const people = ['four', 'three', 'edge', 'later', 'dialysis', 'stage5', 'frail65', 'frail64'].map((id) => ({ id, birthDate: id === 'frail64' ? '1960-04-01' : '1960-03-31' }));
    const db = await openEventsDb();
    try {
      await db.load({ people, events, codelistCodes: codelistRows(codelists) });
      const actual = entriesOfRows(await db.rows(registersToSql(NATIONAL, { dialect: 'duckdb', asOf, codelists }).sql));
      const expected = entriesById(deriveMarkers(events, NATIONAL, { asOf, people, codelists }));
      for (const [id, entries] of expected) expect(sortedEntries(actual.get(id) ?? []), id).toEqual(entries);
      expect([...expected].filter(([, e]) => e.length > 0).map(([id]) => id).sort()).toEqual(['dialysis', 'four', 'frail65', 'stage5']);
    } finally {
      db.close();
    }
  });
});
