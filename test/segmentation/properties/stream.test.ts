/**
 * segmentStream against segmentPopulation: with unique ids, the batches together are exactly
 * segmentPopulation's assignments, rejections and exclusions, and the last batch's counts are
 * its counts, for any batch size and for array, generator and async sources. With repeated ids,
 * every row is still accounted for exactly once: judged on its own ('ignore'), or rejected as a
 * repeat of an earlier placed row ('reject-repeats').
 */
import fc from 'fast-check';
import {
  bridgesToHealth,
  leeds2017,
  leeds2024,
  segmentPopulation,
  segmentStream,
  type Assignment,
  type Exclusion,
  type Rejection,
  type SegmentationModel,
  type StreamBatch,
} from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { modelCaseArb, scenarioArb } from '../arbitraries.js';
import { asyncProperty } from '../../support/property.js';

const SEED = 0x5e9_0057;

const modelArb: fc.Arbitrary<SegmentationModel> = fc.oneof(fc.constantFrom(leeds2024, leeds2017, bridgesToHealth), modelCaseArb.map((c) => c.model));

const batchSizeArb = fc.oneof(fc.constantFrom(1, 2, 7, 10_000), fc.integer({ min: 1, max: 40 }));

const ageBandsArb: fc.Arbitrary<number[] | undefined> = fc.option(
  fc.uniqueArray(fc.integer({ min: 1, max: 150 }), { maxLength: 6 }).map((bounds) => [0, ...bounds.sort((a, b) => a - b)]),
  { nil: undefined },
);

type SourceKind = 'array' | 'generator' | 'async';
const sourceKindArb = fc.constantFrom<SourceKind>('array', 'generator', 'async');

function sourceOf(rows: readonly unknown[], kind: SourceKind): Iterable<unknown> | AsyncIterable<unknown> {
  if (kind === 'array') return rows;
  if (kind === 'generator') return (function* () { yield* rows; })();
  // By hand, not an async generator: `yield` in one awaits a row that looks like a promise, and
  // the hostile rows (proxies that throw on any read, `then` included) would break the source.
  let i = 0;
  return {
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<unknown>> => {
        // Rows arrive over several turns of the event loop, as from a file.
        if (i % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
        return i < rows.length ? { done: false, value: rows[i++] } : { done: true, value: undefined };
      },
    }),
  };
}

async function drain(stream: AsyncIterable<StreamBatch>): Promise<StreamBatch[]> {
  const batches: StreamBatch[] = [];
  for await (const batch of stream) batches.push(batch);
  return batches;
}

/** The batch-shape laws every stream obeys; returns the batches' lists joined up. */
function joined(batches: readonly StreamBatch[], total: number, batchSize: number) {
  expect(batches.length).toBe(Math.max(1, Math.ceil(total / batchSize)));
  let offset = 0;
  let assigned = 0;
  let rejectedSoFar = 0;
  let excludedSoFar = 0;
  for (const [b, batch] of batches.entries()) {
    expect(batch.offset).toBe(offset);
    expect(batch.rows).toBe(b < batches.length - 1 ? batchSize : total - offset);
    expect(batch.assignments.length + batch.rejected.length + batch.excluded.length).toBe(batch.rows);
    for (const row of [...batch.assignments, ...batch.rejected, ...batch.excluded]) {
      expect(row.index).toBeGreaterThanOrEqual(offset);
      expect(row.index).toBeLessThan(offset + batch.rows);
    }
    offset += batch.rows;
    assigned += batch.assignments.length;
    rejectedSoFar += batch.rejected.length;
    excludedSoFar += batch.excluded.length;
    expect(batch.totals).toEqual({ read: offset, assigned, rejected: rejectedSoFar, excluded: excludedSoFar });
    expect(Object.values(batch.counts.bySegment).reduce((a, c) => a + c, 0)).toBe(assigned);
  }
  const assignments = batches.flatMap((b) => b.assignments);
  const rejected = batches.flatMap((b) => b.rejected);
  const excluded = batches.flatMap((b) => b.excluded);
  const indices = [...assignments, ...rejected, ...excluded].map((r) => r.index).sort((a, b) => a - b);
  expect(indices).toEqual(Array.from({ length: total }, (_, i) => i));
  return { assignments, rejected, excluded, counts: batches.at(-1)?.counts };
}

