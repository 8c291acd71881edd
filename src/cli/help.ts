/**
 * The text `phm-kit --help` prints, and the parts every command's help shares (the exit codes),
 * kept in one place so that the README and docs/cli.md can be checked against them.
 */
import { VERSION } from './version.js';

/** The exit codes, as every `--help` lists them. */
export const EXIT_CODES_HELP = `Exit codes:
  0  done
  1  done, but rows were rejected and --strict was given
  2  a usage or input error (a missing file, an unknown model, a bad date, an unknown
     flag, a file that is not valid): the command did not finish`;

/** `phm-kit --help`. */
export const MAIN_HELP = `phm-kit ${VERSION}: population health management segmentation from the command line

Usage: phm-kit <command> [flags]

Commands:
  models    the built-in models: their segments in precedence order, the markers each reads
  sql       print the SQL that segments a warehouse table (SQL Server, Databricks,
            PostgreSQL, DuckDB, ANSI)
  segment   segment the people in a CSV file, streaming, into a CSV of assignments
  registers turn coded events and codelist files into register markers (person_markers)

Flags:
  -h, --help     this help; phm-kit <command> --help for a command's own
  -v, --version  phm-kit's version

${EXIT_CODES_HELP}
`;
