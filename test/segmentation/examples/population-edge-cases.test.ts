/**
 * The population code pinned where the mutation run of segmentation population found the tests
 * loose: duplicate ids in the bucketed path and under a hash collision, the screen's messages and
 * indices, the oldest age band's edge, streams whose sources misbehave in each way, the synthetic
 * population's ids, dates and marker vocabulary, and each entry point's "Invalid options" line.
 */
import { PhmValidationError } from 'phm-kit';
import {
  leeds2024,
  MARKER_CATALOGUE,
  overlap,
  screenRecords,
  segmentPopulation,
  segmentStream,
  syntheticPeople,
  syntheticPopulation,
  transitions,
  type StreamBatch,
} from 'phm-kit/segmentation';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../support/issues.js';
import { AS_OF, drainUntilError, person } from './helpers.js';

const duplicateRows = (rejected: readonly { index: number; reason: string }[]) => rejected.filter((r) => r.reason === 'duplicate-id').map((r) => r.index);

describe('duplicate ids', () => {
  it('tells apart two ids with the same 32-bit hash', () => {
    // FNV-1a collisions: the ids share a hash, so only comparing the ids themselves keeps both.
    const screened = screenRecords(['costarring', 'liquid', 'declinate', 'macallums'].map((id) => person(id)));
    expect(screened.rejected).toEqual([]);
    expect(screened.people.map((p) => p.id)).toEqual(['costarring', 'liquid', 'declinate', 'macallums']);
  });

  it('finds every duplicate in a population large enough to be bucketed, with invalid rows among them', () => {
    // 3,000 rows: every seventh is invalid (no id) and takes no part; every id ending in 0 to 4 of
    // the valid ones is given twice, far apart. The oracle is a plain map from id to rows.
    const rows: unknown[] = [];
    for (let i = 0; i < 3_000; i++) rows.push(i % 7 === 0 ? { birthDate: '1990-01-01', markers: [] } : person(`P${i % 1_500}${i % 10 < 5 ? '' : `-${i}`}`));
    const byId = new Map<string, number[]>();
    rows.forEach((row, i) => {
      const id = (row as { id?: string }).id;
      if (id !== undefined) byId.set(id, [...(byId.get(id) ?? []), i]);
    });
    const expected = [...byId.values()].filter((list) => list.length > 1).flat().sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(1_000);
    const screened = screenRecords(rows);
    expect(duplicateRows(screened.rejected)).toEqual(expected);
    expect(screened.rejected.filter((r) => r.reason === 'invalid-record')).toHaveLength(Math.ceil(3_000 / 7));
    expect(screened.people.length + screened.rejected.length).toBe(3_000);
  });

  it('lists five rows of a shared id and then how many there are', () => {
    const message = (copies: number) => screenRecords(Array.from({ length: copies }, () => person('p1'))).rejected[0]?.issues[0]?.message;
    expect(message(5)).toBe("id 'p1' is shared by the rows at positions 0, 1, 2, 3, 4; none of them is assigned");
    expect(message(6)).toBe("id 'p1' is shared by the rows at positions 0, 1, 2, 3, 4, ... (6 rows); none of them is assigned");
  });

  it('gives the input positions of the people kept when some rows share an id', () => {
    const screened = screenRecords([person('a'), person('b'), { id: 'bad' }, person('a'), person('c')]);
    expect(screened.people.map((p) => p.id)).toEqual(['b', 'c']);
    expect(screened.indices).toEqual([1, 4]);
  });
});

describe('rows that read differently from one read to the next', () => {
  it('judges a row on its one reading: an id that reads once and then throws is read once, and the person kept is a snapshot', () => {
    let reads = 0;
    const row = {
      birthDate: '1990-01-01',
      markers: [],
      extra: 'not copied',
      get id() {
        if (reads++ > 0) throw new Error('the id went away');
        return 'p1';
      },
    };
    const screened = screenRecords([row, person('p2')]);
    expect(reads).toBe(1);
    expect(screened.rejected).toEqual([]);
    expect(screened.people.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(screened.people[0] === row).toBe(false);
    expect(Object.keys(screened.people[0] ?? {})).toEqual(['id', 'birthDate', 'sex', 'deathDate', 'registrationDate', 'deregistrationDate', 'imdDecile', 'locality', 'markers']);
  });

  it('rejects as unreadable a row whose id throws when read', () => {
    const row = {
      birthDate: '1990-01-01',
      markers: [],
      get id(): string {
        throw new Error('the id went away');
      },
    };
    const screened = screenRecords([row, person('p2')]);
    expect(screened.people.map((p) => p.id)).toEqual(['p2']);
    expect(screened.rejected).toEqual([{ index: 0, reason: 'unreadable-record', issues: [{ path: [], message: 'The row could not be read: the id went away' }] }]);
  });
});

describe('sources that are not populations', () => {
  it('says what a batch function and a stream would take', () => {
    expect(refusalOf(() => screenRecords(42 as never))).toEqual({
      kind: 'PhmValidationError',
      message: 'Invalid records: expected an iterable (an array, a generator, ...) of person records',
      issues: [{ path: [], message: 'Expected an iterable of person records' }],
    });
    expect(refusalOf(() => segmentStream(42 as never, leeds2024, { asOf: AS_OF })).message).toBe(
      'Invalid records: expected an iterable or async iterable (an array, a generator, a readable stream, ...) of person records',
    );
  });

  it('keeps the error of a source that fails as `cause`, not enumerable, as Error does', () => {
    const boom = new Error('disk gone');
    const source = {
      *[Symbol.iterator]() {
        yield person('p1');
        throw boom;
      },
    };
    try {
      screenRecords(source);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PhmValidationError);
      expect((error as Error).message).toBe('Reading the records failed after 1 row: disk gone');
      expect(Object.getOwnPropertyDescriptor(error, 'cause')).toEqual({ value: boom, writable: true, enumerable: false, configurable: true });
    }
  });
});

