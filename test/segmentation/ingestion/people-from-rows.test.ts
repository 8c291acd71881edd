import { describe, expect, it } from 'vitest';
import { PhmValidationError, dateProblem } from 'phm-kit';
import { DEFAULT_SEX_CODES, leeds2024, peopleFromRows, segmentPopulation, type Person } from 'phm-kit/segmentation';

const AS_OF = '2024-04-01';

function only(rows: unknown[], options: Parameters<typeof peopleFromRows>[1] = {}) {
  const result = peopleFromRows(rows, options);
  expect(result.people.length + result.rejected.length).toBe(result.total);
  return result;
}

function rejectionOf(row: Record<string, unknown>, options: Parameters<typeof peopleFromRows>[1] = {}) {
  const { rejected } = only([{ person_id: 'p1', birth_date: '1950-01-01', ...row }], options);
  expect(rejected).toHaveLength(1);
  return rejected[0]!;
}

describe('peopleFromRows: database rows', () => {
  it('reads null as absent and a Date as its calendar date in local time', () => {
    const { people, rejected } = only([
      { person_id: 1042, birth_date: new Date(1950, 3, 9), sex: null, death_date: null, imd_decile: 3, locality: null },
      { person_id: 10n ** 20n, birth_date: new Date(1960, 11, 31, 23, 59), sex: 'female', death_date: new Date(2024, 0, 1), imd_decile: null, locality: 'LCP 04' },
    ]);
    expect(rejected).toEqual([]);
    expect(people).toEqual([
      { id: '1042', birthDate: '1950-04-09', imdDecile: 3, markers: [] },
      { id: '100000000000000000000', birthDate: '1960-12-31', sex: 'female', deathDate: '2024-01-01', locality: 'LCP 04', markers: [] },
    ]);
  });

  it("reads a Date in UTC when dateZone is 'utc'", () => {
    const utcMidnight = new Date(Date.UTC(1950, 3, 9));
    expect(only([{ person_id: 'a', birth_date: utcMidnight }], { dateZone: 'utc' }).people[0]?.birthDate).toBe('1950-04-09');
  });

  it('takes the date of a timestamp as written', () => {
    expect(only([{ person_id: 'a', birth_date: '1950-04-09 00:00:00.000' }, { person_id: 'b', birth_date: '1950-04-09T23:30:00Z' }]).people.map((p) => p.birthDate)).toEqual(['1950-04-09', '1950-04-09']);
  });

  it('rejects an invalid Date, and a Date outside years 0001-9999, naming the column', () => {
    expect(rejectionOf({ birth_date: new Date(Number.NaN) }).issues).toEqual([{ path: ['birth_date'], message: 'Expected a date, got an invalid Date' }]);
    const far = new Date(0);
    far.setFullYear(12000);
    expect(rejectionOf({ death_date: far }).issues[0]?.path).toEqual(['death_date']);
  });
});

