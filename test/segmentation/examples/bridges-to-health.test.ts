import { describe, expect, it } from 'vitest';
import {
  BRIDGES_TO_HEALTH_CONDITIONS,
  BRIDGES_TO_HEALTH_PRECEDENCE,
  bridgesToHealth,
  classify,
  createBridgesToHealthModel,
  MARKER_CATALOGUE,
  CONDITION_COUNT_BANDS,
  segmentPopulation,
  PhmValidationError,
  type SegmentationModel,
} from 'phm-kit/segmentation';
import { AS_OF } from './helpers.js';
import { refusalOf } from '../../support/issues.js';

const of = (birthDate: string, markers: unknown[], model: SegmentationModel = bridgesToHealth) => classify({ id: 'p', birthDate, markers }, model, { asOf: AS_OF });
const ADULT = '1980-01-01';
const OLDER = '1940-01-01';
/** 65 on AS_OF (2024-04-01), and a day short of it. */
const TURNS_65 = '1959-04-01';
const NEARLY_65 = '1959-04-02';

/**
 * The 43 flag columns of the national data model's DIM_SUBSEGMENT_COMBINATIONS, in order, as
 * NHS England's analysis code selects them (github.com/nhsengland/NHS-DPP-multiple-long-term-conditions-evaluation,
 * "5. create_analysis_dataset_for_matching_NDPP_v1.0.sql", lines 315-361), less Healthy_Well
 * and Maternal_and_Infant_Health, which are no conditions.
 */
const NATIONAL_COLUMNS = [
  'Alcohol_Dependence', 'Asthma', 'Atrial_Fibrillation', 'Bronchiectasis', 'Cancer', 'Cerebrovascular_Disease', 'Chronic_Kidney_Disease',
  'Chronic_Liver_Disease', 'Chronic_Pain', 'COPD', 'Coronary_Heart_Disease', 'Cystic_Fibrosis', 'Depression', 'Diabetes', 'Epilepsy',
  'Heart_Failure', 'Hypertension', 'Inflammatory_Bowel_Disease', 'Multiple_Sclerosis', 'Osteoarthritis', 'Osteoporosis', 'Parkinsons_Disease',
  'Peripheral_Vascular_Disease', 'Pulmonary_Heart_Disease', 'Rheumatoid_Arthritis', 'Sarcoidosis', 'Serious_Mental_Illness', 'Sickle_Cell_Disease',
  'Autism', 'Learning_Disability', 'Physical_Disability', 'Dementia', 'Intermediate_Frailty_Risk_HFRS', 'High_Frailty_Risk_HFRS',
  'End_Stage_Renal_Failure', 'Severe_Interstitial_Lung_Disease', 'Liver_Failure', 'Neurological_Organ_Failure', 'Severe_COPD', 'Severe_Heart_Failure',
  'Incurable_Cancer',
];

