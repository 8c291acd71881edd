/**
 * allocatePooled: a pooled fund (several organisations' contributions) spread across envelopes,
 * checked exactly: both margins balance, every cell is within one unit of c * e / total.
 */
import fc from 'fast-check';
import { PhmValidationError } from 'phm-kit';
import { allocatePooled, type PooledAllocation } from 'phm-kit/finance';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../support/issues.js';
import { property } from '../support/property.js';
import { abs, formatUnits, maxUnits, parseDec, sum, UNITS, unitsOf } from './exact.js';

interface Line {
  id: string;
  amount: string;
}

/** Checks margins, cell bounds, the cells list and the quotas, all exactly. */
function checkBalanced(result: PooledAllocation, contributions: readonly Line[], envelopes: readonly Line[], unit: string): bigint[][] {
  const c = contributions.map((l) => unitsOf(l.amount, unit));
  const e = envelopes.map((l) => unitsOf(l.amount, unit));
  const total = sum(c);
  expect(result.total).toBe(formatUnits(total, unit));
  expect(result.matrix).toHaveLength(c.length);
  const cells = result.matrix.map((row) => {
    expect(row).toHaveLength(e.length);
    return row.map((a) => {
      const u = unitsOf(a, unit);
      expect(formatUnits(u, unit)).toBe(a);
      expect(u >= 0n).toBe(true);
      return u;
    });
  });
  cells.forEach((row, i) => expect(sum(row)).toBe(c[i]));
  e.forEach((ej, j) => expect(sum(cells.map((row) => row[j] as bigint))).toBe(ej));
  cells.forEach((row, i) =>
    row.forEach((x, j) => {
      const exact = (c[i] as bigint) * (e[j] as bigint);
      if (total === 0n) expect(x).toBe(0n);
      else if (abs(x * total - exact) >= total) throw new Error(`cell ${i},${j}: ${x} units, quota ${exact}/${total}`);
    }),
  );
  // cells: row-major, ids and amounts matching the matrix, quota = c*e/total to ten decimals of a pound.
  expect(result.cells).toHaveLength(c.length * e.length);
  const unitDec = parseDec(unit);
  result.cells.forEach((cell, k) => {
    const i = Math.floor(k / e.length);
    const j = k % e.length;
    expect(cell.contribution).toBe(contributions[i]?.id);
    expect(cell.envelope).toBe(envelopes[j]?.id);
    expect(cell.amount).toBe(result.matrix[i]?.[j]);
    const q = parseDec(cell.quota);
    expect(q.scale).toBe(10);
    if (total > 0n) {
      // |q/1e10 - c e unit / total| <= 0.5e-10  <=>  |2 (q total 10^us - c e un 1e10)| <= total 10^us
      const scaleU = 10n ** BigInt(unitDec.scale);
      const lhs = 2n * abs(q.n * total * scaleU - (c[i] as bigint) * (e[j] as bigint) * unitDec.n * 10n ** 10n);
      expect(lhs <= total * scaleU).toBe(true);
    }
  });
  return cells;
}

const lines = (prefix: string, amounts: readonly bigint[], unit: string): Line[] => amounts.map((a, i) => ({ id: `${prefix}-${i}`, amount: formatUnits(a, unit) }));

