import * as z from 'zod';
import { deepFreeze, type DeepReadonly } from '../../core/freeze.js';
import { PhmModelError, type ModelErrorCode, type PhmIssue } from '../../core/errors.js';
import { errorText, snapshotInput } from '../../core/snapshot.js';
import { describeIssues, issuesFromZod, parseInput, snapshotError } from '../../core/validation.js';
import { MARKER_CATALOGUE, MarkerDefinitionSchema, type MarkerDefinition } from './markers.js';
import { createFormulaBuilder, createReachabilityCheck, createWorkBudget, type Formula } from './reachability.js';
import { RuleSchema, markerReferences, ruleNestedTooDeep } from './rule.js';

export const KebabIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Ids are kebab-case: lower-case letters, digits and single hyphens');

/**
 * Zod schema of a meso sub-segment inside a macro segment, reported as a flag; sub-segments may
 * overlap.
 *
 * @example
 * SubsegmentSpecSchema.safeParse({ id: 'severe-frailty', label: 'Severe frailty', rule: { marker: 'frailty-severe' } }).success // true
 */
export const SubsegmentSpecSchema = z.strictObject({
  id: KebabIdSchema,
  label: z.string().min(1),
  description: z.string().min(1).optional(),
  rule: RuleSchema,
});

/**
 * Zod schema of an overlay: a flag beside the hierarchy, evaluated for everyone assigned and
 * reported with them, that never changes anyone's segment (the national dataset's maternal
 * health flag, for one). Overlays are not conditions: they are not counted in `conditionCount`.
 *
 * @example
 * OverlaySpecSchema.safeParse({ id: 'maternal-health', label: 'Maternal health', rule: { marker: 'pregnancy' } }).success // true
 */
export const OverlaySpecSchema = z.strictObject({
  id: KebabIdSchema,
  label: z.string().min(1),
  description: z.string().min(1).optional(),
  rule: RuleSchema,
});

/**
 * An overlay, as written: `{ id, label, rule, description? }`.
 *
 * @example
 * const maternal: OverlaySpec = { id: 'maternal-health', label: 'Maternal health', rule: { marker: 'pregnancy' } };
 */
export type OverlaySpec = z.output<typeof OverlaySpecSchema>;

const SegmentFields = {
  id: KebabIdSchema,
  label: z.string().min(1),
  /** What the segment is for and who is in it, in words. */
  description: z.string().min(1).optional(),
  subsegments: z.array(SubsegmentSpecSchema).max(1_000, 'At most 1,000 sub-segments in a segment').optional(),
};

/**
 * One macro segment. Every segment but the last has a `rule`; the last is the catch-all,
 * marked `catchAll: true`, which takes everyone no earlier rule took. This is its zod schema.
 *
 * @example
 * SegmentSpecSchema.safeParse({ id: 'everyone-else', label: 'Everyone else', catchAll: true }).success // true
 * SegmentSpecSchema.safeParse({ id: 'older-people', label: 'Aged 65+' }).success                   // false: no rule
 */
export const SegmentSpecSchema = z.union(
  [z.strictObject({ ...SegmentFields, rule: RuleSchema }), z.strictObject({ ...SegmentFields, catchAll: z.literal(true) })],
  { error: 'A segment has either a rule or, when it is the last, catchAll: true (not both, not neither)' },
);

/**
 * A segmentation model: an ordered list of segments, first match wins. A model is data: build
 * one as an object literal (or load it from JSON) and pass it to {@link defineModel}. This
 * schema checks the shape only; `defineModel` also checks ids, the catch-all, markers and
 * reachability.
 *
 * @example
 * ModelSpecSchema.safeParse(JSON.parse(text)).success;
 */
