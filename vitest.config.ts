import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests and examples import the package by name, as users do; these point it at the source.
    alias: [
      { find: /^phm-kit$/, replacement: src('index.ts') },
      { find: /^phm-kit\/(.+)$/, replacement: src('$1/index.ts') },
    ],
  },
  test: {
    // PHM_TEST_INCLUDE (comma-separated globs) narrows the files: stryker.config.mjs sets it for
    // the parts whose code every test reaches, so that each mutant runs the part's own tests.
    include: process.env.PHM_TEST_INCLUDE?.split(',') ?? ['test/**/*.test.ts'],
    // Generous, for the property tests and for hooks that run an example in a child process:
    // on two busy cores (a mutation run alongside) the default 10 s hook limit is not enough.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files share their worker's loaded modules rather than each starting afresh: the
    // library is pure (no module state to leak between files), and loading it again for each of
    // some 130 files cost about a third of the suite's time. A test that changes something
    // global (TZ, fake timers) puts it back before it ends.
    isolate: false,
    // `vitest run --coverage` (npm test) measures src/ with V8 and fails below the thresholds.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'coverage',
      // Report (and check) coverage even when a test fails, so a failure shows what was reached.
      reportOnFailure: true,
      thresholds: {
        lines: 90,
        branches: 90,
        functions: 90,
        statements: 90,
      },
    },
  },
});
