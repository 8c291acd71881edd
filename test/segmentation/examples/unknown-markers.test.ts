import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { classify, leeds2024, MARKER_CATALOGUE, overlap, segmentPopulation, segmentStream, transitions, type ModelSpec, type Person, type StreamBatch } from 'phm-kit/segmentation';
import { personArb, isoDateArb } from '../arbitraries.js';
import { property } from '../../support/property.js';

const AS_OF = '2024-04-01';
const person = (id: string, markers: Person['markers']): Person => ({ id, birthDate: '1970-01-01', markers });

const rows = [
  person('a', ['ltc-asthmaa', 'ltc-copd']),
  person('b', ['LTC-ASTHMA', { id: 'ltc-asthma ', from: '2020-01-01' }]),
  person('c', ['ltc-asthmaa', 'zz-local-flag']),
  person('d', ['cancer']),
];

async function drain(stream: AsyncIterable<StreamBatch>): Promise<StreamBatch[]> {
  const batches: StreamBatch[] = [];
  for await (const batch of stream) batches.push(batch);
  return batches;
}

describe('unknown markers are never silent', () => {
  it('segmentPopulation reports each unknown id with its count and the id it most likely meant', () => {
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(result.unknownMarkers).toEqual([
      { id: 'ltc-asthmaa', count: 2, suggestion: 'ltc-asthma' },
      { id: 'LTC-ASTHMA', count: 1, suggestion: 'ltc-asthma' },
      { id: 'ltc-asthma ', count: 1, suggestion: 'ltc-asthma' },
      { id: 'zz-local-flag', count: 1 },
    ]);
    expect(result.assignments).toHaveLength(4);
  });

  it("'reject' rejects the rows that carry one, as unknown-marker, and still reports them", () => {
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF, unknownMarkers: 'reject' });
    expect(result.rejected.map((r) => [r.index, r.reason, r.issues[0]?.path])).toEqual([
      [0, 'unknown-marker', ['markers']],
      [1, 'unknown-marker', ['markers']],
      [2, 'unknown-marker', ['markers']],
    ]);
    expect(result.rejected[0]?.issues[0]?.message).toContain("'ltc-asthmaa'");
    expect(result.assignments.map((a) => a.personId)).toEqual(['d']);
    expect(result.unknownMarkers.map((u) => u.id)).toContain('zz-local-flag');
  });

  it("'ignore' neither rejects nor reports", () => {
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF, unknownMarkers: 'ignore' });
    expect(result.unknownMarkers).toEqual([]);
    expect(result.rejected).toEqual([]);
  });

  it('a marker the model declares is known; a row sharing its id is a duplicate, whatever its markers', () => {
    const model: ModelSpec = { id: 'm', label: 'M', markers: [{ id: 'housebound', label: 'Housebound', description: 'd', category: 'status' }], segments: [{ id: 'h', label: 'H', rule: { marker: 'housebound' } }, { id: 'rest', label: 'R', catchAll: true }] };
    const result = segmentPopulation([person('a', ['housebound']), person('b', ['houseboud']), person('b', [])], model, { asOf: AS_OF, unknownMarkers: 'reject' });
    expect(result.unknownMarkers).toEqual([{ id: 'houseboud', count: 1, suggestion: 'housebound' }]);
    expect(result.rejected.map((r) => [r.index, r.reason])).toEqual([[1, 'duplicate-id'], [2, 'duplicate-id']]);
  });

  it('segmentStream reports the same, running, in every batch', async () => {
    const batches = await drain(segmentStream(rows, leeds2024, { asOf: AS_OF, batchSize: 2 }));
    expect(batches[0]?.unknownMarkers).toEqual([{ id: 'LTC-ASTHMA', count: 1, suggestion: 'ltc-asthma' }, { id: 'ltc-asthma ', count: 1, suggestion: 'ltc-asthma' }, { id: 'ltc-asthmaa', count: 1, suggestion: 'ltc-asthma' }]);
    expect(batches.at(-1)?.unknownMarkers).toEqual(segmentPopulation(rows, leeds2024, { asOf: AS_OF }).unknownMarkers);
    const rejecting = await drain(segmentStream(rows, leeds2024, { asOf: AS_OF, unknownMarkers: 'reject' }));
    expect(rejecting.flatMap((b) => b.rejected).map((r) => r.reason)).toEqual(['unknown-marker', 'unknown-marker', 'unknown-marker']);
  });

  it('classify lists the unknown ids of one person; with reject, it throws naming the marker', () => {
    expect(classify(rows[1], leeds2024, { asOf: AS_OF }).unknownMarkers).toEqual([
      { id: 'LTC-ASTHMA', count: 1, suggestion: 'ltc-asthma' },
      { id: 'ltc-asthma ', count: 1, suggestion: 'ltc-asthma' },
    ]);
    expect(classify(rows[3], leeds2024, { asOf: AS_OF }).unknownMarkers).toEqual([]);
    expect(classify(rows[1], leeds2024, { asOf: AS_OF, unknownMarkers: 'ignore' }).unknownMarkers).toEqual([]);
    expect(classify(rows[3], leeds2024, { asOf: AS_OF, unknownMarkers: 'reject' }).segment).toBe('cancer');
    let thrown: unknown;
    try {
      classify(rows[1], leeds2024, { asOf: AS_OF, unknownMarkers: 'reject' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PhmValidationError);
    expect((thrown as PhmValidationError).issues.map((i) => i.path)).toEqual([['markers']]);
    expect((thrown as PhmValidationError).message).toContain("'LTC-ASTHMA'");
  });

  it('overlap and transitions report the same ids as segmentPopulation, and reject or ignore them when told', () => {
    const expected = segmentPopulation(rows, leeds2024, { asOf: AS_OF }).unknownMarkers;
    expect(overlap(rows, leeds2024, { asOf: AS_OF }).unknownMarkers).toEqual(expected);
    expect(transitions(rows, leeds2024, { from: '2023-04-01', to: AS_OF }).unknownMarkers).toEqual(expected);
    const o = overlap(rows, leeds2024, { asOf: AS_OF, unknownMarkers: 'reject' });
    expect([o.assessed, o.rejected, o.total]).toEqual([1, 3, 4]);
    const t = transitions(rows, leeds2024, { from: '2023-04-01', to: AS_OF, unknownMarkers: 'reject' });
    expect([t.stayedInPopulation, t.rejected, t.total]).toEqual([1, 3, 4]);
    expect(overlap(rows, leeds2024, { asOf: AS_OF, unknownMarkers: 'ignore' }).unknownMarkers).toEqual([]);
    expect(transitions(rows, leeds2024, { from: AS_OF, to: AS_OF, unknownMarkers: 'ignore' }).unknownMarkers).toEqual([]);
  });

  it('refuses an unknown policy, listing the accepted ones', () => {
    expect(() => segmentPopulation([], leeds2024, { asOf: AS_OF, unknownMarkers: 'warn' as never })).toThrow(/report.*reject.*ignore/);
  });
});

