import { describe, expect, it } from 'vitest';
import { PhmModelError, PhmValidationError } from 'phm-kit';
import { DEFAULT_AGE_BANDS, leeds2024, segmentPopulation, type ModelSpec } from 'phm-kit/segmentation';
import { AS_OF, caught, person } from './helpers.js';

const SEGMENT_IDS = leeds2024.segments.map((s) => s.id);
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

describe('segmentPopulation: accounting for every row', () => {
  it('assigns valid people in input order with their row index', () => {
    const rows = [person('a'), person('b', { markers: ['ltc-asthma'] }), person('c', { birthDate: '2015-06-01' })];
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(result.model).toEqual({ id: 'leeds-2024', label: leeds2024.label });
    expect(result.asOf).toBe(AS_OF);
    expect(result.total).toBe(3);
    expect(result.assignments.map((a) => [a.index, a.personId, a.segment, a.age])).toEqual([
      [0, 'a', 'healthy-adults', 34],
      [1, 'b', 'long-term-conditions', 34],
      [2, 'c', 'children-and-young-people', 8],
    ]);
    expect(result.rejected).toEqual([]);
    expect(result.excluded).toEqual([]);
  });

  it('assignments + rejected + excluded = total on a mixed input', () => {
    const rows = [
      person('a'),
      { id: 'bad', birthDate: 'never', markers: [] },
      person('dead', { deathDate: '2023-01-01' }),
      person('dup'),
      person('dup'),
      42,
      person('b'),
    ];
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(result.total).toBe(7);
    expect(result.assignments.map((a) => a.personId)).toEqual(['a', 'b']);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 3, 4, 5]);
    expect(result.excluded.map((e) => e.index)).toEqual([2]);
    expect(result.assignments.length + result.rejected.length + result.excluded.length).toBe(result.total);
  });
});

