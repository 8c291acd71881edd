import { deepFreeze } from '../core/freeze.js';

/**
 * The six criteria of the Leeds Blueprint's accelerator-segment method (Leeds System Blueprint
 * for Population Health Management, September 2017: the table "Segment selection criteria and
 * example methodology" in the Executive Summary, repeated in section 3.3.1 under "Selecting the
 * Accelerator Population Segment"), in the Blueprint's words summarised. Step 1 builds a
 * shortlist on the three "gaps" of the Leeds vision; step 2 assesses the shortlist. The
 * Blueprint gives no weights: by default every criterion weighs the same within its step.
 *
 * @example
 * ACCELERATOR_CRITERIA.find((c) => c.id === 'costToSystem')?.label // 'Cost to system (Leeds £)'
 * ACCELERATOR_CRITERIA.filter((c) => c.step === 1).length           // 3
 */
export const ACCELERATOR_CRITERIA = /* @__PURE__ */ deepFreeze([
  {
    id: 'healthOutcomes',
    step: 1,
    label: 'Health outcomes and inequalities',
    description: 'The poorest performing outcome indicators and the highest contribution to health inequalities.',
    defaultWeight: 1,
  },
  {
    id: 'costToSystem',
    step: 1,
    label: 'Cost to system (Leeds £)',
    description: 'The highest cost to the system: current spend, future spend, and the opportunities to reduce spend.',
    defaultWeight: 1,
  },
  {
    id: 'qualityGap',
    step: 1,
    label: 'Quality gap',
    description: 'Where known, care that is poor quality or unsafe: lack of resource or clinical effectiveness, workforce, patient experience.',
    defaultWeight: 1,
  },
  {
    id: 'strategicAlignment',
    step: 2,
    label: 'Strategic alignment',
    description: 'Fit with the STP, the Health and Wellbeing Strategy and the Leeds Plan, with the ambition for PHM and commissioning for outcomes, and political acceptability.',
    defaultWeight: 1,
  },
  {
    id: 'scaleOfAmbition',
    step: 2,
    label: 'Scale of ambition',
    description: 'Enough impact on system outcomes to meet the financial and clinical challenge, and the ability to encourage accountable, coordinated care at the right scale.',
    defaultWeight: 1,
  },
  {
    id: 'longTermImpact',
    step: 2,
    label: 'Long-term impact on population health',
    description: 'The opportunity to move care upstream, prevent the onset or worsening of conditions, reduce demand and sustain health and wellbeing.',
    defaultWeight: 1,
  },
] as const);

/**
 * The id of one of the six accelerator criteria, such as `healthOutcomes` or `costToSystem`:
 * the keys of a candidate's evidence and of the input's weights.
 *
 * @example
 * const weights: Partial<Record<CriterionId, number>> = { costToSystem: 2, qualityGap: 1 };
 */
export type CriterionId = (typeof ACCELERATOR_CRITERIA)[number]['id'];

/**
 * The six criterion ids in the Blueprint's order: the three step 1 "gaps", then the three step
 * 2 criteria.
 *
 * @example
 * CRITERION_IDS[0] // 'healthOutcomes'
 * CRITERION_IDS[5] // 'longTermImpact'
 */
export const CRITERION_IDS = /* @__PURE__ */ Object.freeze(ACCELERATOR_CRITERIA.map((c) => c.id)) as readonly CriterionId[];

/**
 * The criteria of one step, in the Blueprint's order: step 1 builds the shortlist on the three
 * gaps, step 2 assesses the shortlist.
 *
 * @example
 * criteriaOfStep(1) // ['healthOutcomes', 'costToSystem', 'qualityGap']
 * criteriaOfStep(2) // ['strategicAlignment', 'scaleOfAmbition', 'longTermImpact']
 */
export function criteriaOfStep(step: 1 | 2): readonly CriterionId[] {
  return ACCELERATOR_CRITERIA.filter((c) => c.step === step).map((c) => c.id);
}
