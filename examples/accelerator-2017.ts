/**
 * Pick an accelerator segment.
 *
 * Replays the Leeds 2017 choice of the segment to start with, by the Population Health
 * Management Blueprint's method: score the candidates on evidence (step 1) and shortlist, score
 * the shortlist on strategy (step 2), then add stakeholders' votes and test feasibility
 * (step 3). The evidence pointed to long-term conditions or healthy adults, but they were too
 * large or too wide in scope; frailty with end of life was "small enough in terms of population
 * numbers to manage some of the associated risk" (Leeds Health and Wellbeing Board report
 * "System Integration – a Blueprint for Leeds", 28 September 2017, section 3.5 "Process to
 * recommend an accelerator segment"). Every score, population and vote is ILLUSTRATIVE: the
 * source documents hold no figures.
 *
 * Run it with `npm run demo:accelerator`, `npx tsx examples/accelerator-2017.ts`, or ts-node
 * (docs/examples.md).
 */
import { selectAccelerator, sensitivity } from 'phm-kit/prioritisation';
import { leeds2017AcceleratorInput } from './accelerator-2017-input.js';

// 1. The input: four candidate segments with their populations, scopes and evidence scores, the
//    shortlist size, the stakeholders' votes and the feasibility limits. It is in
//    ./accelerator-2017-input.ts; open it alongside this file.
const input = leeds2017AcceleratorInput;
console.log('Leeds 2017 accelerator segment, replayed (ILLUSTRATIVE evidence)\n');

// 2. Run the three steps. The result carries the recommendation and an audit trail: one line
//    per decision, saying which scores, weights, votes and limits produced it.
const result = selectAccelerator(input);
for (const entry of result.audit) console.log(`[step ${entry.step}] ${entry.message}`);
console.log(`\nRecommended: ${result.recommended.join(' with ')}`);

// 3. How firm is the choice? `sensitivity` redraws the criteria weights at random (500 draws,
//    seeded, so the answer is repeatable) and counts how often each candidate comes first:
//    once with the feasibility gate, and once without it, on the evidence alone.
const show = (probabilities: Readonly<Record<string, number>>) =>
  Object.entries(probabilities)
    .map(([id, p]) => `${id} ${(100 * p).toFixed(0)}%`)
    .join(', ');
const gated = sensitivity(input, { samples: 500, seed: 2017 });
const ungated = sensitivity({ ...input, feasibility: undefined }, { samples: 500, seed: 2017 });
console.log(`Sensitivity, with the feasibility gate: probability of ranking first over 500 weight draws: ${show(gated.monteCarlo.probabilityFirst)}`);
console.log(`Without the gate the evidence alone says: ${show(ungated.monteCarlo.probabilityFirst)}`);

// 4. The conclusion: the candidate most often first without the gate is not the one chosen.
const [leader] = Object.entries(ungated.monteCarlo.probabilityFirst).sort((a, b) => b[1] - a[1])[0]!;
console.log(`So the choice rests on the feasibility limits, not on the weights: while the gate stands no weighting of the six criteria changes it, and without the gate ${leader} leads.`);
