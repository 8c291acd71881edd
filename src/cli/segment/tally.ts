/**
 * What the summary says about rows that were not assigned, gathered batch by batch (each batch's
 * lists are dropped once written): how many were rejected for each reason and at each column,
 * how many were excluded for each reason, and the first few rejected rows to look at. Bounded:
 * reasons are few, and columns are counted for at most {@link MAX_COLUMNS} names.
 */
import { formatPath } from 'phm-kit';
import type { Rejection, StreamBatch } from 'phm-kit/segmentation';

/** The most distinct columns counted; issues at further ones are counted under `(other columns)`. */
export const MAX_COLUMNS = 1_000;

/** The rejected rows kept as examples for the summary. */
export const MAX_EXAMPLES = 5;

/** Counts by name, and how the summary lists them: most first, then by name. */
export type Counts = Map<string, number>;

const add = (counts: Counts, key: string, n = 1) => counts.set(key, (counts.get(key) ?? 0) + n);

/** Counts most first, ties by name: deterministic, whatever order they were met in. */
export function sortedCounts(counts: Counts): [string, number][] {
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

/** The tally of rejected and excluded rows. */
export interface Tally {
  readonly rejectedByReason: Counts;
  readonly rejectedByColumn: Counts;
  readonly excludedByReason: Counts;
  readonly examples: Rejection[];
  /** Adds one batch's rejected and excluded rows. */
  readonly add: (batch: StreamBatch) => void;
}

/** An empty tally. */
export function createTally(): Tally {
  const tally: Tally = {
    rejectedByReason: new Map(),
    rejectedByColumn: new Map(),
    excludedByReason: new Map(),
    examples: [],
    add: (batch) => {
      for (const r of batch.rejected) {
        add(tally.rejectedByReason, r.reason);
        for (const issue of r.issues) {
          const column = issue.path.length === 0 ? '(the row)' : formatPath(issue.path.slice(0, 1));
          add(tally.rejectedByColumn, tally.rejectedByColumn.has(column) || tally.rejectedByColumn.size < MAX_COLUMNS ? column : '(other columns)');
        }
        if (tally.examples.length < MAX_EXAMPLES) tally.examples.push(r);
      }
      for (const e of batch.excluded) add(tally.excludedByReason, e.reason);
    },
  };
  return tally;
}
