import { describe, expect, it } from 'vitest';
import { addDays } from 'phm-kit';
import { classify, createLeeds2024Model, leeds2024, type SegmentationModel } from 'phm-kit/segmentation';
import { AS_OF } from './helpers.js';

const ADULT = '1990-01-01'; // 34 on 2024-04-01
const OLDER = '1944-01-01'; // 80
const CHILD = '2014-01-01'; // 10

const of = (birthDate: string, markers: unknown[], model: SegmentationModel = leeds2024, asOf = AS_OF) =>
  classify({ id: 'p', birthDate, markers }, model, { asOf });

describe('leeds2024: segments and order', () => {
  it('has the nine segments in precedence order, healthy adults last', () => {
    expect(leeds2024.id).toBe('leeds-2024');
    expect(leeds2024.segments.map((s) => s.id)).toEqual([
      'end-of-life',
      'maternity',
      'children-and-young-people',
      'frailty',
      'cancer',
      'learning-disability-neurodiversity',
      'serious-mental-illness',
      'long-term-conditions',
      'healthy-adults',
    ]);
  });
});

describe('leeds2024: precedence between adjacent segments', () => {
  it('end of life beats maternity', () => {
    const c = of(ADULT, ['end-of-life', 'pregnancy']);
    expect(c.segment).toBe('end-of-life');
    expect(c.matched).toEqual(['end-of-life', 'maternity']);
  });

  it('a pregnant 16-year-old is in maternity, not children and young people', () => {
    const c = of('2008-01-01', ['pregnancy']);
    expect(c.age).toBe(16);
    expect(c.segment).toBe('maternity');
    expect(c.matched).toEqual(['maternity', 'children-and-young-people']);
  });

  it('a 17-year-old with moderate frailty stays in children and young people', () => {
    const c = of('2007-01-01', ['frailty-moderate']);
    expect(c.segment).toBe('children-and-young-people');
    expect(c.matched).toEqual(['children-and-young-people', 'frailty']);
  });

  it('a child with cancer is in children and young people', () => {
    const c = of(CHILD, ['cancer']);
    expect(c.segment).toBe('children-and-young-people');
    expect(c.matched).toEqual(['children-and-young-people', 'cancer']);
  });

  it('a frail person with COPD is in frailty, matched [frailty, long-term-conditions]', () => {
    const c = of(OLDER, ['frailty-severe', 'ltc-copd']);
    expect(c.segment).toBe('frailty');
    expect(c.matched).toEqual(['frailty', 'long-term-conditions']);
  });

  it('frailty beats cancer', () => {
    const c = of(OLDER, ['cancer', 'frailty-moderate']);
    expect(c.segment).toBe('frailty');
    expect(c.matched).toEqual(['frailty', 'cancer']);
  });

  it('cancer beats learning disability and neurodiversity', () => {
    const c = of(ADULT, ['autism', 'cancer']);
    expect(c.segment).toBe('cancer');
    expect(c.matched).toEqual(['cancer', 'learning-disability-neurodiversity']);
  });

  it('learning disability and neurodiversity beats serious mental illness', () => {
    const c = of(ADULT, ['serious-mental-illness', 'learning-disability']);
    expect(c.segment).toBe('learning-disability-neurodiversity');
    expect(c.matched).toEqual(['learning-disability-neurodiversity', 'serious-mental-illness']);
  });

  it('autism with a long-term condition is learning-disability-neurodiversity', () => {
    const c = of(ADULT, ['ltc-asthma', 'autism']);
    expect(c.segment).toBe('learning-disability-neurodiversity');
    expect(c.matched).toEqual(['learning-disability-neurodiversity', 'long-term-conditions']);
  });

  it('ADHD alone is learning-disability-neurodiversity', () => {
    expect(of(ADULT, ['adhd']).segment).toBe('learning-disability-neurodiversity');
  });

  it('serious mental illness with a long-term condition is serious-mental-illness', () => {
    const c = of(ADULT, ['ltc-diabetes', 'serious-mental-illness']);
    expect(c.segment).toBe('serious-mental-illness');
    expect(c.matched).toEqual(['serious-mental-illness', 'long-term-conditions']);
  });

  it('a long-term condition beats healthy adults', () => {
    const c = of(ADULT, ['ltc-hypertension']);
    expect(c.segment).toBe('long-term-conditions');
    expect(c.matched).toEqual(['long-term-conditions']);
  });

  it('dementia alone (no frailty) is a long-term condition', () => {
    const c = of(OLDER, ['dementia']);
    expect(c.segment).toBe('long-term-conditions');
    expect(c.matched).toEqual(['long-term-conditions']);
  });

  it('mild frailty is not the frailty segment', () => {
    // 'frailty-mild' is not a catalogue marker; markers no rule reads are ignored.
    expect(of(OLDER, ['frailty-mild']).segment).toBe('healthy-adults');
  });

  it('an adult with no markers is a healthy adult, matched only [healthy-adults]', () => {
    const c = of(ADULT, []);
    expect(c.segment).toBe('healthy-adults');
    expect(c.matched).toEqual(['healthy-adults']);
    expect(c.subsegments).toEqual([]);
    expect(c.age).toBe(34);
  });

  it('a child with no markers is in children and young people, matched only that', () => {
    const c = of(CHILD, []);
    expect(c.segment).toBe('children-and-young-people');
    expect(c.matched).toEqual(['children-and-young-people']);
  });

  it('the children cut-off is the 18th birthday', () => {
    expect(of('2006-04-02', []).segment).toBe('children-and-young-people'); // 17, turns 18 tomorrow
    expect(of('2006-04-01', []).segment).toBe('healthy-adults'); // 18 today
  });
});

