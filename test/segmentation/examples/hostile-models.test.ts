/**
 * Models that are not what they claim, and models built to exhaust the checker: each case here
 * once escaped as a raw error, overflowed the stack, ran for tens of seconds, or wrote a model's
 * text into SQL unescaped.
 */
import { describe, expect, it } from 'vitest';
import { PhmModelError, PhmValidationError } from 'phm-kit';
import {
  classify,
  defineModel,
  describeRule,
  isDefinedModel,
  leeds2024,
  MAX_RULE_DEPTH,
  toSql,
  type ModelSpec,
  type Rule,
} from 'phm-kit/segmentation';
import { AS_OF, caught } from './helpers.js';

const withRules = (...rules: Rule[]): ModelSpec => ({
  id: 'hostile',
  label: 'Hostile',
  segments: [...rules.map((rule, i) => ({ id: `s${i}`, label: `Segment ${i}`, rule })), { id: 'rest', label: 'Rest', catchAll: true as const }],
});

/** `{ not: { not: ... { marker } } }`, `levels` rules deep in all. */
function nestedNot(levels: number): Rule {
  let rule: Rule = { marker: 'cancer' };
  for (let i = 1; i < levels; i++) rule = { not: rule };
  return rule;
}

describe('defined models are recognised by identity', () => {
  const injected = 'mine\nCREATE TABLE pwned AS SELECT 1;\n--';

  it('an object that inherits from a defined model is not one, and is checked again', () => {
    const fake = Object.create(leeds2024, { id: { value: injected, enumerable: true } }) as typeof leeds2024;
    expect(isDefinedModel(fake)).toBe(false);
    const error = caught(() => toSql(fake, { dialect: 'duckdb', asOf: AS_OF }), PhmModelError);
    expect(error.code).toBe('malformed-model');
    expect(error.issues[0]?.path).toEqual(['id']);
  });

  it('a Proxy that answers true to any property is not a defined model', () => {
    const liar = new Proxy({}, { get: () => true, has: () => true });
    expect(isDefinedModel(liar)).toBe(false);
    expect(() => defineModel(liar as ModelSpec)).toThrow(PhmModelError);
  });

  it('a Proxy of a defined model is not the model, though it reads the same', () => {
    const wrapped = new Proxy(leeds2024, {});
    expect(isDefinedModel(wrapped)).toBe(false);
    // Checked again as a plain spec: it is a valid one, and the check gives an equal model.
    expect(defineModel(wrapped)).toEqual(leeds2024);
  });

  it('defineModel returns a defined model unchanged, and what it returns is defined', () => {
    const model = defineModel(withRules({ marker: 'cancer' }));
    expect(isDefinedModel(model)).toBe(true);
    expect(defineModel(model)).toBe(model);
    expect(isDefinedModel(JSON.parse(JSON.stringify(model)))).toBe(false);
  });

  it("the SQL header comment holds only the model's checked id", () => {
    const { sql } = toSql(leeds2024, { dialect: 'duckdb', asOf: AS_OF });
    expect(sql.split('\n')[0]).toBe('-- phm-kit toSql: model leeds-2024, as of 2024-04-01, duckdb');
  });
});

describe('user keys are looked up as own properties', () => {
  const constructorModel: ModelSpec = {
    id: 'proto-keys',
    label: 'Markers named like Object.prototype members',
    markers: [
      { id: 'constructor', label: 'Constructor', description: 'A marker whose id is an Object.prototype member', category: 'condition' },
      { id: 'to-string', label: 'toString', description: 'Another', category: 'condition' },
    ],
    segments: [
      { id: 'built', label: 'Built', rule: { marker: 'constructor' } },
      { id: 'rest', label: 'Rest', catchAll: true },
    ],
  };

  it("a marker called 'constructor' compiles with empty markerCodes: its own id is its code", () => {
    const { sql } = toSql(constructorModel, { dialect: 'duckdb', asOf: AS_OF, markerCodes: {} });
    expect(sql).toContain("IN ('constructor')");
  });

  it("and classifies by its own id, not Object.prototype's", () => {
    expect(classify({ id: 'p1', birthDate: '1980-01-01', markers: ['constructor'] }, constructorModel, { asOf: AS_OF }).segment).toBe('built');
    expect(classify({ id: 'p2', birthDate: '1980-01-01', markers: [] }, constructorModel, { asOf: AS_OF }).segment).toBe('rest');
  });

  it("a '__proto__' key in markerCodes is refused with its path, not dropped", () => {
    const markerCodes = JSON.parse('{"__proto__": ["X"], "cancer": "CAN"}') as Record<string, string[]>;
    const error = caught(() => toSql(leeds2024, { dialect: 'duckdb', asOf: AS_OF, markerCodes }), PhmValidationError);
    expect(error.issues.map((i) => i.path)).toEqual([['markerCodes', '__proto__']]);
  });

  it("a '__proto__' key in sexCodes is refused too", () => {
    const sexCodes = JSON.parse('{"__proto__": "1", "male": "M"}') as Record<string, string>;
    const error = caught(() => toSql(leeds2024, { dialect: 'duckdb', asOf: AS_OF, sexCodes }), PhmValidationError);
    expect(error.issues[0]?.path).toEqual(['sexCodes', '__proto__']);
  });
});

