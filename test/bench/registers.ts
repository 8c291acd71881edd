/**
 * Registers benchmark: `npm run bench:registers`. REGISTERS_SIZE synthetic people (default
 * 1,000,000) with their coded events (`syntheticEvents` with REGISTERS_NOISE rounds of noise,
 * default 16: about twenty events a person, twenty million in all), every built-in register
 * (REGISTERS_PATHS=batch or stream runs only paths 1 and 2 or only path 3):
 *
 * 1. `deriveMarkers` over the events in memory;
 * 2. DuckDB running the SQL `registersToSql` writes, on one thread and on two (loading the
 *    tables is timed apart and not counted);
 * 3. `deriveMarkerStream` over events and people made as they are read, at a tenth of the size
 *    and at the full size, with the peak heap of each: the stream's memory should not grow with
 *    the number of people.
 *
 * Prints one table of events per second. Target: the TypeScript path at least as fast as
 * single-threaded DuckDB on the same events, and the stream's peak memory independent of the
 * number of people. TypeScript and DuckDB must give the same number of marker rows, or the script
 * fails. The stream makes its events a thousand people at a time, each batch from its own seed, so
 * its events (and markers) are not the same as the other two paths': that it equals
 * `deriveMarkers` is tested in test/registers/properties/stream.property.test.ts.
 */
import { BUILT_IN_REGISTERS, codelistRows, deriveMarkers, deriveMarkerStream, registersToSql, syntheticCodelists, syntheticEvents, type CodedEvent } from 'phm-kit/registers';
import { syntheticPeople, syntheticPopulation, type Person } from 'phm-kit/segmentation';
import { openEventsDb } from '../../examples/duckdb-events.js';

const SIZE = Number(process.env.REGISTERS_SIZE ?? 1_000_000);
const NOISE = Number(process.env.REGISTERS_NOISE ?? 16);
const ASOF = '2025-03-31';
const SEED = 2025;
const count = (n: number) => Math.round(n).toLocaleString('en-GB');
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

const PATHS = process.env.REGISTERS_PATHS ?? 'all';
if (!['all', 'batch', 'stream'].includes(PATHS)) throw new Error(`REGISTERS_PATHS must be all, batch or stream, not ${PATHS}`);

console.log(`Registers: ${count(SIZE)} synthetic people, noise ${NOISE}, ${BUILT_IN_REGISTERS.length} built-in registers, ${ASOF}; Node ${process.version}`);

interface BatchRuns {
  events: number;
  tsSeconds: number;
  entries: number;
  loadSeconds: number;
  duck: { threads: number; seconds: number; rows: number }[];
}
// The events in memory live only inside this function, so that they are garbage before the
// stream runs: the stream's heap (and the collections that measure it) should not include them.
async function batchRuns(): Promise<BatchRuns> {
  const population = syntheticPopulation({ size: SIZE, seed: SEED, asOf: ASOF });
  const { events, codelists } = syntheticEvents({ people: population, seed: SEED, asOf: ASOF, noise: NOISE });
  const people = population.map((p) => ({ id: p.id, birthDate: p.birthDate }));
  console.log(`  ${count(events.length)} events (${(events.length / SIZE).toFixed(1)} a person)`);

  // 1. TypeScript, in memory.
  gc();
  let start = performance.now();
  const derived = deriveMarkers(events, BUILT_IN_REGISTERS, { asOf: ASOF, people, codelists });
  const tsSeconds = (performance.now() - start) / 1000;
  const entries = derived.people.reduce((n, p) => n + p.markers.length, 0);

  // 2. DuckDB, one thread and two.
  const duck: { threads: number; seconds: number; rows: number }[] = [];
  let loadSeconds = 0;
  for (const threads of [1, 2]) {
    const db = await openEventsDb(threads);
    try {
      start = performance.now();
      await db.load({ people, events, codelistCodes: codelistRows(codelists) });
      loadSeconds = (performance.now() - start) / 1000;
      const { sql } = registersToSql(BUILT_IN_REGISTERS, { dialect: 'duckdb', asOf: ASOF, codelists });
      start = performance.now();
      const reader = await db.connection.runAndReadAll(`SELECT COUNT(*) AS n FROM (${sql}) q`);
      const seconds = (performance.now() - start) / 1000;
      duck.push({ threads, seconds, rows: Number((reader.getRowObjectsJS()[0] as { n: bigint }).n) });
    } finally {
      db.close();
    }
  }
  for (const d of duck) if (d.rows !== entries) throw new Error(`DuckDB gave ${d.rows} marker rows on ${d.threads} thread(s), deriveMarkers ${entries}`);
  return { events: events.length, tsSeconds, entries, loadSeconds, duck };
}

