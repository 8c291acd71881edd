/**
 * fast-check building blocks shared by the segmentation property tests: calendar dates (with
 * leap days and month ends), valid people dated around an evaluation date, near-valid people
 * with one field corrupted, hostile junk rows, populations mixing them, random rules and random
 * segmentation models.
 *
 * Date arithmetic here is deliberately independent of phm-kit (it uses `Date.UTC`), so that the
 * generators cannot share a bug with the code under test.
 */
import fc from 'fast-check';
import { PhmModelError } from 'phm-kit';
import { defineModel, MARKER_CATALOGUE, type ModelSpec, type Person, type Rule, type SegmentationModel, type Sex } from 'phm-kit/segmentation';

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid `YYYY-MM-DD` date (years 1000-9999). */
export function epochDayOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
}

/** The `YYYY-MM-DD` date `day` days after 1970-01-01. */
export function isoOfEpochDay(day: number): string {
  const date = new Date(day * MS_PER_DAY);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** `iso` shifted by `days` days. */
export function shiftDays(iso: string, days: number): string {
  return isoOfEpochDay(epochDayOf(iso) + days);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The same month-day `years` earlier; 29 February falls back to 28 February in common years. */
export function yearsBefore(iso: string, years: number): string {
  const year = Number(iso.slice(0, 4)) - years;
  const monthDay = iso.slice(5) === '02-29' && !isLeapYear(year) ? '02-28' : iso.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

export const MIN_DAY = epochDayOf('1900-01-01');
export const MAX_DAY = epochDayOf('2030-12-31');

/** Leap days between 1900 and 2030 (1900 itself is not a leap year), with 2000 and 1904 favoured. */
export const leapDayArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('2000-02-29', '1904-02-29'),
  fc.integer({ min: 0, max: 31 }).map((k) => `${1904 + 4 * k}-02-29`),
);

const EDGE_MONTH_DAYS = ['01-01', '01-31', '02-01', '02-28', '03-01', '03-28', '03-29', '03-30', '03-31', '04-30', '05-31', '06-30', '07-31', '08-31', '09-30', '10-31', '11-30', '12-31'] as const;

/** Month ends and other days where month arithmetic and birthdays get interesting. */
export const edgeDateArb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1900, max: 2030 }), fc.constantFrom(...EDGE_MONTH_DAYS))
  .map(([year, monthDay]) => `${year}-${monthDay}`);

/** Any calendar date from 1900-01-01 to 2030-12-31, biased towards leap days and month ends. */
export const isoDateArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: MIN_DAY, max: MAX_DAY }).map(isoOfEpochDay) },
  { weight: 1, arbitrary: leapDayArb },
  { weight: 2, arbitrary: edgeDateArb },
);

/** Strings that look like dates but are not real calendar dates. */
export const invalidDateArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '2023-02-29',
    '1900-02-29',
    '2100-02-29',
    '2023-02-30',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '2023-01-32',
    '2023-1-01',
    '20230101',
    ' 2023-01-01',
    '2023-01-01 ',
    '2023-01-01T00:00:00Z',
    '0000-01-01',
    '+02023-01-01',
    '2023/01/01',
    '2023-０1-01',
    '',
  ),
  fc.integer({ min: 1900, max: 2030 }).filter((y) => !isLeapYear(y)).map((y) => `${y}-02-29`),
  fc.constantFrom(20230101, null, true, new Date(Date.UTC(2023, 0, 1)), ['2023-01-01'], { date: '2023-01-01' }),
);

// ---------------------------------------------------------------------------------------------
// Markers and people
// ---------------------------------------------------------------------------------------------

export const CATALOGUE_IDS: readonly string[] = MARKER_CATALOGUE.map((m) => m.id);

/** Catalogue markers that random models read most, so that random people often match them. */
export const HOT_MARKERS = [
  'end-of-life',
  'pregnancy',
  'frailty-moderate',
  'frailty-severe',
  'cancer',
  'dementia',
  'ltc-asthma',
  'ltc-copd',
  'ltc-diabetes',
  'learning-disability',
  'autism',
  'cancer-diagnosis-or-treatment',
] as const;

