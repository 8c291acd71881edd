import { describe, expect, it } from 'vitest';
import { PhmError, PhmModelError } from 'phm-kit';
import {
  bridgesToHealth,
  classify,
  defineModel,
  insertSegment,
  isDefinedModel,
  leeds2017,
  leeds2024,
  segmentPopulation,
  type ModelSpec,
  type Rule,
} from 'phm-kit/segmentation';
import { AS_OF, caught } from './helpers.js';

const minimal: ModelSpec = {
  id: 'over-65s',
  label: 'Over 65s and the rest',
  segments: [
    { id: 'older-people', label: 'Aged 65 and over', rule: { ageAtLeast: 65 } },
    { id: 'everyone-else', label: 'Everyone else', catchAll: true },
  ],
};

/** A model whose segments have the given rules, in order, followed by a catch-all. */
const withRules = (...rules: Rule[]): ModelSpec => ({
  id: 'test-model',
  label: 'Test model',
  segments: [...rules.map((rule, i) => ({ id: `s${i}`, label: `Segment ${i}`, rule })), { id: 'rest', label: 'Rest', catchAll: true as const }],
});

const modelError = (spec: unknown) => caught(() => defineModel(spec as ModelSpec), PhmModelError);
const paths = (error: PhmError) => error.issues.map((i) => i.path);
const codes = (error: PhmError) => error.issues.map((i) => i.code);

describe('defineModel: a valid custom model', () => {
  it('accepts a minimal model and classifies with it', () => {
    const model = defineModel(minimal);
    expect(model.id).toBe('over-65s');
    expect(model.segments.map((s) => s.id)).toEqual(['older-people', 'everyone-else']);
    expect(isDefinedModel(model)).toBe(true);
    expect(classify({ id: 'a', birthDate: '1950-01-01', markers: [] }, model, { asOf: AS_OF }).segment).toBe('older-people');
    expect(classify({ id: 'b', birthDate: '1990-01-01', markers: [] }, model, { asOf: AS_OF }).segment).toBe('everyone-else');
  });

  it('accepts a catch-all-only model that puts everyone in it', () => {
    const model = defineModel({ id: 'all', label: 'Everyone', segments: [{ id: 'everyone', label: 'Everyone', catchAll: true }] });
    expect(classify({ id: 'a', birthDate: '1950-01-01', markers: ['cancer'] }, model, { asOf: AS_OF }).segment).toBe('everyone');
  });

  it('returns a defined model unchanged (same object)', () => {
    const model = defineModel(minimal);
    expect(defineModel(model)).toBe(model);
    expect(defineModel(leeds2024)).toBe(leeds2024);
  });

  it('does not freeze or change the spec it was given', () => {
    const spec = structuredClone(minimal);
    defineModel(spec);
    expect(Object.isFrozen(spec)).toBe(false);
    expect(spec).toEqual(minimal);
  });

  it('returns a deeply frozen model', () => {
    const model = defineModel(minimal);
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.segments)).toBe(true);
    expect(Object.isFrozen(model.segments[0])).toBe(true);
    const first = model.segments[0];
    expect(first !== undefined && 'rule' in first && Object.isFrozen(first.rule)).toBe(true);
    expect(() => {
      (model as { id: string }).id = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      (model.segments as unknown[]).push({});
    }).toThrow(TypeError);
    expect(model.id).toBe('over-65s');
  });

  it('the built-in models are deeply frozen', () => {
    for (const model of [leeds2024, leeds2017, bridgesToHealth]) {
      expect(Object.isFrozen(model)).toBe(true);
      expect(Object.isFrozen(model.segments)).toBe(true);
      for (const segment of model.segments) {
        expect(Object.isFrozen(segment)).toBe(true);
        if ('rule' in segment) expect(Object.isFrozen(segment.rule)).toBe(true);
      }
    }
  });

  it('JSON round-trips to an equal spec', () => {
    const spec: ModelSpec = {
      ...minimal,
      description: 'A description',
      source: 'A source',
      assumptions: ['An assumption'],
      gaps: ['A gap'],
      markers: [{ id: 'housebound', label: 'Housebound', description: 'Cannot leave home.', category: 'status' }],
      segments: [
        {
          id: 'older-people',
          label: 'Aged 65 and over',
          description: 'Older people',
          rule: { ageAtLeast: 65 },
          subsegments: [{ id: 'housebound', label: 'Housebound', rule: { marker: 'housebound', within: { months: 3 } } }],
        },
        { id: 'everyone-else', label: 'Everyone else', catchAll: true },
      ],
    };
    const model = defineModel(spec);
    expect(JSON.parse(JSON.stringify(model))).toEqual(spec);
  });

  it('a JSON copy of a model is accepted again by classify, with the same results', () => {
    for (const model of [leeds2024, leeds2017, bridgesToHealth]) {
      const copy = JSON.parse(JSON.stringify(model)) as ModelSpec;
      expect(isDefinedModel(copy)).toBe(false);
      expect(JSON.parse(JSON.stringify(defineModel(copy)))).toEqual(copy);
      for (const markers of [[], ['frailty-severe', 'ltc-copd'], ['pregnancy'], ['learning-disability', 'ltc-asthma']]) {
        const person = { id: 'p', birthDate: '1980-01-01', markers };
        expect(classify(person, copy, { asOf: AS_OF })).toEqual(classify(person, model, { asOf: AS_OF }));
      }
    }
  });
});

