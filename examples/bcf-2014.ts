/**
 * Size a Better Care Fund contingency and check the plan.
 *
 * Takes the Leeds Better Care Fund submission of March 2014 (Leeds Health and Wellbeing Board
 * papers, 27 March 2014), which ships with phm-kit as `leeds2014Bcf`, and checks it three ways:
 * the contingency needed if each outcome's target is missed, the claims made about the metrics'
 * trajectories and significance, and the plan's own arithmetic. Money is exact decimal text
 * throughout.
 *
 * Run it with `npm run demo:bcf`, `npx tsx examples/bcf-2014.ts`, or ts-node (docs/examples.md).
 */
import { contingencyPlan, formatMoney, leeds2014Bcf, minimumSignificantReduction, reconcilePlan, trajectory } from 'phm-kit/bcf';

// A fraction as a percentage with one decimal. (A change is null only for a zero baseline.)
const percent = (fraction: string | null) => (fraction === null ? '-' : `${(Number(fraction) * 100).toFixed(1)}%`);
console.log('Leeds Better Care Fund 2014, checked\n');

// 1. The contingency. For each outcome the plan states a worst case if the target is missed:
//    unit cost x volume (x days, for a cost per day), halved for outcomes 1 and 2 in the plan
//    year. `contingencyPlan` works out each one, the total, and how much of it a contingency
//    fund would cover. The £2m fund is ILLUSTRATIVE.
const plan = contingencyPlan({ outcomes: leeds2014Bcf.contingency.outcomes, contingencyFund: '2000000' });
console.log('Contingency: worst case if each outcome is missed (stated formulas; the fund of £2m is ILLUSTRATIVE)');
for (const o of plan.outcomes) console.log(`  ${o.label ?? o.id}: full year ${formatMoney(o.fullYear)}, plan year ${formatMoney(o.partYear)}`);
console.log(`  total: full year ${formatMoney(plan.totals.fullYear)}; with outcomes 1-2 halved ${formatMoney(plan.totals.partYear)}; the fund covers ${plan.coverage} of it, short by ${formatMoney(plan.shortfall)}\n`);

// 2. The metric claims. A steady monthly fall compounds: `trajectory` gives the month-by-month
//    path from a baseline of 100, its exit value and its average. "A 20% reduction" holds for
//    the last month; the period as a whole averages much less.
const delayedTransfers = trajectory({ baseline: 100, monthlyChange: '-0.017', months: 13 });
const avoidableAdmissions = trajectory({ baseline: 100, monthlyChange: '-0.0085', months: 12 });
console.log('Metric claims:');
console.log(`  "1.7% a month equates to 20%": after 13 months the exit is ${percent(delayedTransfers.exitChange)}, the average ${percent(delayedTransfers.averageChange)}`);
console.log(`  "0.85% a month is a 10% real-terms reduction": after 12 months the exit is ${percent(avoidableAdmissions.exitChange)}, the average only ${percent(avoidableAdmissions.averageChange)}`);

// The plan also calls a 2% reduction statistically significant. Treating admissions as Poisson
// counts, the smallest reduction significant at 95% depends on the baseline count: about
// 19,000 admissions a year gives 2%.
const significance = minimumSignificantReduction({ baselineCount: 19016 });
console.log(`  the "2%" significance level fits a baseline of about 19,000 admissions: ${percent(significance.fraction)} at 95%\n`);

// 3. The arithmetic. `reconcilePlan` adds up every stated total from its parts and recomputes
//    every contingency formula, and lists each place where the plan's figure differs.
console.log('Plan arithmetic (stated - computed):');
for (const d of reconcilePlan(leeds2014Bcf.plan).discrepancies) console.log(`  ${d.label ?? d.location}: stated ${formatMoney(d.stated, { symbol: '' })}, computed ${formatMoney(d.computed, { symbol: '' })}, difference ${formatMoney(d.difference, { symbol: '' })}`);
