/**
 * The package's version, for `phm-kit --version`: taken from package.json when the command line
 * is built (the bundler inlines this one field), so it cannot drift from what was published.
 */
import { version } from '../../package.json';

/** The version of phm-kit this command line belongs to. */
export const VERSION: string = version;
