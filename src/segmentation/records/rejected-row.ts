import type { Rejection } from './screen.js';

/** The rows that stand for a rejection, as the functions that make them returned them. */
const REJECTED_ROWS = new WeakSet<object>();

/**
 * A row that was rejected before it reached a segmentation: `peopleFromRowStream` yields one
 * in place of a person for each row it cannot read, so that a `segmentStream` reading it
 * reports the row as rejected, with its reason and issues, at its own position in the stream.
 *
 * @example
 * for await (const item of peopleFromRowStream(rows, mapping).people) {
 *   if (isRejectedRow(item)) console.log(item.rejection.issues);
 * }
 */
export interface RejectedRow {
  readonly rejection: Rejection;
}

/** A {@link RejectedRow} for `rejection`, frozen, and recognised by {@link isRejectedRow} by identity. */
export function rejectedRow(rejection: Rejection): RejectedRow {
  const row = Object.freeze({ rejection: Object.freeze(rejection) });
  REJECTED_ROWS.add(row);
  return row;
}

/**
 * Whether `value` is a {@link RejectedRow} made by phm-kit: by identity, so that no row of
 * data can pass for one (a look-alike object is read as a row like any other).
 *
 * @example
 * isRejectedRow({ rejection: { index: 0, reason: 'invalid-record', issues: [] } }) // false: not made by phm-kit
 */
export function isRejectedRow(value: unknown): value is RejectedRow {
  return typeof value === 'object' && value !== null && REJECTED_ROWS.has(value);
}
