/**
 * Property 2: segmentPopulation accounts for every row (assigned, rejected or excluded, each
 * exactly once, with the documented reasons), counts and breakdowns add up, permuting the input
 * permutes the output and changes no count, and inputs are never mutated.
 */
import fc from 'fast-check';
import {
  bridgesToHealth,
  leeds2017,
  leeds2024,
  segmentPopulation,
  type ModelSpec,
  type Person,
  type PopulationSegmentation,
  type SegmentationModel,
} from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { deepFreeze, isoDateArb, junkRowArb, modelCaseArb, nearValidPersonArb, personArb, scenarioArb } from '../arbitraries.js';
import { expectedClassification, expectedFates, fateLabel, livingStatus, type Fate } from './oracle.js';
import { property } from '../../support/property.js';

const SEED = 0x5e9_0002;

const builtInModelArb: fc.Arbitrary<SegmentationModel> = fc.constantFrom(leeds2024, leeds2017, bridgesToHealth);
const anyModelArb: fc.Arbitrary<SegmentationModel> = fc.oneof(builtInModelArb, modelCaseArb.map((c) => c.model));

/** Age bands as `segmentPopulation` accepts them: starting at 0, strictly increasing. */
const ageBandsArb: fc.Arbitrary<number[] | undefined> = fc.option(
  fc.uniqueArray(fc.integer({ min: 1, max: 150 }), { maxLength: 8 }).map((bounds) => [0, ...bounds.sort((a, b) => a - b)]),
  { nil: undefined },
);

const DEFAULT_BANDS = [0, 5, 18, 25, 45, 65, 75, 85];

interface Member {
  readonly segment: string;
  readonly age: number;
  readonly conditions: number;
  readonly overlays: readonly string[];
  readonly person: Person;
}

/** The counts `segmentPopulation` must report, recomputed from its assignments and the input rows. */
function expectedCounts(ids: readonly string[], members: readonly Member[], bands: readonly number[], overlayIds: readonly string[]) {
  const tally = (group: readonly Member[]) => {
    const bySegment: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
    for (const m of group) bySegment[m.segment] = (bySegment[m.segment] ?? 0) + 1;
    return { total: group.length, bySegment };
  };
  const share = (group: readonly Member[]) => {
    const count = group.filter((m) => m.person.imdDecile === 1).length;
    const withDecile = group.filter((m) => m.person.imdDecile !== undefined).length;
    return { count, withDecile, share: withDecile === 0 ? null : count / withDecile };
  };
  const localities = [...new Set(members.flatMap((m) => (m.person.locality === undefined ? [] : [m.person.locality])))].sort();
  const withoutLocality = members.filter((m) => m.person.locality === undefined);
  return {
    bySegment: tally(members).bySegment,
    byAgeBand: bands.map((minAge, b) => {
      const next = bands[b + 1];
      return {
        band: next === undefined ? `${minAge}+` : `${minAge}-${next - 1}`,
        minAge,
        maxAge: next === undefined ? null : next - 1,
        ...tally(members.filter((m) => m.age >= minAge && (next === undefined || m.age < next))),
      };
    }),
    byImdDecile: [
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((decile) => ({ decile, ...tally(members.filter((m) => m.person.imdDecile === decile)) })),
      { decile: null, ...tally(members.filter((m) => m.person.imdDecile === undefined)) },
    ],
    byLocality: [
      ...localities.map((locality) => ({ locality, ...tally(members.filter((m) => m.person.locality === locality)) })),
      ...(withoutLocality.length > 0 ? [{ locality: null, ...tally(withoutLocality) }] : []),
    ],
    mostDeprived: { ...share(members), bySegment: Object.fromEntries(ids.map((id) => [id, share(members.filter((m) => m.segment === id))])) },
    byConditionCount: ['0', '1', '2', '3', '4+'].map((conditions, k) => ({ conditions, ...tally(members.filter((m) => (k === 4 ? m.conditions >= 4 : m.conditions === k))) })),
    byOverlay: overlayIds.map((overlay) => ({ overlay, ...tally(members.filter((m) => m.overlays.includes(overlay))) })),
  };
}

