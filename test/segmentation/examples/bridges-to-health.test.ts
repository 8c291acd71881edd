import { describe, expect, it } from 'vitest';
import { bridgesToHealth, classify } from 'phm-kit/segmentation';
import { AS_OF } from './helpers.js';

const of = (birthDate: string, markers: unknown[]) => classify({ id: 'p', birthDate, markers }, bridgesToHealth, { asOf: AS_OF });
const ADULT = '1980-01-01';
const OLDER = '1940-01-01';

describe('bridgesToHealth', () => {
  it('has the seven segments, most severe first, healthy well last', () => {
    expect(bridgesToHealth.segments.map((s) => s.id)).toEqual([
      'frailty-and-dementia',
      'organ-failure',
      'incurable-cancer',
      'disability',
      'long-term-conditions',
      'maternal-and-infant-health',
      'healthy-well',
    ]);
  });

  it('an infant under 1 is in maternal and infant health', () => {
    const c = of('2023-10-01', []);
    expect(c.age).toBe(0);
    expect(c.segment).toBe('maternal-and-infant-health');
  });

  it('a child on their first birthday is healthy well', () => {
    expect(of('2023-04-01', []).segment).toBe('healthy-well');
  });

  it('frailty beats organ failure', () => {
    const c = of(OLDER, ['organ-failure-heart', 'frailty-severe']);
    expect(c.segment).toBe('frailty-and-dementia');
    expect(c.matched).toEqual(['frailty-and-dementia', 'organ-failure']);
  });

  it('dementia alone is frailty and dementia, flagged dementia', () => {
    const c = of(OLDER, ['dementia']);
    expect(c.segment).toBe('frailty-and-dementia');
    expect(c.subsegments).toEqual(['dementia']);
  });

  it('organ failure beats incurable cancer', () => {
    const c = of(OLDER, ['incurable-cancer', 'organ-failure-renal']);
    expect(c.segment).toBe('organ-failure');
    expect(c.matched).toEqual(['organ-failure', 'incurable-cancer']);
  });

  it('incurable cancer beats disability', () => {
    const c = of(ADULT, ['physical-disability', 'incurable-cancer']);
    expect(c.segment).toBe('incurable-cancer');
    expect(c.matched).toEqual(['incurable-cancer', 'disability']);
  });

  it('disability beats long-term conditions, and flags learning disability', () => {
    const c = of(ADULT, ['ltc-asthma', 'learning-disability']);
    expect(c.segment).toBe('disability');
    expect(c.matched).toEqual(['disability', 'long-term-conditions']);
    expect(c.subsegments).toEqual(['learning-disability']);
    expect(of(ADULT, ['sensory-impairment']).subsegments).toEqual([]);
  });

  it('long-term conditions beat maternal health; curable cancer and SMI count as long-term conditions', () => {
    const c = of(ADULT, ['pregnancy', 'ltc-epilepsy']);
    expect(c.segment).toBe('long-term-conditions');
    expect(c.matched).toEqual(['long-term-conditions', 'maternal-and-infant-health']);
    expect(of(ADULT, ['cancer']).segment).toBe('long-term-conditions');
    expect(of(ADULT, ['serious-mental-illness']).segment).toBe('long-term-conditions');
  });

  it('an infant with a long-term condition is in long-term conditions', () => {
    expect(of('2024-01-01', ['ltc-asthma']).segment).toBe('long-term-conditions');
  });

  it('maternal health beats healthy well; a pregnancy ended 42 days ago counts, 43 does not', () => {
    expect(of(ADULT, ['pregnancy']).segment).toBe('maternal-and-infant-health');
    expect(of(ADULT, [{ id: 'pregnancy', from: '2023-05-01', to: '2024-02-19' }]).segment).toBe('maternal-and-infant-health');
    expect(of(ADULT, [{ id: 'pregnancy', from: '2023-05-01', to: '2024-02-18' }]).segment).toBe('healthy-well');
  });

  it('an adult with no markers is healthy well', () => {
    const c = of(ADULT, []);
    expect(c.segment).toBe('healthy-well');
    expect(c.matched).toEqual(['healthy-well']);
  });
});
