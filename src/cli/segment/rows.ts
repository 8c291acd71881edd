/**
 * The lines `phm-kit segment` writes: one assignments line per input row, in input order, and
 * one rejected line per issue of each rejected row. The columns follow the SQL that `toSql`
 * writes (`person_id`, `status`, `reason`, `segment`, `segment_index`), so that a file segmented
 * here and a table segmented in the warehouse can be compared column for column.
 */
import { formatPath, type PhmIssue } from 'phm-kit';
import type { Rejection, StreamBatch } from 'phm-kit/segmentation';
import { csvLine } from '../csv-write.js';
import { issueText } from '../errors.js';

/**
 * The assignments file's columns. `index` is the row's position among the data rows, counting
 * from 0 as the library does (the header is not a row; the first data row is index 0).
 */
export const ASSIGNMENT_COLUMNS = ['index', 'person_id', 'status', 'reason', 'segment', 'segment_index', 'subsegments', 'conditions', 'condition_count', 'overlays', 'detail'] as const;

/** The rejected file's columns: one line per issue; `table` is `people` or `markers`, whose own `index` it is. */
export const REJECTED_COLUMNS = ['table', 'index', 'person_id', 'reason', 'column', 'message'] as const;

/**
 * The assignments lines of one batch, in input order: the batch's three lists each hold their
 * rows in order, and together exactly the rows `offset` to `offset + rows - 1`, so each line is
 * put at its row's place. `detail` is left empty for an assigned row: its reason is its
 * segment's rule, the same for everyone in the segment (`phm-kit models` says it), and written
 * on each of 57 million lines it would triple the file.
 */
export function assignmentLines(batch: StreamBatch, segmentIndex: ReadonlyMap<string, number>): string {
  const lines = new Array<string>(batch.rows);
  for (const a of batch.assignments) {
    lines[a.index - batch.offset] = csvLine([a.index, a.personId, 'assigned', '', a.segment, segmentIndex.get(a.segment), a.subsegments.join(';'), a.conditions.join(';'), a.conditionCount, a.overlays.join(';'), '']);
  }
  for (const r of batch.rejected) lines[r.index - batch.offset] = csvLine([r.index, r.id, 'rejected', r.reason, '', '', '', '', '', '', issueText(r.issues)]);
  for (const e of batch.excluded) lines[e.index - batch.offset] = csvLine([e.index, e.personId, 'excluded', e.reason, '', '', '', '', '', '', e.detail]);
  return lines.join('');
}

/** The rejected file's lines for `rejections` of `table`, one per issue (or one for a rejection without issues), and how many. */
export function rejectedLines(table: 'people' | 'markers', rejections: readonly Rejection[]): { readonly text: string; readonly lines: number } {
  let text = '';
  let lines = 0;
  for (const r of rejections) {
    const issues: readonly (PhmIssue | undefined)[] = r.issues.length > 0 ? r.issues : [undefined];
    for (const issue of issues) {
      text += csvLine([table, r.index, r.id, r.reason, issue === undefined || issue.path.length === 0 ? '' : formatPath(issue.path), issue?.message]);
      lines++;
    }
  }
  return { text, lines };
}
