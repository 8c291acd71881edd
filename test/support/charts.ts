/**
 * Shared by the chart tests: a spec must compile with vega-lite without a single warning and
 * render to SVG with vega; a bad input must throw a PhmValidationError.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { PhmValidationError, type VegaLiteSpec } from 'phm-kit';
import { expect } from 'vitest';

/** Compiles (failing on any vega-lite warning) and renders a spec to SVG text. */
export async function render(spec: VegaLiteSpec): Promise<string> {
  const warnings: string[] = [];
  const logger = { level: () => logger, info: () => logger, debug: () => logger, warn: (...m: unknown[]) => (warnings.push(m.join(' ')), logger), error: (...m: unknown[]) => (warnings.push(m.join(' ')), logger) };
  const compiled = compile(spec as unknown as TopLevelSpec, { logger: logger as never });
  expect(warnings).toEqual([]);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** The PhmValidationError that `fn` throws. */
export function validationError(fn: () => unknown): PhmValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PhmValidationError);
    return error as PhmValidationError;
  }
  throw new Error('expected a PhmValidationError');
}
