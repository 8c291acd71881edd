/**
 * The rules code pinned where the mutation run of segmentation rules found the tests loose:
 * model errors word for word, the reachability check's reasoning about sex, ages and look-back
 * windows (months are 28 to 31 days), rule descriptions at their edges, `isPerson` on hostile
 * markers, and the Leeds 2024 model's id under other options.
 */
import { classify, createLeeds2024Model, defineModel, describeRule, insertSegment, isPerson, PersonSchema, type ModelSpec, type Rule } from 'phm-kit/segmentation';
import type { DeepReadonly } from 'phm-kit';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../support/issues.js';

const CATCH_ALL = { id: 'rest', label: 'Everyone else', catchAll: true } as const;
const segment = (id: string, rule: Rule) => ({ id, label: id, rule });
const modelOf = (id: string, ...segments: ReturnType<typeof segment>[]): ModelSpec => ({ id, label: id, segments: [...segments, CATCH_ALL] });
const NEVER = 'its rule can never hold once the segments before it have taken their people';

/** The one problem `defineModel` reports for `spec`. */
function problemOf(spec: DeepReadonly<ModelSpec>) {
  const { issues } = refusalOf(() => defineModel(spec));
  expect(issues).toHaveLength(1);
  return issues[0];
}
const isValid = (spec: DeepReadonly<ModelSpec>) => defineModel(spec).id === spec.id;

describe('model errors, word for word', () => {
  it('names the model, or says it is unnamed', () => {
    expect(refusalOf(() => defineModel({ label: 'x', segments: [] } as unknown as ModelSpec)).message).toBe(
      "Segmentation model '(unnamed)' is malformed: id: Required, but missing (expected a string); segments: A model needs at least one segment: the catch-all",
    );
    expect(refusalOf(() => defineModel({ id: 'my-model', label: 'x', segments: [] })).message).toBe(
      "Segmentation model 'my-model' is malformed: segments: A model needs at least one segment: the catch-all",
    );
  });

  it('a repeated sub-segment id, and a marker already in the catalogue', () => {
    const older = { ...segment('older', { ageAtLeast: 65 }), subsegments: [segment('s', { ageAtLeast: 70 }), segment('s', { ageAtLeast: 80 })] };
    expect(problemOf({ id: 'a', label: 'a', segments: [older, CATCH_ALL] })).toEqual({ path: ['segments', 0, 'subsegments', 1, 'id'], message: "Sub-segment id 's' is used twice in segment 'older'" });
    const markers = [{ id: 'frailty-moderate', label: 'x', description: 'x', category: 'status' }] as const;
    expect(problemOf({ id: 'b', label: 'b', markers, segments: [CATCH_ALL] })).toEqual({
      path: ['markers', 0, 'id'],
      message: "Marker 'frailty-moderate' is already defined (in the catalogue or earlier in this model)",
    });
  });

  it('says why a segment is unreachable: its own rule, or nobody left for the catch-all', () => {
    expect(problemOf(modelOf('c', segment('young', { ageBelow: 18 }), segment('grown', { ageAtLeast: 18 })))).toEqual({
      path: ['segments', 2],
      message: "Segment 'rest' can never be assigned: the segments before it already take everyone",
    });
    expect(problemOf(modelOf('f', segment('a65', { ageAtLeast: 65 }), segment('a70', { ageAtLeast: 70 })))).toEqual({ path: ['segments', 1], message: `Segment 'a70' can never be assigned: ${NEVER}` });
  });

  it('an insertion point that is not in the model, or not an insertion point', () => {
    const base = modelOf('z');
    expect(refusalOf(() => insertSegment(base, segment('x', { ageBelow: 5 }), { after: 'nope', id: 'zz' }))).toEqual({
      kind: 'PhmModelError',
      message: "Model 'z' has no segment 'nope'",
      issues: [{ path: ['after'], message: "No segment 'nope' in model 'z'" }],
    });
    expect(refusalOf(() => insertSegment(base, segment('x', { ageBelow: 5 }), { id: 'zz' } as never)).message).toBe(
      'Invalid insertion point: (input): Expected { before: segmentId } or { after: segmentId }, with an optional new model id',
    );
  });

  it('names what was invalid: options, person, rule, Leeds options', () => {
    expect(refusalOf(() => classify({}, modelOf('z'), { asOf: 'x' })).message).toBe('Invalid options: asOf: Expected a calendar date written YYYY-MM-DD, e.g. 2024-04-01');
    expect(refusalOf(() => classify({ birthDate: '1950-01-01', markers: [] }, modelOf('z'), { asOf: '2024-01-01' })).message).toBe('Invalid person: id: Required, but missing (expected a string)');
    expect(refusalOf(() => describeRule({} as Rule)).message).toBe(
      'Invalid rule: (input): Not a rule: expected exactly one of all, any, not, marker (with optional within), ageAtLeast, ageBelow, atLeast (with of), sex',
    );
    expect(refusalOf(() => createLeeds2024Model({ childAgeBelow: -1 })).message).toBe('Invalid Leeds 2024 model options: childAgeBelow: Too small: expected number to be >=1');
  });
});