describe('peopleFromRows: CSV records (every value text)', () => {
  const csv = [
    { 'att.Id': 'p1', 'att.DoB': '1941-06-02', 'att.Sex': '2', imd: '1', lcp: 'LCP 04', asthma: 'Y', copd: '0', efi: 'Severe', list: 'cancer; dementia ;' },
    { 'att.Id': 'p2', 'att.DoB': '1990-01-15', 'att.Sex': 'M', imd: 'NA', lcp: '', asthma: 'no', copd: 'TRUE', efi: 'NA', list: '' },
  ];
  const mapping = {
    columns: { id: 'att.Id', birthDate: 'att.DoB', sex: 'att.Sex', imdDecile: 'imd', locality: 'lcp' },
    markers: { 'ltc-asthma': 'asthma', 'ltc-copd': { column: 'copd' }, 'frailty-severe': { column: 'efi', equals: 'Severe' } },
    markerList: { column: 'list' },
  };

  it('reads numeric text as numbers, NHS sex codes, flags in any spelling, a list column, and NA or empty as absent', () => {
    const { people, rejected } = only(csv, mapping);
    expect(rejected).toEqual([]);
    expect(people).toEqual([
      { id: 'p1', birthDate: '1941-06-02', sex: 'female', imdDecile: 1, locality: 'LCP 04', markers: ['ltc-asthma', 'frailty-severe', 'cancer', 'dementia'] },
      { id: 'p2', birthDate: '1990-01-15', sex: 'male', markers: ['ltc-copd'] },
    ]);
  });

  it('segments exactly as the same people written by hand', () => {
    const byHand: Person[] = [
      { id: 'p1', birthDate: '1941-06-02', sex: 'female', imdDecile: 1, locality: 'LCP 04', markers: ['ltc-asthma', 'frailty-severe', 'cancer', 'dementia'] },
      { id: 'p2', birthDate: '1990-01-15', sex: 'male', markers: ['ltc-copd'] },
    ];
    const read = segmentPopulation(only(csv, mapping).people, leeds2024, { asOf: AS_OF });
    expect(read).toEqual(segmentPopulation(byHand, leeds2024, { asOf: AS_OF }));
    expect(read.assignments.map((a) => a.segment)).toEqual(['frailty', 'long-term-conditions']);
  });

  it('reads the default sex codes in any case and with spaces around them', () => {
    const sexes = ['1', ' 2 ', 'f', 'MALE', '9', 'x', '0', 'Unknown'].map((sex, i) => ({ person_id: `p${i}`, birth_date: '1950-01-01', sex }));
    expect(only(sexes).people.map((p) => p.sex)).toEqual(['male', 'female', 'female', 'male', 'indeterminate', 'unknown', 'unknown', 'unknown']);
    expect(DEFAULT_SEX_CODES.unknown).toEqual(['0', 'X', 'unknown']);
  });

  it('takes sexCodes in place of the defaults, and refuses a code given for two sexes', () => {
    expect(only([{ person_id: 'a', birth_date: '1950-01-01', sex: 'W' }], { sexCodes: { female: 'W', male: ['H'] } }).people[0]?.sex).toBe('female');
    expect(rejectionOf({ sex: '2' }, { sexCodes: { female: 'W' } }).issues).toEqual([{ path: ['sex'], message: "'2' is not a sex code here: expected one of W" }]);
    expect(() => peopleFromRows([], { sexCodes: { female: 'F', male: ['M', 'f'] } })).toThrow("sexCodes.male: The code 'f' is given for both female and male");
  });

  it('treats the configured missing markers as absent, and only those', () => {
    expect(only([{ person_id: 'a', birth_date: '1950-01-01', imd_decile: ' NULL ' }]).people[0]?.imdDecile).toBeUndefined();
    expect(only([{ person_id: 'a', birth_date: '1950-01-01', imd_decile: '-' }], { missingValues: ['-'] }).people[0]?.imdDecile).toBeUndefined();
    expect(rejectionOf({ imd_decile: 'NA' }, { missingValues: [] }).issues[0]?.path).toEqual(['imd_decile']);
  });
});

