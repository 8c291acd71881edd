/**
 * Every public entry point takes its input as read-only, all the way down: an input written
 * `as const`, or one the caller has deep-frozen, type-checks (tsc runs over this file in
 * `npm test`) and gives the same result as a mutable copy, so the functions never write to what
 * they are given.
 */
import { contingencyCost, contingencyPlan, leeds2014Bcf, performanceElement, reconcilePlan, scoreRisk, summariseRegister, trajectory } from 'phm-kit/bcf';
import { allocate, allocateEnvelopes, allocateHierarchy, allocatePooled } from 'phm-kit/finance';
import { selectAccelerator, sensitivity } from 'phm-kit/prioritisation';
import { classify, defineModel, insertSegment, markersReadBy, overlap, personColumns, segmentColumns, segmentPopulation, syntheticPopulation, transitions, type ModelSpec } from 'phm-kit/segmentation';
import { describe, expect, it } from 'vitest';
import { leeds2017AcceleratorInput } from '../../examples/accelerator-2017-input.js';
import { leedsSegments } from '../../examples/leeds-segments-input.js';
import { deepFreeze, type DeepReadonly } from '../../src/core/freeze.js';

/** A deep-frozen copy, typed as read-only all the way down: writing to it would throw. */
const frozen = <T>(value: T): DeepReadonly<T> => deepFreeze(structuredClone(value)) as DeepReadonly<T>;

describe('inputs written as const', () => {
  it('finance: envelopes, a pooled budget and a hierarchy', () => {
    const envelopes = {
      total: '1000.00',
      method: { kind: 'blend', historicShare: 0.5 },
      segments: [
        { id: 'a', population: 300, currentSpend: '500.00', floor: '400.00' },
        { id: 'b', population: 700, currentSpend: '500.00' },
      ],
      topSlices: [{ id: 'reserve', percent: 1 }],
    } as const;
    expect(allocateEnvelopes(envelopes).envelopes.map((e) => e.amount)).toEqual(['400.00', '590.00']);

    const pool = { contributions: [{ id: 'ccg', amount: '30' }, { id: 'council', amount: '10' }], envelopes: [{ id: 'x', amount: '25' }, { id: 'y', amount: '15' }] } as const;
    expect(allocatePooled(pool).matrix).toEqual([['18.75', '11.25'], ['6.25', '3.75']]);

    const tree = { total: '90', unit: '1', node: { id: 'leeds', weight: 1, children: [{ id: 'north', weight: 1 }, { id: 'south', weight: 2 }] } } as const;
    expect(allocateHierarchy(tree).children?.map((c) => c.amount)).toEqual(['30', '60']);
    expect(allocate('10', [1, 1, 1] as const)).toEqual(['3.34', '3.33', '3.33']);
  });

  it('bcf: costs, trajectories, performance and risk', () => {
    expect(contingencyCost({ unitCost: '200', days: 7, volume: 257 } as const)).toBe('359800.00');
    expect(trajectory({ baseline: 100, monthlyChange: '-0.5', months: 2 } as const).exit).toBe('25');
    const element = performanceElement({ pooledFund: '54923000', metrics: [{ id: 'still-at-home-91-days', baseline: '85.7', target: '89.7', achieved: '87.7' }] } as const);
    expect(element.metrics).toHaveLength(1);
    expect(scoreRisk({ likelihood: 4, impact: 4 } as const)).toEqual({ score: 16, rating: 'very high' });
    expect(summariseRegister([{ id: 'savings', rating: 'very high', exposure: '2000000' }] as const).exposure.total).toBe('2000000.00');
  });

  it('segmentation: a model, a new segment and options', () => {
    const spec = {
      id: 'two-tier',
      label: 'Two tiers',
      segments: [
        { id: 'older', label: 'Aged 65 and over', rule: { all: [{ ageAtLeast: 65 }] } },
        { id: 'everyone-else', label: 'Everyone else', catchAll: true },
      ],
    } as const;
    const model = defineModel(spec);
    const extended = insertSegment(spec, { id: 'children', label: 'Children', rule: { ageBelow: 18 } } as const, { before: 'older', id: 'three-tier' } as const);
    expect(extended.segments.map((s) => s.id)).toEqual(['children', 'older', 'everyone-else']);
    const people = syntheticPopulation({ size: 200, seed: 7, asOf: '2024-04-01' } as const);
    const result = segmentPopulation(people, spec, { asOf: '2024-04-01', ageBands: [0, 18, 65] } as const);
    expect(result.assignments).toHaveLength(200 - result.excluded.length);
    const first = result.assignments[0];
    expect(first).toBeDefined();
    expect(classify(people[first?.index ?? 0], model, { asOf: '2024-04-01' } as const).segment).toBe(first?.segment);
  });
});

describe('deep-frozen inputs give the same result as mutable copies', () => {
  it('finance', () => {
    const input = { total: '1200000000.00', method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0.2, maxChange: 0.05 }, segments: leedsSegments, topSlices: [{ id: 'contingency', percent: 0.5 }] } as const;
    expect(allocateEnvelopes(frozen(input))).toEqual(allocateEnvelopes(structuredClone(input)));
  });

  it('prioritisation', () => {
    const input = frozen(leeds2017AcceleratorInput);
    expect(selectAccelerator(input)).toEqual(selectAccelerator(structuredClone(leeds2017AcceleratorInput)));
    const options = frozen({ samples: 50, seed: 2017 });
    expect(sensitivity(input, options)).toEqual(sensitivity(structuredClone(leeds2017AcceleratorInput), { samples: 50, seed: 2017 }));
  });

  it('bcf', () => {
    const outcomes = frozen(leeds2014Bcf.contingency.outcomes);
    expect(contingencyPlan({ outcomes, contingencyFund: '2000000' }).shortfall).toBe('2797300.00');
    expect(reconcilePlan(frozen(leeds2014Bcf.plan))).toEqual(reconcilePlan(leeds2014Bcf.plan));
  });

  it('segmentation', () => {
    const spec: DeepReadonly<ModelSpec> = frozen({
      id: 'two-tier',
      label: 'Two tiers',
      segments: [
        { id: 'older', label: 'Aged 65 and over', rule: { ageAtLeast: 65 } },
        { id: 'everyone-else', label: 'Everyone else', catchAll: true },
      ],
    });
    const people = frozen(syntheticPopulation({ size: 300, seed: 11, asOf: '2024-04-01' }));
    const mutable = structuredClone(people) as unknown[];
    expect(segmentPopulation(people, spec, { asOf: '2024-04-01' })).toEqual(segmentPopulation(mutable, structuredClone(spec), { asOf: '2024-04-01' }));
    expect(transitions(people, spec, { from: '2023-04-01', to: '2024-04-01' })).toEqual(transitions(mutable, defineModel(structuredClone(spec)), { from: '2023-04-01', to: '2024-04-01' }));
    expect(overlap(people, spec, { asOf: '2024-04-01' }).total).toBe(300);
    const columns = personColumns(people, { asOf: '2024-04-01', markers: markersReadBy(spec) } as const);
    expect(segmentColumns(columns, spec, { asOf: '2024-04-01' }).counts).toEqual(segmentColumns(personColumns(structuredClone(people), { asOf: '2024-04-01', markers: [] }), structuredClone(spec), { asOf: '2024-04-01' }).counts);
  });
});
