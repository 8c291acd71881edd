/**
 * `phm-kit registers`: coded events and codelist files in, the `person_markers` table out. It
 * reads an events CSV and a people CSV, the codelists in a directory (OpenCodelists downloads,
 * read by the library's `parseCodelist`), runs the built-in registers (those whose codelists are
 * all there) or the registers of a JSON file, and writes one line per marker entry, in the
 * layout `phm-kit segment --markers` and `toSql` read. With `--sorted` (both files sorted by
 * person id) it streams in bounded memory; without, the events are held in memory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  BUILT_IN_CODELISTS,
  BUILT_IN_REGISTERS,
  deriveMarkers,
  deriveMarkerStream,
  hfrsCodelists,
  parseCodelist,
  PhmError,
  type Codelist,
  type PersonMarkers,
  type Register,
  type RegisterSpec,
} from 'phm-kit/registers';
import { dateFlag, HELP_FLAG, required, usage } from '../args.js';
import { defineCommand, type Command } from '../command.js';
import { openCsv, type CsvFile } from '../csv-read.js';
import { csvLine } from '../csv-write.js';
import { CliError, describeIssues, EXIT } from '../errors.js';
import { EXIT_CODES_HELP } from '../help.js';
import { fileProblem, readJsonFile, readJsonObject } from '../json-file.js';
import { openOutput } from '../output.js';

/** The flags `phm-kit registers` takes. */
export const REGISTERS_FLAGS = {
  people: { type: 'string' },
  codelists: { type: 'string' },
  'as-of': { type: 'string' },
  registers: { type: 'string' },
  columns: { type: 'string' },
  out: { type: 'string', short: 'o' },
  sorted: { type: 'boolean' },
  strict: { type: 'boolean' },
  ...HELP_FLAG,
} as const;

/** `phm-kit registers --help`. */
export const REGISTERS_HELP = `Usage: phm-kit registers <events.csv> --people <people.csv> --codelists <dir>
                         --as-of <YYYY-MM-DD> --out <person_markers.csv> [flags]

Turns coded events (SNOMED CT, dm+d, ICD-10, OPCS-4, CTV3, Read v2) into register markers:
one line per marker entry (person_id, marker, from_date, to_date), the table that
phm-kit segment --markers and phm-kit sql read (docs/registers.md).

Flags:
      --people <file>       a CSV of people: person_id, birth_date
      --codelists <dir>     a directory of codelist CSVs (OpenCodelists downloads), one a
                            codelist, named by the file: DM_COD.csv, or OpenCodelists' own
                            nhsd-primary-care-domain-refsets-dm_cod.csv, is DM_COD. Each
                            is read as its built-in system (SNOMED CT, or dm+d for drug
                            clusters), else SNOMED CT; a codelists.json in the directory may
                            say otherwise: { "HOSP_DX": { "system": "icd10", "match": "prefix" } }.
                            The HFRS categories are built in.
      --as-of <date>        the evaluation date, YYYY-MM-DD
      --registers <file>    JSON: an array of register definitions; without it, every
                            built-in register whose codelists are all in the directory
      --columns <file>      JSON: the files' column names, default
                            { "personId": "person_id", "code": "code", "date": "event_date",
                              "value": "value", "id": "person_id", "birthDate": "birth_date" }
  -o, --out <file>          the person_markers CSV, or - for stdout (the summary then goes
                            to stderr); written whole or not at all
      --sorted              both files are sorted by person id: stream them in bounded memory
      --strict              exit 1 when any event or person could not be read
  -h, --help                this help

${EXIT_CODES_HELP}
`;

const DEFAULT_COLUMNS = { personId: 'person_id', code: 'code', date: 'event_date', value: 'value', id: 'person_id', birthDate: 'birth_date' };
type Columns = typeof DEFAULT_COLUMNS;
const PCD_PREFIX = 'NHSD_PRIMARY_CARE_DOMAIN_REFSETS_';

/** A codelist's name from its file's: `nhsd-primary-care-domain-refsets-dm_cod.csv` is DM_COD. */
export function codelistNameOf(file: string): string {
  const name = basename(file, '.csv').toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
  return name.startsWith(PCD_PREFIX) ? name.slice(PCD_PREFIX.length) : name;
}

