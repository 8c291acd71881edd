/**
 * Checks the built package as a user gets it (`npm run check:package`, after publint and attw,
 * after the build):
 *
 * 1. Tree-shaking: bundles of `phm-kit/segmentation` (and `phm-kit/prioritisation`, and named
 *    imports from the root `phm-kit`) made from dist through the package's `exports`, with every
 *    dependency bundled, hold nothing of decimal.js; bundles of `phm-kit/finance` and of the whole
 *    root do (so that the check can fail).
 * 2. At run time: a fresh node process that requires or imports `phm-kit/segmentation` loads no
 *    decimal.js module (CommonJS: require.cache; ESM: a resolve hook that logs every module), and
 *    one that loads `phm-kit/finance` does.
 * 3. The JSON Schemas resolve as `phm-kit/schemas/<name>.schema.json`, and index.json lists only
 *    files that are there.
 * 4. `npm pack --dry-run --json` lists only what a user needs (scripts/package-rules.ts), within
 *    the size budget.
 * 5. The command line: package.json `bin` is dist/cli.js, packed, with its `#!` line and
 *    executable; run through a bin link as npm makes it, it answers `--version`, `models`, `sql`
 *    and `segment`, and exits 2 on a usage error. No library module in dist imports it or
 *    csv-parse, and no library bundle or process above holds or loads csv-parse.
 *
 * The package is reached as a user reaches it: from a temporary directory whose
 * node_modules/phm-kit links to this repository, so that package.json `exports` resolve the
 * names (not tsconfig paths, which point at src/).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundledFrom, libraryImportProblems, loadedFrom, packProblems, SIZE_BUDGET, type PackedFile } from './package-rules.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const problems: string[] = [];
const summary: string[] = [];

interface BundleCase {
  readonly name: string;
  readonly file: string;
  readonly source: string;
  /** Whether decimal.js belongs in this bundle. */
  readonly decimal: boolean;
}

/** Each case keeps what it imports alive (console.log), so that tree-shaking cannot drop it all. */
const BUNDLES: readonly BundleCase[] = [
  { name: "import * from 'phm-kit/segmentation'", file: 'segmentation-namespace.mjs', source: "import * as s from 'phm-kit/segmentation';\nconsole.log(s);\n", decimal: false },
  {
    name: "named imports from 'phm-kit/segmentation'",
    file: 'segmentation-named.mjs',
    source: "import { segmentPopulation, syntheticPopulation, leeds2024, PersonSchema } from 'phm-kit/segmentation';\nconsole.log(segmentPopulation(syntheticPopulation({ size: 10, seed: 1, asOf: '2024-04-01' }), leeds2024, { asOf: '2024-04-01' }), PersonSchema);\n",
    decimal: false,
  },
  { name: "require('phm-kit/segmentation')", file: 'segmentation-require.cjs', source: "const s = require('phm-kit/segmentation');\nconsole.log(s);\n", decimal: false },
  { name: "import * from 'phm-kit/prioritisation'", file: 'prioritisation-namespace.mjs', source: "import * as p from 'phm-kit/prioritisation';\nconsole.log(p);\n", decimal: false },
  {
    name: "named core and segmentation imports from 'phm-kit'",
    file: 'root-named.mjs',
    source: "import { ageOn, IsoDateSchema, PhmValidationError, PersonSchema, classify, leeds2024 } from 'phm-kit';\nconsole.log(ageOn, IsoDateSchema, PhmValidationError, PersonSchema, classify, leeds2024);\n",
    decimal: false,
  },
  { name: "import * from 'phm-kit' (control)", file: 'root-namespace.mjs', source: "import * as all from 'phm-kit';\nconsole.log(all);\n", decimal: true },
  { name: "import * from 'phm-kit/finance' (control)", file: 'finance-namespace.mjs', source: "import * as f from 'phm-kit/finance';\nconsole.log(f);\n", decimal: true },
  { name: "require('phm-kit/finance') (control)", file: 'finance-require.cjs', source: "const f = require('phm-kit/finance');\nconsole.log(f);\n", decimal: true },
];

