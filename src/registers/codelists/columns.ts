/**
 * Where `parseCodelist` finds the code and the term in an OpenCodelists CSV. The header names
 * are those OpenCodelists (opencodelists.org) writes, and has written over the years, as seen
 * in these public repositories (headers and facts only were taken from them):
 *
 * - OpenCodelists itself, opensafely-core/opencodelists: the `csv_headers` of
 *   `coding_systems/{dmd,icd10,snomedct,ctv3,readv2}/coding_system.py`, the
 *   `possible_columns_by_coding_system` of `codelists/presenters.py`, and the downloads in
 *   `codelists/tests/test_api.py` and `codelists/tests/views/test_version_download.py`: today's
 *   download is `code,term` (dm+d: `code,term,dmd_id,dmd_type,bnf_code` or `code,term,dmd_id`),
 *   an older dm+d one `dmd_type,dmd_id,dmd_name,bnf_code`.
 * - Codelists committed in OpenSAFELY studies under `codelists/`:
 *   `code,term` (opensafely/winter-pressures-phase-II
 *   `nhsd-primary-care-domain-refsets-dm_cod.csv`; opensafely/ckd-healthcare-use
 *   `user-viyaasan-critical-care.csv`, OPCS-4; opensafely/metfin_covid
 *   `user-alainamstutz-diabetes-complications-icd10-bristol.csv`, ICD-10);
 *   `code,term,reduced` (opensafely/renal-short-data-report `ukrr-dialysis-opcs-4.csv`);
 *   `code,term,dmd_id,dmd_type,bnf_code` (opensafely/metfin_covid
 *   `user-john-tazare-metformin-dmd.csv`);
 *   `code,term,snomed_id,obj_type,vpid,bnf_code,bnf_name,form_route` (opensafely/metfin_covid
 *   `opensafely-asthma-oral-prednisolone-medication.csv`);
 *   `obj_type,vpid,snomed_id,bnf_code,dmd_name,bnf_name,form_route` (opensafely/vaccine-eligibility
 *   `opensafely-dmards.csv`); `type,id,bnf_code,nm` (opensafely/vaccine-eligibility
 *   `opensafely-asthma-inhaler-salbutamol-medication.csv`);
 *   `CTV3ID,CTV3PreferredTermDesc,CTV3Source` (opensafely/risk-factors-research
 *   `opensafely-asthma-diagnosis.csv`); `CTV3Code,Description,CodeSource,Category`
 *   (opensafely/risk-factors-research `opensafely-smoking-clear.csv`);
 *   `Description,Code,Grouping_16,Grouping_6` (opensafely/vaccine-eligibility
 *   `opensafely-ethnicity.csv`, CTV3); `icd10_code,name,detail`
 *   (opensafely/post-covid-outcomes-research `opensafely-type-1-diabetes-secondary-care.csv`).
 * - The columns the OpenCodelists builder takes on upload (opensafely/documentation
 *   `docs/codelist-creation.md`): `SNOMEDCode`, `DMDCode`, `ICD10Code`, `CTV3Code`, `Read2Code`.
 */
import { PhmValidationError } from '../../core/errors.js';
import { deepFreeze } from '../../core/freeze.js';
import { codeLabel, quoted, type CodeSystemId } from './code-systems.js';
import type { CsvRecord } from './csv.js';

/**
 * The header names (compared in lower case, spaces trimmed) under which `parseCodelist` looks
 * for the code column when no `codeColumn` is named, in order of preference per code system:
 * `code` first, as OpenCodelists downloads are written today, then the older layouts' names.
 * In a dm+d file `dmd_id` is taken, never `vpid` (the product's parent VMP) or `bnf_code`. The
 * sources are listed in the comment at the top of this module.
 *
 * @example
 * KNOWN_CODE_COLUMNS.ctv3 // ['code', 'ctv3id', 'ctv3code', 'ctv3_id', 'id']
 */
