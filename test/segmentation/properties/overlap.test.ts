/**
 * Property 8: overlap. The matrix is symmetric, no pair exceeds either diagonal, every segment's
 * assigned count (segmentPopulation) is at most its diagonal, rows are accounted for
 * (assessed + rejected + excluded = total), and every cell is the number of people whose rules
 * for both segments hold, by the independent evaluator.
 */
import fc from 'fast-check';
import { bridgesToHealth, leeds2017, leeds2024, overlap, segmentPopulation, type SegmentationModel } from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { modelCaseArb, scenarioArb } from '../arbitraries.js';
import { expectedClassification, expectedFates } from './oracle.js';
import { property } from '../../support/property.js';

const SEED = 0x5e9_0008;

const modelArb: fc.Arbitrary<SegmentationModel> = fc.oneof(fc.constantFrom(leeds2024, leeds2017, bridgesToHealth), modelCaseArb.map((c) => c.model));

describe('property 8: overlap', () => {
  property('symmetric, bounded by the diagonal and the assignments, every row accounted for', SEED, fc.tuple(scenarioArb(), modelArb), ([{ asOf, rows }, model]) => {
    const o = overlap(rows, model, { asOf });
    const p = segmentPopulation(rows, model, { asOf });
    const ids = model.segments.map((s) => s.id);
    const n = ids.length;
    const cell = (i: number, j: number) => (o.matrix[i] as readonly number[])[j] as number;

    expect({ asOf: o.asOf, segments: o.segments, total: o.total }).toEqual({ asOf, segments: ids, total: rows.length });
    expect(o.assessed + o.rejected + o.excluded).toBe(o.total);
    expect({ assessed: o.assessed, rejected: o.rejected, excluded: o.excluded }).toEqual({ assessed: p.assignments.length, rejected: p.rejected.length, excluded: p.excluded.length });
    expect(o.matrix.length).toBe(n);
    expect(o.matrix.every((row) => row.length === n)).toBe(true);

    const problems: string[] = [];
    for (let i = 0; i < n; i++) {
      const assigned = p.counts.bySegment[ids[i] as string] ?? 0;
      if (assigned > cell(i, i)) problems.push(`assigned to ${ids[i]} (${assigned}) > diagonal (${cell(i, i)})`);
      for (let j = 0; j < n; j++) {
        if (cell(i, j) !== cell(j, i)) problems.push(`not symmetric at ${i},${j}`);
        if (cell(i, j) > cell(i, i)) problems.push(`matrix[${i}][${j}] > diagonal`);
      }
    }
    expect(problems).toEqual([]);

    // Exact cells: people whose rules for both segments hold (the catch-all: those matching nothing else).
    const expected = ids.map(() => ids.map(() => 0));
    for (const fate of expectedFates(rows, asOf)) {
      if (fate.kind !== 'assigned') continue;
      const matched = expectedClassification(model, fate.person, asOf).matched.map((id) => ids.indexOf(id));
      for (const i of matched) for (const j of matched) (expected[i] as number[])[j]! += 1;
    }
    expect(o.matrix).toEqual(expected);
    const catchAll = n - 1;
    expect(cell(catchAll, catchAll)).toBe(p.counts.bySegment[ids[catchAll] as string]);

    // Pairs: the positive off-diagonal cells, each once, largest first.
    const pairs = ids.flatMap((a, i) => ids.slice(i + 1).map((b, k) => ({ a, b, count: cell(i, i + 1 + k) }))).filter((x) => x.count > 0);
    const key = (x: { a: string; b: string; count: number }) => `${x.a}\u0000${x.b}\u0000${x.count}`;
    expect(o.pairs.map(key).sort()).toEqual(pairs.map(key).sort());
    expect(o.pairs.every((x, k) => k === 0 || (o.pairs[k - 1] as { count: number }).count >= x.count)).toBe(true);
  });
});
