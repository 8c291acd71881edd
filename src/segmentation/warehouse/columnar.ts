import type { DeepReadonly } from '../../core/freeze.js';
import * as z from 'zod';
import { FIRST_EPOCH_DAY, IsoDateSchema, LAST_EPOCH_DAY, toEpochDay, type IsoDate } from '../../core/dates.js';
import { PhmValidationError, type PhmIssue } from '../../core/errors.js';
import { describeIssues, parseInput } from '../../core/validation.js';
import { countOf } from '../../core/words.js';
import { CHUNK_ROWS, CHUNK_WORDS, compileChunkProgram, type MarkerColumn } from './columnar-rules.js';
import { conditionPlaces, defineModel, type ModelSpec, type SegmentationModel } from '../model/model.js';
import type { Person } from '../records/person.js';
import { MAX_BATCH_ROWS, unreadableValue } from '../records/rows.js';
import { createRowScreen, type Rejection } from '../records/screen.js';
import { markerReferences, type Rule } from '../model/rule.js';
import { CONDITION_COUNT_BANDS, type ConditionCountBand, type SegmentTally } from '../population/counts.js';

/**
 * Sex codes of a `sex` column: the code is the index. {@link NO_SEX} is "not recorded".
 *
 * @example
 * const sex = Uint8Array.from(people, (p) => (p.sex === undefined ? NO_SEX : SEX_CODES.indexOf(p.sex)));
 */
export const SEX_CODES = Object.freeze(['female', 'male', 'indeterminate', 'unknown'] as const);

/**
 * "Not recorded" in a `sex` column: 255, outside {@link SEX_CODES}.
 *
 * @example
 * const sex = new Uint8Array(rows).fill(NO_SEX); // no one's sex recorded yet
 */
export const NO_SEX = 255;

/**
 * "No date" in an Int32Array day column (where Arrow date32 would have a null).
 *
 * @example
 * const deathDay = new Int32Array(rows).fill(NO_DAY); // no one has died
 */
export const NO_DAY = -2147483648;

/**
 * The code of a row whose death day is on or before the evaluation date. Codes below zero are
 * rows that are not assigned; segment codes are indices in `model.segments`.
 *
 * @example
 * const { codes } = segmentColumns(columns, leeds2024, { asOf: '2024-04-01' });
 * const deceased = codes.filter((c) => c === CODE_DECEASED).length;
 */
export const CODE_DECEASED = -1;

/**
 * The code of a row whose birth day is after the evaluation date: not yet part of the population.
 *
 * @example
 * const { codes } = segmentColumns(columns, leeds2024, { asOf: '2024-04-01' });
 * const notYetBorn = codes.filter((c) => c === CODE_NOT_YET_BORN).length;
 */
export const CODE_NOT_YET_BORN = -2;

/**
 * The code of a row that was rejected; the result's `rejected` says why.
 *
 * @example
 * const { codes, rejected } = segmentColumns(columns, leeds2024, { asOf: '2024-04-01' });
 * rejected.every((r) => codes[r.index] === CODE_REJECTED); // true
 */
export const CODE_REJECTED = -3;

/**
 * The code of a row whose deregistration day is on or before the evaluation date (and before
 * any death day): it has left the registered population.
 *
 * @example
 * const { codes } = segmentColumns(columns, leeds2024, { asOf: '2024-04-01' });
 * const deregistered = codes.filter((c) => c === CODE_DEREGISTERED).length;
 */
export const CODE_DEREGISTERED = -4;

/**
 * The code of a row born by the evaluation date whose registration day is after it: not yet in
 * the registered population.
 *
 * @example
 * const { codes } = segmentColumns(columns, leeds2024, { asOf: '2024-04-01' });
 * const notYetRegistered = codes.filter((c) => c === CODE_NOT_YET_REGISTERED).length;
 */
export const CODE_NOT_YET_REGISTERED = -5;

/**
 * A population as columns, one row per person; every column has the same length.
 *
 * @example
 * const columns: PersonColumns = {
 *   birthDay: Int32Array.from(['1938-05-04', '1990-01-15'], (d) => Date.parse(d) / 86_400_000),
 *   markers: { 'frailty-severe': new Uint8Array([1, 0]) },
 * };
 */
export interface PersonColumns {
  /** Birth dates as days since 1970-01-01 (Arrow date32). Its length is the number of rows. */
  readonly birthDay: Int32Array;
  /** Death dates as day numbers, {@link NO_DAY} for none. Absent: no one has died. */
  readonly deathDay?: Int32Array | undefined;
  /** Days the rows joined the registered population, {@link NO_DAY} for none recorded (registered from birth). Absent: none recorded. */
  readonly registrationDay?: Int32Array | undefined;
  /** Days the rows left the registered population (out from that day on), {@link NO_DAY} for still registered. Absent: no one has left. */
  readonly deregistrationDay?: Int32Array | undefined;
  /** Indices into {@link SEX_CODES}, {@link NO_SEX} for not recorded. Absent: none recorded. */
  readonly sex?: Uint8Array | undefined;
  /**
   * One column per marker id. A Uint8Array: non-zero = active on the evaluation date, and so in
   * every look-back window. `{ bitmap }`: the same as one bit per row, least significant bit
   * first (an Arrow boolean column's values buffer), at least ceil(rows / 8) bytes. An
   * Int32Array: the last day the marker was active on or before the
   * evaluation date, {@link NO_DAY} for never (any day on or after it means still active). A
   * marker the model reads but the columns lack is never active, and is listed in
   * `missingMarkers` (or refused, with `requireMarkers`).
   */
  readonly markers: Readonly<Record<string, Uint8Array | Int32Array | { readonly bitmap: Uint8Array }>>;
}

