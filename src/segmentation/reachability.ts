import type { LookBack } from '../core/dates.js';
import type { Rule } from './rule.js';

/**
 * Decides whether a combination of rules can ever hold for some person on some date: the check
 * behind "unreachable segment" errors. Rules are small propositional formulas over three kinds of
 * atom, each with its own consistency law:
 * - marker atoms (marker m active within window w): active in a shorter window implies active in
 *   every window that surely contains it (a window of n months spans 28n to 31n days);
 * - age atoms (age >= t): age >= t implies age >= s for every s < t, and age >= 0 always holds;
 * - sex atoms (sex = v): at most one holds (sex may also be unrecorded).
 * A backtracking search over the atoms a formula mentions settles satisfiability exactly, within
 * those laws. Window pairs whose containment depends on the date (30 days against one month) are
 * treated as independent, so the check can only err towards "reachable", never reject a model
 * that is in fact sound.
 */

type Atom =
  | { kind: 'marker'; id: string; minDays: number; maxDays: number }
  | { kind: 'age'; atLeast: number }
  | { kind: 'sex'; value: string };

export type Formula =
  | { op: 'and'; terms: Formula[] }
  | { op: 'or'; terms: Formula[] }
  | { op: 'not'; term: Formula }
  | { op: 'atom'; atom: number }
  | { op: 'atLeast'; k: number; atoms: number[] }
  | { op: 'const'; value: boolean };

const TRUE: Formula = { op: 'const', value: true };

/** Turns rules into formulas over a shared, de-duplicated table of atoms. */
export function createFormulaBuilder() {
  const atoms: Atom[] = [];
  const index = new Map<string, number>();

  const atom = (key: string, make: () => Atom): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = atoms.length;
      atoms.push(make());
      index.set(key, i);
    }
    return i;
  };
  const markerAtom = (id: string, within: LookBack | undefined): number => {
    const [minDays, maxDays] =
      within === undefined ? [0, 0] : 'days' in within ? [within.days, within.days] : [28 * within.months, 31 * within.months];
    const key = `m|${id}|${within === undefined ? 0 : 'days' in within ? `d${within.days}` : `m${within.months}`}`;
    return atom(key, () => ({ kind: 'marker', id, minDays, maxDays }));
  };
  const ageAtom = (t: number): Formula => (t <= 0 ? TRUE : { op: 'atom', atom: atom(`a|${t}`, () => ({ kind: 'age', atLeast: t })) });

  const build = (rule: Rule): Formula => {
    if ('all' in rule) return { op: 'and', terms: rule.all.map(build) };
    if ('any' in rule) return { op: 'or', terms: rule.any.map(build) };
    if ('not' in rule) return { op: 'not', term: build(rule.not) };
    if ('marker' in rule) return { op: 'atom', atom: markerAtom(rule.marker, rule.within) };
    if ('ageAtLeast' in rule) return ageAtom(rule.ageAtLeast);
    if ('ageBelow' in rule) return { op: 'not', term: ageAtom(rule.ageBelow) };
    if ('atLeast' in rule) {
      // Sorted, so that the same set written in another order is the same formula.
      return { op: 'atLeast', k: rule.atLeast, atoms: rule.of.map((id) => markerAtom(id, rule.within)).sort((a, b) => a - b) };
    }
    const sexes = typeof rule.sex === 'string' ? [rule.sex] : rule.sex;
    return { op: 'or', terms: sexes.map((value) => ({ op: 'atom', atom: atom(`s|${value}`, () => ({ kind: 'sex', value })) })) };
  };

  return { atoms: atoms as readonly Atom[], build };
}

/** Whether atom `a` being true forces atom `b` true (a implies b). */
function implies(a: Atom, b: Atom): boolean {
  if (a.kind === 'marker' && b.kind === 'marker') return a.id === b.id && a.maxDays <= b.minDays;
  if (a.kind === 'age' && b.kind === 'age') return a.atLeast >= b.atLeast;
  return false;
}

function conflicts(a: Atom, va: boolean, b: Atom, vb: boolean): boolean {
  if (va && !vb && implies(a, b)) return true;
  if (vb && !va && implies(b, a)) return true;
  return a.kind === 'sex' && b.kind === 'sex' && va && vb && a.value !== b.value;
}

