import type { DeepReadonly } from '../../core/freeze.js';
import type { IsoDate } from '../../core/dates.js';
import { parseInput } from '../../core/validation.js';
import { conditionPlaces, defineModel, type ModelSpec, type SegmentationModel } from '../model/model.js';
import { EvaluationOptionsSchema, type EvaluationOptions } from './options.js';
import type { Person } from '../records/person.js';
import { describeRuleUnchecked, type Rule } from '../model/rule.js';
import { createRuleEngine, type Test } from './rule-engine.js';

/**
 * The segment one person is in on the evaluation date, and why.
 *
 * @example
 * const c: Classification = classify({ id: 'p1', birthDate: '1938-05-04', markers: ['frailty-severe'] }, leeds2024, { asOf: '2024-04-01' });
 * c.segment;     // 'frailty'
 * c.subsegments; // ['severe-frailty']
 */
export interface Classification {
  readonly personId: string;
  /** Id of the one segment the person is assigned to. */
  readonly segment: string;
  /**
   * Every segment whose rule held, in model order, before precedence: the first is always
   * `segment`. The catch-all appears only when it is the assignment (nothing else held).
   */
  readonly matched: readonly string[];
  /** Ids of the assigned segment's sub-segments whose rules held (they may overlap). */
  readonly subsegments: readonly string[];
  /**
   * The person's condition flags: every sub-segment of the model whose rule holds, whichever
   * segment the person is in, by id, in model order. A sub-segment id that several segments
   * define is one condition, set when any of their rules holds.
   */
  readonly conditions: readonly string[];
  /** How many condition flags are set: `conditions.length`. */
  readonly conditionCount: number;
  /** Ids of the model's overlays whose rules held (flags beside the hierarchy, such as maternal health), in model order. */
  readonly overlays: readonly string[];
  /** Which rule decided, in words. */
  readonly reason: string;
  /** Whole years of age on the evaluation date. */
  readonly age: number;
}

/**
 * A model compiled for one evaluation date, to classify many people fast.
 *
 * @example
 * const classifier: CompiledClassifier = compileClassifier(leeds2024, { asOf: '2024-04-01' });
 * classifier.classify(person).segment;
 */
export interface CompiledClassifier {
  readonly model: SegmentationModel;
  readonly asOf: IsoDate;
  /** Classifies a person already known to be valid and alive on `asOf` (no checks). */
  readonly classify: (person: Person) => Classification;
  /** Index in `model.segments` of the person's segment (no checks, no allocation). */
  readonly segmentIndex: (person: Person) => number;
  /** `classify`, with the input position `index` recorded: what `segmentPopulation` lists. */
  readonly evaluate: (person: Person, index: number) => Assignment;
}

/**
 * A classification with the position of the person's row in the input.
 *
 * @example
 * const { assignments } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * assignments[0]?.index; // the row's position in `rows`
 */
export interface Assignment extends Classification {
  readonly index: number;
}

const NONE: readonly string[] = Object.freeze([]);

interface ListInterner {
  /** Runs the tests and returns the ids of those that held, frozen, shared per combination while the budget lasts. */
  run(tests: readonly Test[]): readonly string[];
  /** Index of the first test that held in the last run, or -1. */
  first: number;
}

/**
 * The most combinations of matched ids (segments, or a segment's sub-segments) one classifier
 * keeps shared arrays for: 4,096, over all its lists. A population falls into a few dozen
 * combinations; a wide model could make a new one for nearly every person, and a cache of
 * them would grow with the rows read (a stream's memory must not).
 */
const MAX_SHARED_LISTS = 4096;

/** How many more combinations a classifier may keep: one budget shared by all its interners. */
interface ListBudget {
  left: number;
}

/** Keeps `list` as the shared array of `key` while the budget lasts, and returns it. */
function keep<K>(lists: Map<K, readonly string[]>, key: K, list: readonly string[], budget: ListBudget): readonly string[] {
  if (budget.left > 0) {
    budget.left--;
    lists.set(key, list);
  }
  return list;
}

/** The ids whose bit is set in `mask`, frozen. */
function idsOfMask(ids: readonly string[], mask: number): readonly string[] {
  const list: string[] = [];
  for (let i = 0; i < ids.length; i++) if ((mask & (1 << i)) !== 0) list.push(ids[i] as string);
  return Object.freeze(list);
}

/** An interner for at most 30 tests: a combination is a bit mask. */
function narrowInterner(ids: readonly string[], budget: ListBudget): ListInterner {
  const byMask = new Map<number, readonly string[]>();
  const interner: ListInterner = {
    first: -1,
    run(tests) {
      let mask = 0;
      let first = -1;
      for (let i = 0; i < tests.length; i++) {
        if (!(tests[i] as Test)()) continue;
        if (first < 0) first = i;
        mask |= 1 << i;
      }
      interner.first = first;
      if (first < 0) return NONE;
      return byMask.get(mask) ?? keep(byMask, mask, idsOfMask(ids, mask), budget);
    },
  };
  return interner;
}

/**
 * An interner for more than 30 tests: a combination is keyed by the indices of the tests that
 * held, and its list built from those indices directly.
 */