/** Every codelist in `dir`, read by the library; the HFRS categories added unless given. */
export function readCodelists(dir: string): Codelist[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.csv')).sort();
  } catch (error) {
    throw new CliError(`codelists directory ${fileProblem(dir, error)}`);
  }
  const manifestPath = join(dir, 'codelists.json');
  const manifest = readdirSync(dir).includes('codelists.json') ? readJsonObject(manifestPath, 'codelists manifest') : {};
  const lists: Codelist[] = [];
  for (const file of files) {
    const name = codelistNameOf(file);
    const declared = (manifest[name] ?? {}) as { system?: string; match?: string };
    const system = declared.system ?? BUILT_IN_CODELISTS.find((c) => c.name === name)?.system ?? 'snomed-ct';
    const path = join(dir, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new CliError(`codelist file ${fileProblem(path, error)}`);
    }
    try {
      lists.push(parseCodelist(text, { name, system, ...(declared.match === undefined ? {} : { match: declared.match }) } as never));
    } catch (error) {
      throw error instanceof PhmError ? new CliError(`${path}: ${error.message.replace(/^Invalid [^:]*: /, '')}`) : error;
    }
  }
  for (const hfrs of hfrsCodelists()) if (!lists.some((l) => l.name === hfrs.name)) lists.push(hfrs);
  return lists;
}

/** The registers to run: a file's, or the built-in ones whose codelists are all given (and which were left out). */
function registersOf(file: string | undefined, codelists: readonly Codelist[]): { registers: readonly (Register | RegisterSpec)[]; skipped: string[] } {
  if (file !== undefined) {
    const specs = readJsonFile(file, 'registers');
    if (!Array.isArray(specs)) throw new CliError(`${file}: expected an array of register definitions`);
    return { registers: specs as RegisterSpec[], skipped: [] };
  }
  const have = new Set(codelists.map((c) => c.name));
  const registers = BUILT_IN_REGISTERS.filter((r) => r.codelists.every((n) => have.has(n)));
  const skipped = BUILT_IN_REGISTERS.filter((r) => !registers.includes(r)).map((r) => `${r.marker} (needs ${r.codelists.filter((n) => !have.has(n)).slice(0, 3).join(', ')}${r.codelists.filter((n) => !have.has(n)).length > 3 ? ', ...' : ''})`);
  return { registers, skipped };
}

const text = (row: unknown, column: string): string | undefined => {
  const v = (row as Record<string, unknown>)[column];
  return typeof v === 'string' && v !== '' ? v : undefined;
};
/** A CSV date, or the day of a timestamp (`2024-01-10 09:30:00`). */
const day = (v: string | undefined) => (v !== undefined && /^\d{4}-\d{2}-\d{2}([ T].*)?$/.test(v) ? v.slice(0, 10) : v);

function eventOf(row: unknown, c: Columns): unknown {
  const raw = text(row, c.value);
  const value = raw === undefined || raw === 'NA' ? undefined : Number(raw);
  return { personId: text(row, c.personId), code: text(row, c.code), date: day(text(row, c.date)), ...(value === undefined ? {} : { value }) };
}

const personOf = (row: unknown, c: Columns): unknown => ({ id: text(row, c.id), birthDate: day(text(row, c.birthDate)) });

async function* mapped(file: CsvFile, map: (row: unknown) => unknown): AsyncGenerator<unknown> {
  for await (const row of file.records) yield map(row);
  const failure = file.failure();
  if (failure !== undefined) throw new CliError(`${file.name}: ${failure instanceof Error ? failure.message : String(failure)}`);
}

async function collect(file: CsvFile, map: (row: unknown) => unknown): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of mapped(file, map)) out.push(item);
  return out;
}

const entryLine = (p: PersonMarkers) => p.markers.map((m) => csvLine(typeof m === 'string' ? [p.personId, m, '', ''] : [p.personId, m.id, m.from ?? '', m.to ?? ''])).join('');

