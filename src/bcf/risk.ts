import * as z from 'zod';
import { parseInput } from '../core/validation.js';
import { BcfMoneySchema, pounds, scaled, sum, type Scaled } from './amounts.js';

/**
 * Qualitative risk ratings, as registers such as Leeds 2014's give them. They also name the
 * bands of the NHS 5 x 5 matrix, so scored and rated risks can be summarised together.
 *
 * @example
 * RiskRatingSchema.options // ['low', 'medium', 'high', 'very high']
 */
export const RiskRatingSchema = z.enum(['low', 'medium', 'high', 'very high']);
/**
 * A qualitative risk rating: low, medium, high or very high.
 *
 * @example
 * const rating: RiskRating = scoreRisk({ likelihood: 2, impact: 3 }).rating; // 'medium'
 */
export type RiskRating = z.infer<typeof RiskRatingSchema>;

const Level = z.number().int().min(1, 'Expected 1 to 5').max(5, 'Expected 1 to 5');
/**
 * A risk to score on the NHS 5 x 5 matrix: its likelihood and its impact, each a whole number
 * from 1 to 5.
 *
 * @example
 * RiskScoreInputSchema.safeParse({ likelihood: 6, impact: 1 }).success // false: each is 1 to 5
 */
export const RiskScoreInputSchema = z.strictObject({ likelihood: Level, impact: Level });

/**
 * Bands of the NHS 5 x 5 risk matrix (the NPSA's risk-matrix guidance): 1-3 low, 4-6 moderate,
 * 8-12 high, 15-25 extreme. phm-kit names them in the register words low, medium, high and very
 * high, so scored and unscored registers can be summarised together.
 *
 * @example
 * RISK_BANDS.find((b) => b.rating === 'high') // { rating: 'high', min: 8, max: 12 }
 */
export const RISK_BANDS = Object.freeze([
  { rating: 'low', min: 1, max: 3 },
  { rating: 'medium', min: 4, max: 6 },
  { rating: 'high', min: 8, max: 12 },
  { rating: 'very high', min: 15, max: 25 },
] as const);

/**
 * Scores a risk on the NHS 5 x 5 matrix: likelihood x impact, each 1-5, and its band.
 *
 * @example
 * scoreRisk({ likelihood: 4, impact: 4 }) // { score: 16, rating: 'very high' }
 */
export function scoreRisk(input: z.input<typeof RiskScoreInputSchema>): { score: number; rating: RiskRating } {
  const { likelihood, impact } = parseInput(RiskScoreInputSchema, input, 'risk');
  const score = likelihood * impact;
  const band = RISK_BANDS.find((b) => score >= b.min && score <= b.max) as (typeof RISK_BANDS)[number];
  return { score, rating: band.rating };
}

const RegisterEntrySchema = z.union(
  [
    z.strictObject({ id: z.string().min(1), label: z.string().min(1).optional(), rating: RiskRatingSchema, exposure: BcfMoneySchema.optional() }),
    z.strictObject({ id: z.string().min(1), label: z.string().min(1).optional(), likelihood: Level, impact: Level, exposure: BcfMoneySchema.optional() }),
  ],
  { error: 'A risk has an id and either a rating or a likelihood and an impact' },
);

/**
 * A risk register: each risk has an id and either a qualitative rating or a likelihood and an
 * impact to score, and optionally its financial exposure in pounds.
 *
 * @example
 * RiskRegisterSchema.parse([{ id: 'savings-not-delivered', likelihood: 4, impact: 4, exposure: '2000000' }, { id: 'data-sharing', rating: 'medium' }]);
 */
export const RiskRegisterSchema = z.array(RegisterEntrySchema);

/**
 * A risk register summarised: how many risks have each rating, the stated financial exposure in
 * total and by rating (to compare with a contingency fund), and each risk's rating.
 *
 * @example
 * const summary = summariseRegister([{ id: 'savings-not-delivered', likelihood: 4, impact: 4, exposure: '2000000' }, { id: 'data-sharing', rating: 'medium' }]);
 * summary.counts         // { low: 0, medium: 1, high: 0, 'very high': 1 }
 * summary.exposure.total // '2000000.00'
 */
export interface RegisterSummary {
  /** Risks per rating, every rating present (zero included). */
  readonly counts: Readonly<Record<RiskRating, number>>;
  /** Total financial exposure of the risks that state one, and per rating: what feeds a contingency plan. */
  readonly exposure: { readonly total: string; readonly byRating: Readonly<Record<RiskRating, string>> };
  /** Each risk with its rating (and score, when it was scored). */
  readonly risks: readonly { readonly id: string; readonly rating: RiskRating; readonly score: number | null }[];
}

/**
 * Summarises a risk register whose entries are scored (likelihood and impact) or rated
 * qualitatively: counts by rating and the stated exposure.
 *
 * @example
 * summariseRegister([{ id: 'savings-not-delivered', rating: 'very high', exposure: '2000000' }]);
 */
export function summariseRegister(register: z.input<typeof RiskRegisterSchema>): RegisterSummary {
  const entries = parseInput(RiskRegisterSchema, register, 'risk register');
  const ratings = RiskRatingSchema.options;
  const counts = Object.fromEntries(ratings.map((r) => [r, 0])) as Record<RiskRating, number>;
  const exposure = new Map<RiskRating, Scaled[]>(ratings.map((r) => [r, []]));
  const risks = entries.map((e) => {
    const scored = 'likelihood' in e ? scoreRisk({ likelihood: e.likelihood, impact: e.impact }) : null;
    const rating = scored?.rating ?? (e as { rating: RiskRating }).rating;
    counts[rating]++;
    if (e.exposure !== undefined) exposure.get(rating)?.push(scaled(e.exposure));
    return { id: e.id, rating, score: scored?.score ?? null };
  });
  const byRating = ratings.map((r) => sum(exposure.get(r) ?? []));
  return { counts, exposure: { total: pounds(sum(byRating)), byRating: Object.fromEntries(ratings.map((r, i) => [r, pounds(byRating[i] as Scaled)])) as Record<RiskRating, string> }, risks };
}
