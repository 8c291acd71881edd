/**
 * Weighted condition scores against an oracle: every row scored, rejected or excluded as the
 * documented screening says; each person's score is the exact sum of the weights of the terms
 * whose rule holds (summed here in BigInt millionths, apart from phm-kit's arithmetic); the
 * distribution counts them.
 */
import fc from 'fast-check';
import { defineConditionScore, scoreConditions, type Rule } from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { ruleArb, scenarioArb } from '../arbitraries.js';
import { expectedAge, expectedFates, fateLabel, ruleHolds } from './oracle.js';
import { property } from '../../support/property.js';

const SEED = 0x5c0_4e01;
const weightArb = fc.oneof(fc.constantFrom('0', '0.08', '2.50', '-0.18781', '999999.999999', '-1'), fc.integer({ min: -5_000_000, max: 5_000_000 }).map((m) => (m / 1_000_000).toFixed(6)));
const scoreArb = fc
  .array(fc.tuple(ruleArb, weightArb), { minLength: 1, maxLength: 6 })
  .chain((terms) =>
    fc.option(fc.uniqueArray(fc.integer({ min: -3_000_000, max: 3_000_000 }), { minLength: 1, maxLength: 4 }), { nil: undefined }).map((cuts) => ({
      id: 'random-score',
      label: 'Random',
      terms: terms.map(([rule, weight], i) => ({ id: `t${i}`, label: `Term ${i}`, weight, rule: rule as Rule })),
      ...(cuts === undefined ? {} : { bands: [...cuts].sort((a, b) => a - b).map((m, i) => ({ id: `b${i}`, label: `Band ${i}`, from: (m / 1_000_000).toFixed(6) })) }),
    })),
  );

/** A decimal string as BigInt millionths. */
const micro = (s: string): bigint => {
  const negative = s.startsWith('-');
  const [whole, frac = ''] = (negative ? s.slice(1) : s).split('.');
  const n = BigInt(whole as string) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  return negative ? -n : n;
};

describe('scoreConditions', () => {
  property('every row accounted for; each score the exact sum of the weights whose rules hold', SEED, fc.tuple(scenarioArb({ weights: [14, 1, 1] }), scoreArb), ([{ asOf, rows }, spec]) => {
    const score = defineConditionScore(spec);
    const r = scoreConditions(rows, score, { asOf });
    const fates = expectedFates(rows, asOf);
    expect(r.total).toBe(rows.length);
    const labels = new Map<number, string>([...r.people.map((p) => [p.index, 'assigned'] as const), ...r.rejected.map((x) => [x.index, `rejected:${x.reason}`] as const), ...r.excluded.map((x) => [x.index, `excluded:${x.reason}`] as const)]);
    expect(labels.size).toBe(rows.length);
    fates.forEach((fate, i) => expect(labels.get(i), `row ${i}`).toBe(fateLabel(fate)));

    let sum = 0n;
    const byScore = new Map<bigint, number>();
    for (const p of r.people) {
      const fate = fates[p.index];
      if (fate?.kind !== 'assigned') throw new Error('scored a row that is not in the population');
      const ctx = { person: fate.person, asOf, age: expectedAge(fate.person.birthDate, asOf) };
      const held = spec.terms.filter((t) => ruleHolds(t.rule, ctx));
      expect(p.terms).toEqual(held.map((t) => t.id));
      const points = held.reduce((acc, t) => acc + micro(t.weight), 0n);
      expect(micro(p.score)).toBe(points);
      sum += points;
      byScore.set(points, (byScore.get(points) ?? 0) + 1);
      if (spec.bands !== undefined) {
        const band = spec.bands.filter((b, i) => i === 0 || micro(b.from) <= points).at(-1);
        expect(p.band).toBe(band?.id);
      } else expect(p.band).toBeUndefined();
    }
    expect(r.distribution.byScore.map((b) => [micro(b.score), b.people])).toEqual([...byScore].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    for (const t of spec.terms) expect(r.distribution.byTerm[t.id]).toBe(r.people.filter((p) => p.terms.includes(t.id)).length);
    if (r.people.length === 0) expect(r.distribution.mean).toBeNull();
    else {
      // Mean to 6 places, half-even, from the exact sum.
      const n = BigInt(r.people.length);
      const q = sum / n;
      const rem = sum % n;
      const twice = 2n * (rem < 0n ? -rem : rem);
      const away = twice > n || (twice === n && (q < 0n ? -q : q) % 2n === 1n);
      const rounded = away ? q + (sum < 0n ? -1n : 1n) : q;
      expect(micro(r.distribution.mean as string)).toBe(rounded);
    }
    if (spec.bands !== undefined) expect(r.distribution.byBand?.reduce((a, b) => a + b.people, 0)).toBe(r.people.length);
  });
});
