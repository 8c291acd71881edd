/**
 * The summary `phm-kit segment` ends with, for a person to read: people per segment with a
 * total, rejected and excluded rows by reason, unknown markers with the id each most likely
 * meant, and what the ingestion noticed (absent columns, unmapped codes, the marker table).
 * Only counts and names from the data: no times, so the same input gives the same summary.
 */
import type { RowStreamSummary, SegmentationModel, StreamBatch } from 'phm-kit/segmentation';
import { issueText } from '../errors.js';
import { sortedCounts, type Counts, type Tally } from './tally.js';

/** Everything the summary reports. */
export interface SummaryInput {
  readonly file: string;
  readonly model: SegmentationModel;
  readonly asOf: string;
  /** The stream's last batch: its totals, counts and unknown markers are final. */
  readonly last: StreamBatch;
  readonly tally: Tally;
  readonly ingestion: RowStreamSummary;
  /** Whether ids were compared across rows (`--check-duplicates`). */
  readonly checkedDuplicates: boolean;
  /** What was written where: `-` is stdout. */
  readonly outputs: { readonly out: string; readonly rejected?: string; readonly rejectedLines: number };
}

/** Unknown marker ids listed; the rest are counted. */
const MAX_LISTED = 10;

const n = (value: number) => value.toLocaleString('en-GB');
const plural = (value: number, one: string, many = `${one}s`) => `${n(value)} ${value === 1 ? one : many}`;

/** Rows of `label  count`, the counts right-aligned under each other. */
function table(rows: readonly (readonly [string, number])[], indent = '  '): string[] {
  const width = Math.max(24, ...rows.map(([label]) => label.length + 2));
  const digits = Math.max(...rows.map(([, count]) => n(count).length));
  return rows.map(([label, count]) => `${indent}${label.padEnd(width)}${n(count).padStart(digits)}`);
}

function listed(items: readonly string[], limit = MAX_LISTED): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} and ${n(items.length - limit)} more` : shown;
}

function reasons(title: string, total: number, byReason: Counts, extra: readonly string[] = []): string[] {
  if (total === 0) return [`${title}: none`];
  return [`${title}: ${plural(total, 'row')}`, ...table(sortedCounts(byReason)), ...extra];
}

function rejectedSection({ last, tally }: SummaryInput): string[] {
  const columns = sortedCounts(tally.rejectedByColumn).map(([column, count]) => `${column} ${n(count)}`);
  const extra = columns.length > 0 ? [`  issues by column: ${listed(columns)}`] : [];
  const examples = tally.examples.map((r) => `  index ${r.index}${r.id === undefined ? '' : ` (${r.id})`}: ${issueText(r.issues, 3)}`);
  return reasons('Rejected', last.totals.rejected, tally.rejectedByReason, [...extra, ...(examples.length > 0 ? ['  first rejected rows:', ...examples.map((e) => `  ${e}`)] : [])]);
}

function unknownSection({ last }: SummaryInput): string[] {
  if (last.unknownMarkers.length === 0) return ['Unknown markers: none'];
  const rows = last.unknownMarkers.slice(0, MAX_LISTED).map((m) => `  ${m.id}: ${plural(m.count, 'entry', 'entries')}${m.suggestion === undefined ? '' : `; did you mean ${m.suggestion}?`}`);
  const more = last.unknownMarkers.length > MAX_LISTED ? [`  and ${plural(last.unknownMarkers.length - MAX_LISTED, 'more id')}`] : [];
  return ['Unknown markers (declared by neither the catalogue nor the model, so no rule reads them):', ...rows, ...more];
}

function ingestionSection({ ingestion }: SummaryInput): string[] {
  const lines: string[] = [];
  const absent = ingestion.absentColumns.map((c) => c.column);
  lines.push(absent.length === 0 ? 'Absent columns: none' : `Absent columns (the mapping reads them; no row has them): ${listed(absent)}`);
  const codes = ingestion.unmappedCodes.map((c) => `${c.code} ${n(c.count)}`);
  lines.push(codes.length === 0 ? 'Unmapped codes: none' : `Unmapped codes (read as no marker, see markerCodes): ${listed(codes)}`);
  const m = ingestion.markerRows;
  if (m !== undefined) {
    const unmatched = m.unmatched > 0 ? ` (${listed(m.unmatchedIds)})` : '';
    lines.push(`Marker table: ${plural(m.total, 'row')}: ${n(m.used)} used, ${n(m.ofRejectedRows)} of rejected rows, ${n(m.unmatched)} of ids no row has${unmatched}, ${n(m.rejected.length)} rejected`);
  }
  return lines;
}

/** The summary, as lines of text ending in a line break. */
export function formatSummary(input: SummaryInput): string {
  const { last, model, outputs } = input;
  const { read, assigned, rejected, excluded } = last.totals;
  const segments = model.segments.map((s) => [s.id, last.counts.bySegment[s.id] ?? 0] as const);
  const written = [`${outputs.out === '-' ? 'stdout' : outputs.out}: ${plural(read, 'row')}`];
  if (outputs.rejected !== undefined) written.push(`${outputs.rejected === '-' ? 'stdout' : outputs.rejected}: ${plural(outputs.rejectedLines, 'line')}`);
  const lines = [
    `Segmented ${input.file} with ${model.id} on ${input.asOf}`,
    `${plural(read, 'row')} read: ${n(assigned)} assigned, ${n(rejected)} rejected, ${n(excluded)} excluded (index counts rows from 0)`,
    '',
    'People per segment, in precedence order:',
    ...table([...segments, ['total', assigned]]),
    '',
    ...rejectedSection(input),
    ...reasons('Excluded', excluded, input.tally.excludedByReason),
    ...unknownSection(input),
    ...ingestionSection(input),
    input.checkedDuplicates ? 'Person ids were compared across rows (--check-duplicates).' : 'Person ids were not compared across rows: --check-duplicates rejects repeats.',
    '',
    `Wrote ${written.join('; ')}`,
  ];
  return `${lines.join('\n')}\n`;
}
