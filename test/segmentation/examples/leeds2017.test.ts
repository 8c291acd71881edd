import { describe, expect, it } from 'vitest';
import { classify, leeds2017 } from 'phm-kit/segmentation';
import { AS_OF } from './helpers.js';

const of = (birthDate: string, markers: unknown[]) => classify({ id: 'p', birthDate, markers }, leeds2017, { asOf: AS_OF });

describe('leeds2017', () => {
  it('has end of life, frailty, long-term conditions and the all-other catch-all, in that order', () => {
    expect(leeds2017.segments.map((s) => s.id)).toEqual(['end-of-life', 'frailty', 'long-term-conditions', 'healthy-and-at-risk']);
    expect(leeds2017.segments.at(-1)).toHaveProperty('catchAll', true);
  });

  it('end of life beats frailty', () => {
    const c = of('1940-01-01', ['frailty-severe', 'end-of-life']);
    expect(c.segment).toBe('end-of-life');
    expect(c.matched).toEqual(['end-of-life', 'frailty']);
  });

  it('frailty beats long-term conditions', () => {
    const c = of('1940-01-01', ['ltc-copd', 'frailty-moderate']);
    expect(c.segment).toBe('frailty');
    expect(c.matched).toEqual(['frailty', 'long-term-conditions']);
  });

  it('a long-term condition beats the catch-all; dementia counts as one', () => {
    expect(of('1960-01-01', ['ltc-asthma']).segment).toBe('long-term-conditions');
    expect(of('1940-01-01', ['dementia']).segment).toBe('long-term-conditions');
  });

  it('children are not a segment of their own: a child with asthma is in long-term conditions', () => {
    expect(of('2015-01-01', ['ltc-asthma']).segment).toBe('long-term-conditions');
  });

  it('everyone else is in the all-other catch-all, with the catch-all reason', () => {
    const c = of('1990-01-01', []);
    expect(c.segment).toBe('healthy-and-at-risk');
    expect(c.matched).toEqual(['healthy-and-at-risk']);
    expect(c.reason).toContain('catch-all');
    expect(of('1990-01-01', ['pregnancy']).segment).toBe('healthy-and-at-risk');
  });

  it('flags diabetes and respiratory inside long-term conditions only', () => {
    expect(of('1960-01-01', ['ltc-diabetes', 'ltc-asthma']).subsegments).toEqual(['diabetes', 'respiratory']);
    expect(of('1940-01-01', ['ltc-diabetes', 'frailty-severe']).subsegments).toEqual([]);
  });

  it('documents its gaps and assumptions', () => {
    expect(leeds2017.gaps?.length ?? 0).toBeGreaterThan(0);
    expect(leeds2017.assumptions?.length ?? 0).toBeGreaterThan(0);
    for (const line of [...(leeds2017.gaps ?? []), ...(leeds2017.assumptions ?? [])]) expect(line.trim()).not.toBe('');
    expect(leeds2017.source).toBeTruthy();
  });
});
