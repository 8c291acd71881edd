/**
 * One model, two engines, the same answer: the SQL that toSql writes, run by DuckDB, assigns
 * every row exactly as the TypeScript classifier does, for the built-in models and for random
 * models and populations.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgesToHealth, defineModel, leeds2017, leeds2024, syntheticPopulation, toSql, type SegmentationModel } from 'phm-kit/segmentation';
import { isoDateArb, modelCaseArb, personArb } from '../arbitraries.js';
import { asyncProperty, scaledRuns } from '../../support/property.js';
import { openDuckDb, REGISTRATION_COLUMNS, tablesOf, type DuckDb } from '../../../examples/duckdb-tables.js';
import { actualOutcomes, expectedOutcomes } from './expected.js';

let db: DuckDb;
beforeAll(async () => {
  db = await openDuckDb();
});
afterAll(() => db.close());

async function compare(people: Parameters<typeof tablesOf>[0], model: SegmentationModel, asOf: string, dialect: 'duckdb' | 'ansi' | 'postgresql', flags: boolean) {
  await db.load(tablesOf(people));
  const { sql } = toSql(model, { dialect, asOf, flags, columns: REGISTRATION_COLUMNS });
  const rows = await db.rows(sql);
  expect(rows).toHaveLength(people.length);
  expect(actualOutcomes(rows, model, flags)).toEqual(expectedOutcomes(people, model, asOf, flags));
}

describe('toSql on DuckDB agrees with the classifier', () => {
  const synthetic = syntheticPopulation({ size: 20_000, seed: 6, asOf: '2024-04-01' });
  for (const model of [leeds2024, leeds2017, bridgesToHealth]) {
    for (const dialect of ['duckdb', 'ansi', 'postgresql'] as const) {
      it(`${model.id}, ${dialect} dialect, 20,000 synthetic people, with flags`, async () => {
        await compare(synthetic, model, '2024-04-01', dialect, true);
      });
    }
  }

  asyncProperty(
    'built-in models on hostile populations (duplicate ids, window edges, leap days, the dead, deregistered, unborn and unregistered)',
    6001,
    fc.tuple(fc.constantFrom(leeds2024, leeds2017, bridgesToHealth), isoDateArb).chain(([model, asOf]) =>
      fc.record({ model: fc.constant(model), asOf: fc.constant(asOf), people: fc.array(personArb(asOf), { maxLength: 40 }), flags: fc.boolean() }),
    ),
    ({ model, asOf, people, flags }) => compare(people, model, asOf, 'duckdb', flags),
    300,
  );

  asyncProperty(
    'random models on random populations',
    6002,
    fc.tuple(modelCaseArb, isoDateArb).chain(([modelCase, asOf]) =>
      fc.record({ model: fc.constant(modelCase.model), asOf: fc.constant(asOf), people: fc.array(personArb(asOf), { maxLength: 30 }), flags: fc.boolean() }),
    ),
    ({ model, asOf, people, flags }) => compare(people, model, asOf, 'duckdb', flags),
    500,
  );

  it('random models in the ANSI dialect as well', async () => {
    const cases = fc.sample(fc.tuple(modelCaseArb, isoDateArb).chain(([m, asOf]) => fc.tuple(fc.constant(m.model), fc.constant(asOf), fc.array(personArb(asOf), { maxLength: 30 }))), { seed: 6003, numRuns: scaledRuns(100) });
    for (const [model, asOf, people] of cases) await compare(people, model, asOf, 'ansi', true);
  }, 60_000);

  it('an age-only model still reads the marker table for invalid marker rows', async () => {
    const model = defineModel({ id: 'ages', label: 'Ages', segments: [{ id: 'older', label: 'Older', rule: { ageAtLeast: 65 } }, { id: 'rest', label: 'Rest', catchAll: true }] });
    const people = [
      { id: 'a', birthDate: '1950-01-01', markers: [] },
      { id: 'b', birthDate: '1990-01-01', markers: ['anything'] },
    ];
    await compare(people, model, '2024-04-01', 'duckdb', true);
  });
});
