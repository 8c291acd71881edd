import { PhmValidationError } from '../core/errors.js';
import { scaleWeights } from '../core/largest-remainder.js';
import { decimalString, roundedDecimal } from '../core/money.js';
import type { EnvelopeMethod, ParsedEnvelopeInput } from './envelope-schema.js';
import { ratioOf, type Ratio } from './rational.js';

/**
 * Each segment's share as an integer weight over one common denominator: share i is
 * `weights[i] / denominator`, and the weights sum to the denominator. With one denominator,
 * every later step is integer arithmetic on the weights: no fraction is added to another, so
 * none grows with the number of segments or needs reducing.
 */
export interface Shares {
  readonly weights: readonly bigint[];
  readonly denominator: bigint;
}

/** The shares under a method, the words that explain each, and the historic shares when read. */
export interface MethodShares {
  readonly shares: Shares;
  readonly words: readonly string[];
  readonly historic?: Shares;
}

type BaseMethod = Exclude<EnvelopeMethod, { kind: 'paceOfChange' }>;

/** A fraction as a percentage with two decimals, rounded half up. */
const percent = (n: bigint, d: bigint): string => `${roundedDecimal(n * 100n, d, 2)}%`;
const shareText = (s: Shares, i: number): string => percent(s.weights[i] as bigint, s.denominator);

function normalised(values: bigint[], what: string, field: string): Shares {
  let total = 0n;
  for (const v of values) total += v;
  if (total === 0n) throw new PhmValidationError(`Invalid envelopes: every segment's ${what} is zero`, [{ path: ['segments'], message: `The ${field} of every segment is zero` }]);
  return { weights: values, denominator: total };
}

/** h x a + (1 - h) x b, over the product of the denominators. */
function blend(a: Shares, b: Shares, h: Ratio): Shares {
  const weights = a.weights.map((w, i) => h.n * w * b.denominator + (h.d - h.n) * (b.weights[i] as bigint) * a.denominator);
  return { weights, denominator: h.d * a.denominator * b.denominator };
}

const historicShares = (input: ParsedEnvelopeInput): Shares =>
  normalised(scaleWeights(input.segments.map((s) => decimalString(s.currentSpend ?? 0))), 'current spend', 'currentSpend');

function capitationShares(input: ParsedEnvelopeInput): Shares {
  const need = scaleWeights(input.segments.map((s) => decimalString(s.costPerHead ?? s.needWeight ?? 1)));
  return normalised(need.map((w, i) => BigInt(input.segments[i]?.population ?? 0) * w), 'population x need', 'population');
}

function baseShares(input: ParsedEnvelopeInput, method: BaseMethod): MethodShares {
  if (method.kind === 'historic') {
    const shares = historicShares(input);
    return { shares, words: input.segments.map((_, i) => `historic: ${shareText(shares, i)} of current spend`), historic: shares };
  }
  if (method.kind === 'capitation') {
    const shares = capitationShares(input);
    const measure = input.segments.some((s) => s.costPerHead !== undefined) ? 'population x cost per head' : 'population x need weight';
    return { shares, words: input.segments.map((_, i) => `capitation: ${shareText(shares, i)} of ${measure}`) };
  }
  const h = ratioOf(method.historicShare);
  const historic = historicShares(input);
  const capitation = capitationShares(input);
  const shares = blend(historic, capitation, h);
  const words = input.segments.map(
    (_, i) => `blend: ${percent(h.n, h.d)} of the historic share ${shareText(historic, i)} and ${percent(h.d - h.n, h.d)} of the capitation share ${shareText(capitation, i)} = ${shareText(shares, i)}`,
  );
  return { shares, words, historic };
}

/**
 * Each segment's share (summing to 1) under the method, with the words that explain it:
 * historic, capitation, a blend of the two, or a pace of change from the historic shares
 * toward a target method's.
 */
export function methodShares(input: ParsedEnvelopeInput): MethodShares {
  const method = input.method;
  if (method.kind !== 'paceOfChange') return baseShares(input, method);
  const historic = historicShares(input);
  const target = baseShares(input, method.target);
  const pace = ratioOf(method.pace);
  // historic + pace x (target - historic) = pace x target + (1 - pace) x historic
  const shares = blend(target.shares, historic, pace);
  const words = input.segments.map(
    (_, i) => `pace of change: ${percent(pace.n, pace.d)} of the way from the historic share ${shareText(historic, i)} toward the ${target.words[i]}, giving ${shareText(shares, i)}`,
  );
  return { shares, words, historic };
}
