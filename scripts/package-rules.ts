/**
 * The rules scripts/check-package.ts applies to the packed package and to bundles of it, as pure
 * functions of their inputs (the file list of `npm pack --dry-run --json`, an esbuild metafile),
 * so that test/package/package-rules.test.ts can check them without a build.
 */

/** A file in the packed tarball, as `npm pack --json` lists it. */
export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

/** What a user of the package needs, and nothing else. */
export const ALLOWED_FILES: readonly RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICEN[CS]E(\.md|\.txt)?$/,
  /^CHANGELOG\.md$/,
  // The guides README.md links to, and the charts they show; not docs/api (typedoc's site).
  /^docs\/[^/]+\.md$/,
  /^docs\/charts\/[^/]+\.svg$/,
  // Bundles, their types, and source maps (which embed their sources: src/ is not needed).
  /^dist\/(?:[a-z-]+\/)?[\w-]+\.(?:js|cjs|d\.ts|d\.cts|js\.map|cjs\.map)$/,
  /^dist\/schemas\/[a-z0-9-]+\.schema\.json$/,
  /^dist\/schemas\/index\.json$/,
];

/** Why a file does not belong, for the common mistakes; otherwise "not needed by users". */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/^src\//, 'TypeScript sources (the source maps embed them)'],
  [/^test\//, 'tests'],
  [/^examples\//, 'examples'],
  [/^scripts\//, 'build scripts'],
  [/^\.ci\//, 'CI scripts'],
  [/(^|\/)node_modules\//, 'node_modules'],
  [/^coverage\//, 'coverage reports'],
  [/^docs\/api\//, 'the generated API site (hosted, not packed)'],
  [/\.tgz$/, 'a packed tarball'],
];

/** The budget: the packed tarball and the unpacked files. */
export interface SizeBudget {
  readonly packedBytes: number;
  readonly unpackedBytes: number;
}

/**
 * About 1.25 times the size when last set (2 December 2026, when phm-kit/registers was added:
 * 1,185 kB packed, 4.8 MB unpacked; 758 kB and 3.2 MB before it, 596 kB and 2.4 MB when first
 * written). Over half the unpacked size is source maps, which stay so that stack traces point
 * at the sources.
 */
export const SIZE_BUDGET: SizeBudget = { packedBytes: 1_480_000, unpackedBytes: 6_000_000 };

/** Every file path an `exports` map points at (wildcard targets are returned as they are). */
export function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (typeof exports !== 'object' || exports === null) return [];
  return [...new Set(Object.values(exports).flatMap(exportTargets))].sort();
}

/** Files matching a target: itself, or for `./dist/schemas/*`, anything under it. */
function filesOf(target: string, paths: ReadonlySet<string>): string[] {
  const relative = target.replace(/^\.\//, '');
  if (!relative.includes('*')) return paths.has(relative) ? [relative] : [];
  const [prefix = '', suffix = ''] = relative.split('*');
  return [...paths].filter((p) => p.startsWith(prefix) && p.endsWith(suffix));
}

/** Problems with the file list of a packed package: unexpected, missing, or over budget. */
export function packProblems(
  files: readonly PackedFile[],
  sizes: { packed: number; unpacked: number },
  exportsField: unknown,
  budget: SizeBudget = SIZE_BUDGET,
): string[] {
  const problems: string[] = [];
  const paths = new Set(files.map((f) => f.path));
  for (const { path } of files) {
    if (ALLOWED_FILES.some((r) => r.test(path))) continue;
    const reason = FORBIDDEN.find(([r]) => r.test(path))?.[1] ?? 'not needed by users';
    problems.push(`packs ${path}: ${reason}`);
  }
  for (const target of exportTargets(exportsField)) {
    if (filesOf(target, paths).length === 0) problems.push(`exports points at ${target}, which is not in the package`);
  }
  for (const required of ['package.json', 'README.md', 'dist/schemas/index.json']) {
    if (!paths.has(required)) problems.push(`${required} is missing from the package`);
  }
  if (sizes.packed > budget.packedBytes) problems.push(`the tarball is ${sizes.packed} bytes, over the budget of ${budget.packedBytes}`);
  if (sizes.unpacked > budget.unpackedBytes) problems.push(`the unpacked files are ${sizes.unpacked} bytes, over the budget of ${budget.unpackedBytes}`);
  return problems;
}

/** The part of an esbuild metafile the checks read. */
export interface BundleMetafile {
  readonly outputs: Record<string, { readonly inputs: Record<string, { readonly bytesInOutput: number }> }>;
}

/**
 * Inputs from a package (by name, e.g. 'decimal.js') that put bytes into a bundle. esbuild parses
 * every file an import reaches and lists it in `metafile.inputs`, even when tree-shaking then
 * drops all of it: what a bundle holds is in `outputs[...].inputs` with `bytesInOutput` > 0.
 */
export function bundledFrom(metafile: BundleMetafile, packageName: string): { input: string; bytes: number }[] {
  const marker = `node_modules/${packageName}/`;
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && input.replaceAll('\\', '/').includes(marker))
      .map(([input, { bytesInOutput }]) => ({ input, bytes: bytesInOutput })),
  );
}

/** Module URLs or paths (from a loader hook or require.cache) that belong to a package. */
export function loadedFrom(modules: readonly string[], packageName: string): string[] {
  const marker = `node_modules/${packageName}/`;
  return modules.filter((m) => m.replaceAll('\\', '/').includes(marker));
}

/**
 * The modules a JavaScript or TypeScript source names: static `import`/`export ... from`,
 * side-effect `import '...'`, dynamic `import('...')` and `require('...')`.
 */
export function importSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g)) specifiers.push(m[2] as string);
  return specifiers;
}

/**
 * Why a library module (anything but the command line, in src/ or dist/) must not import what
 * it imports: the command line (src/cli, dist/cli.js) is the only code that reads or writes
 * files, and csv-parse is its dependency alone, so the library stays pure and loads neither.
 */
export function libraryImportProblems(file: string, source: string): string[] {
  return importSpecifiers(source)
    .filter((s) => /^csv-parse(\/|$)/.test(s) || /(^|\/)cli(\.[cm]?js)?$/.test(s) || /(^|\/)cli\//.test(s))
    .map((s) => `${file} imports ${s}: only the command line may`);
}
