/**
 * `phm-kit segment`: its flags and help, read into {@link SegmentSettings} for the streaming
 * pipeline (segment/run.ts), which reads the people in a CSV file (and optionally a
 * marker-episode CSV), segments them with a model on a date, and writes one line per input
 * row, in input order, in bounded memory.
 */
import { DEFAULT_STREAM_BATCH_SIZE } from 'phm-kit/segmentation';
import { dateFlag, HELP_FLAG, integerFlag, required, usage } from '../args.js';
import { defineCommand, type Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_CODES_HELP } from '../help.js';
import { readJsonObject } from '../json-file.js';
import { resolveModel } from '../model-source.js';
import { runSegmentation, type SegmentSettings } from '../segment/run.js';

/** The flags `phm-kit segment` takes. */
export const SEGMENT_FLAGS = {
  model: { type: 'string', short: 'm' },
  'as-of': { type: 'string' },
  mapping: { type: 'string' },
  markers: { type: 'string' },
  out: { type: 'string', short: 'o' },
  rejected: { type: 'string' },
  strict: { type: 'boolean' },
  'check-duplicates': { type: 'boolean' },
  delimiter: { type: 'string' },
  'batch-size': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  ...HELP_FLAG,
} as const;

/** `phm-kit segment --help`. */
export const SEGMENT_HELP = `Usage: phm-kit segment <people.csv> --model <name|model.json> --as-of <YYYY-MM-DD>
                       --out <assignments.csv> [flags]

Segments everyone in a CSV file (a header line, then one row per person) on a date,
streaming: a file of any length is read in bounded memory. Give - as the file to read stdin
(a pipe from zcat, say).

Flags:
  -m, --model <name|file>   leeds2024, leeds2017, bridgesToHealth, or a model spec in JSON
      --as-of <date>        the evaluation date, YYYY-MM-DD
      --mapping <file>      JSON: the peopleFromRows options for the file's columns and
                            codes (columns, markers, markerList, markerCodes, sexCodes,
                            missingValues, birthDateAssumption, dateZone, asOf). Without
                            it the columns are person_id, birth_date, sex, death_date,
                            imd_decile and locality; asOf defaults to --as-of
      --markers <file>      a second CSV, of marker episodes: person_id, marker, from_date,
                            to_date (or the mapping's names for them); held in memory
  -o, --out <file>          the assignments CSV, or - for stdout (the summary then goes to
                            stderr); written whole or not at all
      --rejected <file>     also a CSV of the rejected rows, one line per issue
      --strict              exit 1 when any row of either file was rejected
      --check-duplicates    reject a row whose person id an earlier row had (every id is
                            then held in memory, about 50 bytes each)
      --delimiter <char>    the field delimiter: , (the default), ; or tab
      --batch-size <n>      rows per batch, default ${DEFAULT_STREAM_BATCH_SIZE.toLocaleString('en-GB')}
  -q, --quiet               no progress on stderr (drawn only on a terminal anyway)
  -h, --help                this help

The assignments CSV has one line per input row, in input order:
  index          the row's position among the data rows, counting from 0: the first row
                 after the header is index 0 (the library's index, used in every message)
  person_id      the row's person id
  status         assigned, rejected or excluded
  reason         empty when assigned; invalid-record, duplicate-id or unreadable-record
                 when rejected; deceased, deregistered, not-yet-born or
                 not-yet-registered when excluded
  segment        the segment's id, when assigned
  segment_index  its place in the model's precedence order, from 0
  subsegments    the sub-segments of the segment whose rules hold, separated by ;
  conditions     every sub-segment of the model whose rule holds, whatever the segment:
                 the person's condition flags, separated by ;
  condition_count  how many condition flags are set
  overlays       the model's overlays that hold (flags beside the hierarchy, such as
                 maternal health), separated by ;
  detail         what was wrong, in words, or the exclusion with its dates; empty when
                 assigned (each segment's rule is in phm-kit models)
The rejected CSV has one line per issue: table (people or markers), index (from 0, in that
file), person_id, reason, column, message.
The summary goes to stdout: people per segment with a total, rejected and excluded rows by
reason, unknown markers with suggestions, absent columns and unmapped codes.

${EXIT_CODES_HELP}
`;

/** A `--delimiter` value as csv-parse takes it. */
export function delimiterOf(value: string | undefined): string {
  if (value === undefined) return ',';
  if (value === 'tab' || value === '\\t') return '\t';
  if ([...value].length !== 1 || /["\r\n]/.test(value)) throw usage('segment', `--delimiter ${JSON.stringify(value)}: give one character, or tab`);
  return value;
}

/** The mapping file's options, with `asOf` from `--as-of` when the file does not give one. */
export function mappingOf(path: string | undefined, asOf: string): Record<string, unknown> {
  const mapping = path === undefined ? {} : readJsonObject(path, 'mapping');
  if (Object.hasOwn(mapping, 'personMarkers')) throw new CliError(`${path}: personMarkers is a table, not a setting: give it as a CSV file with --markers`);
  return Object.hasOwn(mapping, 'asOf') ? mapping : { ...mapping, asOf };
}

/** `phm-kit segment`: resolves to the exit code. */
export const segmentCommand: Command = defineCommand({
  name: 'segment',
  flags: SEGMENT_FLAGS,
  help: SEGMENT_HELP,
  positionals: 1,
  run: async ({ values, positionals: [file] }, io) => {
    if (file === undefined) throw usage('segment', 'give the people CSV file to read');
    const asOf = dateFlag('segment', 'as-of', required('segment', 'as-of', values['as-of']));
    const out = required('segment', 'out', values.out);
    if (values.rejected === out) throw usage('segment', '--out and --rejected must be different files');
    if (file === '-' && values.markers === '-') throw usage('segment', 'only one of the files can be read from stdin (-)');
    const settings: SegmentSettings = {
      file,
      model: resolveModel(required('segment', 'model', values.model)),
      asOf,
      mapping: mappingOf(values.mapping, asOf),
      mappingFile: values.mapping,
      markersFile: values.markers,
      out,
      rejected: values.rejected,
      strict: values.strict === true,
      quiet: values.quiet === true,
      delimiter: delimiterOf(values.delimiter),
      checkDuplicates: values['check-duplicates'] === true,
      batchSize: values['batch-size'] === undefined ? DEFAULT_STREAM_BATCH_SIZE : integerFlag('segment', 'batch-size', values['batch-size'], 1, 1_000_000),
    };
    return runSegmentation(settings, io);
  },
});