export const ModelSpecSchema = z.strictObject({
  id: KebabIdSchema,
  label: z.string().min(1),
  description: z.string().min(1).optional(),
  /** Where the model comes from: documents, with section, figure or page references. */
  source: z.string().min(1).optional(),
  /** Decisions the model makes that its sources leave open. */
  assumptions: z.array(z.string().min(1)).max(1_000, 'At most 1,000 assumptions').optional(),
  /** What the sources name but the model could not recover or does not cover. */
  gaps: z.array(z.string().min(1)).max(1_000, 'At most 1,000 gaps').optional(),
  /** Markers of this model's own, beyond {@link MARKER_CATALOGUE}. */
  markers: z.array(MarkerDefinitionSchema).max(100_000, 'At most 100,000 markers of its own').optional(),
  segments: z.array(SegmentSpecSchema).min(1, 'A model needs at least one segment: the catch-all').max(5_000, 'At most 5,000 segments'),
  /** Flags beside the hierarchy: reported for everyone assigned, never changing a segment. */
  overlays: z.array(OverlaySpecSchema).max(1_000, 'At most 1,000 overlays').optional(),
});

/**
 * A segmentation model written as plain data, before {@link defineModel} has checked it: what
 * you write in code or load from JSON. Everything that takes a model accepts one.
 *
 * @example
 * const spec: ModelSpec = { id: 'over-65s', label: 'Over 65s and the rest', segments: [
 *   { id: 'older-people', label: 'Aged 65 and over', rule: { ageAtLeast: 65 } },
 *   { id: 'everyone-else', label: 'Everyone else', catchAll: true },
 * ] };
 */
export type ModelSpec = z.input<typeof ModelSpecSchema>;

/**
 * One macro segment of a model: an id, a label, and either a `rule` or, for the last segment
 * only, `catchAll: true`; optionally a description and sub-segments.
 *
 * @example
 * const dementia: SegmentSpec = { id: 'dementia', label: 'Dementia', rule: { marker: 'dementia' } };
 * insertSegment(leeds2017, dementia, { before: 'frailty', id: 'leeds-2017-dementia' });
 */
export type SegmentSpec = z.output<typeof SegmentSpecSchema>;

/**
 * A sub-segment: a flag within a macro segment for the people in it who also meet its rule,
 * such as severe frailty within frailty. Sub-segments may overlap, and never change the segment
 * a person is assigned to.
 *
 * @example
 * const diabetes: SubsegmentSpec = { id: 'diabetes', label: 'Diabetes', rule: { marker: 'ltc-diabetes' } };
 */
export type SubsegmentSpec = z.output<typeof SubsegmentSpecSchema>;

declare const validated: unique symbol;

/**
 * A model that {@link defineModel} has checked: deeply frozen, plain data (it serialises to JSON
 * and back to an equal spec). Everything that takes a model accepts a plain spec as well and
 * checks it first.
 *
 * @example
 * const model: SegmentationModel = defineModel(spec);
 * model.segments.map((s) => s.id); // in precedence order, the catch-all last
 */
export type SegmentationModel = DeepReadonly<z.output<typeof ModelSpecSchema>> & { readonly [validated]: true };

/**
 * The models this copy of the library has checked, recognised by identity: an object that
 * merely inherits from one (`Object.create(leeds2024, ...)`), a copy, or a Proxy is not among
 * them, and is checked again like any plain spec.
 */
const DEFINED = new WeakSet<object>();

/** Problems found in a model; each check adds to it, and any problem stops the model. */
interface ProblemList {
  add(code: ModelErrorCode, path: (string | number)[], message: string): void;
  throwIfAny(modelId: string): void;
}

function createProblemList(): ProblemList {
  const issues: PhmIssue[] = [];
  return {
    add: (code, path, message) => issues.push({ code, path, message }),
    throwIfAny: (modelId) => {
      const first = issues[0];
      if (first !== undefined) {
        throw new PhmModelError(first.code as ModelErrorCode, `Segmentation model '${modelId}' is not valid: ${describeIssues(issues)}`, issues);
      }
    },
  };
}

