import * as z from 'zod';
import { deepFreeze } from '../../core/freeze.js';
import { parseInput } from '../../core/validation.js';
import { defineCodelist, type Codelist } from '../codelists/codelist.js';
import { defineRegister, type Register } from '../rules/register.js';
import type { RegisterRule } from '../rules/rule.js';

/**
 * The Hospital Frailty Risk Score's 109 ICD-10 categories and their points, as published:
 * Gilbert T, Neuburger J, Kraindler J, et al. Development and validation of a Hospital Frailty
 * Risk Score focusing on older people in acute care settings using electronic hospital records:
 * an observational study. Lancet 2018;391(10132):1775-1782, appendix (the points awarded to each
 * three-character ICD-10 code). Carried over from the table the HFRS R package ships
 * (github.com/jamesvanoppen/hfrs, inst/extdata/points.tsv, commit 0e5f3cd); the points sum to
 * 173.2. These are published facts (codes and weights), not a licensed code list.
 *
 * @example
 * HFRS_POINTS.length  // 109
 * HFRS_POINTS[0]      // { code: 'F00', points: '7.1', description: 'Dementia in Alzheimer’s disease' }
 */
export const HFRS_POINTS: readonly { readonly code: string; readonly points: string; readonly description: string }[] = /* @__PURE__ */ deepFreeze(
  (
    [
  ['F00', '7.1', "Dementia in Alzheimer’s disease"],
  ['G81', '4.4', "Hemiplegia"],
  ['G30', '4', "Alzheimer’s disease"],
  ['I69', '3.7', "Sequelae of cerebrovascular disease (secondary codes)"],
  ['R29', '3.6', "Other symptoms and signs involving the nervous and musculoskeletal systems (R29.6 Tendency to fall)"],
  ['N39', '3.2', "Other disorders of urinary system (includes urinary tract infection and urinary incontinence)"],
  ['F05', '3.2', "\"Delirium, not induced by alcohol and other psychoactive substances\""],
  ['W19', '3.2', "Unspecified fall"],
  ['S00', '3.2', "Superficial injury of head"],
  ['R31', '3', "Unspecified haematuria"],
  ['B96', '2.9', "Other bacterial agents as the cause of diseases classified to other chapters (secondary code)"],
  ['R41', '2.7', "Other symptoms and signs involving cognitive functions and awareness"],
  ['R26', '2.6', "Abnormalities of gait and mobility"],
  ['I67', '2.6', "Other cerebrovascular diseases"],
  ['R56', '2.6', "\"Convulsions, not elsewhere classified\""],
  ['R40', '2.5', "\"Somnolence, stupor and coma\""],
  ['T83', '2.4', "\"Complications of genitourinary prosthetic devices, implants and grafts\""],
  ['S06', '2.4', "Intracranial injury"],
  ['S42', '2.3', "Fracture of shoulder and upper arm"],
  ['E87', '2.3', "\"Other disorders of fluid, electrolyte and acidbase balance\""],
  ['M25', '2.3', "\"Other joint disorders, not elsewhere classified\""],
  ['E86', '2.3', "Volume depletion"],
  ['R54', '2.2', "Senility"],
  ['Z50', '2.1', "Care involving use of rehabilitation procedures"],
  ['F03', '2.1', "Unspecified dementia"],
  ['W18', '2.1', "Other fall on same level"],
  ['Z75', '2', "Problems related to medical facilities and other health care"],
  ['F01', '2', "Vascular dementia"],
  ['S80', '2', "Superficial injury of lower leg"],
  ['L03', '2', "Cellulitis"],
  ['H54', '1.9', "Blindness and low vision"],
  ['E53', '1.9', "Deficiency of other B group vitamins"],
  ['Z60', '1.8', "Problems related to social environment"],
  ['G20', '1.8', "Parkinsons disease"],
  ['R55', '1.8', "Syncope and collapse"],
  ['S22', '1.8', "\"Fracture of rib(s), sternum and thoracic spine\""],
  ['K59', '1.8', "Other functional intestinal disorders"],
  ['N17', '1.8', "Acute renal failure"],
  ['L89', '1.7', "Decubitus ulcer"],
  ['Z22', '1.7', "Carrier of infectious disease"],
  ['B95', '1.7', "Streptococcus and staphylococcus as the cause of diseases classified to other chapters"],
  ['L97', '1.6', "\"Ulcer of lower limb, not elsewhere classified\""],
  ['R44', '1.6', "Other symptoms and signs involving general sensations and perceptions"],
  ['K26', '1.6', "Duodenal ulcer"],
  ['I95', '1.6', "Hypotension"],
  ['N19', '1.6', "Unspecified renal failure"],
  ['A41', '1.6', "Other septicaemia"],
  ['Z87', '1.5', "Personal history of other diseases and conditions"],
  ['J96', '1.5', "\"Respiratory failure, not elsewhere classified\""],
  ['X59', '1.5', "Exposure to unspecified factor"],
  ['M19', '1.5', "Other arthrosis"],
  ['G40', '1.5', "Epilepsy"],
  ['M81', '1.4', "Osteoporosis without pathological fracture"],
  ['S72', '1.4', "Fracture of femur"],
  ['S32', '1.4', "Fracture of lumbar spine and pelvis"],
  ['E16', '1.4', "Other disorders of pancreatic internal secretion"],
  ['R94', '1.4', "Abnormal results of function studies"],
  ['N18', '1.4', "Chronic renal failure"],
  ['R33', '1.3', "Retention of urine"],
  ['R69', '1.3', "Unknown and unspecified causes of morbidity"],
  ['N28', '1.3', "\"Other disorders of kidney and ureter, not elsewhere classified\""],
  ['R32', '1.2', "Unspecified urinary incontinence"],
  ['G31', '1.2', "\"Other degenerative diseases of nervous system, not elsewhere classified\""],
  ['Y95', '1.2', "Nosocomial condition"],
  ['S09', '1.2', "Other and unspecified injuries of head"],
  ['R45', '1.2', "Symptoms and signs involving emotional state"],
  ['G45', '1.2', "Transient cerebral ischaemic attacks and related syndromes"],
  ['Z74', '1.1', "Problems related to care-provider dependency"],
  ['M79', '1.1', "\"Other soft tissue disorders, not elsewhere classified\""],
  ['W06', '1.1', "Fall involving bed"],
  ['S01', '1.1', "Open wound of head"],
  ['A04', '1.1', "Other bacterial intestinal infections"],
  ['A09', '1.1', "Diarrhoea and gastroenteritis of presumed infectious origin"],
  ['J18', '1.1', "\"Pneumonia, organism unspecified\""],
  ['J69', '1', "Pneumonitis due to solids and liquids"],
  ['R47', '1', "\"Speech disturbances, not elsewhere classified\""],
  ['E55', '1', "Vitamin D deficiency"],
  ['Z93', '1', "Artificial opening status"],
  ['R02', '1', "\"Gangrene, not elsewhere classified\""],
  ['R63', '0.9', "Symptoms and signs concerning food and fluid intake"],
  ['H91', '0.9', "Other hearing loss"],
  ['W10', '0.9', "Fall on and from stairs and steps"],
  ['W01', '0.9', "\"Fall on same level from slipping, tripping and stumbling\""],
  ['E05', '0.9', "Thyrotoxicosis [hyperthyroidism]"],
  ['M41', '0.9', "Scoliosis"],
  ['R13', '0.8', "Dysphagia"],
  ['Z99', '0.8', "Dependence on enabling machines and devices"],
  ['U80', '0.8', "Agent resistant to penicillin and related antibiotics"],
  ['M80', '0.8', "Osteoporosis with pathological fracture"],
  ['K92', '0.8', "Other diseases of digestive system"],
  ['I63', '0.8', "Cerebral Infarction"],
  ['N20', '0.7', "Calculus of kidney and ureter"],
  ['F10', '0.7', "Mental and behavioural disorders due to use of alcohol"],
  ['Y84', '0.7', "Other medical procedures as the cause of abnormal reaction of the patient"],
  ['R00', '0.7', "Abnormalities of heart beat"],
  ['J22', '0.7', "Unspecified acute lower respiratory infection"],
  ['Z73', '0.6', "Problems related to life-management difficulty"],
  ['R79', '0.6', "Other abnormal findings of blood chemistry"],
  ['Z91', '0.5', "\"Personal history of risk-factors, not elsewhere classified\""],
  ['S51', '0.5', "Open wound of forearm"],
  ['F32', '0.5', "Depressive episode"],
  ['M48', '0.5', "Spinal stenosis (secondary code only)"],
  ['E83', '0.4', "Disorders of mineral metabolism"],
  ['M15', '0.4', "Polyarthrosis"],
  ['D64', '0.4', "Other anaemias"],
  ['L08', '0.4', "Other local infections of skin and subcutaneous tissue"],
  ['R11', '0.3', "Nausea and vomiting"],
  ['K52', '0.3', "Other noninfective gastroenteritis and colitis"],
  ['R50', '0.1', "Fever of unknown origin"],
    ] as const
  ).map(([code, points, description]) => ({ code, points, description })),
);

