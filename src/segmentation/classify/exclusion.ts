import type { IsoDate } from '../../core/dates.js';
import type { Person } from '../records/person.js';

/**
 * Why a valid record is not part of the population on the evaluation date: `deceased` (died on
 * or before it) or `not-yet-born` (born after it).
 *
 * @example
 * const { excluded } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * const deceased = excluded.filter((e) => e.reason === 'deceased').length;
 */
export type ExclusionReason = 'deceased' | 'not-yet-born';

/**
 * A valid row that is not part of the population on the evaluation date.
 *
 * @example
 * const { excluded } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * excluded[0]; // e.g. { index: 7, personId: 'p8', reason: 'deceased', detail: 'died on 2024-03-01, on or before 2024-04-01' }
 */
export interface Exclusion {
  /** Position of the row in the input (0-based). */
  readonly index: number;
  readonly personId: string;
  readonly reason: ExclusionReason;
  /** The reason in words, with the dates. */
  readonly detail: string;
}

/**
 * Whether a person is outside the population on `asOf`: dead on or before it, or born after
 * it. Returns the reason in words, or `undefined` when the person is in the population.
 *
 * @example
 * exclusionOn({ id: 'p1', birthDate: '1930-01-01', deathDate: '2024-03-01', markers: [] }, '2024-04-01')
 * // { reason: 'deceased', detail: 'died on 2024-03-01, on or before 2024-04-01' }
 */
export function exclusionOn(person: Person, asOf: IsoDate): { reason: ExclusionReason; detail: string } | undefined {
  if (person.deathDate !== undefined && person.deathDate <= asOf) {
    return { reason: 'deceased', detail: `died on ${person.deathDate}, on or before ${asOf}` };
  }
  if (person.birthDate > asOf) {
    return { reason: 'not-yet-born', detail: `born on ${person.birthDate}, after ${asOf}` };
  }
  return undefined;
}
