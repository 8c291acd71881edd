import { latestBirthDayAged, type IsoDate } from '../../core/dates.js';
import { PhmValidationError, type PhmIssue } from '../../core/errors.js';
import { describeIssues, parseInput } from '../../core/validation.js';
import { createSafetyCheck, SQL_DIALECTS, type SqlDialectId } from '../../segmentation/warehouse/sql/dialects.js';
import { combine, dayBound, FALSE, negate, TRUE } from '../../segmentation/warehouse/sql/conditions.js';
import type { CodeSystemId } from '../codelists/code-systems.js';
import { checkRegisters, type RegisterInput } from '../derive/derive-markers.js';
import { scaled, scoreBounds } from '../derive/rule-evaluator.js';
import type { Register } from '../rules/register.js';
import type { RegisterRule } from '../rules/rule.js';
import { windowStart } from '../rules/window.js';
import { REGISTER_SQL_FUNCTIONS } from './functions.js';
import { normaliseCodeSql } from './normalise.js';
import { RegistersSqlOptionsSchema, type RegistersSqlOptions } from './options.js';

/**
 * Registers compiled to one SQL query that writes the `person_markers` table `toSql` reads.
 *
 * @example
 * const compiled: RegistersSql = registersToSql(qofRegisters, { dialect: 'duckdb', asOf: '2025-03-31', codelists });
 * compiled.columns; // ['person_id', 'marker', 'from_date', 'to_date']
 */
export interface RegistersSql {
  readonly dialect: SqlDialectId;
  readonly asOf: IsoDate;
  /** The statement, without a trailing semicolon. */
  readonly sql: string;
  /** The result's columns, in order: toSql's marker table layout. */
  readonly columns: readonly ['person_id', 'marker', 'from_date', 'to_date'];
  /** The markers set, in register order. */
  readonly markers: readonly string[];
}

const list = (names: string | readonly string[] | undefined): readonly string[] => (names === undefined ? [] : typeof names === 'string' ? [names] : names);
const NO_START = '0000-01-01';

/**
 * Compiles register definitions into one SQL query over an events table, a codelist table and
 * the person table, which returns one row per marker entry, in the layout `toSql` reads as its
 * marker table (`person_id`, `marker`, `from_date`, `to_date`): the same definitions, the same
 * answer as {@link deriveMarkers} (property-tested on DuckDB and PostgreSQL). Event codes are
 * normalised in SQL as `normaliseCode` does it; codes in the codelist table are compared as
 * they are, so load it from {@link codelistRows}. People with no id, no birth date or a shared
 * id get no rows, as `deriveMarkers` rejects them. Names and values are quoted and escaped as
 * in `toSql`.
 *
 * @example
 * const { sql } = registersToSql([diabetes], {
 *   dialect: 'postgresql',
 *   asOf: '2025-03-31',
 *   codelists: [dmCod, dmresCod],
 *   eventsTable: ['gp', 'coded_events'],
 * });
 */