describe('peopleFromRows: partial birth dates', () => {
  it('an age is whole years on asOf: earliest by default, latest on request', () => {
    const rows = [{ person_id: 'a', age: '70' }];
    const earliest = only(rows, { columns: { age: 'age' }, asOf: AS_OF }).people[0]!;
    const latest = only(rows, { columns: { age: 'age' }, asOf: AS_OF, birthDateAssumption: 'latest' }).people[0]!;
    expect(earliest.birthDate).toBe('1953-04-02');
    expect(latest.birthDate).toBe('1954-04-01');
    const ageOn = (p: Person) => segmentPopulation([p], { id: 'm', label: 'm', segments: [{ id: 'old', label: 'o', rule: { ageAtLeast: 70 } }, { id: 'rest', label: 'r', catchAll: true }] }, { asOf: AS_OF }).assignments[0]?.segment;
    expect([ageOn(earliest), ageOn(latest)]).toEqual(['old', 'old']);
  });

  it('a year of birth means 1 January (or 31 December), a month its first (or last) day', () => {
    const rows = [{ person_id: 'a', yob: 1950, ym: '2000-02' }];
    expect(only(rows, { columns: { yearOfBirth: 'yob' } }).people[0]?.birthDate).toBe('1950-01-01');
    expect(only(rows, { columns: { yearOfBirth: 'yob' }, birthDateAssumption: 'latest' }).people[0]?.birthDate).toBe('1950-12-31');
    expect(only(rows, { columns: { yearMonthOfBirth: 'ym' } }).people[0]?.birthDate).toBe('2000-02-01');
    expect(only(rows, { columns: { yearMonthOfBirth: 'ym' }, birthDateAssumption: 'latest' }).people[0]?.birthDate).toBe('2000-02-29');
  });

  it('an age needs asOf, and one birth column at most', () => {
    expect(() => peopleFromRows([], { columns: { age: 'age' } })).toThrow('give asOf (YYYY-MM-DD) with columns.age');
    expect(() => peopleFromRows([], { columns: { age: 'age', yearOfBirth: 'y' }, asOf: AS_OF })).toThrow('Name one birth column at most');
  });

  it('rejects an age, year or month that is not one, naming the column', () => {
    expect(rejectionOf({ age: '151' }, { columns: { age: 'age' }, asOf: AS_OF }).issues).toEqual([{ path: ['age'], message: 'An age runs from 0 to 150 years, got 151' }]);
    expect(rejectionOf({ age: 'seventy' }, { columns: { age: 'age' }, asOf: AS_OF }).issues[0]?.path).toEqual(['age']);
    expect(rejectionOf({ y: '50' }, { columns: { yearOfBirth: 'y' } }).issues[0]?.path).toEqual(['y']);
    expect(rejectionOf({ ym: '1950-13' }, { columns: { yearMonthOfBirth: 'ym' } }).issues[0]?.path).toEqual(['ym']);
  });
});