describe('a model with many segments and sub-segments', () => {
  // 35 age segments (aged 100+, 99+, ..., 66+) then a catch-all; the catch-all has 32 flags.
  const thresholds = Array.from({ length: 35 }, (_, i) => 100 - i);
  const flags = Array.from({ length: 32 }, (_, i) => ({ id: `under-${i + 1}`, label: `Under ${i + 1}`, rule: { ageBelow: i + 1 } }));
  const model = defineModel({
    id: 'many',
    label: 'Many segments',
    segments: [
      ...thresholds.map((t) => ({ id: `age-${t}`, label: `Aged ${t}+`, rule: { ageAtLeast: t } })),
      { id: 'rest', label: 'Rest', catchAll: true as const, subsegments: flags },
    ],
  });
  const run = (birthDate: string) => classify({ id: 'p', birthDate, markers: [] }, model, { asOf: AS_OF });

  it('lists every matched segment in model order', () => {
    const c = run('1944-01-01'); // 80
    expect(c.segment).toBe('age-80');
    expect(c.matched).toEqual(thresholds.filter((t) => t <= 80).map((t) => `age-${t}`));
    expect(run('1900-01-01').matched).toHaveLength(35);
    expect(run('1900-01-01').segment).toBe('age-100');
  });

  it('gives the catch-all with every flag that holds', () => {
    const c = run('2014-01-01'); // 10: under-11 .. under-32
    expect(c.segment).toBe('rest');
    expect(c.matched).toEqual(['rest']);
    expect(c.subsegments).toEqual(flags.filter((_, i) => i + 1 > 10).map((f) => f.id));
    expect(run('1960-01-01').subsegments).toEqual([]);
  });

  it('keeps results of different people apart', () => {
    const results = ['1944-01-01', '1900-01-01', '1944-01-01', '2020-01-01', '2014-01-01'].map((b) => run(b));
    expect(results.map((r) => r.matched.length)).toEqual([15, 35, 15, 1, 1]);
    expect(results.map((r) => r.subsegments.length)).toEqual([0, 0, 0, 28, 22]);
  });
});

