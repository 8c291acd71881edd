/**
 * Exact money: amounts as whole numbers of a rounding unit (BigInt), and scaled integers for
 * rates. Negative amounts arise inside finance (a change from current spend) and must round
 * trip as exactly as positive ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MoneySchema, UnitSchema } from 'phm-kit';
import { decimalString, fixedDecimal, fromScaledInteger, fromUnits, NonNegativeMoneySchema, placesOf, roundedDecimal, roundHalfUp, toScaledInteger, toUnits, unitPrinter } from '../../src/core/money.js';
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

describe('exact rounding on integers', () => {
  it('rounds halves away from zero, whatever the signs, and prints zero without a sign', () => {
    expect([roundHalfUp(5n, 2n), roundHalfUp(-5n, 2n), roundHalfUp(5n, -2n), roundHalfUp(7n, 3n), roundHalfUp(-7n, 3n), roundHalfUp(0n, -3n)]).toEqual([3n, -3n, -3n, 2n, -2n, 0n]);
    expect(roundedDecimal(1n, 8n, 2)).toBe('0.13');
    expect(roundedDecimal(-1n, 8n, 2)).toBe('-0.13');
    expect(roundedDecimal(-1n, 1000n, 2)).toBe('0.00');
    expect(roundedDecimal(2n, 3n, 0)).toBe('1');
    expect(roundedDecimal(10n ** 90n + 5n, 10n, 0)).toBe(`1${'0'.repeat(88)}1`);
  });

  property('roundedDecimal is n / d to the nearest 10^-places, ties away from zero (checked by multiplying back)', 31_003, fc.tuple(fc.bigInt({ min: -(10n ** 100n), max: 10n ** 100n }), fc.bigInt({ min: 1n, max: 10n ** 60n }), fc.boolean(), fc.integer({ min: 0, max: 12 })), ([n, d0, negative, places]) => {
    const d = negative ? -d0 : d0;
    const text = roundedDecimal(n, d, places);
    const { n: q, places: p } = toScaledInteger(text);
    const scaled = q * 10n ** BigInt(places - p); // the printed value in units of 10^-places
    // |q / 10^places - n / d| <= 1/2 unit: |2 (q d - n 10^places)| <= |d|, a tie only away from zero.
    const error = 2n * (scaled * d - n * 10n ** BigInt(places));
    const abs = (x: bigint) => (x < 0n ? -x : x);
    expect(abs(error) <= abs(d)).toBe(true);
    if (abs(error) === abs(d)) expect(abs(scaled * d) > abs(n * 10n ** BigInt(places))).toBe(true);
    expect(text.split('.')[1]?.length ?? 0).toBe(places);
    expect(text.startsWith('-')).toBe(scaled !== 0n && n < 0n !== d < 0n);
  });

  it('prints whole units the same through fromUnits and a printer read once', () => {
    for (const unit of ['0.01', '0.1', '1', '1000']) {
      const print = unitPrinter(unit);
      for (const units of [0n, 5n, -5n, 123456789n]) expect(print(units)).toBe(fromUnits(units, unit));
    }
    expect(fixedDecimal(-5n, 3)).toBe('-0.005');
    expect(fixedDecimal(12n, 0)).toBe('12');
  });
});

describe('the length limit on money and rounding units', () => {
  it('accepts 64 characters and refuses 65, naming the limit', () => {
    expect(MoneySchema.safeParse(`1${'0'.repeat(60)}.01`).success).toBe(true);
    const refused = MoneySchema.safeParse(`1${'0'.repeat(61)}.01`);
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain('At most 64 characters');
    expect(UnitSchema.safeParse(`1${'0'.repeat(63)}`).success).toBe(true);
    expect(UnitSchema.safeParse(`1${'0'.repeat(64)}`).success).toBe(false);
  });

  it('reads a unit as a power of ten from its text: trailing zeros after the point and leading zeros are allowed', () => {
    expect(['1.00', '0010', '0.010', '100.0', '0.1'].map((u) => UnitSchema.safeParse(u).success)).toEqual([true, true, true, true, true]);
    expect(['0.001', '-0.01', '-10', '11', '0.0', '00'].map((u) => UnitSchema.safeParse(u).success)).toEqual([false, false, false, false, false, false]);
    expect(placesOf('0.010')).toBe(2);
    expect(toUnits('1.50', '0.010')).toBe(150n);
  });
});
