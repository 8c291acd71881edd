import type { DeepReadonly } from '../core/freeze.js';
import { z } from 'zod';
import { PhmError, PhmValidationError } from '../core/errors.js';
import { fromUnits, NonNegativeMoneySchema, toUnits, UnitSchema } from '../core/money.js';
import { parseInput } from '../core/validation.js';
import { quotaString } from '../core/largest-remainder.js';

const LineSchema = z.strictObject({ id: z.string().min(1), amount: NonNegativeMoneySchema });
const uniqueIds = (lines: readonly { id: string }[]) => new Set(lines.map((l) => l.id)).size === lines.length;

/**
 * Zod schema of {@link PooledInput}: contributions and envelopes of a pooled budget, each with a
 * unique id and a non-negative amount, both summing to the same pool.
 *
 * @example
 * PooledInputSchema.safeParse({ contributions: [{ id: 'ccg', amount: '100' }], envelopes: [{ id: 'care', amount: '100' }] }).success; // true
 */
export const PooledInputSchema = z.strictObject({
  contributions: z.array(LineSchema).min(1).refine(uniqueIds, { message: 'Contribution ids must be unique' }),
  envelopes: z.array(LineSchema).min(1).refine(uniqueIds, { message: 'Envelope ids must be unique' }),
  unit: UnitSchema,
});

/**
 * A pooled budget to split: the organisations' contributions, the envelopes or schemes the pool
 * is spent on (both totalling the same), and the rounding unit.
 *
 * @example
 * const pool: PooledInput = {
 *   contributions: [{ id: 'leeds-north-ccg', amount: '12665000' }, { id: 'leeds-city-council', amount: '4802000' }],
 *   envelopes: [{ id: 'recurrent-schemes', amount: '13000000' }, { id: 'capital', amount: '4467000' }],
 *   unit: '1000',
 * };
 */
export type PooledInput = z.input<typeof PooledInputSchema>;

/**
 * One cell of a pooled budget's matrix: what one organisation puts into one envelope, rounded,
 * beside its exact quota.
 *
 * @example
 * // pool as in the PooledInput example
 * allocatePooled(pool).cells[0] // { contribution: 'leeds-north-ccg', envelope: 'recurrent-schemes', amount: '9426000', quota: '9426060.5713631419' }
 */
export interface PooledCell {
  readonly contribution: string;
  readonly envelope: string;
  readonly amount: string;
  /** contribution x envelope / total, exactly, to ten decimals of a pound. */
  readonly quota: string;
}

/**
 * A pooled budget split organisation by envelope, such as the Leeds Better Care Fund, balanced
 * both ways: each row sums exactly to its contribution and each column to its envelope.
 *
 * @example
 * // pool as in the PooledInput example
 * allocatePooled(pool).matrix // [['9426000', '3239000'], ['3574000', '1228000']]
 */
export interface PooledAllocation {
  readonly total: string;
  /** Rows in contribution order, columns in envelope order. */
  readonly matrix: readonly (readonly string[])[];
  readonly cells: readonly PooledCell[];
}

/**
 * Finds 0/1 top-ups on the fractional cells so that every row and column total is met: a
 * maximum flow from rows to columns. A fractional solution always exists (the exact quotas),
 * so an integral one does too. Cells are tried in order of their remainder, largest first.
 */
function topUps(rowNeed: bigint[], colNeed: bigint[], remainders: bigint[][]): boolean[][] {
  const rows = rowNeed.length;
  const cols = colNeed.length;
  const flow = remainders.map((row) => row.map(() => false));
  const rowLeft = [...rowNeed];
  const colLeft = [...colNeed];
  const candidates = (i: number) =>
    remainders[i]!.map((r, j) => [r, j] as const)
      .filter(([r]) => r > 0n)
      .sort((a, b) => (b[0] > a[0] ? 1 : b[0] < a[0] ? -1 : a[1] - b[1]))
      .map(([, j]) => j);
  const order = Array.from({ length: rows }, (_, i) => candidates(i));
  for (;;) {
    // Breadth-first search for an augmenting path: row with need -> column -> (back along a used cell to a row) ... -> column with need.
    const source = rowLeft.findIndex((n) => n > 0n);
    if (source < 0) return flow;
    const cameFromRow = new Array<number>(cols).fill(-1);
    const cameFromCol = new Array<number>(rows).fill(-1);
    const seenRow = new Array<boolean>(rows).fill(false);
    const queue: number[] = [];
    for (let i = 0; i < rows; i++) if (rowLeft[i]! > 0n) (seenRow[i] = true), queue.push(i);
    let end = -1;
    while (queue.length > 0 && end < 0) {
      const i = queue.shift() as number;
      for (const j of order[i]!) {
        if (flow[i]![j] || cameFromRow[j]! >= 0) continue;
        cameFromRow[j] = i;
        if (colLeft[j]! > 0n) {
          end = j;
          break;
        }
        for (let k = 0; k < rows; k++) {
          if (!seenRow[k] && flow[k]![j]) {
            seenRow[k] = true;
            cameFromCol[k] = j;
            queue.push(k);
          }
        }
      }
    }
    // Unreachable: the exact quotas are a fractional solution, so an integral one exists.
    if (end < 0) throw new PhmError('internal', 'phm-kit found no balanced rounding for a pooled matrix: please report this as a bug');
    let j = end;
    colLeft[j]!--;
    for (;;) {
      const i = cameFromRow[j] as number;
      flow[i]![j] = true;
      const previous = cameFromCol[i] as number;
      if (previous < 0) {
        rowLeft[i]!--;
        break;
      }
      flow[i]![previous] = false;
      j = previous;
    }
  }
}

