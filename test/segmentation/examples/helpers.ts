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
