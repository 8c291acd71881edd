import * as z from 'zod';
import { deepFreeze } from '../../core/freeze.js';
import { parseInput } from '../../core/validation.js';
import { defineRegister, type Register } from '../rules/register.js';
import type { RegisterRule, ScoreItem } from '../rules/rule.js';
import type { BuiltInCodelist } from './qof.js';

/**
 * The 36 deficits of the electronic Frailty Index (Clegg A, Bates C, Young J, et al.
 * Development and validation of an electronic frailty index using routine primary care
 * electronic health record data. Age and Ageing 2016;45(3):353-360, Table 1), each read from a
 * codelist of its own, named `EFI_` and the deficit. A deficit counts when any of its codes is
 * recorded on or before `asOf`; polypharmacy counts when five or more different drugs were
 * prescribed in the 12 months before it.
 *
 * @example
 * EFI_DEFICITS.length // 36
 * EFI_DEFICITS[0]     // { name: 'Activity limitation', codelist: 'EFI_ACTIVITY_LIMITATION' }
 */
export const EFI_DEFICITS: readonly { readonly name: string; readonly codelist: string }[] = /* @__PURE__ */ deepFreeze(
  [
    'Activity limitation', 'Anaemia and haematinic deficiency', 'Arthritis', 'Atrial fibrillation', 'Cerebrovascular disease', 'Chronic kidney disease',
    'Diabetes', 'Dizziness', 'Dyspnoea', 'Falls', 'Foot problems', 'Fragility fracture', 'Hearing impairment', 'Heart failure', 'Heart valve disease',
    'Housebound', 'Hypertension', 'Hypotension or syncope', 'Ischaemic heart disease', 'Memory and cognitive problems', 'Mobility and transfer problems',
    'Osteoporosis', 'Parkinsonism and tremor', 'Peptic ulcer', 'Peripheral vascular disease', 'Polypharmacy', 'Requirement for care', 'Respiratory disease',
    'Skin ulcer', 'Sleep disturbance', 'Social vulnerability', 'Thyroid disease', 'Urinary incontinence', 'Urinary system disease', 'Visual impairment',
    'Weight loss and anorexia',
  ].map((name) => ({ name, codelist: `EFI_${name.toUpperCase().replace(/[^A-Z]+/g, '_')}` })),
);

/**
 * The eFI's categories (Clegg et al. 2016): fit 0 to 0.12, mild frailty above 0.12 to 0.24,
 * moderate above 0.24 to 0.36, severe above 0.36, each band including its upper bound. As the
 * score is a count of 36, no score falls on a cut-off (0.12 x 36 = 4.32): fit is 0-4 deficits,
 * mild 5-8, moderate 9-12, severe 13 or more.
 *
 * @example
 * EFI_CUT_OFFS.moderate // { above: '0.24', atMost: '0.36' }
 */
export const EFI_CUT_OFFS = /* @__PURE__ */ deepFreeze({
  mild: { above: '0.12', atMost: '0.24' },
  moderate: { above: '0.24', atMost: '0.36' },
  severe: { above: '0.36' },
} as const);

const deficitRule = (codelist: string): RegisterRule => (codelist === 'EFI_POLYPHARMACY' ? { count: codelist, atLeast: 5, distinct: 'codes', within: { months: 12 } } : { code: codelist });

/**
 * The eFI score as a rule's items: one point a deficit, labelled with its name.
 *
 * @example
 * EFI_ITEMS[0] // { rule: { code: 'EFI_ACTIVITY_LIMITATION' }, weight: '1', label: 'Activity limitation' }
 */
export const EFI_ITEMS: readonly ScoreItem[] = /* @__PURE__ */ deepFreeze(EFI_DEFICITS.map((d) => ({ rule: deficitRule(d.codelist), weight: '1', label: d.name })));

/**
 * An eFI band as a rule: the score of the 36 deficits, divided by 36, within the band's cut-offs.
 *
 * @example
 * const severe: RegisterRule = efiRule('severe'); // { score: [...36 items], divisor: '36', above: '0.36' }
 */
export function efiRule(band: keyof typeof EFI_CUT_OFFS): RegisterRule {
  const checked = parseInput(z.enum(['mild', 'moderate', 'severe']), band, 'eFI band');
  return { score: EFI_ITEMS, divisor: '36', ...EFI_CUT_OFFS[checked] };
}

/** The coded frailty assessments: a category code, or a Clinical Frailty Scale score as a value. */
const MILD = 'MILDFRAIL_COD';
const MODERATE = 'MODFRAIL_COD';
const SEVERE = 'SEVFRAIL_COD';
const CFS = 'CFS_COD';

/**
 * The Clinical Frailty Scale (Rockwood K et al., CMAJ 2005;173:489-495; version 2.0, 2020)
 * scores read as frailty categories: 5 mild, 6 moderate, 7 to 9 severe (1 to 4 are not frail).
 *
 * @example
 * CFS_CATEGORIES.severe // { atLeast: 7 }
 */
