import * as z from 'zod';
import { addDaysUnchecked as addDays, IsoDateSchema, type IsoDate } from '../../core/dates.js';
import { createRng, type Rng } from '../../core/random.js';
import { parseInput } from '../../core/validation.js';
import type { Codelist } from '../codelists/codelist.js';
import { HFRS_POINTS } from '../builtins/hfrs.js';
import { EFI_DEFICITS } from '../builtins/frailty.js';
import type { CodedEvent } from '../events/event.js';
import { MarkerEntrySchema } from '../../segmentation/records/person.js';
import { takePeople } from '../derive/derive-markers.js';
import { PhmValidationError } from '../../core/errors.js';
import { errorText } from '../../core/snapshot.js';
import { syntheticCodelists, syntheticCodesOf, unlistedCode } from './codelists.js';

const PersonShape = z.object({ id: z.string().min(1), birthDate: IsoDateSchema, markers: z.array(MarkerEntrySchema).max(10_000) });

/** One person, checked: a synthetic population's people always pass; anything else is refused with its index. */
function personAt(read: () => unknown, index: number): z.output<typeof PersonShape> {
  let parsed: ReturnType<typeof PersonShape.safeParse>;
  try {
    parsed = PersonShape.safeParse(read());
  } catch (error) {
    const message = `Could not be read: ${errorText(error)}`;
    throw new PhmValidationError(`Invalid options: people[${index}]: ${message}`, [{ path: ['people', index], message }]);
  }
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = ['people', index, ...(issue?.path ?? []).map((k) => (typeof k === 'symbol' ? String(k) : k))];
  throw new PhmValidationError(`Invalid options: people[${index}]: ${issue?.message ?? 'not a person'}`, [{ path, message: issue?.message ?? 'not a person' }]);
}

/**
 * Zod schema of the options of {@link syntheticEvents}.
 *
 * @example
 * SyntheticEventsOptionsSchema.parse({ people: [], seed: 1 }).asOf // '2024-04-01'
 */
export const SyntheticEventsOptionsSchema = z.strictObject({
  /** People as `syntheticPopulation` makes them (or any with id, birthDate and markers). */
  people: z.array(z.object({ id: z.string().min(1), birthDate: IsoDateSchema, markers: z.array(z.unknown()) })).max(2_000_000).readonly(),
  seed: z.number().int(),
  /** The date the events lead up to: the population's `asOf`. Default 2024-04-01. */
  asOf: IsoDateSchema.default('2024-04-01'),
  /** How many rounds of noise each person gets (codes that derive nothing new): 1 by default, more for a benchmark's tens of millions of events. */
  noise: z.number().int().min(0).max(100).default(1),
});

/**
 * Options of {@link syntheticEvents}: the `people`, a `seed`, and the population's `asOf`.
 *
 * @example
 * const options: SyntheticEventsOptions = { people: syntheticPopulation({ size: 1000, seed: 7 }), seed: 7 };
 */
export type SyntheticEventsOptions = z.input<typeof SyntheticEventsOptionsSchema>;

/** The codes that derive each catalogue marker a built-in register sets, and any drug it needs recently. */
const RECIPES: Readonly<Record<string, { readonly code: string; readonly recent?: { readonly code: string; readonly days: number }; readonly also?: string }>> = {
  'ltc-asthma': { code: 'AST_COD', recent: { code: 'ASTTRT_COD', days: 330 } },
  'ltc-copd': { code: 'COPD_COD' },
  'ltc-diabetes': { code: 'DM_COD' },
  'ltc-hypertension': { code: 'HYP_COD' },
  'ltc-chd': { code: 'CHD_COD' },
  'ltc-heart-failure': { code: 'HF_COD' },
  'ltc-atrial-fibrillation': { code: 'AFIB_COD' },
  'ltc-ckd': { code: 'CKD_COD' },
  'ltc-stroke-tia': { code: 'STRK_COD' },
  'ltc-epilepsy': { code: 'EPIL_COD', recent: { code: 'EPILDRUG_COD', days: 160 } },
  'ltc-peripheral-arterial-disease': { code: 'PAD_COD' },
  'ltc-osteoporosis': { code: 'FF_COD', recent: { code: 'OSTEO_COD', days: 3000 }, also: 'DXA_COD' },
  'ltc-rheumatoid-arthritis': { code: 'RARTH_COD' },
  'ltc-depression': { code: 'DEPR_COD' },
  'ltc-non-diabetic-hyperglycaemia': { code: 'NDH_COD' },
  dementia: { code: 'DEM_COD' },
  'serious-mental-illness': { code: 'MH_COD' },
  'learning-disability': { code: 'LD_COD' },
  autism: { code: 'AUTISM_COD' },
  adhd: { code: 'ADHD_COD' },
  cancer: { code: 'CAN_COD' },
  'end-of-life': { code: 'PALCARE_COD' },
  'frailty-mild': { code: 'MILDFRAIL_COD' },
  'frailty-moderate': { code: 'MODFRAIL_COD' },
  'frailty-severe': { code: 'SEVFRAIL_COD' },
};

/** The resolution cluster of each diagnosis that has one, for markers whose synthetic episode ended. */
const RESOLVED: Readonly<Record<string, string>> = {
  AST_COD: 'ASTRES_COD', COPD_COD: 'COPDRES_COD', DM_COD: 'DMRES_COD', HYP_COD: 'HYPRES_COD', HF_COD: 'HFRES_COD', AFIB_COD: 'AFIBRES_COD',
  CKD_COD: 'CKDRES_COD', EPIL_COD: 'EPILRES_COD', DEPR_COD: 'DEPRES_COD', MH_COD: 'MHREM_COD',
};

