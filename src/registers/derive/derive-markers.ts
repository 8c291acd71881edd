import * as z from 'zod';
import { IsoDateSchema, isIsoDate, type IsoDate } from '../../core/dates.js';
import { PhmValidationError } from '../../core/errors.js';
import { errorText } from '../../core/snapshot.js';
import { parseInput, readInput } from '../../core/validation.js';
import { CodelistSchema, type Codelist } from '../codelists/codelist.js';
import { eventProblem } from '../events/event.js';
import { defineRegister, isDefinedRegister, type Register, type RegisterSpec } from '../rules/register.js';
import { createDerivation, type Derivation, type PersonMarkers } from './derivation.js';
import type { CodelistEvents } from './rule-evaluator.js';
import { createEventTally, type EventTally, type EventCounts, type ReportedEvent, type UnmatchedCode } from './tally.js';

/**
 * Zod schema of the options of {@link deriveMarkers}.
 *
 * @example
 * DeriveMarkersOptionsSchema.shape.maxReported.parse(undefined) // 1000
 */
export const DeriveMarkersOptionsSchema = z.strictObject({
  /** The evaluation date: codes dated after it are never read. */
  asOf: IsoDateSchema,
  /**
   * The people to derive markers for, each with an `id` and a `birthDate` (`Person` records
   * will do; other fields are ignored). Events of anyone else are counted as unknown people.
   */
  people: z.array(z.unknown()).max(50_000_000).readonly(),
  /** The codelists the registers read, from `parseCodelist` or `defineCodelist`. */
  codelists: z.array(CodelistSchema).max(100_000),
  /** How many malformed events, unknown people and unmatched codes to list (all are counted). Default 1,000. */
  maxReported: z.number().int().min(0).max(1_000_000).default(1_000),
});

/**
 * Options of {@link deriveMarkers}: `asOf`, `people`, `codelists` and, optionally, how many
 * problems to list.
 *
 * @example
 * const options: DeriveMarkersOptions = { asOf: '2025-03-31', people, codelists: [dmCod, dmresCod] };
 */
export type DeriveMarkersOptions = Omit<z.input<typeof DeriveMarkersOptionsSchema>, 'codelists'> & { readonly codelists: readonly Codelist[] };

/**
 * A person who could not be read: no usable id or birth date, or an id shared with another
 * person (every copy is rejected, as segmentation does). Their events are counted as
 * `rejectedPerson`.
 *
 * @example
 * const { rejectedPeople } = deriveMarkers(events, registers, options);
 * for (const r of rejectedPeople) console.log(r.index, r.reason, r.message);
 */
export interface RejectedPerson {
  readonly index: number;
  readonly id?: string;
  readonly reason: 'invalid-record' | 'duplicate-id';
  readonly message: string;
}

/**
 * What {@link deriveMarkers} returns: every person's markers with reasons, the people on each
 * register, and an account of every event read.
 *
 * @example
 * const derived: DerivedMarkers = deriveMarkers(events, registers, options);
 * derived.registers.map((r) => `${r.marker}: ${r.people}`);
 */
export interface DerivedMarkers {
  readonly asOf: IsoDate;
  /** Every person read, in input order, with their markers (possibly none). */
  readonly people: readonly PersonMarkers[];
  /** People per register on `asOf`, and ended episodes given, in register order. */
  readonly registers: readonly { readonly marker: string; readonly label?: string; readonly people: number; readonly ended: number }[];
  /** Every event counted once, in exactly one of these. */
  readonly events: EventCounts;
  /** The first `maxReported` malformed events and events of unknown or rejected people. */
  readonly reportedEvents: readonly ReportedEvent[];
  /** The codes in no codelist, most frequent first (the first `maxReported`). */
  readonly unmatchedCodes: readonly UnmatchedCode[];
  readonly rejectedPeople: readonly RejectedPerson[];
}

/**
 * A register definition, checked or not: plain specs are checked with {@link defineRegister}.
 *
 * @example
 * const registers: RegisterInput[] = [...QOF_REGISTERS, { marker: 'housebound', rule: { code: 'HOUSEBOUND_COD' } }];
 */
export type RegisterInput = Register | RegisterSpec;

/** Whether every register is one defineRegister made; false for anything that cannot be read so. */
function allDefined(input: unknown): input is readonly Register[] {
  try {
    return Array.isArray(input) && input.every((r) => isDefinedRegister(r));
  } catch {
    return false;
  }
}

/** Checks the registers: each defined, and no two setting one marker. */
export function checkRegisters(input: readonly RegisterInput[]): Register[] {
  // Defined registers pass as they are; anything else is read once into plain data first.
  const registers = allDefined(input) ? input : (readInput(input, 'registers') as readonly RegisterInput[]);
  if (!Array.isArray(registers)) throw new PhmValidationError('Invalid registers: expected an array of register definitions', [{ path: ['registers'], message: 'Expected an array' }]);
  const defined = registers.map((r) => defineRegister(r));
  const seen = new Map<string, number>();
  defined.forEach((r, i) => {
    const before = seen.get(r.marker);
    if (before !== undefined) {
      const message = `Registers ${before} and ${i} both set marker '${r.marker}': give one register per marker`;
      throw new PhmValidationError(`Invalid registers: ${message}`, [{ path: ['registers', i, 'marker'], message }]);
    }
    seen.set(r.marker, i);
  });
  return defined;
}

