import * as z from 'zod';
import { deepFreeze } from '../../core/freeze.js';

/**
 * A marker is a fact about a person that a data pipeline records and a segmentation rule reads:
 * a condition register entry, a status (pregnant, at end of life), a frailty category. Marker
 * ids are part of phm-kit's public contract: pipelines produce them, models consume them.
 * This is the zod schema of one marker's definition.
 *
 * @example
 * MarkerDefinitionSchema.parse({ id: 'housebound', label: 'Housebound', category: 'status', description: 'Coded as housebound in primary care.' });
 */
export const MarkerDefinitionSchema = z.strictObject({
  /** Stable kebab-case id, e.g. `ltc-asthma`. */
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Marker ids are kebab-case: lower-case letters, digits and single hyphens'),
  label: z.string().min(1),
  /** What the marker means and how a pipeline would usually derive it. */
  description: z.string().min(1),
  /** Grouping for documentation and for rules such as "at least one long-term condition". */
  category: z.enum(['status', 'frailty', 'condition', 'long-term-condition', 'disability', 'bridges-to-health']),
  /** The national register or code set it usually comes from, where there is one. */
  source: z.string().min(1).optional(),
});

/**
 * One entry of a marker catalogue: a marker's id, label, category, meaning and usual source.
 * Models declare markers of their own in this shape, in their `markers`.
 *
 * @example
 * const housebound: MarkerDefinition = { id: 'housebound', label: 'Housebound', category: 'status', description: 'Coded as housebound in primary care.' };
 */
export type MarkerDefinition = z.infer<typeof MarkerDefinitionSchema>;

/** A catalogue entry; its id keeps its literal type, so that `CatalogueMarkerId` lists the ids. */
const marker = <const Id extends string>(
  id: Id,
  label: string,
  category: MarkerDefinition['category'],
  description: string,
  source?: string,
): MarkerDefinition & { readonly id: Id } => (source === undefined ? { id, label, category, description } : { id, label, category, description, source });

/** Where the national segmentation dataset's conditions that QOF has no register for are defined. */
const NATIONAL_DEFINITIONS = 'NHS England National Bridges to Health Segmentation Dataset (Outcomes Based Healthcare condition definitions)';

/** A long-term condition of the national segmentation dataset that has no QOF register. */
const nationalCondition = <const Id extends string>(id: Id, label: string, description: string) => marker(id, label, 'long-term-condition', description, NATIONAL_DEFINITIONS);

/**
 * The long-term conditions the Leeds models count, as `ltc-*` markers: the QOF disease
 * registers of chronic physical and common mental conditions. Dementia, serious mental
 * illness, learning disability, cancer and palliative care also have QOF registers but are
 * segments or statuses of their own, so they have their own markers. The national dataset's
 * further conditions are {@link NATIONAL_LONG_TERM_CONDITION_MARKERS}.
 *
 * @example
 * LONG_TERM_CONDITION_MARKERS.find((m) => m.id === 'ltc-copd')?.source // 'QOF COPD'
 */
export const LONG_TERM_CONDITION_MARKERS = /* @__PURE__ */ deepFreeze([
  marker('ltc-asthma', 'Asthma', 'long-term-condition', 'On the asthma register.', 'QOF AST'),
  marker('ltc-copd', 'Chronic obstructive pulmonary disease', 'long-term-condition', 'On the COPD register.', 'QOF COPD'),
  marker('ltc-diabetes', 'Diabetes mellitus', 'long-term-condition', 'On the diabetes register (type 1 or type 2), aged 17 or over in QOF.', 'QOF DM'),
  marker('ltc-hypertension', 'Hypertension', 'long-term-condition', 'On the hypertension register.', 'QOF HYP'),
  marker('ltc-chd', 'Coronary heart disease', 'long-term-condition', 'On the coronary heart disease register (angina, myocardial infarction).', 'QOF CHD'),
  marker('ltc-heart-failure', 'Heart failure', 'long-term-condition', 'On the heart failure register.', 'QOF HF'),
  marker('ltc-atrial-fibrillation', 'Atrial fibrillation', 'long-term-condition', 'On the atrial fibrillation register.', 'QOF AF'),
  marker('ltc-ckd', 'Chronic kidney disease', 'long-term-condition', 'On the CKD register (stages 3a to 5), aged 18 or over.', 'QOF CKD'),
  marker('ltc-stroke-tia', 'Stroke or transient ischaemic attack', 'long-term-condition', 'On the stroke and TIA register.', 'QOF STIA'),
  marker('ltc-epilepsy', 'Epilepsy', 'long-term-condition', 'On the epilepsy register, aged 18 or over in QOF.', 'QOF EP'),
  marker('ltc-peripheral-arterial-disease', 'Peripheral arterial disease', 'long-term-condition', 'On the peripheral arterial disease register.', 'QOF PAD'),
  marker('ltc-osteoporosis', 'Osteoporosis', 'long-term-condition', 'On the osteoporosis register (fragility fracture), aged 50 or over.', 'QOF OST'),
  marker('ltc-rheumatoid-arthritis', 'Rheumatoid arthritis', 'long-term-condition', 'On the rheumatoid arthritis register, aged 16 or over.', 'QOF RA'),
  marker('ltc-depression', 'Depression', 'long-term-condition', 'On the depression register, aged 18 or over.', 'QOF DEP'),
  marker('ltc-non-diabetic-hyperglycaemia', 'Non-diabetic hyperglycaemia', 'long-term-condition', 'On the non-diabetic hyperglycaemia register (pre-diabetes).', 'QOF NDH'),
] as const satisfies readonly MarkerDefinition[]);

