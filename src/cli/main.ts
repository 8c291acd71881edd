/**
 * The `phm-kit` command: finds the command its first argument names and runs it, and turns
 * whatever it ends with into an exit code, with any failure printed as one line on stderr
 * (`phm-kit <command>: <what is wrong>`), never a stack trace.
 */
import type { Command } from './command.js';
import { modelsCommand } from './commands/models.js';
import { segmentCommand } from './commands/segment.js';
import { registersCommand } from './commands/registers.js';
import { sqlCommand } from './commands/sql.js';
import { EXIT, failureMessage } from './errors.js';
import { MAIN_HELP } from './help.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

/** The commands, by name. */
export const COMMANDS: Readonly<Record<string, Command>> = { models: modelsCommand, sql: sqlCommand, segment: segmentCommand, registers: registersCommand };

/** Runs `phm-kit` with `argv` (the arguments after the program's name); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(MAIN_HELP);
    return EXIT.done;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.done;
  }
  const command = name === undefined ? undefined : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    const what = name === undefined ? 'give a command' : name.startsWith('-') ? `unknown flag ${name}` : `unknown command '${name}'`;
    io.stderr.write(`phm-kit: ${what}: ${Object.keys(COMMANDS).join(', ')} (see phm-kit --help)\n`);
    return EXIT.usage;
  }
  try {
    return await command(args, io);
  } catch (error) {
    io.stderr.write(`phm-kit ${name}: ${failureMessage(error)}\n`);
    return EXIT.usage;
  }
}
