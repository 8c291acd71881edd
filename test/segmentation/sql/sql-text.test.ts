/**
 * The generated SQL in full, one file per dialect: the DuckDB and PostgreSQL tests check what the
 * queries return, but the text (its comments, quoting, layout and the result columns'
 * descriptions) is what an analyst reads and reviews before running it in a warehouse, so any
 * change to it must show in review. Update with `npx vitest run -u` after a deliberate change.
 */
import { leeds2024, toSql } from 'phm-kit/segmentation';
import { describe, expect, it } from 'vitest';

const DIALECTS = ['ansi', 'postgresql', 'tsql', 'duckdb', 'spark'] as const;

describe('toSql text', () => {
  for (const dialect of DIALECTS) {
    it(`Leeds 2024 in ${dialect}, with flags, a view and code maps`, async () => {
      const result = toSql(leeds2024, {
        dialect,
        asOf: '2024-04-01',
        flags: true,
        view: { name: ['phm', 'segments'], replace: dialect !== 'ansi' },
        sexCodes: { male: '1', female: '2', indeterminate: '9', unknown: ['0', 'X'] },
        markerCodes: { 'frailty-severe': ['FRAIL2', 'FRAIL-S'], cancer: 'CA' },
      });
      const { sql, ...rest } = result;
      await expect(`${JSON.stringify(rest, null, 2)}\n\n${sql}\n`).toMatchFileSnapshot(`./__snapshots__/leeds2024.${dialect}.sql.txt`);
    });
  }

  it('Leeds 2024 in duckdb without death or marker date columns', async () => {
    const { sql } = toSql(leeds2024, { dialect: 'duckdb', asOf: '2024-04-01', columns: { deathDate: null, markerFrom: null, markerTo: null } });
    await expect(`${sql}\n`).toMatchFileSnapshot('./__snapshots__/leeds2024.duckdb-no-dates.sql.txt');
  });
});