export const KNOWN_CODE_COLUMNS: Readonly<Record<CodeSystemId, readonly string[]>> = deepFreeze({
  'snomed-ct': ['code', 'snomedcode', 'snomed_id', 'snomedct_id', 'dmd_id', 'id'],
  dmd: ['code', 'dmd_id', 'dmdcode', 'snomed_id', 'dmd', 'id'],
  icd10: ['code', 'icd10_code', 'icd_code', 'icd10code', 'icd10', 'icd code', 'icd', 'id'],
  opcs4: ['code', 'id'],
  ctv3: ['code', 'ctv3id', 'ctv3code', 'ctv3_id', 'id'],
  readv2: ['code', 'readcode', 'read2code'],
});

/**
 * The header names (compared in lower case, spaces trimmed) under which `parseCodelist` looks
 * for the term column when no `termColumn` is named, in order of preference per code system.
 * A file with none of them gives a codelist without terms; terms are for people, never matched.
 *
 * @example
 * KNOWN_TERM_COLUMNS.dmd // ['term', 'dmd_name', 'name', 'nm', 'description']
 */
export const KNOWN_TERM_COLUMNS: Readonly<Record<CodeSystemId, readonly string[]>> = deepFreeze({
  'snomed-ct': ['term', 'name', 'description', 'long_name', 'dmd_name', 'nm'],
  dmd: ['term', 'dmd_name', 'name', 'nm', 'description'],
  icd10: ['term', 'description', 'name', 'diag_desc'],
  opcs4: ['term', 'description', 'name'],
  ctv3: ['term', 'ctv3preferredtermdesc', 'description', 'ctv3_description', 'ctv3_name', 'ctv3term', 'readterm', 'ctvterm'],
  readv2: ['term', 'readcodedescr', 'description'],
});

/** A list of names for a message: quoted, the first 20, then how many more. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 20).map(quoted).join(', ');
  return names.length > 20 ? `${shown} and ${names.length - 20} more` : shown;
}

const lower = (name: string) => name.trim().toLowerCase();

/** The column named exactly `name`, or a refusal naming the columns there are (and a near miss). */
function namedColumn(header: CsvRecord, name: string, option: 'codeColumn' | 'termColumn'): number {
  const index = header.fields.indexOf(name);
  if (index >= 0) return index;
  const near = header.fields.find((field) => lower(field) === lower(name));
  const message = `No column is named ${quoted(name)}: the header row (line ${header.line}) has ${listed(header.fields)}${near === undefined ? '' : `; did you mean ${quoted(near)}?`}`;
  throw new PhmValidationError(`Invalid options: ${option}: ${message}`, [{ path: [option], message }]);
}

/** The first of `known` that some header field is (in lower case), or undefined. */
function knownColumn(header: CsvRecord, known: readonly string[], skip: number): number | undefined {
  const names = header.fields.map(lower);
  for (const name of known) {
    const index = names.findIndex((field, i) => field === name && i !== skip);
    if (index >= 0) return index;
  }
  return undefined;
}

/**
 * The indexes of the code and term columns of a CSV's header row (of the codelist `name`): the
 * columns named in the options, which must exist, else the first known name of the system's
 * (the term column may be missing, the code column not).
 */
export function findColumns(name: string, header: CsvRecord, system: CodeSystemId, codeColumn: string | undefined, termColumn: string | undefined): { code: number; term: number | undefined } {
  const code = codeColumn === undefined ? knownColumn(header, KNOWN_CODE_COLUMNS[system], -1) : namedColumn(header, codeColumn, 'codeColumn');
  if (code === undefined) {
    const message = `Line ${header.line}: no code column: the header row has ${listed(header.fields)}, and ${codeLabel(system)} column is looked for under the names (in any case) ${listed(KNOWN_CODE_COLUMNS[system])}. Name it with the codeColumn option (the first row must be a header row)`;
    throw new PhmValidationError(`Invalid codelist ${name}: ${message}`, [{ path: ['line', header.line], message }]);
  }
  const term = termColumn === undefined ? knownColumn(header, KNOWN_TERM_COLUMNS[system], code) : namedColumn(header, termColumn, 'termColumn');
  return { code, term };
}