describe('reachability reasons about sex, ages and windows', () => {
  it('sex: a value taken earlier cannot be taken again; two sexes leave the catch-all', () => {
    expect(problemOf(modelOf('d', segment('f', { sex: 'female' }), segment('m', { sex: 'male' }), segment('fo', { all: [{ sex: 'female' }, { ageAtLeast: 65 }] })))).toEqual({
      path: ['segments', 2],
      message: `Segment 'fo' can never be assigned: ${NEVER}`,
    });
    expect(problemOf(modelOf('e2', segment('fm', { sex: ['female', 'male'] }), segment('f', { sex: 'female' })))).toEqual({ path: ['segments', 1], message: `Segment 'f' can never be assigned: ${NEVER}` });
    // A person has one recorded sex.
    expect(problemOf(modelOf('fm', segment('both', { all: [{ sex: 'female' }, { sex: 'male' }] })))).toEqual({ path: ['segments', 0], message: `Segment 'both' can never be assigned: ${NEVER}` });
    // Indeterminate and unrecorded sex remain for the catch-all.
    expect(isValid(modelOf('e', segment('f', { sex: 'female' }), segment('m', { sex: 'male' })))).toBe(true);
  });

  it('ages: the same or a higher threshold after a lower one is unreachable; a lower one after a higher is not', () => {
    expect(problemOf(modelOf('h', segment('a65', { ageAtLeast: 65 }), segment('b65', { ageAtLeast: 65 })))).toEqual({ path: ['segments', 1], message: `Segment 'b65' can never be assigned: ${NEVER}` });
    expect(isValid(modelOf('g', segment('a70', { ageAtLeast: 70 }), segment('a65', { ageAtLeast: 65 })))).toBe(true);
  });

  it('windows: a month is 28 to 31 days, so only a window sure to be inside an earlier one is unreachable', () => {
    const cancer = (within: { days: number } | { months: number }): Rule => ({ marker: 'cancer', within });
    expect(problemOf(modelOf('i', segment('d30', cancer({ days: 30 })), segment('e30', cancer({ days: 30 }))))).toEqual({ path: ['segments', 1], message: `Segment 'e30' can never be assigned: ${NEVER}` });
    // 50 days is inside any 2 months (at least 56 days) ...
    expect(problemOf(modelOf('k', segment('m2', cancer({ months: 2 })), segment('d50', cancer({ days: 50 }))))).toEqual({ path: ['segments', 1], message: `Segment 'd50' can never be assigned: ${NEVER}` });
    // ... but 2 months (up to 62 days) may reach beyond 40 days, and 30 days beyond a 28-day month.
    expect(isValid(modelOf('j', segment('d40', cancer({ days: 40 })), segment('m2', cancer({ months: 2 }))))).toBe(true);
    expect(isValid(modelOf('l', segment('m1', cancer({ months: 1 })), segment('d30', cancer({ days: 30 }))))).toBe(true);
  });
});

describe('one marker read through several windows', () => {
  // The person's cancer record ended 10 days before the evaluation date (and 59 days before,
  // for the months): each window must be its own condition, however many the model reads.
  const personEnding = (to: string) => ({ id: 'p', birthDate: '1950-01-01', markers: [{ id: 'cancer', from: '2023-01-01', to }] });
  const cancer = (within: { days: number } | { months: number }): Rule => ({ marker: 'cancer', within });
  it.each([
    ['3 days, then 30 days', [segment('d3', cancer({ days: 3 })), segment('d30', cancer({ days: 30 }))], '2024-03-22', 'd30'],
    ['1 month, then 3 months', [segment('m1', cancer({ months: 1 })), segment('m3', cancer({ months: 3 }))], '2024-02-02', 'm3'],
    ['2 days, then 2 months', [segment('d2', cancer({ days: 2 })), segment('m2', cancer({ months: 2 }))], '2024-03-02', 'm2'],
  ])('%s', (_, segments, to, expected) => {
    expect(classify(personEnding(to), modelOf('windows', ...segments), { asOf: '2024-04-01' }).segment).toBe(expected);
  });
});

