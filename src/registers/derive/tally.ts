/**
 * Every event a derivation reads, counted once, in exactly one of these.
 *
 * @example
 * const { events } = deriveMarkers(rows, registers, options);
 * events.total === events.read + events.afterAsOf + events.noCodelist + events.unknownPerson + events.rejectedPerson + events.malformed; // true
 */
export interface EventCounts {
  readonly total: number;
  /** Read by the registers: a known person's event, in a codelist, on or before `asOf`. */
  readonly read: number;
  /** In a codelist, but dated after `asOf`: not read. */
  readonly afterAsOf: number;
  /** Its code is in none of the codelists the registers read. */
  readonly noCodelist: number;
  /** Its person is not among the people given. */
  readonly unknownPerson: number;
  /** Its person was rejected (see `rejectedPeople`). */
  readonly rejectedPerson: number;
  /** Not an event: no person id, code or valid date, or a value that is not a finite number. */
  readonly malformed: number;
}

/**
 * An event listed in a derivation's report: where it was, what kind of problem, and in words.
 *
 * @example
 * const reported: ReportedEvent = { index: 12, kind: 'malformed', path: ['date'], message: '2023 has no 29 February' };
 */
export interface ReportedEvent {
  /** Position of the event in the input (0-based). */
  readonly index: number;
  readonly kind: 'malformed' | 'unknown-person' | 'rejected-person';
  /** Where in the event the problem is, for a malformed event. */
  readonly path?: readonly (string | number)[];
  readonly message: string;
}

/**
 * A code found in no codelist, with how many events carried it: a codelist that was left out
 * or a code written in another form shows here first.
 *
 * @example
 * const unmatched: UnmatchedCode = { code: 'E11.9', events: 1204 };
 */
export interface UnmatchedCode {
  readonly code: string;
  readonly events: number;
}

/** Distinct unmatched codes tracked; beyond it the rest are counted, not listed. */
const MAX_TRACKED_CODES = 100_000;

export interface EventTally {
  read(): void;
  afterAsOf(): void;
  noCodelist(code: string): void;
  unknownPerson(index: number, personId: string): void;
  rejectedPerson(index: number, personId: string): void;
  malformed(index: number, path: readonly (string | number)[], message: string): void;
  result(): { events: EventCounts; reportedEvents: ReportedEvent[]; unmatchedCodes: UnmatchedCode[] };
}

/** The running account of a derivation's events, listing at most `maxReported` of each problem. */
export function createEventTally(maxReported: number): EventTally {
  const counts = { read: 0, afterAsOf: 0, noCodelist: 0, unknownPerson: 0, rejectedPerson: 0, malformed: 0 };
  const reported: ReportedEvent[] = [];
  const unmatched = new Map<string, number>();
  const report = (event: ReportedEvent) => {
    if (reported.length < maxReported) reported.push(event);
  };
  return {
    read: () => void counts.read++,
    afterAsOf: () => void counts.afterAsOf++,
    noCodelist: (code) => {
      counts.noCodelist++;
      const n = unmatched.get(code);
      if (n !== undefined) unmatched.set(code, n + 1);
      else if (unmatched.size < MAX_TRACKED_CODES) unmatched.set(code, 1);
    },
    unknownPerson: (index, personId) => {
      counts.unknownPerson++;
      report({ index, kind: 'unknown-person', message: `No person has id '${personId}'` });
    },
    rejectedPerson: (index, personId) => {
      counts.rejectedPerson++;
      report({ index, kind: 'rejected-person', message: `Person '${personId}' was rejected (see rejectedPeople)` });
    },
    malformed: (index, path, message) => {
      counts.malformed++;
      report({ index, kind: 'malformed', path, message });
    },
    result: () => {
      const total = counts.read + counts.afterAsOf + counts.noCodelist + counts.unknownPerson + counts.rejectedPerson + counts.malformed;
      const unmatchedCodes = [...unmatched]
        .map(([code, events]) => ({ code, events }))
        .sort((a, b) => b.events - a.events || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
        .slice(0, maxReported);
      return { events: { total, ...counts }, reportedEvents: reported, unmatchedCodes };
    },
  };
}
