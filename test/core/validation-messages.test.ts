import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { refusalOf } from '../support/issues.js';
import { allocateEnvelopes } from 'phm-kit/finance';
import { classify, leeds2024, segmentPopulation, transitions } from 'phm-kit/segmentation';
import { deriveMarkers } from 'phm-kit/registers';

/** The PhmValidationError that `run` throws: its message and issues. */
const refusal = (run: () => unknown) => refusalOf(run, PhmValidationError);

const person = { id: 'p1', birthDate: '1950-01-01', markers: [] };

describe('errors a newcomer understands', () => {
  it('leaving out the options says which fields are needed, with an example date', () => {
    expect(refusal(() => classify(person, leeds2024, undefined as never)).message).toBe("Invalid options: None were given: asOf is needed, e.g. { asOf: '2024-04-01' }");
    expect(refusal(() => segmentPopulation([], leeds2024, undefined as never)).issues).toEqual([{ path: [], message: "None were given: asOf is needed, e.g. { asOf: '2024-04-01' }" }]);
    expect(refusal(() => transitions([], leeds2024, undefined as never)).message).toBe("Invalid options: None were given: from, to are needed, e.g. { from: '2024-04-01', to: '2024-04-01' }");
  });

  it('a field left out is told it is missing, a date with its form', () => {
    expect(refusal(() => classify(person, leeds2024, {} as never)).issues).toEqual([{ path: ['asOf'], message: 'Required, but missing: a calendar date written YYYY-MM-DD, e.g. 2024-04-01' }]);
    expect(refusal(() => classify({ birthDate: '1950-01-01', markers: [] }, leeds2024, { asOf: '2024-04-01' })).issues).toEqual([{ path: ['id'], message: 'Required, but missing (expected a string)' }]);
    expect(refusal(() => classify({ id: 'p1', birthDate: '1950-01-01' }, leeds2024, { asOf: '2024-04-01' })).issues).toEqual([{ path: ['markers'], message: 'Required, but missing (expected an array)' }]);
  });

  it('a value of the wrong type is not called missing, whether or not the parse kept the input', () => {
    expect(refusal(() => classify({ ...person, id: 7 }, leeds2024, { asOf: '2024-04-01' })).issues).toEqual([{ path: ['id'], message: 'Invalid input: expected string, received number' }]);
    // deriveMarkers reads events with a parse that keeps no input (events are many); a value of
    // Infinity or a string used to be reported as "Required, but missing".
    const read = (value: unknown) => deriveMarkers([{ personId: 'p', code: 'E11', date: '2020-01-01', value }, { personId: 'p', date: '2020-01-01' }], [], { asOf: '2020-01-31', people: [{ id: 'p', birthDate: '1950-01-01' }], codelists: [] }).reportedEvents.map((e) => [e.path, e.message]);
    expect(read(Number.POSITIVE_INFINITY)).toEqual([[['value'], 'Invalid input: expected number, received Infinity'], [['code'], 'Required, but missing (expected a string)']]);
    expect(read('0.2')).toEqual([[['value'], 'Invalid input: expected number, received string'], [['code'], 'Required, but missing (expected a string)']]);
  });

  it('one fault gives one issue: an empty or impossible deathDate is not also before the birth date', () => {
    for (const deathDate of ['', '2023-02-29', 'soon']) {
      const { issues } = refusal(() => classify({ ...person, deathDate }, leeds2024, { asOf: '2024-04-01' }));
      expect(issues).toHaveLength(1);
      expect(issues[0]?.path).toEqual(['deathDate']);
    }
    expect(refusal(() => classify({ ...person, deathDate: '2023-02-29' }, leeds2024, { asOf: '2024-04-01' })).issues[0]?.message).toBe('2023 has no 29 February (it is not a leap year)');
    // The cross-field check still runs when both dates are valid, and alongside other faults.
    expect(refusal(() => classify({ ...person, deathDate: '1940-01-01', sex: 'x' }, leeds2024, { asOf: '2024-04-01' })).issues.map((i) => i.path)).toEqual([['sex'], ['deathDate']]);
    const marker = refusal(() => classify({ ...person, markers: [{ id: 'ltc-copd', from: '2020-01-01', to: '2020-13-01' }] }, leeds2024, { asOf: '2024-04-01' }));
    expect(marker.issues).toHaveLength(1);
    expect(refusal(() => transitions([], leeds2024, { from: '2024-04-01', to: '' })).issues).toHaveLength(1);
    expect(refusal(() => transitions([], leeds2024, { from: '2024-04-01', to: '2023-04-01' })).issues).toEqual([{ path: ['to'], message: '`from` must not be after `to`' }]);
  });

  it('every enum error lists every accepted value: the envelope method names paceOfChange', () => {
    const { message } = refusal(() => allocateEnvelopes({ total: '100.00', method: { kind: 'fair' }, segments: [] } as never));
    for (const kind of ['historic', 'capitation', 'blend', 'paceOfChange']) expect(message).toContain(`'${kind}'`);
    const target = refusal(() => allocateEnvelopes({ total: '100.00', method: { kind: 'paceOfChange', target: { kind: 'paceOfChange' }, pace: 0.5 }, segments: [] } as never));
    expect(target.issues.find((i) => i.path.join('.') === 'method.target.kind')?.message).toContain('cannot target another');
    expect(refusal(() => classify({ ...person, sex: 'woman' }, leeds2024, { asOf: '2024-04-01' })).issues[0]?.message).toBe('Invalid option: expected one of "female"|"male"|"indeterminate"|"unknown"');
  });
});

describe('dateProblem names the calendar fault, for the year given', () => {
  it('says how many days the month has in that year, leap years included', async () => {
    const { dateProblem } = await import('phm-kit');
    expect(dateProblem('2024-02-30')).toBe('2024 has no 30 February: February 2024 has 29 days');
    expect(dateProblem('2023-02-30')).toBe('2023 has no 30 February: February 2023 has 28 days');
    expect(dateProblem('2023-02-29')).toBe('2023 has no 29 February (it is not a leap year)');
    expect(dateProblem('2024-01-32')).toBe('2024 has no 32 January: January 2024 has 31 days');
    expect(dateProblem('2024-04-01')).toBe('Expected a calendar date written YYYY-MM-DD, e.g. 2024-04-01');
  });
});
