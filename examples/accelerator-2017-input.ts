/**
 * The evidence behind examples/accelerator-2017.ts: Leeds's four candidate accelerator segments
 * of 2017 (Leeds Health and Wellbeing Board report, 28 September 2017, section 3.5 "Process to
 * recommend an accelerator segment") in the form `selectAccelerator` reads. The source
 * documents hold no figures: every score, population and vote here is ILLUSTRATIVE, chosen
 * only to match what the report says happened. It is a module of its own so that the tests
 * (test/prioritisation/examples/replay-2017.test.ts) pin the very input the example shows, and
 * examples/charts.ts draws it.
 */
import type { AcceleratorInput } from 'phm-kit/prioritisation';

export const leeds2017AcceleratorInput = {
  // The candidates: each segment's population (Leeds-sized, illustrative), its scope (how many
  // services or pathways a programme for it would involve), and its evidence on the Blueprint's
  // six criteria, scored 1-5. Step 1 reads health outcomes, cost to the system and the quality
  // gap; step 2 strategic alignment, scale of ambition and long-term impact.
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
  // Step 1 keeps the best three.
  shortlist: { size: 3 },
  // Step 3: after discussing each criterion, each of five stakeholders votes for one candidate;
  // the votes make up 30% of the step 3 score.
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
  // scope of at most seven services or pathways (both illustrative limits). In `gate` mode a
  // candidate over a limit is excluded outright.
  feasibility: { maxPopulationShare: 0.1, maxScope: 7, mode: 'gate' },
  // End of life may join frailty: if frailty wins, the two are recommended together.
  allowGrouping: [{ lead: 'frailty', with: ['end-of-life'] }],
} satisfies AcceleratorInput;
