import { daysInMonth, formatDate, fromEpochDay, latestBirthDayAged, type IsoDate } from '../../core/dates.js';
import type { PhmIssue } from '../../core/errors.js';
import type { MarkerEntry, Person, Sex } from '../records/person.js';
import { unreadableRow, type Rejection } from '../records/screen.js';
import { MAX_MARKERS_PER_PERSON } from '../records/snapshot.js';
import { markerCodeReader, sexCodeTable, type MarkerCodeReader } from './codes.js';
import type { ParsedRowMapping } from './mapping.js';
import { createSexReader, isMissing, isProblem, quoted, readDate, readFlag, readId, readNumber, readText, readWholeNumber, type CellProblem, type DateZone } from './values.js';

const BIRTH_WORDS = { birthDate: 'birth date', age: 'age', yearOfBirth: 'year of birth', yearMonthOfBirth: 'year and month of birth' } as const;

/** The oldest age read: 150 years. */
const MAX_AGE = 150;

/**
 * The columns a reader reads, each once per row, in a fixed order: a role's column is its
 * index here. A column named for two roles is read once and serves both.
 */
function createColumnList() {
  const names: string[] = [];
  const at = (name: string): number => {
    const found = names.indexOf(name);
    if (found >= 0) return found;
    names.push(name);
    return names.length - 1;
  };
  return { names, at };
}

/**
 * A column's cell, read once. A column named like a member of `Object.prototype`
 * (`constructor`, `toString`) is read only as the row's own field; any other may be inherited,
 * as the getters of an ORM's row objects are.
 */
export function cellReader(name: string): (row: Record<string, unknown>) => unknown {
  if (name in Object.prototype) return (row) => (Object.prototype.hasOwnProperty.call(row, name) ? row[name] : undefined);
  return (row) => row[name];
}

/** How one flag marker's cell says the person has it; a missing cell says they do not. */
type MarkerTest = (value: unknown) => boolean | CellProblem;

function markerTest(spec: Exclude<NonNullable<ParsedRowMapping['markers']>[string], string>): MarkerTest {
  const { equals, atLeast, above } = spec;
  if (equals !== undefined) return valueTest([equals]);
  if (spec.in !== undefined) return valueTest(spec.in);
  if (atLeast !== undefined) return numberTest((n) => n >= atLeast);
  if (above !== undefined) return numberTest((n) => n > above);
  return readFlag;
}

function numberTest(holds: (n: number) => boolean): MarkerTest {
  return (value) => {
    const n = readNumber(value);
    return isProblem(n) ? n : holds(n);
  };
}

/** A test that the cell is one of `values`: text compared exactly (trimmed), numbers as numbers. */
function valueTest(values: readonly (string | number)[]): MarkerTest {
  const texts = new Set(values.filter((v): v is string => typeof v === 'string'));
  const numbers = new Set(values.filter((v): v is number => typeof v === 'number'));
  return (value) => {
    const text = readText(value);
    if (!isProblem(text) && texts.has(text)) return true;
    if (numbers.size === 0) return isProblem(text) ? text : false;
    const n = readNumber(value);
    if (isProblem(n)) return texts.size > 0 && !isProblem(text) ? false : n;
    return numbers.has(n);
  };
}

interface FlagMarker {
  readonly id: string;
  readonly column: number;
  readonly test: MarkerTest;
  /** A plain flag (no test on the value), whose usual cells `'1'`, `'0'`, 1, 0 are read at once. */
  readonly plain: boolean;
  readonly from: number;
  readonly to: number;
}

/**
 * What a row read as: a person, or the rejection (its issues naming columns) that kept it from
 * being one. A rejection is told by its `reason`, which a person read here never has: one
 * object a row, not a wrapper around it.
 */
export type RowReading = Person | Rejection;

/** Whether a row's reading is its rejection. */
export function isRejection(reading: RowReading): reading is Rejection {
  return 'reason' in reading;
}

/** Where a reader finds a person's marker episodes from the marker table: by person id. */
export type EpisodeLookup = (id: string) => readonly MarkerEntry[] | undefined;

/** A row reader, with the tally of codes that were read as no marker. */
export interface RowReader {
  readonly read: (row: unknown, index: number) => RowReading;
  /** Codes that `markerCodes` made no marker of, and how often each was seen. */
  readonly unmappedCodes: Map<string, number>;
  /** The columns read, in order, and whether any row so far has had each (a value, even null). */
  readonly columns: readonly string[];
  readonly seen: Uint8Array;
  readonly codeOf: MarkerCodeReader;
  readonly zone: DateZone;
  readonly missing: ReadonlySet<string>;
}

