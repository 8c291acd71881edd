/**
 * An independent reading of the register rules, for the property tests: written from the rules'
 * documentation, slowly and plainly, sharing no code with phm-kit (its own date arithmetic, code
 * normalisation and exact score sums), so that a bug in the library cannot hide in both.
 */
import type { RegisterRule, RegisterSpec } from 'phm-kit/registers';

export interface OracleCodelist {
  readonly name: string;
  readonly system: 'snomed-ct' | 'dmd' | 'icd10' | 'opcs4' | 'ctv3' | 'readv2';
  readonly match: 'exact' | 'prefix';
  readonly codes: readonly string[];
}
export interface OracleEvent {
  readonly personId: string;
  readonly code: string;
  readonly date: string;
  readonly value?: number | null | undefined;
}
export type OracleEntry = { id: string; from?: string; to?: string };

const MS = 86_400_000;
const dayOf = (iso: string) => {
  const d = new Date(0);
  d.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round(d.getTime() / MS);
};
const isoOf = (day: number) => {
  const d = new Date(day * MS);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
};
const daysIn = (y: number, m: number) => {
  const d = new Date(0);
  d.setUTCFullYear(y, m, 0); // day 0 of the next month: the last day of month m
  return d.getUTCDate();
};

/** The first day a window reads, by the documented meaning: after asOf minus the window. */
export function oracleStart(asOf: string, within: { days?: number; months?: number; since?: string } | undefined): string {
  if (within === undefined) return '0000-01-01';
  if (within.since !== undefined) return within.since;
  if (within.days !== undefined) {
    const day = dayOf(asOf) - within.days + 1;
    return day < dayOf('0001-01-01') ? '0000-01-01' : isoOf(day);
  }
  const total = Number(asOf.slice(0, 4)) * 12 + Number(asOf.slice(5, 7)) - 1 - (within.months as number);
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  if (y < 1) return '0000-01-01';
  const d = Math.min(Number(asOf.slice(8, 10)), daysIn(y, m));
  return isoOf(dayOf(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) + 1);
}

export function oracleNormalise(system: OracleCodelist['system'], raw: string): string {
  let s = raw.replace(/^ +/, '').replace(/ +$/, '');
  if (system === 'icd10' || system === 'opcs4') {
    s = s.split('.').join('');
    s = s.replace(/[a-z]/g, (c) => c.toUpperCase());
    if (s[3] === 'X' || s[3] === '-') s = s.slice(0, 3);
  }
  if (system === 'readv2' && s.length === 7 && /^[0-9][0-9]$/.test(s.slice(5))) s = s.slice(0, 5);
  return s;
}

export function inCodelist(list: OracleCodelist, raw: string): boolean {
  const n = oracleNormalise(list.system, raw);
  return list.match === 'prefix' ? list.codes.some((c) => n.startsWith(c)) : list.codes.includes(n);
}

