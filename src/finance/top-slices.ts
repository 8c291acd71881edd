import { PhmInfeasibleError } from '../core/errors.js';
import { largestRemainder, scaleWeights } from '../core/largest-remainder.js';
import { decimalString } from '../core/money.js';
import type { ParsedEnvelopeInput } from './envelope-schema.js';

/** Whole units of an amount at a path, or a `PhmValidationError` naming the path. */
export type WholeUnits = (amount: string | number, path: (string | number)[]) => bigint;

/**
 * The units each top slice takes from the total, in input order. Percentages are rounded
 * together by largest remainder, the rest of 100% being one more line; amounts are taken as
 * stated. Percentages are scaled by one power of ten (from the most decimals any has), so
 * their weights stay as long as the longest percentage, however many slices there are.
 */
export function topSliceUnits(input: ParsedEnvelopeInput, total: bigint, wholeUnits: WholeUnits): bigint[] {
  const percentSlices = input.topSlices.flatMap((t, i) => ('percent' in t ? [{ i, percent: decimalString(t.percent) }] : []));
  const weights = scaleWeights([...percentSlices.map((s) => s.percent), '100']);
  const hundred = weights.pop() as bigint;
  let percentTotal = 0n;
  for (const w of weights) percentTotal += w;
  if (percentTotal > hundred) {
    throw new PhmInfeasibleError('The top-slice percentages add up to more than 100%', percentSlices.map((s) => ({ path: ['topSlices', s.i, 'percent'], message: 'Percentages exceed 100%' })));
  }
  const sliced = percentSlices.length === 0 ? [] : largestRemainder(total, [...weights, hundred - percentTotal]);
  let next = 0;
  return input.topSlices.map((t, i) => ('percent' in t ? (sliced[next++] as bigint) : wholeUnits(t.amount, ['topSlices', i, 'amount'])));
}
