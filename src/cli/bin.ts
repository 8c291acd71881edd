/**
 * The `phm-kit` executable (package.json `bin`, built to dist/cli.js with a `#!/usr/bin/env
 * node` line): runs {@link main} on the process's arguments and streams and sets the exit code,
 * letting output drain rather than cutting it off with `process.exit`. Stopped by Ctrl-C (or
 * SIGTERM), it removes the output files it had not finished, and exits as a shell expects
 * (128 plus the signal's number).
 */
import { processIo } from './io.js';
import { main } from './main.js';
import { removePartialFiles } from './output.js';

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    removePartialFiles();
    process.exit(code);
  });
}

process.exitCode = await main(process.argv.slice(2), processIo());
