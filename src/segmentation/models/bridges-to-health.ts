import * as z from 'zod';
import { deepFreeze, type DeepReadonly } from '../../core/freeze.js';
import { parseInput } from '../../core/validation.js';
import { defineModel, type SegmentationModel } from '../model/model.js';
import type { Rule } from '../model/rule.js';

/** The national segmentation dataset's own documents, cited by the model and its conditions. */
const REFERENCE_GUIDE = 'NHS England National Bridges to Health Segmentation Dataset reference guide v3.0 (Outcomes Based Healthcare, 2022)';
const DEFINITIONS = 'Outcomes Based Healthcare, "NHSE Subsegment / Condition Definitions" (August 2023)';
const DATA_MODEL =
  'the national data model\'s DIM_SUBSEGMENT_COMBINATIONS and DIM_SEGMENT_COMBINATIONS columns, as NHS England\'s own analysis code reads them (github.com/nhsengland/NHS-DPP-multiple-long-term-conditions-evaluation, "5. create_analysis_dataset_for_matching_NDPP_v1.0.sql")';

/**
 * The national segments below healthy well, by id. Healthy well is the catch-all and always
 * last.
 *
 * @example
 * BRIDGES_TO_HEALTH_SEGMENT_IDS.length // 5
 */
export const BRIDGES_TO_HEALTH_SEGMENT_IDS = ['incurable-cancer', 'organ-failure', 'frailty-and-dementia', 'disability', 'long-term-conditions'] as const;

/**
 * One of the five ranked national segments.
 *
 * @example
 * const first: BridgesToHealthSegmentId = 'incurable-cancer';
 */
export type BridgesToHealthSegmentId = (typeof BRIDGES_TO_HEALTH_SEGMENT_IDS)[number];

/**
 * Two readings of the national precedence, most severe first; neither is published as a rule.
 * - `data-model`: the order of the segment flags in the national data model
 *   (HEALTHY_WELL, LTC, DISABILITY, FRAILTY_DEMENTIA, ORGAN_FAILURE, INCURABLE_CANCER) and of
 *   the sub-segment blocks, read as rising acuity: incurable cancer first.
 * - `lynn-2007`: the original model's numbering (Lynn et al. 2007, table 2), where the long
 *   decline of frailty and dementia is the last segment: frailty and dementia first.
 *
 * @example
 * BRIDGES_TO_HEALTH_PRECEDENCE['lynn-2007'][0] // 'frailty-and-dementia'
 */
export const BRIDGES_TO_HEALTH_PRECEDENCE: Readonly<Record<'data-model' | 'lynn-2007', readonly BridgesToHealthSegmentId[]>> = /* @__PURE__ */ deepFreeze({
  'data-model': ['incurable-cancer', 'organ-failure', 'frailty-and-dementia', 'disability', 'long-term-conditions'],
  'lynn-2007': ['frailty-and-dementia', 'organ-failure', 'incurable-cancer', 'disability', 'long-term-conditions'],
});

const SegmentIdSchema = z.enum(BRIDGES_TO_HEALTH_SEGMENT_IDS);

/**
 * Zod schema of the choices {@link createBridgesToHealthModel} leaves open.
 *
 * @example
 * BridgesToHealthOptionsSchema.parse({}) // { precedence: 'data-model', frailtyMinimumAge: 65, maternalHealthDaysAfter: 0 }
 */
