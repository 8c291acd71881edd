import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PhmModelError, PhmValidationError } from 'phm-kit';
import {
  CODE_DECEASED,
  CODE_NOT_YET_BORN,
  CODE_REJECTED,
  compileClassifier,
  defineModel,
  leeds2017,
  leeds2024,
  markersReadBy,
  NO_DAY,
  NO_SEX,
  personColumns,
  segmentColumns,
  SEX_CODES,
  syntheticPopulation,
  type PersonColumns,
} from 'phm-kit/segmentation';
import { epochDayOf } from '../arbitraries.js';
import { AS_OF, caught } from './helpers.js';

const day = epochDayOf;
const ASOF_DAY = day(AS_OF); // 2024-04-01
const MATERNITY = leeds2024.segments.findIndex((s) => s.id === 'maternity');
const CYP = leeds2024.segments.findIndex((s) => s.id === 'children-and-young-people');
const HEALTHY = leeds2024.segments.length - 1;

/** Columns for `birthDays.length` adults with no markers, and the given extra columns. */
function adults(n: number, extra: Partial<PersonColumns> = {}): PersonColumns {
  return { birthDay: new Int32Array(n).fill(day('1980-06-15')), markers: {}, ...extra };
}

describe('segmentColumns: worked examples', () => {
  it('classifies day-number columns as the Leeds 2024 rules say', () => {
    const columns: PersonColumns = {
      birthDay: Int32Array.from([day('1938-05-04'), day('2010-01-01'), day('1990-02-01'), day('1970-01-01')]),
      sex: Uint8Array.from([0, 1, 0, NO_SEX]),
      markers: {
        'frailty-severe': Int32Array.from([ASOF_DAY, NO_DAY, NO_DAY, NO_DAY]),
        'ltc-copd': Int32Array.from([ASOF_DAY, ASOF_DAY, NO_DAY, NO_DAY]),
        pregnancy: Int32Array.from([NO_DAY, NO_DAY, ASOF_DAY - 10, NO_DAY]),
      },
    };
    const result = segmentColumns(columns, leeds2024, { asOf: AS_OF });
    expect([...result.codes].map((c) => leeds2024.segments[c]?.id)).toEqual(['frailty', 'children-and-young-people', 'maternity', 'healthy-adults']);
    expect(result.counts).toMatchObject({ assigned: 4, deceased: 0, notYetBorn: 0, rejected: 0 });
    expect(result.counts.bySegment).toMatchObject({ frailty: 1, 'children-and-young-people': 1, maternity: 1, 'healthy-adults': 1, cancer: 0 });
    expect(SEX_CODES[columns.sex?.[0] as number]).toBe('female');
  });

  it('excludes the dead (death on or before asOf) and the not yet born, as segmentPopulation does', () => {
    const columns = adults(4, {
      birthDay: Int32Array.from([day('1950-01-01'), day('1950-01-01'), ASOF_DAY + 1, ASOF_DAY]),
      deathDay: Int32Array.from([ASOF_DAY, ASOF_DAY + 1, NO_DAY, NO_DAY]),
    });
    const { codes, counts } = segmentColumns(columns, leeds2024, { asOf: AS_OF });
    expect([...codes]).toEqual([CODE_DECEASED, HEALTHY, CODE_NOT_YET_BORN, CYP]);
    expect(counts).toMatchObject({ deceased: 1, notYetBorn: 1, assigned: 2 });
  });

  it('look-back window edges: pregnancy ended 42 days ago counts for maternity, 43 does not', () => {
    const columns = adults(4, {
      sex: new Uint8Array(4).fill(0),
      markers: { pregnancy: Int32Array.from([ASOF_DAY - 42, ASOF_DAY - 43, ASOF_DAY + 100, NO_DAY]) },
    });
    expect([...segmentColumns(columns, leeds2024, { asOf: AS_OF }).codes]).toEqual([MATERNITY, HEALTHY, MATERNITY, HEALTHY]);
  });

  it('a month window is by calendar months: on 2024-03-31 one month back is 2024-02-29', () => {
    const model = defineModel({
      id: 'recent-cancer',
      label: 'Recent cancer',
      segments: [
        { id: 'recent', label: 'Cancer in the last month', rule: { marker: 'cancer', within: { months: 1 } } },
        { id: 'rest', label: 'Everyone else', catchAll: true },
      ],
    });
    const columns = adults(3, { markers: { cancer: Int32Array.from([day('2024-02-29'), day('2024-02-28'), day('2024-03-31')]) } });
    expect([...segmentColumns(columns, model, { asOf: '2024-03-31' }).codes]).toEqual([0, 1, 0]);
  });

  it('a Uint8Array marker column is "active now", so in every window; an Int32Array one holds last active days', () => {
    const flags = adults(3, { markers: { pregnancy: Uint8Array.from([1, 0, 200]) } });
    expect([...segmentColumns(flags, leeds2024, { asOf: AS_OF }).codes]).toEqual([MATERNITY, HEALTHY, MATERNITY]);
    const days = adults(3, { markers: { pregnancy: Int32Array.from([ASOF_DAY, NO_DAY, ASOF_DAY - 30]) } });
    expect([...segmentColumns(days, leeds2024, { asOf: AS_OF }).codes]).toEqual([MATERNITY, HEALTHY, MATERNITY]);
  });

  it('a { bitmap } marker column holds one bit per row, least significant bit first, as Arrow packs booleans', () => {
    // Rows 0 and 9 are pregnant: bit 0 of byte 0 and bit 1 of byte 1. Byte 2 is past the rows.
    const bitmap = adults(10, { markers: { pregnancy: { bitmap: Uint8Array.from([0b0000_0001, 0b0000_0010, 0xff]) } } });
    const codes = [...segmentColumns(bitmap, leeds2024, { asOf: AS_OF }).codes];
    expect(codes).toEqual([MATERNITY, ...new Array(8).fill(HEALTHY), MATERNITY]);
  });

  it('age in whole years with the 29 February convention: 18 on the birthday, leaplings on 1 March in common years', () => {
    const columns = adults(4, { birthDay: Int32Array.from([day('2006-04-01'), day('2006-04-02'), day('2004-02-29'), day('2004-03-01')]) });
    expect([...segmentColumns(columns, leeds2024, { asOf: AS_OF }).codes]).toEqual([HEALTHY, CYP, HEALTHY, HEALTHY]);
    const leap = adults(2, { birthDay: Int32Array.from([day('2005-02-28'), day('2004-02-29')]) });
    // On 2022-02-28 someone born 2004-02-29 is still 17; born 2005-02-28 they are 17 too.
    expect([...segmentColumns(leap, leeds2024, { asOf: '2022-02-28' }).codes]).toEqual([CYP, CYP]);
    expect([...segmentColumns(leap, leeds2024, { asOf: '2022-03-01' }).codes]).toEqual([CYP, HEALTHY]);
  });

  it('a sex rule never holds when sex is not recorded (NO_SEX or no sex column)', () => {
    const model = defineModel({
      id: 'by-sex',
      label: 'By sex',
      segments: [
        { id: 'women', label: 'Women', rule: { sex: 'female' } },
        { id: 'rest', label: 'Everyone else', catchAll: true },
      ],
    });
    expect([...segmentColumns(adults(3, { sex: Uint8Array.from([0, 1, NO_SEX]) }), model, { asOf: AS_OF }).codes]).toEqual([0, 1, 1]);
    expect([...segmentColumns(adults(2), model, { asOf: AS_OF }).codes]).toEqual([1, 1]);
  });

  it('reports markers the model reads but the columns lack, and refuses them with requireMarkers', () => {
    const columns = adults(1, { markers: { 'end-of-life': new Uint8Array(1) } });
    const result = segmentColumns(columns, leeds2017, { asOf: AS_OF });
    expect(result.missingMarkers).toEqual(markersReadBy(leeds2017).filter((id) => id !== 'end-of-life'));
    expect(result.missingMarkers).toContain('frailty-severe');
    const error = caught(() => segmentColumns(columns, leeds2017, { asOf: AS_OF, requireMarkers: true }), PhmValidationError);
    expect(error.issues.map((i) => i.path)).toContainEqual(['columns', 'markers', 'frailty-severe']);
    expect(error.issues).toHaveLength(result.missingMarkers.length);
  });

  it('rejects invalid rows with the reason, and lists each', () => {
    // -719163 is 0000-12-31, the day before the first valid date (Date.UTC cannot write year 1).
    const columns = adults(6, {
      birthDay: Int32Array.from([NO_DAY, day('9999-12-31') + 1, day('1950-01-01'), day('1950-01-01'), day('1950-01-01'), day('1950-01-01')]),
      deathDay: Int32Array.from([NO_DAY, NO_DAY, day('1949-12-31'), -719_163, NO_DAY, NO_DAY]),
      sex: Uint8Array.from([0, 0, 0, 0, 4, 3]),
    });
    const result = segmentColumns(columns, leeds2024, { asOf: AS_OF });
    expect([...result.codes]).toEqual([CODE_REJECTED, CODE_REJECTED, CODE_REJECTED, CODE_REJECTED, CODE_REJECTED, HEALTHY]);
    expect(result.rejected.map(({ index, reason }) => [index, reason])).toEqual([
      [0, 'invalid-birth-day'],
      [1, 'invalid-birth-day'],
      [2, 'death-before-birth'],
      [3, 'invalid-death-day'],
      [4, 'invalid-sex'],
    ]);
    expect(result.rejected[4]?.detail).toMatch(/sex code 4/);
    expect(result.counts.rejected).toBe(5);
  });

  it('accepts typed arrays from another realm (a VM context, a worker)', () => {
    const birthDay = runInNewContext(`Int32Array.from([${day('1950-01-01')}, ${day('2010-01-01')}])`) as Int32Array;
    expect(birthDay instanceof Int32Array).toBe(false);
    const flags = runInNewContext('Uint8Array.from([1, 0])') as Uint8Array;
    expect([...segmentColumns({ birthDay, markers: { cancer: flags } }, leeds2024, { asOf: AS_OF }).codes]).toEqual([
      leeds2024.segments.findIndex((s) => s.id === 'cancer'),
      CYP,
    ]);
  });

  it('fills and returns `into` when given', () => {
    const into = new Int16Array(2).fill(99);
    const result = segmentColumns(adults(2), leeds2024, { asOf: AS_OF, into });
    expect(result.codes).toBe(into);
    expect([...into]).toEqual([HEALTHY, HEALTHY]);
  });
});

