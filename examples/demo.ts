/**
 * Segment a population.
 *
 * Puts a synthetic Leeds-like population into the nine Leeds 2024 segments, accounts for every
 * row (assigned, rejected with a reason, or excluded), shows where the order of the segments
 * decides, how people moved between segments in a year, and the same people in Bridges to
 * Health. Everything is synthetic and seeded, so every run prints the same text.
 *
 * Run it with `npm run demo`, `npx tsx examples/demo.ts`, or ts-node (docs/examples.md).
 * Try another population: `npx tsx examples/demo.ts 2000 7` (2,000 people, seed 7).
 */
import { formatPath } from 'phm-kit';
import { bridgesToHealth, classify, leeds2024, overlap, segmentPopulation, syntheticPopulation, transitions } from 'phm-kit/segmentation';

// Formatting helpers: whole numbers as 12,345 and shares as 12.3%, and a text table with the
// first column left-aligned and the others right-aligned.
const number = (n: number) => n.toLocaleString('en-GB');
const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const table = (rows: readonly (readonly string[])[]) => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
};

// 1. The population. A real extract would come from a GP or linked data set; here the embedded
//    generator makes a Leeds-like one: ages, sex, deprivation deciles, deaths, and dated
//    markers for conditions such as frailty, COPD or pregnancy. The evaluation date `asOf` is
//    the day on which ages are counted and markers are active or not.
const [size = 100_000, seed = 2024] = process.argv.slice(2).map(Number);
const asOf = '2024-04-01';
const people = syntheticPopulation({ size, seed, asOf });

// Real extracts also hold broken rows. These six are typical: an impossible birth date, a
// marker that ends before it starts, the same id twice, a row that is not a record at all, and
// markers misspelt or differently cased (the person is segmented, and the ids are reported).
const flawedRows: readonly unknown[] = [
  { id: 'X-001', birthDate: '1961-02-30', markers: [] },
  { id: 'X-002', birthDate: '1975-06-01', markers: [{ id: 'pregnancy', from: '2024-03-01', to: '2023-12-01' }] },
  { id: 'X-003', birthDate: '1990-01-01', markers: ['ltc-asthma'] },
  { id: 'X-003', birthDate: '1990-01-01', markers: [] },
  'not a person',
  { id: 'X-004', birthDate: '1950-03-03', markers: ['LTC-COPD', 'ltc-asthmaa'] },
];
console.log(`phm-kit demo: ${number(size)} synthetic Leeds-like people (seed ${seed}) and ${flawedRows.length} flawed rows, evaluated on ${asOf}`);

// 2. Segment everyone with the Leeds 2024 model. Each living person lands in exactly one of
//    the nine segments: the first whose rule they meet, in the model's order of precedence.
//    The table shows how many people each segment holds and what share of them live in the
//    most deprived tenth of areas (IMD decile 1).
const result = segmentPopulation([...people, ...flawedRows], leeds2024, { asOf });
const assigned = result.assignments.length;
console.log(`\nModel: ${leeds2024.label}`);
console.log(
  table([
    ['Segment', 'People', 'Share', 'In IMD decile 1'],
    ...leeds2024.segments.map((s) => {
      const n = result.counts.bySegment[s.id] ?? 0;
      const deprived = result.counts.mostDeprived.bySegment[s.id];
      return [s.label, number(n), percent(n, assigned), deprived?.share == null ? '-' : percent(deprived.count, deprived.withDecile)];
    }),
    ['Everyone assigned', number(assigned), '100.0%', percent(result.counts.mostDeprived.count, result.counts.mostDeprived.withDecile)],
  ]),
);