describe('segmentPopulation: rejections', () => {
  it("rejects an invalid row as 'invalid-record' with zod-style issue paths and its id", () => {
    const rows = [
      { id: 'r0', birthDate: '1990-02-30', markers: [] },
      { id: 'r1', birthDate: '1990-01-01', markers: [{ id: 'cancer', from: '2024-01-01', to: '2023-01-01' }] },
      { id: 'r2', birthDate: '1990-01-01' },
      { id: 'r3', birthDate: '1990-01-01', markers: [], imdDecile: 11 },
      { id: 'r4', birthDate: '1990-01-01', markers: ['ltc-asthma', { id: 'cancer', from: '2024-13-01' }] },
    ];
    const { rejected, assignments } = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(assignments).toEqual([]);
    expect(rejected.map((r) => [r.index, r.id, r.reason, r.issues.map((i) => i.path)])).toEqual([
      [0, 'r0', 'invalid-record', [['birthDate']]],
      [1, 'r1', 'invalid-record', [['markers', 0, 'to']]],
      [2, 'r2', 'invalid-record', [['markers']]],
      [3, 'r3', 'invalid-record', [['imdDecile']]],
      [4, 'r4', 'invalid-record', [['markers', 1, 'from']]],
    ]);
    for (const r of rejected) for (const issue of r.issues) expect(issue.message.length).toBeGreaterThan(0);
  });

  it("rejects a non-object row as 'invalid-record' with no id and an empty path", () => {
    const { rejected } = segmentPopulation(['not a person', null], leeds2024, { asOf: AS_OF });
    expect(rejected.map((r) => [r.index, r.reason])).toEqual([
      [0, 'invalid-record'],
      [1, 'invalid-record'],
    ]);
    expect(rejected[0]).not.toHaveProperty('id');
    expect(rejected[0]?.issues[0]?.path).toEqual([]);
  });

  it("rejects every row sharing an id as 'duplicate-id', keeping the others", () => {
    const rows = [person('D'), person('u1'), person('D', { markers: ['cancer'] }), person('D'), person('u2')];
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(result.assignments.map((a) => a.personId)).toEqual(['u1', 'u2']);
    expect(result.rejected.map((r) => [r.index, r.id, r.reason])).toEqual([
      [0, 'D', 'duplicate-id'],
      [2, 'D', 'duplicate-id'],
      [3, 'D', 'duplicate-id'],
    ]);
    for (const r of result.rejected) {
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]?.path).toEqual(['id']);
      expect(r.issues[0]?.message).toContain('0, 2, 3');
    }
  });

  it('rows rejected as duplicates are not counted, listed by locality or excluded', () => {
    const rows = [
      person('D', { locality: 'Only-D', imdDecile: 1, markers: ['ltc-asthma'] }),
      person('u1', { locality: 'A', imdDecile: 2 }),
      person('D', { deathDate: '2020-01-01' }),
      person('D', { birthDate: '2030-01-01', locality: 'Only-D' }),
    ];
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(result.assignments.map((a) => a.personId)).toEqual(['u1']);
    expect(result.excluded).toEqual([]);
    expect(result.rejected.map((r) => [r.index, r.reason])).toEqual([
      [0, 'duplicate-id'],
      [2, 'duplicate-id'],
      [3, 'duplicate-id'],
    ]);
    expect(sum(Object.values(result.counts.bySegment))).toBe(1);
    expect(result.counts.bySegment['long-term-conditions']).toBe(0);
    expect(result.counts.byLocality.map((r) => [r.locality, r.total])).toEqual([['A', 1]]);
    expect(result.counts.mostDeprived).toMatchObject({ count: 0, withDecile: 1, share: 0 });
    expect(result.counts.byImdDecile.map((r) => r.total)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(sum(result.counts.byAgeBand.map((r) => r.total))).toBe(1);
  });

  it('a row rejected as invalid does not make a later valid row with its id a duplicate', () => {
    const rows = [{ id: 'X', birthDate: 'bad', markers: [] }, person('X')];
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(result.assignments.map((a) => [a.index, a.personId])).toEqual([[1, 'X']]);
    expect(result.rejected.map((r) => [r.index, r.reason])).toEqual([[0, 'invalid-record']]);
  });

  it('finds duplicates among thousands of rows, from an array or a generator', () => {
    const make = () => {
      const rows: unknown[] = Array.from({ length: 3000 }, (_, i) => person(`P${i}`, { locality: `L${i % 7}` }));
      rows.push(person('P5'), person('P2500'), person('P2500'));
      return rows;
    };
    function* generate() {
      yield* make();
    }
    for (const input of [make(), generate()]) {
      const result = segmentPopulation(input, leeds2024, { asOf: AS_OF });
      expect(result.total).toBe(3003);
      expect(result.rejected.map((r) => [r.index, r.id])).toEqual([
        [5, 'P5'],
        [2500, 'P2500'],
        [3000, 'P5'],
        [3001, 'P2500'],
        [3002, 'P2500'],
      ]);
      expect(result.assignments).toHaveLength(2998);
      expect(new Set(result.assignments.map((a) => a.personId)).size).toBe(2998);
      expect(sum(Object.values(result.counts.bySegment))).toBe(2998);
      expect(sum(result.counts.byLocality.map((r) => r.total))).toBe(2998);
    }
  });

  it('keeps rejections in input order when invalid rows and duplicates interleave', () => {
    const rows = [person('D'), { id: 'x', birthDate: 'bad', markers: [] }, person('D')];
    const { rejected } = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(rejected.map((r) => [r.index, r.reason])).toEqual([
      [0, 'duplicate-id'],
      [1, 'invalid-record'],
      [2, 'duplicate-id'],
    ]);
  });

  it("rejects a row whose getter throws as 'unreadable-record', and carries on", () => {
    const hostile = {
      get id(): string {
        throw new Error('boom');
      },
      birthDate: '1990-01-01',
      markers: [],
    };
    const result = segmentPopulation([person('a'), hostile, person('b')], leeds2024, { asOf: AS_OF });
    expect(result.assignments.map((a) => a.personId)).toEqual(['a', 'b']);
    expect(result.rejected).toHaveLength(1);
    const [r] = result.rejected;
    expect(r?.index).toBe(1);
    expect(r?.reason).toBe('unreadable-record');
    expect(r?.issues[0]?.path).toEqual([]);
    expect(r?.issues[0]?.message).toContain('boom');
  });
});

