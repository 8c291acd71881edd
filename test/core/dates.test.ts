import { afterEach, describe, expect, it } from 'vitest';
import { addDays, ageOn, IsoDateSchema, isIsoDate, lookBackStart } from 'phm-kit';
import fc from 'fast-check';
import { scaledRuns } from '../support/property.js';
import { FIRST_EPOCH_DAY, fromEpochDay, LAST_EPOCH_DAY, latestBirthDayAged, toEpochDay } from '../../src/core/dates.js';

describe('isIsoDate', () => {
  it.each(['2024-04-01', '0001-01-01', '9999-12-31', '2023-12-31', '2023-01-31', '2023-04-30'])('accepts the calendar date %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each(['2024-02-29', '2000-02-29', '1600-02-29'])('accepts the leap day %s (leap year)', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each(['2023-02-29', '1900-02-29', '2100-02-29', '2024-02-30'])('rejects %s: no such day', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it.each([
    ['a day past the month end', '2023-04-31'],
    ['month 13', '2024-13-01'],
    ['month 00', '2024-00-10'],
    ['day 00', '2024-01-00'],
    ['year 0000', '0000-01-01'],
    ['single-digit month and day', '2024-4-1'],
    ['slashes', '2024/04/01'],
    ['a time part', '2024-04-01T00:00:00Z'],
    ['a trailing space', '2024-04-01 '],
    ['a signed year', '+024-04-01'],
    ['letters', '2024-0a-01'],
    ['day first', '01-04-2024'],
    ['the empty string', ''],
  ])('rejects %s (%j)', (_what, value) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it.each([null, undefined, 20240401, new Date('2024-04-01'), ['2024-04-01'], { date: '2024-04-01' }])('rejects the non-string %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it('IsoDateSchema agrees with isIsoDate', () => {
    expect(IsoDateSchema.safeParse('2024-02-29').success).toBe(true);
    expect(IsoDateSchema.safeParse('2023-02-29').success).toBe(false);
  });
});

describe('ageOn', () => {
  it('is 0 on the day of birth', () => {
    expect(ageOn('2024-04-01', '2024-04-01')).toBe(0);
  });

  it('counts a birthday from the day itself', () => {
    expect(ageOn('1990-04-01', '2024-03-31')).toBe(33);
    expect(ageOn('1990-04-01', '2024-04-01')).toBe(34);
    expect(ageOn('1990-04-01', '2024-04-02')).toBe(34);
  });

  it('is 0 the day before the first birthday and 1 on it', () => {
    expect(ageOn('2023-04-01', '2024-03-31')).toBe(0);
    expect(ageOn('2023-04-01', '2024-04-01')).toBe(1);
  });

  it('someone born on 29 February gains a year on 1 March in a common year (UK convention)', () => {
    expect(ageOn('2000-02-29', '2021-02-28')).toBe(20);
    expect(ageOn('2000-02-29', '2021-03-01')).toBe(21);
  });

  it('someone born on 29 February gains a year on 29 February in a leap year', () => {
    expect(ageOn('2000-02-29', '2024-02-28')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
  });

  it('someone born on 1 March is not a year older on 29 February', () => {
    expect(ageOn('2000-03-01', '2024-02-29')).toBe(23);
    expect(ageOn('2000-03-01', '2024-03-01')).toBe(24);
  });

  it('works across centuries', () => {
    expect(ageOn('1899-12-31', '2000-01-01')).toBe(100);
    expect(ageOn('1900-01-01', '1999-12-31')).toBe(99);
  });

  it('is negative for a birth after asOf', () => {
    expect(ageOn('2025-04-02', '2024-04-01')).toBe(-2);
  });
});

describe('lookBackStart', () => {
  it('goes back whole days', () => {
    expect(lookBackStart('2024-04-12', { days: 42 })).toBe('2024-03-01');
    expect(lookBackStart('2024-04-01', { days: 1 })).toBe('2024-03-31');
    expect(lookBackStart('2024-01-01', { days: 1 })).toBe('2023-12-31');
  });

  it('counts 29 February in a leap year and not in a common year', () => {
    expect(lookBackStart('2024-03-01', { days: 1 })).toBe('2024-02-29');
    expect(lookBackStart('2023-03-01', { days: 1 })).toBe('2023-02-28');
    expect(lookBackStart('2024-03-31', { days: 31 })).toBe('2024-02-29');
  });

  it('goes back calendar months', () => {
    expect(lookBackStart('2024-04-15', { months: 1 })).toBe('2024-03-15');
    expect(lookBackStart('2024-04-15', { months: 12 })).toBe('2023-04-15');
    expect(lookBackStart('2024-01-15', { months: 2 })).toBe('2023-11-15');
  });

  it('clamps to the end of a shorter month', () => {
    expect(lookBackStart('2024-03-31', { months: 1 })).toBe('2024-02-29');
    expect(lookBackStart('2023-03-31', { months: 1 })).toBe('2023-02-28');
    expect(lookBackStart('2024-05-31', { months: 1 })).toBe('2024-04-30');
    expect(lookBackStart('2024-02-29', { months: 12 })).toBe('2023-02-28');
  });

  it('works for years below 100', () => {
    expect(lookBackStart('0050-03-31', { months: 1 })).toBe('0050-02-28');
    expect(lookBackStart('0099-01-01', { days: 1 })).toBe('0098-12-31');
  });

  it("returns '0000-01-01' when the window starts before year 1", () => {
    expect(lookBackStart('0001-01-15', { days: 30 })).toBe('0000-01-01');
  });
});

describe('lookBackStart does not depend on the host time zone', () => {
  // ISO dates are calendar days with no zone; the result must be the same on every machine.
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['UTC', 'Europe/London', 'America/Sao_Paulo', 'Asia/Beirut', 'Australia/Lord_Howe'])('agrees with exact day arithmetic in %s', (tz) => {
    process.env.TZ = tz;
    for (const asOf of ['2024-03-31', '2024-10-27', '2018-11-04', '2011-12-31', '2024-04-01']) {
      expect(lookBackStart(asOf, { days: 1 })).toBe(addDays(asOf, -1));
      expect(lookBackStart(asOf, { days: 42 })).toBe(addDays(asOf, -42));
    }
  });

  it('in Pacific/Apia, which skipped 30 December 2011, one day before 2011-12-31 is still 2011-12-30', () => {
    process.env.TZ = 'Pacific/Apia';
    expect(lookBackStart('2011-12-31', { days: 1 })).toBe('2011-12-30');
    expect(lookBackStart('2011-12-30', { days: 42 })).toBe('2011-11-18');
    expect(lookBackStart('2012-01-30', { months: 1 })).toBe('2011-12-30');
  });

  it('in Pacific/Kwajalein, which skipped 21 August 1993, a window ending that day starts the day before', () => {
    process.env.TZ = 'Pacific/Kwajalein';
    expect(lookBackStart('1993-08-21', { days: 1 })).toBe('1993-08-20');
    expect(lookBackStart('1993-09-21', { months: 1 })).toBe('1993-08-21');
  });
});

