/** `phm-kit registers`: events, people and codelist files in, person_markers out, equal to deriveMarkers. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_REGISTERS, deriveMarkers, syntheticEvents } from 'phm-kit/registers';
import { syntheticPopulation } from 'phm-kit/segmentation';
import { codelistNameOf } from '../../src/cli/commands/registers.js';
import { run, tempDir } from './support.js';

const asOf = '2025-03-31';
const dir = tempDir('phm-kit-registers-');
const population = syntheticPopulation({ size: 400, seed: 5, asOf });
const { events, codelists } = syntheticEvents({ people: population, seed: 5, asOf });
const people = population.map((p) => ({ id: p.id, birthDate: p.birthDate }));
const csv = (rows: string[][]) => rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n') + '\n';
const lists = join(dir, 'codelists');
mkdirSync(lists);
for (const list of codelists.filter((c) => !c.name.startsWith('HFRS_'))) {
  const file = list.name === 'DM_COD' ? 'nhsd-primary-care-domain-refsets-dm_cod.csv' : `${list.name}.csv`;
  writeFileSync(join(lists, file), csv([['code', 'term'], ...list.codes.map((c) => [c, `synthetic, "${list.name}"`])]));
}
const byPerson = <T extends { personId?: string; id?: string }>(rows: T[]) => [...rows].sort((a, b) => ((a.personId ?? a.id) as string < ((b.personId ?? b.id) as string) ? -1 : 1));
writeFileSync(join(dir, 'events.csv'), csv([['person_id', 'code', 'event_date', 'value'], ...byPerson(events).map((e) => [e.personId, e.code, `${e.date} 09:30:00`, e.value === undefined || e.value === null ? '' : String(e.value)])]));
writeFileSync(join(dir, 'people.csv'), csv([['person_id', 'birth_date'], ...byPerson(people).map((p) => [p.id, p.birthDate])]));

const expected = (() => {
  const derived = deriveMarkers(events, BUILT_IN_REGISTERS, { asOf, people, codelists });
  const lines = derived.people.flatMap((p) => p.markers.map((m) => (typeof m === 'string' ? `${p.personId},${m},,` : `${p.personId},${m.id},${m.from ?? ''},${m.to ?? ''}`)));
  return { lines: lines.sort(), derived };
})();
const args = (out: string, ...more: string[]) => ['registers', join(dir, 'events.csv'), '--people', join(dir, 'people.csv'), '--codelists', lists, '--as-of', asOf, '--out', out, ...more];
const body = (path: string) => readFileSync(path, 'utf8').trim().split('\n').slice(1).sort();

describe('phm-kit registers', () => {
  it('writes every marker entry deriveMarkers gives, and a summary of every event', async () => {
    const out = join(dir, 'markers.csv');
    const result = await run(args(out));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('person_id,marker,from_date,to_date');
    expect(body(out)).toEqual(expected.lines);
    expect(result.stdout).toContain(`Events: ${expected.derived.events.total.toLocaleString('en-GB')} = `);
    expect(result.stdout).toMatch(/ltc-diabetes\s+\d/);
  });
  it('streams sorted files to the same lines', async () => {
    const out = join(dir, 'sorted.csv');
    const result = await run(args(out, '--sorted'));
    expect(result.code).toBe(0);
    expect(body(out)).toEqual(expected.lines);
  });
  it('names a codelist by its file, OpenCodelists prefix dropped', () => {
    expect(codelistNameOf('nhsd-primary-care-domain-refsets-dm_cod.csv')).toBe('DM_COD');
    expect(codelistNameOf('AST_COD.csv')).toBe('AST_COD');
  });
  it('runs only the registers whose codelists are there, and says which were not run', async () => {
    const some = join(dir, 'some');
    mkdirSync(some);
    for (const name of ['DM_COD', 'DMRES_COD']) writeFileSync(join(some, `${name}.csv`), readFileSync(join(lists, name === 'DM_COD' ? 'nhsd-primary-care-domain-refsets-dm_cod.csv' : `${name}.csv`)));
    const out = join(dir, 'some.csv');
    const result = await run(['registers', join(dir, 'events.csv'), '--people', join(dir, 'people.csv'), '--codelists', some, '--as-of', asOf, '--out', out]);
    expect(result.code).toBe(0);
    const markers = new Set(body(out).map((l) => l.split(',')[1]));
    expect(markers.has('ltc-diabetes')).toBe(true);
    for (const m of markers) expect(['ltc-diabetes', 'hfrs-intermediate-risk', 'hfrs-high-risk']).toContain(m);
    expect(result.stdout).toContain('Not run, their codelists are not in the directory: ltc-asthma (needs AST_COD, ASTRES_COD, ASTTRT_COD)');
  });
  it('refuses a malformed code with its file and line, and leaves no output', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'DM_COD.csv'), 'code,term\n44054006,ok\n44054007,bad check digit\n');
    const out = join(dir, 'never.csv');
    const result = await run(['registers', join(dir, 'events.csv'), '--people', join(dir, 'people.csv'), '--codelists', bad, '--as-of', asOf, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DM_COD\.csv: .*Line 3/);
    expect(() => readFileSync(out)).toThrow();
  });
  it('exits 1 with --strict when an event is malformed, and 2 for usage errors', async () => {
    const events2 = join(dir, 'events2.csv');
    writeFileSync(events2, 'person_id,code,event_date,value\nP0000001,123,2024-02-30,\n');
    const strict = await run(['registers', events2, '--people', join(dir, 'people.csv'), '--codelists', lists, '--as-of', asOf, '--out', join(dir, 's.csv'), '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('1 malformed');
    expect((await run(['registers', events2, '--codelists', lists, '--as-of', asOf, '--out', '-'])).stderr).toContain('--people is required');
    expect((await run(['registers', events2, '--people', 'x.csv', '--codelists', lists, '--as-of', '2025-02-30', '--out', '-'])).stderr).toContain('2025 has no 30 February');
    expect((await run(['registers', '--help'])).stdout).toContain('Usage: phm-kit registers');
  });
});
