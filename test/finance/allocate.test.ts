/** Worked examples and refusals of allocate. */
import { PhmValidationError } from 'phm-kit';
import { allocate } from 'phm-kit/finance';
import { describe, expect, it } from 'vitest';

function validationError(thunk: () => unknown): PhmValidationError {
  try {
    thunk();
  } catch (error) {
    expect(error).toBeInstanceOf(PhmValidationError);
    return error as PhmValidationError;
  }
  throw new Error('expected a PhmValidationError');
}

describe('allocate: examples', () => {
  it('splits £100.00 three ways to the penny, the spare penny to the earlier line', () => {
    expect(allocate('100.00', [1, 1, 1])).toEqual(['33.34', '33.33', '33.33']);
    expect(allocate('100.00', ['1', '1', '1'])).toEqual(['33.34', '33.33', '33.33']);
    expect(allocate(100, [1, 1, 1])).toEqual(['33.34', '33.33', '33.33']);
  });

  it('gives leftover units to the largest remainders, ties to the larger weight', () => {
    // quotas 0.3, 0.3, 0.4 pence... in pounds: 1.00 over [3,3,4] is exact; use 0.10 over [1,2]: 3.33p, 6.67p
    expect(allocate('0.10', [1, 2])).toEqual(['0.03', '0.07']);
    // 0.05 over [1, 1, 2, 1]: quotas 1, 1, 2, 1 pence exactly
    expect(allocate('0.05', [1, 1, 2, 1])).toEqual(['0.01', '0.01', '0.02', '0.01']);
    // 0.01 over [1, 2]: remainders 1/3 and 2/3 of a penny: the penny goes to the larger remainder
    expect(allocate('0.01', [1, 2])).toEqual(['0.00', '0.01']);
    // 0.01 over [2, 1, 1, 2]... remainders 2/6,1/6,1/6,2/6: tie between lines 0 and 3 (same weight): the earlier wins
    expect(allocate('0.01', [2, 1, 1, 2])).toEqual(['0.01', '0.00', '0.00', '0.00']);
    // 0.02 over [1, 2, 3]: quotas 1/3, 2/3, 1 pence; remainders 1/3, 2/3, 0 -> floors 0,0,1, one leftover to line 1
    expect(allocate('0.02', [1, 2, 3])).toEqual(['0.00', '0.01', '0.01']);
  });

  it('ties on remainder go to the larger weight, not the earlier line', () => {
    // 0.03 over [1, 4]: quotas 0.6p and 2.4p... remainders 3/5 and 2/5: line 0 first.
    expect(allocate('0.03', [1, 4])).toEqual(['0.01', '0.02']);
    // 0.01 over [1, 1, 2] has remainders 1/4, 1/4, 2/4 -> line 2. Over [3, 1, 3, 1]... with 0.02: quotas 0.75,0.25,0.75,0.25: lines 0 and 2.
    expect(allocate('0.02', [3, 1, 3, 1])).toEqual(['0.01', '0.00', '0.01', '0.00']);
    // Equal remainders, unequal weights: 0.01 over [1, 3] has quotas 1/4 and 3/4 (not tied); 0.02 over [1, 3, 4]:
    // quotas 0.25, 0.75, 1.0; remainders 1/4, 3/4, 0 -> line 1. With [5, 1, 4] and 0.01*... exact tie example:
    // total 0.03 over weights [1, 5]: quotas 0.5 and 2.5 pence, both remainders 1/2: the larger weight (line 1) wins.
    expect(allocate('0.03', [1, 5])).toEqual(['0.00', '0.03']);
    expect(allocate('0.03', [5, 1])).toEqual(['0.03', '0.00']);
  });

  it('allocates in whole pounds and in whole thousands of pounds', () => {
    expect(allocate('100', [1, 1, 1], { unit: '1' })).toEqual(['34', '33', '33']);
    expect(allocate(100, [1, 1, 1], { unit: 1 })).toEqual(['34', '33', '33']);
    expect(allocate('1200000000', [3, 1], { unit: '1000' })).toEqual(['900000000', '300000000']);
    expect(allocate('10000', [1, 1, 1], { unit: '1000' })).toEqual(['4000', '3000', '3000']);
    expect(allocate('1200000000.00', ['0.5', '0.25', '0.25'], { unit: '1000' })).toEqual(['600000000', '300000000', '300000000']);
  });

  it('allocates negative totals (a saving or clawback), mirroring the positive split', () => {
    expect(allocate('-100.00', [1, 1, 1])).toEqual(['-33.34', '-33.33', '-33.33']);
    expect(allocate(-100, [1, 1, 1], { unit: '1' })).toEqual(['-34', '-33', '-33']);
    expect(allocate('-0.01', [1, 2])).toEqual(['0.00', '-0.01']);
  });

  it('gives zero weights zero, and works with one line', () => {
    expect(allocate('10.00', [0, 1, '0', '0.000'])).toEqual(['0.00', '10.00', '0.00', '0.00']);
    expect(allocate('123456789.01', ['7'])).toEqual(['123456789.01']);
    expect(allocate('0.00', [1, 2])).toEqual(['0.00', '0.00']);
  });

  it('handles £100bn over weights spanning ten orders of magnitude', () => {
    const parts = allocate('100000000000.00', ['0.00001', 100000, 1e-5, '12345.6789']);
    const pennies = parts.map((p) => BigInt(p.replace('.', '')));
    expect(pennies.reduce((a, b) => a + b, 0n)).toBe(10_000_000_000_000n);
    expect(parts[0]).toBe(parts[2]); // '0.00001' and 1e-5 are the same weight
  });
});

