import { LONG_TERM_CONDITION_IDS } from '../model/markers.js';
import { defineModel, type SegmentationModel } from '../model/model.js';
import { FRAILTY_OR_DEMENTIA } from './building-blocks.js';

/**
 * The NHS England adaptation of the Bridges to Health model (Lynn et al., 2007) used by the
 * national segmentation dataset: everyone registered with a GP in one of seven segments, the
 * most severe winning.
 *
 * @example
 * classify({ id: 'p1', birthDate: '1950-01-01', markers: ['organ-failure-renal', 'ltc-diabetes'] }, bridgesToHealth, { asOf: '2024-04-01' }).segment
 * // 'organ-failure'
 */
export const bridgesToHealth: SegmentationModel = /* @__PURE__ */ defineModel({
  id: 'bridges-to-health',
  label: 'Bridges to Health (NHS England segmentation dataset)',
  description:
    'A life-course model from the generally well to the end phases of life. NHS England, with Arden & GEM CSU and Outcomes Based Healthcare, applies it to everyone registered with a GP in England.',
  source:
    'Lynn J et al., "Bridges to Health" (Milbank Quarterly 2007); NHS England National Bridges to Health Segmentation Dataset reference guide (Outcomes Based Healthcare).',
  assumptions: [
    'Precedence, most severe first: frailty and dementia, organ failure, incurable cancer, disability, long-term conditions, maternal and infant health, healthy well.',
    'The national dataset derives its sub-segments from about 50 condition registers built from hospital, primary care and other data; phm-kit reads them as markers, so the quality of the result is the quality of the pipeline that sets them.',
    'Frailty and dementia: moderate or severe frailty (the dataset uses the Hospital Frailty Risk Score for people aged 65 and over) or dementia.',
    'Organ failure: the organ-failure-* markers (heart, respiratory, renal, liver, neurological).',
    'Disability: learning disability, autism, physical disability or serious sensory impairment.',
    'Long-term conditions: any ltc-* marker, cancer that is not incurable, or serious mental illness.',
    'Maternal and infant health: a pregnancy active now or ended within 42 days, or an infant aged under 1.',
    'Healthy well is the catch-all.',
  ],
  gaps: ['The original model\'s "acutely ill, likely to recover" segment is episodic and not part of the national dataset; it is not modelled.'],
  segments: [
    {
      id: 'frailty-and-dementia',
      label: 'Frailty and dementia',
      rule: FRAILTY_OR_DEMENTIA,
      subsegments: [
        { id: 'dementia', label: 'Dementia', rule: { marker: 'dementia' } },
        { id: 'severe-frailty', label: 'Severe frailty', rule: { marker: 'frailty-severe' } },
      ],
    },
    {
      id: 'organ-failure',
      label: 'Organ failure',
      rule: {
        atLeast: 1,
        of: ['organ-failure-heart', 'organ-failure-respiratory', 'organ-failure-renal', 'organ-failure-liver', 'organ-failure-neurological'],
      },
    },
    { id: 'incurable-cancer', label: 'Incurable cancer', rule: { marker: 'incurable-cancer' } },
    {
      id: 'disability',
      label: 'Disability',
      rule: { atLeast: 1, of: ['learning-disability', 'autism', 'physical-disability', 'sensory-impairment'] },
      subsegments: [{ id: 'learning-disability', label: 'Learning disability', rule: { marker: 'learning-disability' } }],
    },
    {
      id: 'long-term-conditions',
      label: 'Long-term conditions',
      rule: { atLeast: 1, of: [...LONG_TERM_CONDITION_IDS, 'cancer', 'serious-mental-illness'] },
    },
    {
      id: 'maternal-and-infant-health',
      label: 'Maternal and infant health',
      rule: { any: [{ marker: 'pregnancy', within: { days: 42 } }, { ageBelow: 1 }] },
    },
    { id: 'healthy-well', label: 'Healthy well', catchAll: true },
  ],
});
