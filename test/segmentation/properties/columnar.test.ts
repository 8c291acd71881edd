/**
 * The columnar fast path agrees with the compiled classifier: for random models and built-in
 * ones, random valid people converted with personColumns get the segment index segmentIndex
 * gives them, or the exclusion code; hostile column values are rejected with their reason and
 * listed; every row is counted once; inputs are left as they were.
 */
import fc from 'fast-check';
import {
  bridgesToHealth,
  CODE_DECEASED,
  CODE_DEREGISTERED,
  CODE_NOT_YET_BORN,
  CODE_NOT_YET_REGISTERED,
  CODE_REJECTED,
  compileClassifier,
  leeds2017,
  leeds2024,
  markersReadBy,
  NO_DAY,
  NO_SEX,
  personColumns,
  segmentColumns,
  type ColumnarSegmentation,
  type Person,
  type PersonDayColumns,
  type SegmentationModel,
} from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { epochDayOf, isoDateArb, modelCaseArb, personArb } from '../arbitraries.js';
import { property } from '../../support/property.js';
import { livingStatus } from './oracle.js';

const SEED = 0xc0_1000;

const EXCLUSION_CODES = { deceased: CODE_DECEASED, deregistered: CODE_DEREGISTERED, 'not-yet-born': CODE_NOT_YET_BORN, 'not-yet-registered': CODE_NOT_YET_REGISTERED } as const;

/** What each row must come to: compiled classifier for those in the population, exclusion codes otherwise. */
function expectedCodes(people: readonly Person[], model: SegmentationModel, asOf: string): number[] {
  const { segmentIndex } = compileClassifier(model, { asOf });
  return people.map((p) => {
    const status = livingStatus(p, asOf);
    return status === 'alive' ? segmentIndex(p) : EXCLUSION_CODES[status];
  });
}

/** Each row's number of condition flags: the compiled classifier's for those in the population, 0 otherwise. */
function expectedConditionCounts(people: readonly Person[], model: SegmentationModel, asOf: string): number[] {
  const { classify } = compileClassifier(model, { asOf });
  return people.map((p) => (livingStatus(p, asOf) !== 'alive' ? 0 : classify(p).conditionCount));
}

/** Each overlay's per-row flags: the compiled classifier's for those in the population, 0 otherwise. */
function expectedOverlays(people: readonly Person[], model: SegmentationModel, asOf: string): Record<string, number[]> {
  const { classify } = compileClassifier(model, { asOf });
  const held = people.map((p) => (livingStatus(p, asOf) !== 'alive' ? [] : classify(p).overlays));
  return Object.fromEntries((model.overlays ?? []).map((o) => [o.id, held.map((ids) => (ids.includes(o.id) ? 1 : 0))]));
}

/** Every row counted once, and the counts are those of the codes. */
function expectAccounted(result: ColumnarSegmentation, model: SegmentationModel): void {
  const { counts, codes, total } = result;
  expect(counts.assigned + counts.deceased + counts.deregistered + counts.notYetBorn + counts.notYetRegistered + counts.rejected).toBe(total);
  expect(codes.length).toBe(total);
  const tally = (code: number) => codes.reduce((n, c) => n + (c === code ? 1 : 0), 0);
  const { deceased, deregistered, notYetBorn, notYetRegistered, rejected } = counts;
  expect({ deceased, deregistered, notYetBorn, notYetRegistered, rejected }).toEqual({
    deceased: tally(CODE_DECEASED),
    deregistered: tally(CODE_DEREGISTERED),
    notYetBorn: tally(CODE_NOT_YET_BORN),
    notYetRegistered: tally(CODE_NOT_YET_REGISTERED),
    rejected: tally(CODE_REJECTED),
  });
  expect(counts.bySegment).toEqual(Object.fromEntries(model.segments.map((s, i) => [s.id, tally(i)])));
  expect(result.conditionCounts.length).toBe(total);
  ['0', '1', '2', '3', '4+'].forEach((band, b) => {
    const inBand = (i: number) => (b === 4 ? (result.conditionCounts[i] as number) >= 4 : result.conditionCounts[i] === b);
    const bySegment = Object.fromEntries(model.segments.map((s, k) => [s.id, [...codes.keys()].filter((i) => codes[i] === k && inBand(i)).length]));
    expect(counts.byConditionCount[b]).toEqual({ conditions: band, total: Object.values(bySegment).reduce((x, y) => x + y, 0), bySegment });
  });
  for (const [i, code] of codes.entries()) if (code < 0) expect(result.conditionCounts[i]).toBe(0);
  expect(counts.byOverlay).toEqual((model.overlays ?? []).map((o) => {
    const flags = result.overlays[o.id] as Uint8Array;
    const bySegment = Object.fromEntries(model.segments.map((s, k) => [s.id, [...codes.keys()].filter((i) => codes[i] === k && flags[i] === 1).length]));
    return { overlay: o.id, total: Object.values(bySegment).reduce((x, y) => x + y, 0), bySegment };
  }));
  expect(result.rejected.map((r) => r.index)).toEqual([...codes.keys()].filter((i) => codes[i] === CODE_REJECTED));
}