/**
 * Checks a segmentation model and returns it frozen, ready for {@link classify} and friends.
 * Throws {@link PhmModelError} for a malformed model or rule, duplicate segment or
 * sub-segment ids, a missing or misplaced catch-all, markers that are in neither the catalogue
 * nor the model's own `markers`, and segments (or sub-segments) that no person could ever reach.
 *
 * @example
 * const model = defineModel({
 *   id: 'over-65s',
 *   label: 'Over 65s and the rest',
 *   segments: [
 *     { id: 'older-people', label: 'Aged 65 and over', rule: { ageAtLeast: 65 } },
 *     { id: 'everyone-else', label: 'Everyone else', catchAll: true },
 *   ],
 * });
 */
export function defineModel(spec: DeepReadonly<ModelSpec> | SegmentationModel): SegmentationModel {
  if (isDefinedModel(spec)) return spec;
  const model = parseModelSpec(spec);
  const problems = createProblemList();
  checkIds(model, problems);
  checkCatchAll(model, problems);
  checkMarkers(model, problems);
  problems.throwIfAny(model.id);
  checkReachability(model, problems);
  problems.throwIfAny(model.id);
  const defined = deepFreeze(model) as unknown as SegmentationModel;
  DEFINED.add(defined);
  return defined;
}

/**
 * The spec's shape checked by its schema. The spec is first read once into plain data (see
 * core/snapshot.ts), and everything after works on that copy: what the caller's object does
 * afterwards cannot change the model, and what cannot be read is refused as malformed, with
 * its path. Rules nested too deep are refused before the schema (which recurses) reads them.
 */
function parseModelSpec(spec: unknown): ParsedModel {
  let data: unknown;
  try {
    data = snapshotInput(spec);
  } catch (error) {
    throw snapshotError(error, (path, message) => {
      const code = path.includes('rule') ? 'malformed-rule' : 'malformed-model';
      return new PhmModelError(code, `Segmentation model '${nameOf(spec)}' is malformed: ${describeIssues([{ path, message }])}`, [{ path, message, code }]);
    });
  }
  const deep = tooDeepRule(data);
  if (deep !== undefined) throw new PhmModelError('malformed-rule', `Segmentation model '${nameOf(data)}' is malformed: ${describeIssues([deep])}`, [deep]);
  let issues: PhmIssue[];
  try {
    const parsed = ModelSpecSchema.safeParse(data, { reportInput: true });
    if (parsed.success) return parsed.data;
    issues = issuesFromZod(parsed.error.issues).map((issue) => ({
      ...issue,
      code: issue.path.includes('rule') ? 'malformed-rule' : 'malformed-model',
    }));
  } catch (error) {
    const message = `Could not be checked: ${errorText(error)}`;
    issues = [{ path: [], message, code: 'malformed-model' }];
  }
  throw new PhmModelError(issues[0]?.code as ModelErrorCode, `Segmentation model '${nameOf(data)}' is malformed: ${describeIssues(issues)}`, issues);
}

/** A spec's id for an error message, when it has a readable string id. */
function nameOf(spec: unknown): string {
  try {
    const id = (spec as { id?: unknown } | null | undefined)?.id;
    return typeof id === 'string' ? id : '(unnamed)';
  } catch {
    return '(unnamed)';
  }
}

/** The first rule of a spec (a segment's or a sub-segment's) nested deeper than the limit. */
function tooDeepRule(spec: unknown): PhmIssue | undefined {
  const overlays = (spec as { overlays?: unknown } | null | undefined)?.overlays;
  if (Array.isArray(overlays)) {
    for (let k = 0; k < overlays.length; k++) {
      const overlay = overlays[k] as { rule?: unknown } | null | undefined;
      const found = typeof overlay === 'object' && overlay !== null ? ruleNestedTooDeep(overlay.rule, ['overlays', k, 'rule']) : undefined;
      if (found !== undefined) return { ...found, code: 'malformed-rule' };
    }
  }
  const segments = (spec as { segments?: unknown } | null | undefined)?.segments;
  if (!Array.isArray(segments)) return undefined;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as { rule?: unknown; subsegments?: unknown } | null | undefined;
    if (typeof segment !== 'object' || segment === null) continue;
    const found = ruleNestedTooDeep(segment.rule, ['segments', i, 'rule']);
    if (found !== undefined) return { ...found, code: 'malformed-rule' };
    const subsegments = segment.subsegments;
    if (!Array.isArray(subsegments)) continue;
    for (let j = 0; j < subsegments.length; j++) {
      const sub = subsegments[j] as { rule?: unknown } | null | undefined;
      const deeper = typeof sub === 'object' && sub !== null ? ruleNestedTooDeep(sub.rule, ['segments', i, 'subsegments', j, 'rule']) : undefined;
      if (deeper !== undefined) return { ...deeper, code: 'malformed-rule' };
    }
  }
  return undefined;
}

