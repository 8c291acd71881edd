/**
 * Property (issue 14): over populations mixing valid people, junk and hostile rows (getters
 * that throw always or only on a second read, getters whose later reads answer differently,
 * proxies, revoked proxies, marker arrays with throwing or flaky elements), every row lands in
 * exactly one place, judged on its one reading; counts and totals add up; and the input rows
 * are unchanged. For segmentPopulation, screenRecords, overlap, transitions and segmentStream.
 */
import fc from 'fast-check';
import { leeds2024, overlap, screenRecords, segmentPopulation, segmentStream, transitions, type Person, type StreamBatch } from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { isoDateArb, junkRowArb, nearValidPersonArb, personArb, shiftDays } from '../arbitraries.js';
import { asyncProperty, property } from '../../support/property.js';
import { livingStatus, screenRow, type Screened } from './oracle.js';

const SEED = 0x5e9_0014;

const FIELDS = ['id', 'birthDate', 'sex', 'deathDate', 'registrationDate', 'deregistrationDate', 'imdDecile', 'locality', 'markers'] as const;
type Field = (typeof FIELDS)[number];

/** How to make one row, afresh for each call (a getter that throws on its second read must get a first). */
type Recipe =
  | { readonly kind: 'plain'; readonly value: unknown }
  | { readonly kind: 'once'; readonly person: Person; readonly field: Field }
  | { readonly kind: 'changes'; readonly person: Person; readonly field: Field; readonly later: unknown }
  | { readonly kind: 'throws'; readonly person: Person; readonly field: Field }
  | { readonly kind: 'proxy'; readonly person: Person }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'marker-element'; readonly person: Person }
  | { readonly kind: 'markers-once'; readonly person: Person };

/** A row whose `field` getter answers `first`, then `later()` on every read after. */
function withGetter(person: Person, field: Field, later: () => unknown): Record<string, unknown> {
  const row: Record<string, unknown> = { ...person };
  const first = row[field];
  let reads = 0;
  delete row[field];
  Object.defineProperty(row, field, { enumerable: true, configurable: true, get: () => (reads++ === 0 ? first : later()) });
  return row;
}

function build(recipe: Recipe): unknown {
  switch (recipe.kind) {
    case 'plain':
      return recipe.value;
    case 'once':
      return withGetter(recipe.person, recipe.field, () => {
        throw new Error('read twice');
      });
    case 'changes':
      return withGetter(recipe.person, recipe.field, () => recipe.later);
    case 'throws': {
      const row = withGetter(recipe.person, recipe.field, () => undefined);
      Object.defineProperty(row, recipe.field, {
        get() {
          throw new Error('unavailable');
        },
      });
      return row;
    }
    case 'proxy':
      return new Proxy(
        { ...recipe.person },
        {
          get() {
            throw new Error('trap');
          },
        },
      );
    case 'revoked': {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case 'marker-element': {
      const markers: unknown[] = [...recipe.person.markers];
      Object.defineProperty(markers, markers.length, {
        enumerable: true,
        get() {
          throw new Error('element unavailable');
        },
      });
      return { ...recipe.person, markers };
    }
    case 'markers-once': {
      const reads = new Map<PropertyKey, number>();
      const markers = new Proxy([...recipe.person.markers], {
        get(target, key) {
          const n = reads.get(key) ?? 0;
          reads.set(key, n + 1);
          if (typeof key === 'string' && /^\d+$/.test(key) && n > 0) throw new Error('entry read twice');
          return Reflect.get(target, key);
        },
      });
      return { ...recipe.person, markers };
    }
  }
}

/** What the screen must make of a recipe's row: its one reading. */
function expectedScreen(recipe: Recipe): Screened {
  switch (recipe.kind) {
    case 'plain':
      return screenRow(recipe.value);
    case 'once':
    case 'changes':
    case 'markers-once':
      return { kind: 'valid', person: recipe.person };
    default:
      return { kind: 'unreadable-record' };
  }
}

/** The fate of each row in a batch function: assigned, excluded, or rejected and why. */
function expectedFates(recipes: readonly Recipe[], asOf: string, duplicatesRejected: boolean): string[] {
  const screened = recipes.map(expectedScreen);
  const idCount = new Map<string, number>();
  for (const s of screened) if (s.kind === 'valid') idCount.set(s.person.id, (idCount.get(s.person.id) ?? 0) + 1);
  return screened.map((s) => {
    if (s.kind !== 'valid') return `rejected:${s.kind}`;
    if (duplicatesRejected && (idCount.get(s.person.id) ?? 0) > 1) return 'rejected:duplicate-id';
    const status = livingStatus(s.person, asOf);
    return status === 'alive' ? 'assigned' : `excluded:${status}`;
  });
}

/** A result's fate for each row, by position; throws if a row is in no list or in two. */
function actualFates(total: number, lists: { assignments: readonly { index: number }[]; rejected: readonly { index: number; reason: string }[]; excluded: readonly { index: number; reason: string }[] }): string[] {
  const fates: (string | undefined)[] = new Array(total).fill(undefined);
  const put = (index: number, fate: string) => {
    if (fates[index] !== undefined) throw new Error(`row ${index} is both ${fates[index]} and ${fate}`);
    fates[index] = fate;
  };
  for (const a of lists.assignments) put(a.index, 'assigned');
  for (const r of lists.rejected) put(r.index, `rejected:${r.reason}`);
  for (const e of lists.excluded) put(e.index, `excluded:${e.reason}`);
  return fates.map((f, i) => f ?? `row ${i} is nowhere`);
}

/** A description of a value's own properties that reads no getter and trips no trap we set. */
function shape(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 4) return value;
  try {
    return Reflect.ownKeys(value).map((key) => {
      const d = Reflect.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
      return [String(key), 'value' in d ? shape(d.value, depth + 1) : d.get];
    });
  } catch {
    return 'unreadable';
  }
}

