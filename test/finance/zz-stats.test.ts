import fc from 'fast-check';
import { it } from 'vitest';
import { caseArb } from '/work/main/test/finance/exact.ts';
it('stats', () => {
  const s = fc.sample(caseArb(), { seed: 20260102, numRuns: 400 });
  const len = s.map((c) => c.weights.length);
  console.log('>100 lines', len.filter((l) => l > 100).length, 'max', Math.max(...len), 'numbers', s.filter((c) => c.weights.some((w) => typeof w === 'number')).length,
    'zeros', s.filter((c) => c.weights.some((w) => Number(w) === 0)).length, 'numTotal', s.filter((c) => typeof c.total === 'number').length,
    'dupes', s.filter((c) => new Set(c.weights.map(String)).size < c.weights.length).length, 'big totals', s.filter((c) => c.units > 10n ** 9n).length);
});
