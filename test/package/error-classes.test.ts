import { describe, expect, it } from 'vitest';
import * as root from 'phm-kit';
import * as segmentation from 'phm-kit/segmentation';
import * as prioritisation from 'phm-kit/prioritisation';
import * as finance from 'phm-kit/finance';
import * as bcf from 'phm-kit/bcf';

const CLASSES = ['PhmError', 'PhmValidationError', 'PhmModelError', 'PhmExcludedError', 'PhmInfeasibleError'] as const;

describe('error classes from every subpath', () => {
  for (const [name, module] of Object.entries({ segmentation, prioritisation, finance, bcf })) {
    it(`phm-kit/${name} exports the same error classes as the root`, () => {
      for (const cls of CLASSES) expect((module as Record<string, unknown>)[cls], `${name}.${cls}`).toBe(root[cls]);
    });
  }

  it('what a subpath throws is an instance of the class it exports', () => {
    let caught: unknown;
    try {
      segmentation.segmentPopulation([], segmentation.leeds2024, { asOf: 'soon' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(segmentation.PhmValidationError);
  });
});
