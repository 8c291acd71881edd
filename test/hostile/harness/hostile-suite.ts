/**
 * The standing adversarial suite's test side: one vitest test per module that runs that
 * module's hostile cases in a worker thread, stops the worker if a call never returns (naming
 * the call), fails on every broken promise the worker reports, and prints the slowest calls.
 */
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import type { CaseReport, CaseRequest, Timing } from './run-cases.js';
import type { Target } from './targets.js';

/** The per-call budget: hundreds of times a normal call, so that only a blow-up fails it. */
export const CALL_BUDGET_MS = 5_000;
/** How long one module's cases may take in all before the worker is stopped. */
const MODULE_LIMIT_MS = 240_000;
/** A call that has not returned after this long is taken to never return. */
const HANG_MS = 60_000;

interface Started {
  readonly type: 'start';
  readonly target: string;
  readonly plan: string;
}

function runWorker(request: CaseRequest): Promise<CaseReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: request, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    let last: Started | undefined;
    let lastAt = Date.now();
    const stop = (why: string) => {
      clearInterval(watch);
      void worker.terminate();
      reject(new Error(why));
    };
    const watch = setInterval(() => {
      if (Date.now() - lastAt > HANG_MS) stop(`A call did not return within ${HANG_MS / 1000} s: ${last === undefined ? '(before the first case)' : `${last.target}, ${last.plan}`}`);
    }, 1_000);
    const overall = setTimeout(() => stop(`The ${request.module} cases took over ${MODULE_LIMIT_MS / 1000} s in all (last call started: ${last?.target}, ${last?.plan})`), MODULE_LIMIT_MS);
    worker.on('message', (message: Started | CaseReport) => {
      if (message.type === 'start') {
        last = message;
        lastAt = Date.now();
        return;
      }
      clearInterval(watch);
      clearTimeout(overall);
      void worker.terminate();
      resolve(message);
    });
    worker.on('error', (error) => stop(`The worker failed${last === undefined ? '' : ` during ${last.target}, ${last.plan}`}: ${error.message}`));
    worker.on('exit', (code) => {
      if (code !== 0) stop(`The worker exited with code ${code}${last === undefined ? '' : ` during ${last.target}, ${last.plan}`}`);
    });
  });
}

function table(rows: readonly Timing[]): string {
  return rows.map((t) => `${t.ms.toFixed(0).padStart(7)} ms  ${t.target}: ${t.plan} -> ${t.outcome}`).join('\n');
}

/** Registers the hostile test of one module: every case returns or throws a PhmError, leaves its arguments alone and stays within budget. */
export function hostileSuite(module: Target['module'], seed: number, runs = 150): void {
  it(`every public ${module} function, on hostile input, returns or throws a PhmError, leaves its input unchanged and finishes within ${CALL_BUDGET_MS / 1000} s [seed ${seed}, ${runs} cases a function]`, async () => {
    const report = await runWorker({ module, seed, runs, budgetMs: CALL_BUDGET_MS });
    console.log(`hostile ${module}: ${report.cases} cases; slowest calls:\n${table(report.slowest)}`);
    expect(report.cases).toBeGreaterThan(0);
    expect(report.failures.map((f) => f.message)).toEqual([]);
  }, MODULE_LIMIT_MS + 30_000);
}
