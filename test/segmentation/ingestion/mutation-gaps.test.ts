/**
 * The ingestion paths that mutation testing found untested or under-tested: hostile marker
 * tables and options, the order of unmapped codes, value tests mixing text and numbers, the
 * death-before-birth message for implied birth dates, marker lists too long or not text, and
 * sources whose iterator is not an object.
 */
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { refusalOf } from '../../support/issues.js';
import { peopleFromRows, peopleFromRowStream } from 'phm-kit/segmentation';

const person = { person_id: 'a', birth_date: '1950-01-01' };
const throwing = (message: string) => new Proxy({}, { get: () => { throw new Error(message); }, ownKeys: () => { throw new Error(message); } });

/** The PhmValidationError that `run` throws: its message and issues. */
const refusal = (run: () => unknown) => refusalOf(run, PhmValidationError);

describe('ingestion: hostile marker tables and options', () => {
  it('a marker-table row that is not an object, or cannot be read, is rejected with its position', () => {
    const table = [null, 'x', [1], throwing('no cells'), { person_id: 'a', marker: 'cancer' }];
    const { markerRows, people } = peopleFromRows([person], { personMarkers: table });
    expect(markerRows?.rejected.map((r) => [r.index, r.reason, r.issues[0]?.message])).toEqual([
      [0, 'invalid-record', 'Expected a row: an object of column values, got null'],
      [1, 'invalid-record', "Expected a row: an object of column values, got 'x'"],
      [2, 'invalid-record', 'Expected a row: an object of column values, got a list'],
      [3, 'unreadable-record', expect.stringContaining('no cells')],
    ]);
    expect(people[0]?.markers).toEqual(['cancer']);
  });

  it('a marker-table element whose read throws is an unreadable row, not an error', () => {
    const table = [{ person_id: 'a', marker: 'cancer' }];
    Object.defineProperty(table, 1, { get: () => { throw new Error('element gone'); }, enumerable: true });
    const { markerRows } = peopleFromRows([person], { personMarkers: table });
    expect(markerRows?.rejected.map((r) => [r.index, r.reason])).toEqual([[1, 'unreadable-record']]);
    expect(markerRows?.used).toBe(1);
  });

  it('a people element whose read throws is an unreadable row', () => {
    const rows: unknown[] = [person];
    Object.defineProperty(rows, 1, { get: () => { throw new Error('row gone'); }, enumerable: true });
    const { rejected, people } = peopleFromRows(rows);
    expect(rejected.map((r) => [r.index, r.reason, r.issues[0]?.message])).toEqual([[1, 'unreadable-record', expect.stringContaining('row gone')]]);
    expect(people).toHaveLength(1);
  });

  it('options that cannot be read are refused as the row mapping, with the reason', () => {
    const error = refusal(() => peopleFromRows([], throwing('options gone') as never));
    expect(error.message).toBe('Invalid row mapping: Could not be read: options gone');
    expect(error.issues).toEqual([{ path: [], message: 'Could not be read: options gone' }]);
    expect(refusal(() => peopleFromRows([], 'wide' as never)).message).toMatch(/^Invalid row mapping: /);
  });
});

