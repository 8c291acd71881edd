/**
 * Generators of valid, hostile `selectAccelerator` inputs: ties, all-equal evidence, missing
 * evidence (null and absent), zero weights for some criteria of a step, candidate ids that
 * name Object.prototype members ('constructor', 'toString', ...) and integer-like ids, one to
 * eight candidates, indicators by min-max and rank, prioritising higher and lower values.
 */
import fc from 'fast-check';
import { CRITERION_IDS, type AcceleratorInput, type CriterionId } from 'phm-kit/prioritisation';

export const ID_POOL = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'a', 'b', 'B', 'a b', '1', '10', '2', 'zz'] as const;

export type Scale = { min: number; max: number };
export const DEFAULT_SCALE: Scale = { min: 1, max: 5 };

const scaleArb: fc.Arbitrary<Scale | undefined> = fc.constantFrom(undefined, { min: 1, max: 5 }, { min: 0, max: 10 }, { min: -2, max: 2 }, { min: 0, max: 1 }, { min: 0.1, max: 0.7 });

/** A score on the scale: mostly one of five levels (so ties are common), sometimes anywhere. */
function onScale(s: Scale): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }).map((k) => (k === 4 ? s.max : s.min + (k * (s.max - s.min)) / 4)) },
    { weight: 1, arbitrary: fc.double({ min: s.min, max: s.max, noNaN: true, noDefaultInfinity: true }) },
  );
}

/** Present, null, or absent ('absent' is dropped when the object is built). */
function maybe(value: fc.Arbitrary<number>): fc.Arbitrary<number | null | 'absent'> {
  return fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant('absent' as const) });
}

const weightValueArb = fc.constantFrom(0, 0, 0.5, 1, 2, 3, 7.25, 1e-3);

const weightsArb: fc.Arbitrary<Partial<Record<CriterionId, number>> | undefined> = fc.option(
  fc.tuple(...CRITERION_IDS.map(() => fc.option(weightValueArb, { nil: undefined }))).map((ws) => {
    const out: Partial<Record<CriterionId, number>> = {};
    CRITERION_IDS.forEach((c, i) => {
      if (ws[i] !== undefined) out[c] = ws[i];
    });
    // Never all zero in a step (the schema rejects that): zero weights for some criteria only.
    for (const step of [CRITERION_IDS.slice(0, 3), CRITERION_IDS.slice(3)]) {
      if (step.every((c) => out[c] === 0)) out[step[0] as CriterionId] = 1;
    }
    return out;
  }),
  { nil: undefined },
);

const policyArb = fc.constantFrom('exclude-and-reweight', 'worst', 'midpoint') as fc.Arbitrary<'exclude-and-reweight' | 'worst' | 'midpoint'>;
const missingArb = fc.option(
  fc.oneof(
    policyArb,
    fc.tuple(...CRITERION_IDS.map(() => fc.option(policyArb, { nil: undefined }))).map((ps) => {
      const out: Partial<Record<CriterionId, string>> = {};
      CRITERION_IDS.forEach((c, i) => {
        if (ps[i] !== undefined) out[c] = ps[i];
      });
      return out;
    }),
  ),
  { nil: undefined },
);

const shortlistArb = fc.option(
  fc.oneof(
    fc.integer({ min: 1, max: 9 }).map((size) => ({ size })),
    fc.oneof(fc.constantFrom(0, 25, 50, 62.5, 75, 100), fc.double({ min: 0, max: 100, noNaN: true })).map((threshold) => ({ threshold })),
  ),
  { nil: undefined },
);

/** Which criteria are measured by indicators: none, most often; never more than three. */
const indicatorCriteriaArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant([] as CriterionId[]) },
  { weight: 3, arbitrary: fc.subarray([...CRITERION_IDS], { minLength: 1, maxLength: 3 }) },
);