describe('leeds2024: maternity window', () => {
  const ended = (daysAgo: number) => [{ id: 'pregnancy', from: addDays(AS_OF, -daysAgo - 270), to: addDays(AS_OF, -daysAgo) }];

  it('an undated pregnancy marker is maternity', () => {
    expect(of(ADULT, ['pregnancy']).segment).toBe('maternity');
  });

  it('an ongoing dated pregnancy (from before, to after asOf) is maternity', () => {
    expect(of(ADULT, [{ id: 'pregnancy', from: '2023-10-01', to: '2024-07-01' }]).segment).toBe('maternity');
  });

  it('a pregnancy with only a start date before asOf is maternity', () => {
    expect(of(ADULT, [{ id: 'pregnancy', from: '2024-01-01' }]).segment).toBe('maternity');
  });

  it('a pregnancy that ended 42 days before asOf is still maternity', () => {
    expect(of(ADULT, ended(42)).segment).toBe('maternity');
  });

  it('a pregnancy that ended 43 days before asOf is not maternity', () => {
    const c = of(ADULT, ended(43));
    expect(c.segment).toBe('healthy-adults');
    expect(c.matched).not.toContain('maternity');
  });

  it('a pregnancy that ended on asOf is maternity', () => {
    expect(of(ADULT, ended(0)).segment).toBe('maternity');
  });

  it('a pregnancy that starts after asOf is not maternity', () => {
    expect(of(ADULT, [{ id: 'pregnancy', from: '2024-04-02', to: '2024-12-31' }]).segment).toBe('healthy-adults');
    expect(of(ADULT, [{ id: 'pregnancy', from: '2024-04-02' }]).segment).toBe('healthy-adults');
  });

  it('a pregnancy that starts on asOf is maternity', () => {
    expect(of(ADULT, [{ id: 'pregnancy', from: AS_OF }]).segment).toBe('maternity');
  });

  it('an old pregnancy does not hide a recent one', () => {
    const markers = [{ id: 'pregnancy', from: '2015-01-01', to: '2015-10-01' }, ...ended(10)];
    expect(of(ADULT, markers).segment).toBe('maternity');
  });
});

