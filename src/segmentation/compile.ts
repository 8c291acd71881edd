import { lookBackStart, type IsoDate, type LookBack } from '../core/dates.js';
import type { SegmentationModel } from './model.js';
import type { Person } from './person.js';
import { describeRule, type Rule } from './rule.js';

/** The segment one person is in on the evaluation date, and why. */
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
  /** Which rule decided, in words. */
  readonly reason: string;
  /** Whole years of age on the evaluation date. */
  readonly age: number;
}

/** A model compiled for one evaluation date: classify many people fast. */
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

type Test = () => boolean;
interface MarkerCondition {
  readonly slot: number;
  /** First day of the look-back window; the evaluation date itself for "active now". */
  readonly start: IsoDate;
}

/** The year of a valid ISO date, read without allocating. */
function yearOf(iso: string): number {
  return (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + iso.charCodeAt(3) - 48;
}

/** Month and day of a valid ISO date as one comparable number, MMDD. */
function monthDayOf(iso: string): number {
  return (iso.charCodeAt(5) - 48) * 1000 + (iso.charCodeAt(6) - 48) * 100 + (iso.charCodeAt(8) - 48) * 10 + iso.charCodeAt(9) - 48;
}

/** A classification with the position of the person's row in the input. */
export interface Assignment extends Classification {
  readonly index: number;
}

const NONE: readonly string[] = Object.freeze([]);

interface ListInterner {
  /** Runs the tests and returns the ids of those that held, as one shared frozen array per combination. */
  run(tests: readonly Test[]): readonly string[];
  /** Index of the first test that held in the last run, or -1. */
  first: number;
}

/**
 * Results are shared, frozen arrays, one per combination of ids: a million people in a few
 * dozen combinations cost a few dozen arrays. Combinations are keyed by a bit mask (or, past
 * 30 tests, by the list of indices).
 */
function createListInterner(ids: readonly string[]): ListInterner {
  const byKey = new Map<number | string, readonly string[]>();
  const wide = ids.length > 30;
  const interner: ListInterner = {
    first: -1,
    run(tests) {
      let mask = 0;
      let key = '';
      interner.first = -1;
      for (let i = 0; i < tests.length; i++) {
        if ((tests[i] as Test)()) {
          if (interner.first < 0) interner.first = i;
          if (wide) key += `${i},`;
          else mask |= 1 << i;
        }
      }
      if (interner.first < 0) return NONE;
      const k = wide ? key : mask;
      let list = byKey.get(k);
      if (list === undefined) {
        list = Object.freeze(ids.filter((_, i) => (wide ? key.split(',').includes(String(i)) : (mask & (1 << i)) !== 0)));
        byKey.set(k, list);
      }
      return list;
    },
  };
  return interner;
}

/**
 * Compiles a checked model for one evaluation date into a fast classifier. The rules stay data;
 * compiling resolves every look-back window to a date once, gives each (marker, window) pair a
 * slot, and turns the rule tree into closures that read those slots. Classifying a person is
 * then one pass over their markers plus the rule closures.
 *
 * The classifier trusts its input: use it on records that passed {@link PersonSchema} and are
 * alive and born on `asOf` (as `segmentPopulation` does); `classify` checks for you.
 */
export function compileClassifier(model: SegmentationModel, asOf: IsoDate): CompiledClassifier {
  const conditionsByMarker = new Map<string, MarkerCondition[]>();
  const slotByKey = new Map<string, number>();
  const stamps: number[] = [];
  let serial = 0;
  let age = 0;
  let sex: string | undefined;

  const slotFor = (id: string, within: LookBack | undefined): number => {
    const start = within === undefined ? asOf : lookBackStart(asOf, within);
    const key = `${id}\u0000${start}`;
    let slot = slotByKey.get(key);
    if (slot === undefined) {
      slot = stamps.length;
      stamps.push(0);
      slotByKey.set(key, slot);
      const list = conditionsByMarker.get(id) ?? [];
      list.push({ slot, start });
      conditionsByMarker.set(id, list);
    }
    return slot;
  };

  const compile = (rule: Rule): Test => {
    if ('all' in rule) {
      const tests = rule.all.map(compile);
      return () => {
        for (const test of tests) if (!test()) return false;
        return true;
      };
    }
    if ('any' in rule) {
      const tests = rule.any.map(compile);
      return () => {
        for (const test of tests) if (test()) return true;
        return false;
      };
    }
    if ('not' in rule) {
      const test = compile(rule.not);
      return () => !test();
    }
    if ('marker' in rule) {
      const slot = slotFor(rule.marker, rule.within);
      return () => stamps[slot] === serial;
    }
    if ('ageAtLeast' in rule) {
      const threshold = rule.ageAtLeast;
      return () => age >= threshold;
    }
    if ('ageBelow' in rule) {
      const threshold = rule.ageBelow;
      return () => age < threshold;
    }
    if ('atLeast' in rule) {
      const slots = rule.of.map((id) => slotFor(id, rule.within));
      const k = rule.atLeast;
      return () => {
        let count = 0;
        for (const slot of slots) if (stamps[slot] === serial && ++count >= k) return true;
        return false;
      };
    }
    const sexes = new Set<string>(typeof rule.sex === 'string' ? [rule.sex] : rule.sex);
    return () => sex !== undefined && sexes.has(sex);
  };

  const segments = model.segments;
  const catchAll = segments.length - 1;
  const segmentTests = segments.slice(0, catchAll).map((s) => compile((s as { rule: Rule }).rule));
  const subsegmentTests = segments.map((s) => (s.subsegments ?? []).map((sub) => compile(sub.rule)));
  const reasons = segments.map((s, i) =>
    i === catchAll
      ? `${s.label}: the catch-all, as no earlier segment's rule held`
      : `${s.label}: ${describeRule((s as { rule: Rule }).rule)}`,
  );
  const asOfYear = Number(asOf.slice(0, 4));
  const asOfMonthDay = monthDayOf(asOf);

  /** Reads the person's markers into the slots and sets age and sex for the rule closures. */
  const load = (person: Person) => {
    serial++;
    const birth = person.birthDate;
    age = asOfYear - yearOf(birth) - (asOfMonthDay < monthDayOf(birth) ? 1 : 0);
    sex = person.sex;
    for (const entry of person.markers) {
      if (typeof entry === 'string') {
        const conditions = conditionsByMarker.get(entry);
        if (conditions !== undefined) for (const c of conditions) stamps[c.slot] = serial;
        continue;
      }
      const conditions = conditionsByMarker.get(entry.id);
      if (conditions === undefined) continue;
      const { from, to } = entry;
      if (from !== undefined && from > asOf) continue;
      for (const c of conditions) if (to === undefined || to >= c.start) stamps[c.slot] = serial;
    }
  };

  const segmentIndex = (person: Person): number => {
    load(person);
    for (let i = 0; i < catchAll; i++) if ((segmentTests[i] as Test)()) return i;
    return catchAll;
  };

  const matchedLists = createListInterner(segments.map((s) => s.id));
  const subsegmentLists = segments.map((s) => createListInterner((s.subsegments ?? []).map((sub) => sub.id)));

  /** Classifies the loaded person: the segment index, with `matched` and flags interned. */
  const evaluate = (person: Person, index: number): Assignment => {
    load(person);
    const matched = matchedLists.run(segmentTests);
    const assigned = matchedLists.first;
    const segment = assigned < 0 ? catchAll : assigned;
    return {
      index,
      personId: person.id,
      segment: (segments[segment] as { id: string }).id,
      matched: assigned < 0 ? catchAllMatch : matched,
      subsegments: (subsegmentLists[segment] as ListInterner).run(subsegmentTests[segment] as Test[]),
      reason: reasons[segment] as string,
      age,
    };
  };
  const catchAllMatch = Object.freeze([(segments[catchAll] as { id: string }).id]);

  const classify = (person: Person): Classification => {
    const { index: _, ...classification } = evaluate(person, 0);
    return classification;
  };

  return { model, asOf, classify, segmentIndex, evaluate };
}
