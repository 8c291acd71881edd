/**
 * `phm-kit sql`: prints the SQL `toSql` compiles a model to, for an analyst to run in SQL
 * Server, Databricks (Spark SQL), PostgreSQL, DuckDB or any ANSI engine. The flags are toSql's
 * options (`--dialect`, `--as-of`, `--flags`, `--view`); where the tables and their columns
 * and codes are comes from a JSON file, checked with the library's own `SqlOptionsSchema` so
 * that a mistake is named by its path in the file.
 */
import { PhmError, SqlDialectSchema, SqlOptionsSchema, toSql, type PhmIssue, type SqlOptions } from 'phm-kit/segmentation';
import { dateFlag, HELP_FLAG, required, usage } from '../args.js';
import { defineCommand, type Command } from '../command.js';
import { CliError, describeIssues, EXIT } from '../errors.js';
import { EXIT_CODES_HELP } from '../help.js';
import { readJsonObject } from '../json-file.js';
import { resolveModel } from '../model-source.js';

/** The flags `phm-kit sql` takes. */
export const SQL_FLAGS = {
  model: { type: 'string', short: 'm' },
  dialect: { type: 'string', short: 'd' },
  'as-of': { type: 'string' },
  flags: { type: 'boolean' },
  view: { type: 'string' },
  replace: { type: 'boolean' },
  tables: { type: 'string' },
  ...HELP_FLAG,
} as const;

/** Other names analysts know the dialects by. */
export const DIALECT_ALIASES: Readonly<Record<string, string>> = { sqlserver: 'tsql', mssql: 'tsql', databricks: 'spark', postgres: 'postgresql' };

/** The options a tables file may hold: where the data is, and the codes it uses. */
const TABLE_KEYS = ['table', 'markerTable', 'columns', 'sexCodes', 'markerCodes'] as const;

/** The library's own schema of those options, so that the file is checked exactly as toSql checks them. */
const TablesSchema = SqlOptionsSchema.pick({ table: true, markerTable: true, columns: true, sexCodes: true, markerCodes: true });

/** `phm-kit sql --help`. */
export const SQL_HELP = `Usage: phm-kit sql --model <name|model.json> --dialect <dialect> --as-of <YYYY-MM-DD>
                   [--flags] [--view <name> [--replace]] [--tables <tables.json>]

Prints one SQL query that puts every row of the person table in its segment on the date, with
the columns person_id, status, reason, segment and segment_index (docs/sql.md).

Flags:
  -m, --model <name|file>   leeds2024, leeds2017, bridgesToHealth, or a model spec in JSON
  -d, --dialect <dialect>   ${SqlDialectSchema.options.join(', ')}; also sqlserver and
                            mssql (tsql), databricks (spark), postgres (postgresql)
      --as-of <date>        the evaluation date, YYYY-MM-DD, written into the query
      --flags               also a 0/1 column per segment rule and sub-segment
      --view <name>         wrap the query in CREATE VIEW name (schema.name for a schema)
      --replace             with --view: CREATE OR REPLACE VIEW (CREATE OR ALTER in T-SQL)
      --tables <file>       JSON of toSql's table, column and code options:
                            { "table": ["warehouse", "people"], "markerTable": "person_markers",
                              "columns": { "id": "nhs_pseudo_id", "sex": "gender_code" },
                              "sexCodes": { "male": "1", "female": "2" },
                              "markerCodes": { "ltc-copd": ["COPD", "COPD_REG"] } }
  -h, --help                this help

${EXIT_CODES_HELP}
`;

/** A `--dialect` value as toSql names it. */
export function dialectOf(value: string): SqlOptions['dialect'] {
  const name = DIALECT_ALIASES[value.toLowerCase()] ?? value.toLowerCase();
  const parsed = SqlDialectSchema.safeParse(name);
  if (!parsed.success) throw usage('sql', `unknown dialect '${value}': give ${SqlDialectSchema.options.join(', ')}`);
  return parsed.data;
}

/** The tables file's options, checked by the library's schema; paths in errors are paths in the file. */
export function tablesOf(path: string | undefined): Record<string, unknown> {
  if (path === undefined) return {};
  const tables = readJsonObject(path, 'tables');
  const parsed = TablesSchema.safeParse(tables);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map((k) => (typeof k === 'symbol' ? String(k) : k)), message: i.message }));
    throw new CliError(`${describeIssues(issues, path)} (a tables file holds ${TABLE_KEYS.join(', ')})`);
  }
  return tables;
}

/**
 * What the paths of toSql's issues are paths in: the --view name, or else the tables file (the
 * model was checked when it was read, and the other options are the command's own).
 */
function whereOf(issues: readonly PhmIssue[], tables: string | undefined): string | undefined {
  return issues.every((i) => i.path[0] === 'view') ? '--view' : tables;
}

/** `phm-kit sql`: resolves to the exit code. */
export const sqlCommand: Command = defineCommand({
  name: 'sql',
  flags: SQL_FLAGS,
  help: SQL_HELP,
  positionals: 0,
  run: async ({ values }, io) => {
    const model = resolveModel(required('sql', 'model', values.model));
    const dialect = dialectOf(required('sql', 'dialect', values.dialect));
    const asOf = dateFlag('sql', 'as-of', required('sql', 'as-of', values['as-of']));
    if (values.replace === true && values.view === undefined) throw usage('sql', '--replace needs --view');
    const tables = tablesOf(values.tables);
    const view = values.view === undefined ? {} : { view: { name: values.view.split('.'), replace: values.replace === true } };
    let sql: string;
    try {
      ({ sql } = toSql(model, { ...tables, dialect, asOf, flags: values.flags === true, ...view } as SqlOptions));
    } catch (error) {
      throw error instanceof PhmError ? new CliError(describeIssues(error.issues, whereOf(error.issues, values.tables))) : error;
    }
    io.stdout.write(`${sql};\n`);
    return EXIT.done;
  },
});
