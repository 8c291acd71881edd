/**
 * `segmentColumns`' checks of its typed arrays, word for word: the mutation run of segmentation
 * warehouse found their messages, and the details of rows rejected for bad values, checked only
 * for presence. They are what a pipeline author reads when an extract's arrays are wrong.
 */
import { leeds2024, NO_DAY, segmentColumns, type PersonColumns } from 'phm-kit/segmentation';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../../support/issues.js';

const options = { asOf: '2024-04-01' };
const refusal = (columns: unknown) => refusalOf(() => segmentColumns(columns as PersonColumns, leeds2024, options));

describe('segmentColumns refuses arrays of the wrong kind or length, naming each', () => {
  it('columns that are not an object, or that lack birthDay', () => {
    expect(refusal(null)).toEqual({ kind: 'PhmValidationError', message: 'Invalid columns: columns: Expected an object of columns', issues: [{ path: ['columns'], message: 'Expected an object of columns' }] });
    expect(refusal({ birthday: new Int32Array(1) }).issues).toEqual([
      { path: ['columns', 'birthday'], message: 'Unknown column: expected birthDay, deathDay, registrationDay, deregistrationDay, sex or markers' },
      { path: ['columns', 'birthDay'], message: 'Expected an Int32Array of day numbers' },
    ]);
  });

  it('other columns of the wrong kind or length, and markers that are not an object', () => {
    const one = new Int32Array([1_000]);
    expect(refusal({ birthDay: one, deathDay: new Uint8Array(1), sex: new Uint8Array(3), markers: [] }).issues).toEqual([
      { path: ['columns', 'deathDay'], message: 'Expected an Int32Array' },
      { path: ['columns', 'sex'], message: 'Expected 1 row (the length of birthDay), got 3' },
      { path: ['columns', 'markers'], message: 'Expected an object of marker columns, keyed by marker id' },
    ]);
    expect(refusal({ birthDay: new Int32Array(2), sex: new Uint8Array(3), markers: {} }).issues[0]?.message).toBe('Expected 2 rows (the length of birthDay), got 3');
  });

  it('marker columns: a bitmap of the wrong kind or too short, and an array of the wrong kind', () => {
    const markers = { frailty: { bitmap: new Int8Array(1) }, cancer: { bitmap: new Uint8Array(0) }, 'end-of-life': new Float64Array(1) };
    expect(refusal({ birthDay: new Int32Array(1), markers }).issues).toEqual([
      { path: ['columns', 'markers', 'frailty', 'bitmap'], message: 'Expected a Uint8Array of bits' },
      { path: ['columns', 'markers', 'cancer', 'bitmap'], message: 'Expected at least 1 byte (one bit per row), got 0' },
      { path: ['columns', 'markers', 'end-of-life'], message: 'Expected a Uint8Array or an Int32Array' },
    ]);
    expect(refusal({ birthDay: new Int32Array(9), markers: { cancer: { bitmap: new Uint8Array(1) } } }).issues[0]?.message).toBe('Expected at least 2 bytes (one bit per row), got 1');
  });
});

describe('segmentColumns explains each row it rejects', () => {
  it('a missing or impossible birth day, an impossible death day, a death before birth and a bad sex code', () => {
    const result = segmentColumns(
      {
        birthDay: new Int32Array([NO_DAY, 99_999_999, 1_000, 5_000, 1_000]),
        deathDay: new Int32Array([NO_DAY, NO_DAY, 99_999_999, 4_000, NO_DAY]),
        sex: new Uint8Array([0, 0, 0, 0, 7]),
        markers: {},
      },
      leeds2024,
      options,
    );
    expect(result.rejected).toEqual([
      { index: 0, reason: 'invalid-birth-day', detail: 'birthDay is NO_DAY' },
      { index: 1, reason: 'invalid-birth-day', detail: 'birthDay 99999999 is not the day number of a date in 0001-01-01..9999-12-31' },
      { index: 2, reason: 'invalid-death-day', detail: 'deathDay 99999999 is not NO_DAY or the day number of a date in 0001-01-01..9999-12-31' },
      { index: 3, reason: 'death-before-birth', detail: 'deathDay 4000 is before birthDay 5000' },
      { index: 4, reason: 'invalid-sex', detail: 'sex code 7 is not 0-3 (SEX_CODES) or NO_SEX (255)' },
    ]);
  });
});
