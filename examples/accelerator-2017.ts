/**
 * Replays the Leeds 2017 choice of accelerator segment (seed 001 lines 151-160) with the
 * Blueprint's method. The seeds hold no figures: every score, population and vote below is
 * ILLUSTRATIVE, chosen only to match what the report says happened. The evidence pointed to
 * long-term conditions or healthy adults, but they were too large or too wide in scope;
 * frailty with end of life was "small enough in terms of population numbers to manage some of
 * the associated risk". Run with `npm run demo:accelerator`.
 */
import { pathToFileURL } from 'node:url';
import { selectAccelerator, sensitivity, type AcceleratorInput } from 'phm-kit/prioritisation';

/** Illustrative evidence on a 1-5 scale; populations are Leeds-sized but illustrative. */
export const leeds2017AcceleratorInput = {
  candidates: [
    {
      id: 'long-term-conditions',
      label: 'People with long-term conditions',
      population: 250_000,
      scope: 9,
      evidence: { healthOutcomes: 5, costToSystem: 5, qualityGap: 4, strategicAlignment: 5, scaleOfAmbition: 5, longTermImpact: 5 },
    },
    {
      id: 'healthy-and-at-risk',
      label: 'Healthy people & people at risk',
      population: 450_000,
      scope: 10,
      evidence: { healthOutcomes: 4, costToSystem: 4, qualityGap: 3, strategicAlignment: 4, scaleOfAmbition: 5, longTermImpact: 5 },
    },
    {
      id: 'frailty',
      label: 'People with frailty',
      population: 25_000,
      scope: 4,
      evidence: { healthOutcomes: 4, costToSystem: 4, qualityGap: 4, strategicAlignment: 4, scaleOfAmbition: 4, longTermImpact: 3 },
    },
    {
      id: 'end-of-life',
      label: 'People at end of life',
      population: 8_000,
      scope: 3,
      evidence: { healthOutcomes: 3, costToSystem: 3, qualityGap: 4, strategicAlignment: 4, scaleOfAmbition: 3, longTermImpact: 2 },
    },
  ],
  shortlist: { size: 3 },
  votes: {
    method: 'per-criterion',
    weight: 0.3,
    ballots: ['a', 'b', 'c', 'd', 'e'].flatMap((stakeholder, i) => [
      { stakeholder, criterion: 'healthOutcomes' as const, candidate: i < 3 ? 'long-term-conditions' : 'frailty' },
      { stakeholder, criterion: 'strategicAlignment' as const, candidate: i < 2 ? 'healthy-and-at-risk' : 'frailty' },
      { stakeholder, criterion: 'longTermImpact' as const, candidate: i < 4 ? 'healthy-and-at-risk' : 'long-term-conditions' },
    ]),
  },
  // Scope and feasibility came last: a segment of at most a tenth of the population, and a
  // scope of at most seven services or pathways (both illustrative limits).
  feasibility: { maxPopulationShare: 0.1, maxScope: 7, mode: 'gate' },
  allowGrouping: [{ lead: 'frailty', with: ['end-of-life'] }],
} satisfies AcceleratorInput;

/** The replay as text: the decision, the audit trail, and how firm the decision is. */
export function renderAccelerator2017(): string {
  const result = selectAccelerator(leeds2017AcceleratorInput);
  const lines = ['Leeds 2017 accelerator segment, replayed (ILLUSTRATIVE evidence)', '', ...result.audit.map((a) => `[step ${a.step}] ${a.message}`)];
  const gated = sensitivity(leeds2017AcceleratorInput, { samples: 500, seed: 2017 });
  const ungated = sensitivity({ ...leeds2017AcceleratorInput, feasibility: undefined }, { samples: 500, seed: 2017 });
  const show = (p: Record<string, number>) => Object.entries(p).map(([id, v]) => `${id} ${(100 * v).toFixed(0)}%`).join(', ');
  lines.push('', `Recommended: ${result.recommended.join(' with ')}`);
  lines.push(`Sensitivity, with the feasibility gate: probability of ranking first over 500 weight draws: ${show(gated.monteCarlo.probabilityFirst)}`);
  lines.push(`Without the gate the evidence alone says: ${show(ungated.monteCarlo.probabilityFirst)}`);
  const [leader] = Object.entries(ungated.monteCarlo.probabilityFirst).sort((a, b) => b[1] - a[1])[0] as [string, number];
  lines.push(`So the choice rests on the feasibility limits, not on the weights: while the gate stands no weighting of the six criteria changes it, and without the gate ${leader} leads.`);
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(renderAccelerator2017());
}
