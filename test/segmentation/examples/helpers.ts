import type { StreamBatch } from 'phm-kit/segmentation';
import { expect } from 'vitest';

/** The evaluation date most examples use. */
export const AS_OF = '2024-04-01';

/** Runs `fn`, expects it to throw an instance of `type`, and returns the error for more checks. */
export function caught<E extends Error>(fn: () => unknown, type: abstract new (...args: never[]) => E): E {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected the call to throw').toBeInstanceOf(type);
  return thrown as E;
}

/** A valid person record born 1990-01-01 with no markers, plus any fields in `extra`. */
export const person = (id: string, extra: Record<string, unknown> = {}) => ({ id, birthDate: '1990-01-01', markers: [], ...extra });

/** Drains a stream that must fail, and returns the batches it yielded first and the error. */
export async function drainUntilError(stream: AsyncIterable<StreamBatch>): Promise<{ batches: StreamBatch[]; error: unknown }> {
  const batches: StreamBatch[] = [];
  try {
    for await (const batch of stream) batches.push(batch);
  } catch (error) {
    return { batches, error };
  }
  throw new Error('expected the stream to throw');
}
