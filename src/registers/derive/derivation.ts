import { ageOnUnchecked, addDaysUnchecked, type IsoDate } from '../../core/dates.js';
import { PhmValidationError, type PhmIssue } from '../../core/errors.js';
import { describeIssues } from '../../core/validation.js';
import type { Codelist } from '../codelists/codelist.js';
import type { Register } from '../rules/register.js';
import { createCodeMatcher, type CodelistHits } from './matcher.js';
import { compileRegisterRule, firstOnTie, type CodelistEvents, type CompiledRule, type PersonEvents, type RegisterEvidence } from './rule-evaluator.js';

/**
 * One marker entry a register set, as segmentation reads it: the marker's id with the dates of
 * its episode (`from` its first or latest code; `to` only when a resolution ended it), or the
 * id alone when the register dates no episode.
 *
 * @example
 * const open: DerivedMarkerEntry = { id: 'ltc-diabetes', from: '2019-03-02' };
 */
export type DerivedMarkerEntry = string | { readonly id: string; readonly from?: IsoDate; readonly to?: IsoDate };

/**
 * Why a person has a marker: the register, its state on `asOf` ('on' the register, or an
 * episode 'ended' by a resolution), the events that decided it and the words that say so.
 *
 * @example
 * const reason: MarkerReason = {
 *   marker: 'ltc-diabetes', state: 'on',
 *   evidence: [{ codelist: 'DM_COD', code: '44054006', date: '2019-03-02' }],
 *   text: 'aged 64 (at least 17) and latest DM_COD 44054006 on 2019-03-02, no DMRES_COD',
 * };
 */
export interface MarkerReason {
  readonly marker: string;
  readonly state: 'on' | 'ended';
  readonly evidence: readonly RegisterEvidence[];
  readonly text: string;
  /** The score, for a register whose rule is a score (eFI, HFRS), in exact decimal words. */
  readonly score?: string;
}

/**
 * A person's derived markers and their reasons, in register order.
 *
 * @example
 * const [first]: readonly PersonMarkers[] = deriveMarkers(events, registers, options).people;
 * first?.markers; // [{ id: 'ltc-diabetes', from: '2019-03-02' }]
 */
export interface PersonMarkers {
  readonly personId: string;
  readonly markers: readonly DerivedMarkerEntry[];
  readonly reasons: readonly MarkerReason[];
}

interface CompiledRegister {
  readonly marker: string;
  readonly rule: CompiledRule;
  readonly episode: { readonly first: boolean; readonly slot: number; readonly ends: readonly number[] } | undefined;
}

/** Everything a derivation needs, compiled once per call. */
export interface Derivation {
  readonly asOf: IsoDate;
  readonly slotCount: number;
  /** The codelists a raw code falls in, as slot indices. */
  readonly match: (code: string) => CodelistHits;
  readonly slotNames: readonly string[];
  /** One person's markers from their events (already grouped into slots, all on or before asOf). */
  readonly evaluate: (personId: string, birthDate: IsoDate, slots: (CodelistEvents | undefined)[]) => PersonMarkers;
}

const list = (names: string | readonly string[] | undefined): readonly string[] => (names === undefined ? [] : typeof names === 'string' ? [names] : names);

/**
 * Compiles registers against the codelists given: every codelist a register reads must be
 * given (a missing one is an error naming the register and the codelist, never a register
 * that silently finds no one), and only those are matched.
 */
