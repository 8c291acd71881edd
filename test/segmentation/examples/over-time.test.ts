import { describe, expect, it } from 'vitest';
import { monthEnds, PhmValidationError } from 'phm-kit';
import { defineModel, followUp, leeds2024, segmentFlowsChart, segmentsOverTime } from 'phm-kit/segmentation';
import { refusalOf } from '../../support/issues.js';

/** Four people over a year: one becomes frail, one dies, one is born, one stays healthy; and a bad row. */
const rows: unknown[] = [
  { id: 'frail', birthDate: '1940-01-01', markers: [{ id: 'frailty-severe', from: '2023-10-15' }] },
  { id: 'dies', birthDate: '1935-01-01', deathDate: '2023-11-20', markers: ['ltc-copd'] },
  { id: 'born', birthDate: '2023-12-05', markers: [] },
  { id: 'well', birthDate: '1990-06-01', markers: [] },
  { id: 'bad', birthDate: '1990-02-30', markers: [] },
];

describe('monthEnds', () => {
  it('lists the last day of each month, leap years included', () => {
    expect(monthEnds('2023-12-15', '2024-03-01')).toEqual(['2023-12-31', '2024-01-31', '2024-02-29', '2024-03-31']);
    expect(monthEnds('2023-02-01', '2023-02-28')).toEqual(['2023-02-28']);
    expect(monthEnds('2022-04-01', '2024-03-31')).toHaveLength(24);
    expect(refusalOf(() => monthEnds('2024-03-01', '2023-12-15'), PhmValidationError).issues[0]?.path).toEqual(['to']);
    expect(refusalOf(() => monthEnds('2024-02-30', '2024-03-01'), PhmValidationError).issues[0]?.path).toEqual(['from']);
  });
});

describe('segmentsOverTime', () => {
  const s = segmentsOverTime(rows, leeds2024, { dates: monthEnds('2023-09-01', '2024-01-31') });

  it('counts each segment on each month end', () => {
    expect(s.dates).toEqual(['2023-09-30', '2023-10-31', '2023-11-30', '2023-12-31', '2024-01-31']);
    expect(s.counts.map((c) => c.inPopulation)).toEqual([3, 3, 2, 3, 3]);
    expect(s.counts.map((c) => c.bySegment['frailty'])).toEqual([0, 1, 1, 1, 1]);
    expect(s.counts.map((c) => c.bySegment['long-term-conditions'])).toEqual([1, 1, 0, 0, 0]);
  });

  it('says who moved, died and was born in each step, and rejects the bad row', () => {
    const frailty = leeds2024.segments.findIndex((sg) => sg.id === 'frailty');
    const healthy = leeds2024.segments.findIndex((sg) => sg.id === 'healthy-adults');
    expect(s.steps.map((step) => step.moved)).toEqual([1, 0, 0, 0]);
    expect(s.steps[0]?.matrix[healthy]?.[frailty]).toBe(1);
    expect(s.steps.map((step) => step.left['long-term-conditions'])).toEqual([0, 1, 0, 0]);
    expect(s.steps.map((step) => step.entered['children-and-young-people'])).toEqual([0, 0, 1, 0]);
    // Outside both dates of a step: the unborn child, then the dead man.
    expect(s.steps.map((step) => step.outside)).toEqual([1, 1, 1, 1]);
    expect({ total: s.total, rejected: s.rejected }).toEqual({ total: 5, rejected: 1 });
  });

  it('refuses dates out of order, a single date and more than 600', () => {
    expect(refusalOf(() => segmentsOverTime(rows, leeds2024, { dates: ['2024-01-31', '2023-12-31'] }), PhmValidationError).issues[0]).toMatchObject({
      path: ['dates', 1],
      message: 'Dates must increase: 2023-12-31 is not after 2024-01-31',
    });
    expect(refusalOf(() => segmentsOverTime(rows, leeds2024, { dates: ['2024-01-31', '2024-01-31'] }), PhmValidationError).issues[0]?.path).toEqual(['dates', 1]);
    expect(refusalOf(() => segmentsOverTime(rows, leeds2024, { dates: ['2024-01-31'] }), PhmValidationError).issues[0]?.path).toEqual(['dates']);
    expect(refusalOf(() => segmentsOverTime(rows, leeds2024, { dates: monthEnds('1900-01-01', '1950-01-31') }), PhmValidationError).issues[0]?.message).toMatch(/^At most 600 dates/);
    expect(segmentsOverTime(rows, leeds2024, { dates: monthEnds('1900-01-01', '1949-12-31') }).steps).toHaveLength(599);
  });
});