// 3. Every row accounted for. Nothing is dropped silently: a row is assigned a segment,
//    rejected (with the reason and the field at fault), or excluded (died, or not yet born, on
//    the evaluation date).
const excludedBy = (reason: string) => result.excluded.filter((e) => e.reason === reason).length;
console.log('\nEvery row accounted for:');
console.log(`  ${number(result.total)} rows = ${number(assigned)} assigned + ${number(result.rejected.length)} rejected + ${number(result.excluded.length)} excluded (${number(excludedBy('deceased'))} deceased, ${number(excludedBy('not-yet-born'))} not yet born)`);
for (const r of result.rejected) {
  const issue = r.issues[0];
  console.log(`  rejected at position ${r.index}${r.id === undefined ? '' : ` (${r.id})`}: ${r.reason}, ${issue === undefined ? '' : `${formatPath(issue.path)}: ${issue.message}`}`);
}
for (const u of result.unknownMarkers) {
  console.log(`  unknown marker '${u.id}' on ${number(u.count)} ${u.count === 1 ? 'entry' : 'entries'}: no rule reads it${u.suggestion === undefined ? '' : ` (did you mean '${u.suggestion}'?)`}`);
}

// 4. Where precedence decides. Many people meet more than one segment's rule (frailty and a
//    long-term condition, say); the model's order puts them in the first. `overlap` counts each
//    pair of segments whose rules people meet together: the five largest pairs are shown.
const { pairs } = overlap(people, leeds2024, { asOf });
console.log('\nWhere precedence decides (people meeting both rules; the first segment wins):');
for (const pair of pairs.slice(0, 5)) console.log(`  ${pair.a} + ${pair.b}: ${number(pair.count)}`);

// 5. Movement over a year. Segmenting the same people a year earlier and comparing says how
//    many changed segment, and how many entered (were born) or left (died) in between. This
//    population has no registration dates; with them (`turnover` in syntheticPopulation, or an
//    extract's registration columns), `registered` and `deregistered` count the list's turnover.
const yearBefore = `${Number(asOf.slice(0, 4)) - 1}${asOf.slice(4)}`;
const moves = transitions(people, leeds2024, { from: yearBefore, to: asOf });
const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);
console.log(`\nMovement between segments, ${yearBefore} to ${asOf}:`);
console.log(`  ${number(moves.moved)} of ${number(moves.stayedInPopulation)} people changed segment; ${number(sum(moves.born))} were born; ${number(sum(moves.died))} died`);

// 6. Another model, the same people. Bridges to Health is NHS England's segmentation; the same
//    records go through it unchanged.
const b2h = segmentPopulation(people, bridgesToHealth, { asOf });
console.log(`\nThe same people in ${bridgesToHealth.label}:`);
console.log(
  table([
    ['Segment', 'People', 'Share'],
    ...bridgesToHealth.segments.map((s) => [s.label, number(b2h.counts.bySegment[s.id] ?? 0), percent(b2h.counts.bySegment[s.id] ?? 0, b2h.assignments.length)]),
    ['Everyone assigned', number(b2h.assignments.length), '100.0%'],
  ]),
);
// Every result carries the person's national condition flags, whatever their segment, and the
// maternal health flag, which sits beside the hierarchy.
const byConditions = b2h.counts.byConditionCount.map((b) => `${b.conditions}: ${percent(b.total, b2h.assignments.length)}`).join(', ');
console.log(`  people by number of national conditions: ${byConditions}`);
console.log(`  maternal health (beside the hierarchy): ${number(b2h.counts.byOverlay.find((o) => o.overlay === 'maternal-health')?.total ?? 0)}`);

// 7. One person explained. `classify` segments a single record and says why: every segment
//    rule the person meets, the sub-segments within their segment, and the rule that placed them.
const example = classify({ id: 'example', birthDate: '1938-05-04', markers: ['frailty-severe', 'ltc-copd', 'ltc-diabetes'] }, leeds2024, { asOf });
console.log('\nOne person explained (born 1938, severe frailty, COPD, diabetes):');
console.log(`  segment ${example.segment}; matched ${example.matched.join(', ')}; sub-segments ${example.subsegments.join(', ') || 'none'}`);
console.log(`  reason: ${example.reason}`);