function wideInterner(ids: readonly string[], budget: ListBudget): ListInterner {
  const byKey = new Map<string, readonly string[]>();
  const held: number[] = [];
  const interner: ListInterner = {
    first: -1,
    run(tests) {
      let count = 0;
      for (let i = 0; i < tests.length; i++) if ((tests[i] as Test)()) held[count++] = i;
      interner.first = count === 0 ? -1 : (held[0] as number);
      if (count === 0) return NONE;
      let key = '';
      for (let k = 0; k < count; k++) key += `${held[k] as number},`;
      return byKey.get(key) ?? keep(byKey, key, Object.freeze(held.slice(0, count).map((i) => ids[i] as string)), budget);
    },
  };
  return interner;
}

/**
 * Results are frozen arrays, shared per combination of ids: a million people in a few dozen
 * combinations cost a few dozen arrays. Combinations are keyed by a bit mask (or, past 30
 * tests, by the list of indices); once the budget is spent, a new combination gets a fresh
 * frozen array each time, equal to what sharing would have given.
 */
function createListInterner(ids: readonly string[], budget: ListBudget): ListInterner {
  return ids.length > 30 ? wideInterner(ids, budget) : narrowInterner(ids, budget);
}

/**
 * Compiles a checked model for one evaluation date into a fast classifier. The rules stay data;
 * compiling resolves every look-back window to a date once, gives each (marker, window) pair a
 * bit, and turns the rule tree into closures that test those bits. Classifying a person is
 * then one pass over their markers plus the rule closures.
 *
 * The model and options are checked once, here; the classifier then trusts the people it is
 * given: use it on records that passed `PersonSchema` (or `isPerson`) and are alive and born
 * on `asOf`, as `segmentPopulation` does. `classify` checks each person for you.
 *
 * @example
 * const { segmentIndex } = compileClassifier(leeds2024, { asOf: '2024-04-01' });
 * const counts = new Array(leeds2024.segments.length).fill(0);
 * for (const person of checkedPeople) counts[segmentIndex(person)]++;
 */
export function compileClassifier(model: DeepReadonly<ModelSpec> | SegmentationModel, options: EvaluationOptions): CompiledClassifier {
  const { asOf } = parseInput(EvaluationOptionsSchema, options, 'options');
  return createClassifier(defineModel(model), asOf);
}

/** {@link compileClassifier} for a model and date already checked: the batch functions' entry. */
export function createClassifier(model: SegmentationModel, asOf: IsoDate): CompiledClassifier {
  const segments = model.segments;
  const ruleOf = (segment: SegmentationModel['segments'][number]) => (segment as { rule: Rule }).rule;
  const catchAll = segments.length - 1;
  const overlays = model.overlays ?? [];
  const rules = [...segments.slice(0, catchAll).map(ruleOf), ...segments.flatMap((s) => (s.subsegments ?? []).map((sub) => sub.rule)), ...overlays.map((o) => o.rule)];
  const { compile, load, age } = createRuleEngine(asOf, rules);
  const segmentTests = segments.slice(0, catchAll).map((s) => compile(ruleOf(s)));
  const subsegmentTests = segments.map((s) => (s.subsegments ?? []).map((sub) => compile(sub.rule)));
  const reasons = segments.map((s, i) =>
    i === catchAll
      ? `${s.label}: the catch-all, as no earlier segment's rule held`
      : `${s.label}: ${describeRuleUnchecked(ruleOf(s))}`,
  );
  const segmentIndex = (person: Person): number => {
    load(person);
    for (let i = 0; i < catchAll; i++) if ((segmentTests[i] as Test)()) return i;
    return catchAll;
  };

  const budget: ListBudget = { left: MAX_SHARED_LISTS };
  const matchedLists = createListInterner(segments.map((s) => s.id), budget);
  const subsegmentLists = segments.map((s) => createListInterner((s.subsegments ?? []).map((sub) => sub.id), budget));
  const conditions = conditionPlaces(segments);
  const conditionTests = conditions.map(({ places }): Test => {
    const tests = places.map((p) => subsegmentTests[p.segment]?.[p.subsegment] as Test);
    return tests.length === 1 ? (tests[0] as Test) : () => tests.some((t) => t());
  });
  const conditionLists = createListInterner(conditions.map((c) => c.id), budget);
  const overlayTests = overlays.map((o) => compile(o.rule));
  const overlayLists = createListInterner(overlays.map((o) => o.id), budget);

  const catchAllMatch = Object.freeze([(segments[catchAll] as { id: string }).id]);

  /** Loads and classifies a person; `matched` and flags are shared, interned arrays. */
  const evaluate = (person: Person, index: number): Assignment => {
    load(person);
    const matched = matchedLists.run(segmentTests);
    const assigned = matchedLists.first;
    const segment = assigned < 0 ? catchAll : assigned;
    const held = conditionLists.run(conditionTests);
    return {
      index,
      personId: person.id,
      segment: (segments[segment] as { id: string }).id,
      matched: assigned < 0 ? catchAllMatch : matched,
      subsegments: (subsegmentLists[segment] as ListInterner).run(subsegmentTests[segment] as Test[]),
      conditions: held,
      conditionCount: held.length,
      overlays: overlayLists.run(overlayTests),
      reason: reasons[segment] as string,
      age: age(),
    };
  };

  const classify = (person: Person): Classification => {
    const { index: _, ...classification } = evaluate(person, 0);
    return classification;
  };

  return { model, asOf, classify, segmentIndex, evaluate };
}