/** Marker ids no catalogue defines (one differs from a real id only by case). */
export const UNKNOWN_MARKERS = ['zz-unknown', 'Cancer', 'ltc-unknown', 'x', 'cancer ', 'organ-failure'] as const;

export const SEXES: readonly Sex[] = ['female', 'male', 'indeterminate', 'unknown'];

/** Person ids: a small pool so that duplicates are common, including hostile ones. */
export const ID_POOL = ['p1', 'p2', 'p3', 'p4', '__proto__', 'constructor', ' ', 'p1 '] as const;

export const LOCALITY_POOL = ['LCP 01', 'LCP 02', 'LCP 10', 'Z', 'a', '__proto__', 'constructor', 'ä'] as const;

const markerIdArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOT_MARKERS) },
  { weight: 4, arbitrary: fc.constantFrom(...CATALOGUE_IDS) },
  { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_MARKERS) },
);

/** Day offsets (before the evaluation date) at the edges of the usual look-back windows. */
const EDGE_OFFSETS = [0, 1, 2, 27, 28, 29, 30, 31, 32, 41, 42, 43, 58, 59, 60, 61, 62, 63, 89, 90, 91, 92, 93, 364, 365, 366, 367, 730, 731] as const;

/** A date near `asOf`: mostly before it, at window edges, sometimes after it. */
export function dateNear(asOf: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.constantFrom(...EDGE_OFFSETS).map((d) => -d) },
      { weight: 1, arbitrary: fc.constantFrom(1, 2, 30) },
      { weight: 3, arbitrary: fc.integer({ min: -1200, max: 200 }) },
    )
    .map((offset) => shiftDays(asOf, offset));
}

/** One valid marker entry: an id, or a dated object with optional, ordered `from` and `to`. */
export function markerEntryArb(asOf: string): fc.Arbitrary<Person['markers'][number]> {
  return fc.oneof(
    { weight: 3, arbitrary: markerIdArb },
    {
      weight: 4,
      arbitrary: fc
        .tuple(markerIdArb, fc.option(dateNear(asOf), { nil: undefined }), fc.option(dateNear(asOf), { nil: undefined }))
        .map(([id, a, b]) => {
          const [from, to] = a !== undefined && b !== undefined && b < a ? [b, a] : [a, b];
          return { id, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
        }),
    },
  );
}

/** Every catalogue marker, undated or dated so that it is active on `asOf`. */
function everyMarkerArb(asOf: string): fc.Arbitrary<Person['markers']> {
  return fc.boolean().map((dated) => CATALOGUE_IDS.map((id) => (dated ? { id, from: shiftDays(asOf, -10), to: asOf } : id)));
}

/** A birth date relative to `asOf`: any age, exact birthdays at ages 0 and 120, leap days, future. */
export function birthDateArb(asOf: string): fc.Arbitrary<string> {
  const asOfYear = Number(asOf.slice(0, 4));
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -400, max: 122 * 366 }).map((d) => shiftDays(asOf, -d)) },
    {
      weight: 3,
      // Exactly `age` years before asOf, or a day either side: birthdays of ages 0, 1, 17, 18, 65, 119, 120, 121.
      arbitrary: fc
        .tuple(fc.constantFrom(0, 0, 1, 17, 18, 64, 65, 119, 120, 120, 121), fc.constantFrom(-1, 0, 0, 1))
        .map(([age, delta]) => shiftDays(yearsBefore(asOf, age), delta)),
    },
    {
      weight: 2,
      // Leap-day births within 121 years before asOf (and the fixed 2000-02-29 and 1904-02-29).
      arbitrary: fc.oneof(
        fc.constantFrom('2000-02-29', '1904-02-29'),
        fc
          .integer({ min: asOfYear - 121, max: asOfYear })
          .map((y) => y - (((y % 4) + 4) % 4))
          .filter((y) => isLeapYear(y))
          .map((y) => `${y}-02-29`),
      ),
    },
    { weight: 1, arbitrary: isoDateArb },
  );
}

export interface PersonArbOptions {
  /** Ids to draw from; defaults to {@link ID_POOL} plus random strings. */
  readonly ids?: fc.Arbitrary<string>;
  /** Most marker entries per person (default 8). */
  readonly maxMarkers?: number;
}

const defaultIdArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ID_POOL) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
);

/**
 * Where a death date falls: on `asOf` or a day either side, anywhere within about five years of
 * it, or soon after birth. A date before the birth is moved to the birth day (still valid).
 */
const deathArb: fc.Arbitrary<{ readonly from: 'asOf' | 'birth'; readonly days: number }> = fc.oneof(
  fc.constantFrom(-1, 0, 1).map((days) => ({ from: 'asOf' as const, days })),
  fc.integer({ min: -2000, max: 2000 }).map((days) => ({ from: 'asOf' as const, days })),
  fc.integer({ min: 0, max: 100 }).map((days) => ({ from: 'birth' as const, days })),
);

/** Where a registration date or a deregistration date falls: days from asOf, the birth or the death. */
type DayNear = { readonly from: 'asOf' | 'birth' | 'death'; readonly days: number };

const dayNearArb: fc.Arbitrary<DayNear> = fc.oneof(
  fc.constantFrom(-1, 0, 1).map((days) => ({ from: 'asOf' as const, days })),
  fc.integer({ min: -2000, max: 2000 }).map((days) => ({ from: 'asOf' as const, days })),
  fc.integer({ min: 0, max: 100 }).map((days) => ({ from: 'birth' as const, days })),
  fc.constantFrom(-1, 0, 1, 30).map((days) => ({ from: 'death' as const, days })),
);

/** A registration, a deregistration or both, each near asOf, the birth or the death (hot edges). */
const registrationArb = fc.record({
  start: fc.option(dayNearArb, { nil: undefined, freq: 2 }),
  end: fc.option(dayNearArb, { nil: undefined, freq: 2 }),
});

/** The dates of a registration near a person's own dates; a deregistration before the birth or the registration is moved onto the later of them. */
function registrationDates(
  registration: { readonly start?: DayNear | undefined; readonly end?: DayNear | undefined } | undefined,
  at: { readonly asOf: string; readonly birthDate: string; readonly deathDate: string | undefined },
): { registrationDate?: string; deregistrationDate?: string } {
  const dateOf = (near: DayNear | undefined): string | undefined => {
    if (near === undefined) return undefined;
    const anchor = near.from === 'asOf' ? at.asOf : near.from === 'birth' ? at.birthDate : (at.deathDate ?? at.asOf);
    return shiftDays(anchor, near.days);
  };
  const registrationDate = dateOf(registration?.start);
  const end = dateOf(registration?.end);
  const floor = registrationDate !== undefined && registrationDate > at.birthDate ? registrationDate : at.birthDate;
  const deregistrationDate = end === undefined || end >= floor ? end : floor;
  return { ...(registrationDate === undefined ? {} : { registrationDate }), ...(deregistrationDate === undefined ? {} : { deregistrationDate }) };
}

