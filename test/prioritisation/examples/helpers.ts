/** Shared builders for the prioritisation example tests. */
import { expect } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import type { AcceleratorInput, AcceleratorSelection, CriterionId, StepScore } from 'phm-kit/prioritisation';

export type Evidence = Partial<Record<CriterionId, number | null>>;

/** Evidence giving every step 1 criterion score `s1` and every step 2 criterion `s2` (1-5 scale). */
export function flat(s1: number, s2: number): Evidence {
  return { healthOutcomes: s1, costToSystem: s1, qualityGap: s1, strategicAlignment: s2, scaleOfAmbition: s2, longTermImpact: s2 };
}

/** Score s on the default 1-5 scale as 0-100. */
export const on100 = (s: number) => (100 * (s - 1)) / 4;

export function stepScoreOf(result: AcceleratorSelection, step: 1 | 2, id: string): StepScore {
  const s = result.steps[step === 1 ? 'step1' : 'step2'].scores.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no step ${step} score for ${id}`);
  return s;
}

export function contributionOf(result: AcceleratorSelection, step: 1 | 2, id: string, criterion: CriterionId) {
  const c = stepScoreOf(result, step, id).contributions.find((x) => x.criterion === criterion);
  if (c === undefined) throw new Error(`no contribution ${criterion} for ${id}`);
  return c;
}

export function finalOf(result: AcceleratorSelection, id: string) {
  const f = result.steps.step3.scores.find((x) => x.id === id);
  if (f === undefined) throw new Error(`no step 3 score for ${id}`);
  return f;
}

/** Runs `fn`, expecting a PhmValidationError with an issue at exactly `path`; returns the error. */
export function expectIssueAt(fn: () => unknown, path: readonly (string | number)[]): PhmValidationError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(PhmValidationError);
  const error = caught as PhmValidationError;
  expect(error.issues.map((i) => i.path)).toContainEqual(path);
  for (const issue of error.issues) expect(issue.message.length).toBeGreaterThan(0);
  return error;
}

export type { AcceleratorInput };
