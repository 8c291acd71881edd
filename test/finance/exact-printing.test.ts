/**
 * Every decimal allocateEnvelopes prints, at the longest inputs its schema accepts (64
 * characters), against a BigInt oracle: quota and share to ten decimals, adjustment, current
 * spend, change, change percent and per-head amount to two, all rounded half up from the exact
 * value. (They were printed through 80-digit decimal.js, which cannot hold a 64-digit amount
 * divided by a 64-digit share.)
 */
import fc from 'fast-check';
import { allocateEnvelopes, type EnvelopeInput } from 'phm-kit/finance';
import { describe, expect } from 'vitest';
import { property } from '../support/property.js';
import { formatUnits, halfUp, parseDec, sum, unitsOf, withinOneUnit, type Dec } from './exact.js';

interface Q {
  n: bigint;
  d: bigint;
}
const q = (dec: Dec): Q => ({ n: dec.n, d: 10n ** BigInt(dec.scale) });
const qOf = (v: string | number) => q(parseDec(typeof v === 'number' ? String(v) : v));
const add = (a: Q, b: Q): Q => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const scale = (a: Q, b: Q): Q => ({ n: a.n * b.n, d: a.d * b.d });
const normalise = (xs: Q[]): Q[] => {
  const total = xs.reduce(add, { n: 0n, d: 1n });
  return xs.map((x) => ({ n: x.n * total.d, d: x.d * total.n }));
};

const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(''));
/** Decimals of up to `length` characters, the first digit never zero. */
const longDecimal = (length: number) =>
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: length - 3 }), digits(length, length)).map(([lead, whole, ds]) => `${lead}${ds.slice(0, whole)}.${ds.slice(whole, length - 2)}`);
const fraction = fc.oneof(digits(1, 62).map((ds) => `0.${ds}`), fc.constantFrom('0', '1', 0.5));

const caseArb = fc.record({
  totalPennies: fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 62n - 1n }), fc.bigInt({ min: 1n, max: 10_000n })),
  method: fc.oneof(fc.constant({ kind: 'historic' as const }), fc.constant({ kind: 'capitation' as const }), fraction.map((historicShare) => ({ kind: 'blend' as const, historicShare }))),
  segments: fc.array(fc.record({ spend: longDecimal(60), population: fc.integer({ min: 1, max: 1_000_000 }), need: longDecimal(64) }), { minLength: 1, maxLength: 6 }),
});

describe('allocateEnvelopes prints exactly at 64 characters', () => {
  property('quota, share, adjustment, current spend, change, change percent and per head, half up from the exact values', 20261431, caseArb, ({ totalPennies, method, segments }) => {
    const total = formatUnits(totalPennies, '0.01');
    const input: EnvelopeInput = { total, method, segments: segments.map((s, i) => ({ id: `s${i}`, currentSpend: s.spend, population: s.population, needWeight: s.need })) };
    const r = allocateEnvelopes(input);
    const historic = normalise(segments.map((s) => qOf(s.spend)));
    const capitation = normalise(segments.map((s) => scale(qOf(s.need), { n: BigInt(s.population), d: 1n })));
    const h = method.kind === 'blend' ? qOf(method.historicShare) : method.kind === 'historic' ? { n: 1n, d: 1n } : { n: 0n, d: 1n };
    const shares = historic.map((x, i) => add(scale(h, x), scale({ n: h.d - h.n, d: h.d }, capitation[i]!)));
    const amounts = r.envelopes.map((e) => unitsOf(e.amount, '0.01'));
    expect(sum(amounts)).toBe(totalPennies);
    r.envelopes.forEach((e, i) => {
      const s = shares[i]!;
      const spend = qOf(segments[i]!.spend);
      const money: Q = { n: amounts[i]!, d: 100n };
      expect(withinOneUnit(amounts[i]!, totalPennies, s.n, s.d)).toBe(true);
      expect(e.share).toBe(halfUp(s.n, s.d, 10));
      expect(e.basis).toContain(`${halfUp(s.n * 100n, s.d, 2)}%`);
      expect(e.quota).toBe(halfUp(totalPennies * s.n, 100n * s.d, 10));
      expect(e.adjustment).toBe(halfUp(amounts[i]! * 10n ** 8n - BigInt(e.quota.replace('.', '')), 10n ** 10n, 10, true));
      expect(e.currentSpend).toBe(halfUp(spend.n, spend.d, 2));
      const change = add(money, { n: -spend.n, d: spend.d });
      expect(e.change).toBe(halfUp(change.n, change.d, 2, true));
      expect(e.changePercent).toBe(halfUp(change.n * spend.d * 100n, change.d * spend.n, 2, true));
      expect(e.perHead).toBe(halfUp(money.n, money.d * BigInt(segments[i]!.population), 2));
    });
  }, 300);
});
