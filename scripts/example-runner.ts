/**
 * The examples and how to run one: shared by scripts/check-examples.ts (the golden-output check)
 * and by the tests that run an example and read what it prints.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every example, in the order docs/examples.md lists them. Each is a script in examples/ whose
 * stdout, run with no arguments, is kept in examples/expected/<name>.txt.
 */
export const EXAMPLES = [
  { name: 'demo', task: 'Segment a population' },
  { name: 'accelerator-2017', task: 'Pick an accelerator segment' },
  { name: 'envelopes', task: 'Allocate budget envelopes' },
  { name: 'bcf-2014', task: 'Size a Better Care Fund contingency and check the plan' },
  { name: 'warehouse', task: 'Segment in a warehouse (SQL in DuckDB, columns, a stream)' },
  { name: 'registers', task: 'From coded events to registers and segments (TypeScript and DuckDB)' },
] as const;

export type ExampleName = (typeof EXAMPLES)[number]['name'];

/**
 * Files in examples/ that are not examples checked here: helpers the examples import, and
 * examples/charts.ts, which writes SVG files and is checked by its own tests.
 */
export const NOT_EXAMPLES = ['accelerator-2017-input.ts', 'leeds-segments-input.ts', 'duckdb-tables.ts', 'duckdb-events.ts', 'charts.ts'] as const;

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * The environment for a child: this one without variables that would change how Node or
 * ts-node run it (a loader in NODE_OPTIONS, TS_NODE_* settings), plus `extra`.
 */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (key !== 'NODE_OPTIONS' && !key.startsWith('TS_NODE_')) env[key] = value;
  return { ...env, ...extra };
}

/** Runs a command to completion, collecting stdout and stderr; never rejects on a non-zero exit. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), ms: performance.now() - started });
    });
  });
}

/**
 * Runs examples/<name>.ts in this repository with tsx (as `npx tsx examples/<name>.ts` does,
 * without npx), `phm-kit` resolving to the source through tsconfig's paths.
 */
export function runExample(name: string, args: readonly string[] = []): Promise<Run> {
  return run(process.execPath, ['--import', 'tsx', `examples/${name}.ts`, ...args], { cwd: repoRoot });
}

/** Runs an example with tsx and returns its stdout, or throws with its stderr if it fails. */
export async function exampleOutput(name: string, args: readonly string[] = []): Promise<string> {
  const result = await runExample(name, args);
  if (result.code !== 0) throw new Error(`examples/${name}.ts ${args.join(' ')} exited with ${result.code ?? result.signal}:\n${result.stderr}`);
  return result.stdout;
}
