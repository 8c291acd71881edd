import { defineConditionScore, type ConditionScore } from './condition-score.js';

/**
 * The Cambridge Multimorbidity Score, general outcome (Payne RA, Mendonca SC, Elliott MN, et
 * al. Development and validation of the Cambridge Multimorbidity Score. CMAJ
 * 2020;192(5):E107-E114): 20 conditions, each weighted by the average of its standardised
 * weights for death, primary care consultations and unplanned admissions. The weights are
 * carried over as OpenSAFELY's implementation writes them (github.com/opensafely/NeurodegenerativeDiseaseBurden,
 * analysis/dataset_definition/variable_helper_functions.py, `get_cms_on_date`); an independent
 * R implementation by one of the paper's authors gives the same. 17 of the 20 conditions are
 * read from catalogue markers, as `assumptions` says; hearing loss, irritable bowel syndrome and
 * constipation have no marker, and anxiety counts only through depression (`gaps`), so scores
 * are lower than the published score for people with those. No bands: the paper publishes none
 * for the general score; give your own with `defineConditionScore({ ...CAMBRIDGE_MULTIMORBIDITY_SCORE, bands })`.
 *
 * @example
 * CAMBRIDGE_MULTIMORBIDITY_SCORE.terms.find((t) => t.id === 'dementia')?.weight // '2.50'
 */
export const CAMBRIDGE_MULTIMORBIDITY_SCORE: ConditionScore = /* @__PURE__ */ defineConditionScore({
  id: 'cambridge-multimorbidity-score',
  label: 'Cambridge Multimorbidity Score (general outcome)',
  source:
    'Payne RA et al., Development and validation of the Cambridge Multimorbidity Score, CMAJ 2020;192(5):E107-E114, general-outcome weights; as carried by opensafely/NeurodegenerativeDiseaseBurden (analysis/dataset_definition/variable_helper_functions.py).',
  assumptions: [
    'Each condition is read from the catalogue marker that stands for it: alcohol problems from ltc-alcohol-dependence, anxiety or depression from ltc-depression, connective tissue disorder and inflammatory arthritis from ltc-rheumatoid-arthritis, painful condition from ltc-chronic-pain, psychosis from serious-mental-illness.',
    'Cancer: the score counts a cancer first diagnosed in the last five years; here, a cancer diagnosed or treated in the last 60 months (a cancer-diagnosis-or-treatment entry active then).',
    'Asthma: the score needs asthma with treatment in the last year, as the QOF asthma register (ltc-asthma) does.',
  ],
  gaps: [
    'Hearing loss (0.09), irritable bowel syndrome (0.21) and constipation (1.12) have no catalogue marker and are not counted.',
    'Anxiety counts only where the person is on the depression register; connective tissue disorders other than rheumatoid arthritis are not counted.',
  ],
  terms: [
    { id: 'alcohol-problems', label: 'Alcohol problems', weight: '0.65', rule: { marker: 'ltc-alcohol-dependence' } },
    { id: 'anxiety-or-depression', label: 'Anxiety or depression', weight: '0.50', rule: { marker: 'ltc-depression' } },
    { id: 'atrial-fibrillation', label: 'Atrial fibrillation', weight: '1.34', rule: { marker: 'ltc-atrial-fibrillation' } },
    { id: 'cancer', label: 'Cancer (new in the last five years)', weight: '1.53', rule: { marker: 'cancer-diagnosis-or-treatment', within: { months: 60 } } },
    { id: 'chronic-kidney-disease', label: 'Chronic kidney disease', weight: '0.53', rule: { marker: 'ltc-ckd' } },
    { id: 'connective-tissue-disorder', label: 'Connective tissue disorder or inflammatory arthritis', weight: '0.43', rule: { marker: 'ltc-rheumatoid-arthritis' } },
    { id: 'copd', label: 'COPD', weight: '1.46', rule: { marker: 'ltc-copd' } },
    { id: 'coronary-heart-disease', label: 'Coronary heart disease', weight: '0.49', rule: { marker: 'ltc-chd' } },
    { id: 'dementia', label: 'Dementia', weight: '2.50', rule: { marker: 'dementia' } },
    { id: 'diabetes', label: 'Diabetes', weight: '0.75', rule: { marker: 'ltc-diabetes' } },
    { id: 'epilepsy', label: 'Epilepsy', weight: '0.92', rule: { marker: 'ltc-epilepsy' } },
    { id: 'heart-failure', label: 'Heart failure', weight: '1.18', rule: { marker: 'ltc-heart-failure' } },
    { id: 'psychosis', label: 'Schizophrenia, bipolar disorder or other psychosis', weight: '0.64', rule: { marker: 'serious-mental-illness' } },
    { id: 'stroke-tia', label: 'Stroke or TIA', weight: '0.80', rule: { marker: 'ltc-stroke-tia' } },
    { id: 'asthma', label: 'Asthma', weight: '0.19', rule: { marker: 'ltc-asthma' } },
    { id: 'hypertension', label: 'Hypertension', weight: '0.08', rule: { marker: 'ltc-hypertension' } },
    { id: 'painful-condition', label: 'Painful condition', weight: '0.92', rule: { marker: 'ltc-chronic-pain' } },
  ],
});