/**
 * What {@link personColumns} makes: every column present, markers as last-active days.
 *
 * @example
 * const columns: PersonDayColumns = personColumns(people, { asOf: '2024-04-01' });
 * columns.markers['ltc-copd']; // last day active on or before asOf, NO_DAY for never
 */
export interface PersonDayColumns extends PersonColumns {
  readonly deathDay: Int32Array;
  readonly registrationDay: Int32Array;
  readonly deregistrationDay: Int32Array;
  readonly sex: Uint8Array;
  readonly markers: Readonly<Record<string, Int32Array>>;
}

/**
 * Why a row of columns was rejected: a birth, death, registration or deregistration day that is
 * not a date in years 0001-9999, a death or a deregistration before the birth, a
 * deregistration before the registration, or a sex code that is not in {@link SEX_CODES} or {@link NO_SEX}.
 *
 * @example
 * const { rejected } = segmentColumns(columns, leeds2024, { asOf: '2024-04-01' });
 * const deathBeforeBirth = rejected.filter((r) => r.reason === 'death-before-birth');
 */
export type ColumnRejectionReason =
  | 'invalid-birth-day'
  | 'invalid-death-day'
  | 'death-before-birth'
  | 'invalid-registration-day'
  | 'invalid-deregistration-day'
  | 'deregistration-before-birth'
  | 'deregistration-before-registration'
  | 'invalid-sex';

/**
 * A row of columns that could not be used: its position, why, and the value at fault in words.
 *
 * @example
 * for (const r of segmentColumns(columns, leeds2024, { asOf: '2024-04-01' }).rejected) console.log(r.index, r.reason, r.detail);
 */
export interface ColumnRejection {
  readonly index: number;
  readonly reason: ColumnRejectionReason;
  readonly detail: string;
}

/**
 * The result of {@link segmentColumns}: a code per row, and every row accounted for
 * (`assigned + deceased + deregistered + notYetBorn + notYetRegistered + rejected = total`).
 *
 * @example
 * const result: ColumnarSegmentation = segmentColumns(columns, leeds2024, { asOf: '2024-04-01' });
 * result.counts.bySegment.frailty;
 * result.missingMarkers; // markers the model reads that the columns lack
 */
export interface ColumnarSegmentation {
  readonly model: { readonly id: string; readonly label: string };
  readonly asOf: IsoDate;
  readonly total: number;
  /** Per row: the index of its segment in `model.segments`, or a negative `CODE_*`. */
  readonly codes: Int16Array;
  /**
   * Per row: how many condition flags hold (every sub-segment of the model, each id once,
   * whatever the segment), as `conditionCount` in the classifier; 0 for rows not assigned.
   */
  readonly conditionCounts: Uint16Array;
  /** Per overlay of the model, by id: per row, 1 when it held (flags beside the hierarchy, such as maternal health); 0 for rows not assigned. */
  readonly overlays: Readonly<Record<string, Uint8Array>>;
  readonly counts: {
    /** Every segment, zeros included. */
    readonly bySegment: Readonly<Record<string, number>>;
    /** The assigned by number of conditions (0, 1, 2, 3, 4 or more), each by segment, as `segmentPopulation` counts them. */
    readonly byConditionCount: readonly (SegmentTally & { readonly conditions: ConditionCountBand })[];
    /** The assigned with each overlay, by segment, as `segmentPopulation` counts them. */
    readonly byOverlay: readonly (SegmentTally & { readonly overlay: string })[];
    readonly assigned: number;
    readonly deceased: number;
    readonly deregistered: number;
    readonly notYetBorn: number;
    readonly notYetRegistered: number;
    readonly rejected: number;
  };
  /** Each rejected row, in row order. */
  readonly rejected: readonly ColumnRejection[];
  /** Markers the model reads that the columns lack: they were taken as never active. */
  readonly missingMarkers: readonly string[];
}

const TypedArrayPrototype = Object.getPrototypeOf(Int8Array.prototype) as object;
const intrinsic = (key: PropertyKey) => Object.getOwnPropertyDescriptor(TypedArrayPrototype, key)?.get as (this: unknown) => unknown;
// The intrinsic getters read what a typed array really is, across realms and past any
// subclass that overrides `length` or `Symbol.toStringTag`.
const kindOf = intrinsic(Symbol.toStringTag);
const lengthOf = intrinsic('length') as (this: unknown) => number;
const bufferOf = intrinsic('buffer') as (this: unknown) => ArrayBufferLike;
const byteOffsetOf = intrinsic('byteOffset') as (this: unknown) => number;
const byteLengthOf = intrinsic('byteLength') as (this: unknown) => number;

