/**
 * Properties of allocateEnvelopes, checked against an independent oracle written here with
 * BigInt rationals (shares, quotas, bounds, feasibility) and decimal.js (string arithmetic):
 * totals up to £100bn in units of 1p, £1 and £1,000; 1-30 segments; every method kind; top
 * slices; floors and caps as amounts and as percentages of current spend; pace-of-change limits.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { PhmInfeasibleError } from 'phm-kit';
import { allocateEnvelopes, type EnvelopeAllocation, type EnvelopeInput } from 'phm-kit/finance';
import { describe, expect } from 'vitest';
import { property } from '../support/property.js';

const D = Decimal.clone({ precision: 120, rounding: Decimal.ROUND_HALF_UP });
const RUNS = 200;

// ---------- exact rationals (independent of src/finance/rational.ts) ----------
interface Q {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x;
};
const q = (n: bigint, d = 1n): Q => {
  if (d < 0n) return q(-n, -d);
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const qAdd = (a: Q, b: Q) => q(a.n * b.d + b.n * a.d, a.d * b.d);
const qSub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
const qMul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const qDiv = (a: Q, b: Q) => q(a.n * b.d, a.d * b.n);
const qCmp = (a: Q, b: Q) => {
  const x = a.n * b.d - b.n * a.d;
  return x > 0n ? 1 : x < 0n ? -1 : 0;
};
const qSum = (xs: Q[]) => xs.reduce(qAdd, q(0n));
const qFloor = (a: Q) => (a.n >= 0n ? a.n / a.d : -((-a.n + a.d - 1n) / a.d));
const qCeil = (a: Q) => -qFloor(q(-a.n, a.d));
/** A decimal string or JS number, exactly (numbers through their shortest round trip). */
const qOf = (v: string | number): Q => {
  const t = new D(v).toFixed();
  const [w, f = ''] = t.split('.');
  return q(BigInt(w + f), 10n ** BigInt(f.length));
};
const qDec = (a: Q) => new D(a.n.toString()).div(a.d.toString());

// ---------- units ----------
type Unit = '0.01' | '1' | '1000';
const UNIT_Q: Record<Unit, Q> = { '0.01': q(1n, 100n), '1': q(1n), '1000': q(1000n) };
const MAX_UNITS: Record<Unit, bigint> = { '0.01': 10n ** 13n, '1': 10n ** 11n, '1000': 10n ** 8n };
const fmt = (units: bigint, unit: Unit): string => {
  if (unit === '0.01') return `${units / 100n}.${(units % 100n).toString().padStart(2, '0')}`;
  return (units * (unit === '1000' ? 1000n : 1n)).toString();
};
/** Parses an output amount, checking it is fixed to the unit's decimals. */
const unitsOf = (s: string, unit: Unit): bigint => {
  if (unit === '0.01') {
    expect(s).toMatch(/^\d+\.\d{2}$/);
    return BigInt(s.replace('.', ''));
  }
  expect(s).toMatch(/^\d+$/);
  const v = BigInt(s);
  if (unit === '1000') {
    expect(v % 1000n).toBe(0n);
    return v / 1000n;
  }
  return v;
};
const pennies = (p: bigint) => `${p / 100n}.${(p % 100n).toString().padStart(2, '0')}`;

// ---------- arbitraries ----------
const fraction = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map((k) => (k === 100 ? '1' : `0.${k.toString().padStart(2, '0')}`)),
  fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000),
);
const baseMethod = fc.oneof(
  fc.constant({ kind: 'capitation' as const }),
  fraction.map((h) => ({ kind: 'blend' as const, historicShare: h })),
);
const methodArb = fc.oneof(
  fc.constant({ kind: 'historic' as const }),
  fc.constant({ kind: 'capitation' as const }),
  fraction.map((h) => ({ kind: 'blend' as const, historicShare: h })),
  fc.record(
    {
      kind: fc.constant('paceOfChange' as const),
      target: baseMethod,
      pace: fraction,
      maxChange: fc.oneof(fc.integer({ min: 1, max: 50 }).map((k) => `0.${k.toString().padStart(2, '0')}`), fc.constantFrom(0.05, 0.1, 0.25, 1, 2)),
    },
    { requiredKeys: ['kind', 'target', 'pace'] },
  ),
);
type Method = EnvelopeInput['method'];

