import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { leeds2014Bcf, reconcilePlan } from 'phm-kit/bcf';
import { property } from '../support/property.js';

describe('reconciling the Leeds 2014 plan', () => {
  const { discrepancies } = reconcilePlan(leeds2014Bcf.plan);

  it('finds exactly the five mismatches the submission carries', () => {
    expect(discrepancies.map((d) => [d.location, d.stated, d.computed, d.difference])).toEqual([
      ['recurrent-schemes-2015-16', '39721', '39071', '650'],
      ['scheme-15-2014-15', '990', '890', '100'],
      ['scheme-15-2015-16', '1490', '1390', '100'],
      ['scheme-16-2014-15', '1216', '1516', '-300'],
      ['contingency-outcome-2', '1794000', '2080000', '-286000'],
    ]);
  });

  it('finds nothing where the document ties out: contributions, grand totals, outcome 1', () => {
    const flagged = new Set(discrepancies.map((d) => d.location));
    for (const location of ['contributions-2015-16', 'grand-total-revenue-2015-16', 'grand-total-2015-16', 'contingency-outcome-1']) expect(flagged.has(location)).toBe(false);
  });

  it("notes scheme 16's part left TBC", () => {
    expect(discrepancies.find((d) => d.location === 'scheme-16-2014-15')?.missingParts).toBe(1);
  });

  it('refuses a location used twice', () => {
    expect(() => reconcilePlan({ sums: [{ location: 'a', parts: [1], stated: 1 }, { location: 'a', parts: [1], stated: 1 }] })).toThrow(PhmValidationError);
  });
});

describe('reconciliation properties', () => {
  const sumArb = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 10 });
  property(
    'finds exactly the discrepancies injected into a consistent plan, and none in a consistent one',
    8001,
    fc.tuple(fc.array(sumArb, { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: -500, max: 500 }).filter((e) => e !== 0), { minLength: 12, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 })),
    ([tables, errors, inject]) => {
      const sums = tables.map((parts, i) => ({ location: `t${i}`, parts, stated: parts.reduce((a, b) => a + b, 0) + (inject[i] ? (errors[i] as number) : 0) }));
      const found = reconcilePlan({ sums }).discrepancies;
      expect(found.map((d) => d.location)).toEqual(sums.filter((_, i) => inject[i]).map((s) => s.location));
      for (const d of found) expect(Number(d.difference)).toBe(errors[Number(d.location.slice(1))]);
      const consistent = tables.map((parts, i) => ({ location: `t${i}`, parts, stated: parts.reduce((a, b) => a + b, 0) }));
      expect(reconcilePlan({ sums: consistent }).discrepancies).toEqual([]);
    },
    500,
  );
});
