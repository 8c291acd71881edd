/**
 * Runs a prioritisation call in a worker thread and stops it if it has not ended within a
 * limit. A call that loops forever is synchronous: in the test's own thread it would hang the
 * run (vitest's timeout never fires), in a worker it is stopped and the test fails naming it.
 */
import { Worker } from 'node:worker_threads';

/** The calls a test can make in a worker: the public entry points, and the ranking loop that used to spin. */
export type CallName = 'selectAccelerator' | 'sensitivity' | 'rankScores';

/** What the worker is asked to do. */
export interface CallRequest {
  readonly call: CallName;
  readonly args: readonly unknown[];
}

/** How a call ended: its value (structured-cloned, so NaN, Infinity and -0 survive), or the error it threw. */
export type Outcome =
  | { readonly ended: 'returned'; readonly value: unknown }
  | { readonly ended: 'threw'; readonly error: { readonly name: string; readonly code: string | undefined; readonly message: string; readonly issues: readonly unknown[] } };

/** Generous: a call that used to loop forever fails at this limit, a slow but finite one does not. */
export const CALL_LIMIT_MS = 30_000;

export function callInWorker(call: CallName, args: readonly unknown[], limitMs = CALL_LIMIT_MS): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { call, args } satisfies CallRequest });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${call} did not end within ${limitMs / 1000} s`));
    }, limitMs);
    worker.once('message', (outcome: Outcome) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The value of a call that returned; fails the test, showing the error, if it threw. */
export function returned(outcome: Outcome): unknown {
  if (outcome.ended === 'threw') throw new Error(`Expected the call to return; it threw ${outcome.error.name}: ${outcome.error.message}`);
  return outcome.value;
}