// 3. The stream, at a tenth of the size and at the full size, made as it is read.
async function streamRun(size: number): Promise<{ seconds: number; making: number; events: number; peakHeap: number; entries: number }> {
  const lists = syntheticCodelists();
  // Two generators of the same seed make the same people: one feeds the people, the other the
  // events, each person's made when the stream reaches them (both sorted by id). Both are made
  // and yielded in batches of 1,000 people, as a database driver delivers pages of rows, so that
  // making them costs little beside the stream and holds little: what is measured is the stream.
  async function* inThousands(): AsyncGenerator<Person[]> {
    let chunk: Person[] = [];
    for await (const p of syntheticPeople({ size, seed: SEED, asOf: ASOF })) {
      chunk.push(p as Person);
      if (chunk.length === 1_000) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  async function* peopleSource() {
    for await (const chunk of inThousands()) yield chunk.map((p) => ({ id: p.id, birthDate: p.birthDate }));
  }
  async function* eventSource(): AsyncGenerator<CodedEvent[]> {
    let k = 0;
    for await (const chunk of inThousands()) yield syntheticEvents({ people: chunk, seed: SEED + k++, asOf: ASOF, noise: NOISE }).events as CodedEvent[];
  }
  // Time spent making the rows (inside the sources' `next`) is timed apart and not counted.
  let making = 0;
  async function* timed<T>(rows: AsyncIterable<T>): AsyncGenerator<T> {
    const it = rows[Symbol.asyncIterator]();
    for (;;) {
      const t = performance.now();
      const r = await it.next();
      making += performance.now() - t;
      if (r.done === true) return;
      yield r.value;
    }
  }
  gc();
  const base = process.memoryUsage().heapUsed;
  let peakHeap = 0;
  let n = 0;
  const every = Math.max(1, Math.min(5_000, Math.floor(size / 20)));
  let total = 0;
  // The collections that measure the heap are timed apart and not counted either.
  let collecting = 0;
  const t0 = performance.now();
  const stream = deriveMarkerStream(timed(eventSource()), BUILT_IN_REGISTERS, { asOf: ASOF, codelists: lists, people: timed(peopleSource()) });
  for await (const person of stream.people) {
    total += person.markers.length;
    // Live heap, after a collection, every 5,000 people (at least twenty times a run): garbage
    // not yet collected is not held.
    if (++n % every === 0) {
      const g = performance.now();
      gc();
      collecting += performance.now() - g;
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - base);
    }
  }
  return { seconds: (performance.now() - t0 - making - collecting) / 1000, making: (making + collecting) / 1000, events: stream.summary().events.total, peakHeap, entries: total };
}
const batch = PATHS === 'stream' ? undefined : await batchRuns();
const small = PATHS === 'batch' ? undefined : await streamRun(Math.max(1, Math.floor(SIZE / 10)));
const full = PATHS === 'batch' ? undefined : await streamRun(SIZE);

const rate = (n: number, s: number) => `${count(n / s)}/s`;
const rows: [string, number, number, string][] = [];
if (batch !== undefined) {
  rows.push(['deriveMarkers (TypeScript, in memory)', batch.tsSeconds, batch.events, '']);
  for (const d of batch.duck) rows.push([`DuckDB, generated SQL, ${d.threads} thread${d.threads === 1 ? '' : 's'}`, d.seconds, batch.events, `(load ${batch.loadSeconds.toFixed(1)} s not counted)`]);
}
for (const [label, run] of [[count(Math.floor(SIZE / 10)), small], [count(SIZE), full]] as const) {
  if (run !== undefined) rows.push([`deriveMarkerStream, ${label} people`, run.seconds, run.events, `${count(run.entries)} marker entries, peak heap ${mib(run.peakHeap)} (making rows and measuring the heap ${run.making.toFixed(1)} s not counted)`]);
}
console.log(`\n${'Path'.padEnd(44)}${'Seconds'.padStart(9)}${'Events'.padStart(13)}${'Events/s'.padStart(14)}`);
for (const [name, seconds, n, note] of rows) console.log(`${name.padEnd(44)}${seconds.toFixed(1).padStart(9)}${count(n).padStart(13)}${rate(n, seconds).padStart(14)}  ${note}`);
if (batch !== undefined) {
  const duck1 = batch.duck[0] as { seconds: number };
  console.log(`\nTarget, TypeScript at least as fast as DuckDB on one thread: ${batch.tsSeconds <= duck1.seconds ? 'met' : 'MISSED'} (${(duck1.seconds / batch.tsSeconds).toFixed(2)}x)`);
  console.log(`Marker entries: ${count(batch.entries)} (TypeScript = DuckDB on both thread counts)`);
}
if (small !== undefined && full !== undefined) {
  console.log(`Target, stream memory independent of people: peak live heap ${mib(small.peakHeap)} at a tenth, ${mib(full.peakHeap)} at full size: ${full.peakHeap <= small.peakHeap * 1.5 + 32 * 1024 ** 2 ? 'met' : 'MISSED'}`);
}