describe('rule descriptions at their edges', () => {
  it('lists six markers in full, and says how many more after six', () => {
    expect(describeRule({ atLeast: 2, of: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'] })).toBe('at least 2 of 6 markers (a1, a2, a3, a4, a5, a6) active on the evaluation date');
    expect(describeRule({ atLeast: 2, of: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'] })).toBe('at least 2 of 7 markers (a1, a2, a3, a4, a5, a6 and 1 more) active on the evaluation date');
  });

  it('reads plain markers as one list only when they share a window', () => {
    expect(describeRule({ any: [{ marker: 'cancer' }] })).toBe('cancer active on the evaluation date');
    expect(describeRule({ any: [{ marker: 'a', within: { months: 3 } }, { marker: 'b', within: { months: 3 } }] })).toBe('a or b active at any time in the 3 months up to the evaluation date');
    const apart: [Rule, string][] = [
      [{ any: [{ marker: 'a', within: { days: 30 } }, { marker: 'b', within: { months: 1 } }] }, 'a active at any time in the 30 days up to the evaluation date or b active at any time in the 1 month up to the evaluation date'],
      [{ any: [{ marker: 'a', within: { days: 30 } }, { marker: 'b', within: { days: 31 } }] }, 'a active at any time in the 30 days up to the evaluation date or b active at any time in the 31 days up to the evaluation date'],
      [{ all: [{ marker: 'a', within: { months: 1 } }, { marker: 'b', within: { months: 2 } }] }, 'a active at any time in the 1 month up to the evaluation date and b active at any time in the 2 months up to the evaluation date'],
      [{ all: [{ marker: 'a', within: { months: 1 } }, { marker: 'b', within: { days: 1 } }] }, 'a active at any time in the 1 month up to the evaluation date and b active at any time in the 1 day up to the evaluation date'],
      [{ any: [{ marker: 'a' }, { marker: 'b', within: { days: 3 } }] }, 'a active on the evaluation date or b active at any time in the 3 days up to the evaluation date'],
    ];
    for (const [rule, words] of apart) expect(describeRule(rule)).toBe(words);
  });
});

describe('isPerson agrees with PersonSchema on hostile markers and fields', () => {
  const base = { id: 'p', birthDate: '1950-01-01', sex: 'female', markers: [] };
  it.each([
    ['an array for a person', []],
    ['a null marker', { ...base, markers: [null] }],
    ['an array for a marker', { ...base, markers: [[]] }],
    ['an empty marker id', { ...base, markers: [{ id: '' }] }],
    ['a marker starting on no calendar date', { ...base, markers: [{ id: 'x', from: '2024-13-01' }] }],
    ['a marker ending on a non-date', { ...base, markers: [{ id: 'x', to: 'bad' }] }],
    ['a death before birth', { ...base, deathDate: '1949-12-31' }],
    ['an IMD decile of 11', { ...base, imdDecile: 11 }],
  ])('rejects %s', (_, value) => {
    expect(isPerson(value)).toBe(false);
    expect(PersonSchema.safeParse(value).success).toBe(false);
  });
  it('accepts a dated marker', () => {
    const value = { ...base, markers: [{ id: 'x', from: '2024-01-01', to: '2024-02-01' }] };
    expect(isPerson(value)).toBe(true);
    expect(PersonSchema.safeParse(value).success).toBe(true);
  });
});

it('the Leeds 2024 model under other options has an id that says so', () => {
  expect(createLeeds2024Model().id).toBe('leeds-2024');
  expect(createLeeds2024Model({ childAgeBelow: 25 }).id).toBe('leeds-2024-cyp-under-25-postnatal-42-days');
  expect(createLeeds2024Model({ postnatalDays: 56 }).id).toBe('leeds-2024-cyp-under-18-postnatal-56-days');
});
