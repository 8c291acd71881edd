/**
 * The browser check (`npm run check:browser`, part of `check:package`, after the build): the
 * README's segmentation quick start, bundled for the browser from dist through the package's
 * `exports` as a user's bundler would make it (esbuild, platform browser, minified, every
 * dependency included), must
 *
 * 1. weigh at most BROWSER_BUDGET_BYTES (55 KB) minified and gzipped; and
 * 2. run in a bare JavaScript realm (node:vm, with nothing but the language's own globals and a
 *    `console`): no Node API, no `process`, no `Buffer`, and print what it prints under Node.
 *
 * The bundle targets ES2022, the language level the README states for browsers.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * The budget for the quick start's bundle, minified and gzipped: 55 KB. It was 50 KB until
 * December 2026 (issue 17), when every result gained its condition flags and overlays and the
 * segmentation subpath the national model, condition scores and series over time: the subpath
 * ships as one chunk, so a bundle of the quick start carries their schemas too (52.9 KB then).
 */
export const BROWSER_BUDGET_BYTES = 55 * 1024;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The README's first TypeScript block: the segmentation quick start. */
function quickStart(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined || !block.includes("from 'phm-kit/segmentation'")) throw new Error("README.md's first ts block is not the segmentation quick start");
  return block;
}

async function bundle(dir: string, format: 'esm' | 'iife'): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [join(dir, 'quick-start.ts')],
    absWorkingDir: dir,
    bundle: true,
    platform: 'browser',
    format,
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return (result.outputFiles[0] as { contents: Uint8Array }).contents;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'phm-kit-browser-'));
  const problems: string[] = [];
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'phm-kit'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
    writeFileSync(join(dir, 'quick-start.ts'), quickStart());

    const esm = await bundle(dir, 'esm');
    const gzipped = gzipSync(esm).length;
    if (gzipped > BROWSER_BUDGET_BYTES) problems.push(`the quick start's browser bundle is ${(gzipped / 1024).toFixed(1)} KB min+gzip, over the ${BROWSER_BUDGET_BYTES / 1024} KB budget`);

    // Run it where only the language is: what it prints must be what Node prints.
    const printed: string[] = [];
    const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
    const code = new TextDecoder().decode(await bundle(dir, 'iife'));
    runInNewContext(code, { console: { log: (...values: unknown[]) => printed.push(values.map(show).join(' ')) } }, { timeout: 60_000 });
    const script = `const lines = []; const show = ${show.toString()}; console.log = (...v) => lines.push(v.map(show).join(' '));\n${readFileSync(join(dir, 'quick-start.ts'), 'utf8')}\nprocess.stdout.write(JSON.stringify(lines));`;
    writeFileSync(join(dir, 'node-run.ts'), script);
    const underNode = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'node-run.ts')], { cwd: root, encoding: 'utf8' })) as string[];
    if (printed.length === 0) problems.push('the browser bundle printed nothing');
    if (JSON.stringify(printed) !== JSON.stringify(underNode)) problems.push(`the browser bundle printed ${JSON.stringify(printed)}, Node ${JSON.stringify(underNode)}`);

    console.log(`check:browser\n  quick start bundle (browser, ES2022, minified): ${(esm.length / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BROWSER_BUDGET_BYTES / 1024} KB)\n  ran in a bare realm (node:vm, no Node APIs): ${printed.length} lines, the same as under Node`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error(`check:browser failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