const isKind = (value: unknown, kind: string): boolean => kindOf.call(value) === kind;

/**
 * Zod schema of the options of {@link segmentColumns}: the evaluation date, optionally an
 * Int16Array to write the codes into (to reuse memory from call to call), and whether a missing
 * marker column is an error.
 *
 * @example
 * ColumnarOptionsSchema.safeParse({ asOf: '2024-04-01', requireMarkers: true }).success // true
 */
export const ColumnarOptionsSchema = z.strictObject({
  /** The evaluation date. */
  asOf: IsoDateSchema,
  /** An Int16Array with one element per row, to write the codes into (and return). */
  into: z.custom<Int16Array>((v) => isKind(v, 'Int16Array'), { message: 'Expected an Int16Array' }).optional(),
  /** Refuse columns that lack a marker the model reads, instead of taking it as never active. */
  requireMarkers: z.boolean().optional(),
});

/**
 * Options of {@link segmentColumns}: `asOf`, and optionally `into` (an Int16Array for the codes)
 * and `requireMarkers`.
 *
 * @example
 * const options: ColumnarOptions = { asOf: '2024-04-01', into: new Int16Array(columns.birthDay.length), requireMarkers: true };
 * segmentColumns(columns, leeds2024, options);
 */
export type ColumnarOptions = z.input<typeof ColumnarOptionsSchema>;

function fail(what: string, issues: PhmIssue[]): never {
  throw new PhmValidationError(`Invalid ${what}: ${describeIssues(issues)}`, issues);
}

const COLUMN_KEYS = new Set(['birthDay', 'deathDay', 'registrationDay', 'deregistrationDay', 'sex', 'markers']);

interface CheckedColumns {
  readonly rows: number;
  readonly birthDay: Int32Array;
  readonly deathDay: Int32Array | undefined;
  readonly registrationDay: Int32Array | undefined;
  readonly deregistrationDay: Int32Array | undefined;
  readonly sex: Uint8Array | undefined;
  readonly markers: Map<string, MarkerColumn>;
  readonly arrays: readonly unknown[];
}

/** Checks array types and lengths (not values: bad values reject rows, they do not throw). */
function checkColumns(columns: unknown): CheckedColumns {
  const issues: PhmIssue[] = [];
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) fail('columns', [{ path: ['columns'], message: 'Expected an object of columns' }]);
  for (const key of Object.keys(columns)) if (!COLUMN_KEYS.has(key)) issues.push({ path: ['columns', key], message: 'Unknown column: expected birthDay, deathDay, registrationDay, deregistrationDay, sex or markers' });
  const { birthDay, deathDay, registrationDay, deregistrationDay, sex, markers } = columns as Record<string, unknown>;
  if (!isKind(birthDay, 'Int32Array')) fail('columns', [...issues, { path: ['columns', 'birthDay'], message: 'Expected an Int32Array of day numbers' }]);
  const rows = lengthOf.call(birthDay);
  const arrays: unknown[] = [birthDay];
  const expect = (value: unknown, kinds: readonly string[], path: (string | number)[]): boolean => {
    if (!kinds.some((k) => isKind(value, k))) issues.push({ path, message: `Expected ${kinds.map((k) => `a${k.startsWith('I') ? 'n' : ''} ${k}`).join(' or ')}` });
    else if (lengthOf.call(value) !== rows) issues.push({ path, message: `Expected ${countOf(rows, 'row')} (the length of birthDay), got ${lengthOf.call(value)}` });
    else return arrays.push(value) > 0;
    return false;
  };
  if (deathDay !== undefined) expect(deathDay, ['Int32Array'], ['columns', 'deathDay']);
  if (registrationDay !== undefined) expect(registrationDay, ['Int32Array'], ['columns', 'registrationDay']);
  if (deregistrationDay !== undefined) expect(deregistrationDay, ['Int32Array'], ['columns', 'deregistrationDay']);
  if (sex !== undefined) expect(sex, ['Uint8Array'], ['columns', 'sex']);
  const byId = new Map<string, MarkerColumn>();
  if (typeof markers !== 'object' || markers === null || Array.isArray(markers) || kindOf.call(markers) !== undefined) {
    issues.push({ path: ['columns', 'markers'], message: 'Expected an object of marker columns, keyed by marker id' });
  } else {
    for (const id of Object.keys(markers)) {
      const value = (markers as Record<string, unknown>)[id];
      const bitmap = typeof value === 'object' && value !== null && kindOf.call(value) === undefined ? (value as { bitmap?: unknown }).bitmap : undefined;
      if (bitmap !== undefined) {
        const bytes = Math.ceil(rows / 8);
        if (!isKind(bitmap, 'Uint8Array')) issues.push({ path: ['columns', 'markers', id, 'bitmap'], message: 'Expected a Uint8Array of bits' });
        else if (lengthOf.call(bitmap) < bytes) issues.push({ path: ['columns', 'markers', id, 'bitmap'], message: `Expected at least ${countOf(bytes, 'byte')} (one bit per row), got ${lengthOf.call(bitmap)}` });
        else {
          arrays.push(bitmap);
          byId.set(id, { bitmap: bitmap as Uint8Array });
        }
      } else if (expect(value, ['Uint8Array', 'Int32Array'], ['columns', 'markers', id])) {
        byId.set(id, isKind(value, 'Uint8Array') ? { flags: value as Uint8Array } : { days: value as Int32Array });
      }
    }
  }
  if (issues.length > 0) fail('columns', issues);
  const days = (column: unknown) => column as Int32Array | undefined;
  return {
    rows,
    birthDay: birthDay as Int32Array,
    deathDay: days(deathDay),
    registrationDay: days(registrationDay),
    deregistrationDay: days(deregistrationDay),
    sex: sex as Uint8Array | undefined,
    markers: byId,
    arrays,
  };
}