export function createDerivation(registers: readonly Register[], codelists: readonly Codelist[], asOf: IsoDate): Derivation {
  const byName = new Map(codelists.map((c) => [c.name, c]));
  const slotNames: string[] = [];
  const slotIndex = new Map<string, number>();
  const issues: PhmIssue[] = [];
  registers.forEach((register, r) => {
    for (const name of register.codelists) {
      if (!byName.has(name)) issues.push({ path: ['registers', r], message: `Register '${register.marker}' reads codelist ${name}, which is not among the codelists given` });
      else if (!slotIndex.has(name)) slotIndex.set(name, slotNames.push(name) - 1);
    }
  });
  if (issues.length > 0) throw new PhmValidationError(`Missing codelists: ${describeIssues(issues)}`, issues);
  const slotOf = (name: string) => slotIndex.get(name) as number;
  const compiled: CompiledRegister[] = registers.map((register) => ({
    marker: register.marker,
    rule: compileRegisterRule(register.rule, slotOf, asOf, (name) => (byName.get(name) as Codelist).system),
    episode: register.episode === undefined ? undefined : { first: register.episode.from === 'first', slot: slotOf(register.episode.codelist), ends: list(register.episode.endedBy).map(slotOf) },
  }));
  const match = createCodeMatcher(slotNames.map((name) => byName.get(name) as Codelist));

  const evaluate = (personId: string, birthDate: IsoDate, slots: (CodelistEvents | undefined)[]): PersonMarkers => {
    const p: PersonEvents = { slots, age: ageOnUnchecked(birthDate, asOf) };
    const markers: DerivedMarkerEntry[] = [];
    const reasons: MarkerReason[] = [];
    for (const register of compiled) {
      const on = register.rule.holds(p);
      if (on) {
        const why = register.rule.explain(p);
        const entry = register.episode === undefined ? register.marker : openEpisode(register.marker, register.episode, slots);
        markers.push(entry);
        reasons.push({ marker: register.marker, state: 'on', ...why, ...(register.rule.score === undefined ? {} : { score: register.rule.score(p) }) });
      } else if (register.episode !== undefined && register.episode.ends.length > 0) {
        const ended = endedEpisode(register.marker, register.episode, slots, slotNames);
        if (ended !== undefined) {
          markers.push(ended.entry);
          reasons.push({ marker: register.marker, state: 'ended', evidence: ended.evidence, text: ended.text });
        }
      }
    }
    return { personId, markers, reasons };
  };

  return { asOf, slotCount: slotNames.length, match, slotNames, evaluate };
}

/** The latest date in the slots, or '' when none. */
function latestDate(slots: readonly (CodelistEvents | undefined)[], indices: readonly number[], before = '\uffff'): string {
  let latest = '';
  for (const i of indices) {
    for (const d of slots[i]?.dates ?? []) if (d > latest && d < before) latest = d;
  }
  return latest;
}

/** The first date in a slot after `after` (exclusive) and on or before `until`, or ''. */
function firstDateAfter(slot: CodelistEvents | undefined, after: string, until: string): string {
  let first = '';
  for (const d of slot?.dates ?? []) if (d > after && d <= until && (first === '' || d < first)) first = d;
  return first;
}

/**
 * A register a person is on has an open episode, dated from the first code of the current
 * episode (the first after the latest ending code) or from the latest code. When the rule holds
 * without a code of the episode's codelist in the current episode (a rule that reads other
 * codelists too), the marker is set undated rather than with a made-up date.
 */
function openEpisode(marker: string, episode: NonNullable<CompiledRegister['episode']>, slots: readonly (CodelistEvents | undefined)[]): DerivedMarkerEntry {
  const lastEnd = latestDate(slots, episode.ends);
  const from = episode.first ? firstDateAfter(slots[episode.slot], lastEnd, '\uffff') : latestDate(slots, [episode.slot]);
  return from === '' || from <= lastEnd ? marker : { id: marker, from };
}

/**
 * An episode ended by a resolution: the latest ending code is on or after the latest code of
 * the episode's codelist. It runs from the first code after the ending code before it (or from
 * the latest code) to the day before the resolution; when that is before its start (a code and
 * its resolution on one day), there is no episode to give.
 */
function endedEpisode(marker: string, episode: NonNullable<CompiledRegister['episode']>, slots: readonly (CodelistEvents | undefined)[], slotNames: readonly string[]) {
  const latest = latestDate(slots, [episode.slot]);
  const end = latestDate(slots, episode.ends);
  if (latest === '' || end === '' || end < latest) return undefined;
  const from = episode.first ? firstDateAfter(slots[episode.slot], latestDate(slots, episode.ends, latest), latest) : latest;
  const to = addDaysUnchecked(end, -1);
  if (to < from) return undefined;
  // The evidence is the first ending codelist (in the register's order) with a code that day,
  // and of its codes that day the one told first (firstOnTie), whatever the events' order.
  let evidence: RegisterEvidence | undefined;
  for (const i of episode.ends) {
    const slot = slots[i];
    if (slot === undefined) continue;
    let at = -1;
    for (let k = 0; k < slot.dates.length; k++) if (slot.dates[k] === end && (at < 0 || firstOnTie(slot, k, at))) at = k;
    if (at >= 0) {
      evidence = { codelist: slotNames[i] as string, code: slot.codes[at] as string, date: end };
      break;
    }
  }
  // `end` is the date of an ending code, so one was found.
  const e = evidence as RegisterEvidence;
  return { entry: { id: marker, from, to }, evidence: [e], text: `episode from ${from} ended by ${e.codelist} ${e.code} on ${end}` };
}