/** The id a rejection should carry: the row's own, when it is a non-empty string. */
function usableId(row: unknown): string | undefined {
  try {
    const id = (row as { id?: unknown } | null | undefined)?.id;
    return typeof id === 'string' && id.length > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Every row in exactly one list, with the right reason; lists in input order. */
function checkAccounting(result: PopulationSegmentation, rows: readonly unknown[], fates: readonly Fate[]): void {
  const { assignments, rejected, excluded, total } = result;
  expect(total).toBe(rows.length);
  expect(assignments.length + rejected.length + excluded.length).toBe(total);
  const seen = [...assignments, ...rejected, ...excluded].map((r) => r.index).sort((a, b) => a - b);
  expect(seen).toEqual(rows.map((_, i) => i));
  for (const list of [assignments, rejected, excluded]) {
    expect(list.every((r, k) => k === 0 || (list[k - 1] as { index: number }).index < r.index)).toBe(true);
  }
  const actual: string[] = new Array<string>(rows.length).fill('missing');
  for (const a of assignments) actual[a.index] = 'assigned';
  for (const r of rejected) actual[r.index] = `rejected:${r.reason}`;
  for (const e of excluded) actual[e.index] = `excluded:${e.reason}`;
  expect(actual).toEqual(fates.map(fateLabel));

  // Rejections name the row's id where it has one, and say what was wrong; exclusions name the person.
  expect(
    rejected.map((r) => ({ index: r.index, id: r.reason === 'unreadable-record' ? 'not checked' : r.id, hasIssues: r.issues.length > 0 && r.issues.every((i) => Array.isArray(i.path) && i.message.length > 0) })),
  ).toEqual(rejected.map((r) => ({ index: r.index, id: r.reason === 'unreadable-record' ? 'not checked' : usableId(rows[r.index]), hasIssues: true })));
  expect(excluded.map((e) => ({ index: e.index, personId: e.personId, hasDetail: e.detail.length > 0 }))).toEqual(
    excluded.map((e) => {
      const fate = fates[e.index];
      return { index: e.index, personId: fate?.kind === 'excluded' ? fate.person.id : 'not excluded', hasDetail: true };
    }),
  );
}

/** A population and a permutation of its rows. */
const permutedScenarioArb = scenarioArb().chain(({ asOf, rows }) =>
  fc.shuffledSubarray(rows.map((_, i) => i), { minLength: rows.length, maxLength: rows.length }).map((permutation) => ({ asOf, rows, permutation })),
);

/** Model specs as plain (unchecked, unfrozen) data: random ones and copies of the built-ins. */
const specArb: fc.Arbitrary<ModelSpec> = fc.oneof(
  modelCaseArb.map((c) => c.spec),
  builtInModelArb.map((m): ModelSpec => JSON.parse(JSON.stringify(m)) as ModelSpec),
);

/** Up to 12 rows whose ids come from three values: duplicates among valid and invalid rows alike. */
const fewIdsScenarioArb = isoDateArb.chain((asOf) => {
  const ids = { ids: fc.constantFrom('a', 'b', 'c') };
  const row = fc.oneof(
    { weight: 6, arbitrary: personArb(asOf, ids) as fc.Arbitrary<unknown> },
    { weight: 2, arbitrary: nearValidPersonArb(asOf, ids) },
    { weight: 1, arbitrary: junkRowArb(asOf) },
  );
  return fc.array(row, { maxLength: 12 }).map((rows) => ({ asOf, rows }));
});

describe('property 2: segmentPopulation accounts for every row', () => {
  property('assigned + rejected + excluded = total, with the documented reasons and counts', SEED, fc.tuple(scenarioArb(), anyModelArb, ageBandsArb), ([{ asOf, rows }, model, ageBands]) => {
    const result = segmentPopulation(rows, model, ageBands === undefined ? { asOf } : { asOf, ageBands });
    const fates = expectedFates(rows, asOf);
    checkAccounting(result, rows, fates);

    const ids = model.segments.map((s) => s.id);
    const members = result.assignments.map((a): Member => {
      const e = expectedClassification(model, rows[a.index] as Person, asOf);
      return { segment: a.segment, age: a.age, conditions: e.conditionCount, overlays: e.overlays, person: rows[a.index] as Person };
    });
    expect(result.counts).toEqual(expectedCounts(ids, members, ageBands ?? DEFAULT_BANDS, (model.overlays ?? []).map((o) => o.id)));

    // The invariants in words, on top of the exact recomputation above.
    const sum = (record: Readonly<Record<string, number>>) => Object.values(record).reduce((a, b) => a + b, 0);
    const sortedIds = [...ids].sort().join(' ');
    const n = result.assignments.length;
    const problems: string[] = [];
    if (Object.keys(result.counts.bySegment).sort().join(' ') !== sortedIds) problems.push('bySegment does not list every segment');
    if (sum(result.counts.bySegment) !== n) problems.push('bySegment does not sum to the assignments');
    for (const [name, breakdown] of [['byAgeBand', result.counts.byAgeBand], ['byImdDecile', result.counts.byImdDecile], ['byLocality', result.counts.byLocality]] as const) {
      if (breakdown.reduce((total, row) => total + row.total, 0) !== n) problems.push(`${name} totals do not sum to the assignments`);
      breakdown.forEach((row, k) => {
        if (sum(row.bySegment) !== row.total) problems.push(`${name}[${k}] bySegment does not sum to its total`);
        if (Object.keys(row.bySegment).sort().join(' ') !== sortedIds) problems.push(`${name}[${k}] does not list every segment`);
      });
    }
    expect(problems).toEqual([]);
    expect({ asOf: result.asOf, model: result.model }).toEqual({ asOf, model: { id: model.id, label: model.label } });
  });

  property('permuting the input permutes the output and changes no count', SEED, fc.tuple(permutedScenarioArb, anyModelArb), ([{ asOf, rows, permutation }, model]) => {
    const original = segmentPopulation(rows, model, { asOf });
    const permuted = segmentPopulation(
      permutation.map((i) => rows[i]),
      model,
      { asOf },
    );
    expect(permuted.total).toBe(original.total);
    expect(permuted.counts).toEqual(original.counts);
    // Row p of the permuted input is row permutation[p] of the original: same verdict, same details.
    const byIndex = <T extends { index: number }>(list: readonly T[]) => new Map(list.map((item) => [item.index, item]));
    // Positions are dropped; a rejection's issues are compared by path (a duplicate's message names row numbers).
    const strip = <T extends { index: number }>(item: T | undefined) => {
      if (item === undefined) return undefined;
      const { index: _, ...rest } = item as T & { issues?: readonly { path: unknown }[] };
      return 'issues' in rest && Array.isArray(rest.issues) ? { ...rest, issues: rest.issues.map((issue: { path: unknown }) => issue.path) } : rest;
    };
    for (const key of ['assignments', 'rejected', 'excluded'] as const) {
      const before = byIndex<{ index: number }>(original[key]);
      const after = permuted[key] as readonly { index: number }[];
      expect(after.length).toBe(before.size);
      expect(after.map((item) => ({ from: permutation[item.index], item: strip(item) }))).toEqual(
        after.map((item) => ({ from: permutation[item.index], item: strip(before.get(permutation[item.index] as number)) })),
      );
    }
    const pairs = (r: PopulationSegmentation) => r.assignments.map((a) => `${a.personId}\u0000${a.segment}`).sort();
    expect(pairs(permuted)).toEqual(pairs(original));
  });

  property(
    'never mutates its input rows or model spec, and gives the same result on deep-frozen input',
    SEED,
    fc.tuple(scenarioArb(), specArb),
    ([{ asOf, rows }, spec]) => {
      const elements = [...rows];
      const snapshots = rows.map((row) => {
        try {
          return { cloned: true, value: structuredClone(row) };
        } catch {
          return { cloned: false, value: undefined };
        }
      });
      const specSnapshot = structuredClone(spec);
      const first = segmentPopulation(rows, spec, { asOf });

      expect(rows.length).toBe(elements.length);
      expect(rows.every((row, i) => Object.is(row, elements[i]))).toBe(true);
      const cloned = rows.flatMap((row, i) => (snapshots[i]?.cloned === true ? [{ i, row }] : []));
      expect({ rows: cloned, spec }).toEqual({ rows: cloned.map(({ i }) => ({ i, row: snapshots[i]?.value })), spec: specSnapshot });

      // Frozen input: any attempt to write would throw (or turn a good row into a rejected one).
      deepFreeze(rows);
      deepFreeze(spec);
      expect(segmentPopulation(rows, spec, { asOf })).toEqual(first);
    },
  );

  property('valid rows sharing an id are all rejected as duplicates; the dead, deregistered, unborn and unregistered are excluded', SEED, fc.tuple(fewIdsScenarioArb, builtInModelArb), ([{ asOf, rows }, model]) => {
    const result = segmentPopulation(rows, model, { asOf });
    const fates = expectedFates(rows, asOf);
    const valid = fates.map((f) => f.kind === 'assigned' || f.kind === 'excluded' || (f.kind === 'rejected' && f.reason === 'duplicate-id'));
    const validIds = rows.map((row, i) => (valid[i] === true ? (row as Person).id : undefined));
    const rejectedAt = new Map(result.rejected.map((r) => [r.index, r]));
    const excludedAt = new Map(result.excluded.map((e) => [e.index, e]));

    const actual: unknown[] = [];
    const expected: unknown[] = [];
    rows.forEach((row, i) => {
      const id = validIds[i];
      if (id === undefined) return;
      const person = row as Person;
      const shared = validIds.filter((other) => other === id).length > 1;
      const status = livingStatus(person, asOf);
      const rejection = rejectedAt.get(i);
      const exclusion = excludedAt.get(i);
      actual.push({ i, rejected: rejection?.reason, rejectedId: rejection?.id, excluded: exclusion?.reason });
      expected.push({
        i,
        rejected: shared ? 'duplicate-id' : undefined,
        rejectedId: shared ? id : undefined,
        excluded: shared || status === 'alive' ? undefined : status,
      });
    });
    expect(actual).toEqual(expected);
    // No assigned person shares an id with another valid row, and every assigned person is in the population.
    for (const a of result.assignments) {
      const person = rows[a.index] as Person;
      expect(validIds.filter((id) => id === person.id).length).toBe(1);
      expect(livingStatus(person, asOf)).toBe('alive');
      expect(a.segment).toBe(expectedClassification(model, person, asOf).segment);
    }
  });
});
