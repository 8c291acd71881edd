/**
 * Segment in a warehouse.
 *
 * One model, four engines, one answer: the Leeds 2024 segmentation of a synthetic population
 * done by `segmentPopulation` over records, by `toSql`'s query inside an embedded DuckDB, by the
 * columnar path over typed arrays, and by a stream in batches. The segment counts must agree
 * exactly; the script says so, or fails. DuckDB (`@duckdb/node-api`) is a dev dependency of
 * phm-kit, so this example needs it installed beside phm-kit; ./duckdb-tables.ts loads people
 * into it.
 *
 * Run it with `npm run demo:warehouse`, `npx tsx examples/warehouse.ts`, or ts-node
 * (docs/examples.md). Name a dialect to print the SQL that `toSql` writes for it instead:
 * `npx tsx examples/warehouse.ts tsql` (or ansi, postgresql, duckdb, spark).
 */
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

const size = 50_000;
const seed = 2024;
const asOf = '2024-04-01';
const number = (n: number) => n.toLocaleString('en-GB');

async function main(): Promise<void> {
  // 0. The population: 50,000 synthetic Leeds-like people, the same on every run.
  const people = syntheticPopulation({ size, seed, asOf });
  console.log(`${leeds2024.label} on ${number(size)} synthetic people, ${asOf}\n`);

  // 1. Records: each person validated and segmented in memory. This is the reference answer.
  const records = segmentPopulation(people, leeds2024, { asOf });

  // 2. SQL inside the database. The same people go into two tables (one row per person, one per
  //    marker), and `toSql` writes one query that segments them where they are: DuckDB runs it,
  //    and we count the assigned rows by segment. In a real warehouse you would run the query
  //    in your own database, in its dialect.
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

  // 3. Columns: birth days and marker days in typed arrays, one small integer segment code per
  //    person out. The fastest path, for millions of people.
  const columns = personColumns(people, { asOf, markers: markersReadBy(leeds2024) });
  const columnar = segmentColumns(columns, leeds2024, { asOf });

  // 4. A stream: the same people generated one at a time and segmented in batches of 10,000,
  //    never all in memory at once. Each batch carries the running totals so far.
  let streamCounts: Readonly<Record<string, number>> = {};
  let batches = 0;
  for await (const batch of segmentStream(syntheticPeople({ size, seed, asOf }), leeds2024, { asOf, batchSize: 10_000 })) {
    streamCounts = batch.counts.bySegment;
    batches++;
  }

  // 5. Compare: one row per segment, one column per engine. Any disagreement is an error.
  const engines = [
    ['segmentPopulation', records.counts.bySegment],
    ['toSql in DuckDB', sqlCounts],
    ['segmentColumns', columnar.counts.bySegment],
    [`segmentStream (${batches} batches)`, streamCounts],
  ] as const;
  const ids = leeds2024.segments.map((s) => s.id);
  const header = ['Segment', ...engines.map(([name]) => name)];
  const table = [header, ...ids.map((id) => [id, ...engines.map(([, counts]) => number(counts[id] ?? 0))])];
  const widths = header.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));

  const disagreements = ids.filter((id) => engines.some(([, counts]) => (counts[id] ?? 0) !== (records.counts.bySegment[id] ?? 0)));
  if (disagreements.length > 0) throw new Error(`The engines disagree on ${disagreements.join(', ')}`);
  console.log(`\nAll four agree on every segment: ${number(records.assignments.length)} assigned, ${number(records.excluded.length)} excluded.`);
}

// With a dialect named on the command line, print that dialect's SQL (with a column per segment
// rule, `flags`) and stop; otherwise run the comparison. Any error exits with a non-zero code.
const dialect = process.argv[2];
if (dialect !== undefined) {
  console.log(toSql(leeds2024, { dialect: SqlDialectSchema.parse(dialect), asOf, flags: true }).sql);
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
