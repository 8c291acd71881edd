/**
 * From coded events to segments.
 *
 * A synthetic population's coded clinical events (SNOMED CT and dm+d codes from primary care,
 * ICD-10 codes from hospital) are turned into condition registers by the built-in QOF, frailty
 * and HFRS definitions, in TypeScript with `deriveMarkers` and inside an embedded DuckDB with the
 * SQL `registersToSql` writes; the two must agree exactly, and the script says so or fails. The
 * derived markers then feed the Leeds 2024 segmentation. The codes are synthetic (phm-kit ships
 * none of the real clusters); with a real extract you would pass the clusters you downloaded,
 * read with `parseCodelist`. DuckDB (`@duckdb/node-api`) is a dev dependency of phm-kit;
 * ./duckdb-events.ts loads the tables.
 *
 * Run it with `npm run demo:registers` or `npx tsx examples/registers.ts`.
 */
import { BUILT_IN_REGISTERS, codelistRows, deriveMarkers, registersToSql, syntheticEvents, withDerivedMarkers } from 'phm-kit/registers';
import { leeds2024, segmentPopulation, syntheticPopulation } from 'phm-kit/segmentation';
import { entriesOfRows, openEventsDb } from './duckdb-events.js';

const size = 20_000;
const seed = 2025;
const asOf = '2025-03-31';
const number = (n: number) => n.toLocaleString('en-GB');
const pad = (text: string, width: number) => text.padEnd(width);
const right = (text: string, width: number) => text.padStart(width);

async function main(): Promise<void> {
  // 0. A synthetic population, and coded events consistent with it: each of a person's markers
  //    backed by the codes that derive it, plus noise (resolved diagnoses, old drugs, codes in
  //    no codelist, codes dated after asOf, hospital diagnoses).
  const population = syntheticPopulation({ size, seed, asOf });
  const { events, codelists } = syntheticEvents({ people: population, seed, asOf });
  console.log(`${number(events.length)} coded events for ${number(size)} synthetic people, ${asOf}; ${BUILT_IN_REGISTERS.length} registers, ${codelists.length} codelists\n`);

  // 1. In TypeScript: every person's markers, with the code and date that decided each.
  const people = population.map((p) => ({ id: p.id, birthDate: p.birthDate }));
  const derived = deriveMarkers(events, BUILT_IN_REGISTERS, { asOf, people, codelists });

  // 2. In the warehouse: the same registers as one SQL query over an events table and a
  //    codelist table, run by DuckDB. Every person's marker entries must be the same.
  const db = await openEventsDb();
  let agree = true;
  try {
    await db.load({ people, events, codelistCodes: codelistRows(codelists) });
    const { sql } = registersToSql(BUILT_IN_REGISTERS, { dialect: 'duckdb', asOf, codelists });
    const fromSql = entriesOfRows(await db.rows(sql));
    const key = (e: { id: string; from?: string; to?: string }) => `${e.id}|${e.from ?? ''}|${e.to ?? ''}`;
    for (const p of derived.people) {
      const a = p.markers.map((m) => key(typeof m === 'string' ? { id: m } : m)).sort().join(',');
      const b = (fromSql.get(p.personId) ?? []).map(key).sort().join(',');
      if (a !== b) agree = false;
    }
  } finally {
    db.close();
  }
  console.log(`TypeScript and DuckDB agree on every person's markers and dates: ${agree ? 'yes' : 'NO'}\n`);
  if (!agree) process.exitCode = 1;

  // 3. The registers: people on each on asOf, prevalence per 1,000, and episodes a resolution ended.
  console.log(`${pad('Register', 34)}${right('People', 8)}${right('per 1,000', 11)}${right('Ended', 8)}`);
  for (const r of derived.registers) {
    console.log(`${pad(r.marker, 34)}${right(number(r.people), 8)}${right(((r.people * 1000) / size).toFixed(1), 11)}${right(number(r.ended), 8)}`);
  }

  // 4. What was read, and what was not: every event is in exactly one of these.
  const e = derived.events;
  console.log(`\nEvents: ${number(e.total)} = ${number(e.read)} read + ${number(e.afterAsOf)} after asOf + ${number(e.noCodelist)} in no codelist + ${number(e.unknownPerson)} of unknown people + ${number(e.rejectedPerson)} of rejected people + ${number(e.malformed)} malformed`);
  console.log(`Most frequent codes in no codelist: ${derived.unmatchedCodes.slice(0, 3).map((c) => `${c.code} (${number(c.events)})`).join(', ')}`);

  // 5. One person, explained.
  const example = derived.people.find((p) => p.reasons.length >= 3);
  if (example !== undefined) {
    console.log(`\n${example.personId}:`);
    for (const reason of example.reasons) console.log(`  ${reason.marker}: ${reason.text}`);
  }

  // 6. Into the segmentation: each person's own markers for what the registers set are replaced
  //    by the derived ones (pregnancy and the Bridges to Health markers, which no register
  //    derives, are kept), and the Leeds 2024 model reads them.
  const segmented = segmentPopulation(withDerivedMarkers(population, derived), leeds2024, { asOf });
  const own = segmentPopulation(population, leeds2024, { asOf });
  console.log(`\n${pad('Leeds 2024 segment', 58)}${right('Derived', 9)}${right('Own', 9)}`);
  for (const s of leeds2024.segments) {
    console.log(`${pad(s.label, 58)}${right(number(segmented.counts.bySegment[s.id] ?? 0), 9)}${right(number(own.counts.bySegment[s.id] ?? 0), 9)}`);
  }
  const moved = segmented.assignments.filter((a, i) => a.segment !== own.assignments[i]?.segment).length;
  console.log(`\n${number(moved)} people are in another segment than their own markers put them in: the synthetic events back every marker a register sets, so the two agree. With a real extract the derived markers are the ones to trust: a register's age floor, drug recency and resolved codes are applied, and a person is in one frailty category.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
