/**
 * Streaming benchmark: `npm run bench:stream` (node --expose-gc --import tsx test/bench/stream.ts).
 * Streams STREAM_SIZE synthetic people (default 57,000,000, about England's registered
 * population) through `segmentStream` with `leeds2024` on 2024-04-01, reading each batch's
 * totals and dropping its lists, and prints wall time, people per second and peak memory
 * against the target of under 1 GiB. People are made as they are read (`syntheticPeople`),
 * so nothing but the stream's own state is held: what is measured is the stream's footprint.
 * STREAM_BATCH sets the batch size (default: the stream's own, 10,000).
 */
import { leeds2024, segmentStream, syntheticPeople, type StreamBatch } from 'phm-kit/segmentation';

const SIZE = Number(process.env.STREAM_SIZE ?? 57_000_000);
const BATCH = process.env.STREAM_BATCH === undefined ? undefined : Number(process.env.STREAM_BATCH);
const ASOF = '2024-04-01';
const TARGET_BYTES = 1024 ** 3;

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const count = (n: number) => Math.round(n).toLocaleString('en-GB');

// Collect what start-up left behind, so the peak is the stream's and not tsx's.
(globalThis as { gc?: () => void }).gc?.();
let peakRss = process.memoryUsage().rss;
let peakHeap = process.memoryUsage().heapUsed;
const startRss = peakRss;

const people = syntheticPeople({ size: SIZE, seed: 2024, asOf: ASOF });
const options = BATCH === undefined ? { asOf: ASOF } : { asOf: ASOF, batchSize: BATCH };
console.log(`Streaming ${count(SIZE)} synthetic people through segmentStream (leeds2024, ${ASOF}, batch ${count(BATCH ?? 10_000)}); Node ${process.version}`);

const start = performance.now();
let last: StreamBatch | undefined;
let batches = 0;
let listed = 0;
let nextReport = 10_000_000;
for await (const batch of segmentStream(people, leeds2024, options)) {
  // Read the lists as a consumer would, then let them go with the batch.
  listed += batch.assignments.length + batch.rejected.length + batch.excluded.length;
  batches++;
  last = batch;
  const { rss, heapUsed } = process.memoryUsage();
  if (rss > peakRss) peakRss = rss;
  if (heapUsed > peakHeap) peakHeap = heapUsed;
  if (batch.totals.read >= nextReport) {
    const seconds = (performance.now() - start) / 1000;
    console.log(`  ${count(batch.totals.read).padStart(12)} read  ${seconds.toFixed(0).padStart(5)} s  rss ${mib(rss)}  heap ${mib(heapUsed)}`);
    nextReport += 10_000_000;
  }
}
const seconds = (performance.now() - start) / 1000;
const maxRssBytes = process.resourceUsage().maxRSS * 1024;

if (last === undefined) throw new Error('The stream yielded no batch');
const { totals } = last;
if (totals.read !== SIZE || listed !== SIZE || totals.assigned + totals.rejected + totals.excluded !== SIZE) {
  throw new Error(`Rows unaccounted for: read ${totals.read}, listed ${listed}, of ${SIZE}`);
}
const bySegment = Object.values(last.counts.bySegment).reduce((a, b) => a + b, 0);
if (bySegment !== totals.assigned) throw new Error(`Counts (${bySegment}) disagree with assignments (${totals.assigned})`);

const peak = Math.max(peakRss, maxRssBytes);
console.log(`Read ${count(totals.read)} rows in ${count(batches)} batches: ${count(totals.assigned)} assigned, ${count(totals.rejected)} rejected, ${count(totals.excluded)} excluded`);
console.log(`Wall time        ${seconds.toFixed(1)} s`);
console.log(`Rate             ${count(SIZE / seconds)} people/s (generation included)`);
console.log(`Peak RSS         ${mib(peakRss)} sampled per batch (${mib(startRss)} at start); maxRSS ${mib(maxRssBytes)} (process.resourceUsage)`);
console.log(`Peak heap used   ${mib(peakHeap)} sampled per batch`);
console.log(`Target           peak RSS < ${mib(TARGET_BYTES)}: ${peak < TARGET_BYTES ? 'met' : 'MISSED'} (${mib(peak)})`);
console.log(`Most deprived    ${((last.counts.mostDeprived.share ?? 0) * 100).toFixed(1)}% in IMD decile 1`);
