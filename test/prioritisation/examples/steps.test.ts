import { describe, expect, it } from 'vitest';
import { selectAccelerator } from 'phm-kit/prioritisation';
import { finalOf, flat, stepScoreOf } from './helpers.js';

describe('shortlist', () => {
  // step 1: a 100, b 75, c 75, d 50
  const candidates = [
    { id: 'a', evidence: flat(5, 3) },
    { id: 'b', evidence: flat(4, 3) },
    { id: 'c', evidence: flat(4, 3) },
    { id: 'd', evidence: flat(3, 3) },
  ];

  it('by size keeps the top n', () => {
    const r = selectAccelerator({ candidates, shortlist: { size: 1 } });
    expect(r.shortlist).toEqual(['a']);
    expect(r.steps.step1.cutoff).toBeCloseTo(100, 9);
    expect(r.steps.step1.tiedAtCutoff).toEqual([]);
    expect(r.steps.step2.scores.map((s) => s.id)).toEqual(['a']);
    expect(r.audit.some((e) => e.kind === 'tie')).toBe(false);
  });

  it('by size keeps everyone tied at the cut-off, and says so', () => {
    const r = selectAccelerator({ candidates, shortlist: { size: 2 } });
    expect(r.shortlist).toEqual(['a', 'b', 'c']);
    expect(r.steps.step1.cutoff).toBeCloseTo(75, 9);
    expect(r.steps.step1.tiedAtCutoff).toEqual(['b', 'c']);
    // (a, b and c then tie for first at step 3 too: all score 50 there)
    const tie = r.audit.filter((e) => e.kind === 'tie' && e.step === 1);
    expect(tie).toHaveLength(1);
    expect(tie[0]?.data).toMatchObject({ tied: ['b', 'c'] });
    const shortlist = r.audit.find((e) => e.kind === 'shortlist');
    expect(shortlist?.data).toMatchObject({ kept: ['a', 'b', 'c'], cut: ['d'] });
  });

  it('by size keeps everyone when there are no more candidates than places', () => {
    const r = selectAccelerator({ candidates, shortlist: { size: 4 } });
    expect([...r.shortlist].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(r.steps.step1.cutoff).toBeNull();
  });

  it('does not depend on input order', () => {
    const r = selectAccelerator({ candidates: [...candidates].reverse(), shortlist: { size: 2 } });
    expect(r.shortlist).toEqual(['a', 'b', 'c']);
  });

  it('by threshold keeps every candidate scoring at least the threshold', () => {
    const r = selectAccelerator({ candidates, shortlist: { threshold: 75 } });
    expect(r.shortlist).toEqual(['a', 'b', 'c']);
    expect(r.steps.step1.cutoff).toBe(75);
    expect(r.steps.step1.tiedAtCutoff).toEqual([]);
    expect(selectAccelerator({ candidates, shortlist: { threshold: 80 } }).shortlist).toEqual(['a']);
    expect(selectAccelerator({ candidates, shortlist: { threshold: 0 } }).shortlist).toHaveLength(4);
  });

  it('defaults to a shortlist of 3', () => {
    const r = selectAccelerator({ candidates: [...candidates, { id: 'e', evidence: flat(1, 3) }] });
    expect(r.shortlist).toEqual(['a', 'b', 'c']);
  });
});

describe('blendStep1', () => {
  it('blends a share of the step 1 composite into the step 2 score', () => {
    // a: step 1 100, step 2 50
    const r = selectAccelerator({ candidates: [{ id: 'a', evidence: flat(5, 3) }], blendStep1: 0.25 });
    expect(stepScoreOf(r, 2, 'a').score).toBeCloseTo(50, 9);
    expect(r.steps.step2.blendStep1).toBe(0.25);
    expect(r.steps.step2.combined['a']).toBeCloseTo(62.5, 9);
    expect(finalOf(r, 'a').step2).toBeCloseTo(62.5, 9);
    expect(r.ranking[0]?.score).toBeCloseTo(62.5, 9);
  });

  it('defaults to 0 and can change the winner', () => {
    // a: step 1 100, step 2 50; b: step 1 0, step 2 75
    const candidates = [
      { id: 'a', evidence: flat(5, 3) },
      { id: 'b', evidence: flat(1, 4) },
    ];
    const plain = selectAccelerator({ candidates });
    expect(plain.steps.step2.blendStep1).toBe(0);
    expect(Object.keys(plain.steps.step2.combined).sort()).toEqual(['a', 'b']);
    expect(plain.steps.step2.combined['a']).toBeCloseTo(50, 9);
    expect(plain.steps.step2.combined['b']).toBeCloseTo(75, 9);
    expect(plain.recommended).toEqual(['b']);
    // blend 0.5: a 75, b 37.5
    const blended = selectAccelerator({ candidates, blendStep1: 0.5 });
    expect(blended.steps.step2.combined['a']).toBeCloseTo(75, 9);
    expect(blended.steps.step2.combined['b']).toBeCloseTo(37.5, 9);
    expect(blended.recommended).toEqual(['a']);
  });
});

describe('votes', () => {
  // step 1: a 100, b 75, c 0 (cut with size 2); step 2: a 50, b 100
  const candidates = [
    { id: 'a', evidence: flat(5, 3) },
    { id: 'b', evidence: flat(4, 5) },
    { id: 'c', evidence: flat(1, 5) },
  ];
  const ballots = [
    { stakeholder: 's1', criterion: 'healthOutcomes' as const, candidate: 'a' },
    { stakeholder: 's2', criterion: 'healthOutcomes' as const, candidate: 'a' },
    { stakeholder: 's3', criterion: 'healthOutcomes' as const, candidate: 'a' },
    { stakeholder: 's1', criterion: 'costToSystem' as const, candidate: 'b' },
    { stakeholder: 's2', criterion: 'costToSystem' as const, candidate: 'c' },
  ];

  it("'per-criterion' counts one point a vote; the leader scores 100, the rest in proportion", () => {
    const r = selectAccelerator({ candidates, shortlist: { size: 2 }, votes: { method: 'per-criterion', ballots } });
    const v = r.steps.step3.votes;
    expect(v?.method).toBe('per-criterion');
    expect(v?.weight).toBe(0.5);
    expect(v?.points).toEqual({ a: 3, b: 1 });
    expect(v?.scores?.['a']).toBe(100);
    expect(v?.scores?.['b']).toBeCloseTo(100 / 3, 9);
    expect(v?.ignored).toBe(1);
    // a: 0.5*50 + 0.5*100 = 75; b: 0.5*100 + 0.5*33.33 = 66.67
    expect(finalOf(r, 'a').voteScore).toBe(100);
    expect(finalOf(r, 'a').score).toBeCloseTo(75, 9);
    expect(finalOf(r, 'b').score).toBeCloseTo(200 / 3, 9);
    expect(r.recommended).toEqual(['a']);
    const audit = r.audit.find((e) => e.kind === 'votes');
    expect(audit?.step).toBe(3);
    expect(audit?.message).toContain('not counted');
  });

  it('the vote weight sets its share of the step 3 score', () => {
    const r = selectAccelerator({ candidates, shortlist: { size: 2 }, votes: { method: 'per-criterion', ballots, weight: 0.2 } });
    // a: 0.8*50 + 0.2*100 = 60; b: 0.8*100 + 0.2*33.33 = 86.67
    expect(finalOf(r, 'a').score).toBeCloseTo(60, 9);
    expect(finalOf(r, 'b').score).toBeCloseTo(80 + 20 / 3, 9);
    expect(r.recommended).toEqual(['b']);
    const none = selectAccelerator({ candidates, shortlist: { size: 2 }, votes: { method: 'per-criterion', ballots, weight: 0 } });
    expect(finalOf(none, 'a').score).toBeCloseTo(50, 9);
    const all = selectAccelerator({ candidates, shortlist: { size: 2 }, votes: { method: 'per-criterion', ballots, weight: 1 } });
    expect(finalOf(all, 'a').score).toBeCloseTo(100, 9);
    expect(finalOf(all, 'b').score).toBeCloseTo(100 / 3, 9);
  });

  it('with no votes for the shortlist, votes decide nothing: no vote scores, step 3 equals step 2', () => {
    const r = selectAccelerator({ candidates, shortlist: { size: 2 }, votes: { method: 'per-criterion', ballots: [{ stakeholder: 's', criterion: 'qualityGap', candidate: 'c' }] } });
    expect(r.steps.step3.votes?.points).toEqual({ a: 0, b: 0 });
    expect(r.steps.step3.votes?.scores).toBeNull();
    expect(r.steps.step3.votes?.ignored).toBe(1);
    for (const f of r.steps.step3.scores) expect(f.score).toBe(f.step2);
    expect(r.audit.some((a) => a.kind === 'votes' && a.message.includes('votes decide nothing'))).toBe(true);
  });

  it("'borda' gives n-1 points for first among the n shortlisted, down to 0", () => {
    const four = [...candidates.slice(0, 2), { id: 'c', evidence: flat(4, 3) }, { id: 'd', evidence: flat(1, 1) }];
    const r = selectAccelerator({
      candidates: four,
      shortlist: { size: 3 },
      votes: {
        method: 'borda',
        ballots: [
          { stakeholder: 's1', ranking: ['a', 'b', 'c'] }, // a 2, b 1, c 0
          { stakeholder: 's2', ranking: ['b', 'd', 'a'] }, // d cut: b 2, a 1; 1 ignored
          { stakeholder: 's3', ranking: ['a'] }, // a 2
        ],
      },
    });
    expect(r.shortlist).toEqual(['a', 'b', 'c']);
    const v = r.steps.step3.votes;
    expect(v?.method).toBe('borda');
    expect(v?.points).toEqual({ a: 5, b: 3, c: 0 });
    expect(v?.scores?.['a']).toBe(100);
    expect(v?.scores?.['b']).toBeCloseTo(60, 9);
    expect(v?.scores?.['c']).toBe(0);
    expect(v?.ignored).toBe(1);
  });

  it('without votes step 3 has no vote score', () => {
    const r = selectAccelerator({ candidates });
    expect(r.steps.step3.votes).toBeNull();
    expect(finalOf(r, 'a').voteScore).toBeNull();
  });
});

describe('feasibility', () => {
  // step 1 all 75 (shortlist size 3 keeps all); step 2: a 50, b 100, c 75
  const candidates = [
    { id: 'a', population: 1000, scope: 2, evidence: flat(4, 3) },
    { id: 'b', population: 5000, scope: 8, evidence: flat(4, 5) },
    { id: 'c', evidence: flat(4, 4) },
  ];

  it('gate: a candidate over maxPopulation is excluded with reasons and left out of the ranking', () => {
    const r = selectAccelerator({ candidates, feasibility: { maxPopulation: 2000, mode: 'gate' } });
    expect(finalOf(r, 'b').excluded).toHaveLength(1);
    expect(finalOf(r, 'b').excluded[0]).toContain('5000');
    expect(finalOf(r, 'b').excluded[0]).toContain('2000');
    expect(finalOf(r, 'b').penalty).toBe(0);
    expect(finalOf(r, 'a').excluded).toEqual([]);
    expect(r.ranking.map((x) => x.id)).toEqual(['c', 'a']);
    expect(r.recommended).toEqual(['c']);
    expect(r.audit.some((e) => e.kind === 'feasibility' && e.step === 3 && e.data['id'] === 'b')).toBe(true);
  });

  it('notes an unknown population in the audit and does not exclude for it', () => {
    const r = selectAccelerator({ candidates, feasibility: { maxPopulation: 2000, mode: 'gate' } });
    const notes = r.audit.filter((e) => e.kind === 'feasibility' && e.data['id'] === 'c');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toMatch(/population unknown/);
    expect(finalOf(r, 'c').excluded).toEqual([]);
  });

  it('maxScope gates on the scope measure', () => {
    const r = selectAccelerator({ candidates, feasibility: { maxScope: 5, mode: 'gate' } });
    expect(finalOf(r, 'b').excluded).toEqual([expect.stringContaining('scope 8')]);
    expect(r.ranking.map((x) => x.id)).toEqual(['c', 'a']);
    expect(r.audit.some((e) => e.kind === 'feasibility' && /scope unknown/.test(e.message))).toBe(true);
  });

  it('maxPopulationShare is of the sum of known populations by default', () => {
    // total 6000: b has 83.3%, a 16.7%
    const r = selectAccelerator({ candidates, feasibility: { maxPopulationShare: 0.5, mode: 'gate' } });
    expect(finalOf(r, 'b').excluded).toHaveLength(1);
    expect(finalOf(r, 'b').excluded[0]).toContain('83.3%');
    expect(finalOf(r, 'a').excluded).toEqual([]);
  });

  it('maxPopulationShare uses totalPopulation when given', () => {
    // of 20000: b has 25%
    const r = selectAccelerator({ candidates, feasibility: { maxPopulationShare: 0.5, totalPopulation: 20_000, mode: 'gate' } });
    expect(finalOf(r, 'b').excluded).toEqual([]);
    expect(r.recommended).toEqual(['b']);
    const tight = selectAccelerator({ candidates, feasibility: { maxPopulationShare: 0.2, totalPopulation: 20_000, mode: 'gate' } });
    expect(finalOf(tight, 'b').excluded[0]).toContain('25.0%');
  });

  it('penalty: deducts points per limit broken, never below 0', () => {
    const r = selectAccelerator({ candidates, feasibility: { maxPopulation: 2000, mode: 'penalty' } });
    expect(finalOf(r, 'b').penalty).toBe(25);
    expect(finalOf(r, 'b').score).toBeCloseTo(75, 9);
    expect(finalOf(r, 'b').excluded).toEqual([]);
    // b and c tie on 75 after the penalty
    expect(r.ranking.map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect(r.tiedForFirst).toEqual(['b', 'c']);

    const two = selectAccelerator({ candidates, feasibility: { maxPopulation: 2000, maxScope: 5, mode: 'penalty', penalty: 30 } });
    expect(finalOf(two, 'b').penalty).toBe(60);
    expect(finalOf(two, 'b').score).toBeCloseTo(40, 9);

    const floor = selectAccelerator({ candidates, feasibility: { maxPopulation: 2000, maxScope: 5, mode: 'penalty', penalty: 80 } });
    expect(finalOf(floor, 'b').penalty).toBeCloseTo(100, 9);
    expect(finalOf(floor, 'b').score).toBe(0);
    expect(floor.ranking.find((x) => x.id === 'b')?.score).toBe(0);
    expect(floor.recommended).toEqual(['c']);
  });
});

describe('grouping', () => {
  // step 2: lead 100, member 50, other 75; step 1 all 75
  const candidates = [
    { id: 'lead', population: 600, evidence: flat(4, 5) },
    { id: 'member', population: 300, evidence: flat(4, 3) },
    { id: 'other', population: 300, evidence: flat(4, 4) },
  ];

  it('recommends [lead, member] when allowGrouping declares it', () => {
    const r = selectAccelerator({ candidates, allowGrouping: [{ lead: 'lead', with: ['member'] }] });
    expect(r.recommended).toEqual(['lead', 'member']);
    expect(r.tiedForFirst).toEqual([]);
    expect(r.audit.find((e) => e.kind === 'recommendation')?.data).toEqual({ recommended: ['lead', 'member'] });
    // The audit says why the member joined: the group that allowed it, with no limits to test.
    const joined = r.audit.find((e) => e.kind === 'feasibility' && e.message.startsWith('member joins'));
    expect(joined?.message).toBe('member joins lead, as allowGrouping[0] allows: no feasibility limits are set');
    expect(joined?.data).toEqual({ lead: 'lead', id: 'member', allowGrouping: 0 });
    expect(r.audit.find((e) => e.kind === 'recommendation')?.message).toBe('Recommended: lead with member (member as allowGrouping[0] allows)');
  });

  it('recommends one id without allowGrouping, or when the grouping has another lead', () => {
    expect(selectAccelerator({ candidates }).recommended).toEqual(['lead']);
    expect(selectAccelerator({ candidates, allowGrouping: [{ lead: 'member', with: ['lead'] }] }).recommended).toEqual(['lead']);
  });

  it('a member that breaks a gate does not join', () => {
    const r = selectAccelerator({
      candidates: [candidates[0]!, { ...candidates[1]!, scope: 9 }, candidates[2]!],
      feasibility: { maxScope: 5, mode: 'gate' },
      allowGrouping: [{ lead: 'lead', with: ['member'] }],
    });
    expect(r.recommended).toEqual(['lead']);
  });

  it('a member does not join when the group together breaks a population limit', () => {
    const r = selectAccelerator({ candidates, feasibility: { maxPopulation: 800, mode: 'gate' }, allowGrouping: [{ lead: 'lead', with: ['member', 'other'] }] });
    // lead 600 + member 300 = 900 > 800; lead + other likewise
    expect(r.recommended).toEqual(['lead']);
    expect(r.audit.some((e) => e.kind === 'feasibility' && e.data['lead'] === 'lead' && e.data['id'] === 'member')).toBe(true);
    const roomy = selectAccelerator({ candidates, feasibility: { maxPopulation: 900, mode: 'gate' }, allowGrouping: [{ lead: 'lead', with: ['member', 'other'] }] });
    expect(roomy.recommended).toEqual(['lead', 'member']);
  });
});

describe('tie for first', () => {
  it('recommends nothing, lists the tied, and records a step 3 tie', () => {
    const r = selectAccelerator({
      candidates: [
        { id: 'y', evidence: flat(4, 4) },
        { id: 'x', evidence: flat(4, 4) },
        { id: 'z', evidence: flat(4, 2) },
      ],
    });
    expect(r.recommended).toEqual([]);
    expect(r.tiedForFirst).toEqual(['x', 'y']);
    expect(r.ranking.map((x) => [x.id, x.rank])).toEqual([
      ['x', 1],
      ['y', 1],
      ['z', 3],
    ]);
    const tie = r.audit.filter((e) => e.kind === 'tie');
    expect(tie).toHaveLength(1);
    expect(tie[0]?.step).toBe(3);
    expect(tie[0]?.data).toEqual({ tied: ['x', 'y'] });
  });

  it('lists scores within TIE_TOLERANCE of each other in id order, even when the later id scores a hair higher', () => {
    // Min-max puts z at 100 and a at 100 * 0.5 / (0.5 + 1e-13): a hair lower, well within the
    // tolerance; half of step 1 is blended into the final score, so the hair reaches it.
    const r = selectAccelerator({
      candidates: [{ id: 'z' }, { id: 'a' }, { id: 'm' }].map((c) => ({ ...c, evidence: { healthOutcomes: 3, qualityGap: 3, strategicAlignment: 3 } })),
      indicators: [{ id: 'spend', criterion: 'costToSystem', prioritise: 'higher', values: { z: 0.5 + 1e-13, a: 0.5, m: 0 } }],
      blendStep1: 0.5,
    });
    const [first, second] = r.ranking;
    expect(first!.score).not.toBe(second!.score);
    expect(r.ranking.map((x) => [x.id, x.rank])).toEqual([
      ['a', 1],
      ['z', 1],
      ['m', 3],
    ]);
    expect(r.tiedForFirst).toEqual(['a', 'z']);
    expect(r.shortlist).toEqual(['a', 'z', 'm']);
  });

  it('no eligible candidate: nothing recommended, no tie', () => {
    const r = selectAccelerator({ candidates: [{ id: 'a', population: 10, evidence: flat(4, 4) }], feasibility: { maxPopulation: 1, mode: 'gate' } });
    expect(r.recommended).toEqual([]);
    expect(r.tiedForFirst).toEqual([]);
    expect(r.ranking).toEqual([]);
  });
});
