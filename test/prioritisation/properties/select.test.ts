/**
 * Properties of `selectAccelerator` over generated hostile inputs (see arbitraries.ts):
 * 1 bounded scores, 2 candidate-order invariance, 3 key-order invariance, 4 weight-scale
 * invariance, 5 monotonicity in evidence, 6 shortlist rules, 7 recommendation rules,
 * 9 no mutation of the input.
 */
import fc from 'fast-check';
import { criteriaOfStep, selectAccelerator, TIE_TOLERANCE, type AcceleratorInput, type AcceleratorSelection, type CriterionId } from 'phm-kit/prioritisation';
import { describe, expect } from 'vitest';
import { property } from '../../support/property.js';
import { inputArb, permute, reorderKeys, scaleOf, scoredCriteria } from './arbitraries.js';

const RUNS = 300;
const within100 = (x: number) => {
  expect(Number.isFinite(x)).toBe(true);
  expect(x).toBeGreaterThanOrEqual(0);
  expect(x).toBeLessThanOrEqual(100);
};
const byId = <T extends { id: string }>(xs: readonly T[]) => new Map(xs.map((x) => [x.id, x]));
const sorted = (xs: readonly string[]) => [...xs].sort();
const keysArb = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 16 });

describe('property 1: every score is within 0-100', () => {
  property('step 1, step 2, combined, final and ranking scores', 0x9a1_0001, inputArb(), (input) => {
    const r = selectAccelerator(input);
    for (const s of r.steps.step1.scores) within100(s.score);
    for (const s of r.steps.step2.scores) within100(s.score);
    for (const x of Object.values(r.steps.step2.combined)) within100(x);
    for (const f of r.steps.step3.scores) {
      within100(f.score);
      within100(f.step2);
      if (f.voteScore !== null) within100(f.voteScore);
    }
    for (const x of r.ranking) within100(x.score);
    for (const c of Object.values(r.completeness)) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  }, RUNS);
});

describe('property 2: permuting the candidates changes nothing but order', () => {
  property('recommended, shortlist (as a set), ranking, tiedForFirst, completeness, scores by id', 0x9a1_0002, fc.tuple(inputArb(), keysArb), ([input, keys]) => {
    const a = selectAccelerator(input);
    const b = selectAccelerator({ ...input, candidates: permute(input.candidates, keys) });
    expect(b.recommended).toEqual(a.recommended);
    expect(sorted(b.shortlist)).toEqual(sorted(a.shortlist));
    expect(b.ranking).toEqual(a.ranking);
    expect(b.tiedForFirst).toEqual(a.tiedForFirst);
    expect(b.completeness).toEqual(a.completeness);
    expect(byId(b.steps.step1.scores)).toEqual(byId(a.steps.step1.scores));
    expect(byId(b.steps.step2.scores)).toEqual(byId(a.steps.step2.scores));
    expect(byId(b.steps.step3.scores)).toEqual(byId(a.steps.step3.scores));
    expect(sorted(b.steps.step1.tiedAtCutoff)).toEqual(sorted(a.steps.step1.tiedAtCutoff));
  }, RUNS);
});

describe('property 3: the order of keys in objects changes nothing', () => {
  property('weights, evidence, indicator values, missing, feasibility and the input itself reordered', 0x9a1_0003, fc.tuple(inputArb(), keysArb), ([input, keys]) => {
    const a = selectAccelerator(input);
    const b = selectAccelerator(reorderKeys(input, keys));
    // toEqual ignores key order but not array order or any value: the whole result, audit included.
    expect(b).toEqual(a);
  }, RUNS);
});

/** Every weight of the step made explicit (defaults are 1) and multiplied by k. */
function scaleStep(input: AcceleratorInput, step: 1 | 2, k: number): AcceleratorInput {
  const weights: Partial<Record<CriterionId, number>> = { ...(input.weights ?? {}) };
  for (const c of criteriaOfStep(step)) weights[c] = (input.weights?.[c] ?? 1) * k;
  return { ...input, weights };
}