/** A valid person (per PersonSchema) dated around `asOf`: may be dead, deregistered, or not yet born or registered. */
export function personArb(asOf: string, options: PersonArbOptions = {}): fc.Arbitrary<Person> {
  const maxMarkers = options.maxMarkers ?? 8;
  return fc
    .record({
      id: options.ids ?? defaultIdArb,
      birthDate: birthDateArb(asOf),
      sex: fc.option(fc.constantFrom(...SEXES), { nil: undefined, freq: 4 }),
      death: fc.option(deathArb, { nil: undefined, freq: 5 }),
      // One person in four has registration dates: enough to reach every edge, without making
      // most people excluded in the properties that check classification.
      registration: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: registrationArb }),
      imdDecile: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined, freq: 5 }),
      locality: fc.option(fc.constantFrom(...LOCALITY_POOL), { nil: undefined, freq: 4 }),
      markers: fc.oneof(
        { weight: 2, arbitrary: fc.constant([]).map((): Person['markers'] => []) },
        { weight: 12, arbitrary: fc.array(markerEntryArb(asOf), { maxLength: maxMarkers }) },
        { weight: 1, arbitrary: everyMarkerArb(asOf) },
      ),
      extra: fc.option(fc.record({ nhsNumber: fc.string(), note: fc.integer() }), { nil: undefined, freq: 6 }),
    })
    .map(({ id, birthDate, sex, death, registration, imdDecile, locality, markers, extra }): Person => {
      const candidate = death === undefined ? undefined : shiftDays(death.from === 'asOf' ? asOf : birthDate, death.days);
      const deathDate = candidate === undefined || candidate >= birthDate ? candidate : birthDate;
      const { registrationDate, deregistrationDate } = registrationDates(registration, { asOf, birthDate, deathDate });
      return {
        ...extra,
        id,
        birthDate,
        ...(sex === undefined ? {} : { sex }),
        ...(deathDate === undefined ? {} : { deathDate }),
        ...(registrationDate === undefined ? {} : { registrationDate }),
        ...(deregistrationDate === undefined ? {} : { deregistrationDate }),
        ...(imdDecile === undefined ? {} : { imdDecile }),
        ...(locality === undefined ? {} : { locality }),
        markers,
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Near-valid and junk rows
// ---------------------------------------------------------------------------------------------

const badMarkerEntryArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('', 1, null, undefined, true, {}, { id: '' }, { id: 1 }, ['cancer'], { from: '2020-01-01' }, { id: null }),
  fc.constantFrom(
    { id: 'cancer', from: '2023-02-29' },
    { id: 'cancer', to: '2023-13-01' },
    { id: 'cancer', from: 20200101 },
    { id: 'cancer', from: null },
    { id: 'pregnancy', from: '2024-03-01', to: '2023-12-01' },
    { id: 'pregnancy', from: '2024-01-02', to: '2024-01-01' },
  ),
);

/** Replaces, deletes or adds one field of a valid person so that it is (usually) no longer valid. */
function corrupt(person: Person, asOf: string): fc.Arbitrary<unknown> {
  const set = (key: string, value: unknown): Record<string, unknown> => ({ ...person, [key]: value });
  const without = (key: string): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...person };
    delete copy[key];
    return copy;
  };
  return fc.oneof(
    fc.constantFrom('', 1, null, ['p1'], {}, undefined).map((v) => set('id', v)),
    fc.constant(without('id')),
    invalidDateArb.map((v) => set('birthDate', v)),
    fc.constant(without('birthDate')),
    fc.constantFrom('Female', '', 'other', 'F', 1, null, ['female']).map((v) => set('sex', v)),
    // A death before birth (invalid), on the birth day (valid), or a malformed date.
    fc.constantFrom(-1, -365, 0).map((d) => set('deathDate', shiftDays(person.birthDate, d))),
    invalidDateArb.map((v) => set('deathDate', v)),
    invalidDateArb.map((v) => set('registrationDate', v)),
    invalidDateArb.map((v) => set('deregistrationDate', v)),
    // A deregistration before the birth (invalid) or on its day (valid).
    fc.constantFrom(-1, -365, 0).map((d) => set('deregistrationDate', shiftDays(person.birthDate, d))),
    // A deregistration before the registration (invalid) or on its day (valid).
    fc.tuple(dateNear(asOf), fc.constantFrom(-1, -30, 0)).map(([from, d]) => ({ ...person, registrationDate: from, deregistrationDate: shiftDays(from, d) })),
    fc.constantFrom(0, 11, 1.5, Number.NaN, '3', Number.POSITIVE_INFINITY, -1, null, 10.000001, 1, 10).map((v) => set('imdDecile', v)),
    fc.constantFrom('', 1, null, ['LCP 01'], {}).map((v) => set('locality', v)),
    fc.constantFrom('cancer', null, {}, { 0: 'cancer', length: 1 }, undefined).map((v) => set('markers', v)),
    fc.constant(without('markers')),
    fc
      .tuple(badMarkerEntryArb, fc.nat())
      .map(([bad, at]) => set('markers', [...person.markers.slice(0, at % (person.markers.length + 1)), bad, ...person.markers.slice(at % (person.markers.length + 1))])),
    fc.tuple(dateNear(asOf), fc.integer({ min: 1, max: 400 })).map(([to, gap]) => set('markers', [{ id: 'pregnancy', from: shiftDays(to, gap), to }])),
    fc.constantFrom('sexx', 'birthdate', 'marker').map((key) => ({ ...person, [key]: 'extra' })),
  );
}