function overlaps(a: unknown, b: unknown): boolean {
  if (bufferOf.call(a) !== bufferOf.call(b)) return false;
  const [startA, startB] = [byteOffsetOf.call(a), byteOffsetOf.call(b)];
  return startA < startB + byteLengthOf.call(b) && startB < startA + byteLengthOf.call(a);
}

/** A day column's value that is neither {@link NO_DAY} nor the day number of a date in years 0001-9999. */
const isBadDay = (day: number): boolean => day !== NO_DAY && (day < FIRST_EPOCH_DAY || day > LAST_EPOCH_DAY);

/** One row's day values, as the screen read them. */
interface RowDays {
  readonly birth: number;
  readonly death: number;
  readonly registration: number;
  readonly deregistration: number;
}

/** Why a row's values are not a valid person (the first problem found), or undefined when they are. */
function rejection(index: number, { birth, death, registration, deregistration }: RowDays, sex: number): ColumnRejection | undefined {
  const notADate = 'is not NO_DAY or the day number of a date in 0001-01-01..9999-12-31';
  if (birth === NO_DAY || birth < FIRST_EPOCH_DAY || birth > LAST_EPOCH_DAY) {
    return { index, reason: 'invalid-birth-day', detail: `birthDay ${birth === NO_DAY ? 'is NO_DAY' : `${birth} is not the day number of a date in 0001-01-01..9999-12-31`}` };
  }
  if (isBadDay(death)) return { index, reason: 'invalid-death-day', detail: `deathDay ${death} ${notADate}` };
  if (death !== NO_DAY && death < birth) return { index, reason: 'death-before-birth', detail: `deathDay ${death} is before birthDay ${birth}` };
  if (isBadDay(registration)) return { index, reason: 'invalid-registration-day', detail: `registrationDay ${registration} ${notADate}` };
  if (isBadDay(deregistration)) return { index, reason: 'invalid-deregistration-day', detail: `deregistrationDay ${deregistration} ${notADate}` };
  if (deregistration !== NO_DAY && deregistration < birth) return { index, reason: 'deregistration-before-birth', detail: `deregistrationDay ${deregistration} is before birthDay ${birth}` };
  if (registration !== NO_DAY && deregistration !== NO_DAY && deregistration < registration) {
    return { index, reason: 'deregistration-before-registration', detail: `deregistrationDay ${deregistration} is before registrationDay ${registration}` };
  }
  if (sex > 3 && sex !== NO_SEX) return { index, reason: 'invalid-sex', detail: `sex code ${sex} is not 0-3 (SEX_CODES) or NO_SEX (255)` };
  return undefined;
}

/** Absent columns, as stand-ins indexed from the chunk's first row: no days recorded, no sex recorded. */
interface ChunkStandIns {
  readonly noDay: Int32Array;
  readonly noSex: Uint8Array;
}

/** `[deceased, deregistered, notYetBorn, notYetRegistered, rejected]`: the slots of the screen's tally. */
const TALLY = { deceased: 0, deregistered: 1, notYetBorn: 2, notYetRegistered: 3, rejected: 4 } as const;

/**
 * Sets a live bit for each row in the population on asOf, and writes the code of every other
 * row, counting them in `tally` (slots as {@link TALLY}).
 */