function ageOf(birth: string, asOf: string): number {
  const years = Number(asOf.slice(0, 4)) - Number(birth.slice(0, 4));
  return asOf.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** A decimal string as a BigInt of millionths. */
function micro(decimal: string): bigint {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = decimal.replace('-', '').split('.');
  const value = BigInt(whole as string) * 1_000_000n + BigInt((fraction + '000000').slice(0, 6));
  return negative ? -value : value;
}

interface Ctx {
  readonly asOf: string;
  readonly age: number;
  readonly events: (name: string) => OracleEvent[];
  readonly codelist: (name: string) => OracleCodelist;
}

function holds(rule: RegisterRule, c: Ctx): boolean {
  if ('all' in rule) return rule.all.every((r) => holds(r, c));
  if ('any' in rule) return rule.any.some((r) => holds(r, c));
  if ('not' in rule) return !holds(rule.not, c);
  if ('ageAtLeast' in rule) return c.age >= rule.ageAtLeast;
  if ('ageBelow' in rule) return c.age < rule.ageBelow;
  if ('code' in rule) {
    const start = oracleStart(c.asOf, rule.within);
    return c.events(rule.code).some((e) => e.date >= start);
  }
  if ('latest' in rule) {
    const mine = c.events(rule.latest).map((e) => e.date).sort();
    if (mine.length === 0) return false;
    const latest = mine[mine.length - 1] as string;
    const others = (typeof rule.laterThan === 'string' ? [rule.laterThan] : rule.laterThan).flatMap((n) => c.events(n).map((e) => e.date)).sort();
    if (others.length === 0) return true;
    const other = others[others.length - 1] as string;
    return rule.sameDay === 'holds' ? latest >= other : latest > other;
  }
  if ('count' in rule) {
    const start = oracleStart(c.asOf, rule.within);
    const dates = c.events(rule.count).filter((e) => e.date >= start).map((e) => e.date);
    const inWindow = c.events(rule.count).filter((e) => e.date >= start);
    const list = c.codelist(rule.count);
    const n = rule.distinct === 'days' ? new Set(dates).size : rule.distinct === 'codes' ? new Set(inWindow.map((e) => oracleNormalise(list.system, e.code))).size : dates.length;
    return n >= rule.atLeast;
  }
  if ('value' in rule) {
    const start = oracleStart(c.asOf, rule.within);
    const valued = c.events(rule.value).filter((e) => e.value !== undefined && e.value !== null && e.date >= start);
    if (valued.length === 0) return false;
    const dates = valued.map((e) => e.date).sort();
    const day = rule.pick === 'earliest' ? dates[0] : dates[dates.length - 1];
    const values = valued.filter((e) => e.date === day).map((e) => e.value as number);
    const v = rule.sameDay === 'lowest' ? Math.min(...values) : Math.max(...values);
    return (rule.atLeast === undefined || v >= rule.atLeast) && (rule.above === undefined || v > rule.above) && (rule.atMost === undefined || v <= rule.atMost) && (rule.below === undefined || v < rule.below);
  }
  if ('score' in rule) {
    let sum = 0n;
    for (const item of rule.score) if (holds(item.rule, c)) sum += micro(item.weight);
    // sum / divisor compared with cut, all in millionths: sum * 1e6 against cut * divisor.
    const divisor = micro(rule.divisor ?? '1');
    const left = sum * 1_000_000n;
    const cmp = (cut: string) => {
      const right = micro(cut) * divisor;
      return left < right ? -1 : left > right ? 1 : 0;
    };
    return (rule.atLeast === undefined || cmp(rule.atLeast) >= 0) && (rule.above === undefined || cmp(rule.above) > 0) && (rule.atMost === undefined || cmp(rule.atMost) <= 0) && (rule.below === undefined || cmp(rule.below) < 0);
  }
  throw new Error(`oracle: unknown rule ${JSON.stringify(rule)}`);
}

const names = (n: string | readonly string[] | undefined) => (n === undefined ? [] : typeof n === 'string' ? [n] : [...n]);
const max = (xs: string[]) => xs.reduce((a, b) => (b > a ? b : a), '');

/** Every person's marker entries, by the documented meanings of rules and episodes. */
export function oracleMarkers(
  events: readonly OracleEvent[],
  registers: readonly RegisterSpec[],
  people: readonly { id: string; birthDate: string }[],
  codelists: readonly OracleCodelist[],
  asOf: string,
): Map<string, OracleEntry[]> {
  const counts = new Map<string, number>();
  for (const p of people) counts.set(p.id, (counts.get(p.id) ?? 0) + 1);
  const out = new Map<string, OracleEntry[]>();
  for (const person of people) {
    if (counts.get(person.id) !== 1) continue;
    const mine = events.filter((e) => e.personId === person.id && e.date <= asOf);
    const byName = (name: string) => {
      const list = codelists.find((l) => l.name === name) as OracleCodelist;
      return mine.filter((e) => inCodelist(list, e.code));
    };
    const ctx: Ctx = { asOf, age: ageOf(person.birthDate, asOf), events: byName, codelist: (name) => codelists.find((l) => l.name === name) as OracleCodelist };
    const entries: OracleEntry[] = [];
    for (const register of registers) {
      const on = holds(register.rule, ctx);
      const ep = register.episode;
      if (ep === undefined) {
        if (on) entries.push({ id: register.marker });
        continue;
      }
      const codes = byName(ep.codelist).map((e) => e.date);
      const endDates = names(ep.endedBy).flatMap((n) => byName(n).map((e) => e.date));
      const lastEnd = max(endDates);
      if (on) {
        const from = ep.from === 'first' ? codes.filter((d) => d > lastEnd).sort()[0] : max(codes) > lastEnd ? max(codes) : undefined;
        entries.push(from === undefined || from === '' ? { id: register.marker } : { id: register.marker, from });
        continue;
      }
      if (endDates.length === 0 || codes.length === 0) continue;
      const latest = max(codes);
      if (lastEnd < latest) continue;
      const previous = max(endDates.filter((d) => d < latest));
      const from = ep.from === 'latest' ? latest : (codes.filter((d) => d > previous && d <= latest).sort()[0] as string);
      const to = isoOf(dayOf(lastEnd) - 1);
      if (to >= from) entries.push({ id: register.marker, from, to });
    }
    out.set(person.id, entries);
  }
  return out;
}
