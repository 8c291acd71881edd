/**
 * Property 3: custom models built with defineModel. Random valid models are frozen plain data
 * that survive a JSON round trip and behave the same as their spec; every segment defineModel
 * calls unreachable is never reached by any generated person; and invalid models are refused
 * with the right code, as PhmModelError (a PhmError) with issues located by path (an unknown
 * marker is accepted once the model declares it).
 */
import fc from 'fast-check';
import { PhmError, PhmModelError } from 'phm-kit';
import { defineModel, isDefinedModel, segmentPopulation, type ModelSpec, type Person, type Rule } from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { modelCaseArb, rawModelSpecArb, ruleArb, scenarioArb, UNKNOWN_MARKERS, type UnreachabilityClaim } from '../arbitraries.js';
import { expectedAge, firstMatch, livingStatus, ruleHolds, screenRow, type Context, type OracleModel } from './oracle.js';
import { property } from '../../support/property.js';

const SEED = 0x5e9_0003;

type SegmentInput = ModelSpec['segments'][number];

/** Whether `person` (alive on `asOf`) contradicts a claim that something is unreachable. */
function contradicts(claim: UnreachabilityClaim, person: Person, asOf: string): boolean {
  const ctx: Context = { person, asOf, age: expectedAge(person.birthDate, asOf) };
  const spec: OracleModel = claim.spec;
  const first = firstMatch(spec, ctx);
  if (claim.kind === 'catch-all') return first === spec.segments.length - 1;
  if (claim.kind === 'segment') return first === claim.segment;
  const sub = spec.segments[claim.segment]?.subsegments?.[claim.subsegment];
  return first === claim.segment && sub !== undefined && ruleHolds(sub.rule, ctx);
}

/** The error `run` throws, checked to be a PhmModelError whose issues all have a path. */
function modelError(run: () => unknown): PhmModelError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(PhmModelError);
  expect(thrown).toBeInstanceOf(PhmError);
  expect(thrown).toBeInstanceOf(Error);
  const error = thrown as PhmModelError;
  expect(error.issues.length).toBeGreaterThan(0);
  expect(error.issues.every((issue) => Array.isArray(issue.path) && typeof issue.message === 'string' && issue.message.length > 0)).toBe(true);
  expect(error.issues[0]?.code).toBe(error.code);
  return error;
}

/** Paths of the issues carrying `code`, as strings, to look a path up by value. */
const pathKeys = (error: PhmModelError, code: string) => error.issues.filter((issue) => issue.code === code).map((issue) => JSON.stringify(issue.path));

// ---------------------------------------------------------------------------------------------
// Defects: each turns a valid model into one that must be refused with a given code and path.
// ---------------------------------------------------------------------------------------------

interface Defect {
  readonly code: string;
  readonly spec: ModelSpec;
  /** A path one of the issues with `code` must have. */
  readonly path: readonly (string | number)[];
  /** For an unknown-marker defect, the marker id. */
  readonly unknownMarker?: string;
}

const ruleSegment = (id: string, rule: Rule): SegmentInput => ({ id, label: `Segment ${id}`, rule });
const withSegments = (spec: ModelSpec, segments: SegmentInput[]): ModelSpec => ({ ...spec, segments });

/** Positions (before the catch-all) where a segment can be inserted. */
const insertAt = (spec: ModelSpec, k: number) => k % spec.segments.length;

function duplicateId(spec: ModelSpec, k: number, source: number): Defect {
  const at = insertAt(spec, k);
  const copied = spec.segments[source % spec.segments.length]?.id as string;
  const segments = [...spec.segments];
  segments.splice(at, 0, ruleSegment(copied, { marker: 'cancer' }));
  const positions = segments.flatMap((s, i) => (s.id === copied ? [i] : []));
  return { code: 'duplicate-segment-id', spec: withSegments(spec, segments), path: ['segments', positions[1] as number, 'id'] };
}

function missingCatchAll(spec: ModelSpec, dropIt: boolean): Defect {
  const last = spec.segments[spec.segments.length - 1] as SegmentInput;
  const rest = spec.segments.slice(0, -1);
  const segments = dropIt && rest.length > 0 ? rest : [...rest, ruleSegment(last.id, { ageAtLeast: 100 })];
  return { code: 'missing-catch-all', spec: withSegments(spec, segments), path: ['segments', segments.length - 1] };
}

function misplacedCatchAll(spec: ModelSpec, k: number): Defect {
  const last = spec.segments[spec.segments.length - 1] as SegmentInput;
  const rest = spec.segments.slice(0, -1);
  if (rest.length === 0) return { code: 'misplaced-catch-all', spec: withSegments(spec, [last, ruleSegment('after-catch-all', { marker: 'cancer' })]), path: ['segments', 0] };
  const at = k % rest.length;
  const segments = [...rest];
  segments.splice(at, 0, last);
  return { code: 'misplaced-catch-all', spec: withSegments(spec, segments), path: ['segments', at] };
}