/** Random contributions (1-8) and envelopes (1-12) with the same total, zeros allowed. */
const pooledArb = fc.constantFrom(...UNITS).chain((unit) =>
  fc
    .record({
      c: fc.array(fc.oneof(fc.bigInt(0n, 50n), fc.bigInt(0n, maxUnits(unit) / 8n), fc.bigInt(0n, 10n ** 6n)), { minLength: 1, maxLength: 8, size: 'max' }),
      cuts: fc.array(fc.bigInt({ min: 0n, max: 1n << 60n }), { minLength: 0, maxLength: 11, size: 'max' }),
    })
    .map(({ c, cuts }) => {
      const total = sum(c);
      const points = cuts.map((x) => (total === 0n ? 0n : x % (total + 1n))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const e = [...points, total].map((p, k) => p - (k === 0 ? 0n : (points[k - 1] as bigint)));
      return { unit, contributions: lines('org', c, unit), envelopes: lines('env', e, unit) };
    }),
);

describe('allocatePooled: properties', () => {
  property('matrices balance on both margins; every cell within one unit of c * e / total', 20260201, pooledArb, ({ unit, contributions, envelopes }) => {
    checkBalanced(allocatePooled({ contributions, envelopes, unit }), contributions, envelopes, unit);
  }, 500);

  property(
    'mismatched totals are refused with a PhmValidationError stating the difference',
    20260202,
    fc.tuple(pooledArb, fc.bigInt(-(10n ** 9n), 10n ** 9n).filter((d) => d !== 0n)),
    ([{ unit, contributions, envelopes }, delta]) => {
      const last = envelopes[envelopes.length - 1] as Line;
      const moved = unitsOf(last.amount, unit) - delta;
      if (moved < 0n) return; // envelopes may not be negative; covered elsewhere
      const changed = [...envelopes.slice(0, -1), { id: last.id, amount: formatUnits(moved, unit) }];
      let error: unknown;
      try {
        allocatePooled({ contributions, envelopes: changed, unit });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PhmValidationError);
      expect((error as Error).message).toContain(`difference ${formatUnits(delta, unit)}`);
    },
    300,
  );
});

/**
 * Leeds Better Care Fund pooled budget 2015/16 (figures from the project's domain notes):
 * contributions by the three Leeds CCGs and Leeds City Council; envelopes are the submission's
 * grand totals by expenditure type from the scheme table (revenue, other, capital).
 */
const LEEDS_CONTRIBUTIONS: Line[] = [
  { id: 'leeds-south-east-ccg', amount: '17351000' },
  { id: 'leeds-north-ccg', amount: '12665000' },
  { id: 'leeds-west-ccg', amount: '20105000' },
  { id: 'leeds-city-council', amount: '4802000' },
];
const LEEDS_ENVELOPES: Line[] = [
  { id: 'revenue', amount: '39721000' },
  { id: 'other', amount: '13358000' },
  { id: 'capital', amount: '1844000' },
];

describe('allocatePooled: the Leeds BCF pool 2015/16', () => {
  it('the contributions and the envelopes both total £54,923,000', () => {
    expect(sum(LEEDS_CONTRIBUTIONS.map((l) => BigInt(l.amount)))).toBe(54_923_000n);
    expect(sum(LEEDS_ENVELOPES.map((l) => BigInt(l.amount)))).toBe(54_923_000n);
  });

  for (const unit of ['1', '1000', '0.01']) {
    it(`balances rows and columns in units of ${unit}`, () => {
      const result = allocatePooled({ contributions: LEEDS_CONTRIBUTIONS, envelopes: LEEDS_ENVELOPES, unit });
      expect(result.total).toBe(formatUnits(unitsOf('54923000', unit), unit));
      checkBalanced(result, LEEDS_CONTRIBUTIONS, LEEDS_ENVELOPES, unit);
    });
  }

  it('in thousands of pounds: each cell is the floor or ceiling of its quota, e.g. the council revenue cell', () => {
    const { matrix, cells } = allocatePooled({ contributions: LEEDS_CONTRIBUTIONS, envelopes: LEEDS_ENVELOPES, unit: '1000' });
    // council x revenue = 4,802,000 * 39,721,000 / 54,923,000 = 17,340,022,000 / 4,993 = 3,472,866.41297816943...
    expect(['3472000', '3473000']).toContain(matrix[3]?.[0]);
    expect(cells.find((c) => c.contribution === 'leeds-city-council' && c.envelope === 'revenue')?.quota).toBe('3472866.4129781694');
    // In thousands the capital column (1,844k) is spread over four rows summing exactly.
    expect(matrix.reduce((a, row) => a + Number(row[2]), 0)).toBe(1_844_000);
  });

  it("refuses NHS England's £2,759,000 (2014/15 money) added to the contributions, stating the difference 2,759,000", () => {
    const contributions = [...LEEDS_CONTRIBUTIONS, { id: 'nhs-england-2014-15', amount: '2759000' }];
    for (const [unit, difference] of [
      ['1', '2759000'],
      ['1000', '2759000'],
      ['0.01', '2759000.00'],
    ] as const) {
      let error: unknown;
      try {
        allocatePooled({ contributions, envelopes: LEEDS_ENVELOPES, unit });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PhmValidationError);
      expect((error as Error).message).toContain(`difference ${difference}`);
      expect((error as PhmValidationError).issues[0]?.message).toContain(difference);
    }
  });
});

describe('allocatePooled: refusals and edges', () => {
  const refuse = (input: Parameters<typeof allocatePooled>[0]) => expect(() => allocatePooled(input)).toThrow(PhmValidationError);
  it('refuses negative amounts, amounts that are not whole units, duplicate ids and empty lists', () => {
    refuse({ contributions: [{ id: 'a', amount: '-5' }, { id: 'b', amount: '10' }], envelopes: [{ id: 'x', amount: '5' }], unit: '1' });
    refuse({ contributions: [{ id: 'a', amount: '5.50' }], envelopes: [{ id: 'x', amount: '5.50' }], unit: '1' });
    refuse({ contributions: [{ id: 'a', amount: '5' }, { id: 'a', amount: '5' }], envelopes: [{ id: 'x', amount: '10' }], unit: '1' });
    refuse({ contributions: [{ id: 'a', amount: '5' }], envelopes: [{ id: 'x', amount: '3' }, { id: 'x', amount: '2' }], unit: '1' });
    refuse({ contributions: [], envelopes: [{ id: 'x', amount: '0' }], unit: '1' });
    refuse({ contributions: [{ id: 'a', amount: 0.5 }], envelopes: [{ id: 'x', amount: 0.5 }], unit: '0.01' });
    refuse({ contributions: [{ id: 'a', amount: '5' }], envelopes: [{ id: 'x', amount: '5' }], unit: '0.05' });
  });

  it('a zero pool gives a zero matrix', () => {
    const r = allocatePooled({ contributions: [{ id: 'a', amount: '0' }, { id: 'b', amount: 0 }], envelopes: [{ id: 'x', amount: '0.00' }], unit: '0.01' });
    expect(r.matrix).toEqual([['0.00'], ['0.00']]);
    expect(r.total).toBe('0.00');
  });

  it('the default unit is one penny', () => {
    const r = allocatePooled({ contributions: [{ id: 'a', amount: '1.00' }, { id: 'b', amount: '2.00' }], envelopes: [{ id: 'x', amount: '1.50' }, { id: 'y', amount: '1.50' }] });
    expect(r.matrix).toEqual([
      ['0.50', '0.50'],
      ['1.00', '1.00'],
    ]);
  });
});

describe('allocatePooled: which cells round up', () => {
  const pool = (contributions: number[], envelopes: number[]) =>
    allocatePooled({ contributions: contributions.map((amount, i) => ({ id: `c${i}`, amount: String(amount) })), envelopes: envelopes.map((amount, j) => ({ id: `e${j}`, amount: String(amount) })), unit: '1' }).matrix;

  it('the largest remainders first, then the lower envelope index', () => {
    // Quotas (x3): [2, 1] / [4, 2]. Row 0 tops up its larger remainder, so row 1 gets the other column.
    expect(pool([1, 2], [2, 1])).toEqual([
      ['1', '0'],
      ['1', '1'],
    ]);
    // All four remainders equal: row 0 takes the first column.
    expect(pool([1, 1], [1, 1])).toEqual([
      ['1', '0'],
      ['0', '1'],
    ]);
  });

  it('re-routes an earlier top-up when taking remainders in order would strand a row', () => {
    // Taken greedily row by row (row 0 -> e1; row 1 -> e0, e1), row 2 would find e1 full and
    // only e2 left for its two top-ups; the search moves row 0's top-up from e1 to e2, so that
    // row 2 can take e1.
    expect(pool([1, 4, 7], [2, 5, 5])).toEqual([
      ['0', '0', '1'],
      ['1', '2', '1'],
      ['1', '3', '3'],
    ]);
  });

  it('names the amount that is not whole units, and the difference when the totals differ', () => {
    const issuesOf = (input: Parameters<typeof allocatePooled>[0]) => {
      const { message, issues } = refusalOf(() => allocatePooled(input));
      return [message, issues];
    };
    const line = (id: string, amount: string) => ({ id, amount });
    expect(issuesOf({ contributions: [line('a', '1'), line('b', '2.5')], envelopes: [line('x', '3.5')], unit: '1' })).toEqual([
      'Invalid pooled budget: 2.5 is not a whole, non-negative number of units of 1',
      [{ path: ['contributions', 1, 'amount'], message: 'Not a whole, non-negative number of units of 1' }],
    ]);
    expect(issuesOf({ contributions: [line('a', '3.5')], envelopes: [line('x', '1'), line('y', '2.5')], unit: '1' })).toEqual([
      'Invalid pooled budget: 3.5 is not a whole, non-negative number of units of 1',
      [{ path: ['contributions', 0, 'amount'], message: 'Not a whole, non-negative number of units of 1' }],
    ]);
    expect(issuesOf({ contributions: [line('a', '3')], envelopes: [line('x', '1'), line('y', '2.5')], unit: '1' })).toEqual([
      'Invalid pooled budget: 2.5 is not a whole, non-negative number of units of 1',
      [{ path: ['envelopes', 1, 'amount'], message: 'Not a whole, non-negative number of units of 1' }],
    ]);
    expect(issuesOf({ contributions: [line('a', '3')], envelopes: [line('x', '1'), line('y', '1')], unit: '1' })).toEqual([
      'Invalid pooled budget: contributions total 3 but envelopes total 2 (difference 1)',
      [{ path: ['envelopes'], message: 'Envelopes differ from contributions by 1' }],
    ]);
  });
});