function screenChunk(columns: CheckedColumns, standIns: ChunkStandIns, asOfDay: number, start: number, count: number, codes: Int16Array, live: Int32Array, tally: Float64Array, rejected: ColumnRejection[]): void {
  const { birthDay } = columns;
  // One code path with or without the optional columns: a stand-in is read from the chunk start.
  const dayColumn = (column: Int32Array | undefined) => ({ values: column ?? standIns.noDay, from: column === undefined ? start : 0 });
  const death = dayColumn(columns.deathDay);
  const registration = dayColumn(columns.registrationDay);
  const deregistration = dayColumn(columns.deregistrationDay);
  const [deaths, registrations, deregistrations] = [death.values, registration.values, deregistration.values];
  const [deathFrom, registrationFrom, deregistrationFrom] = [death.from, registration.from, deregistration.from];
  const sex = columns.sex ?? standIns.noSex;
  const sexFrom = columns.sex === undefined ? start : 0;
  // Imported bindings can compile to getter calls (CommonJS builds, loaders): read them once.
  const minDay = FIRST_EPOCH_DAY;
  const maxDay = LAST_EPOCH_DAY;
  const end = start + count;
  for (let base = start, w = 0; base < end; base += 32, w++) {
    const stop = Math.min(base + 32, end);
    let word = 0;
    // Branch-free test of "valid and in the population": nearly every row passes, and the few
    // that do not are sorted out one by one below. A death or deregistration after asOf is
    // after the birth and the registration too.
    for (let i = base; i < stop; i++) {
      const b = birthDay[i] as number;
      const d = deaths[i - deathFrom] as number;
      const r = registrations[i - registrationFrom] as number;
      const g = deregistrations[i - deregistrationFrom] as number;
      const s = sex[i - sexFrom] as number;
      const alive = (d === NO_DAY ? 1 : 0) | ((d > asOfDay ? 1 : 0) & (d <= maxDay ? 1 : 0));
      const joined = (r === NO_DAY ? 1 : 0) | ((r >= minDay ? 1 : 0) & (r <= asOfDay ? 1 : 0));
      const stayed = (g === NO_DAY ? 1 : 0) | ((g > asOfDay ? 1 : 0) & (g <= maxDay ? 1 : 0));
      word |= ((b >= minDay ? 1 : 0) & (b <= asOfDay ? 1 : 0) & alive & joined & stayed & ((s <= 3 ? 1 : 0) | (s === NO_SEX ? 1 : 0))) << (i - base);
    }
    live[w] = word;
    for (let out = ~word & (stop - base === 32 ? -1 : (1 << (stop - base)) - 1); out !== 0; out &= out - 1) {
      const i = base + 31 - Math.clz32(out & -out);
      const days: RowDays = {
        birth: birthDay[i] as number,
        death: deaths[i - deathFrom] as number,
        registration: registrations[i - registrationFrom] as number,
        deregistration: deregistrations[i - deregistrationFrom] as number,
      };
      const s = sex[i - sexFrom] as number;
      const { death: d, deregistration: g } = days;
      const fault = rejection(i, days, s);
      let slot: number;
      if (fault !== undefined) {
        codes[i] = CODE_REJECTED;
        slot = TALLY.rejected;
        rejected.push(fault);
      } else if (d !== NO_DAY && d <= asOfDay && (g === NO_DAY || d <= g)) {
        // Out for the first way of leaving; a death on the day of the deregistration is a death.
        codes[i] = CODE_DECEASED;
        slot = TALLY.deceased;
      } else if (g !== NO_DAY && g <= asOfDay) {
        codes[i] = CODE_DEREGISTERED;
        slot = TALLY.deregistered;
      } else if (days.birth > asOfDay) {
        codes[i] = CODE_NOT_YET_BORN;
        slot = TALLY.notYetBorn;
      } else {
        codes[i] = CODE_NOT_YET_REGISTERED;
        slot = TALLY.notYetRegistered;
      }
      tally[slot]! += 1;
    }
  }
}