describe('bridgesToHealth: segments, sub-segments and precedence', () => {
  it('has six segments, the data model\'s highest acuity first, healthy well last', () => {
    expect(bridgesToHealth.id).toBe('bridges-to-health');
    expect(bridgesToHealth.segments.map((s) => s.id)).toEqual(['incurable-cancer', 'organ-failure', 'frailty-and-dementia', 'disability', 'long-term-conditions', 'healthy-well']);
    expect(bridgesToHealth.segments.map((s) => s.subsegments?.length ?? 0)).toEqual([1, 6, 3, 3, 28, 0]);
  });

  it('defines the 41 national condition columns, in the data model\'s order, each in its segment', () => {
    expect(BRIDGES_TO_HEALTH_CONDITIONS.map((c) => c.column)).toEqual(NATIONAL_COLUMNS);
    const bySegment = (segment: string) => BRIDGES_TO_HEALTH_CONDITIONS.filter((c) => c.segment === segment).map((c) => c.id);
    for (const segment of bridgesToHealth.segments) expect(segment.subsegments?.map((s) => s.id) ?? []).toEqual(bySegment(segment.id));
    // Every marker a condition reads is in the catalogue.
    const known = new Set<string>(MARKER_CATALOGUE.map((m) => m.id));
    for (const c of BRIDGES_TO_HEALTH_CONDITIONS) for (const id of JSON.stringify(c.rule).match(/"marker":"([^"]+)"/g) ?? []) expect(known.has(id.slice(10, -1)), id).toBe(true);
  });

  it('flags each condition in its own segment for a person who has only it', () => {
    for (const c of BRIDGES_TO_HEALTH_CONDITIONS) {
      const marker = JSON.stringify(c.rule).match(/"marker":"([^"]+)"/)?.[1] ?? '';
      const result = of(OLDER, [marker]);
      expect(result.segment, c.column).toBe(c.segment);
      expect(result.subsegments, c.column).toContain(c.id);
    }
  });

  it('ranks incurable cancer over organ failure over frailty and dementia over disability over long-term conditions', () => {
    const ladder = ['ltc-asthma', 'physical-disability', 'dementia', 'organ-failure-heart', 'incurable-cancer'];
    for (let k = 1; k <= ladder.length; k++) {
      const c = of(OLDER, ladder.slice(0, k));
      expect(c.segment).toBe(BRIDGES_TO_HEALTH_PRECEDENCE['data-model'][ladder.length - k]);
      expect(c.matched).toHaveLength(k);
    }
  });

  it('puts frailty and dementia first with precedence lynn-2007, and takes an order of your own', () => {
    const lynn = createBridgesToHealthModel({ precedence: 'lynn-2007' });
    expect(lynn.id).toBe('bridges-to-health-lynn-2007');
    expect(of(OLDER, ['organ-failure-heart', 'dementia', 'incurable-cancer'], lynn).segment).toBe('frailty-and-dementia');
    expect(of(OLDER, ['organ-failure-heart', 'incurable-cancer'], lynn).segment).toBe('organ-failure');
    const own = createBridgesToHealthModel({ precedence: ['disability', 'incurable-cancer', 'organ-failure', 'long-term-conditions', 'frailty-and-dementia'] });
    expect(own.id).toBe('bridges-to-health-order-disability-then-incurable-cancer-then-organ-failure-then-long-term-conditions-then-frailty-and-dementia');
    expect(of(OLDER, ['autism', 'incurable-cancer'], own).segment).toBe('disability');
    expect(of(OLDER, ['ltc-asthma', 'dementia'], own).segment).toBe('long-term-conditions');
    expect(of(OLDER, ['dementia'], own).segment).toBe('frailty-and-dementia');
    expect(own.assumptions?.[0]).toMatch(/^Precedence, most severe first: disability, incurable cancer, organ failure, long-term conditions, frailty and dementia, healthy well\. /);
    expect(own.assumptions?.[0]).toContain("this order is the parameter precedence's");
    expect(bridgesToHealth.assumptions?.[0]).toContain('parameter precedence: data-model');
    // An order given as ids that equals a named one is that one.
    expect(createBridgesToHealthModel({ precedence: BRIDGES_TO_HEALTH_PRECEDENCE['lynn-2007'] }).id).toBe('bridges-to-health-lynn-2007');
    expect(createBridgesToHealthModel({ precedence: [...BRIDGES_TO_HEALTH_PRECEDENCE['data-model']] }).id).toBe('bridges-to-health');
    expect(createBridgesToHealthModel({ precedence: [...BRIDGES_TO_HEALTH_PRECEDENCE['data-model']] }).assumptions?.[0]).toContain('parameter precedence: data-model');
  });

  it('refuses a precedence that leaves out, repeats or misnames a segment', () => {
    const missing = refusalOf(() => createBridgesToHealthModel({ precedence: ['disability'] as never }), PhmValidationError);
    expect(missing.issues[0]?.path).toEqual(['precedence']);
    const twice = refusalOf(() => createBridgesToHealthModel({ precedence: ['disability', 'disability', 'incurable-cancer', 'organ-failure', 'long-term-conditions'] as never }), PhmValidationError);
    expect(twice.issues[0]?.message).toBe('Each segment once');
    const nestedFirst = refusalOf(() => createBridgesToHealthModel({ precedence: ['long-term-conditions', 'disability', 'incurable-cancer', 'organ-failure', 'frailty-and-dementia'] }), PhmValidationError);
    expect(nestedFirst.issues[0]?.message).toMatch(/^long-term-conditions must come after organ-failure and incurable-cancer/);
    expect(() => createBridgesToHealthModel({ precedence: ['incurable-cancer', 'long-term-conditions', 'organ-failure', 'disability', 'frailty-and-dementia'] })).toThrow(/must come after/);
    expect(refusalOf(() => createBridgesToHealthModel({ precedence: 'alphabetical' as never }), PhmValidationError).issues[0]?.path).toEqual(['precedence']);
    expect(refusalOf(() => createBridgesToHealthModel({ frailtyMinimumAge: -1 }), PhmValidationError).issues[0]?.path).toEqual(['frailtyMinimumAge']);
  });
});

