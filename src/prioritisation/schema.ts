import * as z from 'zod';
import { partialRecordOf, recordOf } from '../core/validation.js';
import { CRITERION_IDS, criteriaOfStep, type CriterionId } from './criteria.js';

const CriterionSchema = z.enum(CRITERION_IDS as [CriterionId, ...CriterionId[]]);
const finite = z.number().refine(Number.isFinite, { message: 'Expected a finite number' });

/**
 * How missing evidence on a criterion is treated: missing evidence is never silently zero.
 * `exclude-and-reweight` (the default) leaves the criterion out and shares its weight among the
 * others; `worst` scores 0; `midpoint` scores 50; `reject` refuses the input.
 *
 * @example
 * MissingPolicySchema.options // ['exclude-and-reweight', 'worst', 'midpoint', 'reject']
 */
export const MissingPolicySchema = z.enum(['exclude-and-reweight', 'worst', 'midpoint', 'reject']);

/** The policy for one criterion: the single policy given, or the criterion's own, or the default. */
export function missingPolicyOf(
  missing: z.infer<typeof MissingPolicySchema> | Partial<Record<CriterionId, z.infer<typeof MissingPolicySchema>>>,
  criterion: CriterionId,
): z.infer<typeof MissingPolicySchema> {
  return typeof missing === 'string' ? missing : (missing[criterion] ?? 'exclude-and-reweight');
}

/**
 * One raw indicator behind a criterion, such as current spend in pounds or an inequality gap,
 * normalised across the candidates to 0-100. A criterion is measured either by indicators or by
 * scores, not both.
 *
 * @example
 * IndicatorSchema.parse({ id: 'current-spend', criterion: 'costToSystem', prioritise: 'higher', values: { frailty: 240_000_000 } }).method // 'min-max'
 */
export const IndicatorSchema = z.strictObject({
  id: z.string().min(1),
  criterion: CriterionSchema,
  label: z.string().min(1).optional(),
  /** Which values raise priority: higher spend, or a lower (worse) outcome rate, say. */
  prioritise: z.enum(['higher', 'lower']),
  /** `min-max` keeps the distances between values; `rank` keeps only their order. */
  method: z.enum(['min-max', 'rank']).default('min-max'),
  /** Weight within its criterion, against the criterion's other indicators. Default 1. */
  weight: finite.min(0).default(1),
  /** Value per candidate id; `null` or absent is missing. */
  values: recordOf(z.string(), finite.nullable()),
});

const VotesSchema = z.discriminatedUnion('method', [
  z.strictObject({
    /** As in 2017: each stakeholder votes for one candidate after the discussion of each criterion. */
    method: z.literal('per-criterion'),
    ballots: z.array(z.strictObject({ stakeholder: z.string().min(1), criterion: CriterionSchema, candidate: z.string().min(1) })),
    /** Share of the final step 3 score that comes from votes, 0-1. Default 0.5. */
    weight: finite.min(0).max(1).default(0.5),
  }),
  z.strictObject({
    /** Ranked ballots counted by Borda: n-1 points for a first place among n candidates, down to 0. */
    method: z.literal('borda'),
    ballots: z.array(z.strictObject({ stakeholder: z.string().min(1), ranking: z.array(z.string().min(1)).min(1) })),
    weight: finite.min(0).max(1).default(0.5),
  }),
]);

const FeasibilitySchema = z.strictObject({
  /** The most people the accelerator segment may hold. */
  maxPopulation: finite.min(0).optional(),
  /** The largest share (0-1) of the total population it may hold. */
  maxPopulationShare: finite.min(0).max(1).optional(),
  /** The widest scope it may have, on the candidates' own `scope` measure (e.g. services involved). */
  maxScope: finite.min(0).optional(),
  /** Population the shares are of; default the sum of the candidates' populations. */
  totalPopulation: finite.min(0).optional(),
  /** `gate` excludes a candidate that breaks a limit; `penalty` deducts points per limit broken. */
  mode: z.enum(['gate', 'penalty']),
  /** Points (0-100 scale) deducted per limit broken, in penalty mode. Default 25. */
  penalty: finite.min(0).max(100).default(25),
});