/**
 * Compiles a checked mapping into a reader of rows: `read(row, index)` reads each mapped column
 * of the row once and returns the person it describes, or its rejection: `unreadable-record`
 * when reading a cell throws, `invalid-record` with one issue per faulty column (the path is
 * the column's name) otherwise. `episodes` adds the marker table's entries by person id.
 */
export function createRowReader(mapping: ParsedRowMapping, episodes?: EpisodeLookup): RowReader {
  const { columns, asOf, birthDateAssumption, dateZone: zone } = mapping;
  const missing: ReadonlySet<string> = new Set(mapping.missingValues);
  const list = createColumnList();
  const optional = (name: string | null): number => (name === null ? -1 : list.at(name));
  const id = list.at(columns.id);
  const birthRole = columns.age !== undefined ? 'age' : columns.yearOfBirth !== undefined ? 'yearOfBirth' : columns.yearMonthOfBirth !== undefined ? 'yearMonthOfBirth' : 'birthDate';
  const birth = list.at(columns[birthRole] ?? 'birth_date');
  const sex = optional(columns.sex);
  const death = optional(columns.deathDate);
  const registration = optional(columns.registrationDate);
  const deregistration = optional(columns.deregistrationDate);
  const imd = optional(columns.imdDecile);
  const locality = optional(columns.locality);
  const flags: FlagMarker[] = Object.entries(mapping.markers ?? {}).map(([markerId, spec]) => {
    const full = typeof spec === 'string' ? { column: spec } : spec;
    const plain = full.equals === undefined && full.in === undefined && full.atLeast === undefined && full.above === undefined;
    return { id: markerId, column: list.at(full.column), test: markerTest(full), plain, from: optional(full.from ?? null), to: optional(full.to ?? null) };
  });
  const markerList = mapping.markerList === undefined ? undefined : { column: list.at(mapping.markerList.column), separator: mapping.markerList.separator };
  const names = list.names;
  const cells = names.map(cellReader);
  // Most columns are read as the row's fields by name; those named like a member of
  // Object.prototype go through their cell reader.
  const direct = names.map((name) => !(name in Object.prototype));
  // With a header, rows are arrays: each column is read at its position (-1: not in the header).
  const header = mapping.header;
  const positions = header === undefined ? undefined : Int32Array.from(names, (name) => header.indexOf(name));
  const values = new Array<unknown>(names.length);
  const seen = new Uint8Array(names.length);
  const { table, listed } = sexCodeTable(mapping.sexCodes);
  const readSex = createSexReader(table, listed);
  const codeOf = markerCodeReader(mapping.markerCodes);
  const unmappedCodes = new Map<string, number>();
  const readBirth = birthReader(birthRole, asOf, birthDateAssumption, zone);

  // The issues of the row being read, in one array reused from row to row (copied into a
  // rejection); the helpers below are made once, not once a row.
  const issues: PhmIssue[] = [];
  const readZoned = (value: unknown) => readDate(value, zone);
  const fault = (column: number, message: string) => issues.push({ path: [names[column] as string], message });
  const present = (column: number): boolean => column >= 0 && !isMissing(values[column], missing);
  const take = <T>(column: number, reader: (value: unknown) => T | CellProblem): T | undefined => {
    if (!present(column)) return undefined;
    const value = reader(values[column]);
    if (!isProblem(value)) return value;
    fault(column, value.problem);
    return undefined;
  };

  const absent = (column: number, what: string) => fault(column, `No ${what}: ${values[column] === undefined ? `the row has no column '${names[column] as string}'` : 'the cell is empty'}`);

  // A cell is read once, but what it holds may still be hostile (a Proxy whose traps throw
  // when a reader asks whether it is a Date): the row is then unreadable, never the caller's error.
  const read = (row: unknown, index: number): RowReading => {
    try {
      return interpret(row, index);
    } catch (error) {
      return unreadableRow(index, error);
    }
  };

  const interpret = (row: unknown, index: number): RowReading => {
    if (positions !== undefined) {
      if (!Array.isArray(row)) return { index, reason: 'invalid-record', issues: [{ path: [], message: `Expected a row: an array of values in the header's order (options.header is given), got ${quoted(row)}` }] };
      try {
        for (let c = 0; c < names.length; c++) {
          const at = positions[c] as number;
          const value: unknown = at < 0 ? undefined : row[at];
          values[c] = value;
          if (value !== undefined) seen[c] = 1;
        }
      } catch (error) {
        return unreadableRow(index, error);
      }
    } else {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        return { index, reason: 'invalid-record', issues: [{ path: [], message: `Expected a row: an object of column values, got ${quoted(row)}` }] };
      }
      const record = row as Record<string, unknown>;
      try {
        for (let c = 0; c < names.length; c++) {
          const value = direct[c] === true ? record[names[c] as string] : (cells[c] as (row: Record<string, unknown>) => unknown)(record);
          values[c] = value;
          if (value !== undefined) seen[c] = 1;
        }
      } catch (error) {
        return unreadableRow(index, error);
      }
    }
    issues.length = 0;
    let personId: string | undefined;
    if (present(id)) personId = take(id, readId);
    else absent(id, 'id');
    let birthDate: IsoDate | undefined;
    if (present(birth)) birthDate = take(birth, readBirth);
    else absent(birth, BIRTH_WORDS[birthRole]);
    const personSex: Sex | undefined = take(sex, readSex);
    const deathDate = take(death, readZoned);
    if (deathDate !== undefined && birthDate !== undefined && deathDate < birthDate) {
      fault(death, `The date of death ${deathDate} is before the ${birthRole === 'birthDate' ? 'date of birth' : `birth date the ${birthRole === 'age' ? 'age' : 'birth column'} implies`}, ${birthDate}`);
    }
    const registrationDate = take(registration, readZoned);
    const deregistrationDate = take(deregistration, readZoned);
    if (deregistrationDate !== undefined && birthDate !== undefined && deregistrationDate < birthDate) {
      fault(deregistration, `The deregistration date ${deregistrationDate} is before the ${birthRole === 'birthDate' ? 'date of birth' : `birth date the ${birthRole === 'age' ? 'age' : 'birth column'} implies`}, ${birthDate}`);
    } else if (registrationDate !== undefined && deregistrationDate !== undefined && deregistrationDate < registrationDate) {
      fault(deregistration, `The deregistration date ${deregistrationDate} is before the registration date, ${registrationDate}`);
    }
    const imdDecile = take(imd, readDecile);
    const place = take(locality, readText);

    const markers: MarkerEntry[] = [];
    for (const flag of flags) {
      // The usual cells of a plain flag, read at once; anything else through its test.
      const cell = flag.plain ? values[flag.column] : undefined;
      if (cell === '0' || cell === 0) continue;
      const has = cell === '1' || cell === 1 || take(flag.column, flag.test);
      if (has !== true) continue;
      const from = take(flag.from, readZoned);
      const to = take(flag.to, readZoned);
      if (from !== undefined && to !== undefined && to < from) fault(flag.to, `The marker '${flag.id}' ends (${to}) before it starts (${from})`);
      else markers.push(from === undefined && to === undefined ? flag.id : datedEntry(flag.id, from, to));
    }
    if (markerList !== undefined && present(markerList.column)) {
      const problem = addListed(values[markerList.column], markerList.separator, codeOf, unmappedCodes, markers);
      if (problem !== undefined) fault(markerList.column, problem);
    }
    if (personId !== undefined && episodes !== undefined) {
      const found = episodes(personId);
      if (found !== undefined) for (const entry of found) markers.push(entry);
    }
    if (markers.length > MAX_MARKERS_PER_PERSON) {
      issues.push({ path: [], message: `The row gives ${markers.length.toLocaleString('en-GB')} markers: a person has at most ${MAX_MARKERS_PER_PERSON.toLocaleString('en-GB')}` });
    }

    if (issues.length > 0 || personId === undefined || birthDate === undefined) {
      const found = issues.slice();
      return personId === undefined || personId.length === 0 ? { index, reason: 'invalid-record', issues: found } : { index, id: personId, reason: 'invalid-record', issues: found };
    }
    const person: Record<string, unknown> = { id: personId, birthDate };
    if (personSex !== undefined) person['sex'] = personSex;
    if (deathDate !== undefined) person['deathDate'] = deathDate;
    if (registrationDate !== undefined) person['registrationDate'] = registrationDate;
    if (deregistrationDate !== undefined) person['deregistrationDate'] = deregistrationDate;
    if (imdDecile !== undefined) person['imdDecile'] = imdDecile;
    if (place !== undefined && place.length > 0) person['locality'] = place;
    person['markers'] = markers;
    return person as Person;
  };

  return { read, unmappedCodes, columns: names, seen, codeOf, zone, missing };
}

