import * as z from 'zod';
import { PhmValidationError } from './errors.js';
import { parseInput } from './validation.js';

/**
 * Dates cross the phm-kit API as ISO calendar dates, `YYYY-MM-DD`, with no time and no zone:
 * an evaluation date is a day, not an instant. ISO dates order correctly as strings, so the hot
 * paths compare them without parsing.
 *
 * @example
 * const asOf: IsoDate = '2024-04-01';
 * '2023-11-20' < asOf; // true: ISO dates compare as strings
 */
export type IsoDate = string;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1-12) of a year, by the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function digits(s: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = digit(s, i);
    if (d < 0) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * True when `value` is a real calendar date written `YYYY-MM-DD` (years 0001-9999).
 *
 * @example
 * isIsoDate('2024-02-29') // true
 * isIsoDate('2023-02-29') // false: 2023 is not a leap year
 */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || value.length !== 10) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** How a date is to be written, for messages. */
const DATE_FORM = 'a calendar date written YYYY-MM-DD, e.g. 2024-04-01';

/**
 * Zod schema of an ISO calendar date; {@link isIsoDate} is its single definition.
 *
 * @example
 * IsoDateSchema.safeParse('2024-02-29').success // true
 * IsoDateSchema.safeParse('2024-02-30').success // false
 */
export const IsoDateSchema = z
  .string({ error: (issue) => (issue.input === undefined ? `Required, but missing: ${DATE_FORM}` : dateProblem(issue.input)) })
  .refine(isIsoDate, { error: (issue) => dateProblem(issue.input) });

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * What is wrong with a string that is not an {@link IsoDate}, in words a reader can act on:
 * a date written in another form is told the form, and a well-formed date that the calendar
 * lacks is told which part is wrong (`'2023-02-29'`: "2023 has no 29 February").
 *
 * @example
 * dateProblem('2023-02-29') // '2023 has no 29 February (it is not a leap year)'
 * dateProblem('01/04/2024') // 'Expected a calendar date written YYYY-MM-DD, e.g. 2024-04-01'
 */
export function dateProblem(text: unknown): string {
  const form = `Expected ${DATE_FORM}`;
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return form;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return form;
  if (year < 1) return 'Year 0000 is not a calendar year: years run from 0001 to 9999';
  if (month < 1 || month > 12) return `Month ${text.slice(5, 7)} does not exist: months run from 01 to 12`;
  const name = MONTH_NAMES[month - 1] as string;
  if (day < 1) return `Day 00 does not exist: days run from 01`;
  const length = daysInMonth(year, month);
  if (day <= length) return form; // a real date: what is wrong is not the calendar
  const leap = month === 2 && day === 29;
  return `${year} has no ${day} ${name}${leap ? ' (it is not a leap year)' : `: ${name} ${year} has ${length} days`}`;
}

/**
 * {@link ageOn} without the input checks, for hot paths that have checked their dates already.
 * Whole years of age on `asOf` for someone born on `birthDate`. Birthdays count from the day
 * itself; someone born on 29 February gains a year on 1 March in common years (UK convention).
 * Both dates must be valid ISO dates; a birth after `asOf` gives a negative age.
 *
 * @example
 * ageOn('2000-02-29', '2021-02-28') // 20
 * ageOn('2000-02-29', '2021-03-01') // 21
 */
export function ageOnUnchecked(birthDate: IsoDate, asOf: IsoDate): number {
  // A birthday (month and day, as MMDD) not yet reached this year costs one year. Reads digits
  // in place: this runs once per person on the segmentation path.
  const years = digits(asOf, 0, 4) - digits(birthDate, 0, 4);
  return monthDay(asOf) < monthDay(birthDate) ? years - 1 : years;
}

function monthDay(iso: IsoDate): number {
  return digits(iso, 5, 2) * 100 + digits(iso, 8, 2);
}

/** The longest look-back accepted: 200 years, in days or months. */
const MAX_LOOK_BACK_DAYS = 73_050;
const MAX_LOOK_BACK_MONTHS = 2_400;

/**
 * Zod schema of a look-back window before an evaluation date: whole days, or calendar months,
 * up to 200 years.
 *
 * @example
 * LookBackSchema.safeParse({ months: 12 }).success // true
 * LookBackSchema.safeParse({ weeks: 6 }).success   // false: days or months only
 */
export const LookBackSchema = z.union(
  [
    z.strictObject({ days: z.number().int().min(1).max(MAX_LOOK_BACK_DAYS) }),
    z.strictObject({ months: z.number().int().min(1).max(MAX_LOOK_BACK_MONTHS) }),
  ],
  { error: 'Expected a look-back window: { days: n } or { months: n }' },
);

