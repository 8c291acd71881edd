/**
 * Inputs are read once into plain data before any schema sees them (src/core/snapshot.ts), so
 * that getters, Proxies, sparse arrays and cycles are refused with a path, never followed.
 */
import { describe, expect, it } from 'vitest';
import { ageOn, lookBackStart, PhmValidationError } from 'phm-kit';
import { describeRule, segmentPopulation, syntheticPopulation } from 'phm-kit/segmentation';
import { caught } from '../segmentation/examples/helpers.js';

const refusal = (fn: () => unknown) => {
  const error = caught(fn, PhmValidationError);
  return { message: error.message, issues: error.issues.map((i) => ({ path: i.path, message: i.message })) };
};

describe('what cannot be read is refused with its path', () => {
  it('a getter that throws', () => {
    const window = { get months() { throw new Error('no access'); } };
    expect(refusal(() => lookBackStart('2024-04-01', window as unknown as { months: number }))).toEqual({
      message: 'Invalid look-back: window.months: Could not be read: no access',
      issues: [{ path: ['window', 'months'], message: 'Could not be read: no access' }],
    });
  });

  it('a thrown value that cannot even be shown', () => {
    const unprintable = { toString() { throw new Error('x'); } };
    const window = { get days() { throw unprintable; } };
    expect(refusal(() => lookBackStart('2024-04-01', window as unknown as { days: number })).issues).toEqual([{ path: ['window', 'days'], message: 'Could not be read: an error that cannot be shown' }]);
  });

  it('keeps the thrown error as the cause', () => {
    const thrown = new Error('no access');
    const window = { get days() { throw thrown; } };
    expect((caught(() => lookBackStart('2024-04-01', window as unknown as { days: number }), PhmValidationError) as Error & { cause?: unknown }).cause).toBe(thrown);
  });

  it('a Proxy whose traps throw', () => {
    const trap = () => {
      throw new Error('trapped');
    };
    const window = new Proxy({}, { get: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });
    expect(refusal(() => lookBackStart('2024-04-01', window as { days: number })).issues).toEqual([{ path: ['window'], message: 'Could not be read: trapped' }]);
  });

  it("an array Proxy that claims a length of '0.1' (zod alone would make it a one-element list)", () => {
    const rule = { any: new Proxy([{ marker: 'cancer' }], { get: (target, key) => (key === 'length' ? '0.1' : Reflect.get(target, key)) }) };
    expect(refusal(() => describeRule(rule as never)).issues).toEqual([{ path: ['any'], message: 'Not a list that can be read: its length is "0.1"' }]);
  });

  it('a sparse array of 2^32 - 1 holes is refused at once, not walked', () => {
    const options = { asOf: '2024-04-01', ageBands: new Array<number>(2 ** 32 - 1) };
    expect(refusal(() => segmentPopulation([], { id: 'm', label: 'M', segments: [{ id: 'all', label: 'All', catchAll: true }] }, options)).issues).toEqual([
      { path: ['ageBands'], message: 'A list of 4,294,967,295 entries: at most 1,000,000 can be read' },
    ]);
  });

  it('an object that contains itself', () => {
    const window: Record<string, unknown> = { days: 3 };
    window['self'] = window;
    const { issues } = refusal(() => lookBackStart('2024-04-01', window as { days: number }));
    expect(issues[0]?.message).toBe('Nested more than 1,000 levels deep (or it contains itself)');
    expect(issues[0]?.path.slice(0, 3)).toEqual(['window', 'self', 'self']);
  });
});

describe('what is read is read once', () => {
  it('a getter that answers differently the second time is read once: its first answer is the input', () => {
    let reads = 0;
    const window = { get days() { reads++; return reads === 1 ? 7 : -1; } };
    expect(lookBackStart('2024-04-01', window as { days: number })).toBe('2024-03-25');
    expect(reads).toBe(1);
  });

  it('a getter that throws on its second read is never read twice', () => {
    let reads = 0;
    const dates = { get birthDate() { if (reads++ > 0) throw new Error('second read'); return '1990-05-01'; } };
    expect(ageOn(dates.birthDate, '2024-04-01')).toBe(33);
    const window = { get days() { if (reads++ > 1) throw new Error('second read'); return 1; } };
    expect(lookBackStart('2024-04-01', window as { days: number })).toBe('2024-03-31');
  });

  it("a key named '__proto__' reaches the schema as an own key, and a strict object refuses it", () => {
    const window = JSON.parse('{"days": 3, "__proto__": {"polluted": true}}') as { days: number };
    const { issues } = refusal(() => lookBackStart('2024-04-01', window));
    expect(issues[0]?.path).toEqual(['window']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('the copy is the input, value for value, and the input is not touched', () => {
    const people = syntheticPopulation({ size: 5, seed: 1, asOf: '2024-04-01' });
    const options = Object.freeze({ asOf: '2024-04-01', ageBands: Object.freeze([0, 18, 65]) });
    const result = segmentPopulation(people, { id: 'm', label: 'M', segments: [{ id: 'all', label: 'All', catchAll: true }] }, options);
    expect(result.counts.byAgeBand.map((b) => b.band)).toEqual(['0-17', '18-64', '65+']);
  });
});