describe('allocate: refusals', () => {
  it('refuses all-zero weights at path weights', () => {
    const error = validationError(() => allocate('100.00', [0, '0', '0.00']));
    expect(error.issues.some((i) => i.path.length === 1 && i.path[0] === 'weights')).toBe(true);
    expect(error.message).toMatch(/zero/i);
  });

  it('refuses a negative weight, as a number or as a string', () => {
    const a = validationError(() => allocate('100.00', [1, -1]));
    expect(a.issues.some((i) => i.path.join('.') === 'weights.1')).toBe(true);
    const b = validationError(() => allocate('100.00', ['1', '-1']));
    expect(b.issues.some((i) => i.path.join('.') === 'weights.1')).toBe(true);
  });

  it('refuses no weights, non-finite weights and weights that are not decimals', () => {
    validationError(() => allocate('100.00', []));
    validationError(() => allocate('100.00', [Number.NaN]));
    validationError(() => allocate('100.00', [Number.POSITIVE_INFINITY]));
    validationError(() => allocate('100.00', ['1e3']));
    validationError(() => allocate('100.00', [1, 'abc']));
  });

  // BUG (src/finance/allocate.ts): the all-zero superRefine calls new Exact(w) on weights that
  // already failed the schema, so when no earlier weight is non-zero a malformed string escapes
  // as a raw decimal.js "[DecimalError] Invalid argument" instead of a PhmValidationError.
  it('refuses a malformed weight string with a PhmValidationError even when it is the first or only weight', () => {
    for (const weights of [['abc'], [''], [' 1'], [0, 'x']]) {
      const error = validationError(() => allocate('100.00', weights));
      expect(error.issues.some((i) => i.path[0] === 'weights')).toBe(true);
    }
  });

  it('refuses a total that is not a whole number of units, at path total', () => {
    for (const [total, unit] of [
      ['100.005', '0.01'],
      ['100.50', '1'],
      ['1500', '1000'],
      ['0.1', '1'],
    ] as const) {
      const error = validationError(() => allocate(total, [1, 1], { unit }));
      expect(error.issues.map((i) => i.path)).toContainEqual(['total']);
      expect(error.message).toContain(total);
    }
  });

  it('refuses a JS number total that is not a safe integer, saying to pass a string', () => {
    for (const total of [100.5, 2 ** 53, 1e20, Number.NaN]) {
      const error = validationError(() => allocate(total, [1, 1]));
      expect(`${error.message} ${error.issues.map((i) => i.message).join(' ')}`).toMatch(/string/i);
    }
  });

  it('refuses rounding units that are not a power of ten of a pound from one penny', () => {
    for (const unit of ['0.05', '0.001', '0', '-1', '2', '500', 'abc', 0.5]) {
      validationError(() => allocate('100.00', [1, 1], { unit }));
    }
  });

  it('refuses a total that is not a decimal, and unknown options', () => {
    validationError(() => allocate('£100', [1]));
    validationError(() => allocate('1e3', [1]));
    validationError(() => allocate('100.00', [1], { unit: '1', rounding: 'up' } as never));
  });
});
