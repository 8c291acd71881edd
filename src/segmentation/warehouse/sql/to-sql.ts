import type { DeepReadonly } from '../../../core/freeze.js';
import { toEpochDay, type IsoDate } from '../../../core/dates.js';
import { PhmValidationError, type PhmIssue } from '../../../core/errors.js';
import { describeIssues, parseInput } from '../../../core/validation.js';
import { MARKER_CATALOGUE } from '../../model/markers.js';
import { conditionPlaces, defineModel, type ModelSpec, type SegmentationModel } from '../../model/model.js';
import type { Rule } from '../../model/rule.js';
import { combine, createRuleCompiler, dayBound, SEX_ORDER, TRUE } from './conditions.js';
import { createSafetyCheck, SQL_DIALECTS, type SqlDialectId } from './dialects.js';
import { SqlOptionsSchema, type ParsedSqlOptions, type SqlOptions } from './options.js';

/**
 * One column of the query's result: its name and what it holds.
 *
 * @example
 * const { columns } = toSql(leeds2024, { dialect: 'tsql', asOf: '2024-04-01' });
 * const status: SqlResultColumn | undefined = columns.find((c) => c.name === 'status');
 * status?.description; // "'assigned', 'rejected' or 'excluded'"
 */
export interface SqlResultColumn {
  readonly name: string;
  readonly description: string;
}

/**
 * A segmentation model compiled to one SQL query (or view) for one evaluation date.
 *
 * @example
 * const compiled: SegmentationSql = toSql(leeds2024, { dialect: 'duckdb', asOf: '2024-04-01' });
 * compiled.sql;                        // run it in the warehouse
 * compiled.columns.map((c) => c.name); // ['person_id', 'status', 'reason', 'segment', 'segment_index']
 */
export interface SegmentationSql {
  readonly dialect: SqlDialectId;
  readonly asOf: IsoDate;
  readonly model: { readonly id: string; readonly label: string };
  /** The statement, without a trailing semicolon. */
  readonly sql: string;
  /** The result's columns, in order. */
  readonly columns: readonly SqlResultColumn[];
  /** Segment ids by `segment_index`, as in `model.segments`. */
  readonly segments: readonly string[];
}

/** `status` and `reason` by `status_code`: the classifier's outcomes, in its words. */
const STATUSES = [
  ['assigned', null],
  ['rejected', 'invalid-record'],
  ['rejected', 'duplicate-id'],
  ['excluded', 'deceased'],
  ['excluded', 'not-yet-born'],
  ['excluded', 'deregistered'],
  ['excluded', 'not-yet-registered'],
] as const;

const snake = (id: string) => id.replace(/-/g, '_');

/**
 * A `markerCodes` key that names no marker would be silently ignored (the model would then look
 * for the id itself), and a sex code listed for two sexes would make the first win by accident:
 * both are refused.
 */
function checkCodeMaps(o: ParsedSqlOptions, model: SegmentationModel): void {
  const known = new Set<string>([...MARKER_CATALOGUE.map((m) => m.id), ...(model.markers ?? []).map((m) => m.id)]);
  const issues: PhmIssue[] = Object.keys(o.markerCodes ?? {})
    .filter((id) => !known.has(id))
    .map((id) => ({ path: ['markerCodes', id], message: `'${id}' is not a marker of the catalogue or of model '${model.id}'` }));
  const sexOf = new Map<string, string>();
  for (const [sex, codes] of Object.entries(o.sexCodes ?? {})) {
    for (const code of typeof codes === 'string' ? [codes] : codes) {
      const other = sexOf.get(code);
      if (other !== undefined && other !== sex) issues.push({ path: ['sexCodes', sex], message: `Code '${code}' is already listed for ${other}` });
      sexOf.set(code, sex);
    }
  }
  if (issues.length > 0) throw new PhmValidationError(`Invalid options: ${describeIssues(issues)}`, issues);
}

