import * as z from 'zod';
import { IsoDateSchema } from '../../../core/dates.js';
import { partialRecordOf, recordOf } from '../../../core/validation.js';
import { SexSchema } from '../../records/person.js';
import { SqlDialectSchema } from './dialects.js';
import type { MarkerId } from '../../model/markers.js';

/**
 * Zod schema of a table name: one identifier, or a qualified name as its parts
 * (`['warehouse', 'people']`), so that each part is quoted on its own.
 *
 * @example
 * SqlTableNameSchema.safeParse(['warehouse', 'people']).success // true
 * SqlTableNameSchema.safeParse('warehouse.people').success      // false: pass the parts
 */
export const SqlTableNameSchema = z.union([
  z.string().refine((name) => !name.includes('.'), {
    message: "A table name written as one string cannot contain '.': pass a qualified name as its parts, e.g. ['warehouse', 'people']",
  }),
  z.array(z.string()).min(1).max(4),
]);

const ColumnSchema = z.string();
/** A column the table may lack: `null` says it is not there. */
const OptionalColumnSchema = z.string().nullable();

/**
 * Where the person layout lives in the database. The default is two tables: a person table with
 * one row per person, and a long marker table with one row per marker episode. This is the
 * zod schema of the column names, each with its default.
 *
 * @example
 * SqlColumnsSchema.parse({ id: 'pseudo_nhs_number', sex: null }).birthDate // 'birth_date'
 */
export const SqlColumnsSchema = z.strictObject({
  /** Person table: the person id. Default `person_id`. */
  id: ColumnSchema.default('person_id'),
  /** Person table: date of birth. Default `birth_date`. */
  birthDate: ColumnSchema.default('birth_date'),
  /** Person table: recorded sex, or null when the table has none (sex rules then never hold). Default `sex`. */
  sex: OptionalColumnSchema.default('sex'),
  /** Person table: date of death, or null when the table has none (no one is excluded as deceased). Default `death_date`. */
  deathDate: OptionalColumnSchema.default('death_date'),
  /**
   * Person table: the day the person joined the registered population, or null (the default)
   * when the table has none. Null by default, unlike the death date, because a query that names
   * a column the table lacks fails: name it (e.g. `registration_start_date`) to use it.
   */
  registrationDate: OptionalColumnSchema.default(null),
  /**
   * Person table: the day the person left the registered population (out from that day on), or
   * null (the default) when the table has none (no one is excluded as deregistered).
   */
  deregistrationDate: OptionalColumnSchema.default(null),
  /** Marker table: the person id. Default `person_id`. */
  markerPersonId: ColumnSchema.default('person_id'),
  /** Marker table: the marker's code. Default `marker`. */
  marker: ColumnSchema.default('marker'),
  /** Marker table: first day active, or null when markers are undated. Default `from_date`. */
  markerFrom: OptionalColumnSchema.default('from_date'),
  /** Marker table: last day active, or null when markers are undated. Default `to_date`. */
  markerTo: OptionalColumnSchema.default('to_date'),
});

/** One code, or several codes that all mean the same thing. */
/** One code, or several codes that all mean the same thing: for a marker or a sex, here and in `peopleFromRows`. */
export const CodesSchema = z.union([z.string(), z.array(z.string()).min(1).max(100_000, 'At most 100,000 codes for one marker or sex')]);

/**
 * Zod schema of the options of {@link toSql}: the dialect and evaluation date, where the person
 * layout lives (tables and columns), and the codes the data uses for sexes and markers.
 *
 * @example
 * SqlOptionsSchema.safeParse({ dialect: 'postgresql', asOf: '2024-04-01' }).success // true
 * SqlOptionsSchema.safeParse({ dialect: 'oracle', asOf: '2024-04-01' }).success     // false
 */
export const SqlOptionsSchema = z.strictObject({
  dialect: SqlDialectSchema,
  /** The evaluation date, `YYYY-MM-DD`, fixed into the query as literals. */
  asOf: IsoDateSchema,
  /** The person table. Default `people`. */
  table: SqlTableNameSchema.default('people'),
  /** The marker table. Default `person_markers`. */
  markerTable: SqlTableNameSchema.default('person_markers'),
  columns: SqlColumnsSchema.prefault({}),
  /**
   * The codes the sex column holds for each recorded sex, e.g. NHS Data Dictionary codes
   * `{ male: '1', female: '2', indeterminate: '9', unknown: '0' }`. Default: the words
   * themselves. A code in no list makes the row invalid, as an unknown sex does in a record.
   */
  sexCodes: partialRecordOf(SexSchema, CodesSchema).optional(),
  /**
   * The code or codes the marker column holds for a model's marker id, e.g.
   * `{ 'ltc-copd': ['COPD', 'COPD_REG'] }`. Default: the marker id itself.
   */
  markerCodes: recordOf(z.string(), CodesSchema).optional(),
  /** Also return one 0/1 column per segment rule, per sub-segment and per condition flag: the `matched`, `subsegments` and `conditions` of the classifier. Default false. (`condition_count` and one `overlay__` column per overlay are always returned.) */
  flags: z.boolean().default(false),
  /** Wrap the query in `CREATE VIEW name AS ...` (`replace` where the dialect can). */
  view: z.strictObject({ name: SqlTableNameSchema, replace: z.boolean().default(false) }).optional(),
});

/**
 * Options of {@link toSql}: `dialect` and `asOf`, and optionally the tables, column names, sex
 * and marker codes, result flags and a view to create.
 *
 * @example
 * const options: SqlOptions = {
 *   dialect: 'tsql', asOf: '2024-04-01', table: ['phm', 'dbo', 'people'],
 *   sexCodes: { male: '1', female: '2', indeterminate: '9', unknown: '0' },
 * };
 */
export type SqlOptions = Omit<z.input<typeof SqlOptionsSchema>, 'markerCodes'> & {
  /** Codes keyed by marker id: an editor offers the catalogue's ids; a model's own are allowed. */
  readonly markerCodes?: { readonly [id in MarkerId]?: string | readonly string[] } | undefined;
};
export type ParsedSqlOptions = z.output<typeof SqlOptionsSchema>;
