import * as z from 'zod';
import { IsoDateSchema } from '../../core/dates.js';
import { partialRecordOf, recordOf } from '../../core/validation.js';
import { SexSchema } from '../records/person.js';
import { MAX_MARKERS_PER_PERSON } from '../records/snapshot.js';
import type { MarkerId } from '../model/markers.js';
// The same code lists as `toSql` reads, so that one mapping serves the SQL and the JS path.
import { CodesSchema } from '../warehouse/sql/options.js';

/** A column of a row: any name, dots and spaces included (`'att.Age'` is one column, not a path). */
const ColumnSchema = z.string().min(1);
/** A column the rows may lack: `null` says it is not there, and is never read. */
const OptionalColumnSchema = ColumnSchema.nullable();

/** The ways a birth date can be given; a mapping uses exactly one. */
export const BIRTH_COLUMNS = ['birthDate', 'age', 'yearOfBirth', 'yearMonthOfBirth'] as const;

/**
 * Zod schema of the columns {@link peopleFromRows} reads, each with its default. The defaults
 * are `toSql`'s (`person_id`, `birth_date`, `sex`, `death_date`, and `person_id`, `marker`,
 * `from_date`, `to_date` in the marker table), so that one set of column names serves both the
 * SQL and the JS path; `imd_decile` and `locality` are the two toSql does not read.
 *
 * A birth date comes from exactly one of `birthDate`, `age` (whole years on `asOf`),
 * `yearOfBirth` (`1950`) or `yearMonthOfBirth` (`'1950-04'`); with none of them named, from
 * `birth_date`. See `birthDateAssumption` for what a partial birth date is taken to mean.
 *
 * @example
 * RowColumnsSchema.parse({ id: 'pseudo_id', age: 'att.Age' }).sex // 'sex'
 */
export const RowColumnsSchema = z
  .strictObject({
    /** The person id. Default `person_id`. */
    id: ColumnSchema.default('person_id'),
    /** Date of birth (`YYYY-MM-DD` or a `Date`). Default `birth_date`, when no other birth column is named. */
    birthDate: ColumnSchema.optional(),
    /** Age in whole years on `asOf`, instead of a birth date. */
    age: ColumnSchema.optional(),
    /** Year of birth (`1950`), instead of a birth date. */
    yearOfBirth: ColumnSchema.optional(),
    /** Year and month of birth (`'1950-04'`), instead of a birth date. */
    yearMonthOfBirth: ColumnSchema.optional(),
    /** Recorded sex, read through `sexCodes`. Default `sex`. */
    sex: OptionalColumnSchema.default('sex'),
    /** Date of death. Default `death_date`. */
    deathDate: OptionalColumnSchema.default('death_date'),
    /** The day the person joined the registered population. Default `registration_date`. */
    registrationDate: OptionalColumnSchema.default('registration_date'),
    /** The day the person left the registered population (out from that day on). Default `deregistration_date`. */
    deregistrationDate: OptionalColumnSchema.default('deregistration_date'),
    /** IMD decile, 1 (most deprived) to 10. Default `imd_decile`. */
    imdDecile: OptionalColumnSchema.default('imd_decile'),
    /** Locality (LCP, neighbourhood, practice, ...). Default `locality`. */
    locality: OptionalColumnSchema.default('locality'),
    /** Marker table: the person id. Default `person_id`. */
    markerPersonId: ColumnSchema.default('person_id'),
    /** Marker table: the marker's code. Default `marker`. */
    marker: ColumnSchema.default('marker'),
    /** Marker table: first day active, or null when markers are undated. Default `from_date`. */
    markerFrom: OptionalColumnSchema.default('from_date'),
    /** Marker table: last day active, or null when markers are undated. Default `to_date`. */
    markerTo: OptionalColumnSchema.default('to_date'),
  })
  .refine((c) => BIRTH_COLUMNS.filter((key) => c[key] !== undefined).length <= 1, {
    message: `Name one birth column at most: birthDate, age, yearOfBirth or yearMonthOfBirth`,
  });

/** A value a marker's column may be compared with. */
const TestValueSchema = z.union([z.string(), z.number().refine(Number.isFinite, 'Expected a finite number')]);

/**
 * Zod schema of one flag marker: the column that says whether a person has it, and optionally
 * the test its value must pass (at most one of `equals`, `in`, `atLeast`, `above`; without
 * one, the column is a flag: 1/0, true/false, Y/N, yes/no) and the columns of the dates it was
 * active. A string is short for `{ column }`.
 *
 * @example
 * MarkerColumnSchema.safeParse({ column: 'efi_category', in: ['Moderate', 'Severe'] }).success // true
 * MarkerColumnSchema.safeParse({ column: 'ltc_count', atLeast: 2, above: 0 }).success          // false: one test
 */
export const MarkerColumnSchema = z.union([
  ColumnSchema,
  z
    .strictObject({
      column: ColumnSchema,
      /** The marker is present when the value is this text (trimmed, exact) or this number. */
      equals: TestValueSchema.optional(),
      /** The marker is present when the value is one of these. */
      in: z.array(TestValueSchema).min(1).max(10_000).optional(),
      /** The marker is present when the value is a number at least this. */
      atLeast: z.number().refine(Number.isFinite, 'Expected a finite number').optional(),
      /** The marker is present when the value is a number greater than this. */
      above: z.number().refine(Number.isFinite, 'Expected a finite number').optional(),
      /** A column holding the first day the marker was active, where known. */
      from: ColumnSchema.optional(),
      /** A column holding the last day the marker was active, where known. */
      to: ColumnSchema.optional(),
    })
    .refine((m) => [m.equals, m.in, m.atLeast, m.above].filter((t) => t !== undefined).length <= 1, {
      message: 'Give at most one test: equals, in, atLeast or above',
    }),
]);