describe('ingestion: what the summary and the readers say', () => {
  it('lists unmapped codes most frequent first, then by code', () => {
    const rows = [{ ...person, markers: 'zz;b;a;b;zz;zz' }];
    const { unmappedCodes } = peopleFromRows(rows, { markerList: { column: 'markers' }, markerCodes: { zz: 'ZZ', a: 'A', b: 'B' } });
    expect(unmappedCodes).toEqual([{ code: 'zz', count: 3 }, { code: 'b', count: 2 }, { code: 'a', count: 1 }]);
  });

  it('a test of text and numbers reads text that is no number as not holding, and a value that is neither as a fault', () => {
    const options = { markers: { 'frailty-severe': { column: 'efi', in: ['Severe', 3] } } };
    const read = (efi: unknown) => peopleFromRows([{ ...person, efi }], options);
    expect(read('Mild').people[0]?.markers).toEqual([]);
    expect(read('3').people[0]?.markers).toEqual(['frailty-severe']);
    expect(read('Severe').people[0]?.markers).toEqual(['frailty-severe']);
    expect(read({}).rejected[0]?.issues.map((i) => i.path)).toEqual([['efi']]);
    const numbersOnly = peopleFromRows([{ ...person, n: 'many' }], { markers: { 'ltc-copd': { column: 'n', in: [1, 2] } } });
    expect(numbersOnly.rejected[0]?.issues[0]?.message).toBe("Expected a number, got 'many'");
  });

  it('a death before the birth date an age or a year implies says which it is', () => {
    const byAge = peopleFromRows([{ person_id: 'a', age: '70', death_date: '1950-01-01' }], { columns: { age: 'age' }, asOf: '2024-04-01' });
    expect(byAge.rejected[0]?.issues[0]?.message).toBe('The date of death 1950-01-01 is before the birth date the age implies, 1953-04-02');
    const byYear = peopleFromRows([{ person_id: 'a', yob: '1960', death_date: '1950-01-01' }], { columns: { yearOfBirth: 'yob' } });
    expect(byYear.rejected[0]?.issues[0]?.message).toBe('The date of death 1950-01-01 is before the birth date the birth column implies, 1960-01-01');
    const byDate = peopleFromRows([{ ...person, death_date: '1940-01-01' }]);
    expect(byDate.rejected[0]?.issues[0]?.message).toBe('The date of death 1940-01-01 is before the date of birth, 1950-01-01');
  });

  it('an age that would put the birth before year 0001 is refused', () => {
    const { rejected } = peopleFromRows([{ person_id: 'a', age: '150' }], { columns: { age: 'age' }, asOf: '0100-01-01' });
    expect(rejected[0]?.issues).toEqual([{ path: ['age'], message: 'An age of 150 on 0100-01-01 would put the birth before year 0001' }]);
  });

  it('a marker list that is not text, holds a non-text entry, or gives too many markers is refused at its column', () => {
    const list = { markerList: { column: 'markers' } };
    expect(peopleFromRows([{ ...person, markers: 7 }], list).rejected[0]?.issues).toEqual([{ path: ['markers'], message: "Expected a list of markers separated by ';', got 7" }]);
    expect(peopleFromRows([{ ...person, markers: ['cancer', 4] }], list).rejected[0]?.issues).toEqual([{ path: ['markers'], message: 'Expected a list of marker codes, got 4 in it' }]);
    const many = Array.from({ length: 10_005 }, () => 'cancer');
    const tooMany = peopleFromRows([{ ...person, markers: many }], list).rejected[0]?.issues;
    expect(tooMany).toEqual([{ path: [], message: 'The row gives 10,001 markers: a person has at most 10,000' }]);
    expect(peopleFromRows([{ ...person, markers: many.slice(0, 10_000) }], list).people[0]?.markers).toHaveLength(10_000);
  });
});

describe('ingestion: sources', () => {
  it('a source whose iterator method gives no object is refused when read', async () => {
    const source = { [Symbol.iterator]: () => null } as unknown as Iterable<unknown>;
    const stream = peopleFromRowStream(source);
    let error: unknown;
    try {
      for await (const item of stream.people) expect(item).toBeDefined();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PhmValidationError);
    expect((error as PhmValidationError).message).toBe('Invalid records: expected an iterable or async iterable of person records');
  });

  it('a source whose iterator method throws fails at position 0 with the reason', async () => {
    const source = { [Symbol.asyncIterator]: () => { throw new Error('no cursor'); } } as unknown as AsyncIterable<unknown>;
    let error: unknown;
    try {
      for await (const item of peopleFromRowStream(source).people) expect(item).toBeDefined();
    } catch (caught) {
      error = caught;
    }
    expect((error as PhmValidationError).message).toBe('Reading the records failed after 0 rows: no cursor');
    expect((error as PhmValidationError).issues[0]?.path).toEqual([0]);
  });
});

