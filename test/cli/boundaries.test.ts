/**
 * The command line is the only code that reads or writes files: no library module under src/
 * imports it or csv-parse, and the command line reaches the library only by its public names
 * ('phm-kit', 'phm-kit/segmentation'), so that the built dist/cli.js runs the published
 * modules, with their error classes, rather than a copy of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, libraryImportProblems } from '../../scripts/package-rules.js';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const cli = join(src, 'cli');
const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(src, f));
const library = files.filter((f) => !f.startsWith(`${cli}/`));
const commandLine = files.filter((f) => f.startsWith(`${cli}/`));

/** What src/cli may import: the library by name, Node, csv-parse, its own files, and package.json (for the version). */
function cliImportProblems(file: string, source: string): string[] {
  return importSpecifiers(source)
    .filter((s) => {
      if (/^phm-kit(\/(segmentation|prioritisation|finance|bcf|registers))?$/.test(s) || s.startsWith('node:') || s === 'csv-parse') return false;
      if (!s.startsWith('.')) return true;
      const target = resolve(join(file, '..'), s);
      return !(target.startsWith(`${cli}/`) || target === resolve(src, '..', 'package.json'));
    })
    .map((s) => `${relative(src, file)} imports ${s}`);
}

describe('the command line and the library', () => {
  it('finds both', () => {
    expect(library.length).toBeGreaterThan(50);
    expect(commandLine.map((f) => relative(cli, f))).toEqual(expect.arrayContaining(['bin.ts', 'main.ts', 'csv-read.ts', 'commands/segment.ts']));
  });

  it('no library module imports the command line or csv-parse', () => {
    expect(library.flatMap((f) => libraryImportProblems(relative(src, f), readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('the command line imports the library only by its public names', () => {
    expect(commandLine.flatMap((f) => cliImportProblems(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('only the command line imports csv-parse', () => {
    const importers = files.filter((f) => importSpecifiers(readFileSync(f, 'utf8')).includes('csv-parse'));
    expect(importers.map((f) => relative(src, f))).toEqual(['cli/csv-read.ts']);
  });

  it('the rules can fail', () => {
    expect(libraryImportProblems('a.ts', "import { main } from '../cli/main.js';")).toEqual(['a.ts imports ../cli/main.js: only the command line may']);
    expect(libraryImportProblems('a.js', 'import "./cli.js"; const p = require("csv-parse/sync"); await import(\'csv-parse\');')).toHaveLength(3);
    expect(libraryImportProblems('a.js', "export * from './client.js'; import x from 'clip';")).toEqual([]);
    expect(cliImportProblems(join(cli, 'x.ts'), "import { x } from '../segmentation/index.js'; import y from 'zod';")).toEqual(['cli/x.ts imports ../segmentation/index.js', 'cli/x.ts imports zod']);
  });
});