/**
 * Everything `selectAccelerator` reads: the candidate segments and their evidence, weights,
 * the shortlist rule, the missing-evidence policy, votes, feasibility limits and groupings.
 * Evidence given as a number is a score on `scale`; `null` or absent is missing evidence,
 * handled by the `missing` policy.
 *
 * @example
 * AcceleratorInputSchema.safeParse({ candidates: [] }).success // false: at least one candidate is needed
 */
export const AcceleratorInputSchema = z
  .strictObject({
    candidates: z
      .array(
        z.strictObject({
          id: z.string().min(1),
          label: z.string().min(1).optional(),
          /** People in the segment: for feasibility limits and the audit. */
          population: finite.min(0).optional(),
          /** How wide the segment's scope is, on a measure of your choosing (for `maxScope`). */
          scope: finite.min(0).optional(),
          evidence: partialRecordOf(CriterionSchema, finite.nullable().optional()).default({}),
        }),
      )
      .min(1, 'At least one candidate is needed'),
    /** The scale of scores given directly as evidence. Default 1-5. */
    scale: z
      .strictObject({ min: finite, max: finite })
      .refine((s) => s.min < s.max, { message: 'scale.min must be below scale.max', path: ['max'] })
      .default({ min: 1, max: 5 }),
    indicators: z.array(IndicatorSchema).default([]),
    /** Relative weights; each step's weights are used in proportion. Defaults: equal. */
    weights: partialRecordOf(CriterionSchema, finite.min(0, 'Weights cannot be negative')).default({}),
    shortlist: z
      .union([z.strictObject({ size: z.number().int().min(1) }), z.strictObject({ threshold: finite.min(0).max(100) })], {
        error: 'Expected { size: n } or { threshold: score }',
      })
      .default({ size: 3 }),
    /** One policy for every criterion, or one per criterion. Default `exclude-and-reweight`. */
    missing: z.union([MissingPolicySchema, partialRecordOf(CriterionSchema, MissingPolicySchema)]).default('exclude-and-reweight'),
    /** Share (0-1) of the step 1 composite blended into the step 2 score. Default 0. */
    blendStep1: finite.min(0).max(1).default(0),
    votes: VotesSchema.optional(),
    feasibility: FeasibilitySchema.optional(),
    /**
     * Segments that may be chosen together: when `lead` is recommended, `with` joins it if
     * it passed every gate (and, with population limits, the group as a whole fits them).
     * As 2017 chose "frailty including end of life".
     */
    allowGrouping: z.array(z.strictObject({ lead: z.string().min(1), with: z.array(z.string().min(1)).min(1) })).default([]),
  })
  .superRefine((input, ctx) => {
    const ids = new Map<string, number>();
    input.candidates.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: ['candidates', i, 'id'], message: `Duplicate candidate id '${c.id}' (also candidate ${ids.get(c.id)})` });
      else ids.set(c.id, i);
      for (const [criterion, score] of Object.entries(c.evidence)) {
        if (typeof score === 'number' && (score < input.scale.min || score > input.scale.max)) {
          ctx.addIssue({ code: 'custom', path: ['candidates', i, 'evidence', criterion], message: `Score ${score} is outside the scale ${input.scale.min}-${input.scale.max}` });
        }
      }
    });
    const known = (id: string) => ids.has(id);
    const fromIndicators = new Set(input.indicators.map((x) => x.criterion));
    input.candidates.forEach((c, i) => {
      for (const [criterion, score] of Object.entries(c.evidence)) {
        if (score !== null && score !== undefined && fromIndicators.has(criterion as CriterionId)) {
          ctx.addIssue({ code: 'custom', path: ['candidates', i, 'evidence', criterion], message: `Criterion '${criterion}' is measured by indicators: give its evidence there, not as a score` });
        }
      }
    });
    input.indicators.forEach((indicator, i) => {
      for (const id of Object.keys(indicator.values)) {
        if (!known(id)) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'values', id], message: `Unknown candidate '${id}'` });
      }
    });
    for (const step of [1, 2] as const) {
      const criteria = criteriaOfStep(step);
      if (criteria.every((c) => input.weights[c] === 0)) {
        ctx.addIssue({ code: 'custom', path: ['weights'], message: `The step ${step} weights are all zero: at least one must be positive` });
      }
    }
    const votes = input.votes;
    if (votes?.method === 'per-criterion') {
      const cast = new Set<string>();
      votes.ballots.forEach((b, i) => {
        if (!known(b.candidate)) ctx.addIssue({ code: 'custom', path: ['votes', 'ballots', i, 'candidate'], message: `Vote for unknown candidate '${b.candidate}'` });
        const key = `${b.stakeholder}\u0000${b.criterion}`;
        if (cast.has(key)) ctx.addIssue({ code: 'custom', path: ['votes', 'ballots', i], message: `Stakeholder '${b.stakeholder}' has already voted on ${b.criterion}: one vote per stakeholder per criterion` });
        cast.add(key);
      });
    } else if (votes?.method === 'borda') {
      const voters = new Set<string>();
      votes.ballots.forEach((b, i) => {
        if (voters.has(b.stakeholder)) ctx.addIssue({ code: 'custom', path: ['votes', 'ballots', i, 'stakeholder'], message: `Stakeholder '${b.stakeholder}' has more than one ballot` });
        voters.add(b.stakeholder);
        b.ranking.forEach((id, j) => {
          if (!known(id)) ctx.addIssue({ code: 'custom', path: ['votes', 'ballots', i, 'ranking', j], message: `Vote for unknown candidate '${id}'` });
        });
        if (new Set(b.ranking).size !== b.ranking.length) ctx.addIssue({ code: 'custom', path: ['votes', 'ballots', i, 'ranking'], message: 'A ballot ranks a candidate more than once' });
      });
    }
    input.allowGrouping.forEach((g, i) => {
      if (!known(g.lead)) ctx.addIssue({ code: 'custom', path: ['allowGrouping', i, 'lead'], message: `Unknown candidate '${g.lead}'` });
      g.with.forEach((id, j) => {
        if (!known(id)) ctx.addIssue({ code: 'custom', path: ['allowGrouping', i, 'with', j], message: `Unknown candidate '${id}'` });
      });
    });
    // Who has a value on each criterion measured by indicators: gathered once, not searched for per candidate.
    const measured = new Map<CriterionId, Set<string>>();
    for (const x of input.indicators) {
      const ids = measured.get(x.criterion) ?? new Set<string>();
      measured.set(x.criterion, ids);
      for (const [id, v] of Object.entries(x.values)) if (typeof v === 'number') ids.add(id);
    }
    input.candidates.forEach((c, i) => {
      for (const criterion of CRITERION_IDS) {
        if (missingPolicyOf(input.missing, criterion) !== 'reject') continue;
        const present = fromIndicators.has(criterion) ? (measured.get(criterion) as Set<string>).has(c.id) : typeof c.evidence[criterion] === 'number';
        if (!present) ctx.addIssue({ code: 'custom', path: ['candidates', i, 'evidence', criterion], message: `Evidence on ${criterion} is missing and its policy is 'reject'` });
      }
    });
  });