describe('bridgesToHealth: the national definitions at their edges', () => {
  it('counts a Hospital Frailty Risk Score from age 65, not eFI frailty', () => {
    expect(of(TURNS_65, ['hfrs-intermediate-risk']).segment).toBe('frailty-and-dementia');
    expect(of(TURNS_65, ['hfrs-high-risk']).subsegments).toEqual(['high-frailty-risk']);
    expect(of(NEARLY_65, ['hfrs-intermediate-risk']).segment).toBe('healthy-well');
    expect(of(NEARLY_65, ['hfrs-high-risk']).segment).toBe('healthy-well');
    expect(of(OLDER, ['frailty-severe', 'frailty-moderate']).segment).toBe('healthy-well');
    const from50 = createBridgesToHealthModel({ frailtyMinimumAge: 50 });
    expect(from50.id).toBe('bridges-to-health-hfrs-from-50');
    expect(of('1974-04-01', ['hfrs-intermediate-risk'], from50).segment).toBe('frailty-and-dementia');
    expect(of('1974-04-02', ['hfrs-intermediate-risk'], from50).segment).toBe('healthy-well');
  });

  it('flags dementia at any age', () => {
    expect(of(ADULT, ['dementia']).subsegments).toEqual(['dementia']);
  });

  it('nests each severe condition inside its condition', () => {
    for (const [severe, condition] of [['organ-failure-respiratory', 'copd'], ['organ-failure-heart', 'heart-failure'], ['organ-failure-renal', 'chronic-kidney-disease'], ['organ-failure-liver', 'chronic-liver-disease']] as const) {
      const c = of(OLDER, [severe]);
      expect(c.segment).toBe('organ-failure');
      // The condition is set too: long-term conditions matched, though organ failure took the person.
      expect(c.matched).toEqual(['organ-failure', 'long-term-conditions']);
      expect(BRIDGES_TO_HEALTH_CONDITIONS.find((x) => x.id === condition)?.rule).toEqual({ any: [expect.anything(), { marker: severe }] });
    }
    expect(of(OLDER, ['incurable-cancer']).matched).toEqual(['incurable-cancer', 'long-term-conditions']);
    expect(of(OLDER, ['organ-failure-interstitial-lung-disease']).matched).toEqual(['organ-failure']);
  });

  it('counts the 28 national long-term conditions, not non-diabetic hyperglycaemia', () => {
    expect(of(ADULT, ['ltc-non-diabetic-hyperglycaemia']).segment).toBe('healthy-well');
    expect(of(ADULT, ['ltc-osteoarthritis', 'ltc-sickle-cell-disease']).subsegments).toEqual(['osteoarthritis', 'sickle-cell-disease']);
    expect(of(ADULT, ['cancer']).subsegments).toEqual(['cancer']);
    expect(of(ADULT, ['serious-mental-illness']).segment).toBe('long-term-conditions');
  });

  it('counts autism, learning disability and physical disability, not sensory impairment', () => {
    expect(of(ADULT, ['autism', 'physical-disability']).subsegments).toEqual(['autism', 'physical-disability']);
    expect(of(ADULT, ['sensory-impairment']).segment).toBe('healthy-well');
  });

  it('flags maternal health beside the hierarchy, for the dated window only, and no infants', () => {
    const pregnant = of(ADULT, [{ id: 'pregnancy', from: '2023-09-01', to: '2024-06-01' }, 'ltc-asthma']);
    expect([pregnant.segment, pregnant.overlays]).toEqual(['long-term-conditions', ['maternal-health']]);
    expect(pregnant.conditionCount).toBe(1);
    expect(of(ADULT, [{ id: 'pregnancy', from: '2023-01-01', to: '2024-03-31' }]).overlays).toEqual([]);
    expect(of(ADULT, [{ id: 'pregnancy', from: '2023-07-01', to: AS_OF }]).overlays).toEqual(['maternal-health']);
    expect(of(ADULT, ['pregnancy']).segment).toBe('healthy-well');
    const infant = of('2023-10-01', []);
    expect([infant.segment, infant.overlays]).toEqual(['healthy-well', []]);
    expect(bridgesToHealth.assumptions?.join('\n')).toContain('Maternal_Health_Flag');
    // With days of perinatal care after a marker that ends at the birth.
    const after42 = createBridgesToHealthModel({ maternalHealthDaysAfter: 42 });
    expect(after42.id).toBe('bridges-to-health-maternal-42-days-after');
    expect(of(ADULT, [{ id: 'pregnancy', from: '2023-06-01', to: '2024-02-19' }], after42).overlays).toEqual(['maternal-health']);
    expect(of(ADULT, [{ id: 'pregnancy', from: '2023-06-01', to: '2024-02-18' }], after42).overlays).toEqual([]);
    expect(of(ADULT, [{ id: 'pregnancy', from: '2023-06-01', to: '2024-02-19' }]).overlays).toEqual([]);
    expect(after42.assumptions?.join('\n')).toContain('or ended within 42 days');
    const { counts } = segmentPopulation([{ id: 'a', birthDate: ADULT, markers: ['pregnancy'] }, { id: 'b', birthDate: ADULT, markers: ['pregnancy', 'autism'] }, { id: 'c', birthDate: ADULT, markers: [] }], bridgesToHealth, { asOf: AS_OF });
    expect(counts.byOverlay).toEqual([{ overlay: 'maternal-health', total: 2, bySegment: { 'incurable-cancer': 0, 'organ-failure': 0, 'frailty-and-dementia': 0, disability: 1, 'long-term-conditions': 0, 'healthy-well': 1 } }]);
  });

  it('puts an adult with no markers in healthy well', () => {
    const c = of(ADULT, []);
    expect(c.segment).toBe('healthy-well');
    expect(c.matched).toEqual(['healthy-well']);
  });
});