function expectClose(a: AcceleratorSelection, b: AcceleratorSelection): void {
  const close = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9);
  expect(b.recommended).toEqual(a.recommended);
  expect(b.tiedForFirst).toEqual(a.tiedForFirst);
  expect(sorted(b.shortlist)).toEqual(sorted(a.shortlist));
  const [s1a, s1b] = [byId(a.steps.step1.scores), byId(b.steps.step1.scores)];
  for (const [id, s] of s1a) close((s1b.get(id) as { score: number }).score, s.score);
  const [s2a, s2b] = [byId(a.steps.step2.scores), byId(b.steps.step2.scores)];
  for (const [id, s] of s2a) close((s2b.get(id) as { score: number }).score, s.score);
  for (const [id, x] of Object.entries(a.steps.step2.combined)) close(b.steps.step2.combined[id] as number, x);
  const [fa, fb] = [byId(a.steps.step3.scores), byId(b.steps.step3.scores)];
  for (const [id, f] of fa) close((fb.get(id) as { score: number }).score, f.score);
  for (const [id, c] of Object.entries(a.completeness)) close(b.completeness[id] as number, c);
}

describe('property 4: multiplying a step\'s weights by a positive constant changes no score', () => {
  property(
    'weights of step 1 or 2 (or both) times 0.5, 3, 1000, ...',
    0x9a1_0004,
    fc.tuple(inputArb(), fc.constantFrom<1 | 2 | 'both'>(1, 2, 'both'), fc.constantFrom(0.5, 3, 1000, 1e-3, 7, 0.1)),
    ([input, step, k]) => {
      const a = selectAccelerator(input);
      const scaled = step === 'both' ? scaleStep(scaleStep(input, 1, k), 2, k) : scaleStep(input, step, k);
      expectClose(a, selectAccelerator(scaled));
    },
    RUNS,
  );
});

/** 1 + the number of others scoring more than `id` (beyond the tie tolerance). */
function rankIn(scores: readonly { id: string; score: number }[], id: string): number {
  const own = (scores.find((s) => s.id === id) as { score: number }).score;
  return 1 + scores.filter((s) => s.id !== id && s.score - own > TIE_TOLERANCE).length;
}

