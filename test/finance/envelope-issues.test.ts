/**
 * Every refusal of `allocateEnvelopes`, word for word: the class, the message and each issue's
 * path. A form or pipeline built on phm-kit shows these to the analyst who made the input.
 */
import { describe, expect, it } from 'vitest';
import { allocateEnvelopes, type EnvelopeInput } from 'phm-kit/finance';
import { refusalOf } from '../support/issues.js';

const refusal = (input: EnvelopeInput) => refusalOf(() => allocateEnvelopes(input));

const base = { total: '100', unit: '1' } as const;

describe('allocateEnvelopes refusals', () => {
  it('reports every schema rule an input breaks, each at its path', () => {
    const r = refusal({
      ...base,
      method: { kind: 'paceOfChange', target: { kind: 'blend', historicShare: 0.5 }, pace: 0.5, maxChange: 0.05 },
      segments: [
        { id: 'a', population: 10, currentSpend: '50', needWeight: 1, costPerHead: '10' },
        { id: 'a', cap: { percentOfCurrentSpend: 5 } },
      ],
      topSlices: [{ id: 'a', percent: 1 }, { id: 'r', amount: '1' }, { id: 'r', amount: '2' }],
    });
    expect(r.kind).toBe('PhmValidationError');
    expect(r.issues).toEqual([
      { path: ['segments', 0], message: 'Give needWeight or costPerHead, not both' },
      { path: ['segments', 1, 'id'], message: "Duplicate segment id 'a'" },
      { path: ['segments', 1, 'currentSpend'], message: 'The method uses current spend: every segment needs currentSpend' },
      { path: ['segments', 1, 'population'], message: 'The method uses capitation: every segment needs a population' },
      { path: ['segments', 1, 'cap'], message: 'A percentage of current spend needs currentSpend' },
      { path: ['segments'], message: 'Capitation uses either a cost per head for every segment or need weights: not a mix' },
      { path: ['method', 'maxChange'], message: 'maxChange is measured against current spend: every segment needs currentSpend' },
      { path: ['topSlices', 0, 'id'], message: "Top slice id 'a' is already used" },
      { path: ['topSlices', 2, 'id'], message: "Top slice id 'r' is already used" },
    ]);
    expect(r.message).toMatch(/^Invalid envelopes: segments\[0\]: Give needWeight or costPerHead, not both; /);
  });

  it('asks for what the method reads, and nothing else', () => {
    expect(refusal({ ...base, method: { kind: 'capitation' }, segments: [{ id: 'a' }, { id: 'b', population: 1 }] }).issues).toEqual([
      { path: ['segments', 0, 'population'], message: 'The method uses capitation: every segment needs a population' },
    ]);
    const towardHistoric = { kind: 'paceOfChange', target: { kind: 'historic' }, pace: 0.5 } as const;
    expect(refusal({ ...base, method: towardHistoric, segments: [{ id: 'a', currentSpend: '1' }, { id: 'b' }] }).issues).toEqual([
      { path: ['segments', 1, 'currentSpend'], message: 'The method uses current spend: every segment needs currentSpend' },
    ]);
    // A pace of change toward the historic shares reads no population.
    expect(allocateEnvelopes({ ...base, method: towardHistoric, segments: [{ id: 'a', currentSpend: '1' }, { id: 'b', currentSpend: '3' }] }).envelopes.map((e) => e.amount)).toEqual(['25', '75']);
  });

  it('refuses a basis that is zero for every segment, naming it', () => {
    expect(refusal({ ...base, method: { kind: 'historic' }, segments: [{ id: 'a', currentSpend: '0' }, { id: 'b', currentSpend: '0' }] })).toEqual({
      kind: 'PhmValidationError',
      message: "Invalid envelopes: every segment's current spend is zero",
      issues: [{ path: ['segments'], message: 'The currentSpend of every segment is zero' }],
    });
    expect(refusal({ ...base, method: { kind: 'capitation' }, segments: [{ id: 'a', population: 0 }, { id: 'b', population: 0 }] })).toEqual({
      kind: 'PhmValidationError',
      message: "Invalid envelopes: every segment's population x need is zero",
      issues: [{ path: ['segments'], message: 'The population of every segment is zero' }],
    });
  });

  it('refuses top slices beyond the total; percentages of exactly 100% leave nothing to allocate', () => {
    const historic: EnvelopeInput = { ...base, method: { kind: 'historic' }, segments: [{ id: 'a', currentSpend: '1' }] };
    expect(refusal({ ...historic, topSlices: [{ id: 'x', percent: 60 }, { id: 'y', percent: 50 }] })).toEqual({
      kind: 'PhmInfeasibleError',
      message: 'The top-slice percentages add up to more than 100%',
      issues: [
        { path: ['topSlices', 0, 'percent'], message: 'Percentages exceed 100%' },
        { path: ['topSlices', 1, 'percent'], message: 'Percentages exceed 100%' },
      ],
    });
    expect(refusal({ ...historic, topSlices: [{ id: 'x', percent: 60 }, { id: 'y', amount: '50' }] })).toEqual({
      kind: 'PhmInfeasibleError',
      message: 'The top slices add up to more than the total',
      issues: [
        { path: ['topSlices', 0], message: 'Top slices exceed the total' },
        { path: ['topSlices', 1], message: 'Top slices exceed the total' },
      ],
    });
    const full = allocateEnvelopes({ ...historic, topSlices: [{ id: 'x', percent: 60 }, { id: 'y', percent: 40 }] });
    expect([full.allocatable, full.topSlices.map((t) => t.amount), full.envelopes.map((e) => e.amount)]).toEqual(['0', ['60', '40'], ['0']]);
  });

  it('refuses a total that is not whole units', () => {
    expect(refusal({ ...base, total: '100.5', method: { kind: 'historic' }, segments: [{ id: 'a', currentSpend: '1' }] })).toEqual({
      kind: 'PhmValidationError',
      message: 'Invalid envelopes: 100.5 is not a whole, non-negative number of units of 1',
      issues: [{ path: ['total'], message: 'Not a whole, non-negative number of units of 1' }],
    });
  });
});