/** Writes `code` for every row whose bit is set in `hit`, the word covering rows from `base`; returns how many. */
function writeCodes(codes: Int16Array, base: number, hit: number, code: number): number {
  let n = 0;
  for (let h = hit; h !== 0; h &= h - 1, n++) codes[base + 31 - Math.clz32(h & -h)] = code;
  return n;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * Segments a population held as columns (Apache Arrow-like typed arrays), with exactly the
 * rules of `compileClassifier`, and returns one Int16 code per row: the index of the row's
 * segment in `model.segments`, or `CODE_DECEASED` (death on or before `asOf`),
 * `CODE_DEREGISTERED` (deregistration on or before `asOf`, before any death),
 * `CODE_NOT_YET_BORN`, `CODE_NOT_YET_REGISTERED` (registration after `asOf`), as
 * `segmentPopulation` excludes people; or `CODE_REJECTED` (a day that is not a date in years
 * 0001-9999, a death or a deregistration before the birth, a deregistration before the
 * registration, a sex code that is not 0-3 or NO_SEX), each rejection listed with its reason;
 * and per row its number of condition flags (`conditionCounts`) and its overlays (`overlays`).
 * Which sub-segments and conditions hold, and the reasons, are not given.
 * Throws PhmValidationError for options, or columns of the wrong type or length; PhmModelError
 * for an invalid model.
 *
 * @example
 * const columns = personColumns(people, { asOf: '2024-04-01' }); // or straight from Arrow
 * const { codes, counts } = segmentColumns(columns, leeds2024, { asOf: '2024-04-01' });
 * leeds2024.segments[codes[0]]?.id; // 'frailty', or undefined when codes[0] < 0
 */
export function segmentColumns(columns: PersonColumns, model: DeepReadonly<ModelSpec> | SegmentationModel, options: ColumnarOptions): ColumnarSegmentation {
  const { asOf, into, requireMarkers } = parseInput(ColumnarOptionsSchema, options, 'options');
  const checked = defineModel(model);
  const cols = checkColumns(columns);
  const n = cols.rows;
  if (into !== undefined) {
    if (lengthOf.call(into) !== n) fail('options', [{ path: ['into'], message: `Expected an Int16Array of ${n} rows, got ${lengthOf.call(into)}` }]);
    if (cols.arrays.some((a) => overlaps(a, into))) fail('options', [{ path: ['into'], message: 'into shares memory with an input column: writing the codes would change the input' }]);
  }
  const segments = checked.segments;
  const catchAll = segments.length - 1;
  if (catchAll > 0x7fff) fail('model', [{ path: ['segments'], message: 'Segment codes are Int16: a model for the columnar path has at most 32,768 segments' }]);
  const rules = segments.slice(0, catchAll).map((s) => (s as { rule: Rule }).rule);
  // One rule a condition flag, holding when any of its sub-segments' rules does.
  const conditions = conditionPlaces(segments).map(({ places }): Rule => {
    const list = places.map((p) => segments[p.segment]?.subsegments?.[p.subsegment]?.rule as Rule);
    return list.length === 1 ? (list[0] as Rule) : { any: list };
  });
  if (conditions.length > 0xffff) fail('model', [{ path: ['segments'], message: 'Condition counts are Uint16: a model for the columnar path has at most 65,535 distinct sub-segment ids' }]);
  const overlays = checked.overlays ?? [];
  const program = compileChunkProgram([...rules, ...conditions, ...overlays.map((o) => o.rule as Rule)], asOf, cols);
  if (requireMarkers === true && program.missingMarkers.length > 0) {
    fail('columns', program.missingMarkers.map((id) => ({ path: ['columns', 'markers', id], message: `The model reads marker '${id}' but the columns lack it` })));
  }
  const codes = into ?? new Int16Array(n);
  const conditionCounts = new Uint16Array(n);
  const overlayFlags = overlays.map(() => new Uint8Array(n));
  const bits = new Int32Array(program.slots * CHUNK_WORDS);
  const live = new Int32Array(CHUNK_WORDS);
  const assignedRows = new Int32Array(CHUNK_WORDS);
  const perSegment = new Float64Array(segments.length);
  // Counted with `tally[i]! += 1`, not `(tally[i] as number)++`: Stryker 9.6 prints the mutant
  // of the latter without its parentheses, which does not parse (see docs/quality.md).
  const tally = new Float64Array(5);
  const rejected: ColumnRejection[] = [];
  const asOfDay = toEpochDay(asOf);
  const standIns: ChunkStandIns = { noDay: new Int32Array(CHUNK_ROWS).fill(NO_DAY), noSex: new Uint8Array(CHUNK_ROWS).fill(NO_SEX) };
  for (let start = 0; start < n; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, n - start);
    const words = (count + 31) >>> 5;
    // The catch-all is the commonest code: a fill writes it faster than bit by bit, and the
    // screen and the rules overwrite every row that is not in it.
    codes.fill(catchAll, start, start + count);
    screenChunk(cols, standIns, asOfDay, start, count, codes, live, tally, rejected);
    program.run(bits, start, count);
    assignedRows.set(live);
    // Each condition flag that holds adds one to its assigned rows' counts, whatever their segment.
    for (let c = 0; c < conditions.length; c++) {
      const at = program.ruleAt[catchAll + c] as number;
      for (let w = 0; w < words; w++) {
        const base = start + (w << 5);
        for (let h = (bits[at + w] as number) & (assignedRows[w] as number); h !== 0; h &= h - 1) conditionCounts[base + 31 - Math.clz32(h & -h)]! += 1;
      }
    }
    for (let o = 0; o < overlays.length; o++) {
      const at = program.ruleAt[catchAll + conditions.length + o] as number;
      const flags = overlayFlags[o] as Uint8Array;
      for (let w = 0; w < words; w++) {
        const base = start + (w << 5);
        for (let h = (bits[at + w] as number) & (assignedRows[w] as number); h !== 0; h &= h - 1) flags[base + 31 - Math.clz32(h & -h)] = 1;
      }
    }
    // First match wins: each rule takes the live rows no earlier rule took.
    for (let s = 0; s < catchAll; s++) {
      const at = program.ruleAt[s] as number;
      let taken = 0;
      for (let w = 0; w < words; w++) {
        const hit = (bits[at + w] as number) & (live[w] as number);
        if (hit === 0) continue;
        live[w] = (live[w] as number) & ~hit;
        taken += writeCodes(codes, start + (w << 5), hit, s);
      }
      (perSegment[s] as number) += taken;
    }
    let rest = 0;
    for (let w = 0; w < words; w++) rest += popcount(live[w] as number);
    (perSegment[catchAll] as number) += rest;
  }
  const bySegment: Record<string, number> = {};
  segments.forEach((s, i) => (bySegment[s.id] = perSegment[i] as number));
  const byBand = CONDITION_COUNT_BANDS.map(() => new Float64Array(segments.length));
  for (let i = 0; i < n; i++) {
    const code = codes[i] as number;
    if (code >= 0) byBand[Math.min(conditionCounts[i] as number, 4)]![code]! += 1;
  }
  const tallyOf = (perSegmentCounts: Float64Array): SegmentTally => {
    const perBand: Record<string, number> = {};
    segments.forEach((s, i) => (perBand[s.id] = perSegmentCounts[i] as number));
    return { total: perSegmentCounts.reduce((x, y) => x + y, 0), bySegment: perBand };
  };
  const byConditionCount = CONDITION_COUNT_BANDS.map((band, b) => ({ conditions: band, ...tallyOf(byBand[b] as Float64Array) }));
  const byOverlay = overlays.map((o, k) => {
    const flags = overlayFlags[k] as Uint8Array;
    const perSegmentCounts = new Float64Array(segments.length);
    for (let i = 0; i < n; i++) if (flags[i] === 1) perSegmentCounts[codes[i] as number]! += 1;
    return { overlay: o.id, ...tallyOf(perSegmentCounts) };
  });
  const [deceased, deregistered, notYetBorn, notYetRegistered, rejectedRows] = tally as unknown as [number, number, number, number, number];
  return {
    model: { id: checked.id, label: checked.label },
    asOf,
    total: n,
    codes,
    conditionCounts,
    overlays: Object.fromEntries(overlays.map((o, k) => [o.id, overlayFlags[k] as Uint8Array])),
    counts: {
      bySegment,
      byConditionCount,
      byOverlay,
      assigned: n - deceased - deregistered - notYetBorn - notYetRegistered - rejectedRows,
      deceased,
      deregistered,
      notYetBorn,
      notYetRegistered,
      rejected: rejectedRows,
    },
    rejected,
    missingMarkers: program.missingMarkers,
  };
}

