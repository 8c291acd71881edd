import { PhmValidationError } from 'phm-kit';
import { expect } from 'vitest';

/** The issues (path and message) of the PhmValidationError that `run` throws. */
export function issuesOf(run: () => unknown): { path: readonly (string | number)[]; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PhmValidationError);
    return (error as PhmValidationError).issues.map((i) => ({ path: i.path, message: i.message }));
  }
  return expect.unreachable('expected a PhmValidationError');
}