describe('segmentPopulation: exclusions', () => {
  it("excludes someone who died on or before asOf as 'deceased'", () => {
    const rows = [person('on', { deathDate: AS_OF }), person('before', { deathDate: '2023-06-01' }), person('after', { deathDate: '2024-04-02' })];
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(result.excluded.map((e) => [e.index, e.personId, e.reason])).toEqual([
      [0, 'on', 'deceased'],
      [1, 'before', 'deceased'],
    ]);
    expect(result.excluded[0]?.detail).toContain(AS_OF);
    expect(result.assignments.map((a) => a.personId)).toEqual(['after']);
  });

  it("excludes someone born after asOf as 'not-yet-born' and keeps someone born on asOf", () => {
    const rows = [person('future', { birthDate: '2024-04-02' }), person('today', { birthDate: AS_OF })];
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(result.excluded.map((e) => [e.index, e.personId, e.reason])).toEqual([[0, 'future', 'not-yet-born']]);
    expect(result.assignments.map((a) => [a.personId, a.age])).toEqual([['today', 0]]);
  });

  it('does not count excluded people', () => {
    const result = segmentPopulation([person('dead', { deathDate: '2020-01-01' })], leeds2024, { asOf: AS_OF });
    expect(sum(Object.values(result.counts.bySegment))).toBe(0);
  });
});

describe('segmentPopulation: inputs and options', () => {
  it.each([
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['a plain object', { 0: { id: 'a' }, length: 1 }],
  ])('throws PhmValidationError when records is %s (not iterable)', (_what, records) => {
    const error = caught(() => segmentPopulation(records as unknown as Iterable<unknown>, leeds2024, { asOf: AS_OF }), PhmValidationError);
    expect(error.code).toBe('invalid-input');
  });

  it('works with a generator, or any iterable', () => {
    function* rows() {
      yield person('g1');
      yield person('g2', { markers: ['cancer'] });
      yield 'junk';
    }
    const fromGenerator = segmentPopulation(rows(), leeds2024, { asOf: AS_OF });
    expect(fromGenerator.total).toBe(3);
    expect(fromGenerator.assignments.map((a) => a.segment)).toEqual(['healthy-adults', 'cancer']);
    expect(fromGenerator.rejected.map((r) => r.index)).toEqual([2]);

    const fromSet = segmentPopulation(new Set([person('s1')]), leeds2024, { asOf: AS_OF });
    expect(fromSet.assignments.map((a) => a.personId)).toEqual(['s1']);
  });

  it('throws PhmValidationError with path [asOf] for an invalid date', () => {
    const error = caught(() => segmentPopulation([], leeds2024, { asOf: '2024-02-30' }), PhmValidationError);
    expect(error.issues.map((i) => i.path)).toEqual([['asOf']]);
  });

  it('throws PhmModelError for an invalid model', () => {
    const bad = { id: 'm', label: 'M', segments: [] } as ModelSpec;
    expect(caught(() => segmentPopulation([], bad, { asOf: AS_OF }), PhmModelError).code).toBe('malformed-model');
  });

  it('handles an empty population', () => {
    const result = segmentPopulation([], leeds2024, { asOf: AS_OF });
    expect(result.total).toBe(0);
    expect(result.counts.mostDeprived.share).toBeNull();
    expect(result.counts.byLocality).toEqual([]);
  });

  it('uses the default age bands unless told otherwise', () => {
    const { counts } = segmentPopulation([person('a')], leeds2024, { asOf: AS_OF });
    expect(counts.byAgeBand.map((b) => b.band)).toEqual(['0-4', '5-17', '18-24', '25-44', '45-64', '65-74', '75-84', '85+']);
    expect(counts.byAgeBand.map((b) => b.minAge)).toEqual([...DEFAULT_AGE_BANDS]);
  });

  it('counts by custom ageBands', () => {
    const rows = [
      person('baby', { birthDate: AS_OF }),
      person('seventeen', { birthDate: '2006-04-02' }),
      person('eighteen', { birthDate: '2006-04-01' }),
      person('sixty-four', { birthDate: '1959-04-02' }),
      person('sixty-five', { birthDate: '1959-04-01' }),
      person('old', { birthDate: '1920-01-01' }),
    ];
    const { counts } = segmentPopulation(rows, leeds2024, { asOf: AS_OF, ageBands: [0, 18, 65] });
    expect(counts.byAgeBand.map((b) => [b.band, b.minAge, b.maxAge, b.total])).toEqual([
      ['0-17', 0, 17, 2],
      ['18-64', 18, 64, 2],
      ['65+', 65, null, 2],
    ]);
    expect(counts.byAgeBand[0]?.bySegment['children-and-young-people']).toBe(2);
    expect(counts.byAgeBand[1]?.bySegment['healthy-adults']).toBe(2);
  });

  it('a single band [0] holds everyone', () => {
    const { counts } = segmentPopulation([person('a'), person('b', { birthDate: '2020-01-01' })], leeds2024, { asOf: AS_OF, ageBands: [0] });
    expect(counts.byAgeBand.map((b) => [b.band, b.total])).toEqual([['0+', 2]]);
  });

  it.each([
    ['empty', []],
    ['not starting at 0', [5, 18]],
    ['not strictly increasing', [0, 18, 18]],
    ['decreasing', [0, 65, 18]],
    ['fractional', [0, 17.5]],
    ['negative', [-1, 0]],
  ])('rejects %s ageBands with PhmValidationError at [ageBands]', (_what, ageBands) => {
    const error = caught(() => segmentPopulation([person('a')], leeds2024, { asOf: AS_OF, ageBands }), PhmValidationError);
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) expect(issue.path[0]).toBe('ageBands');
  });
});