export const BridgesToHealthOptionsSchema = z.strictObject({
  /**
   * Which segment wins when a person is in several: a named order of
   * {@link BRIDGES_TO_HEALTH_PRECEDENCE} (default `'data-model'`) or all five segment ids in an
   * order of your own, with long-term conditions after organ failure and incurable cancer
   * (whose conditions it nests).
   */
  precedence: z
    .union([
      z.enum(['data-model', 'lynn-2007']),
      z
        .array(SegmentIdSchema)
        .length(5, 'List all five segments: incurable-cancer, organ-failure, frailty-and-dementia, disability, long-term-conditions')
        .refine((ids) => new Set(ids).size === ids.length, 'Each segment once')
        // Long-term conditions nest severe COPD, heart failure and renal and liver failure, and incurable cancer: ahead of them, it would take those people.
        .refine(
          (ids) => ids.indexOf('long-term-conditions') > Math.max(ids.indexOf('organ-failure'), ids.indexOf('incurable-cancer')),
          'long-term-conditions must come after organ-failure and incurable-cancer: it nests severe COPD, severe heart failure, end-stage renal failure, liver failure and incurable cancer, so ahead of them it would take those people',
        ),
    ])
    .default('data-model'),
  /** The youngest age at which a Hospital Frailty Risk Score counts. Default 65, as the national definition. */
  frailtyMinimumAge: z.number().int().min(0).max(150).default(65),
  /**
   * Days after a pregnancy marker ends during which the maternal-health overlay still holds.
   * Default 0: the national window ends at the end date maternity data gives (the delivery, or
   * a discharge after it), which a pipeline dating the marker from those data sets as its `to`;
   * give the days of perinatal care to add where your marker ends at the birth.
   */
  maternalHealthDaysAfter: z.number().int().min(0).max(400).default(0),
});

/**
 * The options of {@link createBridgesToHealthModel}: `precedence`, `frailtyMinimumAge` and
 * `maternalHealthDaysAfter`.
 *
 * @example
 * const options: BridgesToHealthOptions = { precedence: BRIDGES_TO_HEALTH_PRECEDENCE['lynn-2007'] };
 */
export type BridgesToHealthOptions = DeepReadonly<z.input<typeof BridgesToHealthOptionsSchema>>;

/** A national sub-segment: its id, its column in the national data model, its label and the rule that sets it. */
interface NationalCondition {
  readonly id: string;
  readonly column: string;
  readonly label: string;
  /** The marker the column sets, read from an extract of the national dataset. */
  readonly marker: string;
  readonly rule: Rule;
}

/** The marker a condition's rule is about: the condition itself, not the severe form it nests or the age it needs. */
function markerOf(rule: Rule): string {
  if ('marker' in rule) return rule.marker;
  const terms = 'any' in rule ? rule.any : 'all' in rule ? rule.all : [];
  const first = terms.find((t) => 'marker' in t) as { marker: string };
  return first.marker;
}

const flag = (id: string, column: string, label: string, rule: Rule): NationalCondition => ({ id, column, label, marker: markerOf(rule), rule });
const on = (marker: string): Rule => ({ marker });
/** A nested condition: the condition, or its severe form (as "all COPD and Severe COPD, as a subset"). */
const nested = (marker: string, severe: string): Rule => ({ any: [on(marker), on(severe)] });

