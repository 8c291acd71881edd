import type { LookBack } from '../../core/dates.js';
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

type AtomFields =
  | { kind: 'marker'; id: string; minDays: number; maxDays: number }
  | { kind: 'age'; atLeast: number }
  | { kind: 'sex'; value: string };

type Atom = AtomFields & {
  /** The related atoms' group: a marker's windows are related, as are all ages, and all sexes. */
  group: number;
};

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
  const groups = new Map<string, number>();

  const atom = (key: string, make: () => AtomFields): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = atoms.length;
      const made = make();
      const groupKey = made.kind === 'marker' ? `m|${made.id}` : made.kind;
      let group = groups.get(groupKey);
      if (group === undefined) {
        group = groups.size;
        groups.set(groupKey, group);
      }
      atoms.push({ ...made, group } as Atom);
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
 * Each search gives up (answering "satisfiable") after this many branches: never a false error.
 * Only rules that combine thresholds over large marker sets (say, at least 20 of 40 markers,
 * against another such rule) reach it.
 */
const SEARCH_LIMIT = 50_000;

/**
 * The work one model's checks may do in all, in conjuncts grouped, formula nodes evaluated and
 * atom pairs compared: a second or two on a slow machine. Once it is spent, every check left answers "satisfiable",
 * so that a model of any size is checked in bounded time and never refused in error.
 */
export const REACHABILITY_WORK_LIMIT = 2_000_000;

/** What is left of a model's {@link REACHABILITY_WORK_LIMIT}, shared by all of its checks. */
export interface WorkBudget {
  left: number;
  /** Each atom's value in the search under way (-1 open), kept between checks: all -1 between them. */
  values: Int8Array;
}

/** A fresh budget for one model's checks. */
export function createWorkBudget(limit = REACHABILITY_WORK_LIMIT): WorkBudget {
  return { left: limit, values: new Int8Array(0) };
}

const keys = new WeakMap<Formula, string>();

/** A formula's text, for comparing structure; formulas are immutable, so each is written once. */
function keyOf(f: Formula): string {
  let key = keys.get(f);
  if (key === undefined) {
    key = JSON.stringify(f);
    keys.set(f, key);
  }
  return key;
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
  const seen = new Set(terms.map(keyOf));
  const clash = terms.some((t) => t.op === 'not' && seen.has(keyOf(t.term)));
  return clash ? { op: 'const', value: f.op === 'or' } : { op: f.op, terms };
}

/**
 * The conjuncts of a formula, nested `and`s opened, double negations removed and `not (a or
 * b)` read as `not a and not b`, so that literals at the top are seen as the facts they are.
 */
function conjunctsOf(f: Formula, out: Formula[] = []): Formula[] {
  const stack: Formula[] = [f];
  while (stack.length > 0) {
    const g = stack.pop() as Formula;
    if (g.op === 'and') for (let i = g.terms.length - 1; i >= 0; i--) stack.push(g.terms[i] as Formula);
    else if (g.op === 'not' && g.term.op === 'not') stack.push(g.term.term);
    else if (g.op === 'not' && g.term.op === 'or') for (let i = g.term.terms.length - 1; i >= 0; i--) stack.push({ op: 'not', term: g.term.terms[i] as Formula });
    else if (!(g.op === 'const' && g.value)) out.push(g);
  }
  return out;
}

const atomSets = new WeakMap<Formula, readonly number[]>();

/** The atoms a formula mentions, each once; remembered per formula, as a model reuses its rules. */
function atomsOf(f: Formula): readonly number[] {
  if (f.op === 'not') return atomsOf(f.term);
  let found = atomSets.get(f);
  if (found === undefined) {
    const set = new Set<number>();
    const stack: Formula[] = [f];
    while (stack.length > 0) {
      const g = stack.pop() as Formula;
      if (g.op === 'atom') set.add(g.atom);
      else if (g.op === 'atLeast') for (const a of g.atoms) set.add(a);
      else if (g.op === 'not') stack.push(g.term);
      else if (g.op === 'and' || g.op === 'or') for (const t of g.terms) stack.push(t);
    }
    found = [...set];
    atomSets.set(f, found);
  }
  return found;
}

const groupSets = new WeakMap<Formula, readonly number[]>();

/** The groups of the atoms a formula mentions, each once; remembered per formula, as {@link atomsOf}. */
function groupsIn(f: Formula, atoms: readonly Atom[]): readonly number[] {
  if (f.op === 'not') return groupsIn(f.term, atoms);
  let found = groupSets.get(f);
  if (found === undefined) {
    found = [...new Set(atomsOf(f).map((a) => (atoms[a] as Atom).group))];
    groupSets.set(f, found);
  }
  return found;
}

function sizeOf(f: Formula): number {
  let size = 0;
  const stack: Formula[] = [f];
  while (stack.length > 0) {
    const g = stack.pop() as Formula;
    size += g.op === 'atLeast' ? g.atoms.length : 1;
    if (g.op === 'not') stack.push(g.term);
    else if (g.op === 'and' || g.op === 'or') for (const t of g.terms) stack.push(t);
  }
  return size;
}