export function registersToSql(registers: readonly RegisterInput[], options: RegistersSqlOptions): RegistersSql {
  const o = parseInput(RegistersSqlOptionsSchema, options, 'options');
  const checked = checkRegisters(registers);
  const dialect = SQL_DIALECTS[o.dialect];
  const f = REGISTER_SQL_FUNCTIONS[o.dialect];
  const safe = createSafetyCheck(dialect);
  const table = (name: string | readonly string[], path: string) =>
    (typeof name === 'string' ? [name] : name).map((part, i) => safe.identifier(part, typeof name === 'string' ? [path] : [path, i], 'Table name')).join('.');
  const col = (key: keyof typeof o.columns) => {
    const name = o.columns[key];
    return name === null ? null : safe.identifier(name, ['columns', key], 'Column name');
  };
  const q = (name: string) => dialect.quote(name);
  const date = (iso: string) => dialect.date(iso);

  // The codelists read, each once, with its system and match.
  const shapes = new Map(o.codelists.map((c) => [c.name, c]));
  const used: string[] = [];
  const issues: PhmIssue[] = [];
  checked.forEach((r, i) => {
    for (const name of r.codelists) {
      if (!shapes.has(name)) issues.push({ path: ['registers', i], message: `Register '${r.marker}' reads codelist ${name}, which is not among the codelists given` });
      else if (!used.includes(name)) used.push(name);
    }
  });
  if (issues.length > 0) throw new PhmValidationError(`Missing codelists: ${describeIssues(issues)}`, issues);
  const literal = (name: string) => safe.literal(name, ['codelists'], 'Codelist name');

  // Aggregates, by the stage that computes them: A over the hits, B over the hits beside A, C beside A and B.
  const stages: Map<string, { alias: string; sql: string }>[] = [new Map(), new Map(), new Map()];
  const stageAlias = ['a', 'b', 'c'];
  const aggregate = (stage: 0 | 1 | 2, key: string, sql: string): string => {
    let entry = stages[stage]?.get(key);
    if (entry === undefined) {
      entry = { alias: `${stageAlias[stage]}${stages[stage]?.size ?? 0}`, sql };
      stages[stage]?.set(key, entry);
    }
    return `${stageAlias[stage]}.${q(entry.alias)}`;
  };
  const h = (name: string) => `h.${q(name)}`;
  const is = (name: string) => `${h('codelist')} = ${literal(name)}`;
  const isOneOf = (names: readonly string[]) => (names.length === 1 ? is(names[0] as string) : `${h('codelist')} IN (${names.map(literal).join(', ')})`);
  const since = (start: string) => (start === NO_START ? TRUE : `${h('d')} >= ${date(start)}`);
  const latest = (name: string) => aggregate(0, `latest:${name}`, `MAX(CASE WHEN ${is(name)} THEN ${h('d')} END)`);
  const latestOfAll = (names: readonly string[]) => aggregate(0, `latestOf:${names.join(',')}`, `MAX(CASE WHEN ${isOneOf(names)} THEN ${h('d')} END)`);
  const birth = `p.${q('birth_date')}`;

  const compile = (rule: RegisterRule): string => {
    if ('all' in rule) return combine('AND', rule.all.map(compile));
    if ('any' in rule) return combine('OR', rule.any.map(compile));
    if ('not' in rule) return negate(compile(rule.not));
    if ('ageAtLeast' in rule) return dayBound(dialect, birth, '<', latestBirthDayAged(o.asOf, rule.ageAtLeast) + 1);
    if ('ageBelow' in rule) return dayBound(dialect, birth, '>=', latestBirthDayAged(o.asOf, rule.ageBelow) + 1);
    if ('code' in rule) {
      const start = windowStart(o.asOf, rule.within);
      if (start > o.asOf) return FALSE;
      const l = latest(rule.code);
      return start === NO_START ? `${l} IS NOT NULL` : `(${l} IS NOT NULL AND ${l} >= ${date(start)})`;
    }
    if ('latest' in rule) {
      const l = latest(rule.latest);
      const op = rule.sameDay === 'holds' ? '>=' : '>';
      return combine('AND', [`${l} IS NOT NULL`, ...list(rule.laterThan).map((other) => `(${latest(other)} IS NULL OR ${l} ${op} ${latest(other)})`)]);
    }
    if ('count' in rule) {
      const start = windowStart(o.asOf, rule.within);
      const when = combine('AND', [is(rule.count), since(start)]);
      const system = (shapes.get(rule.count) as { system: CodeSystemId }).system;
      const n = rule.distinct === 'days'
        ? aggregate(0, `days:${rule.count}:${start}`, `COUNT(DISTINCT CASE WHEN ${when} THEN ${h('d')} END)`)
        : rule.distinct === 'codes'
          ? aggregate(0, `codes:${rule.count}:${start}`, `COUNT(DISTINCT CASE WHEN ${when} THEN ${normaliseCodeSql(system, h('code'), f)} END)`)
          : aggregate(0, `count:${rule.count}:${start}`, `SUM(CASE WHEN ${when} THEN 1 ELSE 0 END)`);
      return `COALESCE(${n}, 0) >= ${rule.atLeast}`;
    }
    if ('value' in rule) {
      const start = windowStart(o.asOf, rule.within);
      const valued = combine('AND', [is(rule.value), `${h('value')} IS NOT NULL`, since(start)]);
      const earliest = rule.pick === 'earliest';
      const day = aggregate(0, `valueDay:${rule.value}:${start}:${earliest}`, `${earliest ? 'MIN' : 'MAX'}(CASE WHEN ${valued} THEN ${h('d')} END)`);
      const lowest = rule.sameDay === 'lowest';
      const v = aggregate(1, `value:${rule.value}:${start}:${earliest}:${lowest}`, `${lowest ? 'MIN' : 'MAX'}(CASE WHEN ${valued} AND ${h('d')} = ${day} THEN ${h('value')} END)`);
      const cuts = [
        rule.atLeast === undefined ? [] : [`${v} >= ${number(rule.atLeast)}`],
        rule.above === undefined ? [] : [`${v} > ${number(rule.above)}`],
        rule.atMost === undefined ? [] : [`${v} <= ${number(rule.atMost)}`],
        rule.below === undefined ? [] : [`${v} < ${number(rule.below)}`],
      ].flat();
      return combine('AND', [`${v} IS NOT NULL`, ...cuts]);
    }
    if ('score' in rule) {
      const { min, max } = scoreBounds(rule.divisor, rule);
      const sum = `(${rule.score.map((item) => `CASE WHEN ${compile(item.rule)} THEN ${scaled(item.weight)} ELSE 0 END`).join(' + ')})`;
      return combine('AND', [Number.isFinite(min) ? `${sum} >= ${min}` : TRUE, Number.isFinite(max) ? `${sum} <= ${max}` : TRUE]);
    }
    return FALSE;
  };

  const outputs: string[] = [];
  const nullDate = `CAST(NULL AS DATE)`;
  checked.forEach((register, r) => {
    const holds = compile(register.rule);
    const marker = safe.literal(register.marker, ['registers', r, 'marker'], 'Marker');
    const row = (from: string, to: string, where: string) => `SELECT p.${q('person_id')} AS ${q('person_id')}, ${marker} AS ${q('marker')}, ${from} AS ${q('from_date')}, ${to} AS ${q('to_date')} FROM pp p LEFT JOIN a ON a.${q('pid')} = p.${q('person_id')} LEFT JOIN b ON b.${q('pid')} = p.${q('person_id')} LEFT JOIN c ON c.${q('pid')} = p.${q('person_id')} WHERE ${where}`;
    const episode = register.episode;
    if (episode === undefined) {
      outputs.push(row(nullDate, nullDate, holds));
      return;
    }
    const ends = list(episode.endedBy);
    const l = latest(episode.codelist);
    const lastEnd = ends.length === 0 ? undefined : latestOfAll(ends);
    const from = episode.from === 'latest'
      ? lastEnd === undefined ? l : `CASE WHEN ${lastEnd} IS NULL OR ${l} > ${lastEnd} THEN ${l} END`
      : lastEnd === undefined
        ? aggregate(0, `first:${episode.codelist}`, `MIN(CASE WHEN ${is(episode.codelist)} THEN ${h('d')} END)`)
        : aggregate(1, `firstAfter:${episode.codelist}:${ends.join(',')}`, `MIN(CASE WHEN ${is(episode.codelist)} AND (${lastEnd} IS NULL OR ${h('d')} > ${lastEnd}) THEN ${h('d')} END)`);
    outputs.push(row(from, nullDate, holds));
    if (lastEnd === undefined) return;
    const key = `${episode.codelist}:${ends.join(',')}`;
    const previousEnd = () => aggregate(1, `previousEnd:${key}`, `MAX(CASE WHEN ${isOneOf(ends)} AND ${h('d')} < ${l} THEN ${h('d')} END)`);
    const endedFrom = episode.from === 'latest'
      ? l
      : aggregate(2, `endedFirst:${key}`, `MIN(CASE WHEN ${is(episode.codelist)} AND ${h('d')} <= ${l} AND (${previousEnd()} IS NULL OR ${h('d')} > ${previousEnd()}) THEN ${h('d')} END)`);
    const to = f.dayBefore(lastEnd);
    outputs.push(row(endedFrom, to, combine('AND', [negate(holds), `${l} IS NOT NULL`, `${lastEnd} IS NOT NULL`, `${lastEnd} >= ${l}`, `${to} >= ${endedFrom}`])));
  });
  safe.throwIfAny();

  const sql = assemble({ o, f, q, table, col, used, shapes, literal, stages, outputs, date });
  const view = o.view === undefined ? undefined : { name: table(o.view.name, 'view'), replace: o.view.replace };
  if (view?.replace === true && dialect.replaceView === undefined) {
    throw new PhmValidationError('Invalid options: ANSI SQL has no statement that replaces a view', [{ path: ['view', 'replace'], message: `The ${dialect.id} dialect cannot replace a view; drop it first, or choose an engine's dialect` }]);
  }
  safe.throwIfAny();
  return {
    dialect: o.dialect,
    asOf: o.asOf,
    sql: view === undefined ? sql : `${view.replace ? dialect.replaceView : 'CREATE VIEW'} ${view.name} AS\n${sql}`,
    columns: ['person_id', 'marker', 'from_date', 'to_date'],
    markers: checked.map((r: Register) => r.marker),
  };
}

