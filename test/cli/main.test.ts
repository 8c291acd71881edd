/**
 * `phm-kit` itself: --help, --version, the commands' help, and how unknown commands and flags
 * and unexpected failures end: one line on stderr, exit code 2.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT, failureMessage, rootCause, CliError } from '../../src/cli/errors.js';
import { COMMANDS, main } from '../../src/cli/main.js';
import { PhmValidationError } from 'phm-kit';
import { captureIo, run } from './support.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('phm-kit', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-v']) expect(await run([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help lists the commands and the exit codes', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`phm-kit ${version}`);
      for (const name of Object.keys(COMMANDS)) expect(r.stdout).toMatch(new RegExp(`\\n  ${name} +\\S`));
      expect(r.stdout).toMatch(/Exit codes:\n {2}0 {2}done\n {2}1 {2}done, but rows were rejected and --strict was given\n {2}2 {2}a usage or input error/);
    }
  });

  it('each command has --help (and -h), with the exit codes', async () => {
    for (const name of Object.keys(COMMANDS)) {
      for (const flag of ['--help', '-h']) {
        const r = await run([name, flag]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage: phm-kit ${name} `));
        expect(r.stdout).toContain('Exit codes:\n  0  done');
        expect(r.stderr).toBe('');
      }
    }
  });

  it('--help wins over missing required flags', async () => {
    expect((await run(['segment', '--help'])).code).toBe(0);
    expect((await run(['sql', '--model', 'nope', '--help'])).code).toBe(0);
  });

  it('no command, an unknown command or a flag before the command: usage, exit 2', async () => {
    expect(await run([])).toEqual({ code: 2, stdout: '', stderr: 'phm-kit: give a command: models, sql, segment, registers (see phm-kit --help)\n' });
    expect(await run(['segmnet'])).toEqual({ code: 2, stdout: '', stderr: "phm-kit: unknown command 'segmnet': models, sql, segment, registers (see phm-kit --help)\n" });
    expect((await run(['--quiet'])).stderr).toBe('phm-kit: unknown flag --quiet: models, sql, segment, registers (see phm-kit --help)\n');
    expect((await run(['constructor'])).code).toBe(2);
  });

  it('a command that fails unexpectedly is one line, exit 2', async () => {
    const io = captureIo();
    const original = COMMANDS.models;
    const commands = COMMANDS as Record<string, unknown>;
    commands.models = async () => {
      throw new TypeError('something broke\n    at somewhere (file.js:1:1)');
    };
    try {
      expect(await main(['models'], io)).toBe(EXIT.usage);
    } finally {
      commands.models = original;
    }
    expect(io.err.text).toBe('phm-kit models: something broke\n');
  });
});

describe('failure messages', () => {
  it('are one line for every kind of error', () => {
    expect(failureMessage(new CliError('a\nb'))).toBe('a');
    expect(failureMessage(new PhmValidationError('Invalid', [{ path: ['columns', 'id'], message: 'bad' }, { path: [], message: 'worse' }]))).toBe('columns.id: bad; worse');
    expect(failureMessage(new PhmValidationError('Invalid options', []))).toBe('Invalid options');
    expect(failureMessage('text')).toBe('text');
    const many = Array.from({ length: 5 }, (_, i) => ({ path: [`c${i}`], message: 'm' }));
    expect(failureMessage(new PhmValidationError('x', many))).toBe('c0: m; c1: m; c2: m; and 2 more');
  });

  it('find the error at the bottom of a chain of causes', () => {
    const bottom = new Error('bottom');
    expect(rootCause(new Error('top', { cause: new Error('middle', { cause: bottom }) }))).toBe(bottom);
    expect(rootCause('text')).toBe('text');
  });
});