/**
 * The Hospital Frailty Risk Score's bands (Gilbert et al. 2018): low below 5, intermediate 5 to
 * 15, high above 15.
 *
 * @example
 * HFRS_BANDS.intermediate // { atLeast: '5', atMost: '15' }
 */
export const HFRS_BANDS = /* @__PURE__ */ deepFreeze({ low: { below: '5' }, intermediate: { atLeast: '5', atMost: '15' }, high: { above: '15' } } as const);

/**
 * How far back hospital diagnoses are read: two years, as in the paper's derivation.
 *
 * @example
 * HFRS_LOOK_BACK // { months: 24 }
 */
export const HFRS_LOOK_BACK = /* @__PURE__ */ deepFreeze({ months: 24 } as const);

/**
 * The codelists the HFRS reads, one an ICD-10 category, each named `HFRS_` and the category
 * and matching every code in it (`F00` matches `F00.1`, `F001` and `F00X`). Made from
 * {@link HFRS_POINTS}: pass them to `deriveMarkers` and `registersToSql` with your own.
 *
 * @example
 * hfrsCodelists()[0] // { name: 'HFRS_F00', system: 'icd10', match: 'prefix', codes: ['F00'] }
 */
export function hfrsCodelists(): Codelist[] {
  return HFRS_POINTS.map((p) => defineCodelist({ name: `HFRS_${p.code}`, system: 'icd10', match: 'prefix', codes: [p.code] }));
}

