/**
 * Gaps the finance mutation run after issue 14 showed (docs/quality.md): where a bound's error
 * points (the segment's own floor or cap, or the method's maxChange), and a hierarchy that is
 * not an object at all.
 */
import { describe, expect, it } from 'vitest';
import { PhmInfeasibleError, PhmValidationError } from 'phm-kit';
import { allocateEnvelopes, allocateHierarchy } from 'phm-kit/finance';
import { caught } from '../segmentation/examples/helpers.js';

const paths = (error: { issues: readonly { path: readonly (string | number)[] }[] }) => error.issues.map((i) => i.path);

describe('a floor or cap that is not a whole number of units is named at its own field', () => {
  it.each(['floor', 'cap'] as const)('%s', (field) => {
    const error = caught(() => allocateEnvelopes({ total: '100.00', method: { kind: 'capitation' }, segments: [{ id: 'a', population: 1, [field]: '10.005' }, { id: 'b', population: 1 }] }), PhmValidationError);
    expect(paths(error)).toEqual([['segments', 0, field]]);
  });
});

describe('a conflict between a cap and the pace of change names each where it comes from', () => {
  /** The paths of the infeasibility when segment a, beside a plain b, moves by at most 5% from 100. */
  const conflictPaths = (a: { floor: string; cap: string }) =>
    paths(
      caught(
        () =>
          allocateEnvelopes({
            total: '200',
            unit: '1',
            method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0.5, maxChange: 0.05 },
            segments: [
              { id: 'a', population: 1, currentSpend: '100', ...a },
              { id: 'b', population: 1, currentSpend: '100' },
            ],
          }),
        PhmInfeasibleError,
      ),
    );

  it("the floor from maxChange (tighter than the segment's own) at ['method', 'maxChange'], the segment's own cap at its cap", () => {
    expect(conflictPaths({ floor: '50', cap: '90' })).toEqual([['method', 'maxChange'], ['segments', 0, 'cap']]);
  });

  it("a segment's own floor above the maxChange floor is named as the segment's", () => {
    expect(conflictPaths({ floor: '104', cap: '100' })).toEqual([['segments', 0, 'floor'], ['segments', 0, 'cap']]);
  });
});

describe("a segment's own bound looser than the pace of change's does not loosen it", () => {
  it('maxChange keeps its tighter cap and floor', () => {
    const result = allocateEnvelopes({
      total: '400',
      unit: '1',
      method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 1, maxChange: 0.05 },
      segments: [
        { id: 'a', population: 1, currentSpend: '100', cap: '150' },
        { id: 'b', population: 1, currentSpend: '300', floor: '100' },
      ],
    });
    expect(result.envelopes.map((e) => [e.amount, e.constraint])).toEqual([['105', 'cap'], ['295', null]]);
  });
});

describe('allocateHierarchy on something that is not an input object', () => {
  it.each([null, undefined, 'tree', 7])('%j is refused as an invalid hierarchy', (input) => {
    const error = caught(() => allocateHierarchy(input as never), PhmValidationError);
    expect(error.message.startsWith('Invalid hierarchy: ')).toBe(true);
  });
});