function copyOf(columns: PersonDayColumns): PersonDayColumns {
  return {
    birthDay: columns.birthDay.slice(),
    deathDay: columns.deathDay.slice(),
    registrationDay: columns.registrationDay.slice(),
    deregistrationDay: columns.deregistrationDay.slice(),
    sex: columns.sex.slice(),
    markers: Object.fromEntries(Object.entries(columns.markers).map(([id, c]) => [id, c.slice()])),
  };
}

const scenario = (maxLength: number) =>
  isoDateArb.chain((asOf) => fc.record({ asOf: fc.constant(asOf), people: fc.array(personArb(asOf), { maxLength }), modelMarkers: fc.boolean() }));

describe('segmentColumns agrees with the compiled classifier', () => {
  property(
    'random models: codes are segmentIndex for the living, exclusion codes otherwise; no row lost; inputs unchanged',
    SEED,
    fc.tuple(modelCaseArb, scenario(25)),
    ([{ model }, { asOf, people, modelMarkers }]) => {
      // With the model's markers every column exists; without, markers no one has are missing.
      const columns = personColumns(people, modelMarkers ? { asOf, markers: markersReadBy(model) } : { asOf });
      const before = copyOf(columns);
      const result = segmentColumns(columns, model, { asOf });
      expect([...result.codes]).toEqual(expectedCodes(people, model, asOf));
      expect([...result.conditionCounts]).toEqual(expectedConditionCounts(people, model, asOf));
      expect(Object.fromEntries(Object.entries(result.overlays).map(([id, f]) => [id, [...f]]))).toEqual(expectedOverlays(people, model, asOf));
      expectAccounted(result, model);
      expect(result.counts.rejected).toBe(0);
      const read = markersReadBy(model);
      expect([...result.missingMarkers].sort()).toEqual(read.filter((id) => !(id in columns.markers)).sort());
      if (modelMarkers) expect(result.missingMarkers).toEqual([]);
      expect(columns).toEqual(before);
    },
  );

  property(
    'random models: Uint8 flag columns mean "active now, so in every window": as people whose active markers are undated',
    SEED + 1,
    fc.tuple(modelCaseArb, scenario(25)),
    ([{ model }, { asOf, people }]) => {
      const days = personColumns(people, { asOf, markers: markersReadBy(model) });
      const asOfDay = epochDayOf(asOf);
      const flags = Object.fromEntries(Object.entries(days.markers).map(([id, c]) => [id, Uint8Array.from(c, (d) => (d >= asOfDay ? 1 : 0))]));
      const undated = people.map((p, i): Person => ({ ...p, markers: Object.keys(flags).filter((id) => (flags[id] as Uint8Array)[i] === 1) }));
      const result = segmentColumns({ ...days, markers: flags }, model, { asOf });
      expect([...result.codes]).toEqual(expectedCodes(undated, model, asOf));
    },
  );

  property(
    'random models: a bitmap column (one bit per row, LSB first) means what the same Uint8 flags mean, whatever bits lie past the last row',
    SEED + 7,
    fc.tuple(modelCaseArb, isoDateArb.chain((asOf) => fc.tuple(fc.constant(asOf), fc.array(personArb(asOf), { maxLength: 90 }))), fc.nat({ max: 3 }), fc.boolean()),
    ([{ model }, [asOf, people], extraBytes, junkPastEnd]) => {
      const days = personColumns(people, { asOf, markers: markersReadBy(model) });
      const asOfDay = epochDayOf(asOf);
      const flags = Object.fromEntries(Object.entries(days.markers).map(([id, c]) => [id, Uint8Array.from(c, (d) => (d >= asOfDay ? 1 : 0))]));
      const bitmaps = Object.fromEntries(
        Object.entries(flags).map(([id, f]) => {
          const bitmap = new Uint8Array(Math.ceil(f.length / 8) + extraBytes).fill(junkPastEnd ? 0xff : 0);
          for (let i = 0; i < Math.ceil(f.length / 8) * 8; i++) {
            if (i < f.length) bitmap[i >>> 3] = ((bitmap[i >>> 3] as number) & ~(1 << (i & 7))) | ((f[i] as number) << (i & 7));
          }
          return [id, { bitmap }];
        }),
      );
      const expected = segmentColumns({ ...days, markers: flags }, model, { asOf });
      const result = segmentColumns({ ...days, markers: bitmaps }, model, { asOf });
      expect([...result.codes]).toEqual([...expected.codes]);
      expect(result.counts).toEqual(expected.counts);
    },
  );

  describe.each([
    ['leeds2024', leeds2024],
    ['leeds2017', leeds2017],
    ['bridgesToHealth', bridgesToHealth],
  ] as const)('%s', (_, model) => {
    property(`${model.id}: codes and condition counts are the compiled classifier's`, SEED + 2, scenario(30), ({ asOf, people, modelMarkers }) => {
      const columns = personColumns(people, modelMarkers ? { asOf, markers: markersReadBy(model) } : { asOf });
      const result = segmentColumns(columns, model, { asOf });
      expect([...result.codes]).toEqual(expectedCodes(people, model, asOf));
      expect([...result.conditionCounts]).toEqual(expectedConditionCounts(people, model, asOf));
      expect(Object.fromEntries(Object.entries(result.overlays).map(([id, f]) => [id, [...f]]))).toEqual(expectedOverlays(people, model, asOf));
      expectAccounted(result, model);
    }, 500);
  });

  // Populations over several chunks of 4,096 rows: a small random population repeated, so that
  // every chunk boundary and partial last word is crossed.
  property(
    'many chunks: a population repeated past several chunk boundaries classifies row by row as the original',
    SEED + 3,
    fc.tuple(modelCaseArb, scenario(40).filter((s) => s.people.length > 0), fc.integer({ min: 4096, max: 13_000 })),
    ([{ model }, { asOf, people }, rows]) => {
      const many = Array.from({ length: rows }, (_, i) => people[i % people.length] as Person);
      const result = segmentColumns(personColumns(many, { asOf, markers: markersReadBy(model) }), model, { asOf });
      const once = expectedCodes(people, model, asOf);
      expect([...result.codes]).toEqual(many.map((_, i) => once[i % people.length]));
      expectAccounted(result, model);
    },
    40,
  );
});

