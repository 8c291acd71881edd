import type { IsoDate } from '../../core/dates.js';
import type { Person } from '../records/person.js';

/**
 * Why a valid record is not part of the population on the evaluation date: `deceased` (died on
 * or before it), `deregistered` (left the registered population on or before it), `not-yet-born`
 * (born after it) or `not-yet-registered` (joined the registered population after it).
 *
 * @example
 * const { excluded } = segmentPopulation(rows, leeds2024, { asOf: '2024-04-01' });
 * const deceased = excluded.filter((e) => e.reason === 'deceased').length;
 */
export type ExclusionReason = 'deceased' | 'deregistered' | 'not-yet-born' | 'not-yet-registered';

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
 * Whether a person is outside the population on `asOf`, and why; `undefined` when they are in
 * it. A person who has left is out from the day they left, whether by death (`deathDate`) or by
 * deregistration (`deregistrationDate`); one who left both ways is out for the first of the two,
 * and for death when both fall on the same day (a death is often followed by a deregistration
 * some days later, and the death is the reason). Then, a person not yet born, or born but not
 * yet registered (`registrationDate` after `asOf`), is not yet in it.
 *
 * @example
 * exclusionOn({ id: 'p1', birthDate: '1930-01-01', deathDate: '2024-03-01', markers: [] }, '2024-04-01')
 * // { reason: 'deceased', detail: 'died on 2024-03-01, on or before 2024-04-01' }
 * exclusionOn({ id: 'p2', birthDate: '1990-01-01', deregistrationDate: '2023-09-14', markers: [] }, '2024-04-01')
 * // { reason: 'deregistered', detail: 'deregistered on 2023-09-14, on or before 2024-04-01' }
 */
export function exclusionOn(person: Person, asOf: IsoDate): { reason: ExclusionReason; detail: string } | undefined {
  const { deathDate, deregistrationDate, registrationDate } = person;
  if (deathDate !== undefined && deathDate <= asOf && (deregistrationDate === undefined || deathDate <= deregistrationDate)) {
    return { reason: 'deceased', detail: `died on ${deathDate}, on or before ${asOf}` };
  }
  if (deregistrationDate !== undefined && deregistrationDate <= asOf) {
    return { reason: 'deregistered', detail: `deregistered on ${deregistrationDate}, on or before ${asOf}` };
  }
  if (person.birthDate > asOf) {
    return { reason: 'not-yet-born', detail: `born on ${person.birthDate}, after ${asOf}` };
  }
  if (registrationDate !== undefined && registrationDate > asOf) {
    return { reason: 'not-yet-registered', detail: `registered on ${registrationDate}, after ${asOf}` };
  }
  return undefined;
}
