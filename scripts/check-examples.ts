/**
 * `npm run check:examples`: every example runs, unchanged, three ways, and prints exactly its
 * golden output (examples/expected/<name>.txt).
 *
 *   1. tsx, in this repository (`phm-kit` resolves to src/ through tsconfig's paths);
 *   2. ts-node in an ESM project ("type": "module", module NodeNext), as
 *      `node --loader ts-node/esm examples/<name>.ts`;
 *   3. ts-node in a CommonJS project (no "type", module Node16), as `ts-node examples/<name>.ts`.
 *
 * The two projects are made under the OS temp directory with phm-kit installed from the
 * package `npm pack` makes of the built dist/ (so run `npm run build` first: npm test does),
 * and typescript, ts-node, @types/node, @duckdb/node-api and phm-kit's dependencies linked from
 * this repository's node_modules. ts-node runs with --transpile-only; instead, `tsc --noEmit`
 * type-checks the examples once in each project, against the published .d.ts and .d.cts.
 *
 * Any crash, type error or difference from a golden file fails the check, with a diff.
 * `UPDATE_EXAMPLES=1 npm run check:examples` rewrites the golden files from the tsx runs (the
 * ts-node runs must still match them). `KEEP_EXAMPLES_TMP=1` keeps the temp projects.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { childEnv, EXAMPLES, NOT_EXAMPLES, repoRoot, run, type Run } from './example-runner.js';

const update = process.env['UPDATE_EXAMPLES'] === '1';
const keep = process.env['KEEP_EXAMPLES_TMP'] === '1';
const expectedDir = join(repoRoot, 'examples', 'expected');
const started = performance.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** A unified diff of two texts, line by line, with three lines of context. */
function unifiedDiff(expected: string, actual: string, labels: [string, string]): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // Longest common subsequence, table from the end: lcs[i][j] for a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: { kind: ' ' | '-' | '+'; line: string; ai: number; bi: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: ' ', line: a[i]!, ai: i++, bi: j++ });
    else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: '-', line: a[i]!, ai: i++, bi: j });
    else ops.push({ kind: '+', line: b[j]!, ai: i, bi: j++ });
  }
  const out = [`--- ${labels[0]}`, `+++ ${labels[1]}`];
  const context = 3;
  for (let k = 0; k < ops.length; ) {
    if (ops[k]!.kind === ' ') {
      k++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is within 2 * context lines of the one before it.
    const start = Math.max(0, k - context);
    let end = k;
    for (let m = k; m < ops.length && m <= end + 2 * context; m++) if (ops[m]!.kind !== ' ') end = m;
    const stop = Math.min(ops.length, end + context + 1);
    const hunk = ops.slice(start, stop);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${hunk[0]!.ai + 1},${aCount} +${hunk[0]!.bi + 1},${bCount} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
    k = stop;
  }
  return out.join('\n');
}

/** Runs tasks at most `limit` at a time (the check shares two cores with everything else). */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** A temp project with phm-kit unpacked from `tarball` and the tools linked from the repository. */
function makeProject(root: string, kind: 'esm' | 'cjs', tarball: string): string {
  const dir = join(root, kind);
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, 'phm-kit'), { recursive: true });
  // `npm install phm-kit-x.y.z.tgz`, without the network: unpack the package as npm would.
  execFileSync('tar', ['-xzf', tarball, '-C', join(modules, 'phm-kit'), '--strip-components=1']);
  const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const linked = ['typescript', 'ts-node', '@types/node', '@duckdb/node-api', ...Object.keys(packageJson.dependencies ?? {})];
  for (const name of linked) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', name), join(modules, name), 'dir');
  }
  mkdirSync(join(modules, '.bin'));
  symlinkSync('../ts-node/dist/bin.js', join(modules, '.bin', 'ts-node'));
  symlinkSync('../typescript/bin/tsc', join(modules, '.bin', 'tsc'));

  const common = { target: 'ES2022', strict: true, skipLibCheck: true, types: ['node'] };
  const project =
    kind === 'esm'
      ? {
          packageJson: { name: 'phm-kit-examples-esm', private: true, type: 'module' },
          tsconfig: { compilerOptions: { ...common, module: 'NodeNext', moduleResolution: 'NodeNext' } },
        }
      : {
          packageJson: { name: 'phm-kit-examples-cjs', private: true },
          // ts-node's experimentalResolver maps `./duckdb-tables.js` to the .ts file in CommonJS,
          // as TypeScript and ts-node's ESM loader already do.
          tsconfig: { compilerOptions: { ...common, module: 'Node16', moduleResolution: 'Node16' }, 'ts-node': { experimentalResolver: true } },
        };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(project.packageJson, null, 2)}\n`);
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ ...project.tsconfig, files: EXAMPLES.map((e) => `examples/${e.name}.ts`) }, null, 2)}\n`);

  // The examples, unchanged (all but charts.ts, which has its own dependencies and checks).
  mkdirSync(join(dir, 'examples'));
  for (const file of readdirSync(join(repoRoot, 'examples'))) if (file.endsWith('.ts') && file !== 'charts.ts') cpSync(join(repoRoot, 'examples', file), join(dir, 'examples', file));
  return dir;
}

