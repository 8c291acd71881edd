/**
 * What every command shares: its flags are read (strictly), `--help` prints its help and ends
 * it, and only then does its own work run, with the flags as parsed. A command is then just
 * `(args, io) => exit code`, as `main` calls it.
 */
import { parseCommand, type Flags, type ParsedArgs } from './args.js';
import { EXIT } from './errors.js';
import type { CliIo } from './io.js';

/** A command: runs with its own arguments, resolves to the exit code. */
export type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/** What a command is: its name, flags, help, how many arguments it takes besides flags (0 or 1), and its work. */
export interface CommandSpec<F extends Flags> {
  readonly name: string;
  readonly flags: F;
  readonly help: string;
  readonly positionals: 0 | 1;
  readonly run: (parsed: ParsedArgs<F>, io: CliIo) => Promise<number>;
}

/** The command `spec` describes. */
export function defineCommand<F extends Flags>(spec: CommandSpec<F>): Command {
  return async (args, io) => {
    const parsed = parseCommand(spec.name, args, spec.flags, spec.positionals);
    if ((parsed.values as { help?: unknown }).help === true) {
      io.stdout.write(spec.help);
      return EXIT.done;
    }
    return spec.run(parsed, io);
  };
}
