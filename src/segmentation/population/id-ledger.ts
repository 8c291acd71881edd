import { hashOf } from '../records/duplicate-ids.js';

/**
 * Ids one `Map` of the ledger holds before the next is started: 2^23 (8,388,608), half of
 * the 2^24 entries a JavaScript `Map` can hold at most, so that no shard ever fails when full.
 */
export const LEDGER_MAP_CAPACITY = 2 ** 23;

/**
 * Every id seen so far, for `segmentStream`'s `'reject-repeats'`, with the position of its
 * first row. Ids are spread over 256 shards by hash, and each shard is a list of `Map`s: when
 * its last map holds `capacity` ids, the next id starts another, so a shard that every id
 * falls into (ids built to share their top hash bits) grows as far as memory allows, and
 * looks an id up in a few maps instead of one. `capacity` is a parameter so that a test can
 * fill a shard with a handful of ids.
 *
 * @example
 * const ledger = createIdLedger();
 * ledger.firstRowOf('p1'); // undefined
 * ledger.add('p1', 0);
 * ledger.firstRowOf('p1'); // 0
 */
export function createIdLedger(capacity = LEDGER_MAP_CAPACITY) {
  const shards = Array.from({ length: 256 }, () => [new Map<string, number>()]);
  const shardOf = (id: string) => shards[hashOf(id) >>> 24] as Map<string, number>[];

  /** The position of the first row that had `id`, or undefined when none has. */
  const firstRowOf = (id: string): number | undefined => {
    for (const map of shardOf(id)) {
      const first = map.get(id);
      if (first !== undefined) return first;
    }
    return undefined;
  };

  /** Records `id` as first seen at `index`; the caller has checked that it was not seen before. */
  const add = (id: string, index: number): void => {
    const shard = shardOf(id);
    let last = shard[shard.length - 1] as Map<string, number>;
    if (last.size >= capacity) {
      last = new Map();
      shard.push(last);
    }
    last.set(id, index);
  };

  /** How many maps hold the ids: 256 until a shard fills its first. */
  const maps = (): number => shards.reduce((sum, shard) => sum + shard.length, 0);

  return { firstRowOf, add, maps };
}
