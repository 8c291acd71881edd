/**
 * Compile-time help for typed callers. These checks run in `tsc --noEmit` (npm test's first
 * step): an assertion that fails is a type error, and each `@ts-expect-error` fails the build
 * if the line it guards ever compiles. The runtime assertions keep vitest honest too.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  classify,
  leeds2024,
  peopleFromRows,
  segmentPopulation,
  type CatalogueMarkerId,
  type MarkerId,
  type ModelSpec,
  type Person,
  type RowMapping,
  type SqlOptions,
} from 'phm-kit/segmentation';

describe('types that help in an editor', () => {
  it('a marker id is offered from the catalogue, and any other string stays allowed', () => {
    expectTypeOf<CatalogueMarkerId>().toExtend<MarkerId>();
    expectTypeOf<'ltc-asthma'>().toExtend<CatalogueMarkerId>();
    // @ts-expect-error a misspelt id is not a catalogue id
    const misspelt: CatalogueMarkerId = 'ltc-asthmaa';
    const local: MarkerId = 'housebound';
    const fromFile: string = 'ltc-copd';
    const read: MarkerId = fromFile; // a plain string from untyped data is accepted
    const person: Person = { id: 'p1', birthDate: '1950-01-01', markers: ['ltc-asthma', local, { id: read, from: '2020-01-01' }] };
    expectTypeOf(person.markers[0]!).toExtend<MarkerId | { id: MarkerId }>();
    expect([misspelt, classify(person, leeds2024, { asOf: '2024-04-01' }).segment]).toEqual(['ltc-asthmaa', 'long-term-conditions']);
  });

  it('a model rule and a mapping name their fields, and their marker keys autocomplete', () => {
    const model: ModelSpec = { id: 'm', label: 'M', segments: [{ id: 'a', label: 'A', rule: { marker: 'ltc-asthma' } }, { id: 'rest', label: 'R', catchAll: true }] };
    const mapping: RowMapping = { columns: { id: 'patient_id', age: 'att.Age' }, asOf: '2024-04-01', markers: { 'ltc-asthma': { column: 'asthma' }, housebound: 'hb' } };
    // @ts-expect-error a misspelt option is caught
    const misspeltOption: RowMapping = { colums: { id: 'patient_id' } };
    // @ts-expect-error a test that does not exist is caught
    const badTest: RowMapping = { markers: { 'ltc-asthma': { column: 'asthma', greaterThan: 0 } } };
    const sql: SqlOptions = { dialect: 'tsql', asOf: '2024-04-01', markerCodes: { 'ltc-asthma': ['AST'] } };
    expectTypeOf(mapping.markers).toExtend<{ readonly [id in MarkerId]?: unknown } | undefined>();
    const { people } = peopleFromRows([{ patient_id: 'p1', 'att.Age': '70', asthma: '1' }], mapping);
    expect(segmentPopulation(people, model, { asOf: '2024-04-01' }).counts.bySegment).toEqual({ a: 1, rest: 0 });
    expect([misspeltOption, badTest, sql.dialect]).toHaveLength(3);
  });

  it('functions still accept unknown from untyped sources', () => {
    const untyped: unknown = JSON.parse('[{"id":"p1","birthDate":"1950-01-01","markers":["LTC-ASTHMA"]}]');
    expectTypeOf(segmentPopulation).parameter(0).toEqualTypeOf<Iterable<unknown>>();
    expectTypeOf(classify).parameter(0).toEqualTypeOf<unknown>();
    expect(segmentPopulation(untyped as unknown[], leeds2024, { asOf: '2024-04-01' }).unknownMarkers[0]?.suggestion).toBe('ltc-asthma');
  });
});
