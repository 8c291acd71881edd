import Decimal from 'decimal.js';
import type { IsoDate } from '../../core/dates.js';
import type { RegisterRule, ScoreComparison } from '../rules/rule.js';
import { describeWindow, windowStart } from '../rules/window.js';
import { normaliseCode, type CodeSystemId } from '../codelists/code-systems.js';

/** One person's events of one codelist, on or before `asOf`, in the order they came. */
export interface CodelistEvents {
  readonly dates: string[];
  readonly codes: string[];
  readonly values: (number | undefined)[];
}

/** What a rule reads of one person: their events by codelist index, and their age on `asOf`. */
export interface PersonEvents {
  readonly slots: readonly (CodelistEvents | undefined)[];
  readonly age: number;
}

/**
 * An event that decided a rule: its codelist, code and date, with its value where it has one.
 *
 * @example
 * const evidence: RegisterEvidence = { codelist: 'DM_COD', code: '44054006', date: '2019-03-02' };
 */
export interface RegisterEvidence {
  readonly codelist: string;
  readonly code: string;
  readonly date: IsoDate;
  readonly value?: number;
}

/** A rule compiled for one `asOf`: whether it holds for a person, and why. */
export interface CompiledRule {
  readonly holds: (p: PersonEvents) => boolean;
  /** For a rule that holds: the events that decided it and the words that say so. */
  readonly explain: (p: PersonEvents) => { evidence: RegisterEvidence[]; text: string };
  /** For a score, or a rule with a score in it: the (first) score in exact decimal words. */
  readonly score?: (p: PersonEvents) => string;
}

/** Scores are summed in millionths (weights have at most six decimal places), so sums are exact integers. */
const SCALE = 1_000_000;

export function scaled(decimal: string): number {
  return new Decimal(decimal).times(SCALE).toNumber();
}

/**
 * The integer bounds on a score's scaled sum that its cut-offs allow: `sum / divisor > c` is
 * `sum > c * divisor`, and as the sum is a whole number of millionths each cut-off becomes a
 * whole-number bound, so that TypeScript and SQL compare integers and agree to the last unit.
 */
export function scoreBounds(divisor: string | undefined, cut: ScoreComparison): { min: number; max: number } {
  const d = new Decimal(divisor ?? '1');
  const at = (c: string) => new Decimal(c).times(d).times(SCALE);
  let min = -Infinity;
  let max = Infinity;
  if (cut.atLeast !== undefined) min = Math.max(min, at(cut.atLeast).ceil().toNumber());
  if (cut.above !== undefined) min = Math.max(min, at(cut.above).floor().toNumber() + 1);
  if (cut.atMost !== undefined) max = Math.min(max, at(cut.atMost).floor().toNumber());
  if (cut.below !== undefined) max = Math.min(max, at(cut.below).ceil().toNumber() - 1);
  return { min, max };
}

/** The exact score `sum / divisor` in decimal words, to at most 6 places. */
export function scoreText(sum: number, divisor: string | undefined): string {
  return new Decimal(sum).dividedBy(SCALE).dividedBy(divisor ?? '1').toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed();
}

const names = (list: string | readonly string[]) => (typeof list === 'string' ? [list] : list);
const evidenceAt = (codelist: string, slot: CodelistEvents, i: number): RegisterEvidence => {
  const value = slot.values[i];
  const base = { codelist, code: slot.codes[i] as string, date: slot.dates[i] as string };
  return value === undefined ? base : { ...base, value };
};
const said = (e: RegisterEvidence) => `${e.codelist} ${e.code} on ${e.date}${e.value === undefined ? '' : ` (value ${e.value})`}`;

/**
 * Whether event `i` of a slot is told before event `j` of the same day: the lower code, then
 * the higher value (an event without one last). The evidence of a reason is then the same
 * whatever order the events came in.
 */
export function firstOnTie(slot: CodelistEvents, i: number, j: number): boolean {
  const a = slot.codes[i] as string;
  const b = slot.codes[j] as string;
  if (a !== b) return a < b;
  const v = slot.values[i];
  const w = slot.values[j];
  return v !== undefined && (w === undefined || v > w);
}

/** The index of the latest event of a slot on or after `start` (on a tie of dates, see {@link firstOnTie}); -1 if none. */
function latestIn(slot: CodelistEvents | undefined, start: string): number {
  if (slot === undefined) return -1;
  let best = -1;
  let bestDate = '';
  const { dates } = slot;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i] as string;
    if (d < start) continue;
    if (d > bestDate || (d === bestDate && firstOnTie(slot, i, best))) {
      best = i;
      bestDate = d;
    }
  }
  return best;
}

/** The latest date among several slots, or '' when none has an event. */
function latestOf(p: PersonEvents, indices: readonly number[]): string {
  let latest = '';
  for (const i of indices) {
    const at = latestIn(p.slots[i], '');
    if (at >= 0) {
      const d = (p.slots[i] as CodelistEvents).dates[at] as string;
      if (d > latest) latest = d;
    }
  }
  return latest;
}

