/**
 * Segmentation benchmark, the first half of `npm run bench`: Leeds 2024 over one million
 * synthetic people, one table from one run, people per second for
 * - the validated `segmentPopulation` path and the compiled classifier over checked records;
 * - a naive hand-written if/else over the records (the baseline for the compiled path);
 * - the columnar path (`segmentColumns`) and a hand-written loop over the same columns (the
 *   practical limit);
 * - DuckDB running `toSql`'s query over the same rows, on one thread and on every core;
 * - ingestion: `peopleFromRows` reading the same people as a wide table of 0/1 flag columns,
 *   every value a string as a CSV parser gives it, alone and followed by `segmentPopulation`.
 * Every path is first checked against the compiled classifier. Targets and recorded figures:
 * docs/benchmarks.md. The streaming run is test/bench/stream.ts.
 */
import { cpus } from 'node:os';
import { lookBackStart } from 'phm-kit';
import { benchDuckDb } from './duckdb.js';
import {
  CODE_DECEASED,
  compileClassifier,
  leeds2024,
  LONG_TERM_CONDITION_IDS,
  markersReadBy,
  NO_DAY,
  peopleFromRows,
  personColumns,
  segmentColumns,
  segmentPopulation,
  syntheticPopulation,
  type Person,
  type PersonColumns,
} from 'phm-kit/segmentation';

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

/** Day number of an ISO date (the bench's own arithmetic, not the library's). */
const epochDay = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/**
 * The practical limit for the columnar path: the Leeds 2024 rules hand-written over the same
 * columns, one row at a time, plain ifs in model order, stopping at the first that holds.
 */
function handWrittenColumns(columns: PersonColumns, asOf: string, postnatalStart: string, out: Int16Array): void {
  const m = columns.markers as Record<string, Int32Array>;
  const col = (id: string) => m[id] as Int32Array;
  const [eol, pregnancy, frailM, frailS, cancer, ld, autism, adhd, smi, dementia] = ['end-of-life', 'pregnancy', 'frailty-moderate', 'frailty-severe', 'cancer', 'learning-disability', 'autism', 'adhd', 'serious-mental-illness', 'dementia'].map(col) as Int32Array[] as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  const [l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14] = LONG_TERM_CONDITION_IDS.map(col) as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  const birth = columns.birthDay;
  const death = columns.deathDay as Int32Array;
  const now = epochDay(asOf);
  const postnatal = epochDay(postnatalStart);
  // Aged 18 or over on asOf iff born on or before the 18th birthday that falls on asOf.
  const adultBornBy = epochDay(`${String(Number(asOf.slice(0, 4)) - 18).padStart(4, '0')}${asOf.slice(4)}`);
  const none = NO_DAY; // an imported binding can be a getter under a loader: read it once
  const n = birth.length;
  for (let i = 0; i < n; i++) {
    const d = death[i] as number;
    let code: number;
    if (d !== none && d <= now) code = -1;
    else if ((eol[i] as number) >= now) code = 0;
    else if ((pregnancy[i] as number) >= postnatal) code = 1;
    else if ((birth[i] as number) > adultBornBy) code = 2;
    else if ((frailM[i] as number) >= now || (frailS[i] as number) >= now) code = 3;
    else if ((cancer[i] as number) >= now) code = 4;
    else if ((ld[i] as number) >= now || (autism[i] as number) >= now || (adhd[i] as number) >= now) code = 5;
    else if ((smi[i] as number) >= now) code = 6;
    else if (
      (l0[i] as number) >= now || (l1[i] as number) >= now || (l2[i] as number) >= now || (l3[i] as number) >= now || (l4[i] as number) >= now ||
      (l5[i] as number) >= now || (l6[i] as number) >= now || (l7[i] as number) >= now || (l8[i] as number) >= now || (l9[i] as number) >= now ||
      (l10[i] as number) >= now || (l11[i] as number) >= now || (l12[i] as number) >= now || (l13[i] as number) >= now || (l14[i] as number) >= now ||
      (dementia[i] as number) >= now
    ) code = 7;
    else code = 8;
    out[i] = code;
  }
}

/** Every measured path, in the order measured: the rows of the table printed at the end. */
const results: { label: string; rate: number; best: number; note: string }[] = [];