export interface GenOptions {
  /** Leave out votes, feasibility and grouping (cheaper, for sensitivity). */
  readonly plain?: boolean;
  readonly maxCandidates?: number;
}

export function inputArb(opts: GenOptions = {}): fc.Arbitrary<AcceleratorInput> {
  const maxCandidates = opts.maxCandidates ?? 8;
  return fc
    .record({
      ids: fc.uniqueArray(fc.constantFrom(...ID_POOL), { minLength: 1, maxLength: maxCandidates }),
      scale: scaleArb,
      indicatorCriteria: indicatorCriteriaArb,
      allEqual: fc.boolean(),
    })
    .chain(({ ids, scale, indicatorCriteria, allEqual }) => {
      const s = scale ?? DEFAULT_SCALE;
      const scored = CRITERION_IDS.filter((c) => !indicatorCriteria.includes(c));
      const evidenceRowArb = fc.tuple(...CRITERION_IDS.map(() => maybe(onScale(s))));
      const rowsArb = allEqual ? evidenceRowArb.map((row) => ids.map(() => row)) : fc.tuple(...ids.map(() => evidenceRowArb));
      const indicatorArb = (criterion: CriterionId, k: number) =>
        fc
          .record({
            prioritise: fc.constantFrom('higher', 'lower') as fc.Arbitrary<'higher' | 'lower'>,
            method: fc.constantFrom(undefined, 'min-max', 'rank') as fc.Arbitrary<'min-max' | 'rank' | undefined>,
            weight: fc.constantFrom(undefined, 0, 1, 2, 0.5),
            values: fc.tuple(...ids.map(() => maybe(fc.oneof(fc.integer({ min: -3, max: 5 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }))))),
          })
          .map(({ prioritise, method, weight, values }) => {
            const v: Record<string, number | null> = {};
            ids.forEach((id, i) => {
              const x = values[i];
              if (x !== 'absent') v[id] = x as number | null;
            });
            return {
              id: `${criterion}-${k}`,
              criterion,
              prioritise,
              ...(method === undefined ? {} : { method }),
              ...(weight === undefined ? {} : { weight }),
              values: v,
            };
          });
      const indicatorsArb = fc.tuple(...indicatorCriteria.map((c) => fc.integer({ min: 1, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => indicatorArb(c, k)))))).map((xs) => xs.flat());
      const populationArb = fc.option(fc.constantFrom(0, 100, 1000, 5000, 20000), { nil: undefined });
      const scopeArb = fc.option(fc.constantFrom(0, 1, 3, 5, 10), { nil: undefined });
      const votesArb = opts.plain
        ? fc.constant(undefined)
        : fc.option(
            fc.oneof(
              fc
                .tuple(fc.uniqueArray(fc.tuple(fc.constantFrom('s1', 's2', 's3'), fc.constantFrom(...CRITERION_IDS)), { selector: ([a, b]) => `${a}|${b}`, maxLength: 8 }), fc.array(fc.constantFrom(...ids), { minLength: 8, maxLength: 8 }), fc.option(fc.constantFrom(0, 0.5, 1, 0.25), { nil: undefined }))
                .map(([pairs, picks, weight]) => ({
                  method: 'per-criterion' as const,
                  ballots: pairs.map(([stakeholder, criterion], i) => ({ stakeholder, criterion, candidate: picks[i] as string })),
                  ...(weight === undefined ? {} : { weight }),
                })),
              fc
                .tuple(fc.array(fc.shuffledSubarray(ids, { minLength: 1 }), { maxLength: 4 }), fc.option(fc.constantFrom(0, 0.5, 1, 0.25), { nil: undefined }))
                .map(([rankings, weight]) => ({
                  method: 'borda' as const,
                  ballots: rankings.map((ranking, i) => ({ stakeholder: `s${i}`, ranking })),
                  ...(weight === undefined ? {} : { weight }),
                })),
            ),
            { nil: undefined },
          );
      const feasibilityArb = opts.plain
        ? fc.constant(undefined)
        : fc.option(
            fc
              .record(
                {
                  mode: fc.constantFrom('gate', 'penalty') as fc.Arbitrary<'gate' | 'penalty'>,
                  maxPopulation: fc.constantFrom(0, 1000, 5000),
                  maxPopulationShare: fc.constantFrom(0, 0.2, 0.5, 1),
                  maxScope: fc.constantFrom(0, 3, 5),
                  totalPopulation: fc.constantFrom(0, 10000, 50000),
                  penalty: fc.constantFrom(0, 25, 60, 100),
                },
                { requiredKeys: ['mode'] },
              )
              // fc.record with requiredKeys builds null-prototype objects: users pass plain ones.
              .map((f) => ({ ...f })),
            { nil: undefined },
          );
      const groupingArb = opts.plain ? fc.constant(undefined) : fc.option(fc.tuple(fc.constantFrom(...ids), fc.subarray(ids, { minLength: 1 })).map(([lead, w]) => [{ lead, with: w }]), { nil: undefined });
      return fc
        .record({
          rows: rowsArb,
          populations: fc.tuple(...ids.map(() => populationArb)),
          scopes: fc.tuple(...ids.map(() => scopeArb)),
          indicators: indicatorsArb,
          weights: weightsArb,
          missing: missingArb,
          shortlist: shortlistArb,
          blendStep1: fc.option(fc.constantFrom(0, 0.3, 1), { nil: undefined }),
          votes: votesArb,
          feasibility: feasibilityArb,
          allowGrouping: groupingArb,
          labels: fc.boolean(),
        })
        .map((g) => {
          const input: Record<string, unknown> = {
            candidates: ids.map((id, i) => {
              const evidence: Record<string, number | null> = {};
              CRITERION_IDS.forEach((c, k) => {
                const x = (g.rows[i] as readonly (number | null | 'absent')[])[k];
                if (x === 'absent') return;
                // Criteria measured by indicators take no score: only null there.
                evidence[c] = scored.includes(c) ? (x as number | null) : null;
              });
              return {
                id,
                ...(g.labels ? { label: `label ${id}` } : {}),
                ...(g.populations[i] === undefined ? {} : { population: g.populations[i] }),
                ...(g.scopes[i] === undefined ? {} : { scope: g.scopes[i] }),
                evidence,
              };
            }),
          };
          if (scale !== undefined) input.scale = scale;
          if (g.indicators.length > 0) input.indicators = g.indicators;
          for (const key of ['weights', 'missing', 'shortlist', 'blendStep1', 'votes', 'feasibility', 'allowGrouping'] as const) {
            if (g[key] !== undefined) input[key] = g[key];
          }
          return input as unknown as AcceleratorInput;
        });
    });
}

/** The criteria given as scores on the scale (not measured by indicators). */
export function scoredCriteria(input: AcceleratorInput): CriterionId[] {
  const measured = new Set((input.indicators ?? []).map((x) => x.criterion));
  return CRITERION_IDS.filter((c) => !measured.has(c));
}

export function scaleOf(input: AcceleratorInput): Scale {
  return (input.scale as Scale | undefined) ?? DEFAULT_SCALE;
}

/** A permutation of an array, from a list of random keys. */
export function permute<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => [x, keys[i % Math.max(1, keys.length)] ?? 0, i] as const)
    .sort((a, b) => a[1] - b[1] || a[2] - b[2])
    .map(([x]) => x);
}

/** The same object with its own keys in another order (deeply, arrays kept in order). */
export function reorderKeys<T>(value: T, keys: readonly number[], depth = 0): T {
  if (Array.isArray(value)) return value.map((v) => reorderKeys(v, keys, depth + 1)) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = permute(Object.entries(value as Record<string, unknown>), keys.slice(depth % Math.max(1, keys.length)).concat(keys));
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = reorderKeys(v, keys, depth + 1);
  return out as T;
}
