import { defineModel, type SegmentationModel } from '../model/model.js';
import { DIABETES_SUBSEGMENT, FRAILTY, LONG_TERM_CONDITIONS_WITH_DEMENTIA, RESPIRATORY_SUBSEGMENT } from './building-blocks.js';

/**
 * The Leeds 2017 Blueprint macro-segmentation, as far as the text supports it (Leeds System
 * Blueprint for Population Health Management, September 2017). The Blueprint proposes eight
 * segments, but the figure that lists them (Figure ES2, "Proposed Macro-Segmentation Approach",
 * in the Executive Summary, repeated as Figure 8 in section 3.3.1) did not survive; the text
 * names only four. Extend it with {@link insertSegment} to rebuild the other four from local
 * knowledge.
 *
 * @example
 * leeds2017.segments.map((s) => s.id) // ['end-of-life', 'frailty', 'long-term-conditions', 'healthy-and-at-risk']
 * segmentPopulation(rows, leeds2017, { asOf: '2017-04-01' });
 */
export const leeds2017: SegmentationModel = /* @__PURE__ */ defineModel({
  id: 'leeds-2017',
  label: 'Leeds 2017 Blueprint: macro segments named in the text',
  description:
    'The System Blueprint for Population Health Management (September 2017) proposes eight mutually exclusive macro segments; this model holds the four its text names.',
  source:
    'Leeds System Blueprint for Population Health Management, Sept 2017: frailty (Executive Summary, "Challenge 1: Rapid Implementation of PHM"; section 3.3.1, Figure 7 "The three key levels of segmentation for use in Leeds"), end of life (Figure 7), long-term conditions (Figure 7; section 7.1 "Impact on Commissioners and Providers"), the all-other segment (Executive Summary, with Figure ES2).',
  assumptions: [
    'Precedence is a phm-kit decision: end of life, frailty, long-term conditions, then the all-other segment. The 2017 accelerator segment was "frailty including end of life" (Leeds Health and Wellbeing Board report, 28 September 2017, section 3.5), so the two sit first, end of life before frailty.',
    'Frailty: moderate or severe frailty marker.',
    'Long-term conditions: at least one ltc-* marker or dementia ("adults with long-term conditions", Blueprint section 7.1, is not age-restricted here because no children segment is recoverable).',
    'The residual segment "Healthy people & people at risk of developing health and social care needs" represents "all other" (Blueprint Executive Summary, with Figure ES2) and is the catch-all.',
  ],
  gaps: [
    'Four of the eight segments are lost with Figure ES2. People who would be in them fall through to long-term conditions or the all-other segment: counts for those two are overstated compared with the full 2017 model.',
    'No segment definitions (ages, condition lists) are given in the text; the rules above are phm-kit decisions.',
  ],
  segments: [
    { id: 'end-of-life', label: 'End of life', rule: { marker: 'end-of-life' } },
    { id: 'frailty', label: 'Frailty', rule: FRAILTY },
    {
      id: 'long-term-conditions',
      label: 'Long-term conditions',
      rule: { atLeast: 1, of: LONG_TERM_CONDITIONS_WITH_DEMENTIA },
      subsegments: [
        DIABETES_SUBSEGMENT,
        RESPIRATORY_SUBSEGMENT,
      ],
    },
    {
      id: 'healthy-and-at-risk',
      label: 'Healthy people & people at risk of developing health and social care needs',
      catchAll: true,
    },
  ],
});