/** A temporary "user project" with node_modules/phm-kit linked to this repository. */
function userProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phm-kit-check-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'phm-kit'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  return dir;
}

async function checkBundles(dir: string): Promise<void> {
  for (const c of BUNDLES) {
    writeFileSync(join(dir, c.file), c.source);
    const result = await build({
      entryPoints: [join(dir, c.file)],
      absWorkingDir: dir,
      bundle: true,
      platform: 'node',
      format: c.file.endsWith('.cjs') ? 'cjs' : 'esm',
      target: 'node20',
      write: false,
      outfile: join(dir, 'out', c.file),
      metafile: true,
      logLevel: 'silent',
      // Nothing external: zod and decimal.js are bundled, so the metafile shows what is reached.
      external: [],
    });
    const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([name]) => name));
    const fromDist = inputs.filter((i) => /(^|\/)dist\//.test(i.replaceAll('\\', '/')));
    const decimal = bundledFrom(result.metafile, 'decimal.js');
    const csv = bundledFrom(result.metafile, 'csv-parse');
    if (csv.length > 0) problems.push(`${c.name}: the bundle includes csv-parse, which only the command line may load`);
    const zod = bundledFrom(result.metafile, 'zod');
    const bytes = result.outputFiles.reduce((n, f) => n + f.contents.length, 0);
    if (fromDist.length === 0) problems.push(`${c.name}: the bundle has no input from dist/ (did it resolve the package through exports?)`);
    if (zod.length === 0) problems.push(`${c.name}: zod was not bundled, so the bundle proves nothing about dependencies`);
    if (c.decimal && decimal.length === 0) problems.push(`${c.name}: expected decimal.js in the bundle and found none: the check cannot see it`);
    if (!c.decimal && decimal.length > 0) {
      problems.push(`${c.name}: the bundle includes decimal.js (${decimal.map((d) => `${d.input}: ${d.bytes} bytes`).join(', ')}); only phm-kit/finance, phm-kit/bcf and the whole root need it`);
    }
    summary.push(`  bundle  ${c.name}: ${(bytes / 1024).toFixed(0)} kB, decimal.js ${decimal.length > 0 ? `${decimal.reduce((n, d) => n + d.bytes, 0)} bytes` : 'absent'}${c.decimal ? ' (expected)' : ''}`);
  }
}

const HOOKS = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + '\\n');
  return result;
}
`;

const PROBE = `import { register } from 'node:module';
const [specifier, log] = process.argv.slice(2);
register('./hooks.mjs', import.meta.url, { data: { log } });
await import(specifier);
`;

/** Modules a fresh node process loads for one specifier, by require or by import. */
function loadedModules(dir: string, specifier: string, mode: 'require' | 'import'): string[] {
  const options = { cwd: dir, encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[] };
  if (mode === 'require') {
    const script = `require(${JSON.stringify(specifier)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], options)) as string[];
  }
  const log = join(dir, `loaded-${specifier.replace(/\W/g, '-')}.txt`);
  writeFileSync(log, '');
  execFileSync(process.execPath, [join(dir, 'probe.mjs'), specifier, log], options);
  return [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
}

function checkRuntime(dir: string): void {
  writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
  writeFileSync(join(dir, 'probe.mjs'), PROBE);
  const cases: [string, 'require' | 'import', boolean][] = [
    ['phm-kit/segmentation', 'require', false],
    ['phm-kit/segmentation', 'import', false],
    ['phm-kit/prioritisation', 'import', false],
    ['phm-kit/finance', 'require', true],
    ['phm-kit/finance', 'import', true],
  ];
  for (const [specifier, mode, expected] of cases) {
    const name = `${mode} ${specifier}${expected ? ' (control)' : ''}`;
    let modules: string[];
    try {
      modules = loadedModules(dir, specifier, mode);
    } catch (error) {
      problems.push(`${name}: a fresh node process failed: ${String((error as { stderr?: string }).stderr ?? error).trim().slice(0, 500)}`);
      continue;
    }
    const decimal = loadedFrom(modules, 'decimal.js');
    if (loadedFrom(modules, 'csv-parse').length > 0 || modules.some((m) => /\/dist\/cli\.js$/.test(m))) problems.push(`${name}: loads the command line or csv-parse`);
    const ours = modules.filter((m) => m.replaceAll('\\', '/').includes('/dist/'));
    if (ours.length === 0) problems.push(`${name}: no module from dist/ was seen loading: the probe is blind`);
    if (expected && decimal.length === 0) problems.push(`${name}: expected decimal.js to load and saw none: the probe is blind`);
    if (!expected && decimal.length > 0) problems.push(`${name}: loads decimal.js (${decimal.join(', ')})`);
    summary.push(`  runtime ${name}: ${modules.length} modules, decimal.js ${decimal.length > 0 ? 'loaded' : 'not loaded'}`);
  }
}