function readDecile(value: unknown): number | CellProblem {
  const n = readWholeNumber(value);
  if (isProblem(n)) return n;
  return n >= 1 && n <= 10 ? n : { problem: `An IMD decile runs from 1 (most deprived) to 10, got ${n}` };
}

/** A dated marker entry, with only the ends that are known. */
export function datedEntry(id: string, from: IsoDate | undefined, to: IsoDate | undefined): MarkerEntry {
  if (from !== undefined && to !== undefined) return { id, from, to };
  return from !== undefined ? { id, from } : to !== undefined ? { id, to } : id;
}

/**
 * Adds the markers of a list cell (text split at `separator`, or an array) to `markers`, each
 * code read through `codeOf`; counts the codes read as no marker. Returns a problem when the
 * cell is neither text nor a list of text.
 */
function addListed(value: unknown, separator: string, codeOf: MarkerCodeReader, unmapped: Map<string, number>, markers: MarkerEntry[]): string | undefined {
  let entries: readonly unknown[];
  if (typeof value === 'string') entries = value.split(separator);
  else if (Array.isArray(value)) entries = value.length > MAX_MARKERS_PER_PERSON ? value.slice(0, MAX_MARKERS_PER_PERSON + 1) : value;
  else return `Expected a list of markers separated by '${separator}', got ${quoted(value)}`;
  for (const entry of entries) {
    if (typeof entry !== 'string') return `Expected a list of marker codes, got ${quoted(entry)} in it`;
    const code = entry.trim();
    if (code.length === 0) continue;
    const ids = codeOf(code);
    if (ids === undefined) unmapped.set(code, (unmapped.get(code) ?? 0) + 1);
    else if (typeof ids === 'string') markers.push(ids);
    else for (const markerId of ids) markers.push(markerId);
    if (markers.length > MAX_MARKERS_PER_PERSON) return undefined;
  }
  return undefined;
}

