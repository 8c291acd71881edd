import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'segmentation/index': 'src/segmentation/index.ts',
      'prioritisation/index': 'src/prioritisation/index.ts',
      'finance/index': 'src/finance/index.ts',
      'bcf/index': 'src/bcf/index.ts',
      'registers/index': 'src/registers/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // Everything in dist/ but the command line, which the second build writes at the same time.
    clean: ['!cli.js'],
    splitting: true,
    treeshake: true,
    target: 'node20',
  },
  {
    // The `phm-kit` command line (package.json `bin`): ESM only, no types, and the only output
    // with a `#!` line (tsup also makes a file that starts with one executable). It imports the
    // library by name ('phm-kit', 'phm-kit/segmentation'), kept external so that it runs the
    // published dist/ modules (one copy, one set of error classes) rather than a second copy.
    // No source map: it prints one-line errors, never a stack trace, and the package has a size budget.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: false,
    splitting: false,
    treeshake: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    external: ['phm-kit', 'csv-parse'],
  },
]);
