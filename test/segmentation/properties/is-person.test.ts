/**
 * Property 5: `isPerson(x)` agrees exactly with `PersonSchema.safeParse(x).success` on hostile
 * input: anything fast-check can build, near-valid people with one field corrupted, junk rows,
 * and valid people in unusual shapes (null prototype, inherited fields, sparse arrays, boxed
 * strings). Rows whose getters or proxy traps throw must never be called valid.
 */
import fc from 'fast-check';
import { isPerson, PersonSchema, type Person } from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { isoDateArb, junkRowArb, nearValidPersonArb, personArb } from '../arbitraries.js';
import { property } from '../../support/property.js';

const SEED = 0x5e9_0005;

type Outcome = boolean | 'throws';

function outcome(run: () => boolean): Outcome {
  try {
    return run();
  } catch {
    return 'throws';
  }
}

/** Valid people re-shaped: null prototype, fields inherited, boxed strings, sparse or decorated arrays. */
function reshapedArb(person: Person): fc.Arbitrary<unknown> {
  const markers = person.markers;
  return fc.constantFrom<unknown>(
    Object.assign(Object.create(null) as object, person),
    Object.create(person) as unknown,
    Object.freeze({ ...person, markers: Object.freeze([...markers]) }),
    { ...person, id: new String(person.id) },
    { ...person, birthDate: new String(person.birthDate) },
    { ...person, markers: [...markers, new String('cancer')] },
    // eslint-disable-next-line no-sparse-arrays
    { ...person, markers: [, ...markers] },
    { ...person, markers: Object.assign([...markers], { extra: 'property' }) },
    { ...person, markers: markers.map((m) => (typeof m === 'string' ? { id: m, note: 1 } : { ...m, note: 1 })) },
    { ...person, markers: markers.map((m) => (typeof m === 'string' ? Object.assign(Object.create(null) as object, { id: m }) : m)) },
    { ...person, imdDecile: -0 },
    { ...person, imdDecile: 1.0 },
    { ...person, imdDecile: 5n },
    { ...person, sex: undefined, deathDate: undefined, imdDecile: undefined, locality: undefined },
    { ...person, deathDate: person.birthDate },
    { ...person, markers: [{ id: 'pregnancy', from: person.birthDate, to: person.birthDate }] },
    { ...person, markers: [{ id: 'pregnancy', from: undefined, to: undefined }] },
    { ...person, id: 'x'.repeat(1000) },
    [person],
    new Map(Object.entries(person)),
  );
}

const hostileArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.anything({ maxDepth: 3, withBoxedValues: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true, withBigInt: true }) },
  {
    weight: 2,
    // Objects with the person fields filled by anything at all.
    arbitrary: fc.record(
      { id: fc.anything({ maxDepth: 1 }), birthDate: fc.oneof(isoDateArb, fc.anything({ maxDepth: 1 })), sex: fc.anything({ maxDepth: 1 }), deathDate: fc.anything({ maxDepth: 1 }), imdDecile: fc.anything({ maxDepth: 1 }), locality: fc.anything({ maxDepth: 1 }), markers: fc.anything({ maxDepth: 2 }) },
      { requiredKeys: [] },
    ),
  },
  { weight: 6, arbitrary: isoDateArb.chain((asOf) => nearValidPersonArb(asOf)) },
  { weight: 3, arbitrary: isoDateArb.chain((asOf) => personArb(asOf)) },
  { weight: 3, arbitrary: isoDateArb.chain((asOf) => personArb(asOf).chain(reshapedArb)) },
  { weight: 3, arbitrary: isoDateArb.chain((asOf) => junkRowArb(asOf)) },
);

describe('property 5: isPerson agrees with PersonSchema', () => {
  property('isPerson(x) === PersonSchema.safeParse(x).success', SEED, hostileArb, (value) => {
    const schema = outcome(() => PersonSchema.safeParse(value).success);
    const fast = outcome(() => isPerson(value));
    if (schema === 'throws') {
      // Reading the row throws (a hostile getter or proxy): isPerson must not call it a person.
      expect(fast).not.toBe(true);
    } else {
      expect(fast).toBe(schema);
    }
  });

  property('every generated person is valid, and stays valid through JSON', SEED, isoDateArb.chain((asOf) => personArb(asOf)), (person) => {
    expect(isPerson(person)).toBe(true);
    expect(PersonSchema.safeParse(person).success).toBe(true);
    expect(isPerson(JSON.parse(JSON.stringify(person)))).toBe(true);
  });
});
