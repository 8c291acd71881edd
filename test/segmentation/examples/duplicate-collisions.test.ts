/**
 * Issue 14: duplicate-id detection over ids built to collide under FNV-1a went quadratic
 * (65,536 rows in 40 s). A bucket whose ids collide more than chance allows is now sorted, so
 * the worst case is n log n, and the groups are the same as the hash table finds.
 */
import { describe, expect, it } from 'vitest';
import { leeds2024, screenRecords, segmentPopulation } from 'phm-kit/segmentation';
import { duplicateIds, hashOf } from '../../../src/segmentation/records/duplicate-ids.js';
import { AS_OF, person } from './helpers.js';

/** FNV-1a continued from `state`, as hashOf computes it from its offset basis. */
function fnvFrom(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Two different 8-character words with the same FNV-1a hash from `state`: a birthday search
 * over scrambled counters (deterministic; about 80,000 words). Words of four letters or fewer
 * carry too few bits to collide often.
 */
function collidingPair(state: number): [string, string] {
  const seen = new Map<number, string>();
  for (let n = 0; ; n++) {
    const word = ((n * 2654435761) % 2 ** 40).toString(36).padStart(8, '0');
    const hash = fnvFrom(state, word);
    const earlier = seen.get(hash);
    if (earlier !== undefined) return [earlier, word];
    seen.set(hash, word);
  }
}

/**
 * 2^levels distinct ids with one FNV-1a hash: equal hashes stay equal when the same text is
 * appended, so each level appends either word of a pair that collides from the state the
 * earlier levels all reach.
 */
function collidingIds(levels: number): string[] {
  let ids = ['costarring', 'liquid'];
  let state = hashOf('liquid');
  for (let level = 1; level < levels; level++) {
    const [a, b] = collidingPair(state);
    ids = ids.flatMap((id) => [id + a, id + b]);
    state = fnvFrom(state, a);
  }
  return ids;
}

describe('duplicate ids whose hashes collide', () => {
  const ids = collidingIds(16);

  it('the ids are 65,536 distinct strings with one 32-bit hash', () => {
    expect(ids).toHaveLength(65_536);
    expect(new Set(ids).size).toBe(65_536);
    expect(new Set(ids.map(hashOf)).size).toBe(1);
  });

  it('screenRecords over them returns, and finds exactly the ids that repeat', { timeout: 30_000 }, () => {
    // Every id once, and every 1,000th id again at the end.
    const repeated = ids.filter((_, i) => i % 1000 === 0);
    const rows = [...ids, ...repeated].map((id) => person(id));
    const screened = screenRecords(rows);
    expect(screened.people).toHaveLength(ids.length - repeated.length);
    const duplicates = screened.rejected.filter((r) => r.reason === 'duplicate-id');
    expect(duplicates).toHaveLength(2 * repeated.length);
    expect(new Set(duplicates.map((r) => r.id))).toEqual(new Set(repeated));
    expect(duplicates[0]?.issues[0]?.message).toBe(`id '${ids[0]}' is shared by the rows at positions 0, 65536; none of them is assigned`);
  });

  it('segmentPopulation over them assigns every unique id, and takes the shared ones back out of the counts', { timeout: 30_000 }, () => {
    const rows = [...ids.slice(0, 20_000), ids[5] as string].map((id) => person(id));
    const result = segmentPopulation(rows, leeds2024, { asOf: AS_OF });
    expect(result.assignments).toHaveLength(19_999);
    expect(result.rejected.map((r) => r.index)).toEqual([5, 20_000]);
    expect(result.counts.bySegment['healthy-adults']).toBe(19_999);
  });
});

describe('duplicateIds: the sorted path finds what the table finds', () => {
  /** The groups, found naively: positions of each id that occurs more than once. */
  function naive(list: readonly string[]): [string, number[]][] {
    const at = new Map<string, number[]>();
    list.forEach((id, i) => at.set(id, [...(at.get(id) ?? []), i]));
    return [...at].filter(([, p]) => p.length > 1).sort(([a], [b]) => (a < b ? -1 : 1));
  }
  const sorted = (groups: Map<string, number[]>) => [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
  const hashes = (list: readonly string[]) => Int32Array.from(list, hashOf);

  it('for ordinary ids (the table) and for colliding ids (sorted after the table gives up), with repeats in any order', () => {
    const ordinary = Array.from({ length: 5000 }, (_, i) => `p${i % 3777}`);
    expect(sorted(duplicateIds(ordinary, hashes(ordinary)))).toEqual(naive(ordinary));
    const colliding = collidingIds(10);
    const mixed = [...colliding, ...colliding.slice(0, 300).reverse(), ...ordinary.slice(0, 50), colliding[7] as string];
    expect(sorted(duplicateIds(mixed, hashes(mixed)))).toEqual(naive(mixed));
  });

  it('when every id has the same hash: hashes all equal by construction, groups by the ids themselves', () => {
    const list = ['a', 'b', 'a', 'c', 'b', 'a', 'd'];
    const groups = duplicateIds(list, new Int32Array(list.length));
    expect(sorted(groups)).toEqual([
      ['a', [0, 2, 5]],
      ['b', [1, 4]],
    ]);
  });
});
