import { PhmError } from '../core/errors.js';

/**
 * How close two composite scores (0-100) must be to count as tied: 1e-9. Ties at the shortlist
 * cut-off and for first place are kept, never broken by floating-point noise.
 *
 * @example
 * Math.abs(70 - (70 + 1e-12)) <= TIE_TOLERANCE // true: the two candidates tie
 */
export const TIE_TOLERANCE = 1e-9;

const byId = (a: { readonly id: string }, b: { readonly id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Best first, with tied candidates sharing a rank and listed in id order, so that input order
 * never matters. Ties are classes chained from the top: a class starts at the best score not
 * yet placed and takes every score within {@link TIE_TOLERANCE} of that first score. (Comparing
 * neighbours pairwise would not be transitive: 10, 10 + 0.6e-9 and 10 + 1.2e-9 would tie in
 * pairs but not as a whole.) Every score must be finite: a NaN would compare as tied with
 * nothing, so a score that is not finite is a bug, reported as one rather than ranked.
 */
export function rankScores(entries: readonly { readonly id: string; readonly score: number }[]): { id: string; score: number; rank: number }[] {
  for (const e of entries) {
    if (!Number.isFinite(e.score)) throw new PhmError('internal', `phm-kit computed a score of ${e.score} for '${e.id}', not a finite number: please report this as a bug`);
  }
  const sorted = [...entries].sort((a, b) => b.score - a.score || byId(a, b));
  const ranked: { id: string; score: number; rank: number }[] = [];
  for (let start = 0; start < sorted.length; ) {
    const top = (sorted[start] as { score: number }).score;
    // The first entry of a class is always in it, so every pass places at least one entry.
    let end = start + 1;
    while (end < sorted.length && top - (sorted[end] as { score: number }).score <= TIE_TOLERANCE) end++;
    const tied = end === start + 1 ? [sorted[start] as (typeof sorted)[number]] : sorted.slice(start, end).sort(byId);
    for (const e of tied) ranked.push({ id: e.id, score: e.score, rank: start + 1 });
    start = end;
  }
  return ranked;
}