describe('rules nested too deep are refused before anything recursive reads them', () => {
  it(`a rule ${MAX_RULE_DEPTH} levels deep is accepted`, () => {
    expect(defineModel(withRules(nestedNot(MAX_RULE_DEPTH))).segments).toHaveLength(2);
  });

  it(`one level more is refused as malformed-rule, at the deepest rule's path`, () => {
    const error = caught(() => defineModel(withRules(nestedNot(MAX_RULE_DEPTH + 1))), PhmModelError);
    expect(error.code).toBe('malformed-rule');
    expect(error.issues[0]?.path).toEqual(['segments', 0, 'rule', ...Array.from({ length: MAX_RULE_DEPTH }, () => 'not')]);
    expect(error.message).toContain(`at most ${MAX_RULE_DEPTH} levels deep`);
  });

  it('1,500 levels of not (about 13 KB) give a PhmModelError, not a stack overflow', () => {
    const error = caught(() => defineModel(withRules(nestedNot(1500))), PhmModelError);
    expect(error.code).toBe('malformed-rule');
  });

  it('deep all and any nesting in a sub-segment is found too', () => {
    let rule: Rule = { marker: 'cancer' };
    for (let i = 0; i < 200; i++) rule = i % 2 === 0 ? { all: [{ marker: 'ltc-copd' }, rule] } : { any: [rule] };
    const spec: ModelSpec = {
      id: 'deep-sub',
      label: 'Deep sub-segment',
      segments: [
        { id: 'cancer', label: 'Cancer', rule: { marker: 'cancer' }, subsegments: [{ id: 'deep', label: 'Deep', rule }] },
        { id: 'rest', label: 'Rest', catchAll: true },
      ],
    };
    const error = caught(() => defineModel(spec), PhmModelError);
    expect(error.issues[0]?.path.slice(0, 5)).toEqual(['segments', 0, 'subsegments', 0, 'rule']);
  });

  it('every function that takes a model refuses it the same way', () => {
    const spec = withRules(nestedNot(1500));
    expect(() => toSql(spec, { dialect: 'ansi', asOf: AS_OF })).toThrow(PhmModelError);
    expect(() => classify({ id: 'p', birthDate: '1980-01-01', markers: [] }, spec, { asOf: AS_OF })).toThrow(PhmModelError);
  });

  it('describeRule refuses a deep rule with a PhmValidationError', () => {
    expect(caught(() => describeRule(nestedNot(MAX_RULE_DEPTH + 1)), PhmValidationError).message).toContain(`at most ${MAX_RULE_DEPTH} levels deep`);
    expect(caught(() => describeRule(nestedNot(1500)), PhmValidationError).message).toContain('Nested more than 1,000 levels deep');
  });

  it('a rule that contains itself is refused, not followed for ever', () => {
    const loop: { not: unknown } = { not: undefined };
    loop.not = loop;
    const error = caught(() => defineModel(withRules(loop as Rule)), PhmModelError);
    expect(error.code).toBe('malformed-rule');
  });
});

describe('models whose objects throw while read', () => {
  it('a segment getter that throws gives a PhmModelError naming the path', () => {
    const spec = withRules({ marker: 'cancer' });
    const segments = [...spec.segments];
    Object.defineProperty(segments, 1, { enumerable: true, get: () => { throw new Error('no access'); } });
    const error = caught(() => defineModel({ ...spec, segments }), PhmModelError);
    expect(error.code).toBe('malformed-model');
    expect(error.issues[0]?.path).toEqual(['segments', 1]);
    expect(error.issues[0]?.message).toBe('Could not be read: no access');
  });

  it('a Proxy model whose traps throw gives a PhmModelError', () => {
    const trap = () => {
      throw new TypeError('trapped');
    };
    const spec = new Proxy({}, { get: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, has: trap });
    const error = caught(() => defineModel(spec as ModelSpec), PhmModelError);
    expect(error.code).toBe('malformed-model');
    expect(error.message).toContain("Segmentation model '(unnamed)' is malformed");
  });

  it('a rule whose getter answers differently on each read is read once: the model is what was read', () => {
    let reads = 0;
    const rule = { get marker() { reads++; return reads === 1 ? 'cancer' : 'not-a-marker'; } };
    const model = defineModel(withRules(rule as Rule));
    expect(model.segments[0]).toMatchObject({ rule: { marker: 'cancer' } });
    expect(classify({ id: 'p', birthDate: '1980-01-01', markers: ['cancer'] }, model, { asOf: AS_OF }).segment).toBe('s0');
  });
});