describe('segmentColumns: chunk boundaries', () => {
  // Rows are evaluated 4,096 at a time, 32 to a word: sizes either side of each boundary.
  const asOf = '2024-04-01';
  const people = syntheticPopulation({ size: 8200, seed: 77, asOf });
  const { segmentIndex } = compileClassifier(leeds2024, { asOf });
  it.each([0, 1, 31, 32, 33, 4095, 4096, 4097, 8193])('%i rows classify as the compiled classifier does', (size) => {
    const some = people.slice(0, size);
    const columns = personColumns(some, { asOf, markers: markersReadBy(leeds2024) });
    const result = segmentColumns(columns, leeds2024, { asOf });
    expect(result.codes.length).toBe(size);
    // The same markers as bitmaps ("active on asOf"), for the markers with no look-back window.
    const asBitmap = (c: Int32Array) => {
      const bitmap = new Uint8Array(Math.ceil(c.length / 8));
      c.forEach((d, i) => (bitmap[i >>> 3] = (bitmap[i >>> 3] as number) | ((d >= ASOF_DAY ? 1 : 0) << (i & 7))));
      return { bitmap };
    };
    const bitmaps = Object.fromEntries(Object.entries(columns.markers).map(([id, c]) => [id, id === 'pregnancy' ? c : asBitmap(c)]));
    expect([...segmentColumns({ ...columns, markers: bitmaps }, leeds2024, { asOf }).codes]).toEqual([...result.codes]);
    expect([...result.codes]).toEqual(some.map((p) => (p.deathDate !== undefined && p.deathDate <= asOf ? CODE_DECEASED : segmentIndex(p))));
    expect(result.counts.assigned + result.counts.deceased).toBe(size);
  });
});

