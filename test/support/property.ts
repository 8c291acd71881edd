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

/**
 * The share of each property's cases to run, from `PHM_PROPERTY_RUNS_SCALE` (default 1: all).
 * Mutation testing (stryker.config.mjs) sets 0.1, because every surviving mutant reruns every
 * property that reaches it. The cases run are a prefix of the full run's (same seed, and
 * fast-check's bias depends only on the run's index), so a mutant killed at the scale is killed
 * by `npm test` too: a score measured at the scale is a lower bound.
 */
const SCALE = runsScale(process.env['PHM_PROPERTY_RUNS_SCALE']);

function runsScale(setting: string | undefined): number {
  const scale = Number(setting ?? '1');
  if (!(scale > 0 && scale <= 1)) throw new Error(`PHM_PROPERTY_RUNS_SCALE must be a number in (0, 1], not '${setting}'`);
  return scale;
}

/** `numRuns` at the configured scale; never below 10 cases (or `numRuns`, if fewer). */
export function scaledRuns(numRuns: number): number {
  return Math.max(Math.min(numRuns, 10), Math.ceil(numRuns * SCALE));
}

export function property<T>(name: string, seed: number, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, fullRuns: number = RUNS): void {
  const numRuns = scaledRuns(fullRuns);
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
export function asyncProperty<T>(name: string, seed: number, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, fullRuns: number = RUNS, timeout = 60_000): void {
  const numRuns = scaledRuns(fullRuns);
  it(`${name} [seed ${seed}, ${numRuns} runs]`, async () => {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        await predicate(value);
      }),
      { seed, numRuns },
    );
  }, timeout);
}
