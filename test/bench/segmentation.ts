/**
 * Segmentation benchmark: `npm run bench`. Classifies one million synthetic people and prints,
 * in one run, persons per second for the validated `segmentPopulation` path, the compiled
 * classifier over pre-validated records, and a naive hand-written if/else baseline.
 * Targets (docs/performance.md): validated path >= 2,000,000 people/s; compiled path at least
 * as fast as the naive baseline (ratio >= 1.0).
 */
import { lookBackStart } from 'phm-kit';
import { compileClassifier, leeds2024, LONG_TERM_CONDITION_IDS, segmentPopulation, syntheticPopulation, type Person } from 'phm-kit/segmentation';

const SIZE = Number(process.env.BENCH_SIZE ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ASOF = '2024-04-01';

/** What a developer would write by hand for the Leeds 2024 model: no rules as data. */
function naiveLeeds2024(person: Person, asOf: string, postnatalStart: string): string {
  const activeBetween = (id: string, start: string) =>
    person.markers.some((m) =>
      typeof m === 'string' ? m === id : m.id === id && (m.from === undefined || m.from <= asOf) && (m.to === undefined || m.to >= start),
    );
  const active = (id: string) => activeBetween(id, asOf);
  // Plain arithmetic, not the library's checked ageOn: the baseline must not pay for validation.
  const birth = person.birthDate;
  const age = Number(asOf.slice(0, 4)) - Number(birth.slice(0, 4)) - (asOf.slice(5) < birth.slice(5) ? 1 : 0);
  if (active('end-of-life')) return 'end-of-life';
  if (activeBetween('pregnancy', postnatalStart)) return 'maternity';
  if (age < 18) return 'children-and-young-people';
  if (active('frailty-moderate') || active('frailty-severe')) return 'frailty';
  if (active('cancer')) return 'cancer';
  if (active('learning-disability') || active('autism') || active('adhd')) return 'learning-disability-neurodiversity';
  if (active('serious-mental-illness')) return 'serious-mental-illness';
  if (LONG_TERM_CONDITION_IDS.some(active) || active('dementia')) return 'long-term-conditions';
  return 'healthy-adults';
}

function measure(label: string, run: () => number): number {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const checksum = run();
    const seconds = (performance.now() - start) / 1000;
    if (checksum < 0) throw new Error('unreachable');
    rates.push(SIZE / seconds);
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] as number;
  console.log(`${label.padEnd(44)} ${Math.round(median).toLocaleString('en-GB').padStart(12)} people/s  (median of ${ROUNDS}; best ${Math.round(rates.at(-1) as number).toLocaleString('en-GB')})`);
  return median;
}

const generated = performance.now();
const people = syntheticPopulation({ size: SIZE, seed: 2024, asOf: ASOF });
// The synthetic population includes about 1% who died before ASOF; the classifier paths only
// see the living, as segmentPopulation would give them.
const living = people.filter((p) => p.deathDate === undefined || p.deathDate > ASOF);
console.log(`Generated ${SIZE.toLocaleString('en-GB')} synthetic people in ${((performance.now() - generated) / 1000).toFixed(1)} s (${living.length.toLocaleString('en-GB')} alive on ${ASOF}); Node ${process.version}`);

const classifier = compileClassifier(leeds2024, { asOf: ASOF });
const postnatalStart = lookBackStart(ASOF, { days: 42 });
const ids = leeds2024.segments.map((s) => s.id);
const disagreements = living.filter((p) => ids[classifier.segmentIndex(p)] !== naiveLeeds2024(p, ASOF, postnatalStart)).length;
if (disagreements > 0) throw new Error(`The compiled classifier and the naive baseline disagree on ${disagreements} people`);

const validated = measure('validated path (segmentPopulation)', () => segmentPopulation(people, leeds2024, { asOf: ASOF }).assignments.length);
const compiledIndex = measure('compiled path: segment only (segmentIndex)', () => {
  let sum = 0;
  for (const p of living) sum += classifier.segmentIndex(p);
  return sum;
});
const compiledFull = measure('compiled path: full classification', () => {
  let sum = 0;
  for (const p of living) sum += classifier.classify(p).matched.length;
  return sum;
});
const naive = measure('naive if/else baseline (segment only)', () => {
  let sum = 0;
  for (const p of living) sum += naiveLeeds2024(p, ASOF, postnatalStart).length;
  return sum;
});

const ratio = compiledIndex / naive;
console.log('');
console.log(`validated path: ${(validated / 1e6).toFixed(2)} M people/s, target >= 2.00 M: ${validated >= 2e6 ? 'met' : `MISSED by ${((1 - validated / 2e6) * 100).toFixed(0)}%`}`);
console.log(`compiled / naive (like for like, segment only): ${ratio.toFixed(2)}, target >= 1.00: ${ratio >= 1 ? 'met' : 'MISSED'}`);
console.log(`compiled full classification / naive: ${(compiledFull / naive).toFixed(2)} (also builds matched, sub-segments and reason)`);

// Memory: what a segmentPopulation result keeps alive, measured between forced collections
// (the script runs with --expose-gc; without it this line is skipped).
const collect = (globalThis as { gc?: () => void }).gc;
if (collect !== undefined) {
  collect();
  const before = process.memoryUsage().heapUsed;
  const kept = segmentPopulation(people, leeds2024, { asOf: ASOF });
  collect();
  const bytes = process.memoryUsage().heapUsed - before;
  console.log(`a segmentPopulation result for ${SIZE.toLocaleString('en-GB')} rows retains ${(bytes / 2 ** 20).toFixed(0)} MiB (${Math.round(bytes / kept.total)} bytes per row)`);
}
