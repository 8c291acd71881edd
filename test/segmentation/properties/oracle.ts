/**
 * An independent reference evaluator for the segmentation properties. It reads rules as data and
 * interprets them directly, with date-fns for age and month windows, and plain day arithmetic for
 * day windows; it shares no code with phm-kit's compiler, screener or counters. Validity is the
 * person schema's verdict (the schema is the contract).
 */
import { differenceInYears, subMonths } from 'date-fns';
import type { LookBack } from 'phm-kit';
import { PersonSchema, type Person, type Rule } from 'phm-kit/segmentation';
import { epochDayOf } from '../arbitraries.js';

/** A local-noon `Date` of an ISO date: noon keeps date-fns clear of any DST edge. */
export function localNoon(iso: string): Date {
  return new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)), 12);
}

function epochDayOfLocal(date: Date): number {
  return Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86_400_000;
}

/** Whole years between the dates, by date-fns `differenceInYears`. */
export function expectedAge(birthDate: string, asOf: string): number {
  return differenceInYears(localNoon(asOf), localNoon(birthDate));
}

/** First day (as an epoch day) of the look-back window ending on `asOf`. */
export function windowStartDay(asOf: string, within: LookBack | undefined): number {
  if (within === undefined) return epochDayOf(asOf);
  if ('days' in within) return epochDayOf(asOf) - within.days;
  return epochDayOfLocal(subMonths(localNoon(asOf), within.months));
}

/**
 * Whether marker `id` is active at some time in [window start, asOf]: an undated entry always
 * is; a dated one when its interval [from, to] (open ends unbounded) meets the window.
 */
export function markerActive(person: Person, id: string, asOf: string, within: LookBack | undefined): boolean {
  const end = epochDayOf(asOf);
  const start = windowStartDay(asOf, within);
  return person.markers.some((entry) => {
    if (typeof entry === 'string') return entry === id;
    if (entry.id !== id) return false;
    const from = entry.from === undefined ? Number.NEGATIVE_INFINITY : epochDayOf(entry.from);
    const to = entry.to === undefined ? Number.POSITIVE_INFINITY : epochDayOf(entry.to);
    return from <= end && to >= start;
  });
}

export interface Context {
  readonly person: Person;
  readonly asOf: string;
  readonly age: number;
}

/** Interprets a rule for one person on one date. */
export function ruleHolds(rule: Rule, ctx: Context): boolean {
  if ('all' in rule) return rule.all.every((r) => ruleHolds(r, ctx));
  if ('any' in rule) return rule.any.some((r) => ruleHolds(r, ctx));
  if ('not' in rule) return !ruleHolds(rule.not, ctx);
  if ('marker' in rule) return markerActive(ctx.person, rule.marker, ctx.asOf, rule.within);
  if ('ageAtLeast' in rule) return ctx.age >= rule.ageAtLeast;
  if ('ageBelow' in rule) return ctx.age < rule.ageBelow;
  if ('atLeast' in rule) {
    const active = new Set(rule.of.filter((id) => markerActive(ctx.person, id, ctx.asOf, rule.within)));
    return active.size >= rule.atLeast;
  }
  const sexes: readonly string[] = typeof rule.sex === 'string' ? [rule.sex] : rule.sex;
  return ctx.person.sex !== undefined && sexes.includes(ctx.person.sex);
}

/** The structural view of a model (spec or defined) that the oracle reads. */
export interface OracleModel {
  readonly segments: readonly {
    readonly id: string;
    readonly rule?: Rule;
    readonly subsegments?: readonly { readonly id: string; readonly rule: Rule }[] | undefined;
  }[];
  readonly overlays?: readonly { readonly id: string; readonly rule: Rule }[] | undefined;
}

export interface ExpectedClassification {
  readonly segment: string;
  readonly segmentIndex: number;
  readonly matched: readonly string[];
  readonly subsegments: readonly string[];
  /** Every sub-segment id of the model, in model order, whose rule (any of them, for an id several segments share) holds. */
  readonly conditions: readonly string[];
  readonly conditionCount: number;
  /** The model's overlays whose rules hold, in model order. */
  readonly overlays: readonly string[];
  readonly age: number;
}

/** Index of the first segment with a rule that holds, or of the last segment (the catch-all). */
export function firstMatch(model: OracleModel, ctx: Context): number {
  const i = model.segments.findIndex((s) => s.rule !== undefined && ruleHolds(s.rule, ctx));
  return i < 0 ? model.segments.length - 1 : i;
}