describe('peopleFromRows: one fault, one issue, the column named', () => {
  it("says what is wrong with a date that the calendar lacks", () => {
    expect(rejectionOf({ birth_date: '2023-02-29' }).issues).toEqual([{ path: ['birth_date'], message: '2023 has no 29 February (it is not a leap year)' }]);
    expect(dateProblem('2024-04-31')).toBe('2024 has no 31 April: April 2024 has 30 days');
  });

  it('an empty death date is no death date, and a death before birth is one issue on its column', () => {
    expect(only([{ person_id: 'a', birth_date: '1950-01-01', death_date: '' }]).rejected).toEqual([]);
    expect(rejectionOf({ death_date: '1949-12-31' }).issues).toEqual([{ path: ['death_date'], message: 'The date of death 1949-12-31 is before the date of birth, 1950-01-01' }]);
    // An unreadable birth date gives its own issue, not also one about the death date.
    expect(rejectionOf({ birth_date: 'soon', death_date: '1949-12-31' }).issues.map((i) => i.path)).toEqual([['birth_date']]);
  });

  it('reads registration and deregistration dates; a deregistration before the registration is one issue on its column', () => {
    const { people } = only([{ person_id: 'a', birth_date: '1950-01-01', registration_date: '2001-05-01', deregistration_date: '2023-09-14' }]);
    expect(people).toEqual([{ id: 'a', birthDate: '1950-01-01', registrationDate: '2001-05-01', deregistrationDate: '2023-09-14', markers: [] }]);
    expect(only([{ person_id: 'a', birth_date: '1950-01-01', registration_date: '', deregistration_date: '' }]).people).toEqual([{ id: 'a', birthDate: '1950-01-01', markers: [] }]);
    expect(rejectionOf({ registration_date: '2001-05-02', deregistration_date: '2001-05-01' }).issues).toEqual([
      { path: ['deregistration_date'], message: 'The deregistration date 2001-05-01 is before the registration date, 2001-05-02' },
    ]);
    expect(only([{ person_id: 'a', birth_date: '1950-01-01', registration_date: '2001-05-01', deregistration_date: '2001-05-01' }]).rejected).toEqual([]);
    expect(rejectionOf({ deregistration_date: '1949-12-31' }).issues).toEqual([{ path: ['deregistration_date'], message: 'The deregistration date 1949-12-31 is before the date of birth, 1950-01-01' }]);
    expect(rejectionOf({ registration_date: '1949-01-01', deregistration_date: '1949-06-01' }).issues.map((i) => i.message)).toEqual(['The deregistration date 1949-06-01 is before the date of birth, 1950-01-01']);
    expect(rejectionOf({ registration_date: '2001-02-30' }).issues.map((i) => i.path)).toEqual([['registration_date']]);
    const renamed = peopleFromRows([{ person_id: 'a', birth_date: '1950-01-01', start: '2001-05-01', end: '2010-01-01' }], { columns: { registrationDate: 'start', deregistrationDate: 'end' } });
    expect(renamed.people).toEqual([{ id: 'a', birthDate: '1950-01-01', registrationDate: '2001-05-01', deregistrationDate: '2010-01-01', markers: [] }]);
  });

  it('says whether the id column is missing from the row or empty in it', () => {
    const { rejected } = only([{ birth_date: '1950-01-01' }, { person_id: '  ', birth_date: '1950-01-01' }]);
    expect(rejected.map((r) => r.issues)).toEqual([
      [{ path: ['person_id'], message: "No id: the row has no column 'person_id'" }],
      [{ path: ['person_id'], message: 'No id: the cell is empty' }],
    ]);
  });

  it('rejects rows that share an id, all of them, at their positions', () => {
    const { rejected, indices } = only([
      { person_id: 'a', birth_date: '1950-01-01' },
      { person_id: 'b', birth_date: '1950-01-01' },
      { person_id: 'a', birth_date: '1960-01-01' },
    ]);
    expect(indices).toEqual([1]);
    expect(rejected.map((r) => [r.index, r.reason, r.issues[0]?.path])).toEqual([
      [0, 'duplicate-id', ['person_id']],
      [2, 'duplicate-id', ['person_id']],
    ]);
  });

  it('rejects a row that is not an object, or whose cells throw, without throwing', () => {
    const throwing = { person_id: 'a', get birth_date(): string { throw new Error('boom'); } };
    const { rejected } = only([null, 'text', throwing]);
    expect(rejected.map((r) => r.reason)).toEqual(['invalid-record', 'invalid-record', 'unreadable-record']);
    expect(rejected[2]?.issues[0]?.message).toBe('The row could not be read: boom');
  });

  it('reads a column named like an Object.prototype member only as the row\'s own field', () => {
    const { people } = only([{ id: 'a', birth_date: '1950-01-01' }], { columns: { id: 'id', locality: 'constructor' } });
    expect(people[0]?.locality).toBeUndefined();
    expect(only([{ id: 'a', birth_date: '1950-01-01', constructor: 'LCP 1' }], { columns: { id: 'id', locality: 'constructor' } }).people[0]?.locality).toBe('LCP 1');
  });

  it('lists the columns that no row had: a misspelt mapping is not silent', () => {
    const { absentColumns } = only([{ person_id: 'a', birth_date: '1950-01-01', asthma: '1' }], { markers: { 'ltc-asthma': 'asthmaa' } });
    expect(absentColumns.map((c) => c.column)).toEqual(['sex', 'death_date', 'registration_date', 'deregistration_date', 'imd_decile', 'locality', 'asthmaa']);
  });
});

