/**
 * Any population written out as rows in each layout an extract arrives in (wide 0/1 flags, a
 * list column, two tables, all-string CSV values, database values with null and Date), read
 * back by peopleFromRows, segments exactly as segmentPopulation on the original people; and
 * hostile rows are rejected with the column named, every row accounted for.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { bridgesToHealth, isRejectedRow, leeds2017, leeds2024, peopleFromRows, peopleFromRowStream, segmentPopulation, type MarkerEntry, type Person, type PeopleFromRowsOptions, type SegmentationModel } from 'phm-kit/segmentation';
import { CATALOGUE_IDS, isoDateArb, personArb, UNKNOWN_MARKERS } from '../arbitraries.js';
import { asyncProperty, property } from '../../support/property.js';

const SEED = 0x1_9e57;
const MISSING = ['NA', 'N/A', 'NULL', 'null', 'NaN', '.'];

/** Ids and marker ids that read back as themselves: no white space around them, not a missing marker, no separator. */
const stable = (text: string) => text.trim() === text && text.length > 0 && !MISSING.includes(text) && !text.includes(';');
const MARKER_IDS = [...CATALOGUE_IDS, ...UNKNOWN_MARKERS.filter(stable)];
const idArb = fc.string({ minLength: 1, maxLength: 8 }).filter(stable);

const NHS_SEX: Record<string, readonly string[]> = { male: ['1', 'M', 'male', 'm'], female: ['2', 'F', 'female', 'f'], indeterminate: ['9'], unknown: ['0', 'X', 'x'] };

type Layout = 'wide' | 'list' | 'tables' | 'database';

interface Written {
  readonly rows: Record<string, unknown>[];
  readonly episodes: Record<string, unknown>[];
  readonly options: PeopleFromRowsOptions;
}

const localDate = (iso: string): Date => {
  const date = new Date(2000, 0, 1);
  date.setFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return date;
};

const isDated = (m: MarkerEntry): m is Exclude<MarkerEntry, string> => typeof m !== 'string' && (m.from !== undefined || m.to !== undefined);
const idOf = (m: MarkerEntry) => (typeof m === 'string' ? m : m.id);

/** How to write each cell: a choice per cell, drawn by fast-check. */
interface Style {
  readonly missing: string;
  readonly pick: number;
  readonly pad: boolean;
}
const styleArb: fc.Arbitrary<Style> = fc.record({ missing: fc.constantFrom('', 'NA', 'NULL', ' ', 'N/A'), pick: fc.nat(), pad: fc.boolean() });

function write(people: readonly Person[], layout: Layout, style: Style): Written {
  const text = (value: string) => (style.pad ? ` ${value} ` : value);
  const absent = layout === 'database' ? null : style.missing;
  const episodes: Record<string, unknown>[] = [];
  const episode = (id: string, m: MarkerEntry) => {
    const from = typeof m === 'string' ? undefined : m.from;
    const to = typeof m === 'string' ? undefined : m.to;
    const date = (d: string | undefined) => (d === undefined ? absent : layout === 'database' ? localDate(d) : d);
    episodes.push({ person_id: layout === 'database' ? id : id, marker: idOf(m), from_date: date(from), to_date: date(to) });
  };
  const rows = people.map((p, i) => {
    const row: Record<string, unknown> = {
      person_id: p.id,
      birth_date: layout === 'database' ? localDate(p.birthDate) : p.birthDate,
      sex: p.sex === undefined ? absent : layout === 'database' ? p.sex : text(NHS_SEX[p.sex]![(style.pick + i) % NHS_SEX[p.sex]!.length]!),
      death_date: p.deathDate === undefined ? absent : layout === 'database' ? localDate(p.deathDate) : `${p.deathDate}${i % 2 === 0 ? '' : ' 00:00:00'}`,
      registration_date: p.registrationDate === undefined ? absent : layout === 'database' ? localDate(p.registrationDate) : p.registrationDate,
      deregistration_date: p.deregistrationDate === undefined ? absent : layout === 'database' ? localDate(p.deregistrationDate) : `${p.deregistrationDate}${i % 2 === 1 ? '' : 'T00:00:00'}`,
      imd_decile: p.imdDecile === undefined ? absent : layout === 'database' ? p.imdDecile : text(String(p.imdDecile)),
      locality: p.locality ?? absent,
    };
    const undated = p.markers.filter((m) => !isDated(m)).map(idOf);
    const dated = p.markers.filter(isDated);
    if (layout === 'wide') {
      const on = ['1', 'Y', 'yes', 'true', 'T'];
      const off = ['0', 'N', 'no', 'false', style.missing];
      MARKER_IDS.forEach((id, k) => {
        row[`flag ${id}`] = undated.includes(id) ? on[(style.pick + k) % on.length] : off[(style.pick + k + i) % off.length];
      });
      for (const m of dated) episode(p.id, m);
    } else if (layout === 'list') {
      row['markers'] = undated.map((id) => (style.pad ? ` ${id}` : id)).join(';');
      for (const m of dated) episode(p.id, m);
    } else {
      for (const m of p.markers) episode(p.id, m);
    }
    return row;
  });
  const options: PeopleFromRowsOptions = {
    ...(layout === 'wide' ? { markers: Object.fromEntries(MARKER_IDS.map((id) => [id, { column: `flag ${id}` }])) } : {}),
    ...(layout === 'list' ? { markerList: { column: 'markers' } } : {}),
    personMarkers: episodes,
  };
  return { rows, episodes, options };
}

