/** Flags read with node:util parseArgs, and each way they can be wrong, as one-line usage errors. */
import { describe, expect, it } from 'vitest';
import { dateFlag, HELP_FLAG, integerFlag, parseCommand, required } from '../../src/cli/args.js';

const FLAGS = { model: { type: 'string', short: 'm' }, quiet: { type: 'boolean' }, ...HELP_FLAG } as const;
const messageOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect((error as Error).name).toBe('CliError');
    return (error as Error).message;
  }
  return expect.unreachable('expected a CliError');
};

describe('parseCommand', () => {
  it('reads flags, short flags, --flag=value and positionals', () => {
    const r = parseCommand('x', ['-m', 'a', '--quiet', 'file.csv', '--model=b'], FLAGS, 1);
    expect(r.values).toEqual({ model: 'b', quiet: true });
    expect(r.positionals).toEqual(['file.csv']);
    expect(parseCommand('x', ['--model', '-'], FLAGS, 0).values.model).toBe('-');
  });

  it('refuses unknown flags, naming the ones the command takes', () => {
    expect(messageOf(() => parseCommand('x', ['--mdoel', 'a'], FLAGS, 1))).toBe('unknown flag --mdoel; x takes --model, --quiet, --help (see phm-kit x --help)');
    expect(messageOf(() => parseCommand('x', ['-z'], FLAGS, 1))).toMatch(/^unknown flag -z;/);
  });

  it('refuses a missing value, a value for a switch, and positionals where none are taken', () => {
    expect(messageOf(() => parseCommand('x', ['--model'], FLAGS, 1))).toMatch(/^--model needs a value/);
    expect(messageOf(() => parseCommand('x', ['-m'], FLAGS, 1))).toMatch(/^--model needs a value/);
    expect(messageOf(() => parseCommand('x', ['--model', '--quiet'], FLAGS, 1))).toMatch(/^--model needs a value \(write --flag=-value/);
    expect(messageOf(() => parseCommand('x', ['--quiet=yes'], FLAGS, 1))).toBe('--quiet takes no value (see phm-kit x --help)');
    expect(messageOf(() => parseCommand('x', ['file.csv'], FLAGS, 0))).toBe("unexpected argument 'file.csv': x takes flags only (see phm-kit x --help)");
    expect(messageOf(() => parseCommand('x', ['a.csv', 'b.csv'], FLAGS, 1))).toBe("unexpected argument 'b.csv': x takes one argument at most (see phm-kit x --help)");
  });
});

describe('flag values', () => {
  it('required', () => {
    expect(required('x', 'out', 'a.csv')).toBe('a.csv');
    expect(messageOf(() => required('x', 'out', undefined))).toBe('--out is required (see phm-kit x --help)');
    expect(messageOf(() => required('x', 'out', ''))).toBe('--out is required (see phm-kit x --help)');
  });

  it('dates, with the library’s words for what is wrong', () => {
    expect(dateFlag('x', 'as-of', '2024-02-29')).toBe('2024-02-29');
    expect(messageOf(() => dateFlag('x', 'as-of', '2023-02-29'))).toBe('--as-of 2023-02-29: 2023 has no 29 February (it is not a leap year) (see phm-kit x --help)');
    expect(messageOf(() => dateFlag('x', 'as-of', '2024-4-1'))).toMatch(/^--as-of 2024-4-1: Expected a calendar date written YYYY-MM-DD/);
  });

  it('whole numbers in a range', () => {
    expect(integerFlag('x', 'n', '10', 1, 10)).toBe(10);
    for (const bad of ['0', '11', '1.5', '-1', '1e3', '', 'ten']) expect(messageOf(() => integerFlag('x', 'n', bad, 1, 10))).toContain(`--n ${bad}: expected a whole number from 1 to 10`);
  });
});
