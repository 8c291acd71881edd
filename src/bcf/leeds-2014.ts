import { deepFreeze } from '../core/freeze.js';

/**
 * The Leeds Better Care Fund final submission (Health and Wellbeing Board, 27 March 2014; seed
 * 003), as data: what its contingency plan states, line by line. Where the document's
 * arithmetic does not hold, the data records what it states; the calculators show the rest.
 */
export const leeds2014Bcf = /* @__PURE__ */ deepFreeze({
  source: 'Leeds Health and Wellbeing Board papers, 27 March 2014: Better Care Fund final submission (seed 003 lines 2838-2923).',
  contingency: {
    /** The four outcomes' worst cases, with the formulas the methodology states (lines 2877-2885). */
    outcomes: [
      {
        id: 'permanent-admissions',
        label: 'Outcome 1: permanent admissions of people 65+ to residential and nursing care, per 100,000',
        unitCost: '17250',
        volume: 20,
        partialYearFactor: 0.5,
        plannedSavings: { activity: 20, valued: false },
        /** "£17,250 x 20 ... divided in two": the table shows £172,500. */
        statedResult: '172500',
      },
      {
        id: 'still-at-home-91-days',
        label: 'Outcome 2: people 65+ still at home 91 days after discharge into reablement',
        unitCost: '20000',
        volume: 208,
        partialYearFactor: 0.5,
        plannedSavings: { activity: 208, valued: false },
        /** The table shows £1,794,000 = £17,250 x 208 / 2, not the stated £20,000 x 208 / 2 = £2,080,000. */
        statedResult: '1794000',
      },
      {
        id: 'delayed-transfers',
        label: 'Outcome 3: delayed transfers of care from hospital, per 100,000',
        unitCost: '200',
        days: 7,
        volume: 257,
        plannedSavings: { activity: 257, valued: false },
        /** The table is cut off in the source; the formula gives £359,800. */
        statedResult: null,
      },
      {
        id: 'avoidable-admissions',
        label: 'Outcome 4: avoidable emergency admissions of older people',
        unitCost: '2500',
        volume: 874,
        /** The table is cut off in the source; the formula gives £2,185,000. */
        statedResult: null,
      },
    ],
  },
} as const);