/** A threshold as a SQL numeric literal: JavaScript's shortest round-trip form, which every engine reads as the same double. */
function number(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

interface Parts {
  readonly o: ReturnType<typeof RegistersSqlOptionsSchema.parse>;
  readonly f: (typeof REGISTER_SQL_FUNCTIONS)[SqlDialectId];
  readonly q: (name: string) => string;
  readonly table: (name: string | readonly string[], path: string) => string;
  readonly col: (key: keyof ReturnType<typeof RegistersSqlOptionsSchema.parse>['columns']) => string | null;
  readonly used: readonly string[];
  readonly shapes: Map<string, { name: string; system: CodeSystemId; match: 'exact' | 'prefix' }>;
  readonly literal: (name: string) => string;
  readonly stages: readonly Map<string, { alias: string; sql: string }>[];
  readonly outputs: readonly string[];
  readonly date: (iso: string) => string;
}

/**
 * The query: valid people (`pp`), the distinct raw codes and the codelists each falls in
 * (`code_hits`, so that a code that two prefixes of one list cover is one hit, as in
 * TypeScript), every event on or before `asOf` in a codelist (`h`), the three stages of
 * aggregates, and one SELECT per register output.
 */
function assemble({ o, f, q, table, col, used, shapes, literal, stages, outputs, date }: Parts): string {
  const events = table(o.eventsTable, 'eventsTable');
  const codes = table(o.codelistTable, 'codelistTable');
  const people = table(o.peopleTable, 'peopleTable');
  const [ePerson, eCode, eDate, eValue, cName, cCode, pId, pBirth] = [col('eventPersonId'), col('eventCode'), col('eventDate'), col('eventValue'), col('codelistName'), col('codelistCode'), col('personId'), col('birthDate')] as [string, string, string, string | null, string, string, string, string];
  const dialect = SQL_DIALECTS[o.dialect];
  const ctes: string[] = [];
  ctes.push(
    `pp AS (SELECT ${pId} AS ${q('person_id')}, ${pBirth} AS ${q('birth_date')} FROM ${people} WHERE ${pId} IS NOT NULL AND NOT (${dialect.isEmpty(pId)}) AND ${pBirth} IS NOT NULL AND ${pId} IN (SELECT ${pId} FROM ${people} WHERE ${pId} IS NOT NULL AND ${pBirth} IS NOT NULL GROUP BY ${pId} HAVING COUNT(*) = 1))`,
  );
  if (used.length > 0) {
    ctes.push(`cl AS (SELECT DISTINCT ${cName} AS ${q('codelist')}, ${f.text(cCode)} AS ${q('code')} FROM ${codes} WHERE ${cName} IN (${used.map(literal).join(', ')}))`);
    ctes.push(`raw AS (SELECT DISTINCT ${f.text(eCode)} AS ${q('code')} FROM ${events} WHERE ${eCode} IS NOT NULL)`);
    // One arm per (system, match) in use.
    const arms = new Map<string, string[]>();
    for (const name of used) {
      const s = shapes.get(name) as { system: CodeSystemId; match: 'exact' | 'prefix' };
      const key = `${s.system}:${s.match}`;
      arms.set(key, [...(arms.get(key) ?? []), name]);
    }
    const armSql = [...arms].map(([key, names]) => {
      const [system, match] = key.split(':') as [CodeSystemId, 'exact' | 'prefix'];
      const n = normaliseCodeSql(system, `r.${q('code')}`, f);
      const on = match === 'prefix' ? `${f.length(`k.${q('code')}`)} <= ${f.length(n)} AND ${f.prefix(n, f.length(`k.${q('code')}`))} = k.${q('code')}` : `k.${q('code')} = ${n}`;
      return `SELECT r.${q('code')} AS ${q('code')}, k.${q('codelist')} AS ${q('codelist')} FROM raw r JOIN cl k ON k.${q('codelist')} IN (${names.map(literal).join(', ')}) AND ${f.length(`r.${q('code')}`)} <= 100 AND ${on}`;
    });
    ctes.push(`code_hits AS (${armSql.join(' UNION ')})`);
    const day = dialect.day(`e.${eDate}`);
    ctes.push(
      `h AS (SELECT e.${ePerson} AS ${q('pid')}, x.${q('codelist')} AS ${q('codelist')}, x.${q('code')} AS ${q('code')}, ${day} AS ${q('d')}, ${eValue === null ? `CAST(NULL AS ${f.double})` : `CAST(e.${eValue} AS ${f.double})`} AS ${q('value')} FROM ${events} e JOIN code_hits x ON x.${q('code')} = ${f.text(`e.${eCode}`)} WHERE e.${ePerson} IS NOT NULL AND e.${eDate} IS NOT NULL AND ${day} <= ${date(o.asOf)})`,
    );
    const stage = (i: 0 | 1 | 2, alias: string, from: string) => {
      const columns = [...(stages[i] as Map<string, { alias: string; sql: string }>).values()];
      // A stage no rule needs is an empty table, not a second pass over the events.
      if (i > 0 && columns.length === 0) {
        ctes.push(`${alias} AS (SELECT a.${q('pid')} AS ${q('pid')} FROM a WHERE 1 = 0)`);
        return;
      }
      const select = columns.length === 0 ? '' : `, ${columns.map((c) => `${c.sql} AS ${q(c.alias)}`).join(', ')}`;
      ctes.push(`${alias} AS (SELECT h.${q('pid')} AS ${q('pid')}${select} FROM ${from} GROUP BY h.${q('pid')})`);
    };
    stage(0, 'a', 'h h');
    stage(1, 'b', `h h JOIN a ON a.${q('pid')} = h.${q('pid')}`);
    stage(2, 'c', `h h JOIN a ON a.${q('pid')} = h.${q('pid')} JOIN b ON b.${q('pid')} = h.${q('pid')}`);
  } else {
    for (const alias of ['a', 'b', 'c']) ctes.push(`${alias} AS (SELECT ${pId} AS ${q('pid')} FROM ${people} WHERE 1 = 0)`);
  }
  return `WITH ${ctes.join(',\n')}\n${outputs.join('\nUNION ALL\n')}`;
}