describe('registration: those who joined and left the register', () => {
  const registered: unknown[] = [
    { id: 'moves-away', birthDate: '1950-01-01', deregistrationDate: '2023-12-10', markers: ['ltc-copd'] },
    { id: 'moves-in', birthDate: '1980-01-01', registrationDate: '2023-10-20', markers: [] },
    { id: 'left-then-died', birthDate: '1930-01-01', deregistrationDate: '2023-10-05', deathDate: '2023-12-01', markers: [] },
    { id: 'died-then-left', birthDate: '1930-01-01', deathDate: '2023-10-05', deregistrationDate: '2023-10-20', markers: [] },
    { id: 'stays', birthDate: '1990-01-01', registrationDate: '2001-01-01', markers: [] },
  ];

  it('segmentsOverTime counts joiners as registered and leavers by the way they left first', () => {
    const s = segmentsOverTime(registered, leeds2024, { dates: ['2023-09-30', '2023-10-31', '2023-12-31'] });
    expect(s.counts.map((c) => c.inPopulation)).toEqual([4, 3, 2]);
    const [first, second] = s.steps;
    expect(first?.registered['healthy-adults']).toBe(1);
    expect(first?.born['healthy-adults']).toBe(0);
    expect(first?.entered['healthy-adults']).toBe(1);
    expect({ died: first?.died['healthy-adults'], deregistered: first?.deregistered['healthy-adults'] }).toEqual({ died: 1, deregistered: 1 });
    expect(second?.deregistered['long-term-conditions']).toBe(1);
    expect(second?.left['long-term-conditions']).toBe(1);
    expect(second?.died['long-term-conditions']).toBe(0);
  });

  it('followUp keeps the deregistered apart from the dead at every offset, and the latecomer out of the cohort', () => {
    const f = followUp(registered, leeds2024, { start: '2023-09-30', offsets: [{ months: 1 }, { months: 3 }] });
    expect(f.cohortSize).toBe(4);
    expect(f.notInCohort).toBe(1);
    expect(f.at.map((a) => a.deregistered['healthy-adults'])).toEqual([1, 1]);
    expect(f.at.map((a) => a.died['healthy-adults'])).toEqual([1, 1]);
    expect(f.at.map((a) => a.deregistered['long-term-conditions'])).toEqual([0, 1]);
    f.at.forEach((a) => f.segments.forEach((id, i) => expect((a.matrix[i] as number[]).reduce((x, y) => x + y, 0) + (a.died[id] as number) + (a.deregistered[id] as number)).toBe(f.cohort[id])));
  });
});

describe('followUp', () => {
  it('follows each segment\'s people to 6 and 12 months, counting the dead and those not in the cohort', () => {
    const f = followUp(rows, leeds2024, { start: '2023-08-31', offsets: [{ months: 3 }, { months: 6 }] });
    expect(f.at.map((a) => a.date)).toEqual(['2023-11-30', '2024-02-29']);
    expect(f.cohort['long-term-conditions']).toBe(1);
    expect(f.cohort['healthy-adults']).toBe(2);
    expect(f.at.map((a) => a.died['long-term-conditions'])).toEqual([1, 1]);
    const healthy = f.segments.indexOf('healthy-adults');
    const frailty = f.segments.indexOf('frailty');
    expect(f.at[0]?.matrix[healthy]?.[frailty]).toBe(1);
    expect(f.at[0]?.matrix[healthy]?.[healthy]).toBe(1);
    expect({ cohortSize: f.cohortSize, notInCohort: f.notInCohort, rejected: f.rejected, total: f.total }).toEqual({ cohortSize: 3, notInCohort: 1, rejected: 1, total: 5 });
  });

  it('refuses offsets that do not move forward, or run past 9999', () => {
    const backwards = refusalOf(() => followUp(rows, leeds2024, { start: '2024-01-31', offsets: [{ months: 12 }, { days: 30 }] }), PhmValidationError);
    expect(backwards.issues[0]).toEqual({ path: ['offsets', 1], message: 'Offsets must increase: this one falls on 2024-03-01, not after 2025-01-31' });
    expect(refusalOf(() => followUp(rows, leeds2024, { start: '2024-01-31', offsets: [{ days: 0 } as never] }), PhmValidationError).issues[0]?.path).toEqual(['offsets', 0, 'days']);
    const late = refusalOf(() => followUp(rows, leeds2024, { start: '9999-06-30', offsets: [{ months: 6 }, { months: 7 }] }), PhmValidationError);
    expect(late.issues[0]).toEqual({ path: ['offsets', 1], message: '9999-06-30 plus this offset falls after 9999-12-31' });
    expect(late.message).toBe('Invalid options: offsets[1]: 9999-06-30 plus this offset falls after 9999-12-31');
    expect(refusalOf(() => followUp(rows, leeds2024, { start: '2024-01-31', offsets: [] }), PhmValidationError).issues[0]?.path).toEqual(['offsets']);
  });
});

describe('limits over time', () => {
  /** A model of n segments, each reading a marker of its own. */
  const wide = (n: number) =>
    defineModel({
      id: `wide-${n}`,
      label: 'Wide',
      markers: Array.from({ length: n - 1 }, (_, i) => ({ id: `m${i}`, label: `M${i}`, category: 'status' as const, description: 'A marker.' })),
      segments: [...Array.from({ length: n - 1 }, (_, i) => ({ id: `s${i}`, label: `S${i}`, rule: { marker: `m${i}` } })), { id: 'rest', label: 'Rest', catchAll: true as const }],
    });

  it('refuses flow matrices of more than 50,000,000 cells, naming the limit', () => {
    const model = wide(300);
    const refused = refusalOf(() => segmentsOverTime(rows, model, { dates: monthEnds('1950-01-01', '1999-12-31') }), PhmValidationError);
    expect(refused.issues[0]?.path).toEqual(['dates']);
    expect(refused.issues[0]?.message).toMatch(/^300 segments over 599 steps make 53,910,000 flow cells, more than the 50,000,000 one call may hold/);
    expect(segmentsOverTime(rows, model, { dates: monthEnds('1950-01-01', '1995-12-31') }).steps).toHaveLength(551);
    const follow = refusalOf(() => followUp(rows, wide(800), { start: '2000-01-01', offsets: Array.from({ length: 100 }, (_, k) => ({ days: k + 1 })) }), PhmValidationError);
    expect(follow.issues[0]?.path).toEqual(['offsets']);
  });

  it('charts at most 200 segments', () => {
    const segments = Array.from({ length: 201 }, (_, i) => `s${i}`);
    expect(refusalOf(() => segmentFlowsChart({ segments, matrix: [] }), PhmValidationError).issues[0]).toEqual({ path: ['segments'], message: 'A chart shows at most 200 segments' });
  });
});