/** What a classification of a living person must say. */
export function expectedClassification(model: OracleModel, person: Person, asOf: string): ExpectedClassification {
  const ctx: Context = { person, asOf, age: expectedAge(person.birthDate, asOf) };
  const ruled = model.segments.filter((s) => s.rule !== undefined);
  const matchedRuled = ruled.filter((s) => ruleHolds(s.rule as Rule, ctx)).map((s) => s.id);
  const catchAll = model.segments[model.segments.length - 1];
  if (catchAll === undefined) throw new Error('model without segments');
  const matched = matchedRuled.length > 0 ? matchedRuled : [catchAll.id];
  const segmentIndex = model.segments.findIndex((s) => s.id === matched[0]);
  const segment = model.segments[segmentIndex];
  if (segment === undefined) throw new Error('matched segment not found');
  const subsegments = (segment.subsegments ?? []).filter((sub) => ruleHolds(sub.rule, ctx)).map((sub) => sub.id);
  const all = model.segments.flatMap((s) => s.subsegments ?? []);
  const conditions = [...new Set(all.map((sub) => sub.id))].filter((id) => all.some((sub) => sub.id === id && ruleHolds(sub.rule, ctx)));
  const overlays = (model.overlays ?? []).filter((o) => ruleHolds(o.rule, ctx)).map((o) => o.id);
  return { segment: segment.id, segmentIndex, matched, subsegments, conditions, conditionCount: conditions.length, overlays, age: ctx.age };
}

export type Fate =
  | { readonly kind: 'assigned'; readonly person: Person }
  | { readonly kind: 'rejected'; readonly reason: 'invalid-record' | 'unreadable-record' | 'duplicate-id' }
  | { readonly kind: 'excluded'; readonly reason: ExcludedStatus; readonly person: Person };

type ExcludedStatus = 'deceased' | 'deregistered' | 'not-yet-born' | 'not-yet-registered';

/**
 * What must happen to one valid person on `asOf`: in the population, or excluded and why. A
 * person leaves on the first of their death day and deregistration day (a tie is a death), and
 * is out from then on; before that, they are out until born and registered.
 */
export function livingStatus(person: Person, asOf: string): 'alive' | ExcludedStatus {
  const day = epochDayOf(asOf);
  const never = Number.POSITIVE_INFINITY;
  const death = person.deathDate === undefined ? never : epochDayOf(person.deathDate);
  const deregistration = person.deregistrationDate === undefined ? never : epochDayOf(person.deregistrationDate);
  if (Math.min(death, deregistration) <= day) return death <= deregistration ? 'deceased' : 'deregistered';
  if (epochDayOf(person.birthDate) > day) return 'not-yet-born';
  if (person.registrationDate !== undefined && epochDayOf(person.registrationDate) > day) return 'not-yet-registered';
  return 'alive';
}

export type Screened = { readonly kind: 'valid'; readonly person: Person } | { readonly kind: 'invalid-record' } | { readonly kind: 'unreadable-record' };

/** Verdicts on object rows, which the properties never change (one of them checks exactly that). */
const screened = new WeakMap<object, Screened>();

/** The schema's verdict on a row: a person, invalid, or unreadable (reading it throws). */
export function screenRow(row: unknown): Screened {
  const cacheable = typeof row === 'object' && row !== null;
  const cached = cacheable ? screened.get(row) : undefined;
  if (cached !== undefined) return cached;
  let verdict: Screened;
  try {
    verdict = PersonSchema.safeParse(row).success ? { kind: 'valid', person: row as Person } : { kind: 'invalid-record' };
  } catch {
    verdict = { kind: 'unreadable-record' };
  }
  if (cacheable) screened.set(row, verdict);
  return verdict;
}

/** The fate of every row of a population on `asOf`, by the rules the documentation states. */
export function expectedFates(rows: readonly unknown[], asOf: string): Fate[] {
  const screened = rows.map(screenRow);
  const idCount = new Map<string, number>();
  for (const s of screened) if (s.kind === 'valid') idCount.set(s.person.id, (idCount.get(s.person.id) ?? 0) + 1);
  return screened.map((s): Fate => {
    if (s.kind !== 'valid') return { kind: 'rejected', reason: s.kind };
    if ((idCount.get(s.person.id) ?? 0) > 1) return { kind: 'rejected', reason: 'duplicate-id' };
    const status = livingStatus(s.person, asOf);
    return status === 'alive' ? { kind: 'assigned', person: s.person } : { kind: 'excluded', reason: status, person: s.person };
  });
}

/** A result's rows as `index -> "kind:reason"`, for comparing with {@link expectedFates}. */
export function fateLabel(fate: Fate): string {
  return fate.kind === 'assigned' ? 'assigned' : `${fate.kind}:${fate.reason}`;
}
