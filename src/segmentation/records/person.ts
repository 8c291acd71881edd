import * as z from 'zod';
import { IsoDateSchema, isIsoDate } from '../../core/dates.js';
import { whenValid } from '../../core/validation.js';
import type { MarkerId } from '../model/markers.js';

/** A marker id: any non-empty string, typed so that editors offer the catalogue's ids. */
const MarkerIdSchema: z.ZodType<MarkerId, MarkerId> = z.string().min(1);
import { MAX_MARKERS_PER_PERSON, snapshotOf } from './snapshot.js';

/**
 * Zod schema of a marker with the dates it was active; either end may be open. Active on d when
 * from <= d <= to; `to` before `from` is invalid.
 *
 * @example
 * DatedMarkerSchema.safeParse({ id: 'pregnancy', from: '2023-08-01', to: '2024-03-20' }).success // true
 * DatedMarkerSchema.safeParse({ id: 'pregnancy', from: '2024-03-20', to: '2023-08-01' }).success // false
 */
export const DatedMarkerSchema = z
  .object({
    id: MarkerIdSchema,
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
  })
  .refine((m) => m.from === undefined || m.to === undefined || m.from <= m.to, {
    message: 'A marker cannot end (to) before it starts (from)',
    path: ['to'],
    ...whenValid('from', 'to'),
  });

/**
 * Zod schema of a marker entry: an id (active, undated) or an id with its active dates.
 *
 * @example
 * MarkerEntrySchema.safeParse('ltc-copd').success                                 // true
 * MarkerEntrySchema.safeParse({ id: 'frailty-severe', from: '2023-11-20' }).success // true
 */
export const MarkerEntrySchema = z.union([MarkerIdSchema, DatedMarkerSchema], {
  error: 'Expected a marker id string, or { id, from?, to? }',
});

/**
 * Zod schema of recorded sex, as in the NHS Data Dictionary's person stated gender codes.
 *
 * @example
 * SexSchema.options               // ['female', 'male', 'indeterminate', 'unknown']
 * SexSchema.safeParse('F').success // false: map your source's codes to these words first
 */
export const SexSchema = z.enum(['female', 'male', 'indeterminate', 'unknown']);

/**
 * One person in a population: the record a segmentation reads. Extra fields are allowed and
 * ignored, so rows from a wider extract can be passed as they are. `markers` has at most
 * 10,000 entries, so that one row cannot make a call run for minutes.
 *
 * @example
 * const person: Person = {
 *   id: 'p-0001',
 *   birthDate: '1941-06-02',
 *   sex: 'female',
 *   imdDecile: 1,
 *   locality: 'LCP 04',
 *   markers: ['ltc-copd', { id: 'frailty-severe', from: '2023-11-20' }],
 * };
 */
export const PersonSchema = z
  .object({
    id: z.string().min(1),
    birthDate: IsoDateSchema,
    sex: SexSchema.optional(),
    deathDate: IsoDateSchema.optional(),
    /**
     * The day the person joined the registered population (with a practice of the system, say):
     * in it from this day on. Absent: registered from birth, or for as long as the data goes back.
     */
    registrationDate: IsoDateSchema.optional(),
    /**
     * The day the person left the registered population (moved away, joined a practice outside
     * the system): out of it from this day on, as from the day of death. Absent: still
     * registered. Not before the birth, nor before `registrationDate`. (A registration before
     * the birth, a placeholder date, say, is read as registered from birth.)
     */
    deregistrationDate: IsoDateSchema.optional(),
    /** National Index of Multiple Deprivation decile of the home area: 1 is the most deprived 10%. */
    imdDecile: z.number().int().min(1).max(10).optional(),
    /** A place the person belongs to, e.g. a Local Care Partnership or neighbourhood. */
    locality: z.string().min(1).optional(),
    /** At most 10,000 entries: a real record has a few dozen. */
    markers: z.array(MarkerEntrySchema).max(MAX_MARKERS_PER_PERSON, { message: `A person has at most ${MAX_MARKERS_PER_PERSON.toLocaleString('en-GB')} marker entries` }),
  })
  .refine((p) => p.deathDate === undefined || p.deathDate >= p.birthDate, {
    message: 'deathDate cannot be before birthDate',
    path: ['deathDate'],
    ...whenValid('birthDate', 'deathDate'),
  })
  .refine((p) => p.deregistrationDate === undefined || p.deregistrationDate >= p.birthDate, {
    message: 'deregistrationDate cannot be before birthDate',
    path: ['deregistrationDate'],
    ...whenValid('birthDate', 'deregistrationDate'),
  })
  .refine((p) => p.registrationDate === undefined || p.deregistrationDate === undefined || p.deregistrationDate >= p.registrationDate, {
    message: 'deregistrationDate cannot be before registrationDate',
    path: ['deregistrationDate'],
    ...whenValid('registrationDate', 'deregistrationDate'),
  });

