/**
 * £1.2bn (NHS Leeds CCG's annual budget, seed 004) split across the nine Leeds 2024 segments by
 * each method, and the Leeds Better Care Fund pool of 2015/16 (seed 003). Segment populations
 * and current spends are ILLUSTRATIVE: no document gives them. Run with `npm run demo:finance`.
 */
import { pathToFileURL } from 'node:url';
import { allocateEnvelopes, allocatePooled, type EnvelopeMethod } from 'phm-kit/finance';

/** Illustrative populations (about 820,000 people) and current spends (£1.15bn). */
export const leedsSegments = [
  { id: 'end-of-life', population: 4_000, currentSpend: '60000000.00' },
  { id: 'maternity', population: 9_000, currentSpend: '45000000.00' },
  { id: 'children-and-young-people', population: 180_000, currentSpend: '150000000.00' },
  { id: 'frailty', population: 30_000, currentSpend: '240000000.00', floor: { percentOfCurrentSpend: 95 } },
  { id: 'cancer', population: 20_000, currentSpend: '110000000.00' },
  { id: 'learning-disability-neurodiversity', population: 15_000, currentSpend: '60000000.00' },
  { id: 'serious-mental-illness', population: 8_000, currentSpend: '70000000.00' },
  { id: 'long-term-conditions', population: 250_000, currentSpend: '300000000.00' },
  { id: 'healthy-adults', population: 304_000, currentSpend: '115000000.00' },
];

/** The Leeds BCF pool, 2015/16 (seed 003 lines 2838-2863), and the submission's grand totals. */
export const leedsBcf2015 = {
  contributions: [
    { id: 'leeds-south-and-east-ccg', amount: '17351000' },
    { id: 'leeds-north-ccg', amount: '12665000' },
    { id: 'leeds-west-ccg', amount: '20105000' },
    { id: 'leeds-city-council', amount: '4802000' },
  ],
  envelopes: [
    { id: 'recurrent-schemes', amount: '39721000' },
    { id: 'other-revenue', amount: '13358000' },
    { id: 'capital', amount: '1844000' },
  ],
  unit: '1000',
};

export function renderFinanceDemo(): string {
  const methods: [string, EnvelopeMethod][] = [
    ['historic', { kind: 'historic' }],
    ['capitation', { kind: 'capitation' }],
    ['blend 70/30', { kind: 'blend', historicShare: 0.7 }],
    ['pace 20%, max 5%', { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0.2, maxChange: 0.05 }],
  ];
  const results = methods.map(([, method]) =>
    allocateEnvelopes({ total: '1200000000.00', method, segments: leedsSegments, topSlices: [{ id: 'contingency', percent: 0.5 }, { id: 'planned-care', amount: '30000000.00' }, { id: 'same-day-response', amount: '20000000.00' }] }),
  );
  const width = Math.max(...leedsSegments.map((s) => s.id.length));
  const lines = ['£1.2bn across the nine Leeds segments (ILLUSTRATIVE populations and spends)', ''];
  lines.push(['segment'.padEnd(width), ...methods.map(([name]) => name.padStart(18))].join(' '));
  leedsSegments.forEach((s, i) => lines.push([s.id.padEnd(width), ...results.map((r) => `${r.envelopes[i]!.amount}${r.envelopes[i]!.constraint === null ? ' ' : '*'}`.padStart(18))].join(' ')));
  for (const slice of results[0]!.topSlices) lines.push([`top slice: ${slice.id}`.padEnd(width), ...results.map((r) => (r.topSlices.find((t) => t.id === slice.id)?.amount ?? '').padStart(18))].join(' '));
  lines.push(['balances to the total'.padEnd(width), ...results.map((r) => String(r.checks.balances).padStart(18))].join(' '));
  lines.push('* held at a floor or cap', '');
  const pool = allocatePooled(leedsBcf2015);
  lines.push('Leeds Better Care Fund 2015/16: £54,923,000 pooled, contributor x envelope, rounded to £1,000; rows and columns balance:');
  lines.push([''.padEnd(26), ...leedsBcf2015.envelopes.map((e) => e.id.padStart(18))].join(' '));
  pool.matrix.forEach((row, i) => lines.push([leedsBcf2015.contributions[i]!.id.padEnd(26), ...row.map((c) => c.padStart(18))].join(' ')));
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(renderFinanceDemo());
}