const UNKNOWN = 2;
type Truth = 0 | 1 | typeof UNKNOWN;

function evaluate(f: Formula, values: Int8Array): Truth {
  switch (f.op) {
    case 'const':
      return f.value ? 1 : 0;
    case 'atom': {
      const v = values[f.atom] as number;
      return v < 0 ? UNKNOWN : (v as 0 | 1);
    }
    case 'not': {
      const v = evaluate(f.term, values);
      return v === UNKNOWN ? UNKNOWN : v === 1 ? 0 : 1;
    }
    case 'and': {
      let result: Truth = 1;
      for (const t of f.terms) {
        const v = evaluate(t, values);
        if (v === 0) return 0;
        if (v === UNKNOWN) result = UNKNOWN;
      }
      return result;
    }
    case 'or': {
      let result: Truth = 0;
      for (const t of f.terms) {
        const v = evaluate(t, values);
        if (v === 1) return 1;
        if (v === UNKNOWN) result = UNKNOWN;
      }
      return result;
    }
    case 'atLeast': {
      let yes = 0;
      let open = 0;
      for (const a of f.atoms) {
        const v = values[a] as number;
        if (v === 1) yes++;
        else if (v < 0) open++;
      }
      return yes >= f.k ? 1 : yes + open < f.k ? 0 : UNKNOWN;
    }
  }
}

function firstOpenAtom(f: Formula, values: Int8Array): number {
  switch (f.op) {
    case 'const':
      return -1;
    case 'atom':
      return (values[f.atom] as number) < 0 ? f.atom : -1;
    case 'not':
      return firstOpenAtom(f.term, values);
    case 'atLeast':
      return f.atoms.find((a) => (values[a] as number) < 0) ?? -1;
    default:
      for (const t of f.terms) {
        const a = firstOpenAtom(t, values);
        if (a >= 0) return a;
      }
      return -1;
  }
}

/**
 * The search gives up (answering "satisfiable") after this many branches: never a false error,
 * and never more than a fraction of a second per segment. Only rules that combine thresholds
 * over large marker sets (say, at least 20 of 40 markers, against another such rule) reach it.
 */
const SEARCH_LIMIT = 50_000;

function keyOf(f: Formula): string {
  return JSON.stringify(f);
}

/**
 * Settles what structure alone settles before any search: an `and` holding a formula and its
 * own negation is false, an `or` holding both is true. This catches a segment written as an
 * earlier one's rule again (in any order of markers), however large the rule.
 */
function simplify(f: Formula): Formula {
  if (f.op === 'not') return { op: 'not', term: simplify(f.term) };
  if (f.op !== 'and' && f.op !== 'or') return f;
  const terms = f.terms.map(simplify);
  const keys = new Set(terms.map(keyOf));
  const clash = terms.some((t) => t.op === 'not' && keys.has(keyOf(t.term)));
  return clash ? { op: 'const', value: f.op === 'or' } : { op: f.op, terms };
}

/**
 * True when some consistent assignment of the atoms makes `formula` true, or when the search
 * limit is reached before it could prove otherwise.
 */
export function isSatisfiable(input: Formula, atoms: readonly Atom[]): boolean {
  const formula = simplify(input);
  const values = new Int8Array(atoms.length).fill(-1);
  const assigned: number[] = [];
  let budget = SEARCH_LIMIT;

  const consistent = (i: number, v: boolean): boolean => {
    const a = atoms[i] as Atom;
    return assigned.every((j) => !conflicts(a, v, atoms[j] as Atom, values[j] === 1));
  };

  const search = (): boolean => {
    if (--budget < 0) return true;
    const truth = evaluate(formula, values);
    if (truth !== UNKNOWN) return truth === 1;
    const i = firstOpenAtom(formula, values);
    for (const v of [true, false]) {
      if (!consistent(i, v)) continue;
      values[i] = v ? 1 : 0;
      assigned.push(i);
      const found = search();
      assigned.pop();
      values[i] = -1;
      if (found) return true;
    }
    return false;
  };

  return search();
}