/**
 * Checks a model's segments in precedence order: `canHold(f)` says whether `f` can hold for
 * someone no earlier segment took, and `takeAfter(rule)` adds a segment's rule to what the
 * earlier segments take. True answers include "the search or the model's work budget ran out".
 *
 * What the earlier segments leave is the conjunction of their rules' negations. It is kept in
 * groups that share no related atoms, each known satisfiable (else no one is left at all), so
 * a question is searched only over the groups its own atoms touch: a conjunction is
 * satisfiable exactly when each independent part is. 5,000 segments that each read their own
 * marker are 5,000 questions of one atom each, not searches over thousands of atoms.
 *
 * @example
 * const check = createReachabilityCheck(atoms, createWorkBudget());
 * for (const rule of rules) { if (!check.canHold(rule)) report(); check.takeAfter(rule); }
 */
export function createReachabilityCheck(atoms: readonly Atom[], budget: WorkBudget) {
  // Union-find over atom groups, and the conjuncts left by earlier segments in each root's group.
  const parent = new Map<number, number>();
  const members = new Map<number, Formula[]>();
  const earlierKeys = new Set<string>();
  let noneLeft = false;

  const find = (x: number): number => {
    if (!parent.has(x)) return x;
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) as number;
    for (let y = x; y !== root; ) {
      const next = parent.get(y) as number;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  const union = (a: number, b: number): number => {
    const [x, y] = [find(a), find(b)];
    if (!parent.has(x)) parent.set(x, x);
    if (!parent.has(y)) parent.set(y, y);
    if (x === y) return x;
    // The larger list absorbs the smaller, so that a conjunct moves O(log n) times in all.
    const [keep, fold] = (members.get(x)?.length ?? 0) >= (members.get(y)?.length ?? 0) ? [x, y] : [y, x];
    parent.set(fold, keep);
    const folded = members.get(fold);
    if (folded !== undefined) {
      const kept = members.get(keep);
      if (kept === undefined) members.set(keep, folded);
      else for (const c of folded) kept.push(c);
      members.delete(fold);
    }
    return keep;
  };
  const values = (): Int8Array => {
    // One array for every search of a model: a search leaves it as it found it.
    if (budget.values.length < atoms.length) budget.values = new Int8Array(Math.max(atoms.length, 2 * budget.values.length)).fill(-1);
    return budget.values;
  };

  const canHold = (formula: Formula): boolean => {
    if (noneLeft) return false;
    if (budget.left <= 0) return true;
    const simple = simplify(formula);
    // A segment written as an earlier one's rule again, in any order of markers.
    if (earlierKeys.has(keyOf(simple))) return false;
    const own = conjunctsOf(simple);
    budget.left -= own.length;
    if (own.some((c) => isFalse(c, atoms, values()))) return false;
    // Own conjuncts grouped with each other and with the earlier groups their atoms touch.
    const local = new Map<number, number>();
    const localFind = (x: number): number => {
      let root = x;
      while (local.has(root) && local.get(root) !== root) root = local.get(root) as number;
      return root;
    };
    const rootsOf = own.map((c) => [...new Set(groupsIn(c, atoms).map(find))]);
    for (const roots of rootsOf) {
      for (const r of roots) if (!local.has(r)) local.set(r, r);
      for (let i = 1; i < roots.length; i++) {
        const a = localFind(roots[0] as number);
        const b = localFind(roots[i] as number);
        if (a !== b) local.set(b, a);
      }
    }
    const parts = new Map<number, Formula[]>();
    own.forEach((c, i) => {
      const roots = rootsOf[i] as number[];
      const key = roots.length === 0 ? -1 - i : localFind(roots[0] as number);
      const part = parts.get(key);
      if (part === undefined) parts.set(key, [c]);
      else part.push(c);
    });
    // Each earlier group joins the part its root's local component leads.
    for (const r of local.keys()) {
      const earlier = members.get(r);
      if (earlier !== undefined) for (const c of earlier) (parts.get(localFind(r)) as Formula[]).push(c);
    }
    budget.left -= parts.size;
    return [...parts.values()].every((part) => searchGroup(part, atoms, values(), budget));
  };

  const takeAfter = (formula: Formula): void => {
    const simple = simplify(formula);
    earlierKeys.add(keyOf(simple));
    const left = conjunctsOf(simplify({ op: 'not', term: simple }));
    budget.left -= left.length;
    if (left.some((c) => isFalse(c, atoms, values()))) {
      noneLeft = true;
      return;
    }
    const touched = new Set<number>();
    for (const c of left) {
      const groups = groupsIn(c, atoms);
      if (groups.length === 0) continue;
      let root = find(groups[0] as number);
      for (const g of groups) root = union(root, g);
      const list = members.get(root);
      if (list === undefined) members.set(root, [c]);
      else list.push(c);
      touched.add(root);
    }
    // Each group that changed must still leave someone, or no later segment can be reached.
    for (const root of new Set([...touched].map(find))) {
      if (budget.left <= 0) return;
      if (!searchGroup(members.get(root) ?? [], atoms, values(), budget)) noneLeft = true;
    }
  };

  return { canHold, takeAfter };
}

/**
 * Whether a conjunct that mentions no atom is false (`not` of an `or` holding an age of 0 or
 * more, say): with nothing to assign, it is what it evaluates to. One with atoms is searched.
 */
function isFalse(conjunct: Formula, atoms: readonly Atom[], values: Int8Array): boolean {
  return groupsIn(conjunct, atoms).length === 0 && evaluate(conjunct, values) === 0;
}

/**
 * Atoms a search may assign before it gives up (answering "satisfiable"): deeper searches would
 * risk the call stack. Literals at the top of a formula are assigned without searching, so only
 * a formula that needs thousands of guesses reaches it.
 */
const SEARCH_DEPTH_LIMIT = 2_000;

/** An atom or its negation, as a conjunct: a fact to assign rather than to search. */
function literalOf(f: Formula): { atom: number; value: boolean } | undefined {
  if (f.op === 'atom') return { atom: f.atom, value: true };
  if (f.op === 'not' && f.term.op === 'atom') return { atom: f.term.atom, value: false };
  return undefined;
}

/**
 * Assigns the literal conjuncts of a group, or returns false when they contradict each other
 * (an atom both true and false, or two related atoms against their law). Checked per kind of
 * atom in one pass each, not pair by pair: the shortest true window against the longest false
 * one, the highest true age against the lowest false one, and at most one true sex.
 */
function assignLiterals(literals: readonly { atom: number; value: boolean }[], atoms: readonly Atom[], values: Int8Array, assigned: number[]): boolean {
  let consistent = true;
  for (const { atom, value } of literals) {
    const v = values[atom] as number;
    if (v >= 0) {
      if (v !== (value ? 1 : 0)) consistent = false;
      continue;
    }
    values[atom] = value ? 1 : 0;
    assigned.push(atom);
  }
  if (!consistent) return false;
  const markers = new Map<string, { shortestTrue: number; longestFalse: number }>();
  let ageTrue = -Infinity;
  let ageFalse = Infinity;
  let sex: string | undefined;
  for (const i of assigned) {
    const a = atoms[i] as Atom;
    const on = values[i] === 1;
    if (a.kind === 'marker') {
      const bounds = markers.get(a.id) ?? { shortestTrue: Infinity, longestFalse: -Infinity };
      // A true atom forces every window that surely contains it: one whose shortest span is at
      // least the true window's longest.
      if (on) bounds.shortestTrue = Math.min(bounds.shortestTrue, a.maxDays);
      else bounds.longestFalse = Math.max(bounds.longestFalse, a.minDays);
      markers.set(a.id, bounds);
    } else if (a.kind === 'age') {
      if (on) ageTrue = Math.max(ageTrue, a.atLeast);
      else ageFalse = Math.min(ageFalse, a.atLeast);
    } else if (on) {
      if (sex !== undefined && sex !== a.value) return false;
      sex = a.value;
    }
  }
  if (ageTrue >= ageFalse) return false;
  for (const { shortestTrue, longestFalse } of markers.values()) if (shortestTrue <= longestFalse) return false;
  return true;
}

/** The backtracking search over one group of related conjuncts; leaves `values` as it found them. */
function searchGroup(group: readonly Formula[], atoms: readonly Atom[], values: Int8Array, budget: WorkBudget): boolean {
  const literals: { atom: number; value: boolean }[] = [];
  const rest: Formula[] = [];
  for (const conjunct of group) {
    const literal = literalOf(conjunct);
    if (literal === undefined) rest.push(conjunct);
    else literals.push(literal);
  }
  const assigned: number[] = [];
  budget.left -= group.length;
  try {
    if (!assignLiterals(literals, atoms, values, assigned)) return false;
    if (rest.length === 0) return true;
    return search(rest.length === 1 ? (rest[0] as Formula) : { op: 'and', terms: rest }, atoms, values, assigned, budget);
  } finally {
    for (const i of assigned) values[i] = -1;
  }
}

function search(formula: Formula, atoms: readonly Atom[], values: Int8Array, assigned: number[], budget: WorkBudget): boolean {
  const size = sizeOf(formula);
  const fixed = assigned.length;
  let branches = SEARCH_LIMIT;

  const consistent = (i: number, v: boolean): boolean => {
    budget.left -= assigned.length;
    const a = atoms[i] as Atom;
    return assigned.every((j) => !conflicts(a, v, atoms[j] as Atom, values[j] === 1));
  };

  const step = (): boolean => {
    budget.left -= size;
    if (--branches < 0 || budget.left < 0 || assigned.length - fixed > SEARCH_DEPTH_LIMIT) return true;
    const truth = evaluate(formula, values);
    if (truth !== UNKNOWN) return truth === 1;
    const i = firstOpenAtom(formula, values);
    for (const v of [true, false]) {
      if (!consistent(i, v)) continue;
      values[i] = v ? 1 : 0;
      assigned.push(i);
      const found = step();
      assigned.pop();
      values[i] = -1;
      if (found) return true;
    }
    return false;
  };

  return step();
}