describe('segmentColumns: invalid structure throws PhmValidationError naming the path', () => {
  const path = (fn: () => unknown) => caught(fn, PhmValidationError).issues.map((i) => i.path);
  const run = (columns: unknown, options: object = {}) => () => segmentColumns(columns as PersonColumns, leeds2024, { asOf: AS_OF, ...options });

  it('columns of the wrong length', () => {
    expect(path(run(adults(3, { sex: new Uint8Array(2) })))).toEqual([['columns', 'sex']]);
    expect(path(run(adults(3, { markers: { cancer: new Int32Array(4) } })))).toEqual([['columns', 'markers', 'cancer']]);
    expect(path(run(adults(3, { deathDay: new Int32Array(0) })))).toEqual([['columns', 'deathDay']]);
  });

  it('columns of the wrong type', () => {
    expect(path(run({ birthDay: [1, 2], markers: {} }))).toEqual([['columns', 'birthDay']]);
    expect(path(run({ birthDay: new Float64Array(2), markers: {} }))).toEqual([['columns', 'birthDay']]);
    expect(path(run(adults(2, { sex: new Int8Array(2) as unknown as Uint8Array })))).toEqual([['columns', 'sex']]);
    expect(path(run(adults(2, { markers: { cancer: new Uint8ClampedArray(2) as unknown as Uint8Array } })))).toEqual([['columns', 'markers', 'cancer']]);
    expect(path(run(adults(2, { markers: { cancer: new Int16Array(2) as unknown as Int32Array } })))).toEqual([['columns', 'markers', 'cancer']]);
    expect(path(run({ birthDay: new Int32Array(1), markers: null }))).toEqual([['columns', 'markers']]);
    expect(path(run({ birthDay: new Int32Array(1), markers: new Uint8Array(1) }))).toEqual([['columns', 'markers']]);
    expect(path(run(null))).toEqual([['columns']]);
    expect(path(run(adults(9, { markers: { cancer: { bitmap: new Uint8Array(1) } } })))).toEqual([['columns', 'markers', 'cancer', 'bitmap']]);
    expect(path(run(adults(9, { markers: { cancer: { bitmap: new Int8Array(2) as unknown as Uint8Array } } })))).toEqual([['columns', 'markers', 'cancer', 'bitmap']]);
    expect(path(run(adults(9, { markers: { cancer: {} as { bitmap: Uint8Array } } })))).toEqual([['columns', 'markers', 'cancer']]);
  });

  it('unknown column names, so that a misspelt column is not silently ignored', () => {
    expect(path(run({ ...adults(1), deathDays: new Int32Array(1) }))).toEqual([['columns', 'deathDays']]);
  });

  it('a bad `into`: wrong type, wrong length, or sharing memory with an input column', () => {
    expect(path(run(adults(2), { into: new Int32Array(2) }))).toEqual([['into']]);
    expect(path(run(adults(2), { into: new Int16Array(3) }))).toEqual([['into']]);
    const birthDay = new Int32Array(2).fill(day('1980-01-01'));
    expect(path(run({ birthDay, markers: {} }, { into: new Int16Array(birthDay.buffer, 0, 2) }))).toEqual([['into']]);
    expect(birthDay[0]).toBe(day('1980-01-01'));
  });

  it('a bad evaluation date or model', () => {
    expect(path(run(adults(1), { asOf: '2024-02-30' }))).toEqual([['asOf']]);
    expect(() => segmentColumns(adults(1), { id: 'x', label: 'X', segments: [] }, { asOf: AS_OF })).toThrow(PhmModelError);
  });
});

