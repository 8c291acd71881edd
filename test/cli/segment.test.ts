/**
 * `phm-kit segment` in-process, on the fixture files: one line per input row in input order,
 * agreeing with the library run on the same rows; the rejected file; the summary; exit codes;
 * and every usage and input error as one line, with no output file left behind.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { leeds2024, peopleFromRows, segmentPopulation } from 'phm-kit/segmentation';
import { fixture, run, tempDir } from './support.js';

const dir = tempDir();
const people = fixture('people.csv');
const markers = fixture('person_markers.csv');
const mapping = fixture('mapping.json');
const base = (out: string) => ['segment', people, '--model', 'leeds2024', '--as-of', '2024-04-01', '--mapping', mapping, '--markers', markers, '--out', out];
const csv = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];

/** What the library makes of the same rows: status and segment by row index. */
function oracle(): Map<number, { status: string; segment: string; reason: string }> {
  const rows = parse(readFileSync(people, 'utf8'), { columns: true }) as Record<string, string>[];
  const episodes = parse(readFileSync(markers, 'utf8'), { columns: true }) as Record<string, string>[];
  const options = JSON.parse(readFileSync(mapping, 'utf8')) as Record<string, unknown>;
  const read = peopleFromRows(rows, { ...options, asOf: '2024-04-01', personMarkers: episodes });
  const result = segmentPopulation(read.people, leeds2024, { asOf: '2024-04-01' });
  const byIndex = new Map<number, { status: string; segment: string; reason: string }>();
  for (const r of read.rejected) byIndex.set(r.index, { status: 'rejected', segment: '', reason: r.reason });
  for (const a of result.assignments) byIndex.set(read.indices[a.index] as number, { status: 'assigned', segment: a.segment, reason: '' });
  for (const e of result.excluded) byIndex.set(read.indices[e.index] as number, { status: 'excluded', segment: '', reason: e.reason });
  expect(result.rejected).toEqual([]);
  return byIndex;
}