describe('leeds2024: dated markers', () => {
  it('a marker whose `to` is before asOf is not active', () => {
    expect(of(ADULT, [{ id: 'cancer', from: '2020-01-01', to: '2024-03-31' }]).segment).toBe('healthy-adults');
    expect(of(OLDER, [{ id: 'end-of-life', to: '2024-03-31' }]).segment).toBe('healthy-adults');
  });

  it('a marker whose `to` is asOf is active', () => {
    expect(of(ADULT, [{ id: 'cancer', from: '2020-01-01', to: AS_OF }]).segment).toBe('cancer');
  });

  it('a marker whose `from` is after asOf is not active', () => {
    expect(of(ADULT, [{ id: 'cancer', from: '2024-04-02' }]).segment).toBe('healthy-adults');
  });

  it('a marker with no dates is active', () => {
    expect(of(ADULT, [{ id: 'cancer' }]).segment).toBe('cancer');
  });

  it('the same record gives different segments on different dates', () => {
    const markers = [{ id: 'cancer', from: '2022-01-01', to: '2023-06-30' }];
    expect(of(ADULT, markers, leeds2024, '2023-01-01').segment).toBe('cancer');
    expect(of(ADULT, markers, leeds2024, '2024-01-01').segment).toBe('healthy-adults');
  });
});

describe('createLeeds2024Model options', () => {
  const custom = createLeeds2024Model({ childAgeBelow: 25, postnatalDays: 56 });
  const ended = (daysAgo: number) => [{ id: 'pregnancy', from: addDays(AS_OF, -daysAgo - 270), to: addDays(AS_OF, -daysAgo) }];

  it('with no options equals leeds2024', () => {
    expect(JSON.parse(JSON.stringify(createLeeds2024Model()))).toEqual(JSON.parse(JSON.stringify(leeds2024)));
  });

  it('childAgeBelow: 25 puts a 24-year-old in children and young people', () => {
    expect(of('2000-01-01', [], custom).segment).toBe('children-and-young-people');
    expect(of('2000-01-01', [], leeds2024).segment).toBe('healthy-adults');
  });

  it('childAgeBelow: 25 puts a 25-year-old in healthy adults', () => {
    expect(of('1999-04-01', [], custom).segment).toBe('healthy-adults');
  });

  it('postnatalDays: 56 keeps a pregnancy that ended 56 days ago in maternity', () => {
    expect(of(ADULT, ended(56), custom).segment).toBe('maternity');
    expect(of(ADULT, ended(56), leeds2024).segment).toBe('healthy-adults');
  });

  it('postnatalDays: 56 drops a pregnancy that ended 57 days ago', () => {
    expect(of(ADULT, ended(57), custom).segment).toBe('healthy-adults');
  });

  it('records the chosen values in the rules and the assumptions', () => {
    const rules = custom.segments.map((s) => ('rule' in s ? s.rule : null));
    expect(rules).toContainEqual({ ageBelow: 25 });
    expect(rules).toContainEqual({ marker: 'pregnancy', within: { days: 56 } });
    expect(custom.assumptions?.join('\n')).toContain('under 25');
    expect(custom.assumptions?.join('\n')).toContain('56 days');
  });
});