function record(label: string, rates: number[], note = ''): number {
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] as number;
  results.push({ label, rate: median, best: rates.at(-1) as number, note });
  console.log(`  measured: ${label}`);
  return median;
}

function measure(label: string, run: () => number, note = ''): number {
  // One untimed round first, so that every path is timed after the engine has compiled it.
  run();
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const checksum = run();
    const seconds = (performance.now() - start) / 1000;
    if (checksum < 0) throw new Error('unreachable');
    rates.push(SIZE / seconds);
  }
  return record(label, rates, note);
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
const naive = measure('naive hand-written if/else over records', () => {
  let sum = 0;
  for (const p of living) sum += naiveLeeds2024(p, ASOF, postnatalStart).length;
  return sum;
});

// Ingestion: the same people as a CSV extract gives them, one row each, every value a string:
// the person columns and one 0/1 flag column per marker the model reads (active on ASOF; for
// pregnancy, ended within the postnatal window too). First checked: the people read back
// segment exactly as the same people written by hand with those markers, undated.
const flagIds = markersReadBy(leeds2024);
const activeOn = (m: Person['markers'][number], id: string) =>
  typeof m === 'string' ? m === id : m.id === id && (m.from === undefined || m.from <= ASOF) && (m.to === undefined || m.to >= (id === 'pregnancy' ? postnatalStart : ASOF));
const sexCode = { male: '1', female: '2', indeterminate: '9', unknown: '0' } as const;
const wideRows = people.map((p) => {
  const row: Record<string, string> = { person_id: p.id, birth_date: p.birthDate, sex: p.sex === undefined ? '' : sexCode[p.sex], death_date: p.deathDate ?? '', imd_decile: p.imdDecile === undefined ? 'NA' : String(p.imdDecile), locality: p.locality ?? '' };
  for (const id of flagIds) row[`flag_${id}`] = p.markers.some((m) => activeOn(m, id)) ? '1' : '0';
  return row;
});
const wideMapping = { markers: Object.fromEntries(flagIds.map((id) => [id, { column: `flag_${id}` }])) };
const byHand = people.map((p) => ({ ...p, markers: flagIds.filter((id) => p.markers.some((m) => activeOn(m, id))) }));
const readBack = peopleFromRows(wideRows, wideMapping);
if (readBack.rejected.length > 0) throw new Error(`peopleFromRows rejected ${readBack.rejected.length} of the wide rows: ${JSON.stringify(readBack.rejected[0])}`);
const countsOf = (rows: readonly unknown[]) => JSON.stringify(segmentPopulation(rows, leeds2024, { asOf: ASOF }).counts.bySegment);
if (countsOf(readBack.people) !== countsOf(byHand)) throw new Error('The people peopleFromRows read from the wide rows segment differently from the same people written by hand');
const ingestion = measure('ingestion: peopleFromRows, wide 0/1 flags as strings', () => peopleFromRows(wideRows, wideMapping).people.length, `${Object.keys(wideRows[0] ?? {}).length} columns a row`);
// The same rows as arrays with a header, as a CSV parser gives them without `columns: true`.
const wideHeader = Object.keys(wideRows[0] ?? {});
const wideArrays = wideRows.map((row) => wideHeader.map((name) => row[name]));
const arrayMapping = { ...wideMapping, header: wideHeader };
if (countsOf(peopleFromRows(wideArrays, arrayMapping).people) !== countsOf(byHand)) throw new Error('The people peopleFromRows read from the wide arrays segment differently from the same people written by hand');
const ingestionArrays = measure('ingestion: peopleFromRows, the same rows as arrays with a header', () => peopleFromRows(wideArrays, arrayMapping).people.length, 'values read by position');
measure('ingestion and segmentation: peopleFromRows + segmentPopulation', () => segmentPopulation(peopleFromRows(wideRows, wideMapping).people, leeds2024, { asOf: ASOF }).assignments.length, 'rows to assignments');
(globalThis as { gc?: () => void }).gc?.();

