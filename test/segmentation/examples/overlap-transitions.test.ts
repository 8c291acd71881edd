import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { leeds2024, overlap, transitions } from 'phm-kit/segmentation';
import { AS_OF, caught } from './helpers.js';

const S = leeds2024.segments.map((s) => s.id);
const at = (id: string) => {
  const i = S.indexOf(id);
  if (i < 0) throw new Error(`no segment ${id}`);
  return i;
};
const zeros = () => Object.fromEntries(S.map((id) => [id, 0]));

describe('overlap', () => {
  const rows = [
    { id: 'frail-1', birthDate: '1940-01-01', markers: ['frailty-severe', 'ltc-copd'] },
    { id: 'frail-2', birthDate: '1941-01-01', markers: ['frailty-moderate', 'ltc-ckd'] },
    { id: 'child', birthDate: '2014-01-01', markers: ['ltc-asthma'] },
    { id: 'healthy', birthDate: '1990-01-01', markers: [] },
    { id: 'pregnant', birthDate: '1992-01-01', markers: ['pregnancy', 'serious-mental-illness', 'ltc-asthma'] },
    { id: 'dead', birthDate: '1940-01-01', deathDate: '2024-01-01', markers: ['frailty-severe', 'ltc-copd'] },
    { id: 'bad', birthDate: '1940-13-01', markers: [] },
  ];
  const result = overlap(rows, leeds2024, { asOf: AS_OF });

  it('accounts for every row: assessed + rejected + excluded = total', () => {
    expect(result.asOf).toBe(AS_OF);
    expect(result).toMatchObject({ total: 7, assessed: 5, rejected: 1, excluded: 1 });
    expect(result.segments).toEqual(S);
  });

  it('counts each segment rule on the diagonal, the catch-all only for those matching nothing', () => {
    const diagonal = Object.fromEntries(S.map((id, i) => [id, result.matrix[i]?.[i]]));
    expect(diagonal).toEqual({
      ...zeros(),
      maternity: 1,
      'children-and-young-people': 1,
      frailty: 2,
      'serious-mental-illness': 1,
      'long-term-conditions': 4,
      'healthy-adults': 1,
    });
  });

  it('is symmetric with the expected pair counts', () => {
    for (let i = 0; i < S.length; i++) for (let j = 0; j < S.length; j++) expect(result.matrix[i]?.[j]).toBe(result.matrix[j]?.[i]);
    const cell = (a: string, b: string) => result.matrix[at(a)]?.[at(b)];
    expect(cell('frailty', 'long-term-conditions')).toBe(2);
    expect(cell('children-and-young-people', 'long-term-conditions')).toBe(1);
    expect(cell('maternity', 'serious-mental-illness')).toBe(1);
    expect(cell('maternity', 'long-term-conditions')).toBe(1);
    expect(cell('serious-mental-illness', 'long-term-conditions')).toBe(1);
    expect(cell('healthy-adults', 'long-term-conditions')).toBe(0);
    expect(cell('frailty', 'cancer')).toBe(0);
  });

  it('lists the non-empty pairs, largest first', () => {
    expect(result.pairs).toHaveLength(5);
    expect(result.pairs[0]).toEqual({ a: 'frailty', b: 'long-term-conditions', count: 2 });
    expect(result.pairs.slice(1)).toEqual(
      expect.arrayContaining([
        { a: 'maternity', b: 'serious-mental-illness', count: 1 },
        { a: 'maternity', b: 'long-term-conditions', count: 1 },
        { a: 'children-and-young-people', b: 'long-term-conditions', count: 1 },
        { a: 'serious-mental-illness', b: 'long-term-conditions', count: 1 },
      ]),
    );
    for (const pair of result.pairs) expect(S.indexOf(pair.a)).toBeLessThan(S.indexOf(pair.b));
  });

  it('throws PhmValidationError for an invalid asOf', () => {
    expect(caught(() => overlap(rows, leeds2024, { asOf: 'today' }), PhmValidationError).issues[0]?.path).toEqual(['asOf']);
  });
});

