/** A 32-bit FNV-1a hash of a string. */
export function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Probe steps a bucket may take, per id in it, before its ids are sorted instead. Random
 * hashes in a table at most half full take about one step an id; only ids built to share a
 * hash (FNV-1a collisions are easy to make) take more, and would take time quadratic in their
 * number if they stayed in the table.
 */
const PROBES_PER_ID = 8;

/** The ids and their hashes, shared by the two ways of grouping a bucket. */
interface Ids {
  readonly ids: readonly string[];
  readonly hashes: Int32Array;
}

/**
 * Groups the ids of one bucket (positions `order[start..end)`) in a small hash table, in
 * `groups`. Gives up (and takes back the groups it made) when the bucket has taken more than
 * its budget of probe steps: returns false, and the caller sorts the bucket instead.
 */
function groupByTable({ ids, hashes }: Ids, order: Int32Array, start: number, end: number, table: Int32Array, groups: Map<string, number[]>): boolean {
  let slots = 2;
  while (slots < (end - start) * 2) slots *= 2;
  const mask = slots - 1;
  table.fill(0, 0, slots);
  let budget = PROBES_PER_ID * (end - start) + 64;
  // Ids in different buckets differ, so every group made here belongs to this bucket alone.
  const made: string[] = [];
  for (let k = start; k < end; k++) {
    const position = order[k] as number;
    const hash = hashes[position] as number;
    const id = ids[position] as string;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = table[slot] as number;
      if (stored === 0) {
        table[slot] = position + 1;
        break;
      }
      if (hashes[stored - 1] === hash && ids[stored - 1] === id) {
        const group = groups.get(id);
        if (group === undefined) {
          groups.set(id, [stored - 1, position]);
          made.push(id);
        } else group.push(position);
        break;
      }
      if (--budget < 0) {
        for (const taken of made) groups.delete(taken);
        return false;
      }
    }
  }
  return true;
}

/** Groups the ids of one bucket by sorting it by (hash, id, position): n log n whatever the hashes. */
function groupBySorting({ ids, hashes }: Ids, order: Int32Array, start: number, end: number, groups: Map<string, number[]>): void {
  const sorted = Array.from(order.subarray(start, end));
  sorted.sort((a, b) => {
    const byHash = (hashes[a] as number) - (hashes[b] as number);
    if (byHash !== 0) return byHash;
    const [x, y] = [ids[a] as string, ids[b] as string];
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  for (let k = 0; k < sorted.length; ) {
    const id = ids[sorted[k] as number] as string;
    let next = k + 1;
    while (next < sorted.length && ids[sorted[next] as number] === id) next++;
    if (next - k > 1) groups.set(id, sorted.slice(k, next));
    k = next;
  }
}

/**
 * Groups the ids that occur more than once: for each such id, its positions in `ids`, in
 * increasing order. `hashes[i]` is `hashOf(ids[i])`; the ids are the first `hashes.length` of
 * `ids`.
 *
 * Positions are first bucketed by the top bits of their hash (a counting sort, in sequential
 * passes), then each bucket of a few hundred ids is checked with a small hash table that stays
 * in the processor's cache. One big table over a million ids would miss the cache on nearly
 * every look-up, which cost several times more on the validated segmentation path. A bucket
 * whose ids collide far more than chance allows (ids built to share a hash) is sorted instead,
 * so the worst case is O(n log n), not quadratic; the groups are the same either way.
 */
export function duplicateIds(ids: readonly string[], hashes: Int32Array): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  const count = hashes.length;
  if (count < 2) return groups;

  const bits = Math.min(16, Math.max(0, Math.ceil(Math.log2(count / 256))));
  const buckets = 1 << bits;
  const bucketOf = (hash: number) => (bits === 0 ? 0 : hash >>> (32 - bits));
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < count; i++) starts[bucketOf(hashes[i] as number) + 1]! += 1;
  let largest = 0;
  for (let b = 0; b < buckets; b++) {
    largest = Math.max(largest, starts[b + 1] as number);
    starts[b + 1]! += starts[b] as number;
  }
  const order = new Int32Array(count);
  const cursor = starts.slice(0, buckets);
  for (let i = 0; i < count; i++) order[cursor[bucketOf(hashes[i] as number)]!++] = i;

  let size = 2;
  while (size < largest * 2) size *= 2;
  const table = new Int32Array(size);
  const all: Ids = { ids, hashes };
  for (let b = 0; b < buckets; b++) {
    const start = starts[b] as number;
    const end = starts[b + 1] as number;
    if (end - start < 2) continue;
    if (!groupByTable(all, order, start, end, table, groups)) groupBySorting(all, order, start, end, groups);
  }
  return groups;
}
