import * as z from 'zod';
import { MARKER_CATALOGUE } from '../model/markers.js';
import type { SegmentationModel } from '../model/model.js';
import type { Person } from '../records/person.js';
import type { Rejection } from '../records/screen.js';

/**
 * A marker id that people carry but neither the marker catalogue nor the model declares, so no
 * rule can ever read it: usually a misspelling (`'ltc-asthmaa'`), a different case
 * (`'LTC-ASTHMA'`) or stray spaces (`'ltc-asthma '`). `count` is the number of marker entries
 * with this id among the rows read; `suggestion` the declared id it most likely meant.
 *
 * @example
 * const { unknownMarkers } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * unknownMarkers; // [{ id: 'ltc-asthmaa', count: 12, suggestion: 'ltc-asthma' }]
 */
export interface UnknownMarker {
  readonly id: string;
  readonly count: number;
  readonly suggestion?: string;
}

/**
 * The most distinct unknown ids a tally keeps: 10,000. Past them, entries with new unknown ids
 * are counted together under `'(other unknown ids)'`, so that a stream's memory stays bounded.
 *
 * @example
 * unknownMarkers.length <= MAX_UNKNOWN_MARKER_IDS + 1 // true
 */
export const MAX_UNKNOWN_MARKER_IDS = 10_000;

/** The id under which entries past the first 10,000 distinct unknown ids are counted. */
export const UNLISTED_UNKNOWN_ID = '(other unknown ids)';

/** Declared ids compared by edit distance for a suggestion: the first 2,000 (the catalogue first). */
const MAX_COMPARED_IDS = 2_000;

/**
 * Optimal string alignment distance (insertions, deletions, substitutions and swaps of two
 * neighbours), giving up above `limit`.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    current[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] as number) + 1);
      current[j] = d;
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

const normal = (id: string) => id.trim().toLowerCase();

/**
 * The declared id an unknown one most likely meant: the one equal to it but for case and
 * surrounding spaces, else the nearest within two edits (the first declared, on a tie), else
 * none.
 */
function suggestionFor(id: string, byNormal: ReadonlyMap<string, string>, compared: readonly string[]): string | undefined {
  const same = byNormal.get(normal(id));
  if (same !== undefined) return same;
  const probe = normal(id);
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of compared) {
    const d = editDistance(probe, known, bestDistance - 1);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * A tally of the unknown marker ids people carry, for one model and policy: `add(person)`
 * counts the person's unknown ids (unless the policy is `'ignore'`); `rejects(person)` is,
 * when the policy is `'reject'`, the first of them (the row is to be rejected); `check` does
 * both; `result()` lists them, most frequent first, each with its suggestion.
 */
export function createUnknownMarkerTally(model: Pick<SegmentationModel, 'markers'>, policy: UnknownMarkerPolicy) {
  const declared = [...MARKER_CATALOGUE.map((m) => m.id), ...(model.markers ?? []).map((m) => m.id)];
  const known: ReadonlySet<string> = new Set(declared);
  const counts = new Map<string, number>();

  const idOf = (entry: Person['markers'][number]) => (typeof entry === 'string' ? entry : entry.id);

  const firstUnknown = (person: Person): string | undefined => {
    for (const entry of person.markers) {
      const id = idOf(entry);
      if (!known.has(id)) return id;
    }
    return undefined;
  };

  const add = (person: Person): void => {
    if (policy === 'ignore') return;
    for (const entry of person.markers) {
      const id = idOf(entry);
      if (known.has(id)) continue;
      const count = counts.get(id);
      if (count !== undefined) counts.set(id, count + 1);
      else if (counts.size < MAX_UNKNOWN_MARKER_IDS) counts.set(id, 1);
      else counts.set(UNLISTED_UNKNOWN_ID, (counts.get(UNLISTED_UNKNOWN_ID) ?? 0) + 1);
    }
  };

  const rejects = (person: Person): string | undefined => (policy === 'reject' ? firstUnknown(person) : undefined);

  const check = (person: Person): string | undefined => {
    add(person);
    return rejects(person);
  };

  // Suggestions, worked out once per id: a stream lists the tally in every batch.
  const suggestions = new Map<string, string | undefined>();
  let byNormal: Map<string, string> | undefined;
  const suggest = (id: string): string | undefined => {
    if (id === UNLISTED_UNKNOWN_ID) return undefined;
    if (suggestions.has(id)) return suggestions.get(id);
    if (byNormal === undefined) {
      byNormal = new Map<string, string>();
      for (const declaredId of declared) if (!byNormal.has(normal(declaredId))) byNormal.set(normal(declaredId), declaredId);
    }
    const found = suggestionFor(id, byNormal, declared.slice(0, MAX_COMPARED_IDS));
    suggestions.set(id, found);
    return found;
  };

  const result = (): UnknownMarker[] => {
    if (counts.size === 0) return [];
    return [...counts]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, count]) => {
        const suggestion = suggest(id);
        return suggestion === undefined ? { id, count } : { id, count, suggestion };
      });
  };

  return { add, rejects, check, result };
}

/**
 * What to do with a marker id that neither the catalogue nor the model declares: `'report'` it
 * (the default), `'reject'` the row, or `'ignore'` it.
 *
 * @example
 * const policy: UnknownMarkerPolicy = 'reject';
 * segmentPopulation(rows, leeds2024, { asOf: '2024-04-01', unknownMarkers: policy });
 */
export type UnknownMarkerPolicy = z.infer<typeof UnknownMarkerPolicySchema>;

/**
 * Zod schema of {@link UnknownMarkerPolicy}: `'report'`, `'reject'` or `'ignore'`.
 *
 * @example
 * UnknownMarkerPolicySchema.safeParse('reject').success // true
 */
export const UnknownMarkerPolicySchema = z.enum(['report', 'reject', 'ignore']);

/** The rejection of a row whose marker `id` is declared by neither the catalogue nor the model. */
export function unknownMarkerRejection(index: number, personId: string, id: string): Rejection {
  const message = `The marker '${id}' is in neither the marker catalogue nor the model's own markers, so no rule can read it (options.unknownMarkers is 'reject')`;
  return { index, id: personId, reason: 'unknown-marker', issues: [{ path: ['markers'], message }] };
}
