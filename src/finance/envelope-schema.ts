import * as z from 'zod';
import { NonNegativeMoneySchema, UnitSchema, whenDecimal } from '../core/money.js';
import { WeightSchema } from './allocate.js';

/** A fraction from 0 to 1, as a decimal string or number. */
const FractionSchema = WeightSchema.refine(whenDecimal((v) => v.lte(1)), { message: 'Expected a fraction from 0 to 1' });

/**
 * A segment's floor or cap: an amount of money, or a percentage of the segment's current spend.
 * Percentage bounds are rounded inward to whole units, floors up and caps down.
 *
 * @example
 * BoundSchema.parse({ percentOfCurrentSpend: 95 }) // a floor that keeps 95% of current spend
 * BoundSchema.parse('250000000.00')                // an amount
 */
export const BoundSchema = z.union([NonNegativeMoneySchema, z.strictObject({ percentOfCurrentSpend: WeightSchema })], {
  error: 'Expected an amount of money, or { percentOfCurrentSpend: n }',
});

const HistoricSchema = z.strictObject({ kind: z.literal('historic') });
const CapitationSchema = z.strictObject({ kind: z.literal('capitation') });
const BlendSchema = z.strictObject({ kind: z.literal('blend'), historicShare: FractionSchema });

/** What a pace of change moves toward: any method but another pace of change. */
const TargetMethodSchema = z.discriminatedUnion('kind', [HistoricSchema, CapitationSchema, BlendSchema], {
  error: "Expected the target method: { kind: 'historic' }, { kind: 'capitation' } or { kind: 'blend', historicShare } (a pace of change cannot target another)",
});

/**
 * How the allocatable total is shared among the segments: `historic` (each segment's share of
 * current spend), `capitation` (population x need weight or cost per head), `blend` (of the
 * two), or `paceOfChange` (moving from historic shares toward a target method's shares by a
 * stated pace, optionally capped by `maxChange`). One discriminated union of the four, so that
 * a wrong `kind` is told all four.
 *
 * @example
 * MethodSchema.parse({ kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0.2, maxChange: 0.05 });
 */
export const MethodSchema = z.discriminatedUnion(
  'kind',
  [
    /** Each segment's share of current spend. */
    HistoricSchema,
    /** Population x need weight, or population x cost per head. */
    CapitationSchema,
    /** `historicShare` of the historic shares plus the rest of the capitation shares. */
    BlendSchema,
    z.strictObject({
      /** Move each segment from its historic share toward the target's by `pace` (0-1) of the gap. */
      kind: z.literal('paceOfChange'),
      target: TargetMethodSchema,
      pace: FractionSchema,
      /** The most any segment may change, as a fraction of its historic amount (e.g. 0.05). */
      maxChange: WeightSchema.optional(),
    }),
  ],
  { error: "Expected a method: { kind: 'historic' }, { kind: 'capitation' }, { kind: 'blend', historicShare } or { kind: 'paceOfChange', target, pace, maxChange? }" },
);

/**
 * Everything `allocateEnvelopes` reads: the system total within its finite envelope, the
 * rounding unit, the method, the segments with their populations, current spends, need
 * weights, floors and caps, and the top slices taken first.
 *
 * @example
 * EnvelopeInputSchema.safeParse({ total: '1000.00', method: { kind: 'historic' }, segments: [{ id: 'frailty' }] }).success
 * // false: the historic method needs every segment's currentSpend
 */
