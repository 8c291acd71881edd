/**
 * segmentColumns packs each rule's answer 32 rows to a word. These cases cross and end exactly
 * on word boundaries, with every kind of marker column, and check each row against the
 * one-person classifier.
 */
import { describe, expect, it } from 'vitest';
import { classify, leeds2024, NO_DAY, segmentColumns, type PersonColumns } from 'phm-kit/segmentation';
import { epochDayOf } from '../arbitraries.js';
import { AS_OF } from './helpers.js';

const ASOF_DAY = epochDayOf(AS_OF);
const MATERNITY = leeds2024.segments.findIndex((s) => s.id === 'maternity');
const HEALTHY = leeds2024.segments.length - 1;
const CYP = leeds2024.segments.findIndex((s) => s.id === 'children-and-young-people');

/** A pattern with no period of 8 or 32, so that a bit placed in the wrong slot changes the answer. */
const pregnantAt = (i: number) => i % 3 === 0 || i % 7 === 5;

describe.each([31, 32, 64, 100])('%i rows', (n) => {
  const expected = Array.from({ length: n }, (_, i) => (pregnantAt(i) ? MATERNITY : HEALTHY));

  it('a Uint8Array flag column: any non-zero byte is "active now"', () => {
    const flags = Uint8Array.from({ length: n }, (_, i) => (pregnantAt(i) ? 1 + (i % 255) : 0));
    const columns: PersonColumns = { birthDay: new Int32Array(n).fill(epochDayOf('1990-01-01')), markers: { pregnancy: flags } };
    expect([...segmentColumns(columns, leeds2024, { asOf: AS_OF }).codes]).toEqual(expected);
  });

  it('an Int32Array column of last active days: inside the window or not', () => {
    // Pregnancy is read over a window ending on asOf; a day long before it, or none, is inactive.
    const days = Int32Array.from({ length: n }, (_, i) => (pregnantAt(i) ? ASOF_DAY - (i % 5) : i % 2 === 0 ? NO_DAY : ASOF_DAY - 4000));
    const columns: PersonColumns = { birthDay: new Int32Array(n).fill(epochDayOf('1990-01-01')), markers: { pregnancy: days } };
    expect([...segmentColumns(columns, leeds2024, { asOf: AS_OF }).codes]).toEqual(expected);
  });

  it('ages: children and adults interleaved agree with classify, row by row', () => {
    const birth = (i: number) => (i % 4 === 1 ? '2015-06-01' : i % 4 === 3 ? '2006-04-02' : '1980-01-01');
    const columns: PersonColumns = { birthDay: Int32Array.from({ length: n }, (_, i) => epochDayOf(birth(i))), markers: {} };
    const codes = [...segmentColumns(columns, leeds2024, { asOf: AS_OF }).codes];
    const byRow = Array.from({ length: n }, (_, i) => leeds2024.segments.findIndex((s) => s.id === classify({ id: `p${i}`, birthDate: birth(i), markers: [] }, leeds2024, { asOf: AS_OF }).segment));
    expect(codes).toEqual(byRow);
    expect(codes.filter((c) => c === CYP).length).toBe(Array.from({ length: n }, (_, i) => i % 2 === 1).filter(Boolean).length);
  });
});