/** A person read once: their id and birth date, or why they cannot be used. */
export function readPerson(row: unknown): { id: string; birthDate: IsoDate } | { id?: string; message: string } {
  let id: unknown;
  let birthDate: unknown;
  try {
    if (typeof row !== 'object' || row === null) return { message: 'Expected a person: { id, birthDate }' };
    // instanceof asks a Proxy for its prototype, which may throw: it is read in here.
    if (row instanceof UnreadableRow) return { message: `Could not be read: ${errorText(row.error)}` };
    id = (row as Record<string, unknown>)['id'];
    birthDate = (row as Record<string, unknown>)['birthDate'];
  } catch (error) {
    return { message: `Could not be read: ${errorText(error)}` };
  }
  if (typeof id !== 'string' || id.length === 0) return { message: 'id: expected a non-empty string' };
  if (!isIsoDate(birthDate)) return { id, message: 'birthDate: expected a calendar date written YYYY-MM-DD' };
  return { id, birthDate };
}

/** An array's element, or a getter's throw as a value that is not an event (then malformed). */
function elementAt(list: readonly unknown[], i: number): unknown {
  try {
    return list[i];
  } catch (error) {
    return new UnreadableRow(error);
  }
}

/** A row whose reading threw: malformed, with the error's words. */
export class UnreadableRow {
  constructor(readonly error: unknown) {}
}

/** An event's fields, read once; a field that throws makes it malformed. */
export function readEvent(event: unknown): { personId: string; code: string; date: string; value: number | undefined } | { path: (string | number)[]; message: string } {
  let fields: { personId: unknown; code: unknown; date: unknown; value: unknown };
  try {
    if (event instanceof UnreadableRow) return { path: [], message: `Could not be read: ${errorText(event.error)}` };
    const e = event as Record<string, unknown>;
    fields = typeof e === 'object' && e !== null ? { personId: e['personId'], code: e['code'], date: e['date'], value: e['value'] } : (event as never);
  } catch (error) {
    return { path: [], message: `Could not be read: ${errorText(error)}` };
  }
  const problem = eventProblem(fields);
  if (problem !== undefined) return problem;
  const { personId, code, date, value } = fields as { personId: string; code: string; date: string; value: number | null | undefined };
  return { personId, code, date, value: value ?? undefined };
}

/** Adds an event to a person's slots: once to each codelist it falls in. */
export function addToSlots(slots: (CodelistEvents | undefined)[], hits: readonly number[], code: string, date: string, value: number | undefined): void {
  for (const h of hits) {
    let slot = slots[h];
    if (slot === undefined) slots[h] = slot = { dates: [], codes: [], values: [] };
    slot.dates.push(date);
    slot.codes.push(code);
    slot.values.push(value);
  }
}

/**
 * Turns coded events into the dated marker entries the segmentation models read, by the
 * registers' rules on `asOf`: for every person their markers with a reason for each (which code
 * on which date decided), the people on each register, and an account of every event (read,
 * dated after `asOf`, in no codelist, of an unknown or rejected person, or malformed), none
 * dropped in silence. Events may come in any order: the result is the same.
 *
 * @example
 * const dmCod = defineCodelist({ name: 'DM_COD', system: 'snomed-ct', codes: ['44054006'] });
 * const dmresCod = defineCodelist({ name: 'DMRES_COD', system: 'snomed-ct', codes: ['315051004'] });
 * const diabetes = defineRegister({
 *   marker: 'ltc-diabetes',
 *   rule: { all: [{ ageAtLeast: 17 }, { latest: 'DM_COD', laterThan: 'DMRES_COD' }] },
 *   episode: { from: 'first', codelist: 'DM_COD', endedBy: 'DMRES_COD' },
 * });
 * const derived = deriveMarkers(
 *   [{ personId: 'p1', code: '44054006', date: '2019-03-02' }],
 *   [diabetes],
 *   { asOf: '2025-03-31', people: [{ id: 'p1', birthDate: '1960-01-01' }], codelists: [dmCod, dmresCod] },
 * );
 * derived.people[0].markers; // [{ id: 'ltc-diabetes', from: '2019-03-02' }]
 */