/**
 * Compiles a checked rule for one evaluation date. Windows become their first day, score
 * cut-offs integer bounds, codelist names slot indices: the per-person work is comparisons of
 * ISO date strings, which order as the dates do.
 */
export function compileRegisterRule(rule: RegisterRule, slotOf: (name: string) => number, asOf: IsoDate, systemOf: (name: string) => CodeSystemId): CompiledRule {
  if ('all' in rule) {
    const terms = rule.all.map((r) => compileRegisterRule(r, slotOf, asOf, systemOf));
    return {
      holds: (p) => terms.every((t) => t.holds(p)),
      explain: (p) => join(terms.map((t) => t.explain(p)), ' and '),
      ...firstScore(terms),
    };
  }
  if ('any' in rule) {
    const terms = rule.any.map((r) => compileRegisterRule(r, slotOf, asOf, systemOf));
    return {
      holds: (p) => terms.some((t) => t.holds(p)),
      explain: (p) => (terms.find((t) => t.holds(p)) as CompiledRule).explain(p),
      ...firstScore(terms),
    };
  }
  if ('not' in rule) {
    const inner = compileRegisterRule(rule.not, slotOf, asOf, systemOf);
    return { holds: (p) => !inner.holds(p), explain: () => ({ evidence: [], text: `not (${describeRegisterRuleBriefly(rule.not)})` }) };
  }
  if ('ageAtLeast' in rule) {
    const years = rule.ageAtLeast;
    return { holds: (p) => p.age >= years, explain: (p) => ({ evidence: [], text: `aged ${p.age} (at least ${years})` }) };
  }
  if ('ageBelow' in rule) {
    const years = rule.ageBelow;
    return { holds: (p) => p.age < years, explain: (p) => ({ evidence: [], text: `aged ${p.age} (under ${years})` }) };
  }
  if ('code' in rule) {
    const slot = slotOf(rule.code);
    const start = windowStart(asOf, rule.within);
    const name = rule.code;
    return {
      holds: (p) => latestIn(p.slots[slot], start) >= 0,
      explain: (p) => {
        const e = evidenceAt(name, p.slots[slot] as CodelistEvents, latestIn(p.slots[slot], start));
        return { evidence: [e], text: `${said(e)} (${describeWindow(rule.within)})` };
      },
    };
  }
  if ('latest' in rule) {
    const slot = slotOf(rule.latest);
    const others = names(rule.laterThan).map(slotOf);
    const tieHolds = rule.sameDay === 'holds';
    const name = rule.latest;
    const otherNames = names(rule.laterThan).join(', ');
    const holds = (p: PersonEvents) => {
      const at = latestIn(p.slots[slot], '');
      if (at < 0) return false;
      const latest = (p.slots[slot] as CodelistEvents).dates[at] as string;
      const other = latestOf(p, others);
      return latest > other || (tieHolds && latest === other);
    };
    return {
      holds,
      explain: (p) => {
        const e = evidenceAt(name, p.slots[slot] as CodelistEvents, latestIn(p.slots[slot], ''));
        const other = latestOf(p, others);
        return { evidence: [e], text: `latest ${said(e)}, ${other === '' ? `no ${otherNames}` : `later than ${otherNames} on ${other}`}` };
      },
    };
  }
  if ('count' in rule) {
    const slot = slotOf(rule.count);
    const start = windowStart(asOf, rule.within);
    const { atLeast, distinct } = rule;
    const system = systemOf(rule.count);
    const counted = (p: PersonEvents) => {
      const s = p.slots[slot];
      if (s === undefined) return 0;
      if (distinct === 'days') return new Set(s.dates.filter((d) => d >= start)).size;
      if (distinct === 'codes') return new Set(s.codes.filter((_, i) => (s.dates[i] as string) >= start).map((c) => normaliseCode(system, c))).size;
      let n = 0;
      for (const d of s.dates) if (d >= start) n++;
      return n;
    };
    return {
      holds: (p) => counted(p) >= atLeast,
      explain: (p) => {
        const e = evidenceAt(rule.count, p.slots[slot] as CodelistEvents, latestIn(p.slots[slot], start));
        const n = counted(p);
        const unit = distinct === 'days' ? 'day' : distinct === 'codes' ? 'code' : 'event';
        return { evidence: [e], text: `${n} ${rule.count} ${unit}${n === 1 ? '' : 's'} ${describeWindow(rule.within)} (at least ${atLeast}), the latest ${said(e)}` };
      },
    };
  }
  if ('value' in rule) return compileValue(rule, slotOf, asOf);
  return compileScore(rule, slotOf, asOf, systemOf);
}

/** A rule that holds a score (HFRS inside an age condition, say) reports its first one. */
function firstScore(terms: readonly CompiledRule[]): { score?: (p: PersonEvents) => string } {
  const score = terms.find((t) => t.score !== undefined)?.score;
  return score === undefined ? {} : { score };
}

function join(parts: readonly { evidence: RegisterEvidence[]; text: string }[], joiner: string) {
  return { evidence: parts.flatMap((p) => p.evidence), text: parts.map((p) => p.text).join(joiner) };
}