/**
 * The HFRS as a score rule in one band: each category recorded in hospital diagnoses within
 * the look-back counts its points once, however often it was coded.
 *
 * @example
 * const high: RegisterRule = hfrsRule('high');
 */
export function hfrsRule(band: keyof typeof HFRS_BANDS): RegisterRule {
  band = parseInput(z.enum(['low', 'intermediate', 'high']), band, 'HFRS band');
  return { score: HFRS_POINTS.map((p) => ({ rule: { code: `HFRS_${p.code}`, within: HFRS_LOOK_BACK }, weight: p.points, label: p.code })), ...HFRS_BANDS[band] };
}

/**
 * Registers setting `hfrs-intermediate-risk` and `hfrs-high-risk` from hospital (ICD-10)
 * diagnoses, for people aged `minimumAge` or over: 75 in the paper, the default; 65 in NHS
 * England's national segmentation dataset. Each marker's reason carries the score.
 *
 * @example
 * const national = createHfrsRegisters({ minimumAge: 65 });
 * deriveMarkers(hospitalEvents, national, { asOf, people, codelists: hfrsCodelists() });
 */
export function createHfrsRegisters(options: { readonly minimumAge?: number } = {}): Register[] {
  const age = parseInput(z.strictObject({ minimumAge: z.number().int().min(0).max(150).default(75) }), options, 'options').minimumAge;
  const band = (marker: string, which: 'intermediate' | 'high', label: string) =>
    defineRegister({
      marker,
      label,
      source: `Hospital Frailty Risk Score (Gilbert et al., Lancet 2018), ${which} band, aged ${age} or over, ICD-10 diagnoses in the last 24 months`,
      rule: { all: [{ ageAtLeast: age }, hfrsRule(which)] },
    });
  return [band('hfrs-intermediate-risk', 'intermediate', 'HFRS 5 to 15'), band('hfrs-high-risk', 'high', 'HFRS above 15')];
}