interface Seg {
  id: string;
  population: number;
  spendPennies: bigint;
  needWeight: string | number;
}
const segArb = fc.record({
  population: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500_000 })),
  spendPennies: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 11n }), fc.bigInt({ min: 1n, max: 10_000n })),
  needWeight: fc.oneof(fc.integer({ min: 0, max: 400 }).map((k) => (k / 100).toString()), fc.integer({ min: 1, max: 30 }).map((k) => k / 10), fc.constant('1')),
});
const segsArb = fc.array(segArb, { minLength: 1, maxLength: 30 }).map((ss): Seg[] => {
  const segs = ss.map((s, i) => ({ ...s, id: `seg-${i}` }));
  if (segs.every((s) => s.spendPennies === 0n)) segs[0]!.spendPennies = 100n;
  if (segs.every((s) => s.population === 0 || Number(s.needWeight) === 0)) segs[0] = { ...segs[0]!, population: 1, needWeight: '1' };
  return segs;
});
const unitArb = fc.constantFrom<Unit>('0.01', '1', '1000');
const totalArb = (unit: Unit) => fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: MAX_UNITS[unit] }));

type Slice = { id: string; percent: string } | { id: string; amount: string };
const slicesArb = (unit: Unit, total: bigint) =>
  fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 500 }).map((k) => ({ percent: (k / 100).toString() })),
      fc.bigInt({ min: 0n, max: total / 10n }).map((u) => ({ amount: fmt(u, unit) })),
    ),
    { maxLength: 3 },
  ).map((xs) => xs.map((x, i) => ({ id: `slice-${i}`, ...x }) as Slice));

interface Case {
  unit: Unit;
  total: bigint;
  method: Method;
  segs: Seg[];
  slices: Slice[];
}
const caseArb: fc.Arbitrary<Case> = unitArb.chain((unit) =>
  totalArb(unit).chain((total) => fc.record({ unit: fc.constant(unit), total: fc.constant(total), method: methodArb, segs: segsArb, slices: slicesArb(unit, total) })),
);

type Bound = string | { percentOfCurrentSpend: string };
interface Bounds {
  floor?: Bound;
  cap?: Bound;
}
/** Random floors and caps, scaled so that both feasible and infeasible problems arise. */
const boundsArb = (c: Case): fc.Arbitrary<Bounds[]> => {
  const n = BigInt(c.segs.length);
  const per = c.total / n + 1n;
  const amount = (max: bigint) => fc.bigInt({ min: 0n, max }).map((u) => fmt(u, c.unit));
  const percent = (lo: number, hi: number) => fc.integer({ min: lo * 10, max: hi * 10 }).map((k) => ({ percentOfCurrentSpend: (k / 10).toString() }));
  const one = fc.record({
    floor: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: amount(per) }, { weight: 1, arbitrary: amount((per * 3n) / 2n) }, { weight: 2, arbitrary: percent(0, 100) }),
    cap: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: amount(per * 4n) }, { weight: 1, arbitrary: amount(per) }, { weight: 2, arbitrary: percent(50, 300) }),
  }).map((b): Bounds => ({ ...(b.floor === undefined ? {} : { floor: b.floor }), ...(b.cap === undefined ? {} : { cap: b.cap }) }));
  return fc.array(one, { minLength: c.segs.length, maxLength: c.segs.length });
};

const input = (c: Case, bounds: Bounds[] = [], over: Record<string, unknown>[] = []): EnvelopeInput => ({
  total: c.unit === '1' && c.total % 2n === 0n ? `${fmt(c.total, c.unit)}.00` : fmt(c.total, c.unit),
  unit: c.unit,
  method: c.method,
  segments: c.segs.map((s, i) => ({
    id: s.id,
    population: s.population,
    currentSpend: pennies(s.spendPennies),
    needWeight: s.needWeight,
    ...(bounds[i] ?? {}),
    ...(over[i] ?? {}),
  })) as EnvelopeInput['segments'],
  topSlices: c.slices,
});