function unknownMarker(spec: ModelSpec, k: number, unknown: string): Defect {
  const ruled = spec.segments.flatMap((s, i) => ('rule' in s ? [i] : []));
  if (ruled.length === 0) {
    return { code: 'unknown-marker', spec: withSegments(spec, [ruleSegment('injected', { marker: unknown }), ...spec.segments]), path: ['segments', 0, 'rule', 'marker'], unknownMarker: unknown };
  }
  const i = ruled[k % ruled.length] as number;
  const segments = spec.segments.map((s, j) => (j === i && 'rule' in s ? { ...s, rule: { any: [s.rule, { marker: unknown }] } } : s));
  return { code: 'unknown-marker', spec: withSegments(spec, segments), path: ['segments', i, 'rule', 'any', 1, 'marker'], unknownMarker: unknown };
}

/** A later segment whose rule implies an earlier one's: identical, narrowed by `all`, or a tighter age. */
function shadowed(spec: ModelSpec, k: number, how: number, extra: Rule): Defect {
  const ruled = spec.segments.flatMap((s, i) => ('rule' in s ? [i] : []));
  if (ruled.length === 0) {
    const segments = [ruleSegment('older-people', { ageAtLeast: 50 }), ruleSegment('oldest-people', { ageAtLeast: 60 }), ...spec.segments];
    return { code: 'unreachable-segment', spec: withSegments(spec, segments), path: ['segments', 1] };
  }
  const j = ruled[k % ruled.length] as number;
  const earlier = (spec.segments[j] as { rule: Rule }).rule;
  const narrower: Rule[] = [earlier, { all: [earlier, extra] }, { all: [extra, earlier] }, { all: [{ any: [earlier] }] }];
  const rule = narrower[how % narrower.length] as Rule;
  // Anywhere after segment j and before the catch-all.
  const at = j + 1 + (k % (spec.segments.length - 1 - j));
  const segments = [...spec.segments];
  segments.splice(at, 0, ruleSegment('shadowed', rule));
  return { code: 'unreachable-segment', spec: withSegments(spec, segments), path: ['segments', at] };
}

/** Earlier `any: [A, B]` shadows a later `all: [A, C]`. */
function broaderEarlier(spec: ModelSpec, a: Rule, b: Rule, c: Rule, k: number): Defect {
  const at = k % spec.segments.length;
  const segments = [...spec.segments];
  segments.splice(at, 0, ruleSegment('broad-rule', { any: [a, b] }), ruleSegment('narrow-rule', { all: [a, c] }));
  return { code: 'unreachable-segment', spec: withSegments(spec, segments), path: ['segments', at + 1] };
}

const MALFORMED_RULES: readonly unknown[] = [
  { marker: 1 },
  { marker: '' },
  { all: [] },
  { any: [] },
  { marker: 'cancer', bogus: true },
  { Marker: 'cancer' },
  { not: null },
  { not: [] },
  { ageAtLeast: -1 },
  { ageBelow: 1.5 },
  { ageAtLeast: '65' },
  { atLeast: 3, of: ['cancer', 'dementia'] },
  { atLeast: 1, of: ['cancer', 'cancer'] },
  { atLeast: 0, of: ['cancer'] },
  { atLeast: 1, of: [] },
  { sex: 'other' },
  { sex: [] },
  { marker: 'cancer', within: { days: 0 } },
  { marker: 'cancer', within: { weeks: 2 } },
  { marker: 'cancer', within: { days: 10, months: 1 } },
  {},
  null,
  'cancer',
  [],
  { all: [{ marker: 'cancer' }, { any: [] }] },
];

function malformedRule(spec: ModelSpec, k: number, bad: unknown, inSubsegment: boolean): Defect {
  if (inSubsegment) {
    // A malformed sub-segment rule, in any segment (the catch-all included).
    const i = k % spec.segments.length;
    const existing = spec.segments[i]?.subsegments ?? [];
    const subsegments = [...existing, { id: 'malformed-sub', label: 'Malformed', rule: bad }];
    const segments = spec.segments.map((s, j) => (j === i ? ({ ...s, subsegments } as unknown as SegmentInput) : s));
    return { code: 'malformed-rule', spec: withSegments(spec, segments), path: ['segments', i, 'subsegments', existing.length, 'rule'] };
  }
  const ruled = spec.segments.flatMap((s, i) => ('rule' in s ? [i] : []));
  if (ruled.length === 0) {
    const segments = [{ id: 'malformed', label: 'Malformed', rule: bad } as unknown as SegmentInput, ...spec.segments];
    return { code: 'malformed-rule', spec: withSegments(spec, segments), path: ['segments', 0, 'rule'] };
  }
  const i = ruled[k % ruled.length] as number;
  const segments = spec.segments.map((s, j) => (j === i ? ({ ...s, rule: bad } as unknown as SegmentInput) : s));
  return { code: 'malformed-rule', spec: withSegments(spec, segments), path: ['segments', i, 'rule'] };
}

