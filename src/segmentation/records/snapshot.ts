/**
 * The most marker entries one person record may have: 10,000. A real record has a few dozen at
 * most; the limit is there so that one row (an array whose `length` says four billion, a proxy)
 * cannot make a call run for minutes or exhaust memory. PersonSchema states it too, so
 * `isPerson`, the schema and the batch functions agree.
 *
 * @example
 * MAX_MARKERS_PER_PERSON // 10000
 */
export const MAX_MARKERS_PER_PERSON = 10_000;

/**
 * Stands in, in a snapshot, for a markers array longer than {@link MAX_MARKERS_PER_PERSON}: its
 * entries are never read. The schema checks an array's length before its entries, so this is
 * refused as too long without a look at the holes.
 */
const TOO_MANY_MARKERS: readonly unknown[] = Object.freeze(new Array<unknown>(MAX_MARKERS_PER_PERSON + 1));

/** Stands in for an array where a record or a marker entry belongs: the schema only says "array". */
const AN_ARRAY: readonly unknown[] = Object.freeze([]);

/** The markers of everyone who has none: one shared frozen array, not one each. */
const NO_MARKERS: readonly unknown[] = Object.freeze([]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** One marker entry, read once: a dated entry becomes a fresh `{ id, from, to }`. */
function entrySnapshot(entry: unknown): unknown {
  if (!isObject(entry)) return entry;
  if (Array.isArray(entry)) return AN_ARRAY;
  return { id: entry['id'], from: entry['from'], to: entry['to'] };
}

/** A markers field, read once: an array is copied entry by entry, anything else kept as it is. */
function markersSnapshot(markers: unknown): unknown {
  if (!isObject(markers) || !Array.isArray(markers)) return markers;
  const length: unknown = markers.length;
  // A proxy can claim any length; a real array cannot be longer than 2^32 - 1.
  if (!(typeof length === 'number' && length <= MAX_MARKERS_PER_PERSON)) return TOO_MANY_MARKERS;
  if (length === 0) return NO_MARKERS;
  // Sized once: most people have a handful of markers, and a growing array would reserve more.
  const copy = new Array<unknown>(length);
  for (let i = 0; i < length; i++) copy[i] = entrySnapshot(markers[i]);
  return copy;
}

/**
 * A row read exactly once into a fresh plain object: the seven person fields (absent ones
 * `undefined`), and the markers copied, each dated entry as a fresh `{ id, from, to }`. Extra
 * fields are not read. A value that is not an object is returned as it is; an array row becomes
 * an empty frozen array, which the schema refuses just the same.
 *
 * Everything after the screen (the check itself, the explanation of a rejection, the
 * classifier, the counts, duplicate ids) reads the snapshot and never the row again, so a
 * getter or proxy trap that answers differently, or throws, on a second read cannot split a
 * row between two outcomes. Throws whatever reading the row throws: the caller rejects the
 * row as unreadable.
 *
 * @example
 * const row = { id: 'p1', birthDate: '1990-05-01', markers: [{ id: 'cancer', from: '2020-01-01' }], nhsNumber: '...' };
 * snapshotOf(row); // { id: 'p1', birthDate: '1990-05-01', sex: undefined, ..., markers: [{ id: 'cancer', from: '2020-01-01', to: undefined }] }
 */
export function snapshotOf(row: unknown): unknown {
  if (!isObject(row)) return row;
  if (Array.isArray(row)) return AN_ARRAY;
  // One read of each field, in the order isPerson checks them.
  const id = row['id'];
  const birthDate = row['birthDate'];
  const sex = row['sex'];
  const deathDate = row['deathDate'];
  const registrationDate = row['registrationDate'];
  const deregistrationDate = row['deregistrationDate'];
  const imdDecile = row['imdDecile'];
  const locality = row['locality'];
  const markers = markersSnapshot(row['markers']);
  return { id, birthDate, sex, deathDate, registrationDate, deregistrationDate, imdDecile, locality, markers };
}
