/**
 * Reading a command's flags with `node:util`'s `parseArgs` (strict: an unknown flag is an
 * error), and turning what it throws, and a missing or malformed value, into one-line
 * {@link CliError}s that name the flag and point at the command's `--help`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dateProblem, isIsoDate } from 'phm-kit';
import { CliError } from './errors.js';

/** The flags a command takes, as `parseArgs` describes them. */
export type Flags = NonNullable<ParseArgsConfig['options']>;

/** `-h, --help`, which every command takes. */
export const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/** What a command's arguments were read as. */
export type ParsedArgs<F extends Flags> = ReturnType<typeof parseArgs<{ args: string[]; options: F; strict: true; allowPositionals: true }>>;

/**
 * Reads `args` for `command`: every flag must be one of `flags`, and there may be at most
 * `positionals` other arguments (0 or 1). Throws {@link CliError} for anything else.
 */
export function parseCommand<F extends Flags>(command: string, args: readonly string[], flags: F, positionals: 0 | 1): ParsedArgs<F> {
  let parsed: ParsedArgs<F>;
  try {
    parsed = parseArgs({ args: [...args], options: flags, strict: true, allowPositionals: true }) as ParsedArgs<F>;
  } catch (error) {
    throw argumentError(command, error, flags);
  }
  const extra = parsed.positionals[positionals];
  if (extra !== undefined) throw usage(command, `unexpected argument '${extra}': ${command} takes ${positionals === 0 ? 'flags only' : 'one argument at most'}`);
  return parsed;
}

/** A usage error with the pointer to the command's help. */
export function usage(command: string, message: string): CliError {
  return new CliError(`${message} (see phm-kit ${command} --help)`);
}

/** The `--flag` a parseArgs message is about (the long form, when it gives both). */
function flagIn(message: string): string | undefined {
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  return /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0];
}

function argumentError(command: string, error: unknown, flags: Flags): CliError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = flagIn(message) ?? '?';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = Object.keys(flags).map((f) => `--${f}`).join(', ');
    return usage(command, `unknown flag ${flag}; ${command} takes ${known}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take an argument')) return usage(command, `${flag} takes no value`);
    return usage(command, `${flag} needs a value (write --flag=-value for a value that starts with '-')`);
  }
  return usage(command, message.split('\n', 1)[0] ?? message);
}

/** The value of a flag the command cannot do without. */
export function required(command: string, flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw usage(command, `--${flag} is required`);
  return value;
}

/** A `YYYY-MM-DD` date flag, with the library's own words for what is wrong with it. */
export function dateFlag(command: string, flag: string, value: string): string {
  if (!isIsoDate(value)) throw usage(command, `--${flag} ${value}: ${dateProblem(value)}`);
  return value;
}

/** A whole-number flag between `min` and `max`. */
export function integerFlag(command: string, flag: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) throw usage(command, `--${flag} ${value}: expected a whole number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}`);
  return n;
}
