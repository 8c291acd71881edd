import { deepFreeze } from '../core/freeze.js';

/**
 * The Better Care Fund metrics of 2014/15 (Leeds Health and Wellbeing Board papers, 27 March
 * 2014, supplementary information on the Leeds BCF, "Measurement and metrics"): the five
 * national ones and Leeds' local dementia metric. Their ids are the ones `performanceElement`
 * accepts; declare others in its `customMetrics`. Each records its kind and which direction is
 * better.
 *
 * @example
 * BCF_METRICS.find((m) => m.id === 'delayed-transfers')?.better // 'lower'
 */
export const BCF_METRICS = /* @__PURE__ */ deepFreeze([
  { id: 'permanent-admissions', label: 'Permanent admissions of people 65+ to residential and nursing care, per 100,000', kind: 'rate per 100,000', better: 'lower' },
  { id: 'still-at-home-91-days', label: 'Proportion of people 65+ still at home 91 days after discharge into reablement', kind: 'proportion', better: 'higher' },
  { id: 'delayed-transfers', label: 'Delayed transfers of care from hospital, per 100,000', kind: 'rate per 100,000', better: 'lower' },
  { id: 'avoidable-admissions', label: 'Avoidable emergency admissions', kind: 'count', better: 'lower' },
  { id: 'patient-experience', label: 'Patient and service user experience (not yet defined in 2014)', kind: 'to be defined', better: 'higher' },
  { id: 'dementia-diagnosis-rate', label: 'Dementia diagnosis rate: diagnosed / estimated prevalence (local metric)', kind: 'proportion', better: 'higher' },
] as const);

/**
 * The id of one of the 2014/15 Better Care Fund metrics in {@link BCF_METRICS}, such as
 * `delayed-transfers` or `still-at-home-91-days`.
 *
 * @example
 * const metric: BcfMetricId = 'avoidable-admissions';
 */
export type BcfMetricId = (typeof BCF_METRICS)[number]['id'];