/**
 * The national segmentation dataset's long-term conditions that QOF has no register for, as
 * `ltc-*` markers: Bridges to Health reads them. They are not in
 * {@link LONG_TERM_CONDITION_MARKERS}, so the Leeds models, which count the QOF registers, give
 * what they gave before; a model of your own can read both.
 *
 * @example
 * NATIONAL_LONG_TERM_CONDITION_MARKERS.map((m) => m.id).includes('ltc-osteoarthritis') // true
 */
export const NATIONAL_LONG_TERM_CONDITION_MARKERS = /* @__PURE__ */ deepFreeze([
  nationalCondition('ltc-alcohol-dependence', 'Alcohol dependence', 'Alcohol dependence, as the national segmentation dataset defines it.'),
  nationalCondition('ltc-bronchiectasis', 'Bronchiectasis', 'Bronchiectasis, recorded in primary care or hospital data.'),
  nationalCondition('ltc-chronic-liver-disease', 'Chronic liver disease', 'Chronic liver disease (cirrhosis, fibrosis, chronic hepatitis); liver failure has its own marker.'),
  nationalCondition('ltc-chronic-pain', 'Chronic pain', 'Chronic pain, as the national segmentation dataset defines it.'),
  nationalCondition('ltc-cystic-fibrosis', 'Cystic fibrosis', 'Cystic fibrosis.'),
  nationalCondition('ltc-inflammatory-bowel-disease', 'Inflammatory bowel disease', "Crohn's disease or ulcerative colitis."),
  nationalCondition('ltc-multiple-sclerosis', 'Multiple sclerosis', 'Multiple sclerosis.'),
  nationalCondition('ltc-osteoarthritis', 'Osteoarthritis', 'Osteoarthritis.'),
  nationalCondition('ltc-parkinsons-disease', "Parkinson's disease", "Parkinson's disease."),
  nationalCondition('ltc-pulmonary-heart-disease', 'Pulmonary heart disease', 'Pulmonary heart disease (pulmonary hypertension, cor pulmonale).'),
  nationalCondition('ltc-sarcoidosis', 'Sarcoidosis', 'Sarcoidosis.'),
  nationalCondition('ltc-sickle-cell-disease', 'Sickle cell disease', 'Sickle cell disease.'),
] as const satisfies readonly MarkerDefinition[]);

/**
 * The marker catalogue: every marker a built-in model reads, with its meaning. Models of your
 * own may declare further markers (`defineModel({ markers: [...] })`).
 *
 * @example
 * MARKER_CATALOGUE.find((m) => m.id === 'dementia')?.source                    // 'QOF DEM'
 * MARKER_CATALOGUE.filter((m) => m.category === 'frailty').map((m) => m.id) // ['frailty-mild', 'frailty-moderate', 'frailty-severe', 'hfrs-intermediate-risk', 'hfrs-high-risk']
 */