describe('bridgesToHealth: multimorbidity in every result', () => {
  it('carries every condition flag, whichever segment the person is in, and counts them', () => {
    const c = of(OLDER, ['ltc-copd', 'organ-failure-respiratory', 'dementia', 'ltc-hypertension', 'autism']);
    expect(c.segment).toBe('organ-failure');
    expect(c.subsegments).toEqual(['severe-copd']);
    // In model order: the segments' order, then each segment's own.
    expect(c.conditions).toEqual(['severe-copd', 'dementia', 'autism', 'copd', 'hypertension']);
    expect(c.conditionCount).toBe(5);
    const none = of(ADULT, []);
    expect([none.conditions, none.conditionCount]).toEqual([[], 0]);
  });

  it('counts people by number of conditions within each segment', () => {
    const rows = [
      { id: 'a', birthDate: ADULT, markers: [] },
      { id: 'b', birthDate: ADULT, markers: ['ltc-asthma'] },
      { id: 'c', birthDate: ADULT, markers: ['ltc-asthma', 'ltc-diabetes'] },
      { id: 'd', birthDate: OLDER, markers: ['ltc-asthma', 'ltc-diabetes', 'ltc-copd', 'ltc-hypertension', 'ltc-ckd'] },
      { id: 'e', birthDate: OLDER, markers: ['incurable-cancer'] },
    ];
    const { counts } = segmentPopulation(rows, bridgesToHealth, { asOf: AS_OF });
    expect(counts.byConditionCount.map((b) => [b.conditions, b.total])).toEqual([['0', 1], ['1', 1], ['2', 2], ['3', 0], ['4+', 1]]);
    // Incurable cancer is nested in cancer: two flags.
    expect(counts.byConditionCount.find((b) => b.conditions === '2')?.bySegment).toMatchObject({ 'incurable-cancer': 1, 'long-term-conditions': 1 });
    expect(counts.byConditionCount.find((b) => b.conditions === '4+')?.bySegment['long-term-conditions']).toBe(1);
    expect(CONDITION_COUNT_BANDS).toEqual(['0', '1', '2', '3', '4+']);
  });
});