/** The JSON Schemas resolve through `exports` as users name them, and index.json lists files that exist. */
function checkSchemas(dir: string): void {
  const script = `
    const { readFileSync, existsSync } = require('node:fs');
    const { dirname, join } = require('node:path');
    const indexPath = require.resolve('phm-kit/schemas/index.json');
    const index = JSON.parse(readFileSync(indexPath, 'utf8'));
    const person = require('phm-kit/schemas/person.schema.json');
    const missing = index.schemas.map((s) => s.file).filter((f) => !existsSync(join(dirname(indexPath), f)));
    process.stdout.write(JSON.stringify({ count: index.schemas.length, missing, person: person.title, id: person.$id }));
  `;
  try {
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { count: number; missing: string[]; person: string; id: string };
    if (out.count === 0) problems.push('dist/schemas/index.json lists no schemas');
    if (out.missing.length > 0) problems.push(`dist/schemas/index.json lists files that are not there: ${out.missing.join(', ')}`);
    if (typeof out.id !== 'string' || !out.id.endsWith('/person.schema.json')) problems.push(`phm-kit/schemas/person.schema.json has $id ${out.id}`);
    summary.push(`  schemas require.resolve('phm-kit/schemas/...'): ${out.count} schemas listed in index.json, all present; person.schema.json is "${out.person}"`);
  } catch (error) {
    problems.push(`phm-kit/schemas/*: resolving through exports failed: ${String((error as { stderr?: string }).stderr ?? error).trim().slice(0, 500)}`);
  }
}

function checkPack(): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const [pack] = JSON.parse(out) as { files: PackedFile[]; size: number; unpackedSize: number; entryCount: number }[];
  if (pack === undefined) throw new Error('npm pack --dry-run --json printed no package');
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: unknown };
  problems.push(...packProblems(pack.files, { packed: pack.size, unpacked: pack.unpackedSize }, exports));
  if (!pack.files.some((f) => f.path === 'dist/cli.js')) problems.push('the package does not contain dist/cli.js, which package.json bin names');
  const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  const groups = new Map<string, number>();
  for (const f of pack.files) {
    const group = f.path.startsWith('dist/schemas/') ? 'dist/schemas' : f.path.endsWith('.map') ? 'source maps' : f.path.startsWith('dist/') ? 'dist (js, types)' : f.path.split('/')[0]!;
    groups.set(group, (groups.get(group) ?? 0) + 1);
  }
  summary.push(
    `  npm pack: ${pack.entryCount} files, ${kb(pack.size)} packed (budget ${kb(SIZE_BUDGET.packedBytes)}), ${kb(pack.unpackedSize)} unpacked (budget ${kb(SIZE_BUDGET.unpackedBytes)}): ` +
      [...groups].map(([g, n]) => `${g} ${n}`).join(', '),
  );
}

/** The version in package.json, which `phm-kit --version` must print. */
const packageJson = () => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin?: Record<string, string> };

/** Library modules in dist (every .js and .cjs but the command line's): none may import it or csv-parse. */
function checkLibraryImports(): void {
  const files = (readdirSync(join(root, 'dist'), { recursive: true }) as string[]).filter((f) => /\.c?js$/.test(f) && f !== 'cli.js');
  const found = files.flatMap((f) => libraryImportProblems(`dist/${f}`, readFileSync(join(root, 'dist', f), 'utf8')));
  problems.push(...found);
  summary.push(`  imports ${files.length} library modules in dist: ${found.length === 0 ? 'none imports the command line or csv-parse' : `${found.length} problems`}`);
}

