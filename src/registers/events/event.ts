import * as z from 'zod';
import { IsoDateSchema, isIsoDate } from '../../core/dates.js';
import { issuesFromZod } from '../../core/validation.js';
import { errorText } from '../../core/snapshot.js';

/**
 * Zod schema of a coded clinical event: who, which code, on what day, and the value recorded
 * with it where there is one (an eFI score, an eGFR). The code's system is the system of the
 * codelist it is matched against, so one events table can hold SNOMED CT, dm+d and ICD-10 codes
 * together. Extra fields are allowed and ignored, so rows of a wider extract can be passed as
 * they are. A code is at most 100 characters.
 *
 * @example
 * CodedEventSchema.safeParse({ personId: 'p1', code: '44054006', date: '2019-03-02' }).success   // true
 * CodedEventSchema.safeParse({ personId: 'p1', code: '1107481000000106', date: '2024-01-10', value: 0.19 }).success // true
 */
export const CodedEventSchema = z.object({
  personId: z.string().min(1),
  code: z.string().min(1).max(100),
  date: IsoDateSchema,
  /** A numeric result, or null or absent when the event has none. */
  value: z.number().finite().nullable().optional(),
});

/**
 * A coded clinical event: `{ personId, code, date, value? }`.
 *
 * @example
 * const diagnosis: CodedEvent = { personId: 'p1', code: '44054006', date: '2019-03-02' };
 */
export type CodedEvent = z.infer<typeof CodedEventSchema>;

/**
 * Why an event is malformed, as `{ path, message }`, or undefined when {@link CodedEventSchema}
 * accepts it. The fast test runs first; the schema only explains a failure.
 */
export function eventProblem(event: unknown): { path: (string | number)[]; message: string } | undefined {
  if (typeof event === 'object' && event !== null && !Array.isArray(event)) {
    const { personId, code, date, value } = event as Record<string, unknown>;
    if (
      typeof personId === 'string' && personId.length > 0 &&
      typeof code === 'string' && code.length > 0 && code.length <= 100 &&
      isIsoDate(date) &&
      (value === undefined || value === null || (typeof value === 'number' && Number.isFinite(value)))
    ) {
      return undefined;
    }
  }
  let issue: { path: (string | number)[]; message: string } | undefined;
  try {
    const result = CodedEventSchema.safeParse(event);
    const first = result.success ? undefined : issuesFromZod(result.error.issues)[0];
    issue = first === undefined ? undefined : { path: [...first.path], message: first.message };
  } catch (error) {
    return { path: [], message: `Could not be read: ${errorText(error)}` };
  }
  return issue === undefined ? { path: [], message: 'Not an event: expected { personId, code, date, value? }' } : issue;
}
