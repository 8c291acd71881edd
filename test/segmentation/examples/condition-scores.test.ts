import { describe, expect, it } from 'vitest';
import { CAMBRIDGE_MULTIMORBIDITY_SCORE, defineConditionScore, PhmModelError, PhmValidationError, scoreConditions } from 'phm-kit/segmentation';
import { refusalOf } from '../../support/issues.js';

const asOf = '2024-04-01';
const person = (id: string, markers: unknown[], extra: object = {}) => ({ id, birthDate: '1950-01-01', markers, ...extra });
const scoreOf = (markers: unknown[]) => scoreConditions([person('p', markers)], CAMBRIDGE_MULTIMORBIDITY_SCORE, { asOf }).people[0];

/**
 * The 20 general-outcome weights of the Cambridge Multimorbidity Score (Payne et al., CMAJ
 * 2020), as OpenSAFELY's implementation writes them (opensafely/NeurodegenerativeDiseaseBurden,
 * analysis/dataset_definition/variable_helper_functions.py, get_cms_on_date).
 */
const PUBLISHED: Record<string, string> = {
  alcohol: '0.65', anxiety: '0.50', af: '1.34', cancer: '1.53', ckd: '0.53', tissue: '0.43', copd: '1.46', chd: '0.49', dementia: '2.50', diabetes: '0.75',
  epilepsy: '0.92', hearing_loss: '0.09', hf: '1.18', bowel: '0.21', psychosis: '0.64', stroke: '0.80', asthma: '0.19', hypertension: '0.08', constipation: '1.12', pain: '0.92',
};
const OURS: Record<string, string> = {
  alcohol: 'alcohol-problems', anxiety: 'anxiety-or-depression', af: 'atrial-fibrillation', cancer: 'cancer', ckd: 'chronic-kidney-disease', tissue: 'connective-tissue-disorder',
  copd: 'copd', chd: 'coronary-heart-disease', dementia: 'dementia', diabetes: 'diabetes', epilepsy: 'epilepsy', hf: 'heart-failure', psychosis: 'psychosis', stroke: 'stroke-tia',
  asthma: 'asthma', hypertension: 'hypertension', pain: 'painful-condition',
};

describe('CAMBRIDGE_MULTIMORBIDITY_SCORE', () => {
  it('carries the published weight of each of the 17 conditions it can read, and names the 3 it cannot', () => {
    const weights = Object.fromEntries(CAMBRIDGE_MULTIMORBIDITY_SCORE.terms.map((t) => [t.id, t.weight]));
    expect(Object.keys(weights)).toHaveLength(17);
    for (const [name, id] of Object.entries(OURS)) expect(weights[id], name).toBe(PUBLISHED[name]);
    const missing = Object.keys(PUBLISHED).filter((name) => OURS[name] === undefined);
    expect(missing).toEqual(['hearing_loss', 'bowel', 'constipation']);
    for (const name of ['Hearing loss (0.09)', 'irritable bowel syndrome (0.21)', 'constipation (1.12)']) expect(CAMBRIDGE_MULTIMORBIDITY_SCORE.gaps?.join(' ')).toContain(name);
  });

  it('sums the weights exactly: 14.91 for all 17, 3.96 for dementia and COPD', () => {
    const all = CAMBRIDGE_MULTIMORBIDITY_SCORE.terms.map((t) => (t.rule as { marker: string }).marker);
    expect(scoreOf(all.map((m) => (m === 'cancer-diagnosis-or-treatment' ? { id: m, from: '2023-01-01', to: '2023-06-30' } : m)))?.score).toBe('14.91');
    expect(scoreOf(['dementia', 'ltc-copd'])).toEqual({ index: 0, personId: 'p', score: '3.96', terms: ['copd', 'dementia'] });
    expect(scoreOf([])?.score).toBe('0');
    expect(scoreOf(['ltc-hypertension', 'ltc-asthma'])?.score).toBe('0.27');
  });

  it('counts a cancer diagnosed or treated in the 60 months up to asOf, not before', () => {
    expect(scoreOf([{ id: 'cancer-diagnosis-or-treatment', from: '2019-04-01', to: '2019-04-01' }])?.terms).toEqual(['cancer']);
    expect(scoreOf([{ id: 'cancer-diagnosis-or-treatment', from: '2019-03-31', to: '2019-03-31' }])?.terms).toEqual([]);
    expect(scoreOf(['cancer'])?.terms).toEqual([]);
  });
});