/**
 * Compiles a segmentation model into one SQL query that assigns every person in a database table
 * to their segment on `asOf`, with the classifier's rules and outcomes: one row per person-table
 * row, with `status` (`assigned`, `rejected` or `excluded`), `reason`, `segment`,
 * `segment_index`, `condition_count` and one `overlay__` column per overlay; `flags: true` adds
 * the matched, sub-segment and condition flags. Dialects: `ansi`, `postgresql`, `tsql`,
 * `duckdb` and `spark`.
 *
 * The default layout is a person table `people` (`person_id`, `birth_date`, `sex`,
 * `death_date`) and a long marker table `person_markers` (`person_id`, `marker`, `from_date`,
 * `to_date`, one row per marker episode, dates null when open); `table`, `markerTable`,
 * `columns`, `sexCodes` and `markerCodes` map it onto yours. Every name is quoted and every
 * value escaped for the dialect; a name or value that cannot be made safe is refused with a
 * `PhmModelError` (`unsafe-sql-name`). docs/sql.md lists what the query checks.
 *
 * The query is one SELECT of nested derived tables (no WITH clause), so it can be a subquery in
 * every dialect.
 *
 * @example
 * const { sql } = toSql(leeds2024, { dialect: 'postgresql', asOf: '2024-04-01', table: ['warehouse', 'people'] });
 * // SELECT segment, COUNT(*) FROM (<sql>) AS s WHERE status = 'assigned' GROUP BY segment
 */
