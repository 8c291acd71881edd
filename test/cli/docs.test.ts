/**
 * The command line's documentation says what it does: every flag of every command is in its
 * --help and in docs/cli.md, the output columns and exit codes are the same in the help, the
 * README and docs/cli.md, and the JSON examples there are the fixtures the tests run (or, in
 * the README, a mapping the library accepts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RowMappingSchema, SqlOptionsSchema } from 'phm-kit/segmentation';
import { MODELS_FLAGS, MODELS_HELP } from '../../src/cli/commands/models.js';
import { SEGMENT_FLAGS, SEGMENT_HELP } from '../../src/cli/commands/segment.js';
import { SQL_FLAGS, SQL_HELP } from '../../src/cli/commands/sql.js';
import { REGISTERS_FLAGS, REGISTERS_HELP } from '../../src/cli/commands/registers.js';
import { EXIT } from '../../src/cli/errors.js';
import { EXIT_CODES_HELP, MAIN_HELP } from '../../src/cli/help.js';
import { ASSIGNMENT_COLUMNS, REJECTED_COLUMNS } from '../../src/cli/segment/rows.js';
import { fixture } from './support.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');
const guide = read('docs/cli.md');
const jsonBlocks = (text: string) => [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string) as unknown);

const COMMANDS = [
  ['models', MODELS_FLAGS, MODELS_HELP],
  ['sql', SQL_FLAGS, SQL_HELP],
  ['segment', SEGMENT_FLAGS, SEGMENT_HELP],
  ['registers', REGISTERS_FLAGS, REGISTERS_HELP],
] as const;

describe('the command line documentation', () => {
  it('every flag is in its command’s --help and in docs/cli.md', () => {
    for (const [name, flags, help] of COMMANDS) {
      expect(guide, name).toContain(`## \`phm-kit ${name}\``);
      for (const [flag, spec] of Object.entries(flags)) {
        expect(help, `${name} --${flag}`).toContain(`--${flag}`);
        if ('short' in spec) expect(help, `${name} -${spec.short}`).toContain(`-${spec.short}, --${flag}`);
        if (flag !== 'help') expect(guide, `${name} --${flag}`).toContain(`--${flag}`);
      }
    }
  });

  it('the output columns are in the help and in docs/cli.md, in order', () => {
    const at = (text: string, columns: readonly string[]) => columns.map((c) => text.indexOf(`\`${c}\``));
    const section = guide.slice(guide.indexOf('### The assignments file'), guide.indexOf('### The rejected file'));
    const positions = at(section, ASSIGNMENT_COLUMNS);
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const c of ASSIGNMENT_COLUMNS) expect(SEGMENT_HELP).toMatch(new RegExp(`\\n  ${c} +\\S`));
    for (const c of REJECTED_COLUMNS) {
      expect(guide).toContain(`\`${c}\``);
      expect(SEGMENT_HELP).toContain(c);
    }
    expect(readme).toContain(ASSIGNMENT_COLUMNS.map((c) => `\`${c}\``).slice(3).join(', ').replace(/, `detail`$/, ' and `detail`'));
  });

  it('rows count from 0, everywhere it is said', () => {
    expect(SEGMENT_HELP).toContain('counting from 0');
    expect(guide).toContain('**counting from 0**');
    expect(readme).toContain('**counting from 0**');
  });

  it('the exit codes are the same in the help, the README and docs/cli.md', () => {
    expect(EXIT).toEqual({ done: 0, rejected: 1, usage: 2 });
    expect(MAIN_HELP).toContain(EXIT_CODES_HELP);
    for (const [, , help] of COMMANDS) expect(help).toContain(EXIT_CODES_HELP);
    expect(readme).toContain('Exit codes: `0` done; `1` done, but rows were rejected and `--strict` was given; `2` a usage\nor input error');
    expect(guide).toContain('| `0` | done |\n| `1` | done, but rows were rejected and `--strict` was given');
    expect(guide).toContain('| `2` | a usage or input error');
  });

  it('the JSON examples are the fixtures the tests run, and the README’s mapping is one the library takes', () => {
    const [tables, mapping] = jsonBlocks(guide);
    expect(mapping).toEqual(JSON.parse(readFileSync(fixture('mapping.json'), 'utf8')));
    expect(tables).toEqual(JSON.parse(readFileSync(fixture('tables.json'), 'utf8')));
    const [readmeMapping] = jsonBlocks(readme);
    expect(RowMappingSchema.safeParse({ ...(readmeMapping as object), asOf: '2024-04-01' }).success).toBe(true);
    expect(SqlOptionsSchema.safeParse({ ...(tables as object), dialect: 'tsql', asOf: '2024-04-01' }).success).toBe(true);
  });

  it('the README links docs/cli.md, and shows the commands with npx', () => {
    expect(readme).toContain('[docs/cli.md](docs/cli.md)');
    for (const name of ['models', 'sql', 'segment']) expect(readme).toContain(`npx phm-kit ${name}`);
  });
});