describe('transitions', () => {
  const FROM = '2023-04-01';
  const TO = '2024-04-01';
  const rows = [
    // 17 on FROM, 18 on TO: children and young people -> healthy adults
    { id: 'turns-18', birthDate: '2005-10-01', markers: [] },
    { id: 'stays-healthy', birthDate: '1980-01-01', markers: [] },
    // dies between: left, from frailty
    { id: 'dies', birthDate: '1935-01-01', deathDate: '2023-12-01', markers: ['frailty-severe'] },
    // born between: entered, into children and young people
    { id: 'born', birthDate: '2023-06-01', markers: [] },
    // dead before FROM: outside
    { id: 'long-dead', birthDate: '1930-01-01', deathDate: '2022-01-01', markers: [] },
    { id: 'invalid', birthDate: '2023-02-29', markers: [] },
    // cancer diagnosed between: healthy adults -> cancer
    { id: 'diagnosed', birthDate: '1970-01-01', markers: [{ id: 'cancer', from: '2023-10-01' }] },
    // pregnancy ended 12 days before FROM: maternity -> healthy adults
    { id: 'postnatal', birthDate: '1995-01-01', markers: [{ id: 'pregnancy', from: '2022-06-20', to: '2023-03-20' }] },
    // born after TO: outside
    { id: 'unborn', birthDate: '2024-06-01', markers: [] },
  ];
  const t = transitions(rows, leeds2024, { from: FROM, to: TO });

  it('puts each person who stayed in the cell of their segments on both dates', () => {
    expect(t.from).toBe(FROM);
    expect(t.to).toBe(TO);
    expect(t.segments).toEqual(S);
    const cells: [string, string, number][] = [];
    t.matrix.forEach((row, i) => row.forEach((n, j) => n > 0 && cells.push([S[i] as string, S[j] as string, n])));
    expect(cells.sort()).toEqual(
      [
        ['children-and-young-people', 'healthy-adults', 1],
        ['healthy-adults', 'cancer', 1],
        ['healthy-adults', 'healthy-adults', 1],
        ['maternity', 'healthy-adults', 1],
      ].sort(),
    );
    expect(t.stayedInPopulation).toBe(4);
    expect(t.moved).toBe(3);
  });

  it('someone born between the dates is in `entered`, by their segment on `to`', () => {
    expect(t.entered).toEqual({ ...zeros(), 'children-and-young-people': 1 });
  });

  it('someone who dies between the dates is in `left`, by their segment on `from`', () => {
    expect(t.left).toEqual({ ...zeros(), frailty: 1 });
  });

  it('accounts for every row', () => {
    expect(t).toMatchObject({ total: 9, outside: 2, rejected: 1 });
    const entered = Object.values(t.entered).reduce((a, b) => a + b, 0);
    const left = Object.values(t.left).reduce((a, b) => a + b, 0);
    expect(t.stayedInPopulation + entered + left + t.outside + t.rejected).toBe(t.total);
  });

  it('boundaries: born on `from` stays, born on `to` enters, dying on `to` leaves', () => {
    const edge = transitions(
      [
        { id: 'born-from', birthDate: FROM, markers: [] },
        { id: 'born-to', birthDate: TO, markers: [] },
        { id: 'dies-to', birthDate: '1980-01-01', deathDate: TO, markers: [] },
        { id: 'dies-from', birthDate: '1980-01-01', deathDate: FROM, markers: [] },
      ],
      leeds2024,
      { from: FROM, to: TO },
    );
    expect(edge.matrix[at('children-and-young-people')]?.[at('children-and-young-people')]).toBe(1);
    expect(edge.stayedInPopulation).toBe(1);
    expect(edge.entered['children-and-young-people']).toBe(1);
    expect(edge.left['healthy-adults']).toBe(1);
    expect(edge.outside).toBe(1);
  });

  it('from = to: nobody moves', () => {
    const same = transitions(rows, leeds2024, { from: TO, to: TO });
    expect(same.moved).toBe(0);
    expect(Object.values(same.entered).every((n) => n === 0)).toBe(true);
    expect(Object.values(same.left).every((n) => n === 0)).toBe(true);
  });

  it('throws PhmValidationError when `from` is after `to`, or a date is invalid', () => {
    expect(caught(() => transitions(rows, leeds2024, { from: TO, to: FROM }), PhmValidationError).issues[0]?.path).toEqual(['to']);
    expect(caught(() => transitions(rows, leeds2024, { from: '2023-02-29', to: TO }), PhmValidationError).issues[0]?.path).toEqual(['from']);
  });
});
