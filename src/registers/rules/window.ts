import * as z from 'zod';
import { addDaysUnchecked, IsoDateSchema, lookBackStartUnchecked, type IsoDate } from '../../core/dates.js';

/** Two hundred years, the longest look-back segmentation rules take too. */
const MAX_DAYS = 73_050;
const MAX_MONTHS = 2_400;

/**
 * Zod schema of the window a register rule looks for codes in, ending on `asOf`: the last
 * `days` or calendar `months`, or everything `since` a fixed date (QOF's "diagnosed on or after
 * 1 April 2006"). Without a window, a rule reads every code recorded on or before `asOf`.
 *
 * @example
 * RegisterWindowSchema.safeParse({ months: 12 }).success          // true
 * RegisterWindowSchema.safeParse({ since: '2006-04-01' }).success // true
 * RegisterWindowSchema.safeParse({ years: 2 }).success            // false: days, months or since
 */
export const RegisterWindowSchema = z.union(
  [
    z.strictObject({ days: z.number().int().min(1).max(MAX_DAYS) }),
    z.strictObject({ months: z.number().int().min(1).max(MAX_MONTHS) }),
    z.strictObject({ since: IsoDateSchema }),
  ],
  { error: 'Expected a window: { days: n }, { months: n } or { since: YYYY-MM-DD }' },
);

/**
 * A window ending on `asOf` that a register rule reads codes in: `{ days: n }`, `{ months: n }`
 * or `{ since: 'YYYY-MM-DD' }`.
 *
 * @example
 * const lastYear: RegisterWindow = { months: 12 };
 */
export type RegisterWindow = z.infer<typeof RegisterWindowSchema>;

/**
 * The first day a window includes. The QOF business rules write "in the preceding 12 months" as
 * a date after `PPED - 12 months`, so `{ months: 12 }` on 31 March 2025 reads codes from 1 April
 * 2024 to 31 March 2025: a drug issued exactly 12 months before `asOf` is outside it. Months
 * count as calendar months, clamped to the end of a shorter month (31 March minus one month is
 * 29 February in a leap year). `since` includes its own day. A start before year 1 is returned
 * as '0000-01-01', which sorts before every date.
 */
export function windowStart(asOf: IsoDate, window: RegisterWindow | undefined): IsoDate {
  if (window === undefined) return '0000-01-01';
  if ('since' in window) return window.since;
  const before = lookBackStartUnchecked(asOf, window);
  return before === '0000-01-01' ? before : addDaysUnchecked(before, 1);
}

/** The window in words, for reasons and descriptions. */
export function describeWindow(window: RegisterWindow | undefined): string {
  if (window === undefined) return 'ever';
  if ('since' in window) return `since ${window.since}`;
  const [n, unit] = 'days' in window ? [window.days, 'day'] : [window.months, 'month'];
  return `in the last ${n} ${unit}${n === 1 ? '' : 's'}`;
}
