/**
 * One entry of the audit trail of an accelerator choice: what happened at which step, in words
 * and as data, so that a board can follow and defend the decision.
 *
 * @example
 * for (const entry of selectAccelerator(input).audit) console.log(`[step ${entry.step}] ${entry.message}`);
 */
export interface AuditEntry {
  /** 0 for the inputs, then the step it belongs to. */
  readonly step: 0 | 1 | 2 | 3;
  readonly kind: 'inputs' | 'normalisation' | 'score' | 'shortlist' | 'tie' | 'votes' | 'feasibility' | 'ranking' | 'recommendation';
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Records an audit entry. The message and data are written only when asked for: `sensitivity`
 * reruns the method thousands of times and reads none of them, so it passes {@link unrecorded}.
 */
export type AuditLog = (step: AuditEntry['step'], kind: AuditEntry['kind'], message: () => string, data?: () => Record<string, unknown>) => void;

/** An audit log that keeps entries in `trail`, in order. */
export function recordInto(trail: AuditEntry[]): AuditLog {
  return (step, kind, message, data) => {
    trail.push({ step, kind, message: message(), data: data === undefined ? {} : data() });
  };
}

/** An audit log that writes nothing, for reruns whose trail nobody reads. */
export const unrecorded: AuditLog = () => undefined;

/** A 0-100 figure in an audit message: one decimal place. */
export const f1 = (n: number): string => n.toFixed(1);