/** Hostile values for one row, and the reason the row must be rejected with. */
const corruptionArb = fc.oneof(
  fc.constantFrom(NO_DAY, epochDayOf('1000-01-01') - 366_000, 2_932_897, 2 ** 31 - 1, -(2 ** 31) + 1).map((v) => ({ field: 'birthDay' as const, value: v, reason: 'invalid-birth-day' })),
  fc.constantFrom(2_932_897, 2 ** 31 - 1, -719_163, -(2 ** 31) + 1).map((v) => ({ field: 'deathDay' as const, value: v, reason: 'invalid-death-day' })),
  fc.integer({ min: 1, max: 40_000 }).map((before) => ({ field: 'deathBeforeBirth' as const, value: before, reason: 'death-before-birth' })),
  fc.oneof(fc.integer({ min: 4, max: 254 }), fc.constant(4)).map((v) => ({ field: 'sex' as const, value: v, reason: 'invalid-sex' })),
  fc.constantFrom(2_932_897, 2 ** 31 - 1, -719_163, -(2 ** 31) + 1).map((v) => ({ field: 'registrationDay' as const, value: v, reason: 'invalid-registration-day' })),
  fc.constantFrom(2_932_897, 2 ** 31 - 1, -719_163, -(2 ** 31) + 1).map((v) => ({ field: 'deregistrationDay' as const, value: v, reason: 'invalid-deregistration-day' })),
  fc.integer({ min: 1, max: 40_000 }).map((before) => ({ field: 'deregistrationBeforeRegistration' as const, value: before, reason: 'deregistration-before-registration' })),
  fc.integer({ min: 1, max: 40_000 }).map((before) => ({ field: 'deregistrationBeforeBirth' as const, value: before, reason: 'deregistration-before-birth' })),
);