/**
 * The input to `selectAccelerator` and `sensitivity`, as you write it: the candidate segments
 * with their evidence, and optionally weights, a shortlist rule, a missing-evidence policy,
 * votes, feasibility limits and groupings. Everything but `candidates` has a default.
 *
 * @example
 * const input: AcceleratorInput = {
 *   candidates: [{ id: 'frailty', population: 30_000, evidence: { healthOutcomes: 4, costToSystem: null } }],
 *   missing: { costToSystem: 'midpoint' },
 * };
 */
export type AcceleratorInput = z.input<typeof AcceleratorInputSchema>;
/**
 * An accelerator input after validation, with every default filled in: the scale, weights,
 * shortlist rule, missing-evidence policy, step 1 blend and groupings.
 *
 * @example
 * const parsed: ParsedAcceleratorInput = AcceleratorInputSchema.parse({ candidates: [{ id: 'frailty' }] });
 * parsed.shortlist // { size: 3 }
 */
export type ParsedAcceleratorInput = z.output<typeof AcceleratorInputSchema>;
/**
 * A policy for missing evidence on a criterion: `exclude-and-reweight`, `worst`, `midpoint` or
 * `reject`. Give one for every criterion, or one per criterion.
 *
 * @example
 * const missing: Partial<Record<CriterionId, MissingPolicy>> = { qualityGap: 'midpoint', costToSystem: 'reject' };
 */
export type MissingPolicy = z.infer<typeof MissingPolicySchema>;
