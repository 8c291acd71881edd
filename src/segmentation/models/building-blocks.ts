import { deepFreeze } from '../../core/freeze.js';
import { LONG_TERM_CONDITION_IDS } from '../model/markers.js';
import type { Rule } from '../model/rule.js';

/**
 * Rules and meso sub-segments that more than one built-in model uses, defined once so that the
 * models cannot drift apart where they mean the same thing.
 */

/** Moderate or severe frailty (mild frailty does not count). */
export const FRAILTY: Rule = /* @__PURE__ */ deepFreeze({ any: [{ marker: 'frailty-moderate' }, { marker: 'frailty-severe' }] });

/** Moderate or severe frailty, or dementia: the grouping of Bridges to Health and other English systems. */
export const FRAILTY_OR_DEMENTIA: Rule = /* @__PURE__ */ deepFreeze({ any: [FRAILTY, { marker: 'dementia' }] });

/** The Leeds models' long-term conditions: every `ltc-*` marker, and dementia. */
export const LONG_TERM_CONDITIONS_WITH_DEMENTIA: readonly string[] = [...LONG_TERM_CONDITION_IDS, 'dementia'];

/** Meso sub-segments of a long-term conditions segment: the Blueprint's own examples (000:1975-2045). */
export const DIABETES_SUBSEGMENT = { id: 'diabetes', label: 'Diabetes', rule: { marker: 'ltc-diabetes' } } as const;
export const RESPIRATORY_SUBSEGMENT = {
  id: 'respiratory',
  label: 'Respiratory (asthma or COPD)',
  rule: { any: [{ marker: 'ltc-asthma' }, { marker: 'ltc-copd' }] },
} as const;
