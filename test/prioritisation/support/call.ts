/** The worker's side of {@link callInWorker}: makes the one call asked for and posts back how it ended. */
import { parentPort, workerData } from 'node:worker_threads';
import { PhmError } from '../../../src/core/index.js';
import * as prioritisation from '../../../src/prioritisation/index.js';
import { rankScores } from '../../../src/prioritisation/ranking.js';
import type { CallRequest, Outcome } from './in-worker.js';

const { call, args } = workerData as CallRequest;
const calls = { selectAccelerator: prioritisation.selectAccelerator, sensitivity: prioritisation.sensitivity, rankScores };

function outcomeOf(): Outcome {
  try {
    return { ended: 'returned', value: (calls[call] as (...a: unknown[]) => unknown)(...args) };
  } catch (error) {
    if (error instanceof PhmError) return { ended: 'threw', error: { name: error.name, code: error.code, message: error.message, issues: error.issues } };
    return { ended: 'threw', error: { name: error instanceof Error ? error.name : typeof error, code: undefined, message: String(error), issues: [] } };
  }
}

parentPort?.postMessage(outcomeOf());