describe('hostile column values', () => {
  property(
    'rows with out-of-range days, NO_DAY births, deaths before births, deregistrations before registrations or bad sex codes are rejected with the reason; other rows keep their codes',
    SEED + 4,
    fc.tuple(modelCaseArb, scenario(20).filter((s) => s.people.length > 0)).chain(([modelCase, s]) =>
      fc.tuple(fc.constant(modelCase), fc.constant(s), fc.array(fc.tuple(fc.nat({ max: s.people.length - 1 }), corruptionArb), { minLength: 1, maxLength: 4 })),
    ),
    ([{ model }, { asOf, people }, corruptions]) => {
      const clean = personColumns(people, { asOf, markers: markersReadBy(model) });
      const hostile = copyOf(clean);
      const { birthDay } = hostile;
      const { deathDay, registrationDay, deregistrationDay, sex } = hostile;
      const reasons = new Map<number, string>();
      // One corruption per row (the last drawn), so that the expected reason is unambiguous.
      for (const [row, c] of corruptions) {
        birthDay[row] = clean.birthDay[row] as number;
        deathDay[row] = clean.deathDay[row] as number;
        registrationDay[row] = clean.registrationDay[row] as number;
        deregistrationDay[row] = clean.deregistrationDay[row] as number;
        sex[row] = clean.sex[row] as number;
        if (c.field === 'birthDay') birthDay[row] = c.value;
        else if (c.field === 'deathDay') deathDay[row] = c.value;
        else if (c.field === 'sex') sex[row] = c.value;
        else if (c.field === 'registrationDay') registrationDay[row] = c.value;
        else if (c.field === 'deregistrationDay') deregistrationDay[row] = c.value;
        else if (c.field === 'deathBeforeBirth') deathDay[row] = (birthDay[row] as number) - c.value;
        else if (c.field === 'deregistrationBeforeBirth') {
          registrationDay[row] = NO_DAY;
          deregistrationDay[row] = (birthDay[row] as number) - c.value;
        } else {
          // A registration after the birth, and a deregistration before it (but not before the birth).
          registrationDay[row] = (birthDay[row] as number) + c.value;
          deregistrationDay[row] = birthDay[row] as number;
        }
        reasons.set(row, c.reason);
      }
      const snapshot = copyOf(hostile);
      const result = segmentColumns(hostile, model, { asOf });
      const expected = expectedCodes(people, model, asOf).map((code, i) => (reasons.has(i) ? CODE_REJECTED : code));
      expect([...result.codes]).toEqual(expected);
      expect(result.rejected.map(({ index, reason }) => ({ index, reason }))).toEqual([...reasons].sort((a, b) => a[0] - b[0]).map(([index, reason]) => ({ index, reason })));
      expectAccounted(result, model);
      expect(hostile).toEqual(snapshot);
    },
    500,
  );

  property(
    'a sex column of only NO_SEX classifies as no sex column at all, and as people without a recorded sex',
    SEED + 5,
    fc.tuple(modelCaseArb, scenario(20)),
    ([{ model }, { asOf, people }]) => {
      const columns = personColumns(people, { asOf, markers: markersReadBy(model) });
      const { sex: _, ...noSex } = columns;
      const unrecorded = people.map(({ sex: _s, ...rest }) => rest as Person);
      const absent = segmentColumns(noSex, model, { asOf });
      expect([...absent.codes]).toEqual(expectedCodes(unrecorded, model, asOf));
      expect([...segmentColumns({ ...columns, sex: new Uint8Array(people.length).fill(NO_SEX) }, model, { asOf }).codes]).toEqual([...absent.codes]);
    },
    300,
  );
});