interface Outcome {
  readonly label: string;
  readonly run: Run;
  /** The example's name when the run is compared with a golden file; undefined for a type check. */
  readonly example?: string;
}

async function main(): Promise<void> {
  if (!existsSync(join(repoRoot, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const unlisted = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.ts') && !(NOT_EXAMPLES as readonly string[]).includes(f) && !EXAMPLES.some((e) => `${e.name}.ts` === f));
  if (unlisted.length > 0) throw new Error(`examples/ has files the check does not know: ${unlisted.join(', ')}; add them to EXAMPLES (with a golden file) or NOT_EXAMPLES in scripts/example-runner.ts`);

  const root = mkdtempSync(join(tmpdir(), 'phm-kit-examples-'));
  const failures: string[] = [];
  try {
    // The package as it would be published.
    const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', root], { cwd: repoRoot, encoding: 'utf8', env: childEnv() }).trim().split('\n').pop()!;
    const esm = makeProject(root, 'esm', join(root, packed));
    const cjs = makeProject(root, 'cjs', join(root, packed));
    const transpileOnly = childEnv({ TS_NODE_TRANSPILE_ONLY: 'true' });

    // tsx first: in update mode its output becomes the golden file the others are compared with.
    const tsxRuns = await pool(
      EXAMPLES.map(({ name }) => async () => ({ label: `tsx examples/${name}.ts`, example: name, run: await run(process.execPath, ['--import', 'tsx', `examples/${name}.ts`], { cwd: repoRoot }) })),
      2,
    );
    if (update) {
      mkdirSync(expectedDir, { recursive: true });
      for (const o of tsxRuns) if (o.run.code === 0) writeFileSync(join(expectedDir, `${o.example}.txt`), o.run.stdout);
    }
    // The type checks first: they take longest.
    const others: (() => Promise<Outcome>)[] = [];
    for (const [kind, dir] of [['ESM', esm], ['CommonJS', cjs]] as const) {
      others.push(async () => ({ label: `tsc --noEmit (${kind} project)`, run: await run(process.execPath, [join(dir, 'node_modules', '.bin', 'tsc'), '--noEmit', '-p', '.'], { cwd: dir }) }));
    }
    for (const { name } of EXAMPLES) {
      const file = `examples/${name}.ts`;
      others.push(async () => ({ label: `ts-node ESM ${file}`, example: name, run: await run(process.execPath, ['--loader', 'ts-node/esm', file], { cwd: esm, env: transpileOnly }) }));
      others.push(async () => ({ label: `ts-node CommonJS ${file}`, example: name, run: await run(process.execPath, [join(cjs, 'node_modules', '.bin', 'ts-node'), file], { cwd: cjs, env: transpileOnly }) }));
    }
    const otherRuns = await pool(others, 2);

    for (const o of [...tsxRuns, ...otherRuns]) {
      const { code, signal, stdout, stderr, ms } = o.run;
      if (code !== 0) {
        failures.push(o.label);
        console.log(`FAIL ${o.label}: exited with ${code ?? signal} (${seconds(ms)})\n${stdout}${stderr}`);
        continue;
      }
      if (o.example === undefined) {
        console.log(`ok   ${o.label} (${seconds(ms)})`);
        continue;
      }
      const goldenFile = join(expectedDir, `${o.example}.txt`);
      const golden = existsSync(goldenFile) ? readFileSync(goldenFile, 'utf8') : undefined;
      if (golden === undefined) {
        failures.push(o.label);
        console.log(`FAIL ${o.label}: no golden file examples/expected/${o.example}.txt (UPDATE_EXAMPLES=1 npm run check:examples writes it)`);
      } else if (stdout !== golden) {
        failures.push(o.label);
        const tsx = tsxRuns.find((t) => t.example === o.example);
        const diff = o !== tsx && tsx?.run.stdout === stdout ? '(the same difference as with tsx)' : unifiedDiff(golden, stdout, [`examples/expected/${o.example}.txt`, o.label]);
        console.log(`FAIL ${o.label}: printed something else than examples/expected/${o.example}.txt\n${diff}`);
      } else console.log(`ok   ${o.label} (${seconds(ms)})`);
    }
  } finally {
    if (keep) console.log(`temp projects kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }

  const total = seconds(performance.now() - started);
  if (failures.length > 0) {
    console.log(`\ncheck:examples: ${failures.length} failed (${total}): ${failures.join('; ')}`);
    console.log('If a change of output is intended, UPDATE_EXAMPLES=1 npm run check:examples rewrites the golden files; review the diff.');
    process.exitCode = 1;
  } else console.log(`\ncheck:examples: ${EXAMPLES.length} examples x 3 runners match examples/expected/${update ? ' (golden files rewritten from the tsx runs)' : ''}, and type-check in both projects (${total})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