/**
 * True when `value` was returned by this copy of {@link defineModel}, and so has been checked:
 * recognised by identity, not by anything the object says about itself. A model that has been
 * through JSON, copied, wrapped in a Proxy or inherited from is plain data again, and is
 * checked again when used.
 *
 * @example
 * isDefinedModel(leeds2024)                              // true
 * isDefinedModel(JSON.parse(JSON.stringify(leeds2024))) // false
 * isDefinedModel(Object.create(leeds2024))              // false
 */
export function isDefinedModel(value: unknown): value is SegmentationModel {
  return typeof value === 'object' && value !== null && DEFINED.has(value);
}

type ParsedModel = z.output<typeof ModelSpecSchema>;

function checkIds(model: ParsedModel, problems: ProblemList) {
  const seen = new Map<string, number>();
  model.segments.forEach((segment, i) => {
    const earlier = seen.get(segment.id);
    if (earlier !== undefined) {
      problems.add('duplicate-segment-id', ['segments', i, 'id'], `Segment id '${segment.id}' is already used by segment ${earlier}`);
    } else seen.set(segment.id, i);
    const subs = new Set<string>();
    segment.subsegments?.forEach((sub, j) => {
      if (subs.has(sub.id)) {
        problems.add('duplicate-subsegment-id', ['segments', i, 'subsegments', j, 'id'], `Sub-segment id '${sub.id}' is used twice in segment '${segment.id}'`);
      }
      subs.add(sub.id);
    });
  });
  const overlays = new Set<string>();
  model.overlays?.forEach((overlay, k) => {
    if (overlays.has(overlay.id)) problems.add('malformed-model', ['overlays', k, 'id'], `Overlay id '${overlay.id}' is used twice`);
    overlays.add(overlay.id);
  });
}

function checkCatchAll(model: ParsedModel, problems: ProblemList) {
  const last = model.segments.length - 1;
  model.segments.forEach((segment, i) => {
    if ('catchAll' in segment && i !== last) {
      problems.add('misplaced-catch-all', ['segments', i], `Segment '${segment.id}' is a catch-all but is not last: every segment after it would be unreachable`);
    }
  });
  const final = model.segments[last];
  if (final !== undefined && !('catchAll' in final)) {
    problems.add('missing-catch-all', ['segments', last], `The last segment, '${final.id}', must be the catch-all ({ catchAll: true }) so that everyone is assigned`);
  }
}

function checkMarkers(model: ParsedModel, problems: ProblemList) {
  const known = new Set<string>(MARKER_CATALOGUE.map((m) => m.id));
  model.markers?.forEach((marker: MarkerDefinition, i) => {
    if (known.has(marker.id)) {
      problems.add('malformed-model', ['markers', i, 'id'], `Marker '${marker.id}' is already defined (in the catalogue or earlier in this model)`);
    }
    known.add(marker.id);
  });
  const rules: [(string | number)[], z.output<typeof RuleSchema>][] = [];
  model.segments.forEach((segment, i) => {
    if ('rule' in segment) rules.push([['segments', i, 'rule'], segment.rule]);
    segment.subsegments?.forEach((sub, j) => rules.push([['segments', i, 'subsegments', j, 'rule'], sub.rule]));
  });
  model.overlays?.forEach((overlay, k) => rules.push([['overlays', k, 'rule'], overlay.rule]));
  for (const [path, rule] of rules) {
    for (const ref of markerReferences(rule)) {
      if (!known.has(ref.id)) {
        problems.add('unknown-marker', [...path, ...ref.path], `Unknown marker '${ref.id}': it is not in the marker catalogue; declare it in the model's \`markers\``);
      }
    }
  }
}

