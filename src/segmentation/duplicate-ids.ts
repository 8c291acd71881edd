/** A 32-bit FNV-1a hash of a string. */
export function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Groups the rows that share an id: for each duplicated id, its rows in input order. `hashes[i]`
 * is `hashOf` of row i's id, for every row with `valid[i] === 1`; other rows are ignored.
 *
 * Rows are first bucketed by the top bits of their hash (a counting sort, in sequential passes),
 * then each bucket of a few hundred rows is checked with a small hash table that stays in the
 * processor's cache. One big table over a million ids would miss the cache on nearly every
 * look-up, which cost several times more on the validated segmentation path.
 */
export function duplicateIds(rows: ArrayLike<unknown>, valid: Uint8Array, hashes: Int32Array): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  const n = valid.length;
  let count = 0;
  for (let i = 0; i < n; i++) count += valid[i] as number;
  if (count < 2) return groups;

  const bits = Math.min(16, Math.max(0, Math.ceil(Math.log2(count / 256))));
  const buckets = 1 << bits;
  const bucketOf = (hash: number) => (bits === 0 ? 0 : hash >>> (32 - bits));
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) if (valid[i] === 1) starts[bucketOf(hashes[i] as number) + 1]!++;
  let largest = 0;
  for (let b = 0; b < buckets; b++) {
    largest = Math.max(largest, starts[b + 1] as number);
    starts[b + 1]! += starts[b] as number;
  }
  const order = new Int32Array(count);
  const cursor = starts.slice(0, buckets);
  for (let i = 0; i < n; i++) if (valid[i] === 1) order[cursor[bucketOf(hashes[i] as number)]!++] = i;

  let size = 2;
  while (size < largest * 2) size *= 2;
  const table = new Int32Array(size);
  const idOf = (row: number) => (rows[row] as { id: string }).id;
  for (let b = 0; b < buckets; b++) {
    const start = starts[b] as number;
    const end = starts[b + 1] as number;
    if (end - start < 2) continue;
    let slots = 2;
    while (slots < (end - start) * 2) slots *= 2;
    const mask = slots - 1;
    table.fill(0, 0, slots);
    for (let k = start; k < end; k++) {
      const row = order[k] as number;
      const hash = hashes[row] as number;
      let slot = hash & mask;
      for (;;) {
        const stored = table[slot] as number;
        if (stored === 0) {
          table[slot] = row + 1;
          break;
        }
        if (hashes[stored - 1] === hash && idOf(stored - 1) === idOf(row)) {
          const id = idOf(row);
          const group = groups.get(id);
          if (group === undefined) groups.set(id, [stored - 1, row]);
          else group.push(row);
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  return groups;
}