const modelArb: fc.Arbitrary<SegmentationModel> = fc.constantFrom(leeds2024, leeds2017, bridgesToHealth);
const layoutArb: fc.Arbitrary<Layout> = fc.constantFrom('wide', 'list', 'tables', 'database');

const scenarioArb = isoDateArb.chain((asOf) =>
  fc.record({
    asOf: fc.constant(asOf),
    people: fc.uniqueArray(personArb(asOf, { ids: idArb }), { selector: (p) => p.id, maxLength: 12 }).map((people) =>
      // Marker ids that read back as themselves (an id with spaces around it is trimmed, as a CSV reader would).
      people.map((p) => ({ ...p, markers: p.markers.filter((m) => stable(idOf(m))) })),
    ),
    layout: layoutArb,
    style: styleArb,
    model: modelArb,
    arrays: fc.boolean(),
  }),
);

/**
 * The same rows as arrays of values with a header (what a CSV parser gives without
 * `columns: true`), the columns in an order of their own and one more that nothing reads.
 */
function asArrays(written: Written, style: Style): { rows: unknown[][]; options: PeopleFromRowsOptions } {
  const names = [...new Set(written.rows.flatMap((row) => Object.keys(row))), 'unread'];
  const header = style.pick % 2 === 0 ? names : [...names].reverse();
  const rows = written.rows.map((row) => header.map((name) => (name === 'unread' ? 'x' : row[name])));
  return { rows, options: { ...written.options, header } };
}

describe('peopleFromRows: every layout reads back the population written', () => {
  property('wide flags, a list column, two tables and database values, as objects or as arrays with a header, segment as the original people', SEED, scenarioArb, ({ asOf, people, layout, style, model, arrays }) => {
    const { rows, options }: { rows: readonly unknown[]; options: PeopleFromRowsOptions } = arrays ? asArrays(write(people, layout, style), style) : write(people, layout, style);
    const read = peopleFromRows(rows, options);
    expect(read.rejected).toEqual([]);
    expect(read.total).toBe(people.length);
    expect(read.indices).toEqual(people.map((_, i) => i));
    expect(read.markerRows?.used).toBe(read.markerRows?.total);
    const expected = segmentPopulation(people, model, { asOf });
    const actual = segmentPopulation(read.people, model, { asOf });
    expect(actual.assignments.map((a) => [a.personId, a.segment, a.subsegments, a.matched, a.reason])).toEqual(expected.assignments.map((a) => [a.personId, a.segment, a.subsegments, a.matched, a.reason]));
    expect(actual.excluded).toEqual(expected.excluded);
    expect(actual.counts).toEqual(expected.counts);
  });
});

/** One way to spoil a row, and the column whose issue must say so. */
const spoilArb = fc.constantFrom(
  { column: 'person_id', value: '' },
  { column: 'person_id', value: undefined },
  { column: 'birth_date', value: '2023-02-29' },
  { column: 'birth_date', value: '01/04/1950' },
  { column: 'death_date', value: 'yesterday' },
  { column: 'sex', value: 'other' },
  { column: 'imd_decile', value: '0' },
  { column: 'imd_decile', value: 'three' },
  { column: 'flag cancer', value: 'perhaps' },
);