/** The national sub-segments of each segment, in the data model's column order. */
function nationalConditions(frailtyMinimumAge: number): Readonly<Record<BridgesToHealthSegmentId, readonly NationalCondition[]>> {
  const hfrs = (marker: string): Rule => ({ all: [{ ageAtLeast: frailtyMinimumAge }, on(marker)] });
  return {
    'long-term-conditions': [
      flag('alcohol-dependence', 'Alcohol_Dependence', 'Alcohol dependence', on('ltc-alcohol-dependence')),
      flag('asthma', 'Asthma', 'Asthma', on('ltc-asthma')),
      flag('atrial-fibrillation', 'Atrial_Fibrillation', 'Atrial fibrillation', on('ltc-atrial-fibrillation')),
      flag('bronchiectasis', 'Bronchiectasis', 'Bronchiectasis', on('ltc-bronchiectasis')),
      flag('cancer', 'Cancer', 'Cancer', nested('cancer', 'incurable-cancer')),
      flag('cerebrovascular-disease', 'Cerebrovascular_Disease', 'Cerebrovascular disease (stroke and TIA)', on('ltc-stroke-tia')),
      flag('chronic-kidney-disease', 'Chronic_Kidney_Disease', 'Chronic kidney disease', nested('ltc-ckd', 'organ-failure-renal')),
      flag('chronic-liver-disease', 'Chronic_Liver_Disease', 'Chronic liver disease', nested('ltc-chronic-liver-disease', 'organ-failure-liver')),
      flag('chronic-pain', 'Chronic_Pain', 'Chronic pain', on('ltc-chronic-pain')),
      flag('copd', 'COPD', 'COPD', nested('ltc-copd', 'organ-failure-respiratory')),
      flag('coronary-heart-disease', 'Coronary_Heart_Disease', 'Coronary heart disease', on('ltc-chd')),
      flag('cystic-fibrosis', 'Cystic_Fibrosis', 'Cystic fibrosis', on('ltc-cystic-fibrosis')),
      flag('depression', 'Depression', 'Depression', on('ltc-depression')),
      flag('diabetes', 'Diabetes', 'Diabetes', on('ltc-diabetes')),
      flag('epilepsy', 'Epilepsy', 'Epilepsy', on('ltc-epilepsy')),
      flag('heart-failure', 'Heart_Failure', 'Heart failure', nested('ltc-heart-failure', 'organ-failure-heart')),
      flag('hypertension', 'Hypertension', 'Hypertension', on('ltc-hypertension')),
      flag('inflammatory-bowel-disease', 'Inflammatory_Bowel_Disease', 'Inflammatory bowel disease', on('ltc-inflammatory-bowel-disease')),
      flag('multiple-sclerosis', 'Multiple_Sclerosis', 'Multiple sclerosis', on('ltc-multiple-sclerosis')),
      flag('osteoarthritis', 'Osteoarthritis', 'Osteoarthritis', on('ltc-osteoarthritis')),
      flag('osteoporosis', 'Osteoporosis', 'Osteoporosis', on('ltc-osteoporosis')),
      flag('parkinsons-disease', 'Parkinsons_Disease', "Parkinson's disease", on('ltc-parkinsons-disease')),
      flag('peripheral-vascular-disease', 'Peripheral_Vascular_Disease', 'Peripheral vascular disease', on('ltc-peripheral-arterial-disease')),
      flag('pulmonary-heart-disease', 'Pulmonary_Heart_Disease', 'Pulmonary heart disease', on('ltc-pulmonary-heart-disease')),
      flag('rheumatoid-arthritis', 'Rheumatoid_Arthritis', 'Rheumatoid arthritis', on('ltc-rheumatoid-arthritis')),
      flag('sarcoidosis', 'Sarcoidosis', 'Sarcoidosis', on('ltc-sarcoidosis')),
      flag('serious-mental-illness', 'Serious_Mental_Illness', 'Serious mental illness', on('serious-mental-illness')),
      flag('sickle-cell-disease', 'Sickle_Cell_Disease', 'Sickle cell disease', on('ltc-sickle-cell-disease')),
    ],
    disability: [
      flag('autism', 'Autism', 'Autism', on('autism')),
      flag('learning-disability', 'Learning_Disability', 'Learning disability', on('learning-disability')),
      flag('physical-disability', 'Physical_Disability', 'Physical disability', on('physical-disability')),
    ],
    'frailty-and-dementia': [
      flag('dementia', 'Dementia', 'Dementia', on('dementia')),
      flag('intermediate-frailty-risk', 'Intermediate_Frailty_Risk_HFRS', `Intermediate frailty risk (HFRS 5 to 15, aged ${frailtyMinimumAge} or over)`, hfrs('hfrs-intermediate-risk')),
      flag('high-frailty-risk', 'High_Frailty_Risk_HFRS', `High frailty risk (HFRS above 15, aged ${frailtyMinimumAge} or over)`, hfrs('hfrs-high-risk')),
    ],
    'organ-failure': [
      flag('end-stage-renal-failure', 'End_Stage_Renal_Failure', 'End-stage renal failure', on('organ-failure-renal')),
      flag('severe-interstitial-lung-disease', 'Severe_Interstitial_Lung_Disease', 'Severe interstitial lung disease', on('organ-failure-interstitial-lung-disease')),
      flag('liver-failure', 'Liver_Failure', 'Liver failure', on('organ-failure-liver')),
      flag('neurological-organ-failure', 'Neurological_Organ_Failure', 'Neurological organ failure', on('organ-failure-neurological')),
      flag('severe-copd', 'Severe_COPD', 'Severe COPD', on('organ-failure-respiratory')),
      flag('severe-heart-failure', 'Severe_Heart_Failure', 'Severe heart failure', on('organ-failure-heart')),
    ],
    'incurable-cancer': [flag('incurable-cancer', 'Incurable_Cancer', 'Incurable cancer', on('incurable-cancer'))],
  };
}

