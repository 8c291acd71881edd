/**
 * The Leeds Better Care Fund submission of March 2014 (seed 003), checked: the contingency plan,
 * the metric claims, and the plan's arithmetic. Run with `npm run demo:bcf`.
 */
import { pathToFileURL } from 'node:url';
import { contingencyPlan, leeds2014Bcf, minimumSignificantReduction, reconcilePlan, trajectory } from 'phm-kit/bcf';

export function renderBcfDemo(): string {
  const lines = ['Leeds Better Care Fund 2014, checked', ''];
  const plan = contingencyPlan({ outcomes: leeds2014Bcf.contingency.outcomes, contingencyFund: '2000000' });
  lines.push('Contingency: worst case if each outcome is missed (stated formulas; the fund of £2m is ILLUSTRATIVE)');
  for (const o of plan.outcomes) lines.push(`  ${o.label ?? o.id}: full year £${o.fullYear}, plan year £${o.partYear}`);
  lines.push(`  total: full year £${plan.totals.fullYear}; with outcomes 1-2 halved £${plan.totals.partYear}; the fund covers ${plan.coverage} of it, short by £${plan.shortfall}`, '');
  const dtoc = trajectory({ baseline: 100, monthlyChange: '-0.017', months: 13 });
  const avoidable = trajectory({ baseline: 100, monthlyChange: '-0.0085', months: 12 });
  lines.push('Metric claims:');
  lines.push(`  "1.7% a month equates to 20%": after 13 months the exit is ${(Number(dtoc.exitChange) * 100).toFixed(1)}%, the average ${(Number(dtoc.averageChange) * 100).toFixed(1)}%`);
  lines.push(`  "0.85% a month is a 10% real-terms reduction": after 12 months the exit is ${(Number(avoidable.exitChange) * 100).toFixed(1)}%, the average only ${(Number(avoidable.averageChange) * 100).toFixed(1)}%`);
  const significance = minimumSignificantReduction({ baselineCount: 19016 });
  lines.push(`  the "2%" significance level fits a baseline of about 19,000 admissions: ${(Number(significance.fraction) * 100).toFixed(1)}% at 95%`, '');
  lines.push('Plan arithmetic (stated - computed):');
  for (const d of reconcilePlan(leeds2014Bcf.plan).discrepancies) lines.push(`  ${d.label ?? d.location}: stated ${d.stated}, computed ${d.computed}, difference ${d.difference}`);
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(renderBcfDemo());
}