function checkReachability(model: ParsedModel, problems: ProblemList) {
  const { atoms, build } = createFormulaBuilder();
  const check = createReachabilityCheck(atoms, createWorkBudget());
  model.segments.forEach((segment, i) => {
    const own: Formula = 'rule' in segment ? build(segment.rule) : { op: 'const', value: true };
    if (!check.canHold(own)) {
      const why = 'rule' in segment ? 'its rule can never hold once the segments before it have taken their people' : 'the segments before it already take everyone';
      problems.add('unreachable-segment', ['segments', i], `Segment '${segment.id}' can never be assigned: ${why}`);
    } else {
      segment.subsegments?.forEach((sub, j) => {
        if (!check.canHold({ op: 'and', terms: [own, build(sub.rule)] })) {
          problems.add('unreachable-segment', ['segments', i, 'subsegments', j], `Sub-segment '${sub.id}' can never be flagged for anyone assigned to '${segment.id}'`);
        }
      });
    }
    check.takeAfter(own);
  });
}

/**
 * A model's condition flags: every sub-segment id once, in model order, with each place (segment
 * index, sub-segment index) it is defined at. A flag holds when the rule at any of its places
 * holds; the classifier, the SQL compiler and the columnar path all read the flags from here.
 */
export function conditionPlaces(segments: SegmentationModel['segments']): { id: string; places: { segment: number; subsegment: number }[] }[] {
  const byId = new Map<string, { segment: number; subsegment: number }[]>();
  segments.forEach((s, segment) =>
    (s.subsegments ?? []).forEach((sub, subsegment) => {
      const places = byId.get(sub.id) ?? [];
      places.push({ segment, subsegment });
      byId.set(sub.id, places);
    }),
  );
  return [...byId].map(([id, places]) => ({ id, places }));
}

/**
 * Zod schema of where {@link insertSegment} puts a segment (`before` or `after` an existing
 * segment id), and optionally the new model's id.
 *
 * @example
 * InsertionSchema.safeParse({ before: 'frailty', id: 'leeds-2017-extended' }).success // true
 */
export const InsertionSchema = z.union([
  z.strictObject({ before: z.string().min(1), id: KebabIdSchema.optional() }),
  z.strictObject({ after: z.string().min(1), id: KebabIdSchema.optional() }),
], { error: 'Expected { before: segmentId } or { after: segmentId }, with an optional new model id' });

/**
 * Returns a new model with `segment` inserted at a chosen precedence: before or after an
 * existing segment. The result is checked like any model.
 *
 * @example
 * const extended = insertSegment(leeds2017, {
 *   id: 'children', label: 'Children', rule: { ageBelow: 18 },
 * }, { before: 'frailty', id: 'leeds-2017-extended' });
 */
export function insertSegment(
  model: DeepReadonly<ModelSpec> | SegmentationModel,
  segment: DeepReadonly<z.input<typeof SegmentSpecSchema>>,
  where: z.input<typeof InsertionSchema>,
): SegmentationModel {
  const base = defineModel(model);
  const place = parseInput(InsertionSchema, where, 'insertion point');
  const anchor = 'before' in place ? place.before : place.after;
  const at = base.segments.findIndex((s) => s.id === anchor);
  if (at < 0) {
    throw new PhmModelError('unknown-segment', `Model '${base.id}' has no segment '${anchor}'`, [
      { code: 'unknown-segment', path: ['before' in place ? 'before' : 'after'], message: `No segment '${anchor}' in model '${base.id}'` },
    ]);
  }
  const segments = [...base.segments];
  segments.splice('before' in place ? at : at + 1, 0, segment as SegmentSpec);
  return defineModel({ ...base, id: place.id ?? base.id, segments });
}