// ---------- oracle ----------
type BaseM = { kind: 'historic' } | { kind: 'capitation' } | { kind: 'blend'; historicShare: string | number };
const normalise = (ws: Q[]) => {
  const t = qSum(ws);
  return ws.map((w) => qDiv(w, t));
};
const historicShares = (segs: Seg[]) => normalise(segs.map((s) => q(s.spendPennies)));
function baseShares(segs: Seg[], m: BaseM): Q[] {
  const hist = historicShares(segs);
  const cap = normalise(segs.map((s) => qMul(q(BigInt(s.population)), qOf(s.needWeight))));
  if (m.kind === 'historic') return hist;
  if (m.kind === 'capitation') return cap;
  const h = qOf(m.historicShare);
  return hist.map((x, i) => qAdd(qMul(h, x), qMul(qSub(q(1n), h), cap[i]!)));
}
function sharesOf(segs: Seg[], m: Method): Q[] {
  if (m.kind !== 'paceOfChange') return baseShares(segs, m as BaseM);
  const hist = historicShares(segs);
  const target = baseShares(segs, m.target as BaseM);
  const p = qOf(m.pace);
  return hist.map((h, i) => qAdd(h, qMul(p, qSub(target[i]!, h))));
}
/** Expected top-slice units: percent slices within one unit of their quota, amounts exact. */
function checkSlices(c: Case, r: EnvelopeAllocation): bigint {
  let total = 0n;
  r.topSlices.forEach((t, i) => {
    const s = c.slices[i]!;
    expect(t.id).toBe(s.id);
    const u = unitsOf(t.amount, c.unit);
    if ('amount' in s) expect(u).toBe(qFloor(qDiv(qOf(s.amount), UNIT_Q[c.unit])));
    else {
      const quota = qMul(q(c.total), qDiv(qOf(s.percent), q(100n)));
      expect(u === qFloor(quota) || u === qCeil(quota)).toBe(true);
    }
    total += u;
  });
  return total;
}
/** Lower and upper bounds in units, recomputed independently (maxChange rounded outward). */
function boundsOf(c: Case, bounds: Bounds[], allocatable: bigint): { lo: bigint[]; up: (bigint | undefined)[] } {
  const unit = UNIT_Q[c.unit];
  const hist = historicShares(c.segs);
  const lo = c.segs.map(() => 0n);
  const up: (bigint | undefined)[] = c.segs.map(() => undefined);
  const m = c.method;
  if (m.kind === 'paceOfChange' && m.maxChange !== undefined) {
    const mc = qOf(m.maxChange);
    hist.forEach((h, i) => {
      const ha = qMul(h, q(allocatable));
      const l = qFloor(qMul(ha, qSub(q(1n), mc)));
      lo[i] = l > 0n ? l : 0n;
      up[i] = qCeil(qMul(ha, qAdd(q(1n), mc)));
    });
  }
  bounds.forEach((b, i) => {
    const spend = q(c.segs[i]!.spendPennies, 100n);
    const val = (x: Bound, round: (a: Q) => bigint) => (typeof x === 'string' ? qFloor(qDiv(qOf(x), unit)) : round(qDiv(qMul(spend, qDiv(qOf(x.percentOfCurrentSpend), q(100n))), unit)));
    if (b.floor !== undefined) {
      const f = val(b.floor, qCeil);
      if (f > lo[i]!) lo[i] = f;
    }
    if (b.cap !== undefined) {
      const k = val(b.cap, qFloor);
      if (up[i] === undefined || k < up[i]!) up[i] = k;
    }
  });
  return { lo, up };
}
/** Feasible under the proportional rule: x_i = clamp(L s_i, lo_i, up_i) for some L >= 0. */
function feasible(shares: Q[], lo: bigint[], up: (bigint | undefined)[], a: bigint): boolean {
  if (lo.some((l, i) => up[i] !== undefined && up[i]! < l)) return false;
  if (lo.reduce((x, y) => x + y, 0n) > a) return false;
  let max = 0n;
  for (let i = 0; i < lo.length; i++) {
    if (shares[i]!.n === 0n) max += lo[i]!;
    else if (up[i] === undefined) return true;
    else max += up[i]!;
  }
  return a <= max;
}

/**
 * Runs a case and checks everything that holds of every successful allocation: balance,
 * formatting, bounds, the clamp structure of the answer (one multiplier L for every free
 * segment), rounding within one unit of the quota, quota + adjustment == amount, change,
 * changePercent and perHead.
 */
