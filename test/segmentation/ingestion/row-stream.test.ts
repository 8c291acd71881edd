import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { isRejectedRow, leeds2024, peopleFromRows, peopleFromRowStream, segmentPopulation, segmentStream, type StreamBatch } from 'phm-kit/segmentation';

const AS_OF = '2024-04-01';

async function* csvLike(rows: readonly Record<string, unknown>[]): AsyncGenerator<Record<string, unknown>> {
  for (const row of rows) yield row;
}

async function drain(stream: AsyncIterable<StreamBatch>): Promise<StreamBatch[]> {
  const batches: StreamBatch[] = [];
  for await (const batch of stream) batches.push(batch);
  return batches;
}

const rows = [
  { person_id: 'a', birth_date: '1941-06-02', sex: '2', frail: 'Y' },
  { person_id: 'b', birth_date: '2023-02-29', sex: '1' },
  { person_id: 'c', birth_date: '1990-01-01', sex: 'F', asthma: '1' },
  { birth_date: '1990-01-01' },
];
const mapping = { markers: { 'frailty-severe': 'frail', 'ltc-asthma': 'asthma' } };

describe('peopleFromRowStream', () => {
  it('yields a person or a rejected row for each row, and segmentStream reports them at their positions', async () => {
    const stream = peopleFromRowStream(csvLike(rows), mapping);
    const batches = await drain(segmentStream(stream.people, leeds2024, { asOf: AS_OF, batchSize: 2 }));
    const rejected = batches.flatMap((b) => b.rejected);
    expect(rejected.map((r) => [r.index, r.reason, r.issues[0]?.path])).toEqual([
      [1, 'invalid-record', ['birth_date']],
      [3, 'invalid-record', ['person_id']],
    ]);
    expect(batches.at(-1)?.totals).toEqual({ read: 4, assigned: 2, rejected: 2, excluded: 0 });
    expect(stream.summary()).toMatchObject({ read: 4, people: 2, rejected: 2 });
  });

  it('segments as peopleFromRows and segmentPopulation do', async () => {
    const batch = peopleFromRows(rows, mapping);
    const whole = segmentPopulation(batch.people, leeds2024, { asOf: AS_OF });
    const stream = peopleFromRowStream(rows, mapping);
    const batches = await drain(segmentStream(stream.people, leeds2024, { asOf: AS_OF }));
    const streamed = batches.flatMap((b) => b.assignments).map((a) => [a.personId, a.segment]);
    expect(streamed).toEqual(whole.assignments.map((a) => [a.personId, a.segment]));
    expect(batches.at(-1)?.counts.bySegment).toEqual(whole.counts.bySegment);
  });

  it('joins an async marker table, read first, and sums up its rows', async () => {
    const episodes = csvLike([
      { person_id: 'a', marker: 'dementia', from_date: null, to_date: null },
      { person_id: 'b', marker: 'cancer', from_date: null, to_date: null },
      { person_id: 'q', marker: 'cancer', from_date: null, to_date: null },
    ]);
    const stream = peopleFromRowStream(csvLike(rows), { ...mapping, personMarkers: episodes });
    const items = [];
    for await (const item of stream.people) items.push(item);
    expect(items.map((item) => (isRejectedRow(item) ? item.rejection.index : item.markers))).toEqual([['frailty-severe', 'dementia'], 1, ['ltc-asthma'], 3]);
    expect(stream.summary().markerRows).toMatchObject({ total: 3, used: 1, ofRejectedRows: 1, unmatched: 1, unmatchedIds: ['q'] });
  });

  it('a marker row whose code maps to no marker still belongs to its person: it is used, not unmatched, in both paths', async () => {
    const episodes = [
      { person_id: 'c', marker: 'ltc-copd', from_date: null, to_date: null }, // named in markerCodes: its codes are the listed ones
      { person_id: 'a', marker: 'COPD', from_date: null, to_date: null },
    ];
    const options = { ...mapping, markerCodes: { 'ltc-copd': 'COPD' } };
    const stream = peopleFromRowStream(csvLike(rows), { ...options, personMarkers: csvLike(episodes) });
    for await (const item of stream.people) expect(item).toBeDefined();
    const expected = { total: 2, used: 2, ofRejectedRows: 0, unmatched: 0, unmatchedIds: [] };
    expect(stream.summary().markerRows).toMatchObject(expected);
    expect(peopleFromRows(rows, { ...options, personMarkers: episodes }).markerRows).toMatchObject(expected);
    expect(stream.summary().unmappedCodes).toEqual([{ code: 'ltc-copd', count: 1 }]);
  });

  it('checks options and the source when called, and ends with a PhmValidationError when the source fails', async () => {
    expect(() => peopleFromRowStream(5 as never)).toThrow(PhmValidationError);
    expect(() => peopleFromRowStream([], { columns: { age: 'age' } })).toThrow(PhmValidationError);
    async function* failing() {
      yield rows[0];
      throw new Error('disk gone');
    }
    const stream = peopleFromRowStream(failing(), mapping);
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const item of stream.people) seen.push(item);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(PhmValidationError);
    expect((error as PhmValidationError).issues[0]?.path).toEqual([1]);
  });

  it('a failing source, read through segmentStream, is told once, where it failed', async () => {
    async function* failing() {
      yield rows[0];
      yield rows[1];
      throw new Error('disk gone');
    }
    let error: unknown;
    try {
      for await (const batch of segmentStream(peopleFromRowStream(failing(), mapping).people, leeds2024, { asOf: '2024-04-01', batchSize: 1 })) expect(batch.rows).toBe(1);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PhmValidationError);
    expect((error as PhmValidationError).message).toBe('Reading the records failed after 2 rows: disk gone');
    expect((error as PhmValidationError).issues.map((i) => i.path)).toEqual([[2]]);
  });

  it('holds no row it has yielded: a long sync source streams in constant memory', async () => {
    function* many() {
      for (let i = 0; i < 50_000; i++) yield { person_id: `p${i}`, birth_date: '1950-01-01' };
    }
    const stream = peopleFromRowStream(many());
    let last: StreamBatch | undefined;
    for await (const batch of segmentStream(stream.people, leeds2024, { asOf: AS_OF })) last = batch;
    expect(last?.totals.assigned).toBe(50_000);
  });

  it('a look-alike of a rejected row is read as a row, not as a rejection', () => {
    const lookAlike = { rejection: { index: 0, reason: 'invalid-record', issues: [] } };
    expect(isRejectedRow(lookAlike)).toBe(false);
    expect(segmentPopulation([lookAlike], leeds2024, { asOf: AS_OF }).rejected[0]?.issues.length).toBeGreaterThan(0);
  });
});