describe('defineModel: errors', () => {
  it("'malformed-model' for a bad id, no segments, a missing label or an unknown key", () => {
    const badId = modelError({ ...minimal, id: 'Over 65s' });
    expect(badId.code).toBe('malformed-model');
    expect(paths(badId)).toEqual([['id']]);

    const noSegments = modelError({ ...minimal, segments: [] });
    expect(noSegments.code).toBe('malformed-model');
    expect(paths(noSegments)).toEqual([['segments']]);

    const noLabel = modelError({ id: 'm', segments: minimal.segments });
    expect(noLabel.code).toBe('malformed-model');
    expect(paths(noLabel)).toEqual([['label']]);

    expect(modelError({ ...minimal, colour: 'blue' }).code).toBe('malformed-model');
    expect(modelError(null).code).toBe('malformed-model');
    expect(modelError('leeds-2024').code).toBe('malformed-model');
  });

  it("'malformed-model' for a segment with a bad id", () => {
    const error = modelError({ ...minimal, segments: [{ id: 'Older', label: 'Older', rule: { ageAtLeast: 65 } }, minimal.segments[1]] });
    expect(error.code).toBe('malformed-model');
    expect(paths(error)).toEqual([['segments', 0, 'id']]);
  });

  it("'malformed-rule' for an invalid rule, with the path into the rule", () => {
    const negative = modelError(withRules({ ageAtLeast: -1 }));
    expect(negative.code).toBe('malformed-rule');
    expect(paths(negative)).toEqual([['segments', 0, 'rule', 'ageAtLeast']]);

    const misspelt = modelError(withRules({ marker: 'cancer', whithin: { days: 3 } } as unknown as Rule));
    expect(misspelt.code).toBe('malformed-rule');
    expect(paths(misspelt)[0]?.slice(0, 3)).toEqual(['segments', 0, 'rule']);

    const emptyAny = modelError(withRules({ any: [] }));
    expect(emptyAny.code).toBe('malformed-rule');

    const tooMany = modelError(withRules({ atLeast: 3, of: ['ltc-asthma', 'ltc-copd'] }));
    expect(tooMany.code).toBe('malformed-rule');
    expect(paths(tooMany)).toEqual([['segments', 0, 'rule', 'atLeast']]);

    const repeated = modelError(withRules({ atLeast: 1, of: ['ltc-asthma', 'ltc-asthma'] }));
    expect(paths(repeated)).toEqual([['segments', 0, 'rule', 'of']]);

    const zeroDays = modelError(withRules({ marker: 'pregnancy', within: { days: 0 } }));
    expect(zeroDays.code).toBe('malformed-rule');
    expect(paths(zeroDays)).toEqual([['segments', 0, 'rule', 'within', 'days']]);
  });

  it.each([
    [{ ageAtLeast: '65' }, ['segments', 0, 'rule', 'ageAtLeast']],
    [{ ageBelow: 17.5 }, ['segments', 0, 'rule', 'ageBelow']],
    [{ marker: 5 }, ['segments', 0, 'rule', 'marker']],
    [{ sex: 'woman' }, ['segments', 0, 'rule', 'sex']],
    [{ marker: 'pregnancy', within: { days: 'x' } }, ['segments', 0, 'rule', 'within', 'days']],
  ])("'malformed-rule' for %j points inside that rule, not at another rule kind", (rule, path) => {
    const error = modelError(withRules(rule as unknown as Rule));
    expect(error.code).toBe('malformed-rule');
    expect(error.issues[0]?.path.slice(0, path.length)).toEqual(path);
    for (const issue of error.issues) expect(issue.message).not.toMatch(/Unrecognized key/);
  });

  it("'malformed-rule' for an invalid sub-segment rule", () => {
    const error = modelError({
      ...minimal,
      segments: [{ id: 'older-people', label: 'Older', rule: { ageAtLeast: 65 }, subsegments: [{ id: 'x', label: 'X', rule: { sex: 'woman' } }] }, minimal.segments[1]],
    });
    expect(error.code).toBe('malformed-rule');
    expect(paths(error)[0]?.slice(0, 5)).toEqual(['segments', 0, 'subsegments', 0, 'rule']);
  });

  it("'duplicate-segment-id' for two segments with one id", () => {
    const spec = withRules({ ageAtLeast: 65 }, { marker: 'cancer' });
    const segments = spec.segments.map((s, i) => (i === 1 ? { ...s, id: 's0' } : s));
    const error = modelError({ ...spec, segments });
    expect(error.code).toBe('duplicate-segment-id');
    expect(paths(error)).toEqual([['segments', 1, 'id']]);
    expect(error.message).toContain('s0');
  });

  it("'duplicate-subsegment-id' for two sub-segments of one segment with one id", () => {
    const error = modelError({
      ...minimal,
      segments: [
        {
          id: 'older-people',
          label: 'Older',
          rule: { ageAtLeast: 65 },
          subsegments: [
            { id: 'copd', label: 'COPD', rule: { marker: 'ltc-copd' } },
            { id: 'copd', label: 'COPD again', rule: { marker: 'ltc-asthma' } },
          ],
        },
        minimal.segments[1],
      ],
    });
    expect(error.code).toBe('duplicate-subsegment-id');
    expect(paths(error)).toEqual([['segments', 0, 'subsegments', 1, 'id']]);
  });

  it('the same sub-segment id in two different segments is allowed', () => {
    expect(() =>
      defineModel({
        id: 'm',
        label: 'M',
        segments: [
          { id: 'old', label: 'Old', rule: { ageAtLeast: 65 }, subsegments: [{ id: 'copd', label: 'COPD', rule: { marker: 'ltc-copd' } }] },
          { id: 'rest', label: 'Rest', catchAll: true, subsegments: [{ id: 'copd', label: 'COPD', rule: { marker: 'ltc-copd' } }] },
        ],
      }),
    ).not.toThrow();
  });

  it("'missing-catch-all' when the last segment has a rule", () => {
    const error = modelError({ id: 'm', label: 'M', segments: [{ id: 'old', label: 'Old', rule: { ageAtLeast: 65 } }] });
    expect(error.code).toBe('missing-catch-all');
    expect(paths(error)).toEqual([['segments', 0]]);
  });

  it("'misplaced-catch-all' when a catch-all is not last", () => {
    const error = modelError({
      id: 'm',
      label: 'M',
      segments: [
        { id: 'rest', label: 'Rest', catchAll: true },
        { id: 'old', label: 'Old', rule: { ageAtLeast: 65 } },
        { id: 'rest-2', label: 'Rest 2', catchAll: true },
      ],
    });
    expect(error.code).toBe('misplaced-catch-all');
    expect(paths(error)).toEqual([['segments', 0]]);
  });

  it('a catch-all in the middle and a rule last is both misplaced and missing', () => {
    const error = modelError({
      id: 'm',
      label: 'M',
      segments: [
        { id: 'rest', label: 'Rest', catchAll: true },
        { id: 'old', label: 'Old', rule: { ageAtLeast: 65 } },
      ],
    });
    expect(error.code).toBe('misplaced-catch-all');
    expect(codes(error)).toEqual(['misplaced-catch-all', 'missing-catch-all']);
  });

  it("'unknown-marker' for a marker in neither the catalogue nor the model, with its path", () => {
    const error = modelError(withRules({ marker: 'housebound' }));
    expect(error.code).toBe('unknown-marker');
    expect(paths(error)).toEqual([['segments', 0, 'rule', 'marker']]);
    expect(error.message).toContain('housebound');
  });

  it("'unknown-marker' inside atLeast, nested logic and sub-segments", () => {
    const nested = modelError(withRules({ all: [{ ageAtLeast: 18 }, { not: { atLeast: 1, of: ['ltc-asthma', 'ltc-asthmaa'] } }] }));
    expect(nested.code).toBe('unknown-marker');
    expect(paths(nested)).toEqual([['segments', 0, 'rule', 'all', 1, 'not', 'of', 1]]);

    const sub = modelError({
      ...minimal,
      segments: [{ id: 'older-people', label: 'Older', rule: { ageAtLeast: 65 }, subsegments: [{ id: 'x', label: 'X', rule: { marker: 'falls' } }] }, minimal.segments[1]],
    });
    expect(sub.code).toBe('unknown-marker');
    expect(paths(sub)).toEqual([['segments', 0, 'subsegments', 0, 'rule', 'marker']]);
  });

  it('lists every unknown marker as its own issue', () => {
    const error = modelError(withRules({ marker: 'one' }, { any: [{ marker: 'two' }, { marker: 'cancer' }] }));
    expect(paths(error)).toEqual([
      ['segments', 0, 'rule', 'marker'],
      ['segments', 1, 'rule', 'any', 0, 'marker'],
    ]);
    expect(codes(error)).toEqual(['unknown-marker', 'unknown-marker']);
  });

  it('a marker declared in the model’s own `markers` is known, and classify reads it', () => {
    const model = defineModel({
      ...withRules({ marker: 'housebound' }),
      markers: [{ id: 'housebound', label: 'Housebound', description: 'Cannot leave home unaided.', category: 'status' }],
    });
    expect(classify({ id: 'a', birthDate: '1940-01-01', markers: ['housebound'] }, model, { asOf: AS_OF }).segment).toBe('s0');
    expect(classify({ id: 'b', birthDate: '1940-01-01', markers: [] }, model, { asOf: AS_OF }).segment).toBe('rest');
  });

  it('declaring a catalogue marker again is malformed', () => {
    const error = modelError({
      ...minimal,
      markers: [{ id: 'cancer', label: 'Cancer', description: 'Again.', category: 'condition' }],
    });
    expect(error.code).toBe('malformed-model');
    expect(paths(error)).toEqual([['markers', 0, 'id']]);
  });

  it("'unreachable-segment': { ageAtLeast: 65 } after { ageAtLeast: 18 }", () => {
    const error = modelError(withRules({ ageAtLeast: 18 }, { ageAtLeast: 65 }));
    expect(error.code).toBe('unreachable-segment');
    expect(paths(error)).toEqual([['segments', 1]]);
    expect(error.message).toContain('s1');
  });

  it('the reverse order, { ageAtLeast: 18 } after { ageAtLeast: 65 }, is reachable', () => {
    expect(() => defineModel(withRules({ ageAtLeast: 65 }, { ageAtLeast: 18 }))).not.toThrow();
  });

  it("'unreachable-segment': { all: [{ ageBelow: 10 }, { ageAtLeast: 20 }] } can never hold", () => {
    const error = modelError(withRules({ all: [{ ageBelow: 10 }, { ageAtLeast: 20 }] }));
    expect(error.code).toBe('unreachable-segment');
    expect(paths(error)).toEqual([['segments', 0]]);
  });

  it("'unreachable-segment': a marker within 1 month after the same marker within 42 days", () => {
    const error = modelError(withRules({ marker: 'pregnancy', within: { days: 42 } }, { marker: 'pregnancy', within: { months: 1 } }));
    expect(error.code).toBe('unreachable-segment');
    expect(paths(error)).toEqual([['segments', 1]]);
  });

  it('a marker within 42 days after the same marker within 1 month is reachable', () => {
    expect(() => defineModel(withRules({ marker: 'pregnancy', within: { months: 1 } }, { marker: 'pregnancy', within: { days: 42 } }))).not.toThrow();
  });

  it("'unreachable-segment': an undated marker after the same marker within a window", () => {
    const error = modelError(withRules({ marker: 'cancer', within: { days: 30 } }, { marker: 'cancer' }));
    expect(paths(error)).toEqual([['segments', 1]]);
  });

  it("'unreachable-segment': a segment no earlier than one that takes the same people", () => {
    const error = modelError(withRules({ any: [{ marker: 'cancer' }, { marker: 'autism' }] }, { all: [{ marker: 'cancer' }, { ageAtLeast: 50 }] }));
    expect(error.code).toBe('unreachable-segment');
    expect(paths(error)).toEqual([['segments', 1]]);
  });

  it("'unreachable-segment': a sex already taken", () => {
    const error = modelError(withRules({ sex: ['female', 'male'] }, { sex: 'female' }));
    expect(paths(error)).toEqual([['segments', 1]]);
    expect(() => defineModel(withRules({ sex: 'male' }, { sex: 'female' }))).not.toThrow();
  });

  it("'unreachable-segment': a catch-all after segments that take everyone", () => {
    const error = modelError(withRules({ any: [{ ageBelow: 18 }, { ageAtLeast: 18 }] }));
    expect(error.code).toBe('unreachable-segment');
    expect(paths(error)).toEqual([['segments', 1]]);
    expect(modelError(withRules({ ageAtLeast: 0 })).code).toBe('unreachable-segment');
  });

  it("'unreachable-segment': a sub-segment no one assigned to its segment can have", () => {
    const error = modelError({
      id: 'm',
      label: 'M',
      segments: [
        { id: 'children', label: 'Children', rule: { ageBelow: 18 } },
        {
          id: 'rest',
          label: 'Rest',
          catchAll: true,
          subsegments: [
            { id: 'asthma', label: 'Asthma', rule: { marker: 'ltc-asthma' } },
            { id: 'young', label: 'Young', rule: { ageBelow: 16 } },
          ],
        },
      ],
    });
    expect(error.code).toBe('unreachable-segment');
    expect(paths(error)).toEqual([['segments', 1, 'subsegments', 1]]);
    expect(error.message).toContain('young');
  });

  it('issues carry their own codes, and the error code is the first', () => {
    const error = modelError({
      id: 'm',
      label: 'M',
      segments: [
        { id: 'a', label: 'A', rule: { marker: 'nope' } },
        { id: 'a', label: 'A again', rule: { ageAtLeast: 18 } },
        { id: 'rest', label: 'Rest', catchAll: true },
      ],
    });
    expect(error.code).toBe('duplicate-segment-id');
    expect(codes(error)).toEqual(['duplicate-segment-id', 'unknown-marker']);
    expect(error.name).toBe('PhmModelError');
    expect(error).toBeInstanceOf(PhmError);
  });
});

