/**
 * The streaming pipeline of `phm-kit segment`, from settings already read from the command
 * line: CSV records from csv-parse, people from `peopleFromRowStream`, batches from
 * `segmentStream`, and each batch's lines written out (with backpressure) before the next is
 * read, so that memory holds one batch however long the file is. On any failure the outputs'
 * temporary files are removed and the inputs closed, and the error names the file at fault.
 */
import { PhmValidationError } from 'phm-kit';
import { peopleFromRowStream, segmentStream, type RowStream, type RowStreamOptions, type SegmentationModel, type StreamBatch } from 'phm-kit/segmentation';
import { openCsv, type CsvFile } from '../csv-read.js';
import { csvLine } from '../csv-write.js';
import { CliError, describeIssues, EXIT, rootCause } from '../errors.js';
import type { CliIo } from '../io.js';
import { openOutput, type Output } from '../output.js';
import { startProgress, type Progress, type ProgressSample } from '../progress.js';
import { ASSIGNMENT_COLUMNS, assignmentLines, REJECTED_COLUMNS, rejectedLines } from './rows.js';
import { formatSummary } from './summary.js';
import { createTally } from './tally.js';

/** What `phm-kit segment` was asked to do, its flags read and checked. */
export interface SegmentSettings {
  readonly file: string;
  readonly model: SegmentationModel;
  readonly asOf: string;
  /** The `peopleFromRows` options (without `personMarkers`), and the file they came from. */
  readonly mapping: Readonly<Record<string, unknown>>;
  readonly mappingFile: string | undefined;
  readonly markersFile: string | undefined;
  readonly out: string;
  readonly rejected: string | undefined;
  readonly strict: boolean;
  readonly quiet: boolean;
  readonly delimiter: string;
  readonly checkDuplicates: boolean;
  readonly batchSize: number;
}

/** What the pipeline holds open, to let go of on failure. */
interface Held {
  readonly inputs: CsvFile[];
  readonly outputs: Output[];
  progress?: Progress;
}

/** A failure in words: a file that could not be read as CSV is named, with the parser's reason. */
export function explainFailure(error: unknown, inputs: readonly CsvFile[]): unknown {
  const cause = rootCause(error);
  if (cause instanceof CliError) return cause;
  const file = inputs.find((f) => f.failure() !== undefined && f.failure() === cause);
  if (file === undefined) return error;
  const code = (cause as { code?: unknown }).code;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CliError(typeof code === 'string' && code.startsWith('CSV_') ? `${file.name}: not valid CSV: ${reason}` : `${file.name}: reading failed: ${reason}`);
}

/** `peopleFromRowStream` over the files, its option errors named by the mapping file. */
function ingest(settings: SegmentSettings, people: CsvFile, markers: CsvFile | undefined): RowStream {
  const options = { ...settings.mapping, ...(markers === undefined ? {} : { personMarkers: markers.records }) } as RowStreamOptions;
  try {
    return peopleFromRowStream(people.records, options);
  } catch (error) {
    if (error instanceof PhmValidationError) throw new CliError(describeIssues(error.issues, settings.mappingFile ?? 'the default mapping'));
    throw error;
  }
}

/** What the progress line shows: the marker file while it is read first, then the people file. */
function sampler(people: CsvFile, markers: CsvFile | undefined): () => ProgressSample {
  const of = (f: CsvFile): ProgressSample => ({ label: f.name, rows: f.position().records, bytes: f.position().bytes, size: f.size });
  return () => (markers !== undefined && !markers.ended() ? of(markers) : of(people));
}

/** Runs the pipeline; resolves to the exit code. */
export async function runSegmentation(settings: SegmentSettings, io: CliIo): Promise<number> {
  const held: Held = { inputs: [], outputs: [] };
  try {
    return await run(settings, io, held);
  } catch (error) {
    held.progress?.stop();
    for (const input of held.inputs) input.close();
    for (const output of held.outputs) await output.abort();
    throw explainFailure(error, held.inputs);
  }
}

async function run(settings: SegmentSettings, io: CliIo, held: Held): Promise<number> {
  const { model, asOf } = settings;
  const people = await openCsv(settings.file, 'people', settings, io.stdin);
  held.inputs.push(people);
  const markers = settings.markersFile === undefined ? undefined : await openCsv(settings.markersFile, 'markers', settings, io.stdin);
  if (markers !== undefined) held.inputs.push(markers);
  const rows = ingest(settings, people, markers);
  const batches = segmentStream(rows.people, model, { asOf, batchSize: settings.batchSize, duplicateIds: settings.checkDuplicates ? 'reject-repeats' : 'ignore' });

  // Opened before anything is read, so that a path that cannot be written fails at once.
  const assignments = await openOutput(settings.out, 'assignments', io.stdout);
  held.outputs.push(assignments);
  const rejected = settings.rejected === undefined ? undefined : await openOutput(settings.rejected, 'rejected', io.stdout);
  if (rejected !== undefined) held.outputs.push(rejected);
  await assignments.write(csvLine(ASSIGNMENT_COLUMNS));
  await rejected?.write(csvLine(REJECTED_COLUMNS));

  held.progress = startProgress(io, sampler(people, markers), !settings.quiet);
  const segmentIndex = new Map(model.segments.map((s, i) => [s.id, i]));
  const tally = createTally();
  let rejectedLineCount = 0;
  let last: StreamBatch | undefined;
  for await (const batch of batches) {
    await assignments.write(assignmentLines(batch, segmentIndex));
    if (rejected !== undefined && batch.rejected.length > 0) {
      const { text, lines } = rejectedLines('people', batch.rejected);
      rejectedLineCount += lines;
      await rejected.write(text);
    }
    tally.add(batch);
    last = batch;
  }
  const ingestion = rows.summary();
  const markerRejections = ingestion.markerRows?.rejected ?? [];
  if (rejected !== undefined && markerRejections.length > 0) {
    const { text, lines } = rejectedLines('markers', markerRejections);
    rejectedLineCount += lines;
    await rejected.write(text);
  }
  for (const output of held.outputs) await output.close();
  held.progress.stop();

  // segmentStream always yields a last batch (an empty source yields one empty batch).
  const final = last as StreamBatch;
  const outputs = { out: settings.out, ...(settings.rejected === undefined ? {} : { rejected: settings.rejected }), rejectedLines: rejectedLineCount };
  const summary = formatSummary({ file: settings.file, model, asOf, last: final, tally, ingestion, checkedDuplicates: settings.checkDuplicates, outputs });
  (settings.out === '-' || settings.rejected === '-' ? io.stderr : io.stdout).write(summary);
  const anyRejected = final.totals.rejected > 0 || markerRejections.length > 0;
  return settings.strict && anyRejected ? EXIT.rejected : EXIT.done;
}
