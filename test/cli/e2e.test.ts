/**
 * End to end: the command line built as a program (esbuild, as tsup builds dist/cli.js: one
 * ESM file with the `#!/usr/bin/env node` line; here the library is bundled in from src/,
 * since dist/ is built after the tests) and run with node on the fixture files, as a user
 * runs it. `npm run check:package` runs the real dist/cli.js, installed, after the build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leeds2024, toSql } from 'phm-kit/segmentation';
import { fixture } from './support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'phm-kit-cli-e2e-'));
const cli = join(dir, 'cli.js');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const result = await build({
    entryPoints: [join(root, 'src/cli/bin.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    tsconfig: join(root, 'tsconfig.json'),
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  // The library came from src/ (through tsconfig paths), csv-parse from node_modules.
  expect(inputs.some((i) => i.startsWith('src/segmentation/'))).toBe(true);
  expect(inputs.some((i) => i.includes('node_modules/csv-parse/'))).toBe(true);
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  chmodSync(cli, 0o755);
});

/** Runs the built command in `dir`: exit code, stdout, stderr. */
function phmKit(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const people = fixture('people.csv');
const segmentArgs = (out: string, ...rest: string[]) => ['segment', people, '--model', 'leeds2024', '--as-of', '2024-04-01', '--mapping', fixture('mapping.json'), '--markers', fixture('person_markers.csv'), '--out', out, ...rest];

describe('the built phm-kit command', () => {
  it('runs as an executable, through its #! line', () => {
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const r = spawnSync(cli, ['--version'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}` } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('--help lists the commands and exit codes; each command has --help', () => {
    const r = phmKit('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Commands:\n {2}models .*\n {2}sql .*\n[\s\S]* {2}segment /);
    expect(r.stdout).toContain('Exit codes:');
    for (const command of ['models', 'sql', 'segment']) expect(phmKit(command, '--help').stdout).toMatch(new RegExp(`^Usage: phm-kit ${command}`));
  });

  it('models lists the three built-in models', () => {
    const r = phmKit('models', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { name: string }[]).map((m) => m.name)).toEqual(['leeds2024', 'leeds2017', 'bridgesToHealth']);
    expect(phmKit('models').stdout).toContain('   9. healthy-adults: Healthy adults\n');
  });

  it('sql prints toSql for SQL Server', () => {
    const r = phmKit('sql', '--model', 'leeds2024', '--dialect', 'sqlserver', '--as-of', '2024-04-01', '--tables', fixture('tables.json'), '--flags');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const tables = JSON.parse(readFileSync(fixture('tables.json'), 'utf8')) as object;
    expect(r.stdout).toBe(`${toSql(leeds2024, { ...tables, dialect: 'tsql', asOf: '2024-04-01', flags: true }).sql};\n`);
  });

  it('segment with a mapping and a marker file writes the assignments, the rejected rows and a summary', () => {
    const out = join(dir, 'assignments.csv');
    const rejected = join(dir, 'rejected.csv');
    const r = phmKit(...segmentArgs(out, '--rejected', rejected));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('10 rows read: 7 assigned, 2 rejected, 1 excluded (index counts rows from 0)');
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('index,person_id,status,reason,segment,segment_index,subsegments,conditions,condition_count,overlays,detail');
    expect(lines).toHaveLength(11);
    expect(lines[1]).toMatch(/^0,p01,assigned,,frailty,3,severe-frailty,/);
    expect(readFileSync(rejected, 'utf8').split('\n').slice(0, 2)).toEqual(['table,index,person_id,reason,column,message', 'people,2,p03,invalid-record,att.Age,No age: the cell is empty']);
  });

  it('gives the same bytes on every run', () => {
    const runOnce = (n: number) => {
      const out = join(dir, `same-${n}.csv`);
      const rejected = join(dir, `same-${n}-rejected.csv`);
      const r = phmKit(...segmentArgs(out, '--rejected', rejected));
      return { stdout: r.stdout.replaceAll(`same-${n}`, 'same'), out: readFileSync(out), rejected: readFileSync(rejected) };
    };
    const [first, second] = [runOnce(1), runOnce(2)];
    expect(second.out.equals(first.out)).toBe(true);
    expect(second.rejected.equals(first.rejected)).toBe(true);
    expect(second.stdout).toBe(first.stdout);
  });

  it('--strict exits 1 when rows were rejected', () => {
    const r = phmKit(...segmentArgs(join(dir, 'strict.csv'), '--strict'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Rejected: 2 rows');
  });

  it('streams a longer file from stdin, in input order', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `p${i},${1930 + (i % 90)}-0${1 + (i % 9)}-15,${i % 2 === 0 ? 'ltc-asthma' : ''}`);
    const input = `person_id,birth_date,markers\n${rows.join('\n')}\n`;
    const mapping = join(dir, 'list.json');
    writeFileSync(mapping, JSON.stringify({ markerList: { column: 'markers' } }));
    const r = spawnSync(process.execPath, [cli, 'segment', '-', '--model', 'leeds2024', '--as-of', '2024-04-01', '--mapping', mapping, '--out', '-', '--batch-size', '1000'], { cwd: dir, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(20_000);
    expect(lines.every((l, i) => l.startsWith(`${i},p${i},assigned,`))).toBe(true);
    expect(r.stderr).toContain('20,000 rows read: 20,000 assigned, 0 rejected, 0 excluded');
  });

  it('stopped with Ctrl-C, exits 130 and leaves no output file', async () => {
    const out = join(dir, 'stopped.csv');
    const child = spawn(process.execPath, [cli, 'segment', '-', '--model', 'leeds2024', '--as-of', '2024-04-01', '--out', out], { cwd: dir, stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.write('person_id,birth_date\np1,1950-01-01\n');
    const partial = () => readdirSync(dir).some((f) => f.startsWith('.stopped.csv.') && f.endsWith('.partial'));
    for (let i = 0; i < 200 && !partial(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(partial()).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(partial()).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  describe('usage and input errors: one line on stderr, exit 2', () => {
    const cases: [string, string[], RegExp][] = [
      ['an unknown flag', ['segment', people, '--modle', 'leeds2024'], /^phm-kit segment: unknown flag --modle; segment takes --model, /],
      ['a missing file', ['segment', join(dir, 'missing.csv'), '--model', 'leeds2024', '--as-of', '2024-04-01', '--out', 'x.csv'], /^phm-kit segment: people file .*missing\.csv: no such file$/],
      ['an unknown model', ['sql', '--model', 'leeds2099', '--dialect', 'tsql', '--as-of', '2024-04-01'], /^phm-kit sql: unknown model 'leeds2099'/],
      ['a bad date', ['sql', '--model', 'leeds2024', '--dialect', 'tsql', '--as-of', '2024-04-31'], /^phm-kit sql: --as-of 2024-04-31: 2024 has no 31 April: April 2024 has 30 days/],
      ['an unknown command', ['segmentation'], /^phm-kit: unknown command 'segmentation'/],
    ];
    for (const [name, args, message] of cases) {
      it(name, () => {
        const r = phmKit(...args);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trimEnd()).toMatch(message);
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      });
    }
  });
});