const recipeArb = (asOf: string): fc.Arbitrary<Recipe> => {
  const p = personArb(asOf, { maxMarkers: 4 });
  const field = fc.constantFrom(...FIELDS);
  return fc.oneof(
    { weight: 6, arbitrary: p.map((value): Recipe => ({ kind: 'plain', value })) },
    { weight: 1, arbitrary: nearValidPersonArb(asOf).map((value): Recipe => ({ kind: 'plain', value })) },
    { weight: 1, arbitrary: junkRowArb(asOf).map((value): Recipe => ({ kind: 'plain', value })) },
    { weight: 2, arbitrary: fc.record({ person: p, field }).map((r): Recipe => ({ kind: 'once', ...r })) },
    { weight: 2, arbitrary: fc.record({ person: p, field, later: fc.constantFrom(null, '', 'x', 42, [], {}, '2023-02-29', [null]) }).map((r): Recipe => ({ kind: 'changes', ...r })) },
    { weight: 1, arbitrary: fc.record({ person: p, field }).map((r): Recipe => ({ kind: 'throws', ...r })) },
    { weight: 1, arbitrary: p.map((person): Recipe => ({ kind: 'proxy', person })) },
    { weight: 1, arbitrary: fc.constant<Recipe>({ kind: 'revoked' }) },
    { weight: 1, arbitrary: p.map((person): Recipe => ({ kind: 'marker-element', person })) },
    { weight: 1, arbitrary: p.map((person): Recipe => ({ kind: 'markers-once', person })) },
  );
};

const scenarioArb = isoDateArb.chain((asOf) => fc.record({ asOf: fc.constant(asOf), recipes: fc.array(recipeArb(asOf), { maxLength: 16 }) }));

const sum = (record: Readonly<Record<string, number>>) => Object.values(record).reduce((a, b) => a + b, 0);

describe('hostile rows: every row in exactly one place, judged on its one reading', () => {
  property('segmentPopulation, screenRecords, overlap and transitions', SEED, scenarioArb, ({ asOf, recipes }) => {
    const plain = recipes.filter((r): r is Extract<Recipe, { kind: 'plain' }> => r.kind === 'plain').map((r) => r.value);
    const before = shape(plain);
    const expected = expectedFates(recipes, asOf, true);

    const result = segmentPopulation(recipes.map(build), leeds2024, { asOf });
    expect(actualFates(recipes.length, result)).toEqual(expected);
    expect(sum(result.counts.bySegment)).toBe(result.assignments.length);
    expect(result.counts.byLocality.reduce((a, l) => a + l.total, 0)).toBe(result.assignments.length);

    const screened = screenRecords(recipes.map(build));
    expect(screened.indices).toEqual(expected.flatMap((fate, i) => (fate === 'assigned' || fate.startsWith('excluded') ? [i] : [])));
    expect(screened.people.length + screened.rejected.length).toBe(recipes.length);

    const o = overlap(recipes.map(build), leeds2024, { asOf });
    expect([o.assessed, o.rejected, o.excluded]).toEqual([result.assignments.length, result.rejected.length, result.excluded.length]);

    const to = shiftDays(asOf, 200);
    const t = transitions(recipes.map(build), leeds2024, { from: asOf, to });
    expect(t.stayedInPopulation + sum(t.entered) + sum(t.left) + t.outside + t.rejected).toBe(recipes.length);
    expect(t.rejected).toBe(result.rejected.length);

    expect(shape(plain)).toEqual(before);
  });

  asyncProperty(
    'segmentStream, either duplicate-id mode, any batch size: totals add up after every batch',
    SEED,
    fc.record({ scenario: scenarioArb, batchSize: fc.integer({ min: 1, max: 7 }), duplicateIds: fc.constantFrom<'ignore' | 'reject-repeats'>('ignore', 'reject-repeats') }),
    async ({ scenario: { asOf, recipes }, batchSize, duplicateIds }) => {
      const batches: StreamBatch[] = [];
      for await (const batch of segmentStream(recipes.map(build), leeds2024, { asOf, batchSize, duplicateIds })) batches.push(batch);
      for (const batch of batches) {
        const { read, assigned, rejected, excluded } = batch.totals;
        expect(assigned + rejected + excluded).toBe(read);
        expect(sum(batch.counts.bySegment)).toBe(assigned);
      }
      const all = { assignments: batches.flatMap((b) => b.assignments), rejected: batches.flatMap((b) => b.rejected), excluded: batches.flatMap((b) => b.excluded) };
      const fates = actualFates(recipes.length, all);
      // 'ignore' judges each row alone; 'reject-repeats' lets the first valid row of an id stand.
      const alone = expectedFates(recipes, asOf, false);
      const seen = new Set<string>();
      const expected = alone.map((fate, i) => {
        const s = expectedScreen(recipes[i] as Recipe);
        if (duplicateIds === 'ignore' || s.kind !== 'valid') return fate;
        if (seen.has(s.person.id)) return 'rejected:duplicate-id';
        seen.add(s.person.id);
        return fate;
      });
      expect(fates).toEqual(expected);
      expect(batches.at(-1)?.totals.read).toBe(recipes.length);
    },
  );
});
