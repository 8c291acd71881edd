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