/** A valid person with one field corrupted (sometimes still valid: e.g. imdDecile 10). */
export function nearValidPersonArb(asOf: string, options: PersonArbOptions = {}): fc.Arbitrary<unknown> {
  return personArb(asOf, options).chain((person) => corrupt(person, asOf));
}

/** How fast-check prints hostile rows without touching their traps and getters. */
function labelled<T extends object>(value: T, label: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => label, enumerable: false });
  return value;
}

/** An object whose named field is a getter that throws. */
export function throwingGetterRow(person: Person, field: string): unknown {
  const row: Record<string, unknown> = { ...person };
  delete row[field];
  Object.defineProperty(row, field, {
    enumerable: true,
    configurable: true,
    get() {
      throw new Error(`getter ${field} throws`);
    },
  });
  return labelled(row, `<${JSON.stringify(person)} with a throwing ${field} getter>`);
}

/** A Proxy that throws on every property read (symbol reads answer, so that it can be printed). */
export function throwingProxyRow(target: object): unknown {
  return new Proxy(labelled({ ...target }, '<Proxy that throws>'), {
    get(t, key) {
      if (typeof key === 'symbol') return Reflect.get(t, key);
      throw new Error(`proxy read of ${String(key)}`);
    },
    has(t, key) {
      if (typeof key === 'symbol') return Reflect.has(t, key);
      throw new Error(`proxy has ${key}`);
    },
  });
}

/** A person whose marker entry (at the end of the list) has a getter that throws. */
function throwingMarkerRow(person: Person): unknown {
  const entry = labelled({}, '<marker entry with a throwing id getter>');
  Object.defineProperty(entry, 'id', {
    enumerable: true,
    get() {
      throw new Error('marker getter throws');
    },
  });
  return labelled({ ...person, markers: [...person.markers, entry] }, `<${person.id} with a throwing marker entry>`);
}

const PERSON_FIELDS = ['id', 'birthDate', 'sex', 'deathDate', 'registrationDate', 'deregistrationDate', 'imdDecile', 'locality', 'markers'] as const;

/** Rows that are not people at all, wrong field types, and rows that throw when read. */
export function junkRowArb(asOf: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(null, undefined),
    fc.constantFrom(0, 42, Number.NaN, '', 'not a person', true, [], ['p1', '2000-01-01'], {}),
    fc.oneof(fc.integer(), fc.double(), fc.string(), fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 })),
    fc.anything({ maxDepth: 2, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true }),
    fc.record({ id: fc.anything({ maxDepth: 1 }), birthDate: fc.anything({ maxDepth: 1 }), markers: fc.anything({ maxDepth: 1 }) }),
    fc.record({ id: fc.integer(), birthDate: fc.integer(), markers: fc.string() }),
    fc.tuple(personArb(asOf), fc.constantFrom(...PERSON_FIELDS)).map(([p, field]) => throwingGetterRow(p, field)),
    personArb(asOf).map((p) => throwingProxyRow(p)),
    personArb(asOf).map((p) => throwingMarkerRow(p)),
  );
}

export interface PopulationArbOptions extends PersonArbOptions {
  readonly maxLength?: number;
  /** Relative weights of valid people, near-valid people and junk rows. */
  readonly weights?: readonly [number, number, number];
}

/** 0 to 30 rows (mostly under 10, one population in ten from 20 up): mostly valid people, some near-valid, some junk. */
export function populationArb(asOf: string, options: PopulationArbOptions = {}): fc.Arbitrary<unknown[]> {
  const [valid, near, junk] = options.weights ?? [12, 2, 2];
  const maxLength = options.maxLength ?? 30;
  const row = fc.oneof(
    { weight: valid, arbitrary: personArb(asOf, options) as fc.Arbitrary<unknown> },
    { weight: near, arbitrary: nearValidPersonArb(asOf, options) },
    { weight: junk, arbitrary: junkRowArb(asOf) },
  );
  return fc.oneof(
    { weight: 9, arbitrary: fc.array(row, { maxLength }) },
    { weight: 1, arbitrary: fc.array(row, { minLength: Math.min(20, maxLength), maxLength }) },
  );
}