describe('createLeeds2024Model: where dementia goes', () => {
  const withFrailty = createLeeds2024Model({ dementia: 'frailty' });

  it('puts dementia in long-term conditions by default, and in frailty when asked', () => {
    expect(of(OLDER, ['dementia']).segment).toBe('long-term-conditions');
    const c = of(OLDER, ['dementia'], withFrailty);
    expect(c.segment).toBe('frailty');
    expect(c.subsegments).toEqual(['dementia']);
  });

  it('lets dementia outrank cancer, learning disability and serious mental illness only with frailty', () => {
    for (const other of ['cancer', 'learning-disability', 'serious-mental-illness']) {
      expect(of(OLDER, ['dementia', other], withFrailty).segment).toBe('frailty');
      expect(of(OLDER, ['dementia', other]).segment).not.toBe('frailty');
    }
    // End of life, maternity and children still come first.
    expect(of(OLDER, ['dementia', 'end-of-life'], withFrailty).segment).toBe('end-of-life');
    expect(of(CHILD, ['dementia'], withFrailty).segment).toBe('children-and-young-people');
  });

  it('no longer counts dementia among the long-term conditions', () => {
    const ltc = withFrailty.segments.find((s) => s.id === 'long-term-conditions');
    expect(ltc !== undefined && 'rule' in ltc ? JSON.stringify(ltc.rule) : '').not.toContain('dementia');
    expect(of(OLDER, ['ltc-ckd', 'ltc-copd'], withFrailty).subsegments).toEqual(['respiratory', 'multimorbidity']);
    expect(withFrailty.id).toBe('leeds-2024-cyp-under-18-postnatal-42-days-dementia-with-frailty');
    expect(withFrailty.assumptions?.join('\n')).toContain('dementia: frailty');
    expect(createLeeds2024Model({ dementia: 'long-term-conditions' }).id).toBe('leeds-2024');
  });
});

describe('createLeeds2024Model: the cancer look-back', () => {
  const recent = createLeeds2024Model({ cancerLookBackMonths: 12 });
  const care = (from: string, to: string) => ({ id: 'cancer-diagnosis-or-treatment', from, to });

  it('takes anyone on the cancer register by default, survivors included', () => {
    expect(of(ADULT, [{ id: 'cancer', from: '2010-05-01' }]).segment).toBe('cancer');
    expect(of(ADULT, [{ id: 'cancer', from: '2010-05-01' }], recent).segment).toBe('healthy-adults');
  });

  it('takes a diagnosis or treatment in the 12 months up to asOf, its first day included', () => {
    expect(of(ADULT, [care('2023-04-01', '2023-04-01')], recent).segment).toBe('cancer');
    expect(of(ADULT, [care('2023-03-31', '2023-03-31')], recent).segment).toBe('healthy-adults');
    // A course that began years ago and is still going on.
    expect(of(ADULT, [care('2019-01-01', '2024-06-30')], recent).segment).toBe('cancer');
    expect(of(ADULT, [care('2024-04-02', '2024-04-02')], recent).segment).toBe('healthy-adults');
    // The standard model does not read it.
    expect(of(ADULT, [care('2024-01-01', '2024-01-01')]).segment).toBe('healthy-adults');
  });

  it('places a survivor beyond the look-back by their other needs', () => {
    expect(of(ADULT, ['cancer', 'ltc-asthma'], recent).segment).toBe('long-term-conditions');
    expect(of(ADULT, ['cancer', 'serious-mental-illness'], recent).segment).toBe('serious-mental-illness');
  });

  it('names the look-back in the id, the rule and the assumptions', () => {
    expect(recent.id).toBe('leeds-2024-cyp-under-18-postnatal-42-days-cancer-within-12-months');
    const cancer = recent.segments.find((s) => s.id === 'cancer');
    expect(cancer !== undefined && 'rule' in cancer ? cancer.rule : undefined).toEqual({ marker: 'cancer-diagnosis-or-treatment', within: { months: 12 } });
    expect(recent.assumptions?.join('\n')).toContain('12 months');
    expect(createLeeds2024Model({ cancerLookBackMonths: 60 }).id).toMatch(/cancer-within-60-months$/);
  });
});