/**
 * Zod schema of the options of {@link peopleFromRows}: which columns hold what, what counts as
 * missing, the codes the data uses, and where the markers are.
 *
 * @example
 * RowMappingSchema.safeParse({ columns: { age: 'age' }, asOf: '2024-04-01' }).success // true
 * RowMappingSchema.safeParse({ columns: { age: 'age' } }).success                    // false: age needs asOf
 */
export const RowMappingSchema = z
  .strictObject({
    columns: RowColumnsSchema.prefault({}),
    /**
     * The date ages are given on, `YYYY-MM-DD`: needed with `columns.age`, and usually the
     * evaluation date of the segmentation.
     */
    asOf: IsoDateSchema.optional(),
    /**
     * Which day of the range a partial birth date allows is taken as the birth date:
     * `'earliest'` (the default: a month of birth means its first day, a year 1 January, and an
     * age of 70 on asOf the earliest birth date that gives 70 on asOf) or `'latest'` (its last
     * day; an age of 70 means a 70th birthday on asOf). Either gives exactly the stated age on
     * `asOf`; on later dates `'earliest'` makes people older sooner, `'latest'` later.
     */
    birthDateAssumption: z.enum(['earliest', 'latest']).default('earliest'),
    /**
     * Text that means "no value", compared after trimming, case-sensitive. Default `NA`, `N/A`,
     * `NULL`, `null`, `NaN`, `.`: what R, SQL Server, pandas and SAS write. `null`, `undefined`,
     * `NaN` and empty or blank text are always missing.
     */
    missingValues: z.array(z.string()).max(1_000).default(['NA', 'N/A', 'NULL', 'null', 'NaN', '.']),
    /**
     * How a JS `Date` (as database drivers return DATE columns) becomes a calendar date:
     * `'local'` (the default), its date in the process's time zone, which is how node-postgres
     * and mysql2 make them (local midnight), or `'utc'`, for drivers set to UTC.
     */
    dateZone: z.enum(['local', 'utc']).default('local'),
    /**
     * The codes the sex column holds for each recorded sex, compared trimmed and in any case
     * (the shape `toSql` takes). Default: the NHS Data Dictionary person stated gender codes
     * (`1` male, `2` female, `9` indeterminate, `0` and `X` not known) with `M`, `F`, `male`,
     * `female`, `indeterminate` and `unknown`. Any other code rejects the row.
     */
    sexCodes: partialRecordOf(SexSchema, CodesSchema).optional(),
    /**
     * Flag markers, keyed by marker id: the column (and test) that says whether a person has
     * each. A missing value means the person does not have it.
     */
    markers: recordOf(z.string().min(1), MarkerColumnSchema)
      .refine((m) => Object.keys(m).length <= MAX_MARKERS_PER_PERSON, `At most ${MAX_MARKERS_PER_PERSON.toLocaleString('en-GB')} flag markers`)
      .optional(),
    /**
     * One column holding a person's markers as a list: text split at `separator` (default `;`),
     * or an array (a database array column). Entries are trimmed; empty ones are skipped.
     */
    markerList: z.strictObject({ column: ColumnSchema, separator: z.string().min(1).default(';') }).optional(),
    /**
     * The code or codes the data holds for a marker id, as `toSql` takes them
     * (`{ 'ltc-copd': ['COPD', 'COPD_REG'] }`), for `markerList` entries and the marker table's
     * codes, compared exactly. A code listed here is read as its marker (a code listed for two
     * markers, as both); a marker not named here has its id as its code, as in `toSql`. So any
     * code not listed is read as a marker id itself, except the id of a marker named here (its
     * codes are the listed ones): that is read as no marker, and counted in `unmappedCodes`.
     */
    markerCodes: recordOf(z.string(), CodesSchema).optional(),
    /**
     * The column names, in order, when the rows are arrays of values rather than objects: what
     * a CSV parser gives without `columns: true`, or a data frame's rows. Every row must then be
     * an array, its values read by position (a column the header lacks is absent), which is
     * several times faster than reading objects keyed by name: a parser's objects with more
     * than a few dozen columns are hash tables to the JS engine. Names must be unique.
     */
    header: z
      .array(z.string())
      .max(100_000, 'At most 100,000 columns')
      .refine((names) => new Set(names).size === names.length, { message: 'The header names a column more than once' })
      .optional(),
  })
  .refine((m) => m.asOf !== undefined || m.columns.age === undefined, {
    message: 'Ages are whole years on a date: give asOf (YYYY-MM-DD) with columns.age',
    path: ['asOf'],
  });

/**
 * Options of {@link peopleFromRows}: the columns, and optionally `asOf`, the birth date
 * assumption, missing-value markers, the `Date` time zone, sex and marker codes, flag markers and
 * a marker list column.
 *
 * @example
 * const mapping: RowMapping = {
 *   columns: { id: 'pseudo_id', age: 'att.Age', sex: 'att.Sex', locality: 'lcp' },
 *   asOf: '2024-04-01',
 *   markers: { 'ltc-asthma': { column: 'asthma' }, 'frailty-severe': { column: 'efi_category', equals: 'Severe' } },
 * };
 */
export type RowMapping = Omit<z.input<typeof RowMappingSchema>, 'markers' | 'markerCodes'> & {
  /** Flag markers keyed by marker id: an editor offers the catalogue's ids; others are allowed. */
  readonly markers?: { readonly [id in MarkerId]?: z.input<typeof MarkerColumnSchema> } | undefined;
  /** Marker codes keyed by marker id, as `toSql` takes them. */
  readonly markerCodes?: { readonly [id in MarkerId]?: string | readonly string[] } | undefined;
};
export type ParsedRowMapping = z.output<typeof RowMappingSchema>;
