/**
 * The main job: segment the embedded synthetic Leeds-like population with the Leeds 2024 model,
 * account for every row, and compare with Bridges to Health. Run with `npm run demo`.
 */
import { pathToFileURL } from 'node:url';
import { formatPath } from 'phm-kit';
import { bridgesToHealth, classify, leeds2024, overlap, segmentPopulation, syntheticPopulation, transitions } from 'phm-kit/segmentation';

export interface DemoOptions {
  readonly size?: number;
  readonly seed?: number;
  readonly asOf?: string;
}

const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const number = (n: number) => n.toLocaleString('en-GB');

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

/** Rows of the kind a real extract contains: each is rejected with its reason, never dropped. */
const FLAWED_ROWS: readonly unknown[] = [
  { id: 'X-001', birthDate: '1961-02-30', markers: [] },
  { id: 'X-002', birthDate: '1975-06-01', markers: [{ id: 'pregnancy', from: '2024-03-01', to: '2023-12-01' }] },
  { id: 'X-003', birthDate: '1990-01-01', markers: ['ltc-asthma'] },
  { id: 'X-003', birthDate: '1990-01-01', markers: [] },
  'not a person',
];

/** Builds the demo report as text (the tests read it; `npm run demo` prints it). */
export function renderDemo({ size = 100_000, seed = 2024, asOf = '2024-04-01' }: DemoOptions = {}): string {
  const people = syntheticPopulation({ size, seed, asOf });
  const result = segmentPopulation([...people, ...FLAWED_ROWS], leeds2024, { asOf });
  const assigned = result.assignments.length;
  const out: string[] = [];

  out.push(`phm-kit demo: ${number(size)} synthetic Leeds-like people (seed ${seed}) and ${FLAWED_ROWS.length} flawed rows, evaluated on ${asOf}`, '');
  out.push(`Model: ${leeds2024.label}`);
  out.push(
    ...table([
      ['Segment', 'People', 'Share', 'In IMD decile 1'],
      ...leeds2024.segments.map((s) => {
        const n = result.counts.bySegment[s.id] ?? 0;
        const deprived = result.counts.mostDeprived.bySegment[s.id];
        return [s.label, number(n), percent(n, assigned), deprived?.share == null ? '-' : percent(deprived.count, deprived.withDecile)];
      }),
      ['Everyone assigned', number(assigned), '100.0%', percent(result.counts.mostDeprived.count, result.counts.mostDeprived.withDecile)],
    ]),
  );

  const excludedBy = (reason: string) => result.excluded.filter((e) => e.reason === reason).length;
  out.push('', 'Every row accounted for:');
  out.push(`  ${number(result.total)} rows = ${number(assigned)} assigned + ${number(result.rejected.length)} rejected + ${number(result.excluded.length)} excluded (${number(excludedBy('deceased'))} deceased, ${number(excludedBy('not-yet-born'))} not yet born)`);
  for (const r of result.rejected) {
    const issue = r.issues[0];
    out.push(`  rejected row ${r.index}${r.id === undefined ? '' : ` (${r.id})`}: ${r.reason}, ${issue === undefined ? '' : `${formatPath(issue.path)}: ${issue.message}`}`);
  }

  const { pairs } = overlap(people, leeds2024, { asOf });
  out.push('', 'Where precedence decides (people meeting both rules; the first segment wins):');
  for (const pair of pairs.slice(0, 5)) out.push(`  ${pair.a} + ${pair.b}: ${number(pair.count)}`);

  const from = `${Number(asOf.slice(0, 4)) - 1}${asOf.slice(4)}`;
  const moves = transitions(people, leeds2024, { from, to: asOf });
  out.push('', `Movement between segments, ${from} to ${asOf}:`);
  out.push(`  ${number(moves.moved)} of ${number(moves.stayedInPopulation)} people changed segment; ${number(Object.values(moves.entered).reduce((a, b) => a + b, 0))} were born; ${number(Object.values(moves.left).reduce((a, b) => a + b, 0))} died`);

  const b2h = segmentPopulation(people, bridgesToHealth, { asOf });
  out.push('', `The same people in ${bridgesToHealth.label}:`);
  out.push(...table([['Segment', 'People', 'Share'], ...bridgesToHealth.segments.map((s) => [s.label, number(b2h.counts.bySegment[s.id] ?? 0), percent(b2h.counts.bySegment[s.id] ?? 0, b2h.assignments.length)])]));

  const example = classify({ id: 'example', birthDate: '1938-05-04', markers: ['frailty-severe', 'ltc-copd', 'ltc-diabetes'] }, leeds2024, { asOf });
  out.push('', 'One person explained (born 1938, severe frailty, COPD, diabetes):');
  out.push(`  segment ${example.segment}; matched ${example.matched.join(', ')}; sub-segments ${example.subsegments.join(', ') || 'none'}`);
  out.push(`  reason: ${example.reason}`);
  return out.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(renderDemo());
}