/**
 * A look-back window before an evaluation date: `{ days: n }` or `{ months: n }`. A rule with a
 * window asks whether a marker was active at any time in it, not only on the date itself.
 *
 * @example
 * const postnatal: LookBack = { days: 42 };
 * lookBackStart('2024-04-12', postnatal); // '2024-03-01'
 */
export type LookBack = z.infer<typeof LookBackSchema>;

/**
 * {@link lookBackStart} without the input checks, for callers that have checked them already.
 * The first day of a look-back window ending on `asOf`. A month window counts calendar months
 * and clamps to the end of a shorter month, as date-fns `subMonths` does: 31 March minus one
 * month is 29 February in a leap year, 28 February otherwise. Pure calendar arithmetic on
 * year, month and day numbers, so the host's time zone cannot shift a date. A window reaching
 * before year 1 starts on '0000-01-01', which still sorts before every valid date.
 *
 * @example
 * lookBackStart('2024-04-12', { days: 42 })  // '2024-03-01'
 * lookBackStart('2024-03-31', { months: 1 }) // '2024-02-29'
 */
export function lookBackStartUnchecked(asOf: IsoDate, window: LookBack): IsoDate {
  const start = 'days' in window ? addDaysUnchecked(asOf, -window.days) : subtractMonths(asOf, window.months);
  return start < '0001-01-01' || start.startsWith('-') ? '0000-01-01' : start;
}

function subtractMonths(iso: IsoDate, months: number): IsoDate {
  const monthIndex = digits(iso, 0, 4) * 12 + (digits(iso, 5, 2) - 1) - months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  if (year < 1) return '0000-01-01';
  const max = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return formatDate(year, month, Math.min(digits(iso, 8, 2), max));
}

/**
 * The date a period after `iso`, the reverse of {@link lookBackStartUnchecked}: months count
 * calendar months and clamp to the end of a shorter month (31 August plus six months is 28 or
 * 29 February). Undefined when the date would fall after 9999-12-31.
 *
 * @example
 * dateAfterUnchecked('2023-08-31', { months: 6 }) // '2024-02-29'
 * dateAfterUnchecked('2024-04-01', { days: 42 })  // '2024-05-13'
 */
export function dateAfterUnchecked(iso: IsoDate, period: LookBack): IsoDate | undefined {
  if ('days' in period) return toEpochDay(iso) + period.days > LAST_EPOCH_DAY ? undefined : addDaysUnchecked(iso, period.days);
  // Past 9999 the year takes five digits.
  const end = subtractMonths(iso, -period.months);
  return end.length > 10 ? undefined : end;
}

/**
 * The last day of every month from the month of `from` to the month of `to`, in order: the
 * dates of a monthly series, as the national segmentation dataset dates its rows.
 *
 * @example
 * monthEndsUnchecked('2023-12-15', '2024-03-01') // ['2023-12-31', '2024-01-31', '2024-02-29', '2024-03-31']
 */
export function monthEndsUnchecked(from: IsoDate, to: IsoDate): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let index = digits(from, 0, 4) * 12 + digits(from, 5, 2) - 1; index <= digits(to, 0, 4) * 12 + digits(to, 5, 2) - 1; index++) {
    const year = Math.floor(index / 12);
    const month = index - year * 12 + 1;
    dates.push(formatDate(year, month, month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number)));
  }
  return dates;
}