/** An evaluation date and a population dated around it. */
export function scenarioArb(options: PopulationArbOptions = {}): fc.Arbitrary<{ asOf: string; rows: unknown[] }> {
  return isoDateArb.chain((asOf) => populationArb(asOf, options).map((rows) => ({ asOf, rows })));
}

// ---------------------------------------------------------------------------------------------
// Rules and models
// ---------------------------------------------------------------------------------------------

export const lookBackArb = fc.oneof(
  fc.constantFrom({ days: 1 }, { days: 28 }, { days: 30 }, { days: 31 }, { days: 42 }, { days: 365 }),
  fc.constantFrom({ months: 1 }, { months: 2 }, { months: 3 }, { months: 12 }),
  fc.integer({ min: 1, max: 800 }).map((days) => ({ days })),
  fc.integer({ min: 1, max: 30 }).map((months) => ({ months })),
);

const ruleMarkerArb: fc.Arbitrary<string> = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...HOT_MARKERS) }, { weight: 1, arbitrary: fc.constantFrom(...CATALOGUE_IDS) });

const ageThresholdArb = fc.oneof(fc.constantFrom(0, 1, 17, 18, 65, 120, 121), fc.integer({ min: 0, max: 150 }));

const leafRuleArb: fc.Arbitrary<Rule> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(ruleMarkerArb, fc.option(lookBackArb, { nil: undefined })).map(([marker, within]): Rule => (within === undefined ? { marker } : { marker, within })) },
  { weight: 1, arbitrary: ageThresholdArb.map((ageAtLeast): Rule => ({ ageAtLeast })) },
  { weight: 1, arbitrary: ageThresholdArb.map((ageBelow): Rule => ({ ageBelow })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.uniqueArray(ruleMarkerArb, { minLength: 1, maxLength: 4 }), fc.nat(), fc.option(lookBackArb, { nil: undefined, freq: 2 }))
      .map(([of, k, within]): Rule => ({ atLeast: 1 + (k % of.length), of, ...(within === undefined ? {} : { within }) })),
  },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...SEXES), fc.uniqueArray(fc.constantFrom(...SEXES), { minLength: 1, maxLength: 3 })).map((sex): Rule => ({ sex })) },
);

/** A random, well-formed rule over catalogue markers, ages, sex and look-back windows. */
export const ruleArb: fc.Arbitrary<Rule> = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'rule' },
    { weight: 5, arbitrary: leafRuleArb },
    { weight: 1, arbitrary: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((all): Rule => ({ all })) },
    { weight: 1, arbitrary: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((any): Rule => ({ any })) },
    { weight: 1, arbitrary: tie('rule').map((not): Rule => ({ not })) },
  ),
})).rule;

/** Kebab-case segment ids, including names of Object.prototype members. */
const segmentIdArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('constructor', 'to-string', 'value-of', 'has-own-property', 'proto', 'a', 'b1', 'c-1', 'x-y-z'),
  fc.stringMatching(/^[a-z][a-z0-9]{0,4}$/),
);

type SegmentInput = ModelSpec['segments'][number];
type SubsegmentInput = { id: string; label: string; rule: Rule };

const subsegmentsArb: fc.Arbitrary<SubsegmentInput[] | undefined> = fc.option(
  fc.uniqueArray(segmentIdArb, { minLength: 1, maxLength: 2 }).chain((ids) =>
    fc.tuple(...ids.map(() => ruleArb)).map((rules) => ids.map((id, j) => ({ id, label: `Sub ${id}`, rule: rules[j] as Rule }))),
  ),
  { nil: undefined, freq: 2 },
);