describe('scoreConditions', () => {
  const banded = defineConditionScore({
    ...CAMBRIDGE_MULTIMORBIDITY_SCORE,
    id: 'cms-banded',
    bands: [{ id: 'none', label: 'Below 0.5', from: '0' }, { id: 'some', label: '0.5 to 2', from: '0.5' }, { id: 'high', label: '2 and over', from: '2' }],
  });
  const rows = [
    person('a', []),
    person('b', ['ltc-depression']),
    person('c', ['dementia']),
    person('d', ['dementia', 'ltc-copd']),
    person('dead', ['dementia'], { deathDate: '2024-01-01' }),
    person('bad', ['dementia'], { birthDate: '1950-02-30' }),
    person('typo', ['ltc-copdd']),
  ];

  it('scores, bands and accounts for every row', () => {
    const r = scoreConditions(rows, banded, { asOf });
    expect(r.people.map((p) => [p.personId, p.score, p.band])).toEqual([['a', '0', 'none'], ['b', '0.5', 'some'], ['c', '2.5', 'high'], ['d', '3.96', 'high'], ['typo', '0', 'none']]);
    expect(r.excluded.map((e) => [e.personId, e.reason])).toEqual([['dead', 'deceased']]);
    expect(r.rejected.map((e) => [e.index, e.reason])).toEqual([[5, 'invalid-record']]);
    expect(r.total).toBe(7);
    expect(r.distribution.byBand).toEqual([
      { band: 'none', label: 'Below 0.5', from: '0', people: 2 },
      { band: 'some', label: '0.5 to 2', from: '0.5', people: 1 },
      { band: 'high', label: '2 and over', from: '2', people: 2 },
    ]);
    expect(r.distribution.byScore).toEqual([{ score: '0', people: 2 }, { score: '0.5', people: 1 }, { score: '2.5', people: 1 }, { score: '3.96', people: 1 }]);
    expect(r.distribution.byTerm['dementia']).toBe(2);
    expect(r.distribution.mean).toBe('1.392');
    expect(r.unknownMarkers.map((u) => [u.id, u.suggestion])).toEqual([['ltc-copdd', 'ltc-copd']]);
    expect(r.score).toEqual({ id: 'cms-banded', label: 'Cambridge Multimorbidity Score (general outcome)' });
  });

  it('rejects rows with unknown markers when asked, and has no mean for no one', () => {
    const r = scoreConditions(rows, banded, { asOf, unknownMarkers: 'reject' });
    expect(r.rejected.map((e) => [e.index, e.reason])).toEqual([[5, 'invalid-record'], [6, 'unknown-marker']]);
    expect(scoreConditions([], banded, { asOf }).distribution.mean).toBeNull();
    expect(refusalOf(() => scoreConditions(rows, banded, { asOf: '2024-02-30' }), PhmValidationError).issues[0]?.path).toEqual(['asOf']);
  });

  it('puts scores below the first cut-off in the first band', () => {
    const negative = defineConditionScore({ id: 'n', label: 'N', terms: [{ id: 'x', label: 'X', weight: '-1', rule: { marker: 'ltc-copd' } }], bands: [{ id: 'low', label: 'Low', from: '0' }, { id: 'up', label: 'Up', from: '1' }] });
    expect(scoreConditions([person('p', ['ltc-copd'])], negative, { asOf }).people[0]).toMatchObject({ score: '-1', band: 'low' });
  });
});

describe('defineConditionScore', () => {
  const term = { id: 'copd', label: 'COPD', weight: '1.46', rule: { marker: 'ltc-copd' } };
  const issue = (spec: unknown) => refusalOf(() => defineConditionScore(spec as never), PhmModelError).issues[0];

  it('refuses repeated ids, cut-offs that do not increase, unknown markers and inexact weights, naming the path', () => {
    expect(issue({ id: 's', label: 'S', terms: [term, term] })).toMatchObject({ path: ['terms', 1, 'id'], message: "Term id 'copd' is used twice" });
    expect(issue({ id: 's', label: 'S', terms: [term], bands: [{ id: 'a', label: 'A', from: '1' }, { id: 'b', label: 'B', from: '1.0' }] })).toMatchObject({ path: ['bands', 1, 'from'], message: "Bands' cut-offs must increase: 1.0 is not above 1" });
    expect(issue({ id: 's', label: 'S', terms: [term], bands: [{ id: 'a', label: 'A', from: '0' }, { id: 'a', label: 'B', from: '1' }] })?.path).toEqual(['bands', 1, 'id']);
    expect(issue({ id: 's', label: 'S', terms: [{ ...term, rule: { marker: 'ltc-copdd' } }] })).toMatchObject({ path: ['terms', 0, 'rule', 'marker'] });
    expect(issue({ id: 's', label: 'S', terms: [{ ...term, weight: 1.46 }] })?.path).toEqual(['terms', 0, 'weight']);
    expect(issue({ id: 's', label: 'S', terms: [{ ...term, weight: '1.4600001' }] })?.path).toEqual(['terms', 0, 'weight']);
    expect(issue({ id: 's', label: 'S', terms: [] })?.path).toEqual(['terms']);
    expect(issue({ id: 'S', label: 'S', terms: [term] })?.path).toEqual(['id']);
  });

  it('takes markers of the score\'s own, and returns a checked score as it is', () => {
    const own = defineConditionScore({ id: 's', label: 'S', terms: [{ ...term, rule: { marker: 'hearing-loss' } }], markers: [{ id: 'hearing-loss', label: 'Hearing loss', category: 'condition', description: 'Hearing loss.' }] });
    expect(scoreConditions([person('p', ['hearing-loss'])], own, { asOf }).people[0]?.score).toBe('1.46');
    expect(defineConditionScore(own)).toBe(own);
    expect(Object.isFrozen(own.terms[0])).toBe(true);
  });

  it('refuses a spec it cannot read, with the path, and keeps its own copy', () => {
    const spec = { id: 's', label: 'S', terms: [{ ...term }] };
    Object.defineProperty(spec.terms[0], 'rule', { get: () => { throw new Error('gone'); }, enumerable: true });
    const refused = refusalOf(() => defineConditionScore(spec as never), PhmModelError);
    expect(refused.issues[0]?.path).toEqual(['terms', 0, 'rule']);
    const mine = { id: 's', label: 'S', terms: [{ ...term }] };
    const score = defineConditionScore(mine);
    mine.terms[0]!.weight = '9';
    expect(score.terms[0]?.weight).toBe('1.46');
  });

  it('refuses a rule nested too deep before reading it', () => {
    let rule: unknown = { marker: 'ltc-copd' };
    for (let i = 0; i < 70; i++) rule = { not: rule };
    expect(issue({ id: 's', label: 'S', terms: [{ ...term, rule }] })?.message).toMatch(/nest at most 64 levels/);
  });
});
