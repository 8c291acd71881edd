import { PhmError, PhmValidationError } from 'phm-kit';
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

/**
 * The class name, message and issues of the PhmError (validation or infeasibility) that `run`
 * throws; `expected` narrows the class it must be (PhmValidationError, say).
 */
export function refusalOf(run: () => unknown, expected: abstract new (...args: never[]) => PhmError = PhmError): { kind: string; message: string; issues: { path: readonly (string | number)[]; message: string }[] } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(expected);
    const { issues = [] } = error as { issues?: readonly { path: readonly (string | number)[]; message: string }[] };
    return { kind: (error as Error).constructor.name, message: (error as Error).message, issues: issues.map((i) => ({ path: i.path, message: i.message })) };
  }
  return expect.unreachable('expected a PhmError');
}