describe('phm-kit segment with a mapping and a marker file', () => {
  const out = join(dir, 'assignments.csv');
  const rejected = join(dir, 'rejected.csv');
  let result: Awaited<ReturnType<typeof run>>;

  it('exits 0 and writes one line per input row, in input order, counted from 0', async () => {
    result = await run([...base(out), '--rejected', rejected]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = csv(out);
    expect(lines.map((l) => l.index)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(lines.map((l) => l.person_id)).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p08', 'p09', 'p10']);
    expect(Object.keys(lines[0] ?? {})).toEqual(['index', 'person_id', 'status', 'reason', 'segment', 'segment_index', 'subsegments', 'conditions', 'condition_count', 'overlays', 'detail']);
  });

  it('agrees with peopleFromRows and segmentPopulation on the same rows', () => {
    const expected = oracle();
    const lines = csv(out);
    expect(lines.map((l) => ({ status: l.status, segment: l.segment, reason: l.reason }))).toEqual(lines.map((_, i) => expected.get(i)));
    const segmentIds = leeds2024.segments.map((s) => s.id);
    for (const l of lines.filter((x) => x.status === 'assigned')) expect(Number(l.segment_index)).toBe(segmentIds.indexOf(l.segment as string));
  });

  it('writes the reasons, sub-segments and details', () => {
    const byId = new Map(csv(out).map((l) => [l.person_id, l]));
    expect(byId.get('p01')).toMatchObject({ status: 'assigned', segment: 'frailty', subsegments: 'severe-frailty' });
    expect(byId.get('p02')).toMatchObject({ segment: 'long-term-conditions', subsegments: 'respiratory;multimorbidity', conditions: 'respiratory;multimorbidity', condition_count: '2' });
    expect(byId.get('p03')).toMatchObject({ status: 'rejected', reason: 'invalid-record', detail: 'att.Age: No age: the cell is empty' });
    expect(byId.get('p05')).toMatchObject({ status: 'excluded', reason: 'deceased', segment: '' });
    expect(byId.get('p05')?.detail).toContain('2023-12-01');
    expect(byId.get('p09')).toMatchObject({ segment: 'maternity', segment_index: '1' });
  });

  it('writes the rejected rows of both files, one line per issue, with the column and message', () => {
    const lines = csv(rejected);
    expect(lines.map((l) => [l.table, l.index, l.person_id, l.reason, l.column])).toEqual([
      ['people', '2', 'p03', 'invalid-record', 'att.Age'],
      ['people', '6', 'p07', 'invalid-record', 'att.Sex'],
      ['markers', '7', 'p04', 'invalid-record', 'from_date'],
    ]);
    expect(lines[1]?.message).toContain("'7' is not a sex code");
  });

  it('ends with a summary on stdout: segments with a total, rejected and excluded, unknown markers, the marker table', () => {
    const s = result.stdout;
    expect(s).toContain('10 rows read: 7 assigned, 2 rejected, 1 excluded (index counts rows from 0)');
    expect(s).toMatch(/\n {2}frailty +2\n/);
    expect(s).toMatch(/\n {2}total +7\n/);
    for (const id of leeds2024.segments.map((x) => x.id)) expect(s).toMatch(new RegExp(`\\n  ${id} +\\d+\\n`));
    expect(s).toMatch(/Rejected: 2 rows\n {2}invalid-record +2\n/);
    expect(s).toContain('issues by column: att.Age 1, att.Sex 1');
    expect(s).toContain('index 2 (p03): att.Age: No age: the cell is empty');
    expect(s).toMatch(/Excluded: 1 row\n {2}deceased +1\n/);
    expect(s).toContain('ltc-asthmaa: 1 entry; did you mean ltc-asthma?');
    expect(s).toContain('Unmapped codes (read as no marker, see markerCodes): ltc-copd 1');
    expect(s).toContain('Marker table: 8 rows: 5 used, 1 of rejected rows, 1 of ids no row has (p99), 1 rejected');
    expect(s).toContain(`Wrote ${out}: 10 rows; ${rejected}: 3 lines`);
    expect(s).not.toMatch(/\d\d:\d\d|ms\b/);
  });

  it('leaves no temporary file behind', () => {
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('exits 1 with --strict when rows were rejected, and still writes everything', async () => {
    const strictOut = join(dir, 'strict.csv');
    const r = await run([...base(strictOut), '--strict']);
    expect(r.code).toBe(1);
    expect(readFileSync(strictOut, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('exits 0 with --strict when nothing was rejected', async () => {
    const clean = join(dir, 'clean.csv');
    writeFileSync(clean, 'person_id,birth_date\na,1950-01-01\nb,2010-06-30\n');
    const r = await run(['segment', clean, '--model', 'leeds2024', '--as-of', '2024-04-01', '--out', join(dir, 'clean-out.csv'), '--strict']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Rejected: none');
    expect(r.stdout).toContain('Excluded: none');
    expect(r.stdout).toContain('Unknown markers: none');
  });

  it('writes the same bytes whatever the batch size', async () => {
    const small = join(dir, 'small-batches.csv');
    const r = await run([...base(small), '--batch-size', '3']);
    expect(r.code).toBe(0);
    expect(readFileSync(small, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('writes the assignments to stdout with --out -, and the summary to stderr', async () => {
    const r = await run([...base('-')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(out, 'utf8'));
    expect(r.stderr).toContain('Wrote stdout: 10 rows');
  });

  it('reads the people from stdin with -', async () => {
    const r = await run(['segment', '-', '--model', 'leeds2024', '--as-of', '2024-04-01', '--mapping', mapping, '--markers', markers, '--out', '-'], { stdin: readFileSync(people, 'utf8') });
    expect(r.stdout).toBe(readFileSync(out, 'utf8'));
    expect(r.stderr).toContain('Segmented - with leeds-2024');
  });
});

describe('phm-kit segment options', () => {
  it('reads a file with another delimiter', async () => {
    const semi = join(dir, 'semi.csv');
    writeFileSync(semi, 'person_id;birth_date;locality\na;1950-01-01;"Leeds; North"\n');
    const out = join(dir, 'semi-out.csv');
    const r = await run(['segment', semi, '--model', 'leeds2017', '--as-of', '2024-04-01', '--out', out, '--delimiter', ';']);
    expect(r.code).toBe(0);
    expect(csv(out)[0]).toMatchObject({ person_id: 'a', status: 'assigned' });
    const tab = join(dir, 'tab.csv');
    writeFileSync(tab, 'person_id\tbirth_date\na\t1950-01-01\n');
    expect((await run(['segment', tab, '--model', 'leeds2017', '--as-of', '2024-04-01', '--out', out, '--delimiter', 'tab'])).code).toBe(0);
    expect(csv(out)[0]).toMatchObject({ person_id: 'a', status: 'assigned' });
  });

  it('rejects repeated ids with --check-duplicates, and says whether ids were compared', async () => {
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, 'person_id,birth_date\na,1950-01-01\na,1960-01-01\n');
    const out = join(dir, 'dup-out.csv');
    const plain = await run(['segment', dup, '--model', 'leeds2024', '--as-of', '2024-04-01', '--out', out]);
    expect(csv(out).map((l) => l.status)).toEqual(['assigned', 'assigned']);
    expect(plain.stdout).toContain('Person ids were not compared across rows');
    const checked = await run(['segment', dup, '--model', 'leeds2024', '--as-of', '2024-04-01', '--out', out, '--check-duplicates']);
    expect(csv(out).map((l) => `${l.status} ${l.reason}`)).toEqual(['assigned ', 'rejected duplicate-id']);
    expect(checked.stdout).toContain('Person ids were compared across rows');
  });

  it('segments with a model from a JSON file', async () => {
    const model = join(dir, 'older.json');
    writeFileSync(model, JSON.stringify({ id: 'older', label: 'Older', segments: [{ id: 'older', label: 'Aged 65+', rule: { ageAtLeast: 65 } }, { id: 'rest', label: 'Everyone else', catchAll: true }] }));
    const out = join(dir, 'older-out.csv');
    const r = await run(['segment', people, '--model', model, '--as-of', '2024-04-01', '--mapping', mapping, '--out', out]);
    expect(r.code).toBe(0);
    expect(csv(out).find((l) => l.person_id === 'p01')).toMatchObject({ segment: 'older', segment_index: '0' });
    expect(r.stdout).toContain('with older on 2024-04-01');
  });

  it('takes asOf from the mapping when it has one', async () => {
    const m = join(dir, 'mapping-asof.json');
    writeFileSync(m, JSON.stringify({ columns: { id: 'patient_id', age: 'att.Age', sex: 'att.Sex' }, asOf: '2000-01-01' }));
    const out = join(dir, 'asof-out.csv');
    await run(['segment', people, '--model', 'leeds2024', '--as-of', '2024-04-01', '--mapping', m, '--out', out]);
    // p04 is 12 on 2000-01-01, so born in 1987: an adult on 2024-04-01.
    expect(csv(out).find((l) => l.person_id === 'p04')?.segment).not.toBe('children-and-young-people');
  });

  it('lists absent columns and segments an empty file', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, 'person_id,birth_date\n');
    const out = join(dir, 'empty-out.csv');
    const r = await run(['segment', empty, '--model', 'leeds2024', '--as-of', '2024-04-01', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('index,person_id,status,reason,segment,segment_index,subsegments,conditions,condition_count,overlays,detail\n');
    expect(r.stdout).toContain('0 rows read: 0 assigned');
    expect(r.stdout).toMatch(/\n {2}total +0\n/);
    expect(r.stdout).toContain('Absent columns (the mapping reads them; no row has them): person_id, birth_date, sex, death_date, registration_date, deregistration_date, imd_decile, locality');
  });

  it('shows progress on a terminal (the marker file is read first), and clears it before the summary', async () => {
    const r = await run([...base(join(dir, 'tty.csv'))], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr.startsWith(`\r${markers}: `)).toBe(true);
    expect(r.stderr).toMatch(/^\r[^\r]*: \d+ rows[^\r]*\x1b\[K\r\x1b\[K$/);
    expect(r.stdout).toContain('10 rows read');
  });

  it('shows no progress with --quiet, nor when stderr is not a terminal', async () => {
    expect((await run([...base(join(dir, 'quiet.csv')), '--quiet'], { tty: true })).stderr).toBe('');
    expect((await run([...base(join(dir, 'quiet.csv'))], { tty: false })).stderr).toBe('');
  });
});

describe('phm-kit segment errors: one line, exit 2, no output left behind', () => {
  const args = (file: string, out: string, ...rest: string[]) => ['segment', file, '--model', 'leeds2024', '--as-of', '2024-04-01', '--out', out, ...rest];

  const cases: [string, () => string[], RegExp][] = [
    ['a missing people file', () => args(join(dir, 'nope.csv'), join(dir, 'x.csv')), /^phm-kit segment: people file .*nope\.csv: no such file\n$/],
    ['a directory', () => args(dir, join(dir, 'x.csv')), /people file .*: is a directory, not a file\n$/],
    ['a missing marker file', () => args(people, join(dir, 'x.csv'), '--markers', join(dir, 'nope.csv')), /markers file .*nope\.csv: no such file/],
    ['a missing mapping file', () => args(people, join(dir, 'x.csv'), '--mapping', join(dir, 'nope.json')), /mapping file .*nope\.json: no such file/],
    ['an unknown model', () => ['segment', people, '--model', 'leeds2025', '--as-of', '2024-04-01', '--out', join(dir, 'x.csv')], /unknown model 'leeds2025': give leeds2024, leeds2017, bridgesToHealth, or a model\.json file/],
    ['a bad date', () => ['segment', people, '--model', 'leeds2024', '--as-of', '2023-02-29', '--out', join(dir, 'x.csv')], /--as-of 2023-02-29: 2023 has no 29 February \(it is not a leap year\)/],
    ['a date in another form', () => ['segment', people, '--model', 'leeds2024', '--as-of', '01/04/2024', '--out', join(dir, 'x.csv')], /--as-of 01\/04\/2024: Expected a calendar date written YYYY-MM-DD/],
    ['an unknown flag', () => [...args(people, join(dir, 'x.csv')), '--asof', '2024-04-01'], /unknown flag --asof; segment takes --model, --as-of,/],
    ['a flag without its value', () => ['segment', people, '--model'], /--model needs a value/],
    ['no file', () => ['segment', '--model', 'leeds2024'], /give the people CSV file to read \(see phm-kit segment --help\)/],
    ['two files', () => [...args(people, join(dir, 'x.csv')), 'other.csv'], /unexpected argument 'other\.csv'/],
    ['no --out', () => ['segment', people, '--model', 'leeds2024', '--as-of', '2024-04-01'], /--out is required/],
    ['no --as-of', () => ['segment', people, '--model', 'leeds2024', '--out', 'x.csv'], /--as-of is required/],
    ['the same file twice', () => args(people, join(dir, 'x.csv'), '--rejected', join(dir, 'x.csv')), /--out and --rejected must be different files/],
    ['stdin twice', () => args('-', join(dir, 'x.csv'), '--markers', '-'), /only one of the files can be read from stdin/],
    ['a bad delimiter', () => args(people, join(dir, 'x.csv'), '--delimiter', '::'), /--delimiter "::": give one character, or tab/],
    ['a bad batch size', () => args(people, join(dir, 'x.csv'), '--batch-size', '0'), /--batch-size 0: expected a whole number from 1 to 1,000,000/],
    ['an output directory that is not there', () => args(people, join(dir, 'no-dir', 'x.csv')), /cannot write the assignments file: .*no-dir\/x\.csv: no such directory/],
  ];
  for (const [name, argv, message] of cases) {
    it(name, async () => {
      const r = await run(argv());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, 'x.csv'))).toBe(false);
    });
  }

  it('a mapping that does not fit RowMappingSchema, named by its paths in the file', async () => {
    const m = join(dir, 'bad-mapping.json');
    writeFileSync(m, JSON.stringify({ columns: { id: 3 }, colums: {} }));
    const r = await run(args(people, join(dir, 'x.csv'), '--mapping', m));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`phm-kit segment: ${m}: columns.id: Invalid input: expected string, received number; Unrecognized key: "colums"\n`);
  });

  it('a mapping that holds the marker table', async () => {
    const m = join(dir, 'table-mapping.json');
    writeFileSync(m, JSON.stringify({ personMarkers: [] }));
    expect((await run(args(people, join(dir, 'x.csv'), '--mapping', m))).stderr).toContain('personMarkers is a table, not a setting: give it as a CSV file with --markers');
  });

  it('a mapping that is not JSON, or not an object', async () => {
    const m = join(dir, 'not-json.json');
    writeFileSync(m, '{ "columns": ');
    expect((await run(args(people, join(dir, 'x.csv'), '--mapping', m))).stderr).toMatch(/not-json\.json: not valid JSON: /);
    writeFileSync(m, '[1, 2]');
    expect((await run(args(people, join(dir, 'x.csv'), '--mapping', m))).stderr).toContain('a mapping file holds one JSON object');
  });

  it('a model file that defineModel refuses, with the code and paths', async () => {
    const m = join(dir, 'bad-model.json');
    writeFileSync(m, JSON.stringify({ id: 'x', label: 'X', segments: [{ id: 'a', label: 'A', rule: { marker: 'nope' } }] }));
    const r = await run(['segment', people, '--model', m, '--as-of', '2024-04-01', '--out', join(dir, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-model\.json: not a valid model \(missing-catch-all\): segments\[0\]: .*; segments\[0\]\.rule\.marker: Unknown marker 'nope'/);
  });

  it('malformed CSV part way through: the file named, the partial output removed', async () => {
    const bad = join(dir, 'bad.csv');
    const rows = Array.from({ length: 30 }, (_, i) => `p${i},1950-01-01`).join('\n');
    writeFileSync(bad, `person_id,birth_date\n${rows}\np99,"1950-01-01\n`);
    const out = join(dir, 'x.csv');
    const r = await run([...args(bad, out, '--batch-size', '10', '--rejected', join(dir, 'x-rejected.csv'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^phm-kit segment: .*bad\.csv: not valid CSV: Quote Not Closed: .*line 32\n$/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'x-rejected.csv'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('a row with too many fields', async () => {
    const bad = join(dir, 'wide.csv');
    writeFileSync(bad, 'person_id,birth_date\na,1950-01-01,extra\n');
    expect((await run(args(bad, join(dir, 'x.csv')))).stderr).toMatch(/wide\.csv: not valid CSV: Invalid Record Length: columns length is 2, got 3 on line 2/);
  });

  it('a header that names a column twice', async () => {
    const bad = join(dir, 'twice.csv');
    writeFileSync(bad, 'person_id,sex,sex\na,1,2\n');
    expect((await run(args(bad, join(dir, 'x.csv')))).stderr).toMatch(/twice\.csv: the header names column 'sex' twice/);
  });

  it('a bad marker file', async () => {
    const bad = join(dir, 'bad-markers.csv');
    writeFileSync(bad, 'person_id,marker\n"p01,cancer\n');
    const r = await run(args(people, join(dir, 'x.csv'), '--mapping', mapping, '--markers', bad));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-markers\.csv: not valid CSV: Quote Not Closed/);
  });
});