/**
 * The marker ids the rules of a model read (its segments', then its sub-segments', which set
 * the condition flags, then its overlays'): the marker columns {@link segmentColumns} looks for, in model order.
 *
 * @example
 * markersReadBy(leeds2017) // ['end-of-life', 'frailty-moderate', 'frailty-severe', 'ltc-asthma', ...]
 */
export function markersReadBy(model: DeepReadonly<ModelSpec> | SegmentationModel): string[] {
  const checked = defineModel(model);
  const rules = [
    ...checked.segments.flatMap((s) => ('rule' in s ? [s.rule as Rule] : [])),
    ...checked.segments.flatMap((s) => (s.subsegments ?? []).map((sub) => sub.rule as Rule)),
    ...(checked.overlays ?? []).map((o) => o.rule as Rule),
  ];
  return [...new Set(rules.flatMap((r) => markerReferences(r).map((ref) => ref.id)))];
}

/**
 * Zod schema of the options of {@link personColumns}: the evaluation date the marker columns
 * describe, and optionally the marker ids to make columns for.
 *
 * @example
 * PersonColumnsOptionsSchema.safeParse({ asOf: '2024-04-01', markers: ['ltc-copd', 'ltc-copd'] }).success // false: listed twice
 */
export const PersonColumnsOptionsSchema = z.strictObject({
  /** The evaluation date the marker columns describe. */
  asOf: IsoDateSchema,
  /** Marker ids to make columns for; default, every id any person has. */
  markers: z
    .array(z.string().min(1))
    .refine((ids) => new Set(ids).size === ids.length, { message: 'A marker id is listed more than once' })
    .optional(),
});

/**
 * Options of {@link personColumns}: `asOf`, and optionally `markers`, the marker ids to make
 * columns for (default: every id any person has).
 *
 * @example
 * const options: PersonColumnsOptions = { asOf: '2024-04-01', markers: markersReadBy(leeds2024) };
 * const columns = personColumns(people, options);
 */
export type PersonColumnsOptions = z.input<typeof PersonColumnsOptionsSchema>;

/** Whether `people` is an array, asked once: a revoked proxy throws even for that. */
function isArrayOfRows(people: unknown): boolean {
  try {
    return Array.isArray(people);
  } catch (error) {
    throw unreadableValue('people', ['people'], error);
  }
}

/** The length of an array of people, read once; a proxy can claim any. */
function rowCount(people: readonly unknown[]): number {
  let n: unknown;
  try {
    n = people.length;
  } catch (error) {
    throw unreadableValue('people', ['people', 'length'], error);
  }
  if (typeof n !== 'number' || !(n >= 0)) fail('people', [{ path: ['people', 'length'], message: `Expected the number of people, got ${String(n)}` }]);
  if (n > MAX_BATCH_ROWS) fail('people', [{ path: ['people'], message: `personColumns takes at most ${MAX_BATCH_ROWS.toLocaleString('en-GB')} people: convert them in parts` }]);
  return Math.floor(n);
}

