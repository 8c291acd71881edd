/**
 * DuckDB running toSql's generated query over the same synthetic people as the other benchmark
 * rows: loaded once (not timed), then the query timed on one thread and on every core. The query
 * is wrapped in a GROUP BY so that the time is DuckDB's, not the cost of moving rows into
 * JavaScript. Both the whole query and its classification step alone are timed.
 */
import { cpus } from 'node:os';
import { toSql, type Person, type SegmentationModel } from 'phm-kit/segmentation';
import { openDuckDb, tablesOf } from '../../examples/duckdb-tables.js';

export interface DuckDbTimings {
  /** Seconds of each timed run, keyed `query:<threads>` (the whole query) or `classification:<threads>` (its final step). */
  readonly seconds: ReadonlyMap<string, readonly number[]>;
  /** People per segment index, to check against the classifier. */
  readonly counts: readonly number[];
}

export async function benchDuckDb(people: readonly Person[], model: SegmentationModel, asOf: string, rounds: number): Promise<DuckDbTimings> {
  const db = await openDuckDb();
  const connection = db.connection;
  await db.load(tablesOf(people));

  const { sql } = toSql(model, { dialect: 'duckdb', asOf });
  const full = `SELECT segment_index, COUNT(*) AS n FROM (\n${sql}\n) AS s GROUP BY segment_index ORDER BY segment_index`;
  // The classification itself: the query's steps up to the per-person 0/1 marker columns are
  // materialised once (not timed), then only its final step, the CASE that picks the segment,
  // is timed, like for like with the columnar path, whose columns are built beforehand too.
  // Its steps are nested derived tables, indented two spaces a level: `t` (statuses and marker
  // columns per person) sits two levels in, and the step that picks the segment one level in.
  const lines = sql.split('\n');
  const evaluatedFrom = lines.findIndex((l) => l.startsWith('    SELECT t.*, '));
  const evaluatedTo = lines.indexOf('    ) AS t');
  await connection.run(`CREATE TABLE evaluated AS\n${lines.slice(evaluatedFrom, evaluatedTo + 1).join('\n')}`);
  const pick = (lines.find((l) => l.startsWith('  SELECT e.*, ')) as string).replace('e.*, ', '');
  const classification = `SELECT segment_index, COUNT(*) AS n FROM (\n${pick}\nFROM evaluated AS e\n) AS s GROUP BY segment_index ORDER BY segment_index`;
  const seconds = new Map<string, number[]>();
  let counts: number[] = [];
  for (const threads of [1, cpus().length]) {
    await connection.run(`SET threads = ${threads}`);
    for (const [what, query] of [['query', full], ['classification', classification]] as const) {
      const times: number[] = [];
      // Round 0 is a warm-up, as for the other paths, and is not timed.
      for (let round = 0; round <= rounds; round++) {
        const start = performance.now();
        const rows = (await connection.runAndReadAll(query)).getRowObjectsJS() as { segment_index: number | null; n: bigint | number }[];
        if (round > 0) times.push((performance.now() - start) / 1000);
        const found = model.segments.map((_, i) => Number(rows.find((r) => r.segment_index === i)?.n ?? 0));
        if (counts.length > 0 && JSON.stringify(found) !== JSON.stringify(counts)) throw new Error(`DuckDB's ${what} step counted ${found}, not ${counts}`);
        counts = found;
      }
      seconds.set(`${what}:${threads}`, times);
    }
  }
  db.close();
  return { seconds, counts };
}
