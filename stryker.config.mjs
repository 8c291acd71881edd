// Mutation testing with Stryker and its vitest runner (Stryker 9.6: Stryker 10 needs Node 22).
// Not part of `npm test` (it takes hours on two cores): run it with
//   npm run mutation                 all four modules and the core
//   npm run mutation:<module>        one of core, segmentation, prioritisation, finance, bcf
// The module is taken from the npm script's name (npm sets npm_lifecycle_event), or from
// PHM_MUTATE_MODULE when stryker is run directly: `PHM_MUTATE_MODULE=bcf npx stryker run`.
// Each selection keeps its own incremental file (reports/stryker-incremental*.json, kept in git so
// the next run only re-tests mutants whose code or tests changed) and its own json/html reports
// under reports/mutation/ (git-ignored). Scores are recorded in docs/quality.md.

const MODULES = ['core', 'segmentation', 'prioritisation', 'finance', 'bcf'];

const requested = process.env.PHM_MUTATE_MODULE ?? /^mutation:(.+)$/.exec(process.env.npm_lifecycle_event ?? '')?.[1];
if (requested !== undefined && !MODULES.includes(requested)) {
  throw new Error(`Unknown module '${requested}' for mutation testing; expected one of ${MODULES.join(', ')}`);
}
const selected = requested === undefined ? MODULES : [requested];
const name = requested ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  // Every source file of the selected modules; the index.ts barrels only re-export.
  mutate: [...selected.map((m) => `src/${m}/**/*.ts`), '!src/**/index.ts'],
  coverageAnalysis: 'perTest',
  // A static mutant (in code run when a module loads: zod schemas, the Leeds 2014 figures, the
  // models' data) is covered by no test in particular, so every test runs for it: four to five
  // minutes each here, a third of all mutants. They are left out (reported as ignored); the
  // example tests pin that data, and the schemas' refinements run per test and are mutated.
  ignoreStatic: true,
  // The machine is shared (two cores): one test runner at a time.
  concurrency: 1,
  // Property tests run 1,000 seeded cases; a mutant may make each case slower without looping,
  // so allow well over the test's own (instrumented) time before calling it a timeout.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 30,
  incremental: true,
  incrementalFile: `reports/stryker-incremental${requested === undefined ? '' : `-${requested}`}.json`,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: 80 },
  // Not needed by the tests; keeps the sandbox copy small.
  ignorePatterns: ['coverage', 'dist', 'docs/api', 'reports', '.vitest-cache'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