describe('peopleFromRows: marker tests and codes', () => {
  const row = (cells: Record<string, unknown>) => [{ person_id: 'a', birth_date: '1950-01-01', ...cells }];

  it('tests a value: equals, in, atLeast, above; a missing value is no marker', () => {
    const markers = {
      'frailty-moderate': { column: 'efi', in: ['Moderate', 'Severe'] },
      'frailty-severe': { column: 'efi', equals: 'Severe' },
      'ltc-copd': { column: 'ltc_count', atLeast: 2 },
      pregnancy: { column: 'maternity_contacts', above: 0 },
      'ltc-asthma': { column: 'asthma_code', equals: 1 },
    };
    expect(only(row({ efi: 'Moderate', ltc_count: '2', maternity_contacts: 0, asthma_code: '1.0' }), { markers }).people[0]?.markers).toEqual(['frailty-moderate', 'ltc-copd', 'ltc-asthma']);
    expect(only(row({ efi: 'NA', ltc_count: '1', maternity_contacts: '0.5', asthma_code: 2 }), { markers }).people[0]?.markers).toEqual(['pregnancy']);
    expect(rejectionOf({ ltc_count: 'many' }, { markers }).issues).toEqual([{ path: ['ltc_count'], message: "Expected a number, got 'many'" }]);
  });

  it('refuses a marker with two tests', () => {
    expect(() => peopleFromRows([], { markers: { x: { column: 'c', equals: 1, atLeast: 2 } } })).toThrow('Give at most one test');
  });

  it('dates a flag marker from its from and to columns', () => {
    const markers = { pregnancy: { column: 'pregnant', from: 'preg_start', to: 'preg_end' } };
    expect(only(row({ pregnant: 1, preg_start: '2023-08-01', preg_end: 'NA' }), { markers }).people[0]?.markers).toEqual([{ id: 'pregnancy', from: '2023-08-01' }]);
    expect(rejectionOf({ pregnant: 1, preg_start: '2023-08-01', preg_end: '2023-07-01' }, { markers }).issues[0]?.path).toEqual(['preg_end']);
  });

  it('reads list entries through markerCodes as toSql does', () => {
    const markerCodes = { 'ltc-copd': ['COPD', 'COPD_REG'], 'ltc-asthma': 'AST' };
    const result = only(row({ markers: 'COPD;AST;cancer;ltc-copd;COPD_REG', db: ['AST'] }), { markerList: { column: 'markers' }, markerCodes });
    expect(result.people[0]?.markers).toEqual(['ltc-copd', 'ltc-asthma', 'cancer', 'ltc-copd']);
    expect(result.unmappedCodes).toEqual([{ code: 'ltc-copd', count: 1 }]);
    expect(only(row({ db: ['AST', ' cancer '] }), { markerList: { column: 'db' }, markerCodes }).people[0]?.markers).toEqual(['ltc-asthma', 'cancer']);
  });

  it('reads a code listed for two markers as both', () => {
    expect(only(row({ m: 'HF' }), { markerList: { column: 'm' }, markerCodes: { 'ltc-heart-failure': 'HF', 'organ-failure-heart': ['HF'] } }).people[0]?.markers).toEqual(['ltc-heart-failure', 'organ-failure-heart']);
  });

  it('splits at the separator given', () => {
    expect(only(row({ m: 'cancer|dementia' }), { markerList: { column: 'm', separator: '|' } }).people[0]?.markers).toEqual(['cancer', 'dementia']);
  });
});

