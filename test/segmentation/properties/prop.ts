/**
 * Runs a fast-check property as a vitest test with a fixed seed and run count, so that every
 * run is reproducible: a failure prints the seed, the counterexample and the shrink path.
 * (fast-check is used directly rather than through @fast-check/vitest, whose import of vitest
 * from outside the test graph costs over a second per file.)
 */
import fc from 'fast-check';
import { it } from 'vitest';

/** At least 1,000 generated cases per property, as the test plan requires. */
export const RUNS = 1000;

export function property<T>(name: string, seed: number, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns: number = RUNS): void {
  it(`${name} [seed ${seed}, ${numRuns} runs]`, () => {
    fc.assert(
      fc.property(arbitrary, (value) => {
        predicate(value);
      }),
      { seed, numRuns },
    );
  });
}

/** {@link property} for an async predicate (a database round trip, a stream). */
export function asyncProperty<T>(name: string, seed: number, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, numRuns: number = RUNS, timeout = 60_000): void {
  it(`${name} [seed ${seed}, ${numRuns} runs]`, async () => {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        await predicate(value);
      }),
      { seed, numRuns },
    );
  }, timeout);
}
