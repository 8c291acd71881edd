import * as z from 'zod';
import { IsoDateSchema } from '../../core/dates.js';
import { SqlDialectSchema } from '../../segmentation/warehouse/sql/dialects.js';
import { SqlTableNameSchema } from '../../segmentation/warehouse/sql/options.js';
import { CodeSystemSchema } from '../codelists/code-systems.js';
import { CodelistNameSchema } from '../rules/rule.js';

/**
 * Zod schema of what the SQL needs to know of a codelist: its name, code system and match (a
 * codelist from `parseCodelist` has all three; its codes are read from the codelist table).
 *
 * @example
 * CodelistShapeSchema.parse({ name: 'HFRS_F00', system: 'icd10', match: 'prefix' });
 */
export const CodelistShapeSchema = z.object({
  name: CodelistNameSchema,
  system: CodeSystemSchema,
  match: z.enum(['exact', 'prefix']).default('exact'),
});

/**
 * Zod schema of where the tables of {@link registersToSql} live, and their columns: an events
 * table (one row per coded event), a codelist table (one row per codelist and code) and the
 * person table `toSql` reads.
 *
 * @example
 * RegisterSqlColumnsSchema.parse({ eventDate: 'recorded_on' }).eventCode // 'code'
 */
export const RegisterSqlColumnsSchema = z.strictObject({
  /** Events: the person id. Default `person_id`. */
  eventPersonId: z.string().default('person_id'),
  /** Events: the code, text or a number. Default `code`. */
  eventCode: z.string().default('code'),
  /** Events: the date (a DATE or TIMESTAMP; only the day is read). Default `event_date`. */
  eventDate: z.string().default('event_date'),
  /** Events: the numeric value, or null when the table has none. Default `value`. */
  eventValue: z.string().nullable().default('value'),
  /** Codelist table: the codelist's name. Default `codelist`. */
  codelistName: z.string().default('codelist'),
  /** Codelist table: one code. Default `code`. */
  codelistCode: z.string().default('code'),
  /** Person table: the id. Default `person_id`, as in `toSql`. */
  personId: z.string().default('person_id'),
  /** Person table: date of birth. Default `birth_date`, as in `toSql`. */
  birthDate: z.string().default('birth_date'),
});

/**
 * Zod schema of the options of {@link registersToSql}.
 *
 * @example
 * RegistersSqlOptionsSchema.safeParse({ dialect: 'duckdb', asOf: '2025-03-31', codelists: [] }).success // true
 */
export const RegistersSqlOptionsSchema = z.strictObject({
  dialect: SqlDialectSchema,
  /** The evaluation date, fixed into the query as literals. */
  asOf: IsoDateSchema,
  /** The codelists the registers read: their system and match (codes are in the codelist table). */
  codelists: z.array(CodelistShapeSchema).max(100_000),
  /** Default `events`. */
  eventsTable: SqlTableNameSchema.default('events'),
  /** Default `codelist_codes`. */
  codelistTable: SqlTableNameSchema.default('codelist_codes'),
  /** Default `people`, as in `toSql`. */
  peopleTable: SqlTableNameSchema.default('people'),
  columns: RegisterSqlColumnsSchema.prefault({}),
  /** Wrap the query in `CREATE VIEW name AS ...` (`replace` where the dialect can). */
  view: z.strictObject({ name: SqlTableNameSchema, replace: z.boolean().default(false) }).optional(),
});

/**
 * Options of {@link registersToSql}: `dialect`, `asOf` and the `codelists` read, and optionally
 * the tables, their columns and a view to create.
 *
 * @example
 * const options: RegistersSqlOptions = { dialect: 'postgresql', asOf: '2025-03-31', codelists, eventsTable: ['gp', 'events'] };
 */
export type RegistersSqlOptions = z.input<typeof RegistersSqlOptionsSchema>;