export const EnvelopeInputSchema = z
  .strictObject({
    total: NonNegativeMoneySchema,
    unit: UnitSchema,
    method: MethodSchema,
    segments: z
      .array(
        z.strictObject({
          id: z.string().min(1),
          label: z.string().min(1).optional(),
          population: z.number().int().min(0).optional(),
          currentSpend: NonNegativeMoneySchema.optional(),
          needWeight: WeightSchema.optional(),
          costPerHead: NonNegativeMoneySchema.optional(),
          floor: BoundSchema.optional(),
          cap: BoundSchema.optional(),
        }),
      )
      .min(1),
    /** Reserves taken before allocation, each a percentage of the total or an amount. */
    topSlices: z
      .array(
        z.union([
          z.strictObject({ id: z.string().min(1), label: z.string().min(1).optional(), percent: WeightSchema.refine(whenDecimal((p) => p.lte(100)), { message: 'At most 100%' }) }),
          z.strictObject({ id: z.string().min(1), label: z.string().min(1).optional(), amount: NonNegativeMoneySchema }),
        ], { error: 'A top slice has an id and either percent or amount' }),
      )
      .default([]),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.segments.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['segments', i, 'id'], message: `Duplicate segment id '${s.id}'` });
      seen.add(s.id);
      if (s.needWeight !== undefined && s.costPerHead !== undefined) ctx.addIssue({ code: 'custom', path: ['segments', i], message: 'Give needWeight or costPerHead, not both' });
    });
    const methods = input.method.kind === 'paceOfChange' ? [input.method.target.kind, 'historic'] : input.method.kind === 'blend' ? ['historic', 'capitation'] : [input.method.kind];
    if (input.method.kind === 'paceOfChange' && input.method.target.kind === 'blend') methods.push('capitation');
    input.segments.forEach((s, i) => {
      if (methods.includes('historic') && s.currentSpend === undefined) ctx.addIssue({ code: 'custom', path: ['segments', i, 'currentSpend'], message: 'The method uses current spend: every segment needs currentSpend' });
      if (methods.includes('capitation') && s.population === undefined) ctx.addIssue({ code: 'custom', path: ['segments', i, 'population'], message: 'The method uses capitation: every segment needs a population' });
      for (const bound of ['floor', 'cap'] as const) {
        const b = s[bound];
        if (typeof b === 'object' && s.currentSpend === undefined) ctx.addIssue({ code: 'custom', path: ['segments', i, bound], message: 'A percentage of current spend needs currentSpend' });
      }
    });
    const perHead = input.segments.filter((s) => s.costPerHead !== undefined).length;
    if (perHead > 0 && perHead < input.segments.length && methods.includes('capitation')) {
      ctx.addIssue({ code: 'custom', path: ['segments'], message: 'Capitation uses either a cost per head for every segment or need weights: not a mix' });
    }
    if (input.method.kind === 'paceOfChange' && input.method.maxChange !== undefined && input.segments.some((s) => s.currentSpend === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['method', 'maxChange'], message: 'maxChange is measured against current spend: every segment needs currentSpend' });
    }
    // Sets, not a search per slice: tens of thousands of slices are checked in linear time.
    const segmentIds = new Set<string>(input.segments.map((s) => s.id));
    const sliceIds = new Set<string>();
    input.topSlices.forEach((t, i) => {
      if (segmentIds.has(t.id) || sliceIds.has(t.id)) ctx.addIssue({ code: 'custom', path: ['topSlices', i, 'id'], message: `Top slice id '${t.id}' is already used` });
      sliceIds.add(t.id);
    });
  });

/**
 * The input to `allocateEnvelopes`, as you write it. Money is a decimal string (or a safe
 * integer); the unit defaults to one penny and the top slices to none.
 *
 * @example
 * const input: EnvelopeInput = {
 *   total: '1200000000.00',
 *   method: { kind: 'blend', historicShare: 0.7 },
 *   segments: [{ id: 'frailty', population: 30000, currentSpend: '240000000.00', floor: { percentOfCurrentSpend: 95 } }, { id: 'healthy-adults', population: 304000, currentSpend: '115000000.00' }],
 *   topSlices: [{ id: 'contingency', percent: 0.5 }],
 * };
 */
export type EnvelopeInput = z.input<typeof EnvelopeInputSchema>;
export type ParsedEnvelopeInput = z.output<typeof EnvelopeInputSchema>;
/**
 * An allocation method: `historic`, `capitation`, `blend` or `paceOfChange`.
 *
 * @example
 * const method: EnvelopeMethod = { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0.2, maxChange: 0.05 };
 */
export type EnvelopeMethod = z.output<typeof MethodSchema>;