/** A random model spec: 1 to 8 segments, the last the catch-all. Some segments may be unreachable. */
export const rawModelSpecArb: fc.Arbitrary<ModelSpec> = fc
  .uniqueArray(segmentIdArb, { minLength: 1, maxLength: 8 })
  .chain((ids) =>
    fc.tuple(fc.tuple(...ids.map(() => fc.tuple(ruleArb, subsegmentsArb))), fc.option(fc.array(ruleArb, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 3 })).map(([parts, overlays]): ModelSpec => ({
      id: 'random-model',
      label: 'A random model',
      segments: ids.map((id, i): SegmentInput => {
        const [rule, subsegments] = parts[i] as [Rule, SubsegmentInput[] | undefined];
        const sub = subsegments === undefined ? {} : { subsegments };
        return i === ids.length - 1 ? { id, label: `Segment ${id}`, catchAll: true, ...sub } : { id, label: `Segment ${id}`, rule, ...sub };
      }),
      // Overlays, flags beside the hierarchy, on some models.
      ...(overlays === undefined ? {} : { overlays: overlays.map((rule, k) => ({ id: `overlay-${k}`, label: `Overlay ${k}`, rule })) }),
    })),
  );

/** What `defineModel` said could never happen in a spec: checked against generated people. */
export type UnreachabilityClaim =
  | { readonly kind: 'segment'; readonly spec: ModelSpec; readonly segment: number }
  | { readonly kind: 'subsegment'; readonly spec: ModelSpec; readonly segment: number; readonly subsegment: number }
  | { readonly kind: 'catch-all'; readonly spec: ModelSpec };

export interface ModelCase {
  /** The spec after unreachable segments were dropped: `defineModel` accepts it. */
  readonly spec: ModelSpec;
  readonly model: SegmentationModel;
  readonly claims: readonly UnreachabilityClaim[];
}

/**
 * Makes a random spec usable: while `defineModel` reports unreachable segments, drop them (and
 * unreachable sub-segments; when the catch-all is unreachable, the last rule segment), recording
 * each claim so that a property can check it against people.
 */
export function repairModel(raw: ModelSpec): ModelCase {
  let spec = raw;
  const claims: UnreachabilityClaim[] = [];
  for (let round = 0; round < 20; round++) {
    let problem: PhmModelError;
    try {
      return { spec, model: defineModel(spec), claims };
    } catch (error) {
      if (!(error instanceof PhmModelError) || error.code !== 'unreachable-segment') throw error;
      problem = error;
    }
    const last = spec.segments.length - 1;
    const dropSegments = new Set<number>();
    const dropSubsegments = new Map<number, Set<number>>();
    let catchAllUnreachable = false;
    for (const issue of problem.issues) {
      if (issue.code !== 'unreachable-segment') throw problem;
      const [, i, , j] = issue.path;
      if (typeof i !== 'number') throw problem;
      if (typeof j === 'number') {
        claims.push({ kind: 'subsegment', spec, segment: i, subsegment: j });
        const set = dropSubsegments.get(i) ?? new Set<number>();
        set.add(j);
        dropSubsegments.set(i, set);
      } else if (i === last) {
        claims.push({ kind: 'catch-all', spec });
        catchAllUnreachable = true;
      } else {
        claims.push({ kind: 'segment', spec, segment: i });
        dropSegments.add(i);
      }
    }
    let segments: SegmentInput[] = spec.segments
      .map((segment, i): SegmentInput => {
        const drop = dropSubsegments.get(i);
        if (drop === undefined || segment.subsegments === undefined) return segment;
        const kept = segment.subsegments.filter((_, j) => !drop.has(j));
        const { subsegments: _, ...rest } = segment;
        return kept.length === 0 ? rest : { ...rest, subsegments: kept };
      })
      .filter((_, i) => !dropSegments.has(i));
    if (catchAllUnreachable) segments = [...segments.slice(0, -2), ...segments.slice(-1)];
    spec = { ...spec, segments };
  }
  throw new Error(`repairModel did not converge for ${JSON.stringify(raw)}`);
}

/** A random model that `defineModel` accepts, with the unreachability claims made on the way. */
export const modelCaseArb: fc.Arbitrary<ModelCase> = rawModelSpecArb.map(repairModel);

/** Deep-freezes plain data without reading accessors (getters that throw stay untouched). */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  try {
    Object.freeze(value);
    for (const descriptor of Object.values(Object.getOwnPropertyDescriptors(value))) {
      if ('value' in descriptor) deepFreeze(descriptor.value);
    }
  } catch {
    // Proxies with hostile traps, exotic objects: left as they are.
  }
  return value;
}
