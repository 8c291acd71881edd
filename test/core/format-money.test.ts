import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, PhmValidationError } from 'phm-kit';
import { property } from '../support/property.js';

describe('formatMoney', () => {
  it('writes amounts as people read them', () => {
    expect(formatMoney('59686956.52')).toBe('£59,686,956.52');
    expect(formatMoney('1200000000')).toBe('£1,200,000,000');
    expect(formatMoney('7049800.00')).toBe('£7,049,800.00');
    expect(formatMoney('7049800', { places: 2 })).toBe('£7,049,800.00');
    expect(formatMoney('12548000.40', { places: 0 })).toBe('£12,548,000');
    expect(formatMoney(54923000, { symbol: '' })).toBe('54,923,000');
    expect(formatMoney('-2797300')).toBe('-£2,797,300');
    expect(formatMoney('999')).toBe('£999');
    expect(formatMoney('1000')).toBe('£1,000');
    expect(formatMoney('0')).toBe('£0');
    expect(formatMoney('5.5')).toBe('£5.50');
  });

  it('rounds half away from zero, and a value that rounds to zero has no sign', () => {
    expect(formatMoney('0.125')).toBe('£0.13');
    expect(formatMoney('-0.125')).toBe('-£0.13');
    expect(formatMoney('999.995')).toBe('£1,000.00');
    expect(formatMoney('-0.001')).toBe('£0.00');
    expect(formatMoney('1234.5', { places: 0 })).toBe('£1,235');
  });

  it('refuses what is not money, and bad options, as PhmValidationError', () => {
    expect(() => formatMoney(0.1)).toThrow(PhmValidationError);
    expect(() => formatMoney('1,000')).toThrow(PhmValidationError);
    expect(() => formatMoney('1', { places: 21 })).toThrow(PhmValidationError);
    expect(() => formatMoney('1', { currency: '$' } as never)).toThrow(PhmValidationError);
  });

  property(
    'read back without symbol and commas, it is the amount rounded half up to its places, at any length',
    0xf0_4e_11,
    fc.tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 6 }), fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), fc.constantFrom('£', '', '€')),
    ([n, scale, places, symbol]) => {
      const amount = scale === 0 ? n.toString() : new Decimal(n.toString()).div(10 ** scale).toFixed(scale);
      const text = formatMoney(amount, { symbol, places });
      const wanted = places ?? (scale === 0 ? 0 : 2);
      const expected = new Decimal(amount).toDecimalPlaces(wanted, Decimal.ROUND_HALF_UP);
      const negative = text.startsWith('-');
      expect(text.slice(negative ? 1 : 0).startsWith(symbol)).toBe(true);
      const digits = text.slice((negative ? 1 : 0) + symbol.length);
      expect(digits).toMatch(/^\d{1,3}(,\d{3})*(\.\d+)?$/);
      expect(digits.split('.')[1]?.length ?? 0).toBe(wanted);
      expect(new Decimal(`${negative ? '-' : ''}${digits.replaceAll(',', '')}`).eq(expected)).toBe(true);
      expect(negative).toBe(expected.isNegative() && !expected.isZero());
    },
  );
});