// Columnar: the same people as typed-array columns, built once, outside the timing. Both the
// library's path and the hand-written loop must agree with the compiled classifier first.
const columns = personColumns(people, { asOf: ASOF, markers: markersReadBy(leeds2024) });
const expectedCodes = people.map((p) => (p.deathDate !== undefined && p.deathDate <= ASOF ? CODE_DECEASED : classifier.segmentIndex(p)));
const columnarCodes = new Int16Array(SIZE);
const handCodes = new Int16Array(SIZE);
segmentColumns(columns, leeds2024, { asOf: ASOF, into: columnarCodes });
handWrittenColumns(columns, ASOF, postnatalStart, handCodes);
const columnarWrong = expectedCodes.filter((code, i) => columnarCodes[i] !== code).length;
const handWrong = expectedCodes.filter((code, i) => handCodes[i] !== code).length;
if (columnarWrong + handWrong > 0) throw new Error(`Columnar paths disagree with the compiled classifier: segmentColumns on ${columnarWrong} rows, the hand-written loop on ${handWrong}`);
// The rows above leave millions of dead objects: collect them now (when the script runs with
// --expose-gc), so that the collector's work is not charged to the two column loops.
(globalThis as { gc?: () => void }).gc?.();
const columnar = measure('columnar path (segmentColumns)', () => segmentColumns(columns, leeds2024, { asOf: ASOF, into: columnarCodes }).counts.assigned);
const handColumns = measure('hand-written loop over the same columns', () => {
  handWrittenColumns(columns, ASOF, postnatalStart, handCodes);
  return handCodes[0] as number;
});

// DuckDB: toSql's query for the same model over the same people, loaded once (not timed). Its
// segment counts must equal the classifier's.
const duck = await benchDuckDb(people, leeds2024, ASOF, ROUNDS);
const expectedCounts = ids.map((_, i) => expectedCodes.filter((code) => code === i).length);
if (JSON.stringify(duck.counts) !== JSON.stringify(expectedCounts)) throw new Error(`DuckDB's counts ${duck.counts} differ from the classifier's ${expectedCounts}`);
const duckRates = (key: string) => (duck.seconds.get(key) as readonly number[]).map((seconds) => SIZE / seconds);
let duckSingle = 0;
for (const threads of [1, cpus().length]) {
  const plural = threads === 1 ? '' : 's';
  record(`DuckDB, toSql's whole query, ${threads} thread${plural}`, duckRates(`query:${threads}`), 'from the two tables: groups marker rows, screens ids');
  const step = record(`DuckDB, its classification step, ${threads} thread${plural}`, duckRates(`classification:${threads}`), 'over materialised 0/1 marker columns');
  if (threads === 1) duckSingle = step;
}

const number = (n: number) => Math.round(n).toLocaleString('en-GB');
console.log('');
console.log(`Leeds 2024 on ${number(SIZE)} synthetic people, ${ASOF}; median of ${ROUNDS} rounds; Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim()})`);
console.log('');
const header = ['path', 'people/s (median)', 'best', 'vs hand-written column loop', 'note'];
const rows = results.map((r) => [r.label, number(r.rate), number(r.best), (r.rate / handColumns).toFixed(2), r.note]);
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] as string).length)));
for (const row of [header, widths.map((w) => '-'.repeat(w)), ...rows]) console.log(`| ${row.map((cell, c) => (c === 0 || c === 4 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join(' | ')} |`);
console.log('');
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
console.log(`validated path >= 2.00 M people/s: ${(validated / 1e6).toFixed(2)} M, ${verdict(validated >= 2e6)}`);
console.log(`peopleFromRows >= 2.00 M wide-flag rows/s: objects ${(ingestion / 1e6).toFixed(2)} M, arrays ${(ingestionArrays / 1e6).toFixed(2)} M, ${verdict(Math.max(ingestion, ingestionArrays) >= 2e6)} (reading takes ${(validated / ingestion).toFixed(2)} times as long as segmenting with objects, ${(validated / ingestionArrays).toFixed(2)} with arrays)`);
console.log(`compiled segmentIndex / naive baseline >= 1: ${(compiledIndex / naive).toFixed(2)}, ${verdict(compiledIndex >= naive)} (full classification ${(compiledFull / naive).toFixed(2)})`);
console.log(`columnar / hand-written column loop >= 0.5: ${(columnar / handColumns).toFixed(2)}, ${verdict(columnar >= 0.5 * handColumns)}`);
console.log(`columnar / DuckDB single-threaded classification step >= 1: ${(columnar / duckSingle).toFixed(1)}, ${verdict(columnar >= duckSingle)}`);

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
