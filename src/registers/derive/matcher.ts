import { normaliseCode, type CodeSystemId } from '../codelists/code-systems.js';
import type { Codelist } from '../codelists/codelist.js';

/** The codelists (by their index in the call's list) that one raw event code falls in. */
export type CodelistHits = readonly number[];

const NONE: CodelistHits = Object.freeze([]);

/** One code system's codelists: exact codes, and prefixes by their length. */
interface SystemIndex {
  readonly system: CodeSystemId;
  readonly exact: Map<string, number[]>;
  readonly prefixes: Map<number, Map<string, number[]>>;
}

/** Distinct raw codes remembered per call; beyond it, codes are looked up afresh each time. */
const MAX_CACHED_CODES = 1_000_000;

/** Files a codelist under a key. A codelist's codes are unique (its schema says so), so no index is filed twice. */
function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [index]);
  else list.push(index);
}

/**
 * Matches raw event codes to codelists. An event's code is normalised by the system of each
 * codelist it is matched against (so `E11.9` in an events table meets `E119` in an ICD-10 list,
 * while a SNOMED CT list compares it as it is), then looked up exactly, or by prefix in a prefix
 * list. A code's hits are remembered, since real extracts repeat a few thousand codes millions of
 * times.
 */
export function createCodeMatcher(codelists: readonly Codelist[]): (code: string) => CodelistHits {
  const bySystem = new Map<CodeSystemId, SystemIndex>();
  codelists.forEach((list, index) => {
    let entry = bySystem.get(list.system);
    if (entry === undefined) bySystem.set(list.system, (entry = { system: list.system, exact: new Map(), prefixes: new Map() }));
    for (const code of list.codes) {
      if (list.match === 'prefix') {
        let byLength = entry.prefixes.get(code.length);
        if (byLength === undefined) entry.prefixes.set(code.length, (byLength = new Map()));
        push(byLength, code, index);
      } else {
        push(entry.exact, code, index);
      }
    }
  });
  const systems = [...bySystem.values()].map((s) => ({ ...s, lengths: [...s.prefixes.keys()].sort((a, b) => a - b) }));
  const cache = new Map<string, CodelistHits>();

  const lookUp = (code: string): CodelistHits => {
    const hits = new Set<number>();
    for (const s of systems) {
      const normal = normaliseCode(s.system, code);
      for (const i of s.exact.get(normal) ?? NONE) hits.add(i);
      for (const length of s.lengths) {
        if (length > normal.length) break;
        for (const i of s.prefixes.get(length)?.get(normal.slice(0, length)) ?? NONE) hits.add(i);
      }
    }
    return hits.size === 0 ? NONE : Object.freeze([...hits].sort((a, b) => a - b));
  };

  return (code) => {
    let hits = cache.get(code);
    if (hits === undefined) {
      hits = lookUp(code);
      if (cache.size < MAX_CACHED_CODES) cache.set(code, hits);
    }
    return hits;
  };
}