export const CFS_CATEGORIES = /* @__PURE__ */ deepFreeze({ mild: { atLeast: 5, below: 6 }, moderate: { atLeast: 6, below: 7 }, severe: { atLeast: 7 } } as const);

const categories = { mild: MILD, moderate: MODERATE, severe: SEVERE } as const;
type Band = keyof typeof categories;
const ORDER: readonly Band[] = ['mild', 'moderate', 'severe'];

/**
 * The latest coded assessment is in `band`. On one day, a category code outranks a CFS score,
 * and a more severe category a less severe one.
 */
function assessedAs(band: Band): RegisterRule {
  const mine = categories[band];
  const byCode: RegisterRule = {
    all: [
      ...ORDER.filter((b) => b !== band).map((b): RegisterRule => ({ latest: mine, laterThan: categories[b], sameDay: ORDER.indexOf(b) < ORDER.indexOf(band) ? 'holds' : 'fails' })),
      { latest: mine, laterThan: CFS, sameDay: 'holds' },
    ],
  };
  const byScore: RegisterRule = { all: [{ value: CFS, ...CFS_CATEGORIES[band] }, { latest: CFS, laterThan: [MILD, MODERATE, SEVERE] }] };
  return { any: [byCode, byScore] };
}

const assessed: RegisterRule = { any: [{ code: MILD }, { code: MODERATE }, { code: SEVERE }, { code: CFS }] };

/**
 * The age from which the eFI is read: it was developed and validated in people aged 65 and
 * over, as the NHS GMS contract's frailty identification uses it.
 *
 * @example
 * EFI_MINIMUM_AGE // 65
 */
export const EFI_MINIMUM_AGE = 65;

const frailty = (band: Band, marker: string): Register =>
  defineRegister({
    marker,
    label: `${band[0]?.toUpperCase()}${band.slice(1)} frailty (latest coded assessment, else eFI)`,
    source: `The latest coded frailty assessment (${MILD}, ${MODERATE}, ${SEVERE}, or a Clinical Frailty Scale score in ${CFS}: 5 mild, 6 moderate, 7-9 severe) wins; without one, the eFI (Clegg et al. 2016) from age ${EFI_MINIMUM_AGE}: ${band} is a score ${'above' in EFI_CUT_OFFS[band] ? `above ${EFI_CUT_OFFS[band].above}` : ''}${'atMost' in EFI_CUT_OFFS[band] ? ` to ${(EFI_CUT_OFFS[band] as { atMost: string }).atMost}` : ''}`,
    rule: { any: [assessedAs(band), { all: [{ not: assessed }, { ageAtLeast: EFI_MINIMUM_AGE }, efiRule(band)] }] },
  });

/**
 * Frailty registers setting `frailty-mild`, `frailty-moderate` and `frailty-severe`: the latest
 * coded assessment decides (a mild, moderate or severe frailty code, or a Clinical Frailty
 * Scale score), and people with none are placed by their eFI from age 65. Each person is in at
 * most one of the three. The markers are undated: the eFI has no date of onset.
 *
 * @example
 * const derived = deriveMarkers(events, FRAILTY_REGISTERS, { asOf, people, codelists });
 */
export const FRAILTY_REGISTERS: readonly Register[] = /* @__PURE__ */ deepFreeze([frailty('mild', 'frailty-mild'), frailty('moderate', 'frailty-moderate'), frailty('severe', 'frailty-severe')]);

/**
 * The codelists the frailty registers read: the coded assessments and the 36 eFI deficits. The
 * eFI was published with Read v2 codes; SNOMED CT versions are public. phm-kit ships none.
 *
 * @example
 * FRAILTY_CODELISTS.length // 40
 */
export const FRAILTY_CODELISTS: readonly BuiltInCodelist[] = /* @__PURE__ */ deepFreeze([
  { name: MILD, system: 'snomed-ct', description: 'Mild frailty (a coded assessment)', download: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/mildfrail_cod/' },
  { name: MODERATE, system: 'snomed-ct', description: 'Moderate frailty (a coded assessment)', download: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/modfrail_cod/' },
  { name: SEVERE, system: 'snomed-ct', description: 'Severe frailty (a coded assessment)', download: 'https://www.opencodelists.org/codelist/nhsd-primary-care-domain-refsets/sevfrail_cod/' },
  { name: CFS, system: 'snomed-ct', description: 'Clinical Frailty Scale score, with the score as the value', download: 'https://www.opencodelists.org/' },
  ...EFI_DEFICITS.map((d) => ({ name: d.codelist, system: 'snomed-ct' as const, description: `eFI deficit: ${d.name}${d.codelist === 'EFI_POLYPHARMACY' ? ' (the drugs: five or more different ones in 12 months count)' : ''}`, download: 'https://www.opencodelists.org/' })),
]);
