import type { PhmIssue } from '../../core/errors.js';
import { issuesFromZod } from '../../core/validation.js';
import { isMarkerEntry, PersonSchema } from './person.js';
import { MAX_MARKERS_PER_PERSON } from './snapshot.js';

/**
 * Invalid marker entries a rejection lists one by one: 20; past them it says how many more.
 * Zod explains each bad entry in some microseconds, so a row of ten thousand bad entries would
 * otherwise cost a tenth of a second, and a megabyte of them several seconds.
 */
const MAX_EXPLAINED_MARKERS = 20;

/** Explanations kept for rows that are records of plain values, to share with rows alike. */
const MAX_SHARED_EXPLANATIONS = 1024;

/** The snapshot with its markers cut after the 20th invalid entry, and how many were cut. */
function trimmed(snapshot: Record<string, unknown>): { snapshot: Record<string, unknown>; more: number } {
  const { markers } = snapshot;
  // Too many entries at all: the schema says so from the length, without reading them.
  if (!Array.isArray(markers) || markers.length > MAX_MARKERS_PER_PERSON) return { snapshot, more: 0 };
  let invalid = 0;
  let cut = markers.length;
  for (let i = 0; i < markers.length; i++) {
    if (isMarkerEntry(markers[i])) continue;
    invalid++;
    if (invalid === MAX_EXPLAINED_MARKERS) cut = i + 1;
  }
  if (invalid <= MAX_EXPLAINED_MARKERS) return { snapshot, more: 0 };
  return { snapshot: { ...snapshot, markers: markers.slice(0, cut) }, more: invalid - MAX_EXPLAINED_MARKERS };
}

/**
 * Explains a snapshot that failed the check, with the schema's issues: at most 20 of its invalid
 * marker entries one by one, then one issue at `markers` saying how many more there are.
 * Throws when the schema does (a value inside the row whose traps throw).
 */
function explain(snapshot: unknown): readonly PhmIssue[] {
  const { snapshot: shown, more } = typeof snapshot === 'object' && snapshot !== null && !Array.isArray(snapshot) ? trimmed(snapshot as Record<string, unknown>) : { snapshot, more: 0 };
  const parsed = PersonSchema.safeParse(shown, { reportInput: true });
  // isPerson and the schema agree (property-tested), so a trimmed snapshot still fails.
  const issues = parsed.success ? [{ path: [], message: 'Rejected by the fast check but accepted by the schema' }] : issuesFromZod(parsed.error.issues);
  if (more === 0) return issues;
  return [...issues, { path: ['markers'], message: `... and ${more.toLocaleString('en-GB')} more invalid marker entries (the first ${MAX_EXPLAINED_MARKERS} are listed)` }];
}

/**
 * What a snapshot that is not a record is, for sharing its explanation: the schema's message
 * for such a value depends on nothing else. Undefined for a record, whose fields decide.
 */
function kindOf(snapshot: unknown): string | undefined {
  if (snapshot === null) return 'null';
  if (Array.isArray(snapshot)) return 'array';
  if (typeof snapshot === 'object') return undefined;
  if (typeof snapshot === 'number' && !Number.isFinite(snapshot)) return String(snapshot);
  return typeof snapshot;
}

/**
 * A primitive where the schema asks only for a type, in a key: what zod's message says of it
 * (`received number`, `received NaN`). Undefined for an object, which has no key.
 */
function typeTag(value: unknown): string | undefined {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : String(value);
  if (typeof value === 'object' || typeof value === 'function') return undefined;
  return typeof value;
}

/** A field whose every non-empty string is valid and read by no other rule (`id`, `locality`, a marker id). */
function textTag(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? 'text' : 'empty';
  return typeTag(value);
}

/** A field whose string or number values the schema reads (a date, `sex`, `imdDecile`): kept exactly. */
function valueTag(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length <= 16 ? `string:${value}` : undefined;
  if (typeof value === 'number') return `number:${String(value)}`;
  return typeTag(value);
}

/**
 * A key for a record snapshot's explanation: equal keys, equal explanations. Only for records
 * of plain values with a few markers (a row of a JSON extract, say); undefined otherwise. The
 * key keeps of each value only what the schema reads: an id or a locality is "some text" or
 * not, a number where a date belongs is "a number", so rows that differ only there share an
 * explanation; dates, `sex` and `imdDecile` are kept as they are (up to 16 characters).
 */
function keyOf(snapshot: Record<string, unknown>): string | undefined {
  const { id, birthDate, sex, deathDate, registrationDate, deregistrationDate, imdDecile, locality, markers } = snapshot;
  const parts = [textTag(id), valueTag(birthDate), valueTag(sex), valueTag(deathDate), valueTag(registrationDate), valueTag(deregistrationDate), valueTag(imdDecile), textTag(locality)];
  if (Array.isArray(markers)) {
    if (markers.length > 8) return undefined;
    parts.push(`[${markers.length}]`, ...markers.map(textTag));
  } else parts.push(typeTag(markers));
  if (parts.includes(undefined)) return undefined;
  return parts.join('\u0000');
}

function frozen(issues: readonly PhmIssue[]): readonly PhmIssue[] {
  return Object.freeze(issues.map((issue) => Object.freeze({ ...issue, path: Object.freeze([...issue.path]) })));
}

/**
 * The explanations of rejected snapshots, for one screen: `issuesOf(snapshot)` returns the
 * zod-style issues of a snapshot that failed the check. Rows that are not records (the holes of
 * a sparse array, `null`) share one frozen explanation per kind of value, and records of plain
 * values share one per key (up to 1,024 of them), so a million junk rows cost a million small
 * objects, not a million schema runs. Throws when the schema does.
 */
export function createExplainer() {
  const byKind = new Map<string, readonly PhmIssue[]>();
  const byKey = new Map<string, readonly PhmIssue[]>();
  const shared = (lists: Map<string, readonly PhmIssue[]>, key: string, snapshot: unknown): readonly PhmIssue[] => {
    let issues = lists.get(key);
    if (issues === undefined) {
      issues = frozen(explain(snapshot));
      if (lists.size < MAX_SHARED_EXPLANATIONS) lists.set(key, issues);
    }
    return issues;
  };
  return (snapshot: unknown): readonly PhmIssue[] => {
    const kind = kindOf(snapshot);
    if (kind !== undefined) return shared(byKind, kind, snapshot);
    const key = keyOf(snapshot as Record<string, unknown>);
    return key === undefined ? explain(snapshot) : shared(byKey, key, snapshot);
  };
}