const SEGMENT_LABELS: Readonly<Record<BridgesToHealthSegmentId, string>> = {
  'incurable-cancer': 'Incurable cancer',
  'organ-failure': 'Organ failure',
  'frailty-and-dementia': 'Frailty and dementia',
  disability: 'Disability',
  'long-term-conditions': 'Long-term conditions',
};

/**
 * The national sub-segments, each with the column of the national data model
 * (`DIM_SUBSEGMENT_COMBINATIONS`) that holds it and the marker that column sets: 41 conditions
 * in five segments. Map an extract
 * of the national dataset with it, or check phm-kit's counts against the dataset's.
 *
 * @example
 * BRIDGES_TO_HEALTH_CONDITIONS.length                                        // 41
 * BRIDGES_TO_HEALTH_CONDITIONS.find((c) => c.id === 'severe-copd')?.column // 'Severe_COPD'
 * BRIDGES_TO_HEALTH_CONDITIONS.find((c) => c.id === 'copd')?.marker        // 'ltc-copd'
 */
export const BRIDGES_TO_HEALTH_CONDITIONS: readonly { readonly id: string; readonly column: string; readonly label: string; readonly marker: string; readonly segment: BridgesToHealthSegmentId; readonly rule: Rule }[] =
  /* @__PURE__ */ deepFreeze(
    Object.entries(nationalConditions(65)).flatMap(([segment, conditions]) => conditions.map((c) => ({ ...c, segment: segment as BridgesToHealthSegmentId }))),
  );

/** The model's id: the standard one for the defaults, otherwise naming the choices made. */
function modelId(order: readonly string[], frailtyMinimumAge: number, maternalHealthDaysAfter: number): string {
  // An order given as ids that equals a named one is that one: one model, one id.
  const named = (Object.keys(BRIDGES_TO_HEALTH_PRECEDENCE) as (keyof typeof BRIDGES_TO_HEALTH_PRECEDENCE)[]).find((name) => BRIDGES_TO_HEALTH_PRECEDENCE[name].join() === order.join());
  const parts = [
    named === 'data-model' ? '' : (named ?? `order-${order.join('-then-')}`),
    frailtyMinimumAge === 65 ? '' : `hfrs-from-${frailtyMinimumAge}`,
    maternalHealthDaysAfter === 0 ? '' : `maternal-${maternalHealthDaysAfter}-days-after`,
  ].filter((p) => p !== '');
  return ['bridges-to-health', ...parts].join('-');
}

/**
 * Builds the NHS England national Bridges to Health segmentation (the National Bridges to
 * Health Segmentation Dataset's model): everyone registered with a GP in one of six segments,
 * the highest acuity winning, with the dataset's 41 condition sub-segments. Healthy well is the
 * catch-all. {@link bridgesToHealth} is this model with the defaults.
 *
 * @example
 * const lynn = createBridgesToHealthModel({ precedence: 'lynn-2007' });
 * lynn.segments.map((s) => s.id)[0] // 'frailty-and-dementia'
 */
