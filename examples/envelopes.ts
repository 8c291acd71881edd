/**
 * Allocate budget envelopes.
 *
 * Splits £1.2bn (NHS Leeds CCG's annual budget: NHS Leeds CCG Strategic Plan, 2018, "Where are
 * we now?") across the nine Leeds 2024 segments by four methods, after top slices, and shows the
 * Leeds Better Care Fund pool of 2015/16 (Leeds Health and Wellbeing Board papers, 27 March
 * 2014, BCF planning template, "Finance - Summary") split by contributor and envelope. All
 * money is exact decimal text, never floating point, and every allocation balances to the
 * penny. Segment populations and current spends are ILLUSTRATIVE: no document gives them.
 *
 * Run it with `npm run demo:finance`, `npx tsx examples/envelopes.ts`, or ts-node
 * (docs/examples.md).
 */
import { allocateEnvelopes, allocatePooled, formatMoney, type EnvelopeMethod } from 'phm-kit/finance';
import { leedsSegments } from './leeds-segments-input.js';

// 1. The segments: each one's population and current spend (examples/leeds-segments-input.ts).
//    Frailty has a floor: whatever the method, it keeps at least 95% of its current spend.

// 2. The methods. `historic` shares the money as it is spent now; `capitation` by head of
//    population; a blend takes 70% of the historic shares and 30% of the capitation shares;
//    pace of change moves each segment a fifth of the way from historic toward capitation, but
//    never by more than 5% of its historic amount in a year.
const methods: [string, EnvelopeMethod][] = [
  ['historic', { kind: 'historic' }],
  ['capitation', { kind: 'capitation' }],
  ['blend 70/30', { kind: 'blend', historicShare: 0.7 }],
  ['pace 20%, max 5%', { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: 0.2, maxChange: 0.05 }],
];

// 3. Allocate. Before the segments get anything, three top slices come off the total: a 0.5%
//    contingency reserve and two system-wide services. Each result says which segments were held
//    at a floor or cap, and checks that everything adds back up to the total.
const topSlices = [
  { id: 'contingency', percent: 0.5 },
  { id: 'planned-care', amount: '30000000.00' },
  { id: 'same-day-response', amount: '20000000.00' },
];
const results = methods.map(([, method]) => allocateEnvelopes({ total: '1200000000.00', method, segments: leedsSegments, topSlices }));

// 4. Print one column per method. Amounts are decimal strings; `formatMoney` writes them as
//    money for people to read. The last rows are the totals the library checks.
const width = Math.max(...leedsSegments.map((s) => s.id.length));
const row = (label: string, cells: readonly string[]) => console.log([label.padEnd(width), ...cells.map((c) => c.padStart(18))].join(' '));
console.log('£1.2bn across the nine Leeds segments (ILLUSTRATIVE populations and spends)\n');
row('segment', methods.map(([name]) => name));
leedsSegments.forEach((s, i) => row(s.id, results.map((r) => `${formatMoney(r.envelopes[i]!.amount)}${r.envelopes[i]!.constraint === null ? ' ' : '*'}`)));
row('envelopes in all', results.map((r) => `${formatMoney(r.checks.envelopesTotal)} `));
for (const slice of results[0]!.topSlices) row(`top slice: ${slice.id}`, results.map((r) => `${formatMoney(r.topSlices.find((t) => t.id === slice.id)?.amount ?? '0')} `));
row('total', results.map((r) => `${formatMoney(r.total)} `));
row('balances to the total', results.map((r) => `${String(r.checks.balances)} `));
console.log('* held at a floor or cap\n');

// 5. A pooled budget. The Leeds Better Care Fund of 2015/16 (Leeds Health and Wellbeing Board
//    papers, 27 March 2014, BCF planning template, "Finance - Summary"): four
//    organisations pay in, three envelopes spend it. `allocatePooled` says how much of each
//    contribution goes to each envelope, in whole £1,000s, so that every row sums to its
//    contribution and every column to its envelope.
const leedsBcf2015 = {
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
const pool = allocatePooled(leedsBcf2015);
console.log(`Leeds Better Care Fund 2015/16: ${formatMoney(pool.total)} pooled, contributor x envelope, rounded to £1,000; rows and columns balance:`);
const line = (label: string, cells: readonly string[]) => console.log([label.padEnd(26), ...cells.map((c) => c.padStart(18))].join(' '));
line('', [...leedsBcf2015.envelopes.map((e) => e.id), 'contribution']);
pool.matrix.forEach((cells, i) => line(leedsBcf2015.contributions[i]!.id, [...cells.map((c) => formatMoney(c)), formatMoney(leedsBcf2015.contributions[i]!.amount)]));
line('envelope', [...leedsBcf2015.envelopes.map((e) => formatMoney(e.amount)), formatMoney(pool.total)]);