describe('the oldest age band', () => {
  it('counts people of 150, 151 and more in the last band', () => {
    const people = [person('a', { birthDate: '1900-01-01' }), person('b', { birthDate: '1900-06-01' }), person('c', { birthDate: '1950-01-01' })];
    // On 2051-01-01: a is 151, b is 150, c is 101.
    const result = segmentPopulation(people, leeds2024, { asOf: '2051-01-01' });
    expect(result.assignments).toHaveLength(3);
    const last = result.counts.byAgeBand.at(-1)!;
    expect(last.maxAge).toBeNull();
    expect(last.total).toBe(3);
    expect(result.counts.byAgeBand.reduce((sum, band) => sum + band.total, 0)).toBe(3);
  });
});

/** The batches a failing stream yielded before its error, and the error. */
async function failureOf(stream: AsyncIterable<StreamBatch>): Promise<{ batches: number; error: Error }> {
  const { batches, error } = await drainUntilError(stream);
  return { batches: batches.length, error: error as Error };
}

describe('segmentStream with a misbehaving source', () => {
  it('names the error of a source whose iterator cannot be made', async () => {
    const source = {
      [Symbol.iterator]() {
        throw new Error('no iterator today');
      },
    };
    const { batches, error } = await failureOf(segmentStream(source, leeds2024, { asOf: AS_OF }));
    expect(batches).toBe(0);
    expect(error).toBeInstanceOf(PhmValidationError);
    expect(error.message).toBe('Reading the records failed after 0 rows: no iterator today');
  });

  it('says so when an iterator gives null instead of a result', async () => {
    const source = { [Symbol.iterator]: () => ({ next: () => null }) } as unknown as Iterable<unknown>;
    const { error } = await failureOf(segmentStream(source, leeds2024, { asOf: AS_OF }));
    expect(error.message).toBe('Reading the records failed after 0 rows: Iterator result null is not an object');
  });

  it('does not close an iterator that has failed, as for...of does not', async () => {
    let closed = 0;
    const source = {
      [Symbol.iterator]: () => {
        let i = 0;
        return {
          next: () => {
            if (i++ < 2) return { done: false, value: person(`p${i}`) };
            throw new Error('broken pipe');
          },
          return: () => {
            closed++;
            return { done: true, value: undefined };
          },
        };
      },
    };
    const { batches, error } = await failureOf(segmentStream(source, leeds2024, { asOf: AS_OF }));
    expect(batches).toBe(1);
    expect(error.message).toBe('Reading the records failed after 2 rows: broken pipe');
    expect(closed).toBe(0);
  });

  it('stops early without error from an iterator that has no return method', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => person(`p${i}`));
    const source = {
      [Symbol.iterator]: () => {
        let i = 0;
        return { next: () => (i < rows.length ? { done: false, value: rows[i++] } : { done: true, value: undefined }) };
      },
    };
    const seen: number[] = [];
    for await (const batch of segmentStream(source, leeds2024, { asOf: AS_OF, batchSize: 3 })) {
      seen.push(batch.rows);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([3, 3]);
  });
});