function check(c: Case, bounds: Bounds[] = []): EnvelopeAllocation {
  const r = allocateEnvelopes(input(c, bounds));
  const unit = UNIT_Q[c.unit];
  expect(r.checks.balances).toBe(true);
  expect(unitsOf(r.total, c.unit)).toBe(c.total);
  const slices = checkSlices(c, r);
  const amounts = r.envelopes.map((e) => unitsOf(e.amount, c.unit));
  const a = c.total - slices;
  expect(unitsOf(r.allocatable, c.unit)).toBe(a);
  expect(amounts.reduce((x, y) => x + y, 0n) + slices).toBe(c.total);
  // The same, in decimal.js on the strings as returned.
  const dsum = [...r.envelopes.map((e) => e.amount), ...r.topSlices.map((t) => t.amount)].reduce((x, y) => x.add(y), new D(0));
  expect(dsum.eq(r.total)).toBe(true);
  expect(unitsOf(r.checks.envelopesTotal, c.unit)).toBe(a);
  expect(unitsOf(r.checks.topSlicesTotal, c.unit)).toBe(slices);

  const shares = sharesOf(c.segs, c.method);
  const { lo, up } = boundsOf(c, bounds, a);
  expect(r.checks.boundsMet).toBe(true);
  const free: number[] = [];
  let held = 0n;
  r.envelopes.forEach((e, i) => {
    expect(e.id).toBe(c.segs[i]!.id);
    expect(new D(e.share).sub(qDec(shares[i]!)).abs().lte('0.00000000005')).toBe(true);
    const x = amounts[i]!;
    expect(x >= lo[i]!).toBe(true);
    if (up[i] !== undefined) expect(x <= up[i]!).toBe(true);
    if (e.constraint === 'floor') expect(x).toBe(lo[i]);
    else if (e.constraint === 'cap') expect(x).toBe(up[i]);
    else expect(e.constraint).toBeNull();
    if (e.constraint === null) free.push(i);
    else held += x;
    // Explanations against current spend and population.
    const money = new D(e.amount);
    const spend = new D(pennies(c.segs[i]!.spendPennies));
    expect(e.currentSpend).toBe(spend.toFixed(2));
    expect(e.change).toBe(money.sub(spend).toFixed(2));
    expect(e.changePercent).toBe(spend.isZero() ? null : money.sub(spend).div(spend).mul(100).toFixed(2));
    expect(e.perHead).toBe(c.segs[i]!.population === 0 ? null : money.div(c.segs[i]!.population).toFixed(2));
  });
  // One multiplier L: free segments get L s_i (rounded), floors sit at or above it, caps at or below.
  const freeShare = qSum(free.map((i) => shares[i]!));
  const L = freeShare.n === 0n ? undefined : qDiv(q(a - held), freeShare);
  r.envelopes.forEach((e, i) => {
    const x = amounts[i]!;
    const ideal = L === undefined ? undefined : qMul(L, shares[i]!);
    if (e.constraint === null) {
      const quota = ideal ?? q(0n);
      // Within one unit of the exact quota (floor or ceiling of it).
      expect(x === qFloor(quota) || x === qCeil(quota)).toBe(true);
      expect(new D(e.quota).sub(qDec(qMul(quota, unit))).abs().lte('0.00000000005')).toBe(true);
      expect(qCmp(quota, q(lo[i]!)) >= 0).toBe(true);
      if (up[i] !== undefined) expect(qCmp(quota, q(up[i]!)) <= 0).toBe(true);
    } else {
      expect(new D(e.quota).eq(new D(e.amount))).toBe(true);
      if (ideal !== undefined && e.constraint === 'floor') expect(qCmp(ideal, q(x)) <= 0).toBe(true);
      if (ideal !== undefined && e.constraint === 'cap') expect(qCmp(ideal, q(x)) >= 0).toBe(true);
    }
  });
  return r;
}

/** quota + adjustment == amount, exactly, in decimal.js. (Kept apart: see the report.) */
const adjustmentsAddUp = (r: EnvelopeAllocation) => {
  for (const e of r.envelopes) expect(`${e.id}: ${new D(e.quota).add(e.adjustment).toFixed()}`).toBe(`${e.id}: ${new D(e.amount).toFixed()}`);
};