describe('segmentPopulation: counts', () => {
  const rows = [
    person('a', { imdDecile: 1, locality: 'Zeta' }),
    person('b', { imdDecile: 1, locality: 'Alpha', markers: ['ltc-asthma'] }),
    person('c', { imdDecile: 5, markers: ['ltc-asthma'] }),
    person('d', { locality: 'Mid', birthDate: '2015-01-01' }),
    person('e', { imdDecile: 10, locality: 'Alpha' }),
  ];
  const { counts, assignments } = segmentPopulation(rows, leeds2024, { asOf: AS_OF });

  it('bySegment has every segment of the model, zeros included', () => {
    expect(Object.keys(counts.bySegment).sort()).toEqual([...SEGMENT_IDS].sort());
    expect(counts.bySegment).toEqual({
      'end-of-life': 0,
      maternity: 0,
      'children-and-young-people': 1,
      frailty: 0,
      cancer: 0,
      'learning-disability-neurodiversity': 0,
      'serious-mental-illness': 0,
      'long-term-conditions': 2,
      'healthy-adults': 2,
    });
    expect(sum(Object.values(counts.bySegment))).toBe(assignments.length);
  });

  it('every breakdown row lists every segment and the breakdowns sum to the number assigned', () => {
    for (const breakdown of [counts.byAgeBand, counts.byImdDecile, counts.byLocality]) {
      expect(sum(breakdown.map((r) => r.total))).toBe(5);
      for (const row of breakdown) {
        expect(Object.keys(row.bySegment).sort()).toEqual([...SEGMENT_IDS].sort());
        expect(sum(Object.values(row.bySegment))).toBe(row.total);
      }
    }
  });

  it('mostDeprived is the share in IMD decile 1 among people with a decile', () => {
    expect(counts.mostDeprived.count).toBe(2);
    expect(counts.mostDeprived.withDecile).toBe(4);
    expect(counts.mostDeprived.share).toBe(0.5);
    expect(counts.mostDeprived.bySegment['long-term-conditions']).toEqual({ count: 1, withDecile: 2, share: 0.5 });
    expect(counts.mostDeprived.bySegment['healthy-adults']).toEqual({ count: 1, withDecile: 2, share: 0.5 });
    expect(counts.mostDeprived.bySegment['children-and-young-people']).toEqual({ count: 0, withDecile: 0, share: null });
    expect(counts.mostDeprived.bySegment.frailty).toEqual({ count: 0, withDecile: 0, share: null });
  });

  it('byImdDecile has 11 rows: deciles 1 to 10, then null', () => {
    expect(counts.byImdDecile.map((r) => r.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null]);
    expect(counts.byImdDecile.map((r) => r.total)).toEqual([2, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1]);
    expect(counts.byImdDecile[10]?.bySegment['children-and-young-people']).toBe(1);
  });

  it('byLocality is sorted, with people without a locality last', () => {
    expect(counts.byLocality.map((r) => [r.locality, r.total])).toEqual([
      ['Alpha', 2],
      ['Mid', 1],
      ['Zeta', 1],
      [null, 1],
    ]);
    expect(counts.byLocality[0]?.bySegment).toMatchObject({ 'long-term-conditions': 1, 'healthy-adults': 1 });
  });

  it('byLocality has no null row when everyone has a locality', () => {
    const all = segmentPopulation([person('a', { locality: 'B' }), person('b', { locality: 'A' })], leeds2024, { asOf: AS_OF });
    expect(all.counts.byLocality.map((r) => r.locality)).toEqual(['A', 'B']);
  });

  it('mostDeprived share is null when no one has a decile', () => {
    const none = segmentPopulation([person('a')], leeds2024, { asOf: AS_OF });
    expect(none.counts.mostDeprived).toMatchObject({ count: 0, withDecile: 0, share: null });
  });
});