describe('property 5: raising one candidate\'s evidence never lowers its standing', () => {
  property(
    'present -> higher on one scored criterion: step 1 and step 2 composites and step 1 rank never worse',
    0x9a1_0005,
    fc.tuple(inputArb(), fc.nat(), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    ([input, ci, ki, lowFrac, upFrac]) => {
      const scored = scoredCriteria(input);
      fc.pre(scored.length > 0);
      const { min, max } = scaleOf(input);
      const i = ci % input.candidates.length;
      const criterion = scored[ki % scored.length] as CriterionId;
      const candidate = input.candidates[i] as AcceleratorInput['candidates'][number];
      const current = candidate.evidence?.[criterion];
      // The base value must be present and below the top of the scale; make it so if it is not.
      let low = typeof current === 'number' && current < max ? current : min + lowFrac * (max - min) * 0.999;
      if (!(low < max)) low = min;
      let high = low + upFrac * (max - low);
      if (!(high > low)) high = max;
      const withValue = (v: number): AcceleratorInput => ({
        ...input,
        candidates: input.candidates.map((c, j) => (j === i ? { ...c, evidence: { ...(c.evidence ?? {}), [criterion]: v } } : c)),
      });
      const before = selectAccelerator(withValue(low));
      const after = selectAccelerator(withValue(high));
      const id = candidate.id;
      const s1 = (r: AcceleratorSelection) => (r.steps.step1.scores.find((s) => s.id === id) as { score: number }).score;
      expect(s1(after)).toBeGreaterThanOrEqual(s1(before));
      expect(rankIn(after.steps.step1.scores, id)).toBeLessThanOrEqual(rankIn(before.steps.step1.scores, id));
      if (before.shortlist.includes(id)) {
        expect(after.shortlist).toContain(id);
        const s2 = (r: AcceleratorSelection) => (r.steps.step2.scores.find((s) => s.id === id) as { score: number }).score;
        expect(s2(after)).toBeGreaterThanOrEqual(s2(before));
        expect(after.steps.step2.combined[id] as number).toBeGreaterThanOrEqual(before.steps.step2.combined[id] as number);
      }
    },
    RUNS,
  );
});

describe('property 6: shortlist rules', () => {
  property('subset of the candidates; size n kept unless tied at the cut-off; threshold splits kept from cut', 0x9a1_0006, inputArb(), (input) => {
    const r = selectAccelerator(input);
    const ids = input.candidates.map((c) => c.id);
    for (const id of r.shortlist) expect(ids).toContain(id);
    expect(new Set(r.shortlist).size).toBe(r.shortlist.length);
    const score1 = new Map(r.steps.step1.scores.map((s) => [s.id, s.score]));
    const rule = input.shortlist ?? { size: 3 };
    if ('size' in rule) {
      const expected = Math.min(rule.size, ids.length);
      expect(r.shortlist.length).toBeGreaterThanOrEqual(expected);
      if (r.shortlist.length > expected) {
        const cutoff = r.steps.step1.cutoff;
        expect(cutoff).not.toBeNull();
        // Every extra member, beyond the first n kept, ties the cut-off score.
        for (const id of r.shortlist.slice(expected)) expect(Math.abs((score1.get(id) as number) - (cutoff as number))).toBeLessThanOrEqual(TIE_TOLERANCE);
        expect(r.steps.step1.tiedAtCutoff.length).toBeGreaterThan(0);
        expect(r.audit.some((e) => e.kind === 'tie' && e.step === 1)).toBe(true);
      } else {
        expect(r.shortlist.length).toBe(expected);
      }
      // Nobody cut outscores anybody kept.
      const keptMin = Math.min(...r.shortlist.map((id) => score1.get(id) as number));
      for (const id of ids.filter((x) => !r.shortlist.includes(x))) expect(score1.get(id) as number).toBeLessThan(keptMin - TIE_TOLERANCE);
    } else {
      for (const id of ids) {
        const s = score1.get(id) as number;
        if (r.shortlist.includes(id)) expect(s).toBeGreaterThanOrEqual(rule.threshold - TIE_TOLERANCE);
        else expect(s).toBeLessThan(rule.threshold - TIE_TOLERANCE);
      }
    }
  }, RUNS);
});

describe('property 7: recommendation rules', () => {
  property('the recommended lead is first, alone at rank 1, and passed every gate; a tie at the top recommends no one', 0x9a1_0007, inputArb(), (input) => {
    const r = selectAccelerator(input);
    const finals = byId(r.steps.step3.scores);
    const top = r.ranking.filter((x) => x.rank === 1).map((x) => x.id);
    if (r.recommended.length > 0) {
      const lead = r.recommended[0] as string;
      expect(r.ranking[0]?.id).toBe(lead);
      expect(top).toEqual([lead]);
      expect(r.tiedForFirst).toEqual([]);
      for (const id of r.recommended) {
        expect(finals.get(id)?.excluded ?? []).toEqual([]);
        if (id !== lead) expect(input.allowGrouping?.some((g) => g.lead === lead && g.with.includes(id))).toBe(true);
      }
      expect(new Set(r.recommended).size).toBe(r.recommended.length);
    } else {
      expect(top.length === 0 || top.length > 1).toBe(true);
      if (top.length > 1) expect(sorted(r.tiedForFirst)).toEqual(sorted(top));
      else expect(r.tiedForFirst).toEqual([]);
    }
    // Ranking: eligible shortlisted candidates, best first, ranks consistent with scores.
    for (const x of r.ranking) {
      expect(r.shortlist).toContain(x.id);
      expect(finals.get(x.id)?.excluded).toEqual([]);
    }
    r.ranking.forEach((x, k) => {
      if (k > 0) expect(x.score).toBeLessThanOrEqual((r.ranking[k - 1] as { score: number }).score + TIE_TOLERANCE);
      expect(x.rank).toBe(rankIn(r.ranking, x.id));
    });
  }, RUNS);
});

describe('property 9: the input is never mutated', () => {
  property('selectAccelerator leaves its input deep-equal to a clone taken before', 0x9a1_0009, inputArb(), (input) => {
    const before = structuredClone(input);
    selectAccelerator(input);
    expect(input).toEqual(before);
    expect(input).toStrictEqual(before);
  }, RUNS);
});
