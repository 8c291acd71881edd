/**
 * The README's code is copy-paste-runnable: every TypeScript block in it runs, as it is, with
 * tsx (imports of 'phm-kit/...' resolve through this repository's tsconfig paths).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const dir = mkdtempSync(join(tmpdir(), 'phm-kit-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README code blocks', () => {
  it('has the quick starts', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });

  blocks.forEach((code, i) => {
    const first = code.split('\n').find((l) => l.startsWith('import')) ?? code.split('\n')[0];
    it(`block ${i + 1} runs (${first})`, () => {
      const file = join(dir, `block-${i + 1}.mts`);
      writeFileSync(file, code);
      const tsx = join(root, 'node_modules', '.bin', 'tsx');
      const output = execFileSync(tsx, ['--tsconfig', join(root, 'tsconfig.json'), file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(output.length).toBeGreaterThan(0);
      expect(output).not.toMatch(/undefined|NaN/);
    }, 90_000);
  });
});
