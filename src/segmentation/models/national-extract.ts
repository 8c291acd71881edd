import * as z from 'zod';
import { parseInput } from '../../core/validation.js';
import type { RowMapping } from '../ingestion/mapping.js';
import { BRIDGES_TO_HEALTH_CONDITIONS } from './bridges-to-health.js';

/**
 * Zod schema of the options of {@link nationalExtractMapping}: the columns of an extract of
 * the national segmentation dataset, where yours are named otherwise. The defaults are the
 * national data model's own names (`FACT_MODEL`, `DIM_PERSON`, `DIM_SUBSEGMENT_COMBINATIONS`),
 * as NHS England's analysis code reads them.
 *
 * @example
 * NationalExtractOptionsSchema.parse({}).id // 'Person_Id'
 */
export const NationalExtractOptionsSchema = z.strictObject({
  /** The person's id. Default `Person_Id` (FACT_MODEL, DIM_PERSON's PERSON_ID). */
  id: z.string().min(1).default('Person_Id'),
  /** Date of birth. Default `DATE_OF_BIRTH` (DIM_PERSON). */
  birthDate: z.string().min(1).default('DATE_OF_BIRTH'),
  /** Date of death. Default `DATE_OF_DEATH` (DIM_PERSON). */
  deathDate: z.string().min(1).nullable().default('DATE_OF_DEATH'),
  /** Recorded gender, as words. Default `GENDER_DESCRIPTION` (DIM_PERSON). */
  sex: z.string().min(1).nullable().default('GENDER_DESCRIPTION'),
  /** IMD decile. Default `IMD_DECILE` (DIM_PERSON). */
  imdDecile: z.string().min(1).nullable().default('IMD_DECILE'),
  /** A locality to count by, such as the practice. Default `GP_ORG_CODE` (DIM_GP_PRACTICE); null for none. */
  locality: z.string().min(1).nullable().default('GP_ORG_CODE'),
  /** The maternal health flag (1 or NULL), read as an active pregnancy that month. Default `Maternal_Health_Flag` (FACT_MODEL); null for none. */
  maternalHealth: z.string().min(1).nullable().default('Maternal_Health_Flag'),
  /** Where the extract's flag columns are named otherwise: national column name (`COPD`, `Severe_COPD`, ...) to yours. */
  flags: z.partialRecord(z.enum(BRIDGES_TO_HEALTH_CONDITIONS.map((c) => c.column) as [string, ...string[]]), z.string().min(1)).optional(),
});

/**
 * Options of {@link nationalExtractMapping}: the column names of your extract, where they are
 * not the national data model's.
 *
 * @example
 * const options: NationalExtractOptions = { id: 'person_id', flags: { COPD: 'ltc_copd' } };
 */
export type NationalExtractOptions = z.input<typeof NationalExtractOptionsSchema>;

/**
 * The mapping for `peopleFromRows` that reads one month of the national segmentation dataset,
 * one row a person: `FACT_MODEL` for that `Date_Id`, joined to `DIM_PERSON` and
 * `DIM_SUBSEGMENT_COMBINATIONS` (and `DIM_GP_PRACTICE` for the locality). Each of the 41
 * condition flags (1, or NULL for not set) becomes the marker `bridgesToHealth` reads for it,
 * and `Maternal_Health_Flag` an active pregnancy (the maternal-health overlay), so
 * that segmenting the people with `bridgesToHealth` on that month end gives back the dataset's
 * segment flags: check your counts against its `HIGHEST_ACUITY_SEGMENT` with it, and see which
 * precedence your extract follows. Flags are undated, so the people are as they were that month.
 *
 * @example
 * const month = rows.filter((r) => r.Date_Id === '20240331');
 * const { people } = peopleFromRows(month, nationalExtractMapping());
 * segmentPopulation(people, bridgesToHealth, { asOf: '2024-03-31' }).counts.bySegment;
 */
export function nationalExtractMapping(options: NationalExtractOptions = {}): RowMapping {
  const o = parseInput(NationalExtractOptionsSchema, options, 'national extract options');
  return {
    columns: { id: o.id, birthDate: o.birthDate, deathDate: o.deathDate, sex: o.sex, imdDecile: o.imdDecile, locality: o.locality },
    // The national data model writes gender in words; the NHS Data Dictionary codes are accepted too.
    sexCodes: { female: ['Female', '2', 'F'], male: ['Male', '1', 'M'], indeterminate: ['Indeterminate', '9'], unknown: ['Not known', 'Not specified', 'Unknown', '0', 'X'] },
    markers: {
      ...Object.fromEntries(BRIDGES_TO_HEALTH_CONDITIONS.map((c) => [c.marker, { column: o.flags?.[c.column] ?? c.column }])),
      // The flag says the month is in the maternal window: an undated pregnancy, active on that month end.
      ...(o.maternalHealth === null ? {} : { pregnancy: { column: o.maternalHealth } }),
    },
  };
}