const CATALOGUE: ReadonlySet<string> = new Set(MARKER_CATALOGUE.map((m) => m.id));
const INJECTED = ['ltc-asthmaa', 'Dementia', ' cancer', 'made-up', 'x'];

describe('unknown-marker reporting, property', () => {
  property(
    'every injected unknown id is reported with its count, and no catalogue id ever is',
    0x0_5e_ed,
    isoDateArb.chain((asOf) => fc.tuple(fc.constant(asOf), fc.uniqueArray(personArb(asOf), { selector: (p) => p.id, maxLength: 15 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INJECTED)), { maxLength: 10 }))),
    ([asOf, people, injections]) => {
      const population = people.map((p) => ({ ...p, markers: [...p.markers] }));
      for (const [at, id] of injections) if (population.length > 0) population[at % population.length]!.markers.push(id);
      const expected = new Map<string, number>();
      for (const p of population) for (const m of p.markers) {
        const id = typeof m === 'string' ? m : m.id;
        if (!CATALOGUE.has(id)) expected.set(id, (expected.get(id) ?? 0) + 1);
      }
      const { unknownMarkers } = segmentPopulation(population, leeds2024, { asOf });
      expect(new Map(unknownMarkers.map((u) => [u.id, u.count]))).toEqual(expected);
      expect(overlap(population, leeds2024, { asOf }).unknownMarkers).toEqual(unknownMarkers);
      expect(transitions(population, leeds2024, { from: asOf, to: asOf }).unknownMarkers).toEqual(unknownMarkers);
      expect(unknownMarkers.some((u) => CATALOGUE.has(u.id))).toBe(false);
      for (const u of unknownMarkers) if (u.suggestion !== undefined) expect(CATALOGUE.has(u.suggestion)).toBe(true);
      expect(unknownMarkers.find((u) => u.id === 'ltc-asthmaa')?.suggestion ?? 'ltc-asthma').toBe('ltc-asthma');
    },
  );
});