const malformedRecipeArb: fc.Arbitrary<(spec: ModelSpec) => Defect> = fc
  .tuple(fc.nat(100), fc.constantFrom(...MALFORMED_RULES), fc.boolean())
  .map(([k, bad, inSubsegment]) => (spec: ModelSpec) => malformedRule(spec, k, bad, inSubsegment));

/** A defect to apply to any valid spec: drawn independently of the model, so that both shrink. */
const defectRecipeArb: fc.Arbitrary<(spec: ModelSpec) => Defect> = (() => {
  const n = fc.nat(100);
  return fc.oneof(
    fc.tuple(n, n).map(([k, source]) => (spec: ModelSpec) => duplicateId(spec, k, source)),
    fc.boolean().map((dropIt) => (spec: ModelSpec) => missingCatchAll(spec, dropIt)),
    n.map((k) => (spec: ModelSpec) => misplacedCatchAll(spec, k)),
    fc.tuple(n, fc.constantFrom(...UNKNOWN_MARKERS, 'not-in-the-catalogue')).map(([k, id]) => (spec: ModelSpec) => unknownMarker(spec, k, id)),
    fc.tuple(n, n, ruleArb).map(([k, how, extra]) => (spec: ModelSpec) => shadowed(spec, k, how, extra)),
    fc.tuple(ruleArb, ruleArb, ruleArb, n).map(([a, b, c, k]) => (spec: ModelSpec) => broaderEarlier(spec, a, b, c, k)),
    malformedRecipeArb,
  );
})();

// Rules are parsed before reachability is checked, so any well-formed spec (unreachable segments
// and all) is a fine base for a malformed rule.
const malformedDefectArb: fc.Arbitrary<Defect> = fc.tuple(rawModelSpecArb, malformedRecipeArb).map(([spec, recipe]) => recipe(spec));
const defectArb: fc.Arbitrary<Defect> = fc.tuple(modelCaseArb, defectRecipeArb).map(([modelCase, recipe]) => recipe(modelCase.spec));

/** Catalogue-unknown marker ids that are valid kebab-case ids, so that a model may declare them. */
const declarableIds: readonly string[] = [...UNKNOWN_MARKERS, 'not-in-the-catalogue'].filter((id) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id));

describe('property 3: custom models built with defineModel', () => {
  property(
    'random models: frozen plain data, JSON round trip, spec and model agree, unreachability claims hold',
    SEED,
    fc.tuple(modelCaseArb, scenarioArb({ weights: [14, 1, 1] })),
    ([modelCase, { asOf, rows }]) => {
      const { model, spec, claims } = modelCase;
      expect(isDefinedModel(model)).toBe(true);
      expect(isDefinedModel(spec)).toBe(false);
      expect(Object.isFrozen(model) && Object.isFrozen(model.segments) && model.segments.every((s) => Object.isFrozen(s))).toBe(true);
      expect(defineModel(model)).toBe(model);
      expect(defineModel(JSON.parse(JSON.stringify(model)) as ModelSpec)).toEqual(model);
      expect(model.segments.map((s) => s.id)).toEqual(spec.segments.map((s) => s.id));

      // A spec and the model defined from it segment a population identically.
      expect(segmentPopulation(rows, spec, { asOf })).toEqual(segmentPopulation(rows, model, { asOf }));

      // Nothing defineModel called unreachable happens to any living person generated here.
      const living = rows.flatMap((row) => {
        const s = screenRow(row);
        return s.kind === 'valid' && livingStatus(s.person, asOf) === 'alive' ? [s.person] : [];
      });
      const witnesses = claims.flatMap((claim) => living.filter((person) => contradicts(claim, person, asOf)).map((person) => ({ claim, person })));
      expect(witnesses).toEqual([]);
    },
  );

  property('invalid models are refused with the right code and a located issue', SEED, defectArb, (defect) => {
    const error = modelError(() => defineModel(defect.spec));
    const located = pathKeys(error, defect.code).some((key) => key.startsWith(JSON.stringify(defect.path).slice(0, -1)));
    expect({ code: error.code, located }).toEqual({ code: defect.code, located: true });
    // Everything that accepts a model checks it the same way.
    expect(modelError(() => segmentPopulation([], defect.spec, { asOf: '2024-04-01' })).code).toBe(error.code);
    // An unknown marker with a kebab-case id is accepted once the model declares it.
    const unknown = defect.unknownMarker;
    if (unknown !== undefined && declarableIds.includes(unknown)) {
      const declared: ModelSpec = { ...defect.spec, markers: [{ id: unknown, label: `Marker ${unknown}`, description: 'A marker of this model.', category: 'condition' }] };
      expect(() => defineModel(declared)).not.toThrow();
    }
  });

  property('the issues reported for a malformed rule all point inside that rule', SEED, malformedDefectArb, (defect) => {
    const error = modelError(() => defineModel(defect.spec));
    const inside = JSON.stringify(defect.path).slice(0, -1);
    expect(error.issues.filter((issue) => !JSON.stringify(issue.path).startsWith(inside))).toEqual([]);
  });
});