describe('peopleFromRows: a marker-episode table', () => {
  const people = [
    { person_id: 'a', birth_date: '1950-01-01' },
    { person_id: 'b', birth_date: 'never' },
    { person_id: 'c', birth_date: '1960-01-01' },
  ];
  const episodes = [
    { person_id: 'a', marker: 'pregnancy', from_date: '2023-08-01', to_date: '2024-03-20' },
    { person_id: 'a', marker: 'COPD', from_date: null, to_date: null },
    { person_id: 'b', marker: 'cancer', from_date: null, to_date: null },
    { person_id: 'z', marker: 'cancer', from_date: null, to_date: null },
    { person_id: 'c', marker: 'cancer', from_date: '2024-01-02', to_date: '2024-01-01' },
    { person_id: '', marker: 'cancer' },
  ];

  it('joins episodes by person id and accounts for every episode row', () => {
    const result = only(people, { personMarkers: episodes, markerCodes: { 'ltc-copd': 'COPD' } });
    expect(result.people.map((p) => [p.id, p.markers])).toEqual([
      ['a', [{ id: 'pregnancy', from: '2023-08-01', to: '2024-03-20' }, 'ltc-copd']],
      ['c', []],
    ]);
    const summary = result.markerRows!;
    expect({ ...summary, rejected: summary.rejected.map((r) => [r.index, r.issues[0]?.path]) }).toEqual({
      total: 6, used: 2, ofRejectedRows: 1, unmatched: 1, unmatchedIds: ['z'],
      rejected: [[4, ['to_date']], [5, ['person_id']]],
    });
    expect(summary.used + summary.ofRejectedRows + summary.unmatched + summary.rejected.length).toBe(summary.total);
  });

  it('reads the columns toSql reads, renamed the same way', () => {
    const renamed = [{ pid: 'a', code: 'cancer', start: '2020-01-01', stop: null }];
    const result = only([{ pid: 'a', dob: '1950-01-01' }], { columns: { id: 'pid', birthDate: 'dob', markerPersonId: 'pid', marker: 'code', markerFrom: 'start', markerTo: 'stop' }, personMarkers: renamed });
    expect(result.people[0]?.markers).toEqual([{ id: 'cancer', from: '2020-01-01' }]);
  });

  it('refuses a marker table that is not iterable', () => {
    expect(() => peopleFromRows(people, { personMarkers: 5 as unknown as unknown[] })).toThrow(PhmValidationError);
  });
});

describe('peopleFromRows: options', () => {
  it('refuses unknown options and columns, naming them', () => {
    expect(() => peopleFromRows([], { colums: {} } as never)).toThrow(PhmValidationError);
    expect(() => peopleFromRows([], { columns: { dob: 'x' } } as never)).toThrow(/columns/);
  });

  it('does not change its inputs', () => {
    const rows = Object.freeze([Object.freeze({ person_id: 'a', birth_date: '1950-01-01', m: 'cancer' })]);
    const options = Object.freeze({ markerList: Object.freeze({ column: 'm' }) });
    expect(only(rows as unknown[], options).people).toHaveLength(1);
  });
});

describe('rows as arrays, with a header', () => {
  const header = ['person_id', 'birth_date', 'sex', 'asthma'];
  const options = { header, markers: { 'ltc-asthma': 'asthma' } };

  it('reads each column at its position in the header, as it reads objects by name', () => {
    const arrays = [['p1', '1950-01-01', '2', '1'], ['p2', '1960-05-05', 'M', '0']];
    const objects = arrays.map((a) => Object.fromEntries(header.map((name, i) => [name, a[i]])));
    const fromArrays = peopleFromRows(arrays, options);
    expect(fromArrays.people).toEqual([
      { id: 'p1', birthDate: '1950-01-01', sex: 'female', markers: ['ltc-asthma'] },
      { id: 'p2', birthDate: '1960-05-05', sex: 'male', markers: [] },
    ]);
    expect(fromArrays.people).toEqual(peopleFromRows(objects, { markers: options.markers }).people);
  });

  it('rejects a row that is not an array, and lists a column the header lacks as absent', () => {
    const { rejected, absentColumns, people } = peopleFromRows([{ person_id: 'p1', birth_date: '1950-01-01' }, ['p2', '1950-01-01']], { header: ['person_id', 'birth_date'] });
    expect(rejected.map((r) => [r.index, r.reason, r.issues[0]?.message])).toEqual([[0, 'invalid-record', "Expected a row: an array of values in the header's order (options.header is given), got an object"]]);
    expect(people.map((p) => p.id)).toEqual(['p2']);
    expect(absentColumns.map((c) => c.column)).toEqual(['sex', 'death_date', 'registration_date', 'deregistration_date', 'imd_decile', 'locality']);
  });

  it('refuses a header that names a column twice', () => {
    expect(() => peopleFromRows([], { header: ['person_id', 'person_id'] })).toThrow(/names a column more than once/);
  });
});