describe('syntheticPopulation and syntheticPeople', () => {
  it('numbers people from 1, seven digits wide or as wide as the size', () => {
    expect(syntheticPopulation({ size: 3, seed: 1 }).map((p) => p.id)).toEqual(['P0000001', 'P0000002', 'P0000003']);
    // People are made as they are read: the first of ten million is cheap.
    const [first] = syntheticPeople({ size: 12_345_678, seed: 1 });
    expect(first?.id).toBe('P00000001');
  });

  it('takes dates from 1900-01-01 to 9998-12-31', () => {
    for (const asOf of ['1900-01-01', '9998-12-31']) expect(syntheticPopulation({ size: 1, seed: 1, asOf })).toHaveLength(1);
    for (const asOf of ['1899-12-31', '9999-01-01']) {
      expect(refusalOf(() => syntheticPopulation({ size: 1, seed: 1, asOf })).issues).toEqual([{ path: ['asOf'], message: 'asOf must be between 1900-01-01 and 9998-12-31' }]);
    }
  });

  it('gives no one a death before their birth, and only catalogue markers, none begun after the date', () => {
    // Seed 3 draws one infant's death (person 1,130) for a day before the birth: it is dropped.
    const people = syntheticPopulation({ size: 2_000, seed: 3, asOf: AS_OF });
    expect(people.every((p) => p.deathDate === undefined || p.deathDate >= p.birthDate)).toBe(true);
    expect(screenRecords(people).rejected).toEqual([]);
    const catalogue = new Set<string>(MARKER_CATALOGUE.map((m) => m.id));
    const markers = people.flatMap((p) => p.markers);
    expect(markers.filter((m) => !catalogue.has(typeof m === 'string' ? m : m.id))).toEqual([]);
    expect(markers.filter((m) => typeof m !== 'string' && m.from !== undefined && m.from > AS_OF)).toEqual([]);
  });

  it('turnover adds registrations and deregistrations in the two years before asOf, and changes nothing else', () => {
    const plain = syntheticPopulation({ size: 20_000, seed: 3, asOf: AS_OF });
    const churned = syntheticPopulation({ size: 20_000, seed: 3, asOf: AS_OF, turnover: 0.1 });
    expect(plain.every((p) => p.registrationDate === undefined && p.deregistrationDate === undefined)).toBe(true);
    expect(churned.map(({ registrationDate: _r, deregistrationDate: _d, ...rest }) => rest)).toEqual(plain.map(({ registrationDate: _r, deregistrationDate: _d, ...rest }) => rest));
    const twoYearsBack = new Date(Date.parse(AS_OF) - 730 * 86_400_000).toISOString().slice(0, 10);
    const joined = churned.filter((p) => p.registrationDate !== undefined);
    const left = churned.filter((p) => p.deregistrationDate !== undefined);
    // 10% a year over two years: about 20% each way (fewer leave: none before they joined or were born).
    expect(joined.length / churned.length).toBeCloseTo(0.2, 1);
    expect(left.length / churned.length).toBeGreaterThan(0.15);
    expect(left.length / churned.length).toBeLessThan(0.2);
    expect(joined.every((p) => (p.registrationDate as string) >= twoYearsBack && (p.registrationDate as string) <= AS_OF && (p.registrationDate as string) >= p.birthDate)).toBe(true);
    expect(left.every((p) => (p.deregistrationDate as string) >= twoYearsBack && (p.deregistrationDate as string) <= AS_OF && (p.deregistrationDate as string) >= p.birthDate)).toBe(true);
    expect(left.every((p) => p.registrationDate === undefined || (p.deregistrationDate as string) >= p.registrationDate)).toBe(true);
    expect(screenRecords(churned).rejected).toEqual([]);
    expect([...syntheticPeople({ size: 500, seed: 3, asOf: AS_OF, turnover: 0.1 })]).toEqual(churned.slice(0, 500));
    expect(refusalOf(() => syntheticPopulation({ size: 1, seed: 1, turnover: 0.6 })).issues[0]?.path).toEqual(['turnover']);
    expect(refusalOf(() => syntheticPopulation({ size: 1, seed: 1, turnover: -0.1 })).issues[0]?.path).toEqual(['turnover']);
  });

  it('dates end of life within the last 300 days and cancer up to ten years back', () => {
    const markers = syntheticPopulation({ size: 2_000, seed: 3, asOf: AS_OF }).flatMap((p) => p.markers);
    const of = (id: string) => markers.filter((m) => (typeof m === 'string' ? m : m.id) === id);
    const since = (days: number) => new Date(Date.parse(AS_OF) - days * 86_400_000).toISOString().slice(0, 10);
    expect(of('end-of-life').length).toBeGreaterThan(0);
    expect(of('end-of-life').every((m) => typeof m !== 'string' && m.from !== undefined && m.from >= since(300))).toBe(true);
    expect(of('cancer').every((m) => typeof m !== 'string' && m.from !== undefined && m.from >= since(3_650))).toBe(true);
    expect(of('cancer').some((m) => typeof m !== 'string' && m.from !== undefined && m.from < since(300))).toBe(true);
  });
});

describe("each entry point's refusal of bad options", () => {
  it('begins "Invalid options:"', () => {
    const bad = { asOf: 'yesterday' } as never;
    const messages = [
      () => segmentPopulation([], leeds2024, bad),
      () => overlap([], leeds2024, bad),
      () => transitions([], leeds2024, bad),
      () => segmentStream([], leeds2024, bad),
      () => syntheticPopulation({ size: -1, seed: 1 }),
      () => syntheticPeople({ size: -1, seed: 1 }),
    ].map((run) => refusalOf(run).message);
    for (const message of messages) expect(message).toMatch(/^Invalid options: /);
  });
});
