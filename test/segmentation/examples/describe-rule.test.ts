import { describe, expect, it } from 'vitest';
import { describeRule, LONG_TERM_CONDITION_IDS } from 'phm-kit/segmentation';

describe('describeRule', () => {
  it('marker, active on the evaluation date', () => {
    expect(describeRule({ marker: 'cancer' })).toBe('cancer active on the evaluation date');
  });

  it('marker within days, singular and plural', () => {
    expect(describeRule({ marker: 'pregnancy', within: { days: 42 } })).toBe('pregnancy active at any time in the 42 days up to the evaluation date');
    expect(describeRule({ marker: 'pregnancy', within: { days: 1 } })).toBe('pregnancy active at any time in the 1 day up to the evaluation date');
  });

  it('marker within months, singular and plural', () => {
    expect(describeRule({ marker: 'end-of-life', within: { months: 1 } })).toBe('end-of-life active at any time in the 1 month up to the evaluation date');
    expect(describeRule({ marker: 'end-of-life', within: { months: 12 } })).toBe('end-of-life active at any time in the 12 months up to the evaluation date');
  });

  it('ageAtLeast and ageBelow', () => {
    expect(describeRule({ ageAtLeast: 65 })).toBe('aged 65 or over');
    expect(describeRule({ ageBelow: 18 })).toBe('aged under 18');
  });

  it('sex, one value or several', () => {
    expect(describeRule({ sex: 'female' })).toBe('recorded sex female');
    expect(describeRule({ sex: ['female', 'indeterminate'] })).toBe('recorded sex female or indeterminate');
  });

  it('atLeast k of n markers', () => {
    expect(describeRule({ atLeast: 2, of: ['ltc-copd', 'ltc-asthma', 'ltc-diabetes'] })).toBe(
      'at least 2 of 3 markers (ltc-copd, ltc-asthma, ltc-diabetes) active on the evaluation date',
    );
    expect(describeRule({ atLeast: 1, of: ['ltc-copd'] })).toBe('at least 1 of (ltc-copd) active on the evaluation date');
    expect(describeRule({ atLeast: 1, of: ['ltc-copd', 'ltc-asthma'], within: { days: 90 } })).toBe(
      'at least 1 of 2 markers (ltc-copd, ltc-asthma) active at any time in the 90 days up to the evaluation date',
    );
  });

  it('atLeast lists at most six markers, then how many more', () => {
    const text = describeRule({ atLeast: 1, of: [...LONG_TERM_CONDITION_IDS] });
    expect(text).toBe(
      `at least 1 of ${LONG_TERM_CONDITION_IDS.length} markers (${LONG_TERM_CONDITION_IDS.slice(0, 6).join(', ')} and ${LONG_TERM_CONDITION_IDS.length - 6} more) active on the evaluation date`,
    );
  });

  it('all and any join with and / or', () => {
    expect(describeRule({ all: [{ ageAtLeast: 18 }, { marker: 'cancer' }] })).toBe('aged 18 or over and cancer active on the evaluation date');
    expect(describeRule({ any: [{ ageBelow: 18 }, { sex: 'female' }, { ageAtLeast: 65 }] })).toBe('aged under 18 or recorded sex female or aged 65 or over');
  });

  it('plain markers sharing one window read as a list', () => {
    expect(describeRule({ any: [{ marker: 'frailty-moderate' }, { marker: 'frailty-severe' }] })).toBe('frailty-moderate or frailty-severe active on the evaluation date');
    expect(describeRule({ any: [{ marker: 'learning-disability' }, { marker: 'autism' }, { marker: 'adhd' }] })).toBe(
      'learning-disability, autism or adhd active on the evaluation date',
    );
    expect(describeRule({ all: [{ marker: 'ltc-copd', within: { days: 30 } }, { marker: 'ltc-asthma', within: { days: 30 } }] })).toBe(
      'ltc-copd and ltc-asthma active at any time in the 30 days up to the evaluation date',
    );
  });

  it('markers with different windows are described one by one', () => {
    expect(describeRule({ any: [{ marker: 'pregnancy', within: { days: 42 } }, { marker: 'pregnancy' }] })).toBe(
      'pregnancy active at any time in the 42 days up to the evaluation date or pregnancy active on the evaluation date',
    );
    expect(describeRule({ any: [{ marker: 'cancer', within: { days: 30 } }, { marker: 'cancer', within: { months: 1 } }] })).toBe(
      'cancer active at any time in the 30 days up to the evaluation date or cancer active at any time in the 1 month up to the evaluation date',
    );
  });

  it('a single-rule all or any reads as that rule', () => {
    expect(describeRule({ all: [{ ageBelow: 5 }] })).toBe('aged under 5');
  });

  it('not, and nested groups in parentheses', () => {
    expect(describeRule({ not: { ageBelow: 18 } })).toBe('not aged under 18');
    expect(describeRule({ not: { any: [{ ageBelow: 18 }, { marker: 'cancer' }] } })).toBe('not (aged under 18 or cancer active on the evaluation date)');
    expect(describeRule({ all: [{ ageAtLeast: 65 }, { any: [{ sex: 'female' }, { marker: 'dementia' }] }] })).toBe(
      'aged 65 or over and (recorded sex female or dementia active on the evaluation date)',
    );
    expect(describeRule({ any: [{ all: [{ ageAtLeast: 1 }, { ageBelow: 5 }] }, { not: { marker: 'autism' } }] })).toBe(
      '(aged 1 or over and aged under 5) or not autism active on the evaluation date',
    );
  });
});
