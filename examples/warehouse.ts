/**
 * One model, four engines, one answer: the Leeds 2024 segmentation of the embedded synthetic
 * population done by `segmentPopulation`, by `toSql`'s query inside an embedded DuckDB, by the
 * columnar path over typed arrays, and by a stream in batches. The segment counts must agree
 * exactly; the script says so, or throws. Run with `npm run demo:warehouse` (add a dialect to
 * print that dialect's SQL: `npm run demo:warehouse -- tsql`).
 */
import { pathToFileURL } from 'node:url';
import {
  leeds2024,
  markersReadBy,
  personColumns,
  segmentColumns,
  segmentPopulation,
  segmentStream,
  SqlDialectSchema,
  syntheticPeople,
  syntheticPopulation,
  toSql,
} from 'phm-kit/segmentation';
import { openDuckDb, tablesOf } from './duckdb-tables.js';

export interface WarehouseOptions {
  readonly size?: number;
  readonly seed?: number;
  readonly asOf?: string;
}

const number = (n: number) => n.toLocaleString('en-GB');

export async function renderWarehouse({ size = 50_000, seed = 2024, asOf = '2024-04-01' }: WarehouseOptions = {}): Promise<string> {
  const people = syntheticPopulation({ size, seed, asOf });
  const ids = leeds2024.segments.map((s) => s.id);
  const out: string[] = [`${leeds2024.label} on ${number(size)} synthetic people, ${asOf}`, ''];

  // 1. Records, validated: the reference.
  const records = segmentPopulation(people, leeds2024, { asOf });

  // 2. SQL inside the database: the same people in two tables, the query run by DuckDB.
  const db = await openDuckDb();
  let sqlCounts: Record<string, number>;
  try {
    await db.load(tablesOf(people));
    const { sql } = toSql(leeds2024, { dialect: 'duckdb', asOf });
    const rows = await db.rows(`SELECT segment, COUNT(*) AS n FROM (\n${sql}\n) AS s WHERE status = 'assigned' GROUP BY segment`);
    sqlCounts = Object.fromEntries(rows.map((r) => [r.segment as string, Number(r.n)]));
  } finally {
    db.close();
  }

  // 3. Columns: day numbers and last-active days in typed arrays, Int16 segment codes out.
  const columns = personColumns(people, { asOf, markers: markersReadBy(leeds2024) });
  const columnar = segmentColumns(columns, leeds2024, { asOf });

  // 4. A stream: the same people generated one at a time, never all in memory.
  let streamCounts: Readonly<Record<string, number>> = {};
  let batches = 0;
  for await (const batch of segmentStream(syntheticPeople({ size, seed, asOf }), leeds2024, { asOf, batchSize: 10_000 })) {
    streamCounts = batch.counts.bySegment;
    batches++;
  }

  const engines = [
    ['segmentPopulation', records.counts.bySegment],
    ['toSql in DuckDB', sqlCounts],
    ['segmentColumns', columnar.counts.bySegment],
    [`segmentStream (${batches} batches)`, streamCounts],
  ] as const;
  const header = ['Segment', ...engines.map(([name]) => name)];
  const rows = [header, ...ids.map((id) => [id, ...engines.map(([, counts]) => number(counts[id] ?? 0))])];
  const widths = header.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  out.push(...rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  ')));

  const disagreements = ids.filter((id) => engines.some(([, counts]) => (counts[id] ?? 0) !== (records.counts.bySegment[id] ?? 0)));
  if (disagreements.length > 0) throw new Error(`The engines disagree on ${disagreements.join(', ')}`);
  out.push('', `All four agree on every segment: ${number(records.assignments.length)} assigned, ${number(records.excluded.length)} excluded.`);
  return out.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dialect = process.argv[2];
  if (dialect === undefined) console.log(await renderWarehouse());
  else console.log(toSql(leeds2024, { dialect: SqlDialectSchema.parse(dialect), asOf: '2024-04-01', flags: true }).sql);
}
