/**
 * `phm-kit sql`: exactly toSql's SQL for the flags (and a tables file, checked with the
 * library's SqlOptionsSchema so that errors name the path in the file), with a semicolon.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bridgesToHealth, leeds2017, leeds2024, toSql } from 'phm-kit/segmentation';
import { fixture, run, tempDir } from './support.js';

const dir = tempDir();
const tables = fixture('tables.json');
const json = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

describe('phm-kit sql', () => {
  it('prints toSql for the model, dialect and date, ended with a semicolon', async () => {
    const r = await run(['sql', '--model', 'leeds2024', '--dialect', 'tsql', '--as-of', '2024-04-01']);
    expect(r).toEqual({ code: 0, stdout: `${toSql(leeds2024, { dialect: 'tsql', asOf: '2024-04-01' }).sql};\n`, stderr: '' });
  });

  it('maps --flags and --view (with a schema) and --replace onto toSql options', async () => {
    const r = await run(['sql', '-m', 'leeds2017', '-d', 'postgresql', '--as-of', '2024-04-01', '--flags', '--view', 'phm.segments', '--replace']);
    expect(r.stdout).toBe(`${toSql(leeds2017, { dialect: 'postgresql', asOf: '2024-04-01', flags: true, view: { name: ['phm', 'segments'], replace: true } }).sql};\n`);
    expect(r.stdout).toMatch(/^CREATE OR REPLACE VIEW "phm"\."segments" AS/);
    const plain = await run(['sql', '-m', 'leeds2017', '-d', 'duckdb', '--as-of', '2024-04-01', '--view', 'segments']);
    expect(plain.stdout).toMatch(/^CREATE VIEW "segments" AS/);
  });

  it('knows SQL Server, Databricks and Postgres by those names too', async () => {
    const as = async (dialect: string) => (await run(['sql', '-m', 'bridgesToHealth', '-d', dialect, '--as-of', '2024-04-01'])).stdout;
    expect(await as('sqlserver')).toBe(`${toSql(bridgesToHealth, { dialect: 'tsql', asOf: '2024-04-01' }).sql};\n`);
    expect(await as('mssql')).toBe(await as('tsql'));
    expect(await as('Databricks')).toBe(`${toSql(bridgesToHealth, { dialect: 'spark', asOf: '2024-04-01' }).sql};\n`);
    expect(await as('postgres')).toBe(await as('postgresql'));
    expect(await as('ansi')).toContain('-- phm-kit toSql: model bridges-to-health, as of 2024-04-01, ansi');
  });

  it('reads the tables, columns and codes from a tables file', async () => {
    const r = await run(['sql', '--model', 'leeds2024', '--dialect', 'spark', '--as-of', '2024-04-01', '--tables', tables]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `${toSql(leeds2024, {
        dialect: 'spark',
        asOf: '2024-04-01',
        table: ['phm', 'gp_people'],
        markerTable: ['phm', 'gp_registers'],
        columns: { id: 'patient_id', sex: 'gender_code', deathDate: 'dod', marker: 'register' },
        sexCodes: { male: '1', female: '2', indeterminate: '9', unknown: ['0', 'X'] },
        markerCodes: { 'ltc-copd': ['COPD', 'COPD_REG'] },
      }).sql};\n`,
    );
    expect(r.stdout).toContain('`phm`.`gp_people`');
  });
});

describe('phm-kit sql errors: one line, exit 2', () => {
  const base = ['sql', '--model', 'leeds2024', '--dialect', 'tsql', '--as-of', '2024-04-01'];
  const cases: [string, () => string[], string | RegExp][] = [
    ['an unknown dialect', () => ['sql', '-m', 'leeds2024', '-d', 'oracle', '--as-of', '2024-04-01'], "phm-kit sql: unknown dialect 'oracle': give ansi, postgresql, tsql, duckdb, spark (see phm-kit sql --help)\n"],
    ['a bad date', () => ['sql', '-m', 'leeds2024', '-d', 'tsql', '--as-of', '2024-13-01'], 'phm-kit sql: --as-of 2024-13-01: Month 13 does not exist: months run from 01 to 12 (see phm-kit sql --help)\n'],
    ['no model', () => ['sql', '-d', 'tsql', '--as-of', '2024-04-01'], 'phm-kit sql: --model is required (see phm-kit sql --help)\n'],
    ['no dialect', () => ['sql', '-m', 'leeds2024', '--as-of', '2024-04-01'], 'phm-kit sql: --dialect is required (see phm-kit sql --help)\n'],
    ['an unknown model', () => ['sql', '-m', 'nhs2030', '-d', 'tsql', '--as-of', '2024-04-01'], /unknown model 'nhs2030'/],
    ['a positional argument', () => [...base, 'people'], "phm-kit sql: unexpected argument 'people': sql takes flags only (see phm-kit sql --help)\n"],
    ['--replace without --view', () => [...base, '--replace'], 'phm-kit sql: --replace needs --view (see phm-kit sql --help)\n'],
    ['a missing tables file', () => [...base, '--tables', join(dir, 'none.json')], /^phm-kit sql: tables file .*none\.json: no such file\n$/],
    ['a tables file with a wrong type, named by its path', () => [...base, '--tables', json('t1.json', { columns: { id: 7 } })], /t1\.json: columns\.id: Invalid input: expected string, received number \(a tables file holds table, markerTable, columns, sexCodes, markerCodes\)\n$/],
    ['a tables file with an option that is a flag', () => [...base, '--tables', json('t2.json', { dialect: 'tsql', table: 'people' })], /t2\.json: Unrecognized key: "dialect"/],
    ['a table name with a dot', () => [...base, '--tables', json('t3.json', { table: 'dbo.people' })], /t3\.json: table: A table name written as one string cannot contain '\.'/],
    ['a marker code for no marker, as toSql refuses it', () => [...base, '--tables', json('t4.json', { markerCodes: { 'ltc-copdd': 'COPD' } })], /t4\.json: markerCodes\.ltc-copdd: 'ltc-copdd' is not a marker of the catalogue or of model 'leeds-2024'/],
    ['a column name toSql cannot write safely', () => [...base, '--tables', json('t5.json', { columns: { id: 'a\u0000b' } })], /t5\.json: columns\.id: Column name "a\\u0000b" cannot be written as tsql SQL safely/],
    ['a view name toSql cannot write safely', () => [...base, '--view', 'a\u0001b'], /^phm-kit sql: --view: view\[0\]: Table name "a\\u0001b" cannot be written as tsql SQL safely: it contains a control character\n$/],
    ['a tables file that is not JSON', () => [...base, '--tables', json('t6.json', '{')], /t6\.json: not valid JSON/],
  ];
  for (const [name, argv, expected] of cases) {
    it(name, async () => {
      const r = await run(argv());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      if (typeof expected === 'string') expect(r.stderr).toBe(expected);
      else expect(r.stderr).toMatch(expected);
      expect(r.stderr.split('\n')).toHaveLength(2);
    });
  }
});
