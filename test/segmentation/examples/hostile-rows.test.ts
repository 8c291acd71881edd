import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { leeds2024, overlap, segmentPopulation, transitions } from 'phm-kit/segmentation';

const AS_OF = '2024-04-01';

/** A valid-looking person whose `field` getter starts throwing after `goodReads` reads. */
function turncoat(field: string, goodReads: number): object {
  const target: Record<string, unknown> = { id: 'turncoat', birthDate: '1950-01-01', markers: ['ltc-copd'] };
  let reads = 0;
  return new Proxy(target, {
    get(t, key) {
      if (key === field && ++reads > goodReads) throw new Error(`boom ${field}`);
      return t[key as string];
    },
  });
}

describe('rows that change between reads never break a batch', () => {
  it.each(['id', 'deathDate', 'markers', 'birthDate', 'imdDecile', 'locality'])(
    'segmentPopulation reads a row once: a %s getter that throws from its first read makes the row unreadable, one that throws later is never reached',
    (field) => {
      for (let goodReads = 0; goodReads < 5; goodReads++) {
        const rows = [{ id: 'ok', birthDate: '1980-01-01', markers: [] }, turncoat(field, goodReads)];
        const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
        expect(result.assignments.length + result.rejected.length + result.excluded.length).toBe(2);
        const counted = Object.values(result.counts.bySegment).reduce((a, b) => a + b, 0);
        expect(counted).toBe(result.assignments.length);
        if (goodReads === 0) expect(result.rejected.map((r) => [r.index, r.reason])).toEqual([[1, 'unreadable-record']]);
        else expect(result.assignments.map((a) => a.personId)).toEqual(['ok', 'turncoat']);
      }
    },
  );

  it('overlap and transitions account for such a row as rejected only when its one reading throws', () => {
    for (let goodReads = 0; goodReads < 6; goodReads++) {
      // Each call gets its own turncoat: the good reads are used up by whoever reads first.
      const rows = () => [{ id: 'ok', birthDate: '1980-01-01', markers: [] }, turncoat('birthDate', goodReads)];
      const o = overlap(rows(), leeds2024, { asOf: AS_OF });
      expect([o.assessed, o.rejected, o.excluded]).toEqual(goodReads === 0 ? [1, 1, 0] : [2, 0, 0]);
      const t = transitions(rows(), leeds2024, { from: '2023-04-01', to: AS_OF });
      const entered = Object.values(t.entered).reduce((a, b) => a + b, 0);
      const left = Object.values(t.left).reduce((a, b) => a + b, 0);
      expect(t.stayedInPopulation + entered + left + t.outside + t.rejected).toBe(2);
      expect(t.rejected).toBe(goodReads === 0 ? 1 : 0);
    }
  });
});

describe('batch inputs that fail as a whole', () => {
  it('a string is not a population, though it is iterable', () => {
    expect(() => segmentPopulation('abc' as never, leeds2024, { asOf: AS_OF })).toThrow(PhmValidationError);
  });

  it('an iterator that throws part-way gives a PhmValidationError saying how far it got', () => {
    function* rows() {
      yield { id: 'a', birthDate: '1980-01-01', markers: [] };
      throw new Error('connection lost');
    }
    try {
      segmentPopulation(rows(), leeds2024, { asOf: AS_OF });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PhmValidationError);
      expect((error as PhmValidationError).message).toContain('after 1 row:');
      expect((error as PhmValidationError).message).toContain('connection lost');
    }
  });

  it('a misspelt option is refused, not ignored', () => {
    expect(() => segmentPopulation([], leeds2024, { asOf: AS_OF, agebands: [0, 18] } as never)).toThrow(PhmValidationError);
  });
});
