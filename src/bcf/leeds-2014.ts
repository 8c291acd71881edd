import { deepFreeze } from '../core/freeze.js';

/**
 * The Leeds Better Care Fund final submission (Health and Wellbeing Board, 27 March 2014), as
 * data: what its contingency plan states, line by line. Where the document's
 * arithmetic does not hold, the data records what it states; the calculators show the rest.
 *
 * @example
 * contingencyPlan({ outcomes: leeds2014Bcf.contingency.outcomes, contingencyFund: '2000000' }).totals.fullYear // '7049800.00'
 * reconcilePlan(leeds2014Bcf.plan).discrepancies.length                                                      // 5
 */
export const leeds2014Bcf = /* @__PURE__ */ deepFreeze({
  source: 'Leeds Health and Wellbeing Board papers, 27 March 2014: Better Care Fund final submission, BCF planning template, "Finance - Summary" and "Contingency provision".',
  contingency: {
    /**
     * The four outcomes' worst cases, with the formulas the methodology states ("Methodology
     * and assumptions for calculation of contingency plan").
     * The results the table states are in `plan.outcomes`, where `reconcilePlan` compares them:
     * outcome 2's table shows £1,794,000 (= £17,250 x 208 / 2), not its formula's £2,080,000; the
     * table is cut off before outcomes 3 and 4.
     */
    outcomes: [
      {
        id: 'permanent-admissions',
        label: 'Outcome 1: permanent admissions of people 65+ to residential and nursing care, per 100,000',
        unitCost: '17250',
        volume: 20,
        partialYearFactor: 0.5,
        plannedSavings: { activity: 20, valued: false },
      },
      {
        id: 'still-at-home-91-days',
        label: 'Outcome 2: people 65+ still at home 91 days after discharge into reablement',
        unitCost: '20000',
        volume: 208,
        partialYearFactor: 0.5,
        plannedSavings: { activity: 208, valued: false },
      },
      {
        id: 'delayed-transfers',
        label: 'Outcome 3: delayed transfers of care from hospital, per 100,000',
        unitCost: '200',
        days: 7,
        volume: 257,
        plannedSavings: { activity: 257, valued: false },
      },
      {
        id: 'avoidable-admissions',
        label: 'Outcome 4: avoidable emergency admissions of older people',
        unitCost: '2500',
        volume: 874,
      },
    ],
  },
  /**
   * The plan's stated totals and formulas in `reconcilePlan`'s format. Scheme tables are in
   * £000 (the submission's supplementary information, Tables 1-3); contributions in the
   * template's "Finance - Summary"; contingency in its "Contingency provision".
   * Scheme 16's 2014/15 part d) is "TBC" in the plan and its 2015/16 column did not survive
   * extraction clearly, so only 2014/15 is checked.
   */
  plan: {
    sums: [
      { location: 'contributions-2015-16', label: 'Pooled budget contributions 2015/16 (£000): three CCGs and the council', parts: [17351, 12665, 20105, 4802], stated: 54923 },
      {
        location: 'recurrent-schemes-2015-16',
        label: 'Recurrently funded schemes 2015/16, revenue total (£000)',
        parts: [4512, 5300, 2059, 2300, 4609, 2800, 2683, 11850, 2958],
        stated: 39721,
      },
      { location: 'scheme-15-2014-15', label: 'Scheme 15, intermediate care beds, 2014/15 (£000)', parts: [600, 50, 0, 240], stated: 990 },
      { location: 'scheme-15-2015-16', label: 'Scheme 15, intermediate care beds, 2015/16 (£000)', parts: [600, 50, 500, 240], stated: 1490 },
      { location: 'scheme-16-2014-15', label: 'Scheme 16, integrated neighbourhood teams, 2014/15 (£000)', parts: [130, 300, 86, null, 450, 350, 200], stated: 1216 },
      { location: 'grand-total-revenue-2015-16', label: 'Grand total revenue 2015/16 (£000)', parts: [39721, 13358], stated: 53079 },
      { location: 'grand-total-2015-16', label: 'Grand total 2015/16 with capital (£000)', parts: [53079, 1844], stated: 54923 },
    ],
    outcomes: [
      { location: 'contingency-outcome-1', label: 'Outcome 1: £17,250 x 20, halved', unitCost: '17250', volume: 20, partialYearFactor: 0.5, stated: '172500' },
      { location: 'contingency-outcome-2', label: 'Outcome 2: £20,000 x 208, halved', unitCost: '20000', volume: 208, partialYearFactor: 0.5, stated: '1794000' },
    ],
  },
} as const);