export function deriveMarkers(events: readonly unknown[], registers: readonly RegisterInput[], options: DeriveMarkersOptions): DerivedMarkers {
  // The people are a batch, read row by row as the events are, not copied whole with the options.
  const { people: rows, rest } = takePeople(options);
  const o = parseInput(DeriveMarkersOptionsSchema.omit({ people: true }), rest, 'options');
  if (!Array.isArray(events)) throw new PhmValidationError('Invalid events: expected an array of { personId, code, date, value? }', [{ path: ['events'], message: 'Expected an array' }]);
  const checked = checkRegisters(registers);
  const derivation = createDerivation(checked, o.codelists, o.asOf);
  const { people: known, rejected, rejectedIds } = readPeople(rows);
  const tally = createEventTally(o.maxReported);
  const slotsOf = new Map<string, (CodelistEvents | undefined)[]>();
  for (let i = 0; i < events.length; i++) {
    const event = readEvent(elementAt(events, i));
    routeEvent(i, event, derivation, tally, (id) => (known.has(id) ? (slotsOf.get(id) ?? newSlots(slotsOf, id)) : rejectedIds.has(id) ? 'rejected' : undefined));
  }
  const people: PersonMarkers[] = [];
  for (const [id, birthDate] of known) people.push(derivation.evaluate(id, birthDate, slotsOf.get(id) ?? []));
  return { asOf: o.asOf, people, registers: registerCounts(checked, people), ...tally.result(), rejectedPeople: rejected };
}

function newSlots(map: Map<string, (CodelistEvents | undefined)[]>, id: string): (CodelistEvents | undefined)[] {
  const slots: (CodelistEvents | undefined)[] = [];
  map.set(id, slots);
  return slots;
}

/**
 * Counts one event in its one bucket and, when it is read, files it in its person's slots.
 * `slotsFor` gives the person's slots, 'rejected' for a rejected person, undefined for an
 * unknown one.
 */
export function routeEvent(
  index: number,
  event: ReturnType<typeof readEvent>,
  derivation: Derivation,
  tally: EventTally,
  slotsFor: (personId: string) => (CodelistEvents | undefined)[] | 'rejected' | undefined,
): void {
  if ('path' in event) return tally.malformed(index, event.path, event.message);
  const slots = slotsFor(event.personId);
  if (slots === undefined) return tally.unknownPerson(index, event.personId);
  if (slots === 'rejected') return tally.rejectedPerson(index, event.personId);
  const hits = derivation.match(event.code);
  if (hits.length === 0) return tally.noCodelist(event.code);
  if (event.date > derivation.asOf) return tally.afterAsOf();
  tally.read();
  addToSlots(slots, hits, event.code, event.date, event.value);
}

/**
 * `options.people`, read once, and the other options: the people must be an array (of at most
 * 50,000,000), and are then read one at a time.
 */
export function takePeople(options: unknown): { people: readonly unknown[]; rest: Record<string, unknown> } {
  let people: unknown;
  let rest: Record<string, unknown>;
  try {
    if (typeof options !== 'object' || options === null) return { people: [], rest: options as never };
    ({ people, ...rest } = options as Record<string, unknown>);
  } catch (error) {
    const message = `Could not be read: ${errorText(error)}`;
    throw new PhmValidationError(`Invalid options: ${message}`, [{ path: [], message }]);
  }
  let ok = false;
  try {
    ok = Array.isArray(people) && people.length <= 50_000_000;
  } catch {
    ok = false;
  }
  if (!ok) {
    const message = 'Expected an array of at most 50,000,000 people, each { id, birthDate }';
    throw new PhmValidationError(`Invalid options: people: ${message}`, [{ path: ['people'], message }]);
  }
  return { people: people as readonly unknown[], rest };
}

function readPeople(rows: readonly unknown[]) {
  const people = new Map<string, IsoDate>();
  const rejected: RejectedPerson[] = [];
  const firstIndex = new Map<string, number>();
  const rejectedIds = new Set<string>();
  for (let index = 0; index < rows.length; index++) {
    const person = readPerson(elementAt(rows, index));
    if (!('birthDate' in person)) {
      rejected.push({ index, ...(person.id === undefined ? {} : { id: person.id }), reason: 'invalid-record', message: person.message });
      continue;
    }
    const first = firstIndex.get(person.id);
    if (first === undefined) {
      firstIndex.set(person.id, index);
      people.set(person.id, person.birthDate);
      continue;
    }
    if (people.delete(person.id)) rejected.push({ index: first, id: person.id, reason: 'duplicate-id', message: `id '${person.id}' is shared with the person at ${index}` });
    rejected.push({ index, id: person.id, reason: 'duplicate-id', message: `id '${person.id}' is shared with the person at ${first}` });
    rejectedIds.add(person.id);
  }
  // Rejected people whose id was read, but not duplicated, are still someone we know of.
  for (const r of rejected) if (r.id !== undefined) rejectedIds.add(r.id);
  for (const id of people.keys()) rejectedIds.delete(id);
  rejected.sort((a, b) => a.index - b.index);
  return { people, rejected, rejectedIds };
}

function registerCounts(registers: readonly Register[], people: readonly PersonMarkers[]) {
  return registers.map((r) => {
    let on = 0;
    let ended = 0;
    for (const p of people) {
      for (const reason of p.reasons) {
        if (reason.marker !== r.marker) continue;
        if (reason.state === 'on') on++;
        else ended++;
      }
    }
    return { marker: r.marker, ...(r.label === undefined ? {} : { label: r.label }), people: on, ended };
  });
}
