/**
 * Property 7: transitions account for every row (stayed + entered + left + outside + rejected =
 * total), and the matrix agrees with classifying each person on both dates: its row sums are
 * each segment's count on `from` among people also in the population on `to`.
 */
import fc from 'fast-check';
import { PhmValidationError } from 'phm-kit';
import { bridgesToHealth, leeds2017, leeds2024, segmentPopulation, transitions, type SegmentationModel } from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { isoDateArb, modelCaseArb, populationArb, shiftDays } from '../arbitraries.js';
import { expectedClassification, expectedFates } from './oracle.js';
import { property } from '../../support/property.js';

const SEED = 0x5e9_0007;

const modelArb: fc.Arbitrary<SegmentationModel> = fc.oneof(fc.constantFrom(leeds2024, leeds2017, bridgesToHealth), modelCaseArb.map((c) => c.model));

/** Two dates, from <= to, and a population dated around one of them (so people die and are born between). */
const scenarioArb = fc
  .tuple(isoDateArb, fc.oneof(fc.constantFrom(0, 1, 42, 43, 365, 366), fc.integer({ min: 0, max: 3000 })), fc.boolean())
  .chain(([from, days, aroundTo]) => {
    const to = shiftDays(from, days);
    return populationArb(aroundTo ? to : from).map((rows) => ({ from, to, rows }));
  });

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('property 7: transitions', () => {
  property('every row accounted for; the matrix is the two classifications side by side', SEED, fc.tuple(scenarioArb, modelArb), ([{ from, to, rows }, model]) => {
    const t = transitions(rows, model, { from, to });
    const ids = model.segments.map((s) => s.id);
    const before = segmentPopulation(rows, model, { asOf: from });
    const after = segmentPopulation(rows, model, { asOf: to });

    expect({ from: t.from, to: t.to, segments: t.segments, total: t.total, rejected: t.rejected }).toEqual({ from, to, segments: ids, total: rows.length, rejected: before.rejected.length });
    expect(t.stayedInPopulation + sum(Object.values(t.entered)) + sum(Object.values(t.left)) + t.outside + t.rejected).toBe(t.total);

    // The matrix rebuilt from the oracle's segment for each person on both dates.
    const onFrom = expectedFates(rows, from);
    const onTo = expectedFates(rows, to);
    const matrix = ids.map(() => ids.map(() => 0));
    const entered: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
    const left: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
    let outside = 0;
    onFrom.forEach((fate, i) => {
      const later = onTo[i];
      if (fate.kind === 'rejected' || later === undefined || later.kind === 'rejected') return;
      const a = fate.kind === 'assigned' ? expectedClassification(model, fate.person, from).segmentIndex : -1;
      const b = later.kind === 'assigned' ? expectedClassification(model, later.person, to).segmentIndex : -1;
      if (a >= 0 && b >= 0) (matrix[a] as number[])[b]! += 1;
      else if (b >= 0) entered[ids[b] as string]! += 1;
      else if (a >= 0) left[ids[a] as string]! += 1;
      else outside += 1;
    });
    expect({ matrix: t.matrix, entered: t.entered, left: t.left, outside: t.outside }).toEqual({ matrix, entered, left, outside });
    expect(t.stayedInPopulation).toBe(sum(matrix.flat()));
    expect(t.moved).toBe(sum(matrix.flatMap((row, i) => row.filter((_, j) => j !== i))));

    // Row sums: each segment's count on `from` among people also in the population on `to`.
    const stillThere = new Set(after.assignments.map((a) => a.index));
    const rowSums = t.matrix.map((row) => sum(row));
    expect(rowSums).toEqual(ids.map((id) => before.assignments.filter((a) => a.segment === id && stillThere.has(a.index)).length));
    // Column sums: each segment's count on `to` among people already in the population on `from`.
    const alreadyThere = new Set(before.assignments.map((a) => a.index));
    expect(ids.map((_, j) => sum(t.matrix.map((row) => row[j] as number)))).toEqual(ids.map((id) => after.assignments.filter((a) => a.segment === id && alreadyThere.has(a.index)).length));
  });

  property('a window that ends before it starts is refused', SEED, fc.tuple(isoDateArb, fc.integer({ min: 1, max: 5000 }), modelArb), ([to, days, model]) => {
    expect(() => transitions([], model, { from: shiftDays(to, days), to })).toThrow(PhmValidationError);
  });
});