describe('the reachability check is bounded for large models', () => {
  it('800 plain segments, each its own marker, are checked (and the last kept reachable)', () => {
    const markers = Array.from({ length: 800 }, (_, i) => ({ id: `m${i}`, label: `M${i}`, description: 'Generated', category: 'condition' as const }));
    const spec: ModelSpec = { ...withRules(...markers.map((m) => ({ marker: m.id }))), markers };
    const model = defineModel(spec);
    expect(model.segments).toHaveLength(801);
  });

  it('and an unreachable segment among many is still found', () => {
    const markers = Array.from({ length: 800 }, (_, i) => ({ id: `m${i}`, label: `M${i}`, description: 'Generated', category: 'condition' as const }));
    const rules: Rule[] = markers.map((m) => ({ marker: m.id }));
    rules.push({ any: [{ marker: 'm3' }, { marker: 'm799' }] });
    const error = caught(() => defineModel({ ...withRules(...rules), markers }), PhmModelError);
    expect(error.code).toBe('unreachable-segment');
    expect(error.issues.map((i) => i.path)).toEqual([['segments', 800]]);
  });

  it('4,999 plain segments are all checked: an unreachable last one is still found', () => {
    const markers = Array.from({ length: 4_999 }, (_, i) => ({ id: `m${i}`, label: `M${i}`, description: 'Generated', category: 'condition' as const }));
    const rules: Rule[] = markers.slice(0, -1).map((m) => ({ marker: m.id }));
    rules.push({ all: [{ marker: 'm17' }, { marker: 'm4997' }] });
    const error = caught(() => defineModel({ ...withRules(...rules), markers }), PhmModelError);
    expect(error.issues.map((i) => i.path)).toEqual([['segments', 4_998]]);
  });

  it('earlier segments that together take everyone leave the catch-all unreachable, across related atoms', () => {
    const byAge = caught(() => defineModel(withRules({ ageAtLeast: 65 }, { ageBelow: 65 })), PhmModelError);
    expect(byAge.issues.map((i) => [i.path, i.message])).toEqual([[['segments', 2], "Segment 'rest' can never be assigned: the segments before it already take everyone"]]);
    // Two markers, first both, then either missing: the first segment's negation joins the two.
    const byMarkers = caught(() => defineModel(withRules({ all: [{ marker: 'cancer' }, { marker: 'ltc-copd' }] }, { any: [{ not: { marker: 'cancer' } }, { not: { marker: 'ltc-copd' } }] })), PhmModelError);
    expect(byMarkers.issues.map((i) => i.path)).toEqual([['segments', 2]]);
    // And a segment that needs what an earlier pair of segments took from two sides.
    const squeezed = caught(() => defineModel(withRules({ marker: 'cancer' }, { all: [{ not: { marker: 'ltc-copd' } }, { ageAtLeast: 18 }] }, { all: [{ ageAtLeast: 20 }, { not: { marker: 'cancer' } }, { not: { marker: 'ltc-copd' } }] })), PhmModelError);
    expect(squeezed.issues.map((i) => i.path)).toEqual([['segments', 2]]);
  });

  it('one marker read through 800 windows, one segment each, is checked in bounded time', () => {
    const rules: Rule[] = Array.from({ length: 800 }, (_, i) => ({ marker: 'cancer', within: { days: 800 - i } }));
    // Each segment's window is shorter than every earlier one's: everyone it would take was
    // taken before, so all but the first are unreachable, and found so.
    const error = caught(() => defineModel(withRules(...rules)), PhmModelError);
    expect(error.code).toBe('unreachable-segment');
    expect(error.issues[0]?.path).toEqual(['segments', 1]);
  });

  it('20,000 alternatives behind an atLeast, against the same markers taken earlier, is found unreachable fast', () => {
    const markers = Array.from({ length: 20_000 }, (_, i) => ({ id: `m${i}`, label: `M${i}`, description: 'Generated', category: 'condition' as const }));
    const ids = markers.map((m) => m.id);
    const spec: ModelSpec = { ...withRules({ any: ids.map((id) => ({ marker: id })) }, { atLeast: 2, of: ids }), markers };
    const error = caught(() => defineModel(spec), PhmModelError);
    expect(error.issues.map((i) => i.path)).toEqual([['segments', 1]]);
  });
});
