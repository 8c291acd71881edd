/**
 * Runs the hostile cases of some targets, in a worker thread of its own (see worker.mjs), and
 * reports to the test that started it: a `start` message before each call, so that a call that
 * never returns can be named, then one `done` message with every failure and the slowest calls.
 *
 * Each case is checked three ways: the call returns, or throws a PhmError (never another
 * error); the arguments are unchanged afterwards (their plain parts, property by property);
 * and it finishes within the per-call budget.
 */
import fc from 'fast-check';
import { parentPort, workerData } from 'node:worker_threads';
import { PhmError } from '../../../src/core/index.js';
import { describePlan, fingerprint, planArb, spoil, type Made, type Plan } from './hostile-values.js';
import { TARGETS, type Target } from './targets.js';

/** What the test asks of the worker. */
export interface CaseRequest {
  readonly module: Target['module'];
  readonly seed: number;
  readonly runs: number;
  readonly budgetMs: number;
}

/** A timed call, for the slowest-calls table. */
export interface Timing {
  readonly target: string;
  readonly plan: string;
  readonly ms: number;
  readonly outcome: string;
}

/** What the worker reports at the end. */
export interface CaseReport {
  readonly type: 'done';
  readonly cases: number;
  readonly failures: readonly { readonly target: string; readonly message: string }[];
  readonly slowest: readonly Timing[];
  readonly outcomes: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

const request = workerData as CaseRequest;

/** One case: spoil a fresh base, call, and check the three promises. */
async function runCase(target: Target, plan: Plan, timings: Timing[], outcomes: Record<string, number>): Promise<void> {
  const made: Made = { proxies: new WeakSet() };
  const args = target.args();
  const where = spoil(args, plan, made);
  const description = describePlan(plan, where);
  const before = fingerprint(args, made);
  parentPort?.postMessage({ type: 'start', target: target.name, plan: description });
  const started = performance.now();
  let outcome: string;
  let failure: string | undefined;
  try {
    await target.call(args);
    outcome = 'returned';
  } catch (error) {
    if (error instanceof PhmError) outcome = `PhmError ${error.code}`;
    else {
      outcome = 'other error';
      failure = `threw ${describeError(error)} (not a PhmError)`;
    }
  }
  const ms = performance.now() - started;
  timings.push({ target: target.name, plan: description, ms, outcome });
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  if (failure === undefined && fingerprint(args, made) !== before) failure = 'changed its arguments';
  if (failure === undefined && ms > request.budgetMs) failure = `took ${Math.round(ms)} ms, over the budget of ${request.budgetMs} ms`;
  if (failure !== undefined) throw new Error(`${target.name}, ${description}: ${failure}`);
}

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : `a thrown ${typeof error}`;
  } catch {
    return 'an error that cannot be shown';
  }
}

async function main(): Promise<void> {
  const timings: Timing[] = [];
  const failures: { target: string; message: string }[] = [];
  const outcomes: Record<string, Record<string, number>> = {};
  let cases = 0;
  for (const target of TARGETS.filter((t) => t.module === request.module)) {
    const tally: Record<string, number> = {};
    outcomes[target.name] = tally;
    const numRuns = Math.max(5, Math.round(((target.runs ?? request.runs) * request.runs) / 100));
    const details = await fc.check(
      fc.asyncProperty(planArb, async (plan) => {
        cases++;
        await runCase(target, plan, timings, tally);
      }),
      { seed: request.seed, numRuns, endOnFailure: true },
    );
    if (details.failed) {
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : `the harness threw ${typeof details.errorInstance}`;
      failures.push({ target: target.name, message: `${error} [seed ${request.seed}, path ${details.counterexamplePath ?? ''}]` });
    }
  }
  timings.sort((a, b) => b.ms - a.ms);
  const report: CaseReport = { type: 'done', cases, failures, slowest: timings.slice(0, 12), outcomes };
  parentPort?.postMessage(report);
}

await main();