export function createBridgesToHealthModel(options: BridgesToHealthOptions = {}): SegmentationModel {
  const { precedence, frailtyMinimumAge, maternalHealthDaysAfter } = parseInput(BridgesToHealthOptionsSchema, options, 'Bridges to Health model options');
  const order = typeof precedence === 'string' ? BRIDGES_TO_HEALTH_PRECEDENCE[precedence] : precedence;
  const byDataModel = order.join() === BRIDGES_TO_HEALTH_PRECEDENCE['data-model'].join();
  const conditions = nationalConditions(frailtyMinimumAge);
  const orderInWords = [...order.map((id) => SEGMENT_LABELS[id].toLowerCase()), 'healthy well'].join(', ');
  return defineModel({
    id: modelId(order, frailtyMinimumAge, maternalHealthDaysAfter),
    label: 'Bridges to Health (NHS England segmentation dataset)',
    description:
      'A life-course model from the generally well to the end phases of life. NHS England, with Arden & GEM CSU and Outcomes Based Healthcare, applies it to everyone registered with a GP in England.',
    source: `Lynn J et al., "Bridges to Health" (Milbank Quarterly 2007); ${REFERENCE_GUIDE}; ${DEFINITIONS}; sub-segment and segment columns from ${DATA_MODEL}.`,
    assumptions: [
      `Precedence, most severe first: ${orderInWords}. The national dataset publishes each person's highest acuity segment, not the rule that picks it; ${
        byDataModel
          ? 'this order reads the data model\'s segment columns (HEALTHY_WELL, LTC, DISABILITY, FRAILTY_DEMENTIA, ORGAN_FAILURE, INCURABLE_CANCER) as rising acuity (parameter precedence: data-model; lynn-2007 puts frailty and dementia first, as the original numbering does)'
          : 'this order is the parameter precedence\'s'
      }.`,
      'Segments are the sub-segments they hold: a person is in a segment when any of its sub-segments is set. The 41 condition sub-segments are the national data model\'s columns, in its order; the model reads them as markers, so the result is as good as the pipeline that sets them.',
      'Nested conditions, as the condition definitions describe ("all COPD and Severe COPD, as a subset"): COPD holds severe COPD, heart failure severe heart failure, chronic kidney disease end-stage renal failure, chronic liver disease liver failure, and cancer incurable cancer.',
      `Frailty: an intermediate (5 to 15) or high (above 15) Hospital Frailty Risk Score over two years, for people aged ${frailtyMinimumAge} or over (parameter frailtyMinimumAge; 65 in the national definition), as phm-kit/registers derives it; eFI categories do not count. Dementia is in the same segment.`,
      'Disability: autism, learning disability or physical disability. Sensory impairment is not a national flag.',
      'Long-term conditions: the 28 national conditions, among them cancer that is not incurable and serious mental illness; non-diabetic hyperglycaemia is not one of them.',
      'End-stage renal failure, as the national definition: dialysis or a kidney transplant, CKD stage 5 recorded in hospital, or CKD stage 4 with 4 or more emergency admissions in 12 months (the organ-failure-renal marker).',
      'Healthy well is the catch-all.',
      `Maternal health sits beside the hierarchy, as in the national data model (FACT_MODEL.Maternal_Health_Flag, with no segment flag): the maternal-health overlay, reported for everyone and changing no one's segment. It holds while the pregnancy marker is active${maternalHealthDaysAfter === 0 ? '' : ` or ended within ${maternalHealthDaysAfter} days`} (parameter maternalHealthDaysAfter); date the marker from maternity data as the national definition does, from the derived start to the end date (the delivery, or a discharge after it), at most 308 days, or 400 when it ends with discharge from maternity services. Infants are not flagged.`,
    ],
    gaps: [
      'The original model\'s "acutely ill, likely to recover" segment is episodic and not part of the national dataset; it is not modelled.',
      'Most national condition definitions (code lists, look-backs) are published only to registered users; where phm-kit has none, the marker says what it stands for and the pipeline decides how it is set.',
    ],
    segments: [
      ...order.map((id) => ({
        id,
        label: SEGMENT_LABELS[id],
        rule: { any: conditions[id].map((c) => c.rule) },
        subsegments: conditions[id].map((c) => ({ id: c.id, label: c.label, description: `The national ${c.column} flag.`, rule: c.rule })),
      })),
      { id: 'healthy-well', label: 'Healthy well', catchAll: true as const },
    ],
    overlays: [
      {
        id: 'maternal-health',
        label: 'Maternal health',
        description: 'The national Maternal_Health_Flag: during prenatal, delivery and perinatal care, from maternity data (Outcomes Based Healthcare condition definitions, maternal health).',
        rule: maternalHealthDaysAfter === 0 ? { marker: 'pregnancy' } : { marker: 'pregnancy', within: { days: maternalHealthDaysAfter } },
      },
    ],
  });
}

/**
 * The NHS England national Bridges to Health segmentation with its default choices (see
 * {@link createBridgesToHealthModel}).
 *
 * @example
 * classify({ id: 'p1', birthDate: '1950-01-01', markers: ['organ-failure-renal', 'ltc-diabetes'] }, bridgesToHealth, { asOf: '2024-04-01' }).segment
 * // 'organ-failure'
 */
export const bridgesToHealth: SegmentationModel = /* @__PURE__ */ createBridgesToHealthModel();
