// Mutation testing with Stryker and its vitest runner (Stryker 9.6: Stryker 10 needs Node 22).
// Not part of `npm test` (it takes hours on two cores): run it with
//   npm run mutation                 every module and the core
//   npm run mutation:<module>        one of core, segmentation, prioritisation, finance, bcf, registers
//   npm run mutation:segmentation:<part>   rules, population, warehouse or ingestion
//   npm run mutation:registers:<part>      codelists, rules, derive, sql or builtins
// The module is taken from the npm script's name (npm sets npm_lifecycle_event), or from
// PHM_MUTATE_MODULE when stryker is run directly: `PHM_MUTATE_MODULE=bcf npx stryker run` (a
// segmentation part is named `segmentation-rules` and so on).
// Each selection keeps its own incremental file (reports/stryker-incremental*.json, kept in git so
// the next run only re-tests mutants whose code or tests changed) and its own json/html reports
// under reports/mutation/ (git-ignored). Scores are recorded in docs/quality.md.

// Segmentation is half the library and its covering tests are the heaviest, so it is mutated in
// three parts, each with its own incremental file; `npm run mutation:segmentation` runs them in turn.
// The parts are its folders: rules (model/, classify/ and the built-in models/), population
// (records/ and population/), warehouse (warehouse/, the SQL compiler within it) and ingestion
// (ingestion/: rows to people).
const SEGMENTATION_PARTS = {
  'segmentation-rules': ['model', 'classify', 'models'],
  'segmentation-population': ['records', 'population', 'over-time', 'scores'],
  'segmentation-warehouse': ['warehouse'],
  'segmentation-ingestion': ['ingestion'],
};
const REGISTERS_PARTS = {
  'registers-codelists': ['codelists'],
  'registers-rules': ['rules', 'events'],
  'registers-derive': ['derive'],
  'registers-sql': ['sql'],
  'registers-builtins': ['builtins', 'synthetic'],
};
// Every registers test reads codelists, rules and the evaluator, so a mutant there would run the
// DuckDB equivalence (about 26 s) and the hostile-input suite (about 10 s) as well: some 45 s a
// mutant, five hours a part. Each part runs the registers tests of its own concern instead (the
// score is then a lower bound on the whole suite's): the unit, example and property tests for
// all, the SQL tests for sql, the hostile-input suite for derive (it reaches the stream's guards).
const REGISTERS_TESTS = ['test/registers/*.test.ts', 'test/registers/codelists/**/*.test.ts', 'test/registers/rules/**/*.test.ts', 'test/registers/derive/**/*.test.ts', 'test/registers/properties/**/*.test.ts', 'test/cli/registers.test.ts'];
const REGISTERS_PART_TESTS = {
  'registers-derive': [...REGISTERS_TESTS, 'test/hostile/registers.test.ts'],
  'registers-sql': [...REGISTERS_TESTS, 'test/registers/sql/**/*.test.ts'],
};
const SELECTIONS = {
  core: ['src/core/**/*.ts'],
  ...Object.fromEntries(Object.entries(SEGMENTATION_PARTS).map(([part, folders]) => [part, folders.map((f) => `src/segmentation/${f}/**/*.ts`)])),
  prioritisation: ['src/prioritisation/**/*.ts'],
  finance: ['src/finance/**/*.ts'],
  bcf: ['src/bcf/**/*.ts'],
  // Registers in five parts, by folder, each with its own incremental file: codelists (code
  // systems, CSV, parseCodelist), rules (the rule and register schemas, events), derive (the
  // evaluator, deriveMarkers and the stream), sql (registersToSql) and builtins (the QOF, frailty
  // and HFRS definitions, with the synthetic events that exercise them).
  ...Object.fromEntries(Object.entries(REGISTERS_PARTS).map(([part, folders]) => [part, folders.map((f) => `src/registers/${f}/**/*.ts`)])),
};

const requested = process.env.PHM_MUTATE_MODULE ?? /^mutation:(.+)$/.exec(process.env.npm_lifecycle_event ?? '')?.[1]?.replace(':', '-');
if (requested === undefined || !(requested in SELECTIONS)) {
  const expected = `one of ${Object.keys(SELECTIONS).join(', ')}`;
  throw new Error(requested === undefined
    ? `Choose what to mutate: npm run mutation[:<module>], or PHM_MUTATE_MODULE set to ${expected}`
    : `Unknown selection '${requested}' for mutation testing; expected ${expected}`);
}

// Every surviving mutant reruns each property test that reaches it, 200 to 1,000 seeded cases
// apiece, slowed by the instrumentation: a tenth of the cases (the first tenth of the same
// sequence, at least 10) keeps a module to under an hour here. test/support/property.ts reads
// this; the score is then a lower bound on that of the full suite. Set it to 1 for full strength.
process.env.PHM_PROPERTY_RUNS_SCALE ??= '0.1';
// The registers parts' own tests (see REGISTERS_PART_TESTS); vitest.config.ts reads this.
if (requested.startsWith('registers-')) process.env.PHM_TEST_INCLUDE ??= (REGISTERS_PART_TESTS[requested] ?? REGISTERS_TESTS).join(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  // Every source file of the selected modules; the index.ts barrels only re-export.
  mutate: [...SELECTIONS[requested], '!src/**/index.ts'],
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
  incrementalFile: `reports/stryker-incremental-${requested}.json`,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${requested}.json` },
  htmlReporter: { fileName: `reports/mutation/${requested}.html` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: 80 },
  // Not needed by the tests; keeps the sandbox copy small.
  ignorePatterns: ['coverage', 'dist', 'docs/api', 'reports', '.vitest-cache'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