describe('createLeeds2024Model: children before or after learning disability and neurodiversity', () => {
  const byNeed = createLeeds2024Model({ cypBeforeLearningDisability: false });

  it('puts every child in children and young people by default', () => {
    for (const m of ['learning-disability', 'autism', 'adhd']) expect(of(CHILD, [m]).segment).toBe('children-and-young-people');
  });

  it('places children with a learning disability, autism or ADHD by need when asked', () => {
    for (const m of ['learning-disability', 'autism', 'adhd']) expect(of(CHILD, [m], byNeed).segment).toBe('learning-disability-neurodiversity');
    expect(of(CHILD, ['autism', 'cancer'], byNeed).segment).toBe('cancer');
    expect(of(CHILD, ['autism', 'end-of-life'], byNeed).segment).toBe('end-of-life');
  });

  it('leaves other children, and adults, where they were', () => {
    expect(of(CHILD, [], byNeed).segment).toBe('children-and-young-people');
    expect(of(CHILD, ['cancer', 'ltc-asthma'], byNeed).segment).toBe('children-and-young-people');
    expect(of(ADULT, ['autism', 'cancer'], byNeed).segment).toBe('cancer');
    expect(of('2006-04-01', ['autism'], byNeed).segment).toBe('learning-disability-neurodiversity');
  });

  it('names the choice in the id and the assumptions, and combines with the other options', () => {
    expect(byNeed.id).toBe('leeds-2024-cyp-under-18-postnatal-42-days-ldnd-children-by-need');
    expect(byNeed.assumptions?.join('\n')).toContain('cypBeforeLearningDisability: false');
    const all = createLeeds2024Model({ childAgeBelow: 25, dementia: 'frailty', cancerLookBackMonths: 6, cypBeforeLearningDisability: false });
    expect(all.id).toBe('leeds-2024-cyp-under-25-postnatal-42-days-dementia-with-frailty-cancer-within-6-months-ldnd-children-by-need');
    expect(of('2002-01-01', ['autism'], all).segment).toBe('learning-disability-neurodiversity');
  });
});

describe('leeds2024: sub-segments', () => {
  it('long-term conditions flags diabetes, respiratory and multimorbidity', () => {
    const c = of(ADULT, ['ltc-diabetes']);
    expect(c.segment).toBe('long-term-conditions');
    expect(c.subsegments).toEqual(['diabetes']);
    expect(of(ADULT, ['ltc-copd']).subsegments).toEqual(['respiratory']);
    expect(of(ADULT, ['ltc-diabetes', 'ltc-copd']).subsegments).toEqual(['diabetes', 'respiratory', 'multimorbidity']);
    expect(of(ADULT, ['ltc-diabetes', 'ltc-asthma', 'ltc-depression']).subsegments).toEqual(['diabetes', 'respiratory', 'multimorbidity']);
  });

  it('multimorbidity needs two distinct long-term conditions (dementia counts)', () => {
    expect(of(OLDER, ['ltc-ckd']).subsegments).toEqual([]);
    expect(of(OLDER, ['ltc-ckd', 'dementia']).subsegments).toEqual(['multimorbidity']);
    expect(of(OLDER, ['ltc-ckd', 'ltc-ckd']).subsegments).toEqual([]);
  });

  it('cardiovascular is flagged for hypertension', () => {
    expect(of(OLDER, ['ltc-hypertension']).subsegments).toEqual(['cardiovascular']);
  });

  it('frailty flags severe-frailty and dementia', () => {
    expect(of(OLDER, ['frailty-severe', 'dementia']).subsegments).toEqual(['severe-frailty', 'dementia']);
    expect(of(OLDER, ['frailty-moderate']).subsegments).toEqual([]);
  });

  it('flags are reported only for the assigned segment', () => {
    const frail = of(OLDER, ['frailty-severe', 'ltc-diabetes', 'ltc-copd']);
    expect(frail.segment).toBe('frailty');
    expect(frail.subsegments).toEqual(['severe-frailty']);

    const child = of(CHILD, ['ltc-diabetes', 'ltc-asthma']);
    expect(child.segment).toBe('children-and-young-people');
    expect(child.subsegments).toEqual([]);

    const ltc = of(OLDER, ['dementia', 'ltc-diabetes']);
    expect(ltc.segment).toBe('long-term-conditions');
    expect(ltc.subsegments).toEqual(['diabetes', 'multimorbidity']);
    expect(ltc.subsegments).not.toContain('dementia');
  });
});