describe('insertSegment', () => {
  const children = { id: 'children', label: 'Children', rule: { ageBelow: 18 } } as const;

  it('inserts before an existing segment, with a new id', () => {
    const extended = insertSegment(leeds2017, children, { before: 'frailty', id: 'leeds-2017-extended' });
    expect(extended.id).toBe('leeds-2017-extended');
    expect(extended.segments.map((s) => s.id)).toEqual(['end-of-life', 'children', 'frailty', 'long-term-conditions', 'healthy-and-at-risk']);
    expect(isDefinedModel(extended)).toBe(true);
    expect(Object.isFrozen(extended)).toBe(true);
    const child = { id: 'c', birthDate: '2015-01-01', markers: ['ltc-asthma'] };
    expect(classify(child, extended, { asOf: AS_OF }).segment).toBe('children');
    expect(classify(child, leeds2017, { asOf: AS_OF }).segment).toBe('long-term-conditions');
  });

  it('inserts after an existing segment, keeping the model id by default', () => {
    const extended = insertSegment(leeds2017, { id: 'cancer', label: 'Cancer', rule: { marker: 'cancer' } }, { after: 'long-term-conditions' });
    expect(extended.id).toBe('leeds-2017');
    expect(extended.segments.map((s) => s.id)).toEqual(['end-of-life', 'frailty', 'long-term-conditions', 'cancer', 'healthy-and-at-risk']);
    expect(classify({ id: 'p', birthDate: '1960-01-01', markers: ['cancer'] }, extended, { asOf: AS_OF }).segment).toBe('cancer');
    expect(classify({ id: 'p', birthDate: '1960-01-01', markers: ['cancer', 'ltc-copd'] }, extended, { asOf: AS_OF }).segment).toBe('long-term-conditions');
  });

  it('leaves the original model unchanged', () => {
    const before = JSON.stringify(leeds2017);
    insertSegment(leeds2017, children, { before: 'frailty' });
    expect(JSON.stringify(leeds2017)).toBe(before);
  });

  it("throws 'unknown-segment' for an anchor the model does not have", () => {
    const error = caught(() => insertSegment(leeds2017, children, { before: 'maternity' }), PhmModelError);
    expect(error.code).toBe('unknown-segment');
    expect(paths(error)).toEqual([['before']]);
    expect(error.message).toContain('maternity');
    const after = caught(() => insertSegment(leeds2017, children, { after: 'nope' }), PhmModelError);
    expect(after.code).toBe('unknown-segment');
    expect(paths(after)).toEqual([['after']]);
  });

  it('checks the result like any model', () => {
    expect(caught(() => insertSegment(leeds2017, { id: 'frailty', label: 'Again', rule: { ageAtLeast: 90 } }, { before: 'end-of-life' }), PhmModelError).code).toBe(
      'duplicate-segment-id',
    );
    expect(caught(() => insertSegment(leeds2017, children, { after: 'healthy-and-at-risk' }), PhmModelError).code).toBe('misplaced-catch-all');
    expect(caught(() => insertSegment(minimal, { id: 'very-old', label: 'Very old', rule: { ageAtLeast: 90 } }, { after: 'older-people' }), PhmModelError).code).toBe(
      'unreachable-segment',
    );
  });

  it('works on a plain spec and on segmentPopulation', () => {
    const extended = insertSegment(minimal, children, { before: 'older-people' });
    const rows = [
      { id: 'a', birthDate: '2015-01-01', markers: [] },
      { id: 'b', birthDate: '1950-01-01', markers: [] },
      { id: 'c', birthDate: '1990-01-01', markers: [] },
    ];
    expect(segmentPopulation(rows, extended, { asOf: AS_OF }).counts.bySegment).toEqual({ children: 1, 'older-people': 1, 'everyone-else': 1 });
  });
});