/**
 * Splits a pooled fund (several organisations' contributions) across envelopes or schemes: the
 * organisation x envelope matrix, in whole units, whose rows sum exactly to each contribution
 * and whose columns sum exactly to each envelope, each cell within one unit of
 * contribution x envelope / total. Throws `PhmValidationError` with the difference when the
 * contributions and the envelopes do not total the same.
 *
 * @example
 * allocatePooled({
 *   contributions: [{ id: 'ccg-south-east', amount: '17351000' }, { id: 'council', amount: '4802000' }],
 *   envelopes: [{ id: 'reablement', amount: '4512000' }, { id: 'other', amount: '17641000' }],
 *   unit: '1',
 * }).matrix;
 */
export function allocatePooled(input: DeepReadonly<PooledInput>): PooledAllocation {
  const { contributions, envelopes, unit } = parseInput(PooledInputSchema, input, 'pooled budget');
  const unitsOf = (path: (string | number)[], amount: string | number) => {
    const units = toUnits(amount, unit);
    if (units === undefined || units < 0n) {
      throw new PhmValidationError(`Invalid pooled budget: ${amount} is not a whole, non-negative number of units of ${unit}`, [{ path, message: `Not a whole, non-negative number of units of ${unit}` }]);
    }
    return units;
  };
  const c = contributions.map((l, i) => unitsOf(['contributions', i, 'amount'], l.amount));
  const e = envelopes.map((l, j) => unitsOf(['envelopes', j, 'amount'], l.amount));
  const total = c.reduce((a, b) => a + b, 0n);
  const spent = e.reduce((a, b) => a + b, 0n);
  if (total !== spent) {
    const difference = fromUnits(total - spent, unit);
    throw new PhmValidationError(
      `Invalid pooled budget: contributions total ${fromUnits(total, unit)} but envelopes total ${fromUnits(spent, unit)} (difference ${difference})`,
      [{ path: ['envelopes'], message: `Envelopes differ from contributions by ${difference}` }],
    );
  }
  const places = 10;
  if (total === 0n) {
    const zero = fromUnits(0n, unit);
    return {
      total: zero,
      matrix: c.map(() => e.map(() => zero)),
      cells: contributions.flatMap((row) => envelopes.map((col) => ({ contribution: row.id, envelope: col.id, amount: zero, quota: quotaString(0n, 1n, 1n, unit, places) }))),
    };
  }
  const floors = c.map((ci) => e.map((ej) => (ci * ej) / total));
  const remainders = c.map((ci) => e.map((ej) => (ci * ej) % total));
  const rowNeed = c.map((ci, i) => ci - floors[i]!.reduce((a, b) => a + b, 0n));
  const colNeed = e.map((ej, j) => ej - floors.reduce((a, row) => a + row[j]!, 0n));
  const extra = topUps(rowNeed, colNeed, remainders);
  const cellUnits = floors.map((row, i) => row.map((f, j) => f + (extra[i]![j] ? 1n : 0n)));
  return {
    total: fromUnits(total, unit),
    matrix: cellUnits.map((row) => row.map((u) => fromUnits(u, unit))),
    cells: contributions.flatMap((row, i) =>
      envelopes.map((col, j) => ({
        contribution: row.id,
        envelope: col.id,
        amount: fromUnits(cellUnits[i]![j]!, unit),
        quota: quotaString(c[i]! * e[j]!, 1n, total, unit, places),
      })),
    ),
  };
}
