/**
 * Exact money: amounts as whole numbers of a rounding unit (BigInt), and scaled integers for
 * rates. Negative amounts arise inside finance (a change from current spend) and must round
 * trip as exactly as positive ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MoneySchema, UnitSchema } from 'phm-kit';
import { decimalString, fromScaledInteger, fromUnits, NonNegativeMoneySchema, placesOf, toScaledInteger, toUnits } from '../../src/core/money.js';
import { property } from '../support/property.js';

describe('rounding units', () => {
  it('has 2 places for a penny, 1 for 10p and none for a pound or more', () => {
    expect(['0.01', '0.1', '1', '10', '1000'].map(placesOf)).toEqual([2, 1, 0, 0, 0]);
  });

  it('accepts powers of ten from a penny up, as strings or numbers, and nothing else', () => {
    expect(UnitSchema.parse(undefined)).toBe('0.01');
    expect(UnitSchema.parse(1000)).toBe('1000');
    expect(['0.001', '0.05', '20', '-1', 'abc', '0'].map((u) => UnitSchema.safeParse(u).success)).toEqual([false, false, false, false, false, false]);
  });
});

describe('amounts as whole units', () => {
  it('converts pennies and thousands both ways, negative amounts included', () => {
    expect(toUnits('123.45', '0.01')).toBe(12345n);
    expect(toUnits('-123.45', '0.01')).toBe(-12345n);
    expect(toUnits(-7, '0.01')).toBe(-700n);
    expect(toUnits('25000', '1000')).toBe(25n);
    expect(fromUnits(12345n, '0.01')).toBe('123.45');
    expect(fromUnits(-5n, '0.01')).toBe('-0.05');
    expect(fromUnits(-25n, '1000')).toBe('-25000');
    expect(fromUnits(0n, '1000')).toBe('0');
  });

  it('says when an amount is not a whole number of units', () => {
    expect(toUnits('123.456', '0.01')).toBeUndefined();
    expect(toUnits('25500', '1000')).toBeUndefined();
    expect(toUnits('-0.5', '1')).toBeUndefined();
  });

  property(
    'fromUnits and toUnits are inverse, for any sign and any unit',
    31_001,
    fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.constantFrom('0.01', '0.1', '1', '10', '1000')),
    ([units, unit]) => {
      const text = fromUnits(units, unit);
      expect(MoneySchema.safeParse(text).success).toBe(true);
      expect(toUnits(text, unit)).toBe(units);
      expect(text.startsWith('-')).toBe(units < 0n);
    },
  );
});

describe('scaled integers', () => {
  it('reads decimals, negative ones included, and prints them without trailing zeros', () => {
    expect(toScaledInteger('-1.25')).toEqual({ n: -125n, places: 2 });
    expect(toScaledInteger(-0.017)).toEqual({ n: -17n, places: 3 });
    expect(fromScaledInteger(-125n, 2)).toBe('-1.25');
    expect(fromScaledInteger(-5n, 3)).toBe('-0.005');
    expect(fromScaledInteger(1500n, 3)).toBe('1.5');
    expect(fromScaledInteger(-1000n, 3)).toBe('-1');
    expect(fromScaledInteger(0n, 4)).toBe('0');
    expect(fromScaledInteger(42n, 0)).toBe('42');
  });

  property(
    'fromScaledInteger(toScaledInteger(x)) is x without trailing zeros',
    31_002,
    fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 })),
    ([n, places]) => {
      const text = fromScaledInteger(n, places);
      expect(text).toBe(decimalString(fromScaledInteger(n, places)));
      const back = toScaledInteger(text);
      expect(back.n * 10n ** BigInt(places - back.places)).toBe(n);
    },
  );
});

describe('amounts that cannot be negative', () => {
  it('accepts zero written with a minus sign, and refuses any amount below zero', () => {
    expect(['0', '-0', '-0.00', '12.5', 3].map((m) => NonNegativeMoneySchema.safeParse(m).success)).toEqual([true, true, true, true, true]);
    expect(['-0.01', '-1', -1].map((m) => NonNegativeMoneySchema.safeParse(m).success)).toEqual([false, false, false]);
  });
});
