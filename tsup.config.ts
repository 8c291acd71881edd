import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'segmentation/index': 'src/segmentation/index.ts',
    'prioritisation/index': 'src/prioritisation/index.ts',
    'finance/index': 'src/finance/index.ts',
    'bcf/index': 'src/bcf/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
});