const YEAR = /^\d{4}$/;
const YEAR_MONTH = /^(\d{4})-?(\d{2})$/;

/**
 * The reader of the birth column: a date as it is, or the birth date a partial one is taken
 * to mean, `birthDateAssumption` choosing the earliest or latest day of the range it allows.
 */
function birthReader(role: 'birthDate' | 'age' | 'yearOfBirth' | 'yearMonthOfBirth', asOf: IsoDate | undefined, assumption: 'earliest' | 'latest', zone: DateZone): (value: unknown) => IsoDate | CellProblem {
  const earliest = assumption === 'earliest';
  switch (role) {
    case 'birthDate':
      return (value) => readDate(value, zone);
    case 'age':
      return (value) => {
        const age = readWholeNumber(value);
        if (isProblem(age)) return age;
        if (age < 0 || age > MAX_AGE) return { problem: `An age runs from 0 to ${MAX_AGE} years, got ${age}` };
        // asOf is required with an age column (the schema says so).
        const on = asOf as IsoDate;
        // The earliest birth date for the age is in the year before the birthday's year.
        if (Number(on.slice(0, 4)) - age - (earliest ? 1 : 0) < 1) return { problem: `An age of ${age} on ${on} would put the birth before year 0001` };
        const day = earliest ? latestBirthDayAged(on, age + 1) + 1 : latestBirthDayAged(on, age);
        return fromEpochDay(day);
      };
    case 'yearOfBirth':
      return (value) => {
        const text = typeof value === 'number' ? String(value) : readText(value);
        if (isProblem(text) || !YEAR.test(text) || text === '0000') return { problem: `Expected a year of birth, four digits (1950), got ${quoted(value)}` };
        const year = Number(text);
        return earliest ? formatDate(year, 1, 1) : formatDate(year, 12, 31);
      };
    case 'yearMonthOfBirth':
      return (value) => {
        const text = readText(value);
        const match = isProblem(text) ? null : YEAR_MONTH.exec(text);
        const year = match === null ? 0 : Number(match[1]);
        const month = match === null ? 0 : Number(match[2]);
        if (year < 1 || month < 1 || month > 12) return { problem: `Expected a year and month of birth written YYYY-MM (1950-04), got ${quoted(value)}` };
        return formatDate(year, month, earliest ? 1 : daysInMonth(year, month));
      };
  }
}