const hostileArb = isoDateArb.chain((asOf) =>
  fc.record({
    people: fc.uniqueArray(personArb(asOf, { ids: idArb }), { selector: (p) => p.id, minLength: 1, maxLength: 10 }),
    spoils: fc.array(fc.tuple(fc.nat(), spoilArb), { maxLength: 4 }),
    duplicate: fc.option(fc.tuple(fc.nat(), fc.nat()), { nil: undefined }),
    style: styleArb,
  }),
);

describe('peopleFromRows: hostile rows', () => {
  property('a spoilt cell rejects its row with that column named; shared ids reject every row that has them; every row is accounted for', SEED + 1, hostileArb, ({ people, spoils, duplicate, style }) => {
    const { rows, options } = write(people.map((p) => ({ ...p, markers: p.markers.filter((m) => stable(idOf(m))) })), 'wide', style);
    const spoilt = new Map<number, Set<string>>();
    for (const [at, { column, value }] of spoils) {
      const i = at % rows.length;
      if (value === undefined) delete rows[i]![column];
      else rows[i]![column] = value;
      // A date of death is only read against a birth date that could be read.
      spoilt.set(i, (spoilt.get(i) ?? new Set()).add(column));
    }
    let shared: number[] = [];
    if (duplicate !== undefined && rows.length > 1) {
      const [a, b] = [duplicate[0] % rows.length, duplicate[1] % rows.length];
      if (a !== b && !spoilt.get(a)?.has('person_id') && !spoilt.get(b)?.has('person_id')) {
        rows[b]!['person_id'] = rows[a]!['person_id'];
        shared = [a, b];
      }
    }
    const read = peopleFromRows(rows, options);
    expect(read.people.length + read.rejected.length).toBe(rows.length);
    expect(new Set([...read.indices, ...read.rejected.map((r) => r.index)]).size).toBe(rows.length);
    for (const [i, columns] of spoilt) {
      const rejection = read.rejected.find((r) => r.index === i);
      expect(rejection?.reason).toBe('invalid-record');
      const named = new Set(rejection?.issues.map((issue) => issue.path[0]));
      // Each spoilt column is named, except a death date the spoilt birth date keeps from being compared.
      for (const column of columns) expect(named.has(column)).toBe(true);
      expect(rejection?.issues.every((issue) => typeof issue.path[0] === 'string')).toBe(true);
    }
    for (const i of shared) {
      if (spoilt.has(i)) continue;
      const rejection = read.rejected.find((r) => r.index === i);
      if (shared.every((j) => !spoilt.has(j))) expect(rejection?.reason).toBe('duplicate-id');
      else expect(rejection === undefined || rejection.reason === 'duplicate-id').toBe(true);
    }
    const clean = rows.map((_, i) => i).filter((i) => !spoilt.has(i) && !(shared.length === 2 && shared.every((j) => !spoilt.has(j)) && shared.includes(i)));
    expect(read.indices).toEqual(clean.filter((i) => !(shared.includes(i) && shared.every((j) => !spoilt.has(j)))));
  });
});

describe('peopleFromRowStream: the twin of peopleFromRows', () => {
  asyncProperty('yields, row by row, the person or the rejection peopleFromRows gives (ids unique), and sums up the same', SEED + 2, hostileArb, async ({ people, spoils, style }) => {
    const { rows, options } = write(people.map((p) => ({ ...p, markers: p.markers.filter((m) => stable(idOf(m))) })), 'wide', style);
    for (const [at, { column, value }] of spoils) {
      const row = rows[at % rows.length]!;
      if (value === undefined) delete row[column];
      else row[column] = value;
    }
    const batch = peopleFromRows(rows, options);
    const stream = peopleFromRowStream(rows, options);
    const items: unknown[] = [];
    for await (const item of stream.people) items.push(item);
    expect(items).toHaveLength(rows.length);
    expect(items.filter((item) => !isRejectedRow(item))).toEqual(batch.people);
    expect(items.filter(isRejectedRow).map((item) => item.rejection)).toEqual(batch.rejected);
    const summary = stream.summary();
    expect([summary.read, summary.people, summary.rejected]).toEqual([batch.total, batch.people.length, batch.rejected.length]);
    expect(summary.markerRows).toEqual(batch.markerRows);
    expect(summary.absentColumns).toEqual(batch.absentColumns);
  });
});