/**
 * One person in a population, as {@link PersonSchema} defines them: a pseudonymised id, a birth
 * date, the markers recorded for them and, optionally, sex, death date, the dates they joined
 * and left the registered population, IMD decile and locality.
 *
 * @example
 * const person: Person = { id: 'p-0001', birthDate: '1941-06-02', imdDecile: 1, markers: ['ltc-copd'] };
 */
export type Person = z.infer<typeof PersonSchema>;

/**
 * One entry of a person's `markers`: a marker id, active on every date, or a
 * {@link DatedMarker} with the dates it was active.
 *
 * @example
 * const markers: MarkerEntry[] = ['ltc-asthma', { id: 'pregnancy', from: '2023-08-01', to: '2024-03-20' }];
 */
export type MarkerEntry = z.infer<typeof MarkerEntrySchema>;

/**
 * A marker with the dates it was active, either end open: active on a date d when
 * `from <= d <= to`. Date the markers that change, so that look-back windows and transitions
 * between dates can see them.
 *
 * @example
 * const pregnancy: DatedMarker = { id: 'pregnancy', from: '2023-08-01', to: '2024-03-20' };
 */
export type DatedMarker = z.infer<typeof DatedMarkerSchema>;

/**
 * Recorded sex: `'female'`, `'male'`, `'indeterminate'` or `'unknown'` (NHS Data Dictionary
 * person stated gender). Data coded otherwise is mapped to these words before it is read.
 *
 * @example
 * const fromNhsCode: Record<string, Sex> = { '1': 'male', '2': 'female', '9': 'indeterminate', '0': 'unknown' };
 */
export type Sex = z.infer<typeof SexSchema>;

const SEXES: ReadonlySet<unknown> = new Set(SexSchema.options);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalDate(value: unknown): value is string | undefined {
  return value === undefined || isIsoDate(value);
}

/** Whether {@link MarkerEntrySchema} accepts `entry`, read as it is (a snapshot's entry). */
export function isMarkerEntry(entry: unknown): boolean {
  if (typeof entry === 'string') return entry.length > 0;
  if (!isRecord(entry)) return false;
  const { id, from, to } = entry;
  if (typeof id !== 'string' || id.length === 0 || !isOptionalDate(from) || !isOptionalDate(to)) return false;
  return from === undefined || to === undefined || from <= to;
}

/**
 * True exactly when {@link PersonSchema} accepts `value`, without building an error report:
 * the fast gate of the batch functions, which fall back to the schema only to explain a
 * rejection. Its agreement with the schema is property-tested on hostile input. The value is
 * read once, into a snapshot (as the batch functions read rows), so a getter or proxy trap that
 * would answer differently a second time is judged on its one reading; a value whose reading
 * throws is not a person: false, never the caller's error.
 *
 * @example
 * isPerson({ id: 'p1', birthDate: '1990-05-01', markers: [] }) // true
 * isPerson({ id: 'p1', birthDate: '1990-13-01', markers: [] }) // false
 */
export function isPerson(value: unknown): value is Person {
  let snapshot: unknown;
  try {
    snapshot = snapshotOf(value);
  } catch {
    return false;
  }
  return isPersonSnapshot(snapshot);
}

/**
 * {@link isPerson} of a snapshot (`snapshotOf`), whose fields are plain values that cannot
 * throw when read: the screen's check, which has its snapshot already.
 */
export function isPersonSnapshot(value: unknown): value is Person {
  if (!isRecord(value)) return false;
  const { id, birthDate, sex, deathDate, registrationDate, deregistrationDate, imdDecile, locality, markers } = value;
  if (typeof id !== 'string' || id.length === 0 || !isIsoDate(birthDate)) return false;
  if (sex !== undefined && !SEXES.has(sex)) return false;
  if (!isOptionalDate(deathDate) || (deathDate !== undefined && deathDate < birthDate)) return false;
  if (!isOptionalDate(registrationDate) || !isOptionalDate(deregistrationDate)) return false;
  if (deregistrationDate !== undefined && deregistrationDate < birthDate) return false;
  if (registrationDate !== undefined && deregistrationDate !== undefined && deregistrationDate < registrationDate) return false;
  if (imdDecile !== undefined && !(typeof imdDecile === 'number' && Number.isInteger(imdDecile) && imdDecile >= 1 && imdDecile <= 10)) return false;
  if (locality !== undefined && !(typeof locality === 'string' && locality.length > 0)) return false;
  if (!Array.isArray(markers) || markers.length > MAX_MARKERS_PER_PERSON) return false;
  for (let i = 0; i < markers.length; i++) if (!isMarkerEntry(markers[i])) return false;
  return true;
}