/** Where a code's date may fall: after the birth, after the rules' fixed start dates, before asOf. */
const EARLIEST: Readonly<Record<string, IsoDate>> = { FF_COD: '2014-04-01', DEPR_COD: '2006-04-01', CAN_COD: '2003-04-01', PALCARE_COD: '2008-04-01' };

const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

function markerOf(entry: unknown): { id: string; from?: string; to?: string } | undefined {
  if (typeof entry === 'string') return { id: entry };
  if (typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string') return entry as { id: string; from?: string; to?: string };
  return undefined;
}

/**
 * Coded events consistent with a synthetic population: each marker a built-in register sets is
 * backed by the codes that derive it (a diagnosis dated as the marker is, a recent drug where the
 * register needs one, a resolution the day after a dated marker ended, a coded frailty
 * assessment), with noise around them: resolved diagnoses, asthma without a recent drug, a few
 * eFI deficits, hospital diagnoses for the HFRS, codes in no codelist and codes after `asOf`.
 * Coded with {@link syntheticCodelists}, returned with them. Markers no built-in register sets
 * (pregnancy, the Bridges to Health and HFRS markers: the noise's hospital codes set HFRS markers of their own) get no codes, and where a register's age floor or
 * its one-category frailty rule does not let a marker through, the derived markers differ from
 * the person's own: docs/registers.md lists the cases.
 *
 * @example
 * const people = syntheticPopulation({ size: 1000, seed: 7, asOf: '2025-03-31' });
 * const { events, codelists } = syntheticEvents({ people, seed: 7, asOf: '2025-03-31' });
 * deriveMarkers(events, BUILT_IN_REGISTERS, { asOf: '2025-03-31', people, codelists });
 */
export function syntheticEvents(options: SyntheticEventsOptions): { events: CodedEvent[]; codelists: Codelist[] } {
  // People are read one at a time (a population of millions is more than an options object may hold).
  const { people: rows, rest } = takePeople(options);
  const o = { ...parseInput(SyntheticEventsOptionsSchema.omit({ people: true }), rest, 'options'), people: Array.from({ length: rows.length }, (_, i) => personAt(() => rows[i], i)) };
  const rng = createRng(o.seed);
  const events: CodedEvent[] = [];
  const code = (name: string) => rng.pick(syntheticCodesOf(name));
  for (const person of o.people) {
    const add = (name: string, date: IsoDate, value?: number) => events.push({ personId: person.id, code: code(name), date, ...(value === undefined ? {} : { value }) });
    const past = (earliest: IsoDate) => {
      const from = later(person.birthDate, earliest);
      if (from > o.asOf) return o.asOf;
      const span = Math.round((Date.parse(o.asOf) - Date.parse(from)) / 86_400_000);
      return addDays(o.asOf, -rng.int(0, Math.max(0, Math.min(span, 7300))));
    };
    const has = new Set<string>();
    for (const raw of person.markers) {
      const marker = markerOf(raw);
      const recipe = marker === undefined ? undefined : RECIPES[marker.id];
      if (marker === undefined || recipe === undefined) continue;
      has.add(marker.id);
      const earliest = EARLIEST[recipe.code] ?? '0001-01-01';
      const from = marker.from !== undefined && marker.from >= later(person.birthDate, earliest) && marker.from <= o.asOf ? marker.from : past(earliest);
      add(recipe.code, from);
      const resolved = RESOLVED[recipe.code];
      if (marker.to !== undefined && marker.to < o.asOf && marker.to >= from && resolved !== undefined) add(resolved, addDays(marker.to, 1));
      if (recipe.recent !== undefined) add(recipe.recent.code, later(from, addDays(o.asOf, -rng.int(0, recipe.recent.days))));
      if (recipe.also !== undefined) add(recipe.also, from);
    }
    for (let round = 0; round < o.noise; round++) noise(rng, person, has, o.asOf, add, events);
  }
  return { events, codelists: syntheticCodelists() };
}

/** Codes that derive no marker, or not the one they seem to. */
function noise(rng: Rng, person: { id: string; birthDate: string }, has: ReadonlySet<string>, asOf: IsoDate, add: (name: string, date: IsoDate, value?: number) => void, events: CodedEvent[]): void {
  const ago = (min: number, max: number) => later(person.birthDate, addDays(asOf, -rng.int(min, max)));
  if (!has.has('ltc-diabetes') && rng.chance(0.03)) {
    const d = ago(400, 4000);
    add('DM_COD', d);
    add('DMRES_COD', later(d, ago(1, 399)));
  }
  if (!has.has('ltc-asthma') && rng.chance(0.04)) {
    add('AST_COD', ago(800, 6000));
    add('ASTTRT_COD', ago(400, 790));
  }
  if (rng.chance(0.3)) for (let k = rng.int(1, 3); k > 0; k--) events.push({ personId: person.id, code: unlistedCode(rng.int(0, 500)), date: ago(0, 3000) });
  if (rng.chance(0.02)) add('HYP_COD', addDays(asOf, rng.int(1, 60)));
  if (rng.chance(0.15)) for (let k = rng.int(1, 4); k > 0; k--) add(rng.pick(EFI_DEFICITS).codelist, ago(0, 5000));
  const age = Number(asOf.slice(0, 4)) - Number(person.birthDate.slice(0, 4));
  if (age >= 65 && rng.chance(0.15)) {
    // Hospital diagnoses, written as English hospital data writes them: with a dot, or X-filled.
    for (let k = rng.int(1, 6); k > 0; k--) {
      const category = rng.pick(HFRS_POINTS).code;
      events.push({ personId: person.id, code: rng.chance(0.5) ? `${category}X` : `${category}.${rng.int(0, 9)}`, date: ago(0, 900) });
    }
  }
}