/** The command line as npm installs it: a bin link to dist/cli.js, run through its `#!` line. */
function checkCli(dir: string): void {
  const { bin, version } = packageJson();
  const target = bin?.['phm-kit'];
  if (target !== './dist/cli.js') {
    problems.push(`package.json bin: expected { "phm-kit": "./dist/cli.js" }, found ${JSON.stringify(bin)}`);
    return;
  }
  const file = join(root, target);
  if (!existsSync(file)) {
    problems.push(`${target} is missing: run npm run build first`);
    return;
  }
  if (!readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')) problems.push(`${target} does not start with #!/usr/bin/env node`);
  if ((statSync(file).mode & 0o111) === 0) problems.push(`${target} is not executable`);
  const link = join(dir, 'node_modules', '.bin', 'phm-kit');
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(join('..', 'phm-kit', 'dist', 'cli.js'), link);
  writeFileSync(join(dir, 'people.csv'), 'person_id,birth_date,markers\na,1938-05-04,frailty-severe\nb,2010-01-01,\nc,1990-02-30,\n');
  writeFileSync(join(dir, 'mapping.json'), '{ "markerList": { "column": "markers" } }\n');
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  const phmKit = (...args: string[]) => spawnSync(link, args, { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
  const expect = (what: string, ok: boolean, r: ReturnType<typeof phmKit>) => {
    if (!ok) problems.push(`phm-kit ${what}: exit ${r.status}, stdout ${JSON.stringify(r.stdout.slice(0, 200))}, stderr ${JSON.stringify(r.stderr.slice(0, 300))}`);
  };
  const v = phmKit('--version');
  expect('--version', v.status === 0 && v.stdout === `${version}\n`, v);
  const models = phmKit('models', '--json');
  expect('models --json', models.status === 0 && models.stdout.includes('"name": "bridgesToHealth"'), models);
  const sql = phmKit('sql', '--model', 'leeds2024', '--dialect', 'postgresql', '--as-of', '2024-04-01');
  expect('sql', sql.status === 0 && sql.stdout.startsWith('-- phm-kit toSql: model leeds-2024, as of 2024-04-01, postgresql\n'), sql);
  const segment = phmKit('segment', 'people.csv', '--model', 'leeds2024', '--as-of', '2024-04-01', '--mapping', 'mapping.json', '--out', 'out.csv', '--strict');
  const out = existsSync(join(dir, 'out.csv')) ? readFileSync(join(dir, 'out.csv'), 'utf8').split('\n') : [];
  expect('segment --strict', segment.status === 1 && out[1]?.startsWith('0,a,assigned,,frailty,') === true && out[3]?.startsWith('2,c,rejected,invalid-record,') === true, segment);
  const usage = phmKit('segment', '--no-such-flag');
  expect('segment --no-such-flag', usage.status === 2 && /^phm-kit segment: unknown flag --no-such-flag;.*\n$/.test(usage.stderr), usage);
  summary.push(`  bin     phm-kit -> ${target}: #! line, executable; --version, models, sql, segment (exit 1 with --strict) and a usage error (exit 2) run from an install`);
}

async function main(): Promise<void> {
  for (const required of ['dist/segmentation/index.js', 'dist/segmentation/index.cjs', 'dist/schemas/index.json']) {
    if (!existsSync(join(root, required))) {
      console.error(`check:package: ${required} is missing: run npm run build first`);
      process.exit(1);
    }
  }
  const dir = userProject();
  try {
    await checkBundles(dir);
    checkRuntime(dir);
    checkSchemas(dir);
    checkCli(dir);
    checkLibraryImports();
    checkPack();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(['check:package', ...summary].join('\n'));
  if (problems.length > 0) {
    console.error(`\ncheck:package FAILED (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('check:package: all good');
}

await main();