function compileValue(rule: Extract<RegisterRule, { value: string }>, slotOf: (name: string) => number, asOf: IsoDate): CompiledRule {
  const slot = slotOf(rule.value);
  const start = windowStart(asOf, rule.within);
  const earliest = rule.pick === 'earliest';
  const lowest = rule.sameDay === 'lowest';
  const { atLeast, above, atMost, below } = rule;
  /** The index of the event whose value is read, or -1. */
  const picked = (p: PersonEvents): number => {
    const s = p.slots[slot];
    if (s === undefined) return -1;
    let best = -1;
    for (let i = 0; i < s.dates.length; i++) {
      const v = s.values[i];
      const d = s.dates[i] as string;
      if (v === undefined || d < start) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      const bd = s.dates[best] as string;
      const bv = s.values[best] as number;
      if (earliest ? d < bd : d > bd) best = i;
      else if (d === bd && (lowest ? v < bv : v > bv)) best = i;
      else if (d === bd && v === bv && firstOnTie(s, i, best)) best = i;
    }
    return best;
  };
  const passes = (v: number) => (atLeast === undefined || v >= atLeast) && (above === undefined || v > above) && (atMost === undefined || v <= atMost) && (below === undefined || v < below);
  const cuts = valueCuts(rule);
  return {
    holds: (p) => {
      const i = picked(p);
      return i >= 0 && passes((p.slots[slot] as CodelistEvents).values[i] as number);
    },
    explain: (p) => {
      const e = evidenceAt(rule.value, p.slots[slot] as CodelistEvents, picked(p));
      return { evidence: [e], text: `${earliest ? 'earliest' : 'latest'} value ${said(e)}, ${cuts}` };
    },
  };
}

function compileScore(rule: Extract<RegisterRule, { score: readonly unknown[] }>, slotOf: (name: string) => number, asOf: IsoDate, systemOf: (name: string) => CodeSystemId): CompiledRule {
  const items = rule.score.map((item) => ({ rule: compileRegisterRule(item.rule, slotOf, asOf, systemOf), weight: scaled(item.weight), label: item.label }));
  const { min, max } = scoreBounds(rule.divisor, rule);
  const sum = (p: PersonEvents) => {
    let total = 0;
    for (const item of items) if (item.rule.holds(p)) total += item.weight;
    return total;
  };
  const score = (p: PersonEvents) => scoreText(sum(p), rule.divisor);
  return {
    holds: (p) => {
      const s = sum(p);
      return s >= min && s <= max;
    },
    score,
    explain: (p) => {
      const held = items.filter((item) => item.rule.holds(p));
      const parts = held.map((item) => item.rule.explain(p));
      const named = held.map((item, i) => item.label ?? (parts[i] as { text: string }).text);
      return { evidence: parts.flatMap((part) => part.evidence), text: `score ${score(p)} from ${held.length} item${held.length === 1 ? '' : 's'} (${named.join('; ')})` };
    },
  };
}

/** A value rule's comparisons in words: 'at least 10 and below 60'. */
function valueCuts({ atLeast, above, atMost, below }: Extract<RegisterRule, { value: string }>): string {
  const cuts = [atLeast === undefined ? '' : `at least ${atLeast}`, above === undefined ? '' : `above ${above}`, atMost === undefined ? '' : `at most ${atMost}`, below === undefined ? '' : `below ${below}`];
  return cuts.filter((c) => c !== '').join(' and ');
}

/**
 * A rule in a few words, for the text of a `not` (which has no events to show): 'not (DMRES_COD
 * ever or (aged 80 or over and at least 2 FALL_COD events in the last 12 months))'. A list
 * inside a list is bracketed, so that the words group as the rule does.
 */
function describeRegisterRuleBriefly(rule: RegisterRule): string {
  if ('code' in rule) return `${rule.code} ${describeWindow(rule.within)}`;
  if ('latest' in rule) return `latest ${rule.latest} later than ${names(rule.laterThan).join(', ')}`;
  if ('count' in rule) return `at least ${rule.atLeast} ${rule.count} ${rule.distinct === 'days' ? 'days' : rule.distinct === 'codes' ? 'codes' : 'events'} ${describeWindow(rule.within)}`;
  if ('value' in rule) return `${rule.pick === 'earliest' ? 'earliest' : 'latest'} value of ${rule.value} ${describeWindow(rule.within)}, ${valueCuts(rule)}`;
  if ('score' in rule) return 'a score';
  if ('ageAtLeast' in rule) return `aged ${rule.ageAtLeast} or over`;
  if ('ageBelow' in rule) return `aged under ${rule.ageBelow}`;
  if ('not' in rule) return `not ${describeRegisterRuleBriefly(rule.not)}`;
  const isList = (r: RegisterRule) => 'all' in r || 'any' in r;
  const list = 'all' in rule ? rule.all : rule.any;
  return list.map((r) => (isList(r) ? `(${describeRegisterRuleBriefly(r)})` : describeRegisterRuleBriefly(r))).join('all' in rule ? ' and ' : ' or ');
}
