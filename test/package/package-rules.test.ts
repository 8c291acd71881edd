/**
 * The rules of scripts/check-package.ts on made-up inputs: which files a package may hold, the
 * size budget, and how bundles and loaded modules are searched for decimal.js. The check itself
 * runs on the built package in `npm run check:package`, after the build; these need no dist.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledFrom, exportTargets, loadedFrom, packProblems, SIZE_BUDGET, type PackedFile } from '../../scripts/package-rules.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: unknown; files: string[]; scripts: Record<string, string>; typesVersions?: unknown };

/** A package as the build makes it: every target of the real exports map, and a few chunks. */
function goodFiles(): PackedFile[] {
  const targets = exportTargets(pkg.exports).map((t) => t.replace(/^\.\//, ''));
  const files = targets.map((t) => (t.includes('*') ? t.replace('*', 'person.schema.json') : t));
  return [...files, 'dist/schemas/index.json', 'dist/chunk-ABC123.js', 'dist/chunk-ABC123.js.map', 'dist/chunk-XYZ.cjs.map', 'dist/index-D4QkV_Ku.d.cts', 'README.md', 'docs/segmentation.md', 'docs/charts/segments.svg'].map(
    (path) => ({ path, size: 1000 }),
  );
}
const small = { packed: 100_000, unpacked: 1_000_000 };

describe('package rules', () => {
  it('read every target of the exports map, the schemas wildcard included', () => {
    const targets = exportTargets(pkg.exports);
    expect(targets).toContain('./dist/segmentation/index.js');
    expect(targets).toContain('./dist/segmentation/index.d.cts');
    expect(targets).toContain('./dist/schemas/*');
    expect(targets).toContain('./package.json');
    expect(exportTargets({ '.': { import: { types: './a.d.ts', default: './a.js' } }, './x': './a.js' })).toEqual(['./a.d.ts', './a.js']);
  });

  it('accept the package as the build makes it', () => {
    expect(packProblems(goodFiles(), small, pkg.exports)).toEqual([]);
  });

  it.each([
    ['src/segmentation/index.ts', /TypeScript sources/],
    ['test/package/package-rules.test.ts', /tests/],
    ['examples/demo.ts', /examples/],
    ['scripts/check-package.ts', /build scripts/],
    ['.ci/run', /CI scripts/],
    ['dist/node_modules/zod/index.js', /node_modules/],
    ['docs/api/index.html', /API site/],
    ['phm-kit-0.1.0.tgz', /tarball/],
    ['tsconfig.json', /not needed by users/],
    ['dist/schemas/notes.txt', /not needed by users/],
  ])('refuse %s', (path, reason) => {
    const problems = packProblems([...goodFiles(), { path, size: 10 }], small, pkg.exports);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(reason);
  });

  it('notice a missing export target, README or schema index', () => {
    const without = (path: string) => goodFiles().filter((f) => f.path !== path);
    expect(packProblems(without('dist/finance/index.cjs'), small, pkg.exports)).toEqual(['exports points at ./dist/finance/index.cjs, which is not in the package']);
    expect(packProblems(without('README.md'), small, pkg.exports)).toEqual(['README.md is missing from the package']);
    const noSchemas = goodFiles().filter((f) => !f.path.startsWith('dist/schemas/'));
    expect(packProblems(noSchemas, small, pkg.exports)).toEqual(['exports points at ./dist/schemas/*, which is not in the package', 'dist/schemas/index.json is missing from the package']);
  });

  it('hold the size budget', () => {
    expect(packProblems(goodFiles(), { packed: SIZE_BUDGET.packedBytes, unpacked: SIZE_BUDGET.unpackedBytes }, pkg.exports)).toEqual([]);
    const over = packProblems(goodFiles(), { packed: SIZE_BUDGET.packedBytes + 1, unpacked: SIZE_BUDGET.unpackedBytes + 1 }, pkg.exports);
    expect(over).toHaveLength(2);
    expect(over[0]).toMatch(/tarball .* over the budget/);
    expect(over[1]).toMatch(/unpacked .* over the budget/);
  });

  it('count only bundled bytes: a file esbuild parsed and then tree-shook away is not in the bundle', () => {
    const metafile = {
      outputs: {
        'out.js': {
          inputs: {
            '../../repo/dist/chunk-A.js': { bytesInOutput: 300 },
            '../../repo/node_modules/decimal.js/decimal.mjs': { bytesInOutput: 0 },
            '../../repo/node_modules/zod/v4/classic/schemas.js': { bytesInOutput: 900 },
          },
        },
      },
    };
    expect(bundledFrom(metafile, 'decimal.js')).toEqual([]);
    expect(bundledFrom(metafile, 'zod')).toEqual([{ input: '../../repo/node_modules/zod/v4/classic/schemas.js', bytes: 900 }]);
    metafile.outputs['out.js'].inputs['../../repo/node_modules/decimal.js/decimal.mjs'].bytesInOutput = 62_000;
    expect(bundledFrom(metafile, 'decimal.js')).toHaveLength(1);
    // A package whose name only starts the same is another package.
    expect(bundledFrom({ outputs: { o: { inputs: { 'node_modules/decimal.js-light/index.js': { bytesInOutput: 5 } } } } }, 'decimal.js')).toEqual([]);
  });

  it('find a package among loaded modules, as URLs, POSIX or Windows paths', () => {
    const modules = ['file:///p/node_modules/zod/index.js', '/p/node_modules/decimal.js/decimal.js', 'C:\\p\\node_modules\\decimal.js\\decimal.js', 'file:///p/dist/index.js'];
    expect(loadedFrom(modules, 'decimal.js')).toEqual(modules.slice(1, 3));
    expect(loadedFrom(modules, 'phm-kit')).toEqual([]);
  });

  it('are wired into npm test after the build, and the schemas into the build', () => {
    // attw checks every resolution profile (node10 included), then the built package as a user gets it,
    // a "module": "commonjs" project against it, and the browser bundle of the quick start.
    expect(pkg.scripts['check:package']).toBe('publint --strict && attw --pack . && tsx scripts/check-package.ts && tsx scripts/check-node10.ts && tsx scripts/check-browser.ts');
    expect(pkg.typesVersions).toEqual({ '*': Object.fromEntries(['segmentation', 'prioritisation', 'finance', 'bcf', 'registers'].map((m) => [m, [`./dist/${m}/index.d.cts`]])) });
    expect(pkg.scripts.build).toMatch(/^tsup && tsx scripts\/json-schemas\.ts$/);
    expect(pkg.scripts.test).toMatch(/npm run build && npm run check:package/);
    expect(pkg.files).not.toContain('docs');
  });
});
