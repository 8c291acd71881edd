import { PhmValidationError } from '../core/errors.js';
import type { ParsedAcceleratorInput } from './schema.js';

/**
 * The most work one `sensitivity` call may do: 2,000,000 units, a unit being about one
 * candidate scored once. The work is reckoned as (samples + 1,000) x (candidates + ballot
 * places / 10 + 10): the weight intervals rerun the method up to about 1,000 times and the
 * Monte Carlo once per sample, and each rerun costs about one unit per candidate, a tenth of
 * one per ballot place (a per-criterion vote, or a candidate a Borda ballot ranks) and ten
 * for the rerun itself. Chosen by measurement: the largest call allowed takes 2-4 s on a
 * 2-core machine. A call beyond it is refused with a `PhmValidationError` that says how many
 * samples would be allowed.
 *
 * @example
 * // 200 candidates, no votes: (samples + 1,000) x 210 <= 2,000,000, so at most 8,523 samples
 * Math.floor(SENSITIVITY_WORK_LIMIT / 210) - 1000 // 8523
 */
export const SENSITIVITY_WORK_LIMIT = 2_000_000;

/** Reruns of the method for the weight intervals, at most: 6 criteria x (101 grid shares + 2 x 30 bisections), and the base run, rounded up. */
const INTERVAL_RERUNS = 1000;
/** What a rerun costs beyond its candidates and ballots, in candidates: drawing the weights, the rankings' set-up. */
const RERUN_OVERHEAD = 10;

/** Every vote cast: one per per-criterion vote, one per candidate a Borda ballot ranks. */
function ballotPlaces(input: ParsedAcceleratorInput): number {
  const votes = input.votes;
  if (votes === undefined) return 0;
  return votes.method === 'per-criterion' ? votes.ballots.length : votes.ballots.reduce((n, b) => n + b.ranking.length, 0);
}

const figure = (n: number) => n.toLocaleString('en-GB');
/** A count with thousands separators and its noun, plural unless the count is one. */
const counted = (n: number, noun: string) => `${figure(n)} ${noun}${n === 1 ? '' : 's'}`;

/**
 * Refuses a sensitivity analysis whose work would exceed {@link SENSITIVITY_WORK_LIMIT}: at
 * `samples` when fewer samples would do, at `candidates` when even one sample is too many.
 */
export function checkSensitivityWork(input: ParsedAcceleratorInput, samples: number): void {
  const places = ballotPlaces(input);
  const perRerun = input.candidates.length + Math.ceil(places / 10) + RERUN_OVERHEAD;
  const most = Math.floor(SENSITIVITY_WORK_LIMIT / perRerun) - INTERVAL_RERUNS;
  const size = `${counted(input.candidates.length, 'candidate')}${places > 0 ? ` and ${counted(places, 'ballot place')}` : ''}`;
  const rule = `sensitivity may do at most ${figure(SENSITIVITY_WORK_LIMIT)} units of work, reckoned as (samples + 1,000) x (candidates + ballot places / 10 + 10)`;
  if (most < 1) {
    const message = `${size} are too many for a sensitivity analysis: ${rule}, so even 1 sample is too many; use fewer candidates or ballots (selectAccelerator has no such limit)`;
    throw new PhmValidationError(`Invalid accelerator input: candidates: ${message}`, [{ path: ['candidates'], message }]);
  }
  if (samples > most) {
    const message = `${counted(samples, 'sample')} of ${size} are too many: ${rule}, here ${figure((samples + INTERVAL_RERUNS) * perRerun)}; use at most ${counted(most, 'sample')}`;
    throw new PhmValidationError(`Invalid options: samples: ${message}`, [{ path: ['samples'], message }]);
  }
}