const isInfeasible = (f: () => unknown): PhmInfeasibleError | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof PhmInfeasibleError) return e;
    throw e;
  }
  return undefined;
};

/** Top-slice units exactly as the function will take them (to know the allocatable total). */
const allocatableOf = (c: Case): bigint => {
  const r = allocateEnvelopes({ ...input(c), method: { kind: 'historic' } });
  return unitsOf(r.allocatable, c.unit);
};

describe('allocateEnvelopes: properties', () => {
  property('every method balances exactly, to the unit, and rounds each envelope within one unit of its quota', 20260101, caseArb, (c) => {
    const err = isInfeasible(() => check(c));
    if (err !== undefined) {
      // Only pace-of-change limits can make a problem without floors and caps infeasible.
      expect(c.method.kind === 'paceOfChange' && c.method.maxChange !== undefined).toBe(true);
      const { lo, up } = boundsOf(c, [], allocatableOf(c));
      expect(feasible(sharesOf(c.segs, c.method), lo, up, allocatableOf(c))).toBe(false);
    }
  }, RUNS);

  property('quota + adjustment == amount exactly (decimal.js)', 20260102, caseArb, (c) => {
    const err = isInfeasible(() => adjustmentsAddUp(allocateEnvelopes(input(c))));
    if (err !== undefined) expect(c.method.kind).toBe('paceOfChange');
  }, RUNS);

  // Quotas whose exact value ends in a 5 just past the tenth decimal (shares of 1/2^k of a few
  // units): rounding the quota and the adjustment separately, half away from zero, can make
  // them add up to one in the tenth decimal more than the amount.
  property('quota + adjustment == amount exactly, with quotas of 1/2^k of a unit', 20260108, fc.record({ k: fc.integer({ min: 1, max: 40 }), t: fc.bigInt({ min: 1n, max: 10_000n }), unit: unitArb }), ({ k, t, unit }) => {
    const c: Case = { unit, total: t, method: { kind: 'historic' }, slices: [], segs: [
      { id: 'a', population: 0, needWeight: '1', spendPennies: 1n },
      { id: 'b', population: 0, needWeight: '1', spendPennies: 2n ** BigInt(k) - 1n },
    ] };
    adjustmentsAddUp(check(c));
  }, RUNS);

  property('permuting the segments permutes the envelopes', 20260103, caseArb.chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray(c.segs.map((_, i) => i), { minLength: c.segs.length, maxLength: c.segs.length }))), ([c, perm]) => {
    const e1 = isInfeasible(() => allocateEnvelopes(input(c)));
    const c2 = { ...c, segs: perm.map((i) => c.segs[i]!) };
    const e2 = isInfeasible(() => allocateEnvelopes(input(c2)));
    expect(e1 === undefined).toBe(e2 === undefined);
    if (e1 !== undefined) return;
    const r1 = allocateEnvelopes(input(c));
    const r2 = allocateEnvelopes(input(c2));
    const shares = sharesOf(c.segs, c.method);
    const key = (i: number, e: { constraint: unknown }) => `${shares[i]!.n}/${shares[i]!.d}|${String(e.constraint)}`;
    const groups1 = new Map<string, string[]>();
    const groups2 = new Map<string, string[]>();
    r1.envelopes.forEach((e, i) => groups1.set(key(i, e), [...(groups1.get(key(i, e)) ?? []), e.amount]));
    const byId2 = new Map(r2.envelopes.map((e) => [e.id, e]));
    r1.envelopes.forEach((e, i) => {
      const e2 = byId2.get(e.id)!;
      expect(e2.constraint).toBe(e.constraint);
      groups2.set(key(i, e2), [...(groups2.get(key(i, e2)) ?? []), e2.amount]);
      // Segments whose share no other segment has get the same amount wherever they stand.
      if (groups1.get(key(i, e))!.length === 1 && shares.filter((s) => qCmp(s, shares[i]!) === 0).length === 1) expect(e2.amount).toBe(e.amount);
    });
    for (const [k, v] of groups1) expect([...groups2.get(k)!].sort()).toEqual([...v].sort());
  }, RUNS);

  property('scaling every current spend (historic) changes no amount', 20260104, fc.tuple(caseArb, fc.oneof(fc.integer({ min: 2, max: 1000 }).map(String), fc.constantFrom('0.5', '2.5', '0.01', '1000000'))), ([c0, k]) => {
    const c: Case = { ...c0, method: { kind: 'historic' } };
    const r1 = allocateEnvelopes(input(c));
    const scaled = input(c, [], c.segs.map((s) => ({ currentSpend: new D(pennies(s.spendPennies)).mul(k).toFixed() })));
    const r2 = allocateEnvelopes(scaled);
    expect(r2.envelopes.map((e) => e.amount)).toEqual(r1.envelopes.map((e) => e.amount));
  }, RUNS);

  property('scaling every need weight (capitation) changes no amount', 20260105, fc.tuple(caseArb, fc.oneof(fc.integer({ min: 2, max: 1000 }), fc.constantFrom('0.5', '2.5', '0.01', '1000000'))), ([c0, k]) => {
    const c: Case = { ...c0, method: { kind: 'capitation' } };
    const r1 = allocateEnvelopes(input(c));
    const scaled = input(c, [], c.segs.map((s) => ({ needWeight: new D(s.needWeight).mul(k).toFixed() })));
    const r2 = allocateEnvelopes(scaled);
    expect(r2.envelopes.map((e) => e.amount)).toEqual(r1.envelopes.map((e) => e.amount));
  }, RUNS);

  property('floors and caps hold whenever feasible; infeasible problems are refused naming floors or caps', 20260106, caseArb.chain((c) => fc.tuple(fc.constant(c), boundsArb(c))), ([c, bounds]) => {
    const a = allocatableOf(c);
    const { lo, up } = boundsOf(c, bounds, a);
    const ok = feasible(sharesOf(c.segs, c.method), lo, up, a);
    const err = isInfeasible(() => check(c, bounds));
    expect({ feasible: ok, refused: err !== undefined, issues: err?.issues }).toEqual({ feasible: ok, refused: !ok, issues: err?.issues });
    if (err !== undefined) {
      expect(err.issues.length).toBeGreaterThan(0);
      for (const issue of err.issues) {
        // A bound set by the method's maxChange is named there; a segment's own bound under it.
        if (issue.path[0] === 'method') {
          expect(issue.path).toEqual(['method', 'maxChange']);
          continue;
        }
        expect(issue.path[0]).toBe('segments');
        expect(typeof issue.path[1]).toBe('number');
        expect(['floor', 'cap']).toContain(issue.path[2]);
      }
    }
  }, 2 * RUNS);

  const paceArb = caseArb.chain((c) =>
    fc.record({ target: baseMethod, pace: fraction, maxChange: fc.oneof(fc.integer({ min: 1, max: 50 }).map((k) => `0.${k.toString().padStart(2, '0')}`), fc.constantFrom(0.05, 1)) }).map((m): Case => ({ ...c, method: { kind: 'paceOfChange', ...m } })),
  );
  property('maxChange keeps every amount within the historic amount x (1 +/- m), rounded outward', 20260107, paceArb, (c) => {
    const a = allocatableOf(c);
    const hist = historicShares(c.segs);
    const m = c.method as Extract<Method, { kind: 'paceOfChange' }>;
    const mc = qOf(m.maxChange!);
    const { lo, up } = boundsOf(c, [], a);
    let r: EnvelopeAllocation;
    try {
      r = check(c);
    } catch (e) {
      expect(e).toBeInstanceOf(PhmInfeasibleError);
      expect(feasible(sharesOf(c.segs, c.method), lo, up, a)).toBe(false);
      return;
    }
    r.envelopes.forEach((e, i) => {
      const x = q(unitsOf(e.amount, c.unit));
      const ha = qMul(hist[i]!, q(a));
      const low = qFloor(qMul(ha, qSub(q(1n), mc)));
      expect(qCmp(x, q(low > 0n ? low : 0n)) >= 0).toBe(true);
      expect(qCmp(x, q(qCeil(qMul(ha, qAdd(q(1n), mc))))) <= 0).toBe(true);
    });
  }, RUNS);
});
