/**
 * The `"module": "commonjs"` check (part of `check:package`, after the build): a TypeScript
 * project set up the way many Node projects still are (`module: commonjs`, so TypeScript's
 * `node10` resolution, which ignores package.json `exports`) type-checks a file that imports the
 * root and every subpath, uses their types, and would fail to compile if any of them resolved
 * to nothing (`any`). The package reaches it through `typesVersions`. The options are what
 * `tsc --init` writes (esModuleInterop, skipLibCheck), as zod's own declarations need the first. attw checks the same from
 * the outside; this is the compiler itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const SOURCE = `import { formatMoney, PhmValidationError } from 'phm-kit';
import { leeds2024, segmentPopulation, type Person, type PopulationSegmentation } from 'phm-kit/segmentation';
import { selectAccelerator, type AcceleratorInput } from 'phm-kit/prioritisation';
import { allocateEnvelopes, type EnvelopeInput } from 'phm-kit/finance';
import { contingencyPlan, type ContingencyPlanInput } from 'phm-kit/bcf';

const person: Person = { id: 'p1', birthDate: '1950-01-01', markers: ['ltc-asthma'] };
const result: PopulationSegmentation = segmentPopulation([person], leeds2024, { asOf: '2024-04-01' });
// Each line is an error if its import resolved to nothing: an unknown type is not a number.
const total: number = result.total;
// @ts-expect-error a Person needs markers: only a real type says so
const incomplete: Person = { id: 'p2', birthDate: '1950-01-01' };
export const used = [total, incomplete, formatMoney('1.00'), PhmValidationError, selectAccelerator, allocateEnvelopes, contingencyPlan];
export type Inputs = [AcceleratorInput, EnvelopeInput, ContingencyPlanInput];
`;

const dir = mkdtempSync(join(tmpdir(), 'phm-kit-node10-'));
try {
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'phm-kit'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  writeFileSync(join(dir, 'index.ts'), SOURCE);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2022', strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: [] }, files: ['index.ts'] }, null, 2));
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? String(error);
    console.error(`check:node10 failed: a "module": "commonjs" project does not type-check against phm-kit:\n${output}`);
    process.exitCode = 1;
  }
  if (process.exitCode !== 1) console.log('check:node10\n  a "module": "commonjs" TypeScript project (node10 resolution) type-checks the root and every subpath');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
