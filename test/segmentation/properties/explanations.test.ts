/**
 * Property: a rejected row's issues are the schema's own explanation of that row, whether the
 * screen ran the schema for it or shared the explanation of an earlier row alike (junk rows
 * share explanations, so that a megabyte of them does not cost a schema run each).
 */
import fc from 'fast-check';
import { PersonSchema, screenRecords } from 'phm-kit/segmentation';
import { describe, expect, it } from 'vitest';
import { issuesFromZod } from '../../../src/core/validation.js';
import { isoDateArb, junkRowArb, nearValidPersonArb } from '../arbitraries.js';
import { property } from '../../support/property.js';

const SEED = 0x5e9_0015;

/** The schema's explanation of one plain row, computed on its own. */
function explanationOf(row: unknown) {
  const parsed = PersonSchema.safeParse(row, { reportInput: true });
  return parsed.success ? [] : issuesFromZod(parsed.error.issues);
}

/** The values each field is drawn from: of a kind the schema reads, or only types. */
const POOLS = {
  id: ['a', 'b', '', 1, 2, null, undefined, true, Number.NaN, Infinity],
  birthDate: ['2000-01-01', '2000-06-01', '2023-02-29', '', 'x', 19_000, null],
  sex: ['female', 'male', 'F', '', 1, undefined],
  deathDate: [undefined, '1999-12-31', '2000-03-01', 'bad', 0],
  imdDecile: [1, 10, 0, 11, 2.5, '3', Number.NaN, undefined],
  locality: ['LCP 01', 'LCP 02', '', 7, undefined],
  markers: [[], ['cancer'], [''], [1], [2], [null], [undefined], ['cancer', 1], ['ltc-copd', 2], 'cancer', 3, 4, null, undefined],
} as const;
const FIELDS = Object.keys(POOLS) as (keyof typeof POOLS)[];

const pooledRowArb = fc.record(Object.fromEntries(FIELDS.map((f) => [f, fc.constantFrom(...POOLS[f])])) as { [K in keyof typeof POOLS]: fc.Arbitrary<unknown> }, { requiredKeys: [] });

/**
 * A row and variants of it that differ in one field each, so that rows share all but one
 * value: in the ways a shared explanation may ignore (which id, which number), and in the ways
 * it must not (a decile of 1 or 11, a death before or after the birth).
 */
const familyArb: fc.Arbitrary<unknown[]> = fc
  .tuple(pooledRowArb, fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.nat()), { maxLength: 12 }))
  .map(([base, changes]) => [base, ...changes.map(([field, n]) => ({ ...base, [field]: POOLS[field][n % POOLS[field].length] }))]);

const plainRowsArb = isoDateArb.chain((asOf) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.array(nearValidPersonArb(asOf), { maxLength: 10 }) },
    { weight: 1, arbitrary: fc.array(junkRowArb(asOf).filter((row) => typeof row !== 'object' || row === null || Array.isArray(row) || Object.getPrototypeOf(row) === Object.prototype), { maxLength: 10 }) },
    { weight: 6, arbitrary: fc.array(familyArb, { maxLength: 4 }).map((families) => families.flat()) },
  ),
);

describe('rejections explain each row as the schema does', () => {
  property(
    'shared or not, every invalid-record rejection carries the schema’s issues for its own row',
    SEED,
    plainRowsArb,
    (rows) => {
      const { rejected } = screenRecords(rows);
      for (const r of rejected.filter((x) => x.reason === 'invalid-record')) {
        expect({ index: r.index, issues: r.issues }).toEqual({ index: r.index, issues: explanationOf(rows[r.index]) });
      }
    },
  );
});

describe('rejections stay small and quick however junk a megabyte of rows is', () => {
  it('300,000 rows of {} parsed from JSON (under 1 MB) share one explanation', { timeout: 30_000 }, () => {
    const rows = JSON.parse(`[${Array.from({ length: 300_000 }, () => '{}').join(',')}]`) as unknown[];
    const { rejected } = screenRecords(rows);
    expect(rejected).toHaveLength(300_000);
    expect(rejected[299_999]?.issues).toBe(rejected[0]?.issues);
    expect(rejected[0]?.issues.map((i) => i.path)).toEqual([['id'], ['birthDate'], ['markers']]);
  });

  it('a row of 10,000 bad marker entries lists the first 20 and says how many more', { timeout: 30_000 }, () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: `p${i}`, birthDate: '2000-01-01', markers: Array.from({ length: 10_000 }, () => i) }));
    const { rejected } = screenRecords(rows);
    const issues = rejected[0]?.issues ?? [];
    expect(issues).toHaveLength(21);
    expect(issues.slice(0, 20).map((i) => i.path)).toEqual(Array.from({ length: 20 }, (_, k) => ['markers', k]));
    expect(issues[20]).toEqual({ path: ['markers'], message: '... and 9,980 more invalid marker entries (the first 20 are listed)' });
  });
});
