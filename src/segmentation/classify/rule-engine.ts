import { ageOnUnchecked, lookBackStartUnchecked, type IsoDate, type LookBack } from '../../core/dates.js';
import type { Person } from '../records/person.js';
import type { Rule } from '../model/rule.js';

/** A compiled rule: reads the person most recently loaded into its engine. */
export type Test = () => boolean;

interface MarkerCondition {
  /** Which 32-bit word of the person's marker bits, and which bit in it. */
  readonly word: number;
  readonly bit: number;
  /** First day of the look-back window; the evaluation date itself for "active now". */
  readonly start: IsoDate;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

function windowKey(within: LookBack | undefined): string {
  return within === undefined ? 'now' : 'days' in within ? `d${within.days}` : `m${within.months}`;
}

/**
 * The evaluation engine behind a compiled classifier, for one evaluation date. Every
 * (marker, look-back window) pair the rules read gets one bit; loading a person sets the bits of
 * the markers active in each window, once, and rules compile to closures that test those bits:
 * a set of markers becomes one mask, so "any of these sixteen conditions" is a single AND.
 */
export function createRuleEngine(asOf: IsoDate, rules: readonly Rule[]) {
  const conditionsByMarker = new Map<string, MarkerCondition[]>();
  const conditionByKey = new Map<string, MarkerCondition>();
  let conditions = 0;

  const register = (id: string, within: LookBack | undefined): MarkerCondition => {
    const key = `${id}\u0000${windowKey(within)}`;
    let condition = conditionByKey.get(key);
    if (condition === undefined) {
      condition = { word: conditions >>> 5, bit: 1 << (conditions & 31), start: within === undefined ? asOf : lookBackStartUnchecked(asOf, within) };
      conditions++;
      conditionByKey.set(key, condition);
      const list = conditionsByMarker.get(id);
      if (list === undefined) conditionsByMarker.set(id, [condition]);
      else list.push(condition);
    }
    return condition;
  };
  const registerAll = (rule: Rule): void => {
    if ('all' in rule) rule.all.forEach(registerAll);
    else if ('any' in rule) rule.any.forEach(registerAll);
    else if ('not' in rule) registerAll(rule.not);
    else if ('marker' in rule) register(rule.marker, rule.within);
    else if ('atLeast' in rule) for (const id of rule.of) register(id, rule.within);
  };
  rules.forEach(registerAll);

  const words = new Int32Array(Math.max(1, Math.ceil(conditions / 32)));
  const wordCount = words.length;
  let age = 0;
  let sex: string | undefined;

  /** Masks per word for a set of markers sharing a window: [word, mask, word, mask, ...]. */
  const masksOf = (ids: readonly string[], within: LookBack | undefined): number[] => {
    const byWord = new Map<number, number>();
    for (const id of ids) {
      const c = register(id, within);
      byWord.set(c.word, (byWord.get(c.word) ?? 0) | c.bit);
    }
    return [...byWord].flat();
  };

  const anyOf = (masks: number[]): Test => {
    if (masks.length === 2) {
      const [w, m] = masks as [number, number];
      return () => ((words[w] as number) & m) !== 0;
    }
    return () => {
      for (let i = 0; i < masks.length; i += 2) if (((words[masks[i] as number] as number) & (masks[i + 1] as number)) !== 0) return true;
      return false;
    };
  };
  const allOf = (masks: number[]): Test => () => {
    for (let i = 0; i < masks.length; i += 2) {
      const m = masks[i + 1] as number;
      if (((words[masks[i] as number] as number) & m) !== m) return false;
    }
    return true;
  };
  const atLeastOf = (k: number, masks: number[]): Test => () => {
    let count = 0;
    for (let i = 0; i < masks.length; i += 2) count += popcount((words[masks[i] as number] as number) & (masks[i + 1] as number));
    return count >= k;
  };

  /** Plain markers under one window, or undefined when the terms are not all such. */
  const plainMarkers = (terms: readonly Rule[]): number[] | undefined => {
    if (!terms.every((t) => 'marker' in t)) return undefined;
    const masks: number[] = [];
    for (const t of terms as readonly { marker: string; within?: LookBack }[]) masks.push(...masksOf([t.marker], t.within));
    return masks;
  };

  const compile = (rule: Rule): Test => {
    if ('all' in rule || 'any' in rule) {
      const terms = 'all' in rule ? rule.all : rule.any;
      const masks = plainMarkers(terms);
      if (masks !== undefined) return 'all' in rule ? allOf(masks) : anyOf(masks);
      const tests = terms.map(compile);
      return 'all' in rule
        ? () => {
            for (const test of tests) if (!test()) return false;
            return true;
          }
        : () => {
            for (const test of tests) if (test()) return true;
            return false;
          };
    }
    if ('not' in rule) {
      const test = compile(rule.not);
      return () => !test();
    }
    if ('marker' in rule) return anyOf(masksOf([rule.marker], rule.within));
    if ('ageAtLeast' in rule) {
      const threshold = rule.ageAtLeast;
      return () => age >= threshold;
    }
    if ('ageBelow' in rule) {
      const threshold = rule.ageBelow;
      return () => age < threshold;
    }
    if ('atLeast' in rule) {
      const masks = masksOf(rule.of, rule.within);
      return rule.atLeast === 1 ? anyOf(masks) : atLeastOf(rule.atLeast, masks);
    }
    const sexes = new Set<string>(typeof rule.sex === 'string' ? [rule.sex] : rule.sex);
    return () => sex !== undefined && sexes.has(sex);
  };

  /** Makes `person` the one the compiled rules read: age, sex, and the bits of active markers. */
  const load = (person: Person): void => {
    age = ageOnUnchecked(person.birthDate, asOf);
    sex = person.sex;
    for (let i = 0; i < wordCount; i++) words[i] = 0;
    const markers = person.markers;
    for (let i = 0; i < markers.length; i++) {
      const entry = markers[i] as Person['markers'][number];
      if (typeof entry === 'string') {
        const list = conditionsByMarker.get(entry);
        if (list !== undefined) for (const c of list) (words[c.word] as number) |= c.bit;
        continue;
      }
      const list = conditionsByMarker.get(entry.id);
      if (list === undefined) continue;
      const { from, to } = entry;
      if (from !== undefined && from > asOf) continue;
      for (const c of list) if (to === undefined || to >= c.start) (words[c.word] as number) |= c.bit;
    }
  };

  return { compile, load, age: () => age };
}
