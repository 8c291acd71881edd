import * as z from 'zod';
import { MoneySchema, roundedDecimal, toScaledInteger, type Money } from './money.js';
import { parseInput } from './validation.js';

/**
 * Zod schema of the options of {@link formatMoney}: the currency `symbol` (default `'£'`) and the
 * decimal `places` (0 to 20; by default 0 for an amount written without decimals, else 2).
 *
 * @example
 * MoneyFormatOptionsSchema.safeParse({ symbol: '', places: 0 }).success // true
 */
export const MoneyFormatOptionsSchema = z.strictObject({
  /** Written before the digits, after a minus sign: `'£'` by default; `''` for none. */
  symbol: z.string().max(8).default('£'),
  /** Decimal places, rounded half away from zero; by default 0 for an amount written without decimals, else 2. */
  places: z.number().int().min(0).max(20).optional(),
});

/**
 * Options of {@link formatMoney}.
 *
 * @example
 * const thousands: MoneyFormatOptions = { places: 0 };
 * formatMoney('12548000.40', thousands); // '£12,548,000'
 */
export type MoneyFormatOptions = z.input<typeof MoneyFormatOptionsSchema>;

/**
 * An amount of money as people read it: a currency symbol and thousands separators,
 * `'59686956.52'` as `'£59,686,956.52'`, `'-2797300'` as `'-£2,797,300'`. Exact, for any
 * length of amount: it is written from the decimal digits, never through a JS float. The
 * library's results stay plain decimal strings; this is for what is shown to people (reports,
 * the demos, the command line). Throws `PhmValidationError` for an amount that is not money.
 *
 * @example
 * formatMoney('59686956.52')               // '£59,686,956.52'
 * formatMoney('1200000000')                // '£1,200,000,000'
 * formatMoney('7049800.00')                // '£7,049,800.00'
 * formatMoney('7049800', { places: 2 })    // '£7,049,800.00'
 * formatMoney('0.125')                     // '£0.13'
 * formatMoney(54923000, { symbol: '' })    // '54,923,000'
 */
export function formatMoney(amount: Money, options: MoneyFormatOptions = {}): string {
  const value = parseInput(MoneySchema, amount, 'amount');
  const { symbol, places } = parseInput(MoneyFormatOptionsSchema, options, 'options');
  const { n, places: written } = toScaledInteger(value);
  const wanted = places ?? (written === 0 ? 0 : 2);
  const text = roundedDecimal(n, 10n ** BigInt(written), wanted);
  const negative = text.startsWith('-');
  const [whole = '', fraction] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${symbol}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
