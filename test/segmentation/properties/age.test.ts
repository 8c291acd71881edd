/**
 * Property 4: age agrees with an independent date-fns computation (differenceInYears) on every
 * generated date pair, leap-day births and exact ages 0 and 120 included, both from `ageOn` and
 * in classifications. Also: the date primitives the age and window logic rest on (`isIsoDate`,
 * `lookBackStart`) agree with independent computations.
 */
import fc from 'fast-check';
import { subDays, subMonths } from 'date-fns';
import { ageOn, isIsoDate, lookBackStart } from 'phm-kit';
import { classify, compileClassifier, leeds2024, segmentPopulation } from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { birthDateArb, invalidDateArb, isLeapYear, isoDateArb, leapDayArb, lookBackArb, shiftDays, yearsBefore } from '../arbitraries.js';
import { expectedAge, localNoon } from './oracle.js';
import { property } from '../../support/property.js';

const SEED = 0x5e9_0004;

/** (birth, asOf) pairs with birth on or before asOf: any two dates, births relative to asOf, leap days. */
const orderedPairArb: fc.Arbitrary<{ birthDate: string; asOf: string }> = fc.oneof(
  fc.tuple(isoDateArb, isoDateArb).map(([a, b]) => (a <= b ? { birthDate: a, asOf: b } : { birthDate: b, asOf: a })),
  isoDateArb.chain((asOf) => birthDateArb(asOf).filter((b) => b <= asOf).map((birthDate) => ({ birthDate, asOf }))),
  // Leap-day births, evaluated around 28 February and 1 March of a later year.
  fc
    .tuple(leapDayArb, fc.integer({ min: 0, max: 125 }), fc.constantFrom('02-27', '02-28', '02-29', '03-01', '03-02'))
    .map(([birthDate, years, monthDay]) => ({ birthDate, year: Number(birthDate.slice(0, 4)) + years, monthDay }))
    .filter(({ year, monthDay }) => monthDay !== '02-29' || isLeapYear(year))
    .map(({ birthDate, year, monthDay }) => ({ birthDate, asOf: `${year}-${monthDay}` }))
    .filter(({ birthDate, asOf }) => birthDate <= asOf),
  // Exactly 0 and 120 years, and a day either side of the 120th birthday.
  fc
    .tuple(isoDateArb, fc.constantFrom(0, 120), fc.constantFrom(-1, 0, 1))
    .map(([asOf, years, delta]) => ({ birthDate: shiftDays(yearsBefore(asOf, years), delta), asOf }))
    .filter(({ birthDate, asOf }) => birthDate <= asOf),
);

describe('property 4: age agrees with date-fns differenceInYears', () => {
  property('ageOn(birth, asOf) is differenceInYears(asOf, birth)', SEED, orderedPairArb, ({ birthDate, asOf }) => {
    expect({ birthDate, asOf, age: ageOn(birthDate, asOf) }).toEqual({ birthDate, asOf, age: expectedAge(birthDate, asOf) });
  });

  property('ageOn is negative for a birth after asOf', SEED, fc.tuple(isoDateArb, isoDateArb).filter(([a, b]) => a !== b), ([a, b]) => {
    const [asOf, birthDate] = a < b ? [a, b] : [b, a];
    expect(ageOn(birthDate, asOf)).toBeLessThan(0);
  });

  property('the age of a classification is differenceInYears(asOf, birth)', SEED, orderedPairArb, ({ birthDate, asOf }) => {
    const person = { id: 'p', birthDate, markers: [] };
    const expected = expectedAge(birthDate, asOf);
    expect(classify(person, leeds2024, { asOf }).age).toBe(expected);
    expect(compileClassifier(leeds2024, { asOf: asOf }).classify(person).age).toBe(expected);
    const [assignment] = segmentPopulation([person], leeds2024, { asOf }).assignments;
    expect(assignment?.age).toBe(expected);
    // Under 18 on the day before the 18th birthday, 18 on it: the children segment follows the age.
    expect(assignment?.segment === 'children-and-young-people').toBe(expected < 18);
  });
});

describe('date primitives behind age and look-back windows', () => {
  property('isIsoDate accepts exactly the real calendar dates', SEED, fc.oneof(isoDateArb, invalidDateArb, fc.string({ maxLength: 12 })), (value) => {
    let expected = false;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const [y, m, d] = [Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))];
      const days = [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
      expected = y >= 1 && days !== undefined && d >= 1 && d <= days;
    }
    expect(isIsoDate(value)).toBe(expected);
  });

  property('lookBackStart follows date-fns subDays and subMonths', SEED, fc.tuple(isoDateArb, lookBackArb), ([asOf, window]) => {
    const start = 'days' in window ? subDays(localNoon(asOf), window.days) : subMonths(localNoon(asOf), window.months);
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    expect(lookBackStart(asOf, window)).toBe(`${pad(start.getFullYear(), 4)}-${pad(start.getMonth() + 1, 2)}-${pad(start.getDate(), 2)}`);
  });
});