/**
 * Every person read once into a snapshot and checked, before any column is made; throws
 * PhmValidationError naming the first row that is invalid or cannot be read.
 */
function readPeople(people: unknown): Person[] {
  if (!isArrayOfRows(people)) fail('people', [{ path: ['people'], message: 'Expected an array of people' }]);
  const rows = people as readonly unknown[];
  const n = rowCount(rows);
  const screen = createRowScreen();
  const checked: Person[] = [];
  const rejected: Rejection[] = [];
  for (let i = 0; i < n; i++) {
    const person = screen(rows, i, i, rejected);
    if (person === undefined) fail('people', (rejected[0] as Rejection).issues.map((issue) => ({ path: ['people', i, ...issue.path], message: issue.message })));
    checked.push(person);
  }
  return checked;
}

/**
 * The most values personColumns puts in marker columns: 2^28 (268,435,456: 1 GiB of Int32),
 * marker columns times rows. One person with ten thousand distinct marker ids among ten
 * thousand people would otherwise ask for 400 MB from an input of under 1 MB.
 */
const MAX_MARKER_VALUES = 2 ** 28;

/** Every marker id any person has, in first-seen order: the columns made when none are listed. */
function markerIdsOf(people: readonly Person[]): readonly string[] {
  const ids = new Set<string>();
  for (const person of people) for (const entry of person.markers) ids.add(typeof entry === 'string' ? entry : entry.id);
  return [...ids];
}

function checkColumnSize(ids: readonly string[], rows: number): void {
  if (ids.length * rows <= MAX_MARKER_VALUES) return;
  const counted = (n: number, noun: string) => `${n.toLocaleString('en-GB')} ${noun}${n === 1 ? '' : 's'}`;
  const message = `${counted(ids.length, 'marker column')} of ${counted(rows, 'row')} is more than ${MAX_MARKER_VALUES.toLocaleString('en-GB')} values (1 GiB): list the markers needed in options.markers, or convert the people in parts`;
  fail('people', [{ path: ['people'], message }]);
}

/**
 * Turns checked person records into columns for one evaluation date: birth, death,
 * registration and deregistration day numbers, sex codes, and per marker an Int32Array of the
 * last day it was active on or before `asOf` (an undated marker: `asOf`; never: NO_DAY). Row
 * i is `people[i]`; ids are not carried. Each person is read once, into a snapshot that is checked and converted. Throws
 * PhmValidationError naming the row of the first person that is invalid or cannot be read
 * (a getter or proxy trap that throws), for more than 10,000,000 people, or when the marker
 * columns would hold more than 2^28 values (columns times rows, 1 GiB).
 *
 * @example
 * const columns = personColumns(people, { asOf: '2024-04-01', markers: markersReadBy(leeds2024) });
 */
export function personColumns(people: readonly DeepReadonly<Person>[], options: DeepReadonly<PersonColumnsOptions>): PersonDayColumns {
  const { asOf, markers: wanted } = parseInput(PersonColumnsOptionsSchema, options, 'options');
  const checked = readPeople(people);
  const n = checked.length;
  checkColumnSize(wanted ?? markerIdsOf(checked), n);
  const asOfDay = toEpochDay(asOf);
  const birthDay = new Int32Array(n);
  const deathDay = new Int32Array(n).fill(NO_DAY);
  const registrationDay = new Int32Array(n).fill(NO_DAY);
  const deregistrationDay = new Int32Array(n).fill(NO_DAY);
  const sex = new Uint8Array(n).fill(NO_SEX);
  const columns = new Map<string, Int32Array>((wanted ?? []).map((id) => [id, new Int32Array(n).fill(NO_DAY)]));
  for (let i = 0; i < n; i++) {
    const person = checked[i] as Person;
    birthDay[i] = toEpochDay(person.birthDate);
    if (person.deathDate !== undefined) deathDay[i] = toEpochDay(person.deathDate);
    if (person.registrationDate !== undefined) registrationDay[i] = toEpochDay(person.registrationDate);
    if (person.deregistrationDate !== undefined) deregistrationDay[i] = toEpochDay(person.deregistrationDate);
    if (person.sex !== undefined) sex[i] = SEX_CODES.indexOf(person.sex);
    for (const entry of person.markers) {
      const id = typeof entry === 'string' ? entry : entry.id;
      let column = columns.get(id);
      if (column === undefined) {
        if (wanted !== undefined) continue;
        column = new Int32Array(n).fill(NO_DAY);
        columns.set(id, column);
      }
      // The marker's last active day on or before asOf: its end, or asOf while it runs.
      if (typeof entry !== 'string' && entry.from !== undefined && entry.from > asOf) continue;
      const last = typeof entry === 'string' || entry.to === undefined || entry.to >= asOf ? asOfDay : toEpochDay(entry.to);
      if (last > (column[i] as number)) column[i] = last;
    }
  }
  return { birthDay, deathDay, registrationDay, deregistrationDay, sex, markers: Object.fromEntries(columns) };
}
