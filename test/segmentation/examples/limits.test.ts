/**
 * Issue 14: every call ends in bounded time and memory, or refuses its input naming the limit.
 * The limits of the population path: 10,000,000 rows for a batch function, 10,000 markers a
 * person, 2^28 values of marker columns in personColumns.
 */
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { classify, isPerson, leeds2024, overlap, personColumns, PersonSchema, screenRecords, segmentPopulation, transitions } from 'phm-kit/segmentation';
import { AS_OF, caught, person } from './helpers.js';

const ROW_LIMIT = 'Invalid records: A batch function takes at most 10,000,000 rows: use segmentStream for more';

describe('a batch function takes at most 10,000,000 rows', () => {
  const sparse = () => {
    const rows: unknown[] = [];
    rows.length = 2 ** 32 - 1;
    return rows;
  };

  it.each([
    ['segmentPopulation', (records: never) => segmentPopulation(records, leeds2024, { asOf: AS_OF })],
    ['screenRecords', (records: never) => screenRecords(records)],
    ['overlap', (records: never) => overlap(records, leeds2024, { asOf: AS_OF })],
    ['transitions', (records: never) => transitions(records, leeds2024, { from: '2023-04-01', to: AS_OF })],
  ])('%s refuses a sparse array of four billion holes at once', (_, call) => {
    const error = caught(() => call(sparse() as never), PhmValidationError);
    expect(error.message).toBe(ROW_LIMIT);
    expect(error.issues).toEqual([{ path: [], message: 'A batch function takes at most 10,000,000 rows: use segmentStream for more' }]);
  });

  it('refuses an endless generator after 10,000,000 rows, and closes it', { timeout: 60_000 }, () => {
    let closed = false;
    const row = person('same');
    function* endless() {
      try {
        for (;;) yield row;
      } finally {
        closed = true;
      }
    }
    expect(caught(() => screenRecords(endless()), PhmValidationError).message).toBe(ROW_LIMIT);
    expect(closed).toBe(true);
  });

  it('a million holes are a million rejections sharing one frozen explanation, in bounded time', { timeout: 30_000 }, () => {
    const rows: unknown[] = [];
    rows.length = 1_000_000;
    const { rejected, total } = screenRecords(rows);
    expect(total).toBe(1_000_000);
    expect(rejected).toHaveLength(1_000_000);
    expect(rejected[999_999]).toEqual({ index: 999_999, reason: 'invalid-record', issues: [{ path: [], message: 'Invalid input: expected object, received undefined' }] });
    expect(rejected[0]?.issues).toBe(rejected[999_999]?.issues);
    expect(Object.isFrozen(rejected[0]?.issues)).toBe(true);
  });

  it('explains values that are not records as the schema does, one kind at a time', () => {
    const { rejected } = screenRecords([null, 42, Number.NaN, 'x', [], [person('a')], () => 1, true, undefined, -Infinity]);
    expect(rejected.map((r) => r.issues[0]?.message.replace('Invalid input: expected object, received ', ''))).toEqual([
      'null',
      'number',
      'NaN',
      'string',
      'array',
      'array',
      'function',
      'boolean',
      'undefined',
      '-Infinity',
    ]);
  });
});

describe('a person has at most 10,000 marker entries', () => {
  const markers = (n: number) => Array.from({ length: n }, () => 'ltc-copd');
  const message = 'A person has at most 10,000 marker entries';

  it('10,000 are a person; 10,001 are an invalid record, for the schema, isPerson and the batch functions alike', () => {
    expect(isPerson(person('a', { markers: markers(10_000) }))).toBe(true);
    expect(isPerson(person('a', { markers: markers(10_001) }))).toBe(false);
    const parsed = PersonSchema.safeParse(person('a', { markers: markers(10_001) }));
    expect(parsed.error?.issues.map((i) => [i.path, i.message])).toEqual([[['markers'], message]]);
    const [rejection] = segmentPopulation([person('a', { markers: markers(10_001) })], leeds2024, { asOf: AS_OF }).rejected;
    expect(rejection).toEqual({ index: 0, id: 'a', reason: 'invalid-record', issues: [{ path: ['markers'], message }] });
  });

  it('a markers array that claims four billion entries is refused without reading one', () => {
    let entriesRead = 0;
    const claims = new Proxy([] as unknown[], {
      get(target, key) {
        if (key === 'length') return 2 ** 32 - 1;
        if (typeof key === 'string' && /^\d+$/.test(key)) entriesRead++;
        return Reflect.get(target, key);
      },
    });
    const sparse: unknown[] = [];
    sparse.length = 2 ** 32 - 1;
    for (const list of [claims, sparse]) {
      const [rejection] = screenRecords([person('a', { markers: list })]).rejected;
      expect(rejection?.issues).toEqual([{ path: ['markers'], message }]);
      expect(caught(() => classify(person('a', { markers: list }), leeds2024, { asOf: AS_OF }), PhmValidationError).issues).toEqual([{ path: ['markers'], message }]);
    }
    expect(entriesRead).toBe(0);
  });
});

describe('personColumns makes at most 2^28 values of marker columns', () => {
  it('refuses one person with 30,000 distinct markers among 10,000 people, and takes them with the markers listed', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `marker-${i}`);
    const people = Array.from({ length: 30_000 }, (_, i) => person(`p${i}`, { markers: i < 3 ? many : [] }));
    const error = caught(() => personColumns(people, { asOf: AS_OF }), PhmValidationError);
    expect(error.issues).toEqual([
      { path: ['people'], message: '10,000 marker columns of 30,000 rows is more than 268,435,456 values (1 GiB): list the markers needed in options.markers, or convert the people in parts' },
    ]);
    const columns = personColumns(people, { asOf: AS_OF, markers: ['marker-1'] });
    expect(Object.keys(columns.markers)).toEqual(['marker-1']);
  });

  it('refuses more than 10,000,000 people at once, naming the limit', () => {
    const people: unknown[] = [];
    people.length = 10_000_001;
    expect(caught(() => personColumns(people as never, { asOf: AS_OF }), PhmValidationError).issues).toEqual([
      { path: ['people'], message: 'personColumns takes at most 10,000,000 people: convert them in parts' },
    ]);
  });
});