type Fate = { readonly kind: 'assigned'; readonly value: Assignment } | { readonly kind: 'rejected'; readonly value: Rejection } | { readonly kind: 'excluded'; readonly value: Exclusion };

/** What segmentPopulation makes of a row on its own, at input position `index`. */
function aloneFate(row: unknown, index: number, model: SegmentationModel, asOf: string): Fate {
  const result = segmentPopulation([row], model, { asOf });
  const [a] = result.assignments;
  const [r] = result.rejected;
  const [e] = result.excluded;
  if (a !== undefined) return { kind: 'assigned', value: { ...a, index } };
  if (e !== undefined) return { kind: 'excluded', value: { ...e, index } };
  return { kind: 'rejected', value: { ...(r as Rejection), index } };
}

describe('segmentStream: the same as segmentPopulation when ids are unique', () => {
  asyncProperty(
    'any batch size, array, generator or async source, either duplicate-id mode: same lists, same counts',
    SEED,
    fc.record({
      scenario: scenarioArb({ ids: fc.uuid() }),
      model: modelArb,
      batchSize: batchSizeArb,
      kind: sourceKindArb,
      ageBands: ageBandsArb,
      duplicateIds: fc.constantFrom<'ignore' | 'reject-repeats' | undefined>(undefined, 'ignore', 'reject-repeats'),
    }),
    async ({ scenario: { asOf, rows }, model, batchSize, kind, ageBands, duplicateIds }) => {
      const bands = ageBands === undefined ? {} : { ageBands };
      const expected = segmentPopulation(rows, model, { asOf, ...bands });
      // uuids do not collide in practice; the precondition makes the property exact anyway.
      fc.pre(expected.rejected.every((r) => r.reason !== 'duplicate-id'));
      const mode = duplicateIds === undefined ? {} : { duplicateIds };
      const batches = await drain(segmentStream(sourceOf(rows, kind), model, { asOf, batchSize, ...bands, ...mode }));
      const actual = joined(batches, rows.length, batchSize);
      expect(actual.assignments).toEqual(expected.assignments);
      expect(actual.rejected).toEqual(expected.rejected);
      expect(actual.excluded).toEqual(expected.excluded);
      expect(actual.counts).toEqual(expected.counts);
    },
  );
});

describe('segmentStream: repeated ids', () => {
  asyncProperty(
    "every row once: 'ignore' judges each row alone; 'reject-repeats' rejects a repeat of an earlier placed row",
    SEED + 1,
    fc.record({ scenario: scenarioArb(), model: modelArb, batchSize: batchSizeArb, kind: sourceKindArb, rejectRepeats: fc.boolean() }),
    async ({ scenario: { asOf, rows }, model, batchSize, kind, rejectRepeats }) => {
      const batches = await drain(
        segmentStream(sourceOf(rows, kind), model, { asOf, batchSize, duplicateIds: rejectRepeats ? 'reject-repeats' : 'ignore' }),
      );
      const actual = joined(batches, rows.length, batchSize);
      const fates = new Map<number, Fate>();
      for (const value of actual.assignments) fates.set(value.index, { kind: 'assigned', value });
      for (const value of actual.rejected) fates.set(value.index, { kind: 'rejected', value });
      for (const value of actual.excluded) fates.set(value.index, { kind: 'excluded', value });
      const firstRowOf = new Map<string, number>();
      for (const [index, row] of rows.entries()) {
        const alone = aloneFate(row, index, model, asOf);
        const fate = fates.get(index);
        const id = alone.kind === 'rejected' ? undefined : alone.value.personId;
        const first = id === undefined ? undefined : firstRowOf.get(id);
        if (rejectRepeats && id !== undefined && first !== undefined) {
          expect(fate?.kind).toBe('rejected');
          const rejection = fate?.value as Rejection;
          expect([rejection.reason, rejection.id, rejection.issues.map((i) => i.path)]).toEqual(['duplicate-id', id, [['id']]]);
          expect(rejection.issues[0]?.message).toContain(`position ${first}`);
        } else {
          expect(fate).toEqual(alone);
          if (id !== undefined) firstRowOf.set(id, index);
        }
      }
      const tally: Record<string, number> = Object.fromEntries(model.segments.map((s) => [s.id, 0]));
      for (const a of actual.assignments) tally[a.segment] = (tally[a.segment] as number) + 1;
      expect(actual.counts?.bySegment).toEqual(tally);
    },
  );
});
