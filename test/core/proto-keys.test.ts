/**
 * A key named `__proto__` (an own key, as `JSON.parse` makes it) cannot be held as data in a
 * JavaScript object, and zod's records skip it in silence. Every record of user keys refuses it
 * with its path instead, so that a likelihood for an outcome called `__proto__` is never lost.
 */
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { contingencyPlan } from 'phm-kit/bcf';
import { selectAccelerator } from 'phm-kit/prioritisation';
import { segmentCountsChart, type PopulationCounts } from 'phm-kit/segmentation';
import { caught } from '../segmentation/examples/helpers.js';

const paths = (fn: () => unknown) => caught(fn, PhmValidationError).issues.map((i) => i.path);
const json = <T>(text: string) => JSON.parse(text) as T;

describe("records refuse a '__proto__' key, naming its path", () => {
  it('contingencyPlan likelihoods, for an outcome of that id', () => {
    const outcomes = [{ id: '__proto__', unitCost: '100', volume: 2 }];
    expect(paths(() => contingencyPlan({ outcomes, contingencyFund: '0', likelihoods: json('{"__proto__": 0.5}') }))).toEqual([['likelihoods', '__proto__']]);
  });

  it('selectAccelerator indicator values and weights', () => {
    const candidates = [{ id: 'a', evidence: { healthOutcomes: 3 } }, { id: 'b', evidence: { healthOutcomes: 4 } }];
    const values = json<Record<string, number>>('{"__proto__": 1, "a": 2}');
    expect(paths(() => selectAccelerator({ candidates, indicators: [{ id: 'spend', criterion: 'costToSystem', prioritise: 'higher', values }] }))).toEqual([['indicators', 0, 'values', '__proto__']]);
    expect(paths(() => selectAccelerator({ candidates, weights: json('{"__proto__": 1, "healthOutcomes": 2}') }))).toEqual([['weights', '__proto__']]);
  });

  it('segmentation chart labels', () => {
    const counts = { bySegment: { frailty: 2 } } as unknown as PopulationCounts;
    expect(paths(() => segmentCountsChart(counts, { labels: json('{"__proto__": "x", "frailty": "Frailty"}') }))).toEqual([['labels', '__proto__']]);
  });

  it('and an ordinary key of that spelling in other places stays ordinary data', () => {
    const outcomes = [{ id: '__proto__', unitCost: '100', volume: 2 }];
    expect(contingencyPlan({ outcomes, contingencyFund: '0' }).outcomes[0]?.id).toBe('__proto__');
    expect(segmentCountsChart({ bySegment: { frailty: 2 } } as unknown as PopulationCounts, { labels: { frailty: 'Frailty' } }).data).toEqual({ values: [expect.objectContaining({ segment: 'frailty', label: 'Frailty', people: 2 })] });
  });
});