export const MARKER_CATALOGUE = /* @__PURE__ */ deepFreeze([
  marker('end-of-life', 'End of life', 'status', 'Expected to be in the last year of life: on a palliative care or end-of-life register, or with an end-of-life care plan. Date it where known.', 'QOF PC'),
  marker('pregnancy', 'Pregnancy', 'status', 'Pregnant. Give `from` (conception or booking) and `to` (end of pregnancy) so that the weeks after birth can be recognised.'),
  marker('frailty-mild', 'Mild frailty', 'frailty', 'Mild frailty on the electronic frailty index (eFI) or a clinical frailty assessment. No built-in model reads it: it is there for models of your own, and for counts.', 'eFI'),
  marker('frailty-moderate', 'Moderate frailty', 'frailty', 'Moderate frailty on the electronic frailty index (eFI) or a clinical frailty assessment.', 'eFI'),
  marker('frailty-severe', 'Severe frailty', 'frailty', 'Severe frailty on the electronic frailty index (eFI) or a clinical frailty assessment.', 'eFI'),
  marker('hfrs-intermediate-risk', 'Hospital Frailty Risk Score 5 to 15', 'frailty', 'An intermediate Hospital Frailty Risk Score (5 to 15) from two years of hospital diagnoses (Gilbert et al., Lancet 2018).', 'HFRS'),
  marker('hfrs-high-risk', 'Hospital Frailty Risk Score above 15', 'frailty', 'A high Hospital Frailty Risk Score (above 15) from two years of hospital diagnoses (Gilbert et al., Lancet 2018).', 'HFRS'),
  marker('cancer', 'Cancer', 'condition', 'On the cancer register: a cancer diagnosis, excluding non-melanoma skin cancer, usually since 2003.', 'QOF CAN'),
  marker(
    'cancer-diagnosis-or-treatment',
    'Cancer diagnosed or treated',
    'condition',
    'A cancer diagnosis or a course of cancer treatment (chemotherapy, radiotherapy, immunotherapy, cancer surgery), one dated entry each: from the diagnosis or the start of the course to its end (the same day for a diagnosis). Read with a look-back, it says who had cancer care recently, where `cancer` holds survivors too.',
    'Cancer registration, SACT, RTDS and SUS (OPCS-4)',
  ),
  marker('serious-mental-illness', 'Serious mental illness', 'condition', 'Schizophrenia, bipolar affective disorder or other psychoses, or on lithium therapy.', 'QOF MH'),
  marker('learning-disability', 'Learning disability', 'disability', 'On the learning disability register.', 'QOF LD'),
  marker('autism', 'Autism', 'disability', 'A recorded diagnosis of autism or autism spectrum condition.'),
  marker('adhd', 'ADHD', 'disability', 'A recorded diagnosis of attention deficit hyperactivity disorder.'),
  marker('dementia', 'Dementia', 'condition', 'On the dementia register.', 'QOF DEM'),
  ...LONG_TERM_CONDITION_MARKERS,
  ...NATIONAL_LONG_TERM_CONDITION_MARKERS,
  marker('incurable-cancer', 'Incurable cancer', 'bridges-to-health', 'A cancer that cannot be cured: metastatic or otherwise incurable, as in the national segmentation dataset.', 'NHS England segmentation dataset'),
  marker('organ-failure-heart', 'Severe heart failure', 'bridges-to-health', 'Heart failure with limited reserve and exacerbations (organ failure).', 'NHS England segmentation dataset'),
  marker('organ-failure-respiratory', 'Severe COPD', 'bridges-to-health', 'Severe chronic obstructive pulmonary disease with limited reserve (the national Severe_COPD sub-segment); severe interstitial lung disease has its own marker.', 'NHS England segmentation dataset'),
  marker('organ-failure-interstitial-lung-disease', 'Severe interstitial lung disease', 'bridges-to-health', 'Severe interstitial lung disease (pulmonary fibrosis) with limited reserve (the national Severe_Interstitial_Lung_Disease sub-segment).', 'NHS England segmentation dataset'),
  marker('organ-failure-renal', 'End-stage renal failure', 'bridges-to-health', 'End-stage renal failure: dialysis or a kidney transplant, CKD stage 5 recorded in hospital, or CKD stage 4 with 4 or more emergency admissions in 12 months (the national End_Stage_Renal_Failure definition).', 'NHS England segmentation dataset'),
  marker('organ-failure-liver', 'Liver failure', 'bridges-to-health', 'Liver failure, including liver transplant.', 'NHS England segmentation dataset'),
  marker('organ-failure-neurological', 'Neurological organ failure', 'bridges-to-health', 'Progressive neurological conditions with limited reserve, such as motor neurone disease.', 'NHS England segmentation dataset'),
  marker('physical-disability', 'Physical disability', 'bridges-to-health', 'A stable but serious physical disability.', 'NHS England segmentation dataset'),
  marker('sensory-impairment', 'Sensory impairment', 'disability', 'Serious visual or hearing impairment. Not a flag of the national segmentation dataset; no built-in model reads it: it is there for models of your own, and for counts.'),
] as const satisfies readonly MarkerDefinition[]);

/**
 * A marker id from the built-in catalogue: typing an id with it makes a misspelling a type error.
 *
 * @example
 * const id: CatalogueMarkerId = 'ltc-diabetes';
 */
export type CatalogueMarkerId = (typeof MARKER_CATALOGUE)[number]['id'];

/**
 * A marker id as records and rules carry it: any non-empty string, typed so that an editor
 * offers the catalogue's ids as you type (`'ltc-'` lists the long-term conditions) while a
 * model's own ids, and ids read from untyped data, stay allowed.
 *
 * @example
 * const asthma: MarkerId = 'ltc-asthma';  // offered by the editor
 * const local: MarkerId = 'housebound';   // a model's own marker: allowed too
 */
export type MarkerId = CatalogueMarkerId | (string & {});

/**
 * The ids of the QOF `ltc-*` long-term condition markers ({@link LONG_TERM_CONDITION_MARKERS}),
 * in catalogue order.
 *
 * @example
 * const multimorbidity: Rule = { atLeast: 2, of: LONG_TERM_CONDITION_IDS };
 */
export const LONG_TERM_CONDITION_IDS: readonly CatalogueMarkerId[] = /* @__PURE__ */ Object.freeze(LONG_TERM_CONDITION_MARKERS.map((m) => m.id));