describe('ingestion: the cells at the edges of each reader', () => {
  const one = (row: Record<string, unknown>, options: Parameters<typeof peopleFromRows>[1] = {}) => peopleFromRows([{ ...person, ...row }], options);
  const issues = (row: Record<string, unknown>, options: Parameters<typeof peopleFromRows>[1] = {}) => one(row, options).rejected[0]?.issues ?? [];

  it("reads '0' and '1' at once only for a plain flag: a test on the value decides for itself", () => {
    expect(one({ c: '0' }, { markers: { cancer: { column: 'c', equals: 0 } } }).people[0]?.markers).toEqual(['cancer']);
    expect(one({ c: '0' }, { markers: { cancer: { column: 'c', in: ['0'] } } }).people[0]?.markers).toEqual(['cancer']);
    expect(one({ c: '1' }, { markers: { cancer: { column: 'c', equals: 'Severe' } } }).people[0]?.markers).toEqual([]);
    expect(one({ c: '1' }, { markers: { cancer: { column: 'c', atLeast: 2 } } }).people[0]?.markers).toEqual([]);
    expect(one({ c: 1 }, { markers: { cancer: { column: 'c', above: 1 } } }).people[0]?.markers).toEqual([]);
    expect(one({ c: 0 }, { markers: { cancer: 'c' } }).people[0]?.markers).toEqual([]);
    expect(one({ c: 1 }, { markers: { cancer: 'c' } }).people[0]?.markers).toEqual(['cancer']);
    expect(one({ c: 'yes' }, { markers: { cancer: 'c' } }).people[0]?.markers).toEqual(['cancer']);
  });

  it("a flag's dates: one end or both, and an end before the start refused at the end's column", () => {
    const dated = { markers: { cancer: { column: 'c', from: 'f', to: 't' } } };
    expect(one({ c: '1', f: '2020-01-01' }, dated).people[0]?.markers).toEqual([{ id: 'cancer', from: '2020-01-01' }]);
    expect(one({ c: '1', t: '2021-01-01' }, dated).people[0]?.markers).toEqual([{ id: 'cancer', to: '2021-01-01' }]);
    expect(one({ c: '1', f: '2020-01-01', t: '2021-01-01' }, dated).people[0]?.markers).toEqual([{ id: 'cancer', from: '2020-01-01', to: '2021-01-01' }]);
    expect(issues({ c: '1', f: '2021-01-01', t: '2020-01-01' }, dated)).toEqual([{ path: ['t'], message: "The marker 'cancer' ends (2020-01-01) before it starts (2021-01-01)" }]);
    expect(one({ c: '1', f: '2021-01-01', t: '2021-01-01' }, dated).people[0]?.markers).toEqual([{ id: 'cancer', from: '2021-01-01', to: '2021-01-01' }]);
  });

  it('partial birth dates and ages out of range are refused with what was expected', () => {
    const ym = { columns: { yearMonthOfBirth: 'ym' } };
    expect(one({ ym: '195004' }, ym).people[0]?.birthDate).toBe('1950-04-01');
    expect(one({ ym: '1950-12' }, { ...ym, birthDateAssumption: 'latest' }).people[0]?.birthDate).toBe('1950-12-31');
    for (const bad of ['1950-13', '1950-00', '0000-04', 'April 1950']) expect(issues({ ym: bad }, ym)).toEqual([{ path: ['ym'], message: `Expected a year and month of birth written YYYY-MM (1950-04), got '${bad}'` }]);
    const yob = { columns: { yearOfBirth: 'yob' } };
    expect(one({ yob: 1950 }, yob).people[0]?.birthDate).toBe('1950-01-01');
    expect(one({ yob: '1950' }, { ...yob, birthDateAssumption: 'latest' }).people[0]?.birthDate).toBe('1950-12-31');
    for (const bad of ['0000', '195', '1950.5']) expect(issues({ yob: bad }, yob)).toEqual([{ path: ['yob'], message: `Expected a year of birth, four digits (1950), got '${bad}'` }]);
    const age = { columns: { age: 'age' }, asOf: '2024-04-01' };
    expect(one({ age: '150' }, age).people[0]?.birthDate).toBe('1873-04-02');
    expect(one({ age: '0' }, { ...age, birthDateAssumption: 'latest' }).people[0]?.birthDate).toBe('2024-04-01');
    for (const bad of ['-1', '151']) expect(issues({ age: bad }, age)).toEqual([{ path: ['age'], message: `An age runs from 0 to 150 years, got ${bad}` }]);
  });

  it('IMD deciles run from 1 to 10; bigints are read as whole numbers while they are safe', () => {
    expect(one({ imd_decile: 1n }).people[0]?.imdDecile).toBe(1);
    expect(one({ imd_decile: '10' }).people[0]?.imdDecile).toBe(10);
    for (const bad of ['0', '11']) expect(issues({ imd_decile: bad })).toEqual([{ path: ['imd_decile'], message: `An IMD decile runs from 1 (most deprived) to 10, got ${bad}` }]);
    expect(issues({ imd_decile: 2n ** 60n })[0]?.message).toMatch(/^Expected a whole number, got /);
  });

  it('white space of every kind around a value is removed, inside it kept', () => {
    for (const space of ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\ufeff']) {
      expect(one({ person_id: `${space}p 1${space}` }).people[0]?.id).toBe('p 1');
      expect(one({ person_id: `p1${space}` }).people[0]?.id).toBe('p1');
      expect(one({ person_id: `${space}p1` }).people[0]?.id).toBe('p1');
    }
    expect(one({ person_id: 'p\u00a01' }).people[0]?.id).toBe('p\u00a01');
    expect(one({ person_id: '\u0008p1' }).people[0]?.id).toBe('\u0008p1');
  });

  it('a Date outside years 0001-9999 is refused; a Date is read in the zone asked for', () => {
    expect(issues({ birth_date: new Date(Date.UTC(10000, 0, 1)) }, { dateZone: 'utc' })).toEqual([{ path: ['birth_date'], message: 'Expected a date in years 0001-9999, got a Date in year 10000' }]);
    const yearZero = new Date(Date.UTC(2000, 0, 1));
    yearZero.setUTCFullYear(0);
    expect(issues({ birth_date: yearZero }, { dateZone: 'utc' })).toEqual([{ path: ['birth_date'], message: 'Expected a date in years 0001-9999, got a Date in year 0' }]);
    expect(one({ birth_date: new Date(Date.UTC(9999, 11, 31)) }, { dateZone: 'utc' }).people[0]?.birthDate).toBe('9999-12-31');
    // A Date whose local calendar date differs from its UTC one (as at 21:00 on 31 December
    // 1949 in New York), made so without depending on the machine's time zone.
    const lateEvening = Object.assign(new Date(Date.UTC(1950, 0, 1, 2)), { getFullYear: () => 1949, getMonth: () => 11, getDate: () => 31 });
    expect(one({ birth_date: lateEvening }, { dateZone: 'utc' }).people[0]?.birthDate).toBe('1950-01-01');
    expect(one({ birth_date: lateEvening }, { dateZone: 'local' }).people[0]?.birthDate).toBe('1949-12-31');
  });

  it('sex codes given for two sexes are refused; a long code list is cut in the message', () => {
    const both = refusal(() => peopleFromRows([], { sexCodes: { male: ['1', 'm'], female: ['M'] } }));
    expect(both.issues).toEqual([{ path: ['sexCodes', 'female'], message: "The code 'M' is given for both male and female" }]);
    const many = Array.from({ length: 25 }, (_, i) => `c${i}`);
    const message = issues({ sex: 'x' }, { sexCodes: { female: many } })[0]?.message;
    expect(message).toBe(`'x' is not a sex code here: expected one of ${many.slice(0, 20).join(', ')}, ...`);
    expect(issues({ sex: 'x' }, { sexCodes: { female: ['F', ' f '] } })[0]?.message).toBe("'x' is not a sex code here: expected one of F");
  });

  it('marker-table rows: an episode ending before it starts, a row without a person id, and a stream that counts the rows of rejected people', async () => {
    const table = [
      { person_id: 'a', marker: 'cancer', from_date: '2021-01-01', to_date: '2020-01-01' },
      { person_id: '', marker: 'cancer' },
      { person_id: 'b', marker: 'cancer' },
    ];
    const rows = [person, { person_id: 'b', birth_date: 'soon' }];
    const { markerRows } = peopleFromRows(rows, { personMarkers: table });
    expect(markerRows?.rejected).toEqual([
      { index: 0, id: 'a', reason: 'invalid-record', issues: [{ path: ['to_date'], message: 'The episode ends (2020-01-01) before it starts (2021-01-01)' }] },
      { index: 1, reason: 'invalid-record', issues: [{ path: ['person_id'], message: 'No person id: the cell is empty' }] },
    ]);
    expect(markerRows).toMatchObject({ total: 3, used: 0, ofRejectedRows: 1, unmatched: 0 });
    const stream = peopleFromRowStream(rows, { personMarkers: table });
    for await (const item of stream.people) expect(item).toBeDefined();
    expect(stream.summary().markerRows).toMatchObject({ total: 3, used: 0, ofRejectedRows: 1, unmatched: 0 });
  });
});
