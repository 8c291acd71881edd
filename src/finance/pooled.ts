import type { DeepReadonly } from '../core/freeze.js';
import * as z from 'zod';
import { PhmValidationError } from '../core/errors.js';
import { countOf } from '../core/words.js';
import { fixedDecimal, fromUnits, NonNegativeMoneySchema, roundedDecimal, toUnits, UnitSchema, unitPrinter } from '../core/money.js';
import { parseInput } from '../core/validation.js';
import { roundUps } from './pooled-rounding.js';
import { ratioOf } from './rational.js';

/**
 * The most cells (contributions x envelopes) a pooled matrix may have: 250,000, such as 500
 * organisations by 500 schemes, far beyond any pooled budget (Leeds 2015/16 is 4 x 3). At the
 * longest amounts (64 characters) that many cells are rounded in about a second; a million
 * took 7-9 s and 750 MB on two cores, a result too big to be of use.
 *
 * @example
 * contributions.length * envelopes.length <= POOLED_MAX_CELLS // or allocatePooled refuses the input
 */
export const POOLED_MAX_CELLS = 250_000;
const PLACES = 10;
const TEN_PLACES = 10n ** BigInt(PLACES);

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
 * Splits a pooled fund (several organisations' contributions) across envelopes or schemes: the
 * organisation x envelope matrix, in whole units, whose rows sum exactly to each contribution
 * and whose columns sum exactly to each envelope, each cell within one unit of
 * contribution x envelope / total. Amounts are at most 64 characters and the matrix at most
 * {@link POOLED_MAX_CELLS} (250,000) cells. Throws `PhmValidationError` with the difference when
 * the contributions and the envelopes do not total the same, and naming the limit for a matrix
 * with more cells.
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
  const cells = contributions.length * envelopes.length;
  if (cells > POOLED_MAX_CELLS) {
    throw new PhmValidationError(
      `Invalid pooled budget: ${countOf(contributions.length, 'contribution')} x ${countOf(envelopes.length, 'envelope')} make ${cells} cells, more than the limit of ${POOLED_MAX_CELLS}`,
      [{ path: [], message: `At most ${POOLED_MAX_CELLS} cells (contributions x envelopes)` }],
    );
  }
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
  const unitRatio = ratioOf(unit);
  if (total === 0n) {
    const zero = fromUnits(0n, unit);
    const quota = roundedDecimal(0n, 1n, PLACES);
    return {
      total: zero,
      matrix: c.map(() => e.map(() => zero)),
      cells: contributions.flatMap((row) => envelopes.map((col) => ({ contribution: row.id, envelope: col.id, amount: zero, quota }))),
    };
  }
  const floors = new Array<bigint>(cells);
  const remainders = new Array<bigint>(cells);
  const rowNeed = c.map((ci, i) => {
    let need = ci;
    e.forEach((ej, j) => {
      const quota = ci * ej;
      const floor = quota / total;
      floors[i * e.length + j] = floor;
      remainders[i * e.length + j] = quota - floor * total;
      need -= floor;
    });
    return Number(need);
  });
  const columnNeed = e.map((ej, j) => {
    let need = ej;
    for (let i = 0; i < c.length; i++) need -= floors[i * e.length + j] as bigint;
    return Number(need);
  });
  const up = roundUps({ rows: c.length, columns: e.length, remainders, rowNeed, columnNeed });
  const print = unitPrinter(unit);
  const amounts = floors.map((f, k) => print(f + BigInt(up[k] as number)));
  // Quotas in 10^-10 pounds: floor x unit is whole there, so only remainder / total is rounded
  // (half up), which keeps the numbers a cell's length rather than a product's.
  const wholeScale = (unitRatio.n * TEN_PLACES) / unitRatio.d;
  const remainderScale = 2n * unitRatio.n * TEN_PLACES;
  const denominator = total * unitRatio.d;
  const quotaOf = (k: number) => fixedDecimal((floors[k] as bigint) * wholeScale + ((remainders[k] as bigint) * remainderScale + denominator) / (2n * denominator), PLACES);
  return {
    total: print(total),
    matrix: c.map((_, i) => amounts.slice(i * e.length, (i + 1) * e.length)),
    cells: contributions.flatMap((row, i) =>
      envelopes.map((col, j) => ({ contribution: row.id, envelope: col.id, amount: amounts[i * e.length + j] as string, quota: quotaOf(i * e.length + j) })),
    ),
  };
}