describe('addDays, toEpochDay and fromEpochDay', () => {
  it('anchors day 0 at 1970-01-01', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(fromEpochDay(0)).toBe('1970-01-01');
    expect(toEpochDay('1970-01-02')).toBe(1);
    expect(fromEpochDay(-1)).toBe('1969-12-31');
  });

  it.each(['0001-01-01', '0099-12-31', '1600-02-29', '1899-12-31', '1900-03-01', '2000-02-29', '2024-04-01', '9999-12-31'])(
    'agrees with Date.UTC for %s',
    (iso) => {
      const utc = new Date(0);
      utc.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
      expect(toEpochDay(iso)).toBe(Math.round(utc.getTime() / 86_400_000));
    },
  );

  it('round-trips every 997th day from 0001-01-01 to 9999-12-31', () => {
    const first = toEpochDay('0001-01-01');
    const last = toEpochDay('9999-12-31');
    let previous = '';
    for (let day = first; day <= last; day += 997) {
      const iso = fromEpochDay(day);
      expect(isIsoDate(iso)).toBe(true);
      expect(toEpochDay(iso)).toBe(day);
      expect(iso > previous).toBe(true);
      previous = iso;
    }
  });

  it('round-trips every day of 1999 to 2001', () => {
    for (let day = toEpochDay('1999-01-01'); day <= toEpochDay('2001-12-31'); day++) {
      expect(toEpochDay(fromEpochDay(day))).toBe(day);
    }
    expect(toEpochDay('2001-12-31') - toEpochDay('1999-01-01')).toBe(365 + 366 + 365 - 1);
  });

  it('addDays steps over month, leap-day and year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-04-01', -42)).toBe('2024-02-19');
    expect(addDays('2024-04-01', 0)).toBe('2024-04-01');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('addDays forward then back returns the start', () => {
    for (const iso of ['1900-02-28', '2000-02-29', '2024-04-01', '0001-01-01']) {
      for (const n of [1, 30, 365, 1000, 100_000]) {
        expect(addDays(addDays(iso, n), -n)).toBe(iso);
      }
    }
  });
});

describe('latestBirthDayAged', () => {
  it(`is the last birth day of anyone aged at least n: the day after it is younger [seed 77, ${scaledRuns(1000)} runs]`, () => {
    const day = fc.integer({ min: toEpochDay('1800-01-01'), max: toEpochDay('2200-12-31') });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 150 }), (asOfDay, years) => {
        const asOf = fromEpochDay(asOfDay);
        const latest = latestBirthDayAged(asOf, years);
        expect(ageOn(fromEpochDay(latest), asOf)).toBeGreaterThanOrEqual(years);
        if (latest + 1 <= asOfDay) expect(ageOn(fromEpochDay(latest + 1), asOf)).toBeLessThan(years);
        else expect(years).toBe(0);
      }),
      { seed: 77, numRuns: scaledRuns(1000) },
    );
  });

  it('handles leap birthdays and the ends of the calendar', () => {
    expect(fromEpochDay(latestBirthDayAged('2024-04-01', 18))).toBe('2006-04-01');
    expect(fromEpochDay(latestBirthDayAged('2021-02-28', 21))).toBe('2000-02-28');
    expect(fromEpochDay(latestBirthDayAged('2021-03-01', 21))).toBe('2000-03-01');
    expect(latestBirthDayAged('0050-06-01', 100)).toBeLessThan(FIRST_EPOCH_DAY);
    expect(latestBirthDayAged('9999-12-31', 0)).toBe(LAST_EPOCH_DAY);
    expect([FIRST_EPOCH_DAY, LAST_EPOCH_DAY].map(fromEpochDay)).toEqual(['0001-01-01', '9999-12-31']);
  });
});