/** The ISO date of a year, month (1-12) and day, which the caller knows to exist. */
export function formatDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a valid ISO date (proleptic Gregorian calendar). */
export function toEpochDay(iso: IsoDate): number {
  let y = digits(iso, 0, 4);
  const m = digits(iso, 5, 2);
  const d = digits(iso, 8, 2);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The ISO date `days` days after 1970-01-01 (negative before it). */
export function fromEpochDay(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return formatDate(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

/**
 * {@link addDays} without the input checks, for hot paths that have checked them already.
 * The date `days` days after `iso` (before it when negative), by exact day arithmetic.
 *
 * @example
 * addDays('2024-02-28', 1) // '2024-02-29'
 */
export function addDaysUnchecked(iso: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(iso) + days);
}

const AgeArgumentsSchema = z.strictObject({ birthDate: IsoDateSchema, asOf: IsoDateSchema });

/**
 * Whole years of age on `asOf` for someone born on `birthDate`. Birthdays count from the day
 * itself; someone born on 29 February gains a year on 1 March in common years (UK convention).
 * A birth after `asOf` gives a negative number. Throws `PhmValidationError` for a date that is
 * not a real `YYYY-MM-DD` calendar date.
 *
 * @example
 * ageOn('2000-02-29', '2021-02-28') // 20
 * ageOn('2000-02-29', '2021-03-01') // 21
 */
export function ageOn(birthDate: IsoDate, asOf: IsoDate): number {
  const checked = parseInput(AgeArgumentsSchema, { birthDate, asOf }, 'dates');
  return ageOnUnchecked(checked.birthDate, checked.asOf);
}

/**
 * The first day of a look-back window ending on `asOf`: `{ days: n }` is n days before it,
 * `{ months: n }` n calendar months before it, clamped to the end of a shorter month as
 * date-fns `subMonths` does (31 March minus one month is 29 February in a leap year). A person's
 * marker is "active within" the window when it is active on any day from this date to `asOf`.
 *
 * @example
 * lookBackStart('2024-04-12', { days: 42 })  // '2024-03-01'
 * lookBackStart('2024-03-31', { months: 1 }) // '2024-02-29'
 */
export function lookBackStart(asOf: IsoDate, window: LookBack): IsoDate {
  const checked = parseInput(z.strictObject({ asOf: IsoDateSchema, window: LookBackSchema }), { asOf, window }, 'look-back');
  return lookBackStartUnchecked(checked.asOf, checked.window);
}

/**
 * The last day of every month from the month of `from` to the month of `to` (inclusive), in
 * order: the dates of a monthly series, as the national segmentation dataset dates its rows.
 * Throws `PhmValidationError` for an invalid date or a `to` before `from`.
 *
 * @example
 * monthEnds('2023-12-15', '2024-03-01') // ['2023-12-31', '2024-01-31', '2024-02-29', '2024-03-31']
 */
export function monthEnds(from: IsoDate, to: IsoDate): IsoDate[] {
  const checked = parseInput(
    z.strictObject({ from: IsoDateSchema, to: IsoDateSchema }).refine((d) => d.from <= d.to, { message: '`to` must not be before `from`', path: ['to'] }),
    { from, to },
    'month ends',
  );
  return monthEndsUnchecked(checked.from, checked.to);
}

/**
 * The date `days` days after `iso` (before it when negative). Throws `PhmValidationError` for
 * an invalid date, a `days` that is not a whole number, or a result outside years 0001-9999.
 *
 * @example
 * addDays('2024-02-28', 1)  // '2024-02-29'
 * addDays('2024-03-01', -1) // '2024-02-29'
 */
export function addDays(iso: IsoDate, days: number): IsoDate {
  const checked = parseInput(z.strictObject({ iso: IsoDateSchema, days: z.number().int() }), { iso, days }, 'date arithmetic');
  const result = addDaysUnchecked(checked.iso, checked.days);
  if (!isIsoDate(result)) {
    throw new PhmValidationError(`Invalid date arithmetic: ${iso} plus ${days} days is outside years 0001-9999`, [
      { path: ['days'], message: 'The result is outside years 0001-9999' },
    ]);
  }
  return result;
}

/** Epoch days of 0001-01-01 and 9999-12-31: the range of valid {@link IsoDate}s. */
export const FIRST_EPOCH_DAY = -719162;
export const LAST_EPOCH_DAY = 2932896;

/**
 * The latest birth date (as days since 1970-01-01) of someone aged at least `years` on `asOf`,
 * by {@link ageOn}'s rules. Age only falls as the birth date moves later, so "aged `years` or
 * over" is exactly "born on or before this day": engines that compare day numbers or dates (the
 * SQL compiler, the columnar path) test age with one comparison. May fall before
 * {@link FIRST_EPOCH_DAY} when no valid birth date is old enough.
 *
 * @example
 * fromEpochDay(latestBirthDayAged('2024-04-01', 18)) // '2006-04-01'
 * fromEpochDay(latestBirthDayAged('2021-02-28', 21)) // '2000-02-28': born 29 Feb 2000 is 20
 */
export function latestBirthDayAged(asOf: IsoDate, years: number): number {
  // Days outside the calendar are never formatted: before year 1 counts as aged, after 9999 as
  // not (it is after asOf), which keeps the test monotone.
  const aged = (day: number) => day < FIRST_EPOCH_DAY || (day <= LAST_EPOCH_DAY && ageOnUnchecked(fromEpochDay(day), asOf) >= years);
  let day = toEpochDay(asOf) - Math.round(years * 365.2425);
  while (!aged(day)) day--;
  while (aged(day + 1)) day++;
  return day;
}