export function toSql(model: DeepReadonly<ModelSpec> | SegmentationModel, options: DeepReadonly<SqlOptions>): SegmentationSql {
  const checked = defineModel(model);
  const o = parseInput(SqlOptionsSchema, options, 'options');
  const dialect = SQL_DIALECTS[o.dialect];
  const safe = createSafetyCheck(dialect);
  const q = dialect.quote;
  const { columns: cols, asOf } = o;

  const tableName = (name: string | readonly string[], path: string) => {
    const parts = typeof name === 'string' ? [name] : name;
    return parts.map((part, i) => safe.identifier(part, typeof name === 'string' ? [path] : [path, i], 'Table name')).join('.');
  };
  const column = (key: keyof typeof cols) => {
    const name = cols[key];
    return name === null ? undefined : safe.identifier(name, ['columns', key], 'Column name');
  };
  const codes = (list: string | readonly string[], path: (string | number)[]) =>
    (typeof list === 'string' ? [list] : list).map((code) => safe.literal(code, path, 'Code')).join(', ');

  const people = tableName(o.table, 'table');
  const markers = tableName(o.markerTable, 'markerTable');
  const c = {
    id: column('id') as string,
    birth: column('birthDate') as string,
    sex: column('sex'),
    death: column('deathDate'),
    registration: column('registrationDate'),
    deregistration: column('deregistrationDate'),
    markerPerson: column('markerPersonId') as string,
    marker: column('marker') as string,
    from: column('markerFrom'),
    to: column('markerTo'),
  };
  const view = o.view === undefined ? undefined : { name: tableName(o.view.name, 'view'), replace: o.view.replace };
  if (view?.replace === true && dialect.replaceView === undefined) {
    throw new PhmValidationError('Invalid options: ANSI SQL has no statement that replaces a view', [
      { path: ['view', 'replace'], message: `The ${dialect.id} dialect cannot replace a view; drop it first, or choose an engine's dialect` },
    ]);
  }

  const segments = checked.segments;
  const catchAll = segments.length - 1;
  const rules = createRuleCompiler(dialect, asOf, q);
  const segmentTests = segments.slice(0, catchAll).map((s) => rules.compile((s as { rule: Rule }).rule));
  const subsegmentTests = segments.map((s) => (s.subsegments ?? []).map((sub) => rules.compile(sub.rule)));
  const overlays = (checked.overlays ?? []).map((o, k) => ({ id: o.id, test: rules.compile(o.rule), path: ['model', 'overlays', k, 'id'] }));

  checkCodeMaps(o, checked);

  // Marker codes are values in the data: each is escaped, and refused when it cannot be.
  const markerCodes = new Map<string, string>();
  for (const flag of rules.flags) {
    if (markerCodes.has(flag.marker)) continue;
    const mapped = o.markerCodes !== undefined && Object.hasOwn(o.markerCodes, flag.marker) ? o.markerCodes[flag.marker] : undefined;
    markerCodes.set(flag.marker, mapped === undefined ? codes(flag.marker, ['model', 'markers', flag.marker]) : codes(mapped, ['markerCodes', flag.marker]));
  }
  const sexCodes = SEX_ORDER.map((sex) => {
    const mapped = o.sexCodes === undefined ? sex : Object.hasOwn(o.sexCodes, sex) ? o.sexCodes[sex] : undefined;
    return mapped === undefined ? undefined : codes(mapped, ['sexCodes', sex]);
  });
  safe.throwIfAny();

  const after = toEpochDay(asOf) + 1;
  const m = (col: string) => `m.${col}`;
  const flagColumns = rules.flags.map((flag) => {
    const active = combine('AND', [
      `${m(c.marker)} IN (${markerCodes.get(flag.marker)})`,
      c.from === undefined ? TRUE : combine('OR', [`${m(c.from)} IS NULL`, dayBound(dialect, m(c.from), '<', after)]),
      c.to === undefined || flag.start === undefined ? TRUE : combine('OR', [`${m(c.to)} IS NULL`, dayBound(dialect, m(c.to), '>=', toEpochDay(flag.start))]),
    ]);
    return `MAX(CASE WHEN ${active} THEN 1 ELSE 0 END) AS ${q(flag.column)}`;
  });
  const badMarker = combine('OR', [`${m(c.marker)} IS NULL`, dialect.isEmpty(m(c.marker)), ...(c.from !== undefined && c.to !== undefined ? [`${dialect.day(m(c.from))} > ${dialect.day(m(c.to))}`] : [])]);
  const sexCase = c.sex === undefined
    ? '0'
    : `CASE WHEN p.${c.sex} IS NULL THEN 0 ${sexCodes.map((list, i) => (list === undefined ? '' : `WHEN p.${c.sex} IN (${list}) THEN ${i + 1} `)).join('')}ELSE -1 END`;
  const invalid = combine('OR', [
    `${q('person_id')} IS NULL`,
    dialect.isEmpty(q('person_id')),
    `${q('birth_date')} IS NULL`,
    `${q('sex_code')} = -1`,
    `${q('bad_marker')} = 1`,
    ...(c.death === undefined ? [] : [`${dialect.day(q('death_date'))} < ${dialect.day(q('birth_date'))}`]),
    ...(c.deregistration === undefined ? [] : [`${dialect.day(q('deregistration_date'))} < ${dialect.day(q('birth_date'))}`]),
    ...(c.registration === undefined || c.deregistration === undefined ? [] : [`${dialect.day(q('deregistration_date'))} < ${dialect.day(q('registration_date'))}`]),
  ]);
  // A person who left both ways is out for the first; a death on the day of the deregistration is a death.
  const diedFirst = c.deregistration === undefined ? TRUE : combine('OR', [`${q('deregistration_date')} IS NULL`, `${dialect.day(q('death_date'))} <= ${dialect.day(q('deregistration_date'))}`]);
  const statusCase = [
    `WHEN ${q('invalid')} = 1 THEN 1`,
    `WHEN ${q('valid_rows')} > 1 THEN 2`,
    ...(c.death === undefined ? [] : [`WHEN ${combine('AND', [`${q('death_date')} IS NOT NULL`, dayBound(dialect, q('death_date'), '<', after), diedFirst])} THEN 3`]),
    ...(c.deregistration === undefined ? [] : [`WHEN ${combine('AND', [`${q('deregistration_date')} IS NOT NULL`, dayBound(dialect, q('deregistration_date'), '<', after)])} THEN 5`]),
    `WHEN ${dayBound(dialect, q('birth_date'), '>=', after)} THEN 4`,
    ...(c.registration === undefined ? [] : [`WHEN ${combine('AND', [`${q('registration_date')} IS NOT NULL`, dayBound(dialect, q('registration_date'), '>=', after)])} THEN 6`]),
  ];
  const assigned = `${q('status_code')} = 0`;
  const segmentCase = segmentTests.map((test, i) => `WHEN ${test} THEN ${i}`);
  // The condition flags: every sub-segment id of the model once, set when any sub-segment of that id holds.
  const conditions = conditionPlaces(segments).map(({ id, places }) => ({
    id,
    test: combine('OR', places.map((p) => subsegmentTests[p.segment]?.[p.subsegment] as string)),
    path: ['model', 'segments', places[0]?.segment as number, 'subsegments', places[0]?.subsegment as number, 'id'],
  }));
  const conditionCount = conditions.length === 0 ? '0' : conditions.map((cd) => `CASE WHEN ${cd.test} THEN 1 ELSE 0 END`).join(' + ');
  const flagOutputs = o.flags
    ? [
        ...segments.slice(0, catchAll).map((s, i) => ({
          name: `matched_${snake(s.id)}`,
          sql: `CASE WHEN ${assigned} THEN CASE WHEN ${segmentTests[i]} THEN 1 ELSE 0 END END`,
          description: `1 when the rule of segment '${s.id}' held (whatever the precedence), else 0; null unless assigned`,
          path: ['model', 'segments', i, 'id'],
        })),
        ...segments.flatMap((s, i) =>
          (s.subsegments ?? []).map((sub, j) => ({
            name: `subsegment__${snake(s.id)}__${snake(sub.id)}`,
            sql: `CASE WHEN ${q('segment_index')} = ${i} THEN CASE WHEN ${subsegmentTests[i]?.[j]} THEN 1 ELSE 0 END WHEN ${assigned} THEN 0 END`,
            description: `1 when assigned to '${s.id}' and sub-segment '${sub.id}' held, else 0; null unless assigned`,
            path: ['model', 'segments', i, 'subsegments', j, 'id'],
          })),
        ),
        ...conditions.map((cd) => ({
          name: `condition__${snake(cd.id)}`,
          sql: `CASE WHEN ${assigned} THEN CASE WHEN ${cd.test} THEN 1 ELSE 0 END END`,
          description: `1 when the condition flag '${cd.id}' (a sub-segment of the model) held, whatever the segment, else 0; null unless assigned`,
          path: cd.path,
        })),
      ]
    : [];
  // Overlays are part of every result, as the classifier's `overlays` are: written with or without `flags`.
  const overlayOutputs = overlays.map((o) => ({
    name: `overlay__${snake(o.id)}`,
    sql: `CASE WHEN ${assigned} THEN CASE WHEN ${o.test} THEN 1 ELSE 0 END END`,
    description: `1 when the overlay '${o.id}' held (a flag beside the hierarchy), else 0; null unless assigned`,
    path: o.path,
  }));
  flagOutputs.unshift(...overlayOutputs);
  const flagNames = flagOutputs.map((f) => safe.identifier(f.name, f.path, 'Flag column'));
  safe.throwIfAny();

  // Nested derived tables rather than WITH: the query can then sit inside any other query as a
  // subquery, which SQL Server does not allow of a query that has a WITH clause, and no name of
  // the query's own can hide a table of the caller's.
  const indent = (lines: readonly string[]) => lines.flatMap((line) => line.split('\n')).map((line) => `  ${line}`);
  const nest = (select: string, inner: readonly string[], alias: string): string[] => [select, 'FROM (', ...indent(inner), `) AS ${alias}`];
  const flagsQuery = [
    `SELECT ${[`${m(c.markerPerson)} AS ${q('person_id')}`, `MAX(CASE WHEN ${badMarker} THEN 1 ELSE 0 END) AS ${q('bad_marker')}`, ...flagColumns].join(',\n  ')}`,
    `FROM ${markers} AS m`,
    `GROUP BY ${m(c.markerPerson)}`,
  ];
  const peopleQuery = [
    `SELECT ${[
      `p.${c.id} AS ${q('person_id')}`,
      `p.${c.birth} AS ${q('birth_date')}`,
      ...(c.death === undefined ? [] : [`p.${c.death} AS ${q('death_date')}`]),
      ...(c.registration === undefined ? [] : [`p.${c.registration} AS ${q('registration_date')}`]),
      ...(c.deregistration === undefined ? [] : [`p.${c.deregistration} AS ${q('deregistration_date')}`]),
      `${sexCase} AS ${q('sex_code')}`,
      ...['bad_marker', ...rules.flags.map((f) => f.column)].map((name) => `COALESCE(f.${q(name)}, 0) AS ${q(name)}`),
    ].join(',\n  ')}`,
    `FROM ${people} AS p`,
    'LEFT JOIN (',
    ...indent(flagsQuery),
    `) AS f ON f.${q('person_id')} = p.${c.id}`,
  ];
  const checkedQuery = nest(`SELECT r.*, CASE WHEN ${invalid} THEN 1 ELSE 0 END AS ${q('invalid')}`, peopleQuery, 'r');
  // Several valid rows with one id are all rejected, as segmentPopulation rejects them.
  const screenedQuery = nest(`SELECT s.*, SUM(1 - s.${q('invalid')}) OVER (PARTITION BY s.${q('person_id')}) AS ${q('valid_rows')}`, checkedQuery, 's');
  const evaluatedQuery = nest(`SELECT t.*, CASE ${statusCase.join(' ')} ELSE 0 END AS ${q('status_code')}`, screenedQuery, 't');
  const segmentIndex = segmentCase.length === 0 ? String(catchAll) : `CASE ${segmentCase.join(' ')} ELSE ${catchAll} END`;
  const indexedQuery = nest(`SELECT e.*, CASE WHEN ${assigned} THEN ${segmentIndex} END AS ${q('segment_index')}`, evaluatedQuery, 'e');
  const header = `-- phm-kit toSql: model ${safe.comment(checked.id, ['model', 'id'], 'Model id')}, as of ${safe.comment(asOf, ['asOf'], 'Date')}, ${dialect.id}`;
  safe.throwIfAny();
  const lines = [
    header,
    ...nest(
      `SELECT ${[
        q('person_id'),
        `CASE ${q('status_code')} ${STATUSES.map(([status], i) => `WHEN ${i} THEN ${dialect.text(status)}`).join(' ')} END AS ${q('status')}`,
        `CASE ${q('status_code')} ${STATUSES.slice(1).map(([, reason], i) => `WHEN ${i + 1} THEN ${dialect.text(reason as string)}`).join(' ')} END AS ${q('reason')}`,
        `CASE ${q('segment_index')} ${segments.map((s, i) => `WHEN ${i} THEN ${dialect.text(s.id)}`).join(' ')} END AS ${q('segment')}`,
        q('segment_index'),
        `CASE WHEN ${assigned} THEN ${conditionCount} END AS ${q('condition_count')}`,
        ...flagOutputs.map((f, i) => `${f.sql} AS ${flagNames[i]}`),
      ].join(',\n  ')}`,
      indexedQuery,
      'a',
    ),
  ];
  const query = lines.join('\n');
  const sql = view === undefined ? query : `${view.replace ? dialect.replaceView : 'CREATE VIEW'} ${view.name} AS\n${query}`;
  return {
    dialect: dialect.id,
    asOf,
    model: { id: checked.id, label: checked.label },
    sql,
    columns: [
      { name: 'person_id', description: 'the person table id, as it is' },
      { name: 'status', description: "'assigned', 'rejected' or 'excluded'" },
      { name: 'reason', description: "null when assigned; 'invalid-record', 'duplicate-id', 'deceased', 'deregistered', 'not-yet-born' or 'not-yet-registered'" },
      { name: 'segment', description: 'the assigned segment id; null unless assigned' },
      { name: 'segment_index', description: "the segment's position in model.segments (0-based); null unless assigned" },
      { name: 'condition_count', description: 'how many of the condition flags (the sub-segments of the model, each id once) held, whatever the segment; null unless assigned' },
      ...flagOutputs.map(({ name, description }) => ({ name, description })),
    ],
    segments: segments.map((s) => s.id),
  };
}