describe('personColumns', () => {
  it('turns records into day numbers, sex codes and last-active days on asOf', () => {
    const columns = personColumns(
      [
        { id: 'a', birthDate: '1970-01-02', sex: 'male', markers: ['cancer', { id: 'pregnancy', from: '2023-06-01', to: '2024-02-20' }] },
        { id: 'b', birthDate: '1969-12-31', deathDate: '2024-01-01', markers: [{ id: 'cancer', from: '2024-05-01' }, { id: 'pregnancy', from: '2024-01-01' }] },
      ],
      { asOf: AS_OF },
    );
    expect([...columns.birthDay]).toEqual([1, -1]);
    expect([...(columns.deathDay ?? [])]).toEqual([NO_DAY, day('2024-01-01')]);
    expect([...(columns.sex ?? [])]).toEqual([1, NO_SEX]);
    // A marker starting after asOf is not active on it; an open one runs to asOf.
    expect([...(columns.markers.cancer ?? [])]).toEqual([ASOF_DAY, NO_DAY]);
    expect([...(columns.markers.pregnancy ?? [])]).toEqual([day('2024-02-20'), ASOF_DAY]);
  });

  it('makes a column for each listed marker, all NO_DAY when no one has it, and none for others', () => {
    const columns = personColumns([{ id: 'a', birthDate: '1970-01-01', markers: ['cancer'] }], { asOf: AS_OF, markers: ['dementia'] });
    expect(Object.keys(columns.markers)).toEqual(['dementia']);
    expect([...(columns.markers.dementia ?? [])]).toEqual([NO_DAY]);
  });

  it('refuses an invalid person, naming the row', () => {
    const error = caught(() => personColumns([{ id: 'a', birthDate: '1970-01-01', markers: [] }, { id: 'b', birthDate: '2023-02-29', markers: [] }] as never, { asOf: AS_OF }), PhmValidationError);
    expect(error.issues[0]?.path).toEqual(['people', 1, 'birthDate']);
    expect(caught(() => personColumns([], { asOf: AS_OF, markers: ['a', 'a'] }), PhmValidationError).issues[0]?.path).toEqual(['markers']);
  });
});