/** `phm-kit registers`: resolves to the exit code. */
export const registersCommand: Command = defineCommand({
  name: 'registers',
  flags: REGISTERS_FLAGS,
  help: REGISTERS_HELP,
  positionals: 1,
  run: async ({ values, positionals }, io) => {
    const eventsPath = positionals[0];
    if (eventsPath === undefined) throw usage('registers', 'give the events CSV file');
    const peoplePath = required('registers', 'people', values.people);
    const asOf = dateFlag('registers', 'as-of', required('registers', 'as-of', values['as-of']));
    const outPath = required('registers', 'out', values.out);
    const columns = { ...DEFAULT_COLUMNS, ...(values.columns === undefined ? {} : (readJsonObject(values.columns, 'columns') as Partial<Columns>)) };
    const codelists = readCodelists(required('registers', 'codelists', values.codelists));
    const { registers, skipped } = registersOf(values.registers, codelists);
    if (registers.length === 0) throw new CliError(`no register can run: the codelists directory has none of the codelists they read (${skipped.slice(0, 3).join('; ')})`);
    const events = await openCsv(eventsPath, 'events', { delimiter: ',' }, io.stdin);
    const people = await openCsv(peoplePath, 'people', { delimiter: ',' }, io.stdin);
    const out = await openOutput(outPath, 'person_markers', io.stdout);
    const summaryTo = outPath === '-' ? io.stderr : io.stdout;
    try {
      await out.write(csvLine(['person_id', 'marker', 'from_date', 'to_date']));
      let summary: { registers: readonly { marker: string; people: number; ended: number }[]; events: Record<string, number>; unmatched: readonly { code: string; events: number }[]; rejectedPeople: number; reported: readonly { index: number; kind: string; message: string }[] };
      try {
        if (values.sorted === true) {
          const stream = deriveMarkerStream(mapped(events, (r) => eventOf(r, columns)), registers, { asOf, codelists, people: mapped(people, (r) => personOf(r, columns)) });
          for await (const person of stream.people) if (person.markers.length > 0) await out.write(entryLine(person));
          const s = stream.summary();
          summary = { registers: s.registers, events: { ...s.events }, unmatched: s.unmatchedCodes, rejectedPeople: s.rejectedCount, reported: s.reportedEvents };
        } else {
          const derived = deriveMarkers(await collect(events, (r) => eventOf(r, columns)), registers, { asOf, codelists, people: await collect(people, (r) => personOf(r, columns)) });
          for (const person of derived.people) if (person.markers.length > 0) await out.write(entryLine(person));
          summary = { registers: derived.registers, events: { ...derived.events }, unmatched: derived.unmatchedCodes, rejectedPeople: derived.rejectedPeople.length, reported: derived.reportedEvents };
        }
      } catch (error) {
        throw error instanceof PhmError ? new CliError(describeIssues(error.issues, values.registers)) : error;
      }
      await out.close();
      const n = (x: number) => x.toLocaleString('en-GB');
      const lines = [`Registers on ${asOf}:`, ...summary.registers.map((r) => `  ${r.marker.padEnd(34)}${n(r.people).padStart(10)}${r.ended > 0 ? `  (${n(r.ended)} ended)` : ''}`)];
      if (skipped.length > 0) lines.push(`Not run, their codelists are not in the directory: ${skipped.join('; ')}`);
      const e = summary.events;
      lines.push(`Events: ${n(e['total'] ?? 0)} = ${n(e['read'] ?? 0)} read + ${n(e['afterAsOf'] ?? 0)} after --as-of + ${n(e['noCodelist'] ?? 0)} in no codelist + ${n(e['unknownPerson'] ?? 0)} of unknown people + ${n(e['rejectedPerson'] ?? 0)} of rejected people + ${n(e['malformed'] ?? 0)} malformed`);
      if (summary.unmatched.length > 0) lines.push(`Codes in no codelist, most frequent: ${summary.unmatched.slice(0, 5).map((c) => `${c.code} (${n(c.events)})`).join(', ')}`);
      for (const r of summary.reported.slice(0, 5)) lines.push(`  event row ${r.index}: ${r.kind}: ${r.message}`);
      if (summary.rejectedPeople > 0) lines.push(`People rejected: ${n(summary.rejectedPeople)}`);
      summaryTo.write(`${lines.join('\n')}\n`);
      const problems = (e['malformed'] ?? 0) + (e['rejectedPerson'] ?? 0) + summary.rejectedPeople;
      return values.strict === true && problems > 0 ? EXIT.rejected : EXIT.done;
    } catch (error) {
      await out.abort();
      events.close();
      people.close();
      throw error;
    }
  },
});
