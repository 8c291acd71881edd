/**
 * Tests written for mutants that survived the first mutation run of the derive part: how counts
 * count (distinct days and codes, the window's edge), which value is read (earliest or latest,
 * highest or lowest on the same day), the reasons' words, and the order of unmatched codes.
 */
import { describe, expect, it } from 'vitest';
import { defineCodelist, deriveMarkers, type RegisterSpec } from 'phm-kit/registers';

const codelists = [defineCodelist({ name: 'A', system: 'icd10', codes: ['E10', 'E11'] })];
const asOf = '2025-03-31';
const people = [{ id: 'p', birthDate: '1950-01-01' }];
const ev = (code: string, date: string, value?: number) => ({ personId: 'p', code, date, ...(value === undefined ? {} : { value }) });
const derive = (events: object[], register: RegisterSpec) => deriveMarkers(events, [register], { asOf, people, codelists });
const reasonOf = (events: object[], register: RegisterSpec) => derive(events, register).people[0]?.reasons[0]?.text;
const holds = (events: object[], register: RegisterSpec) => (derive(events, register).people[0]?.markers.length ?? 0) > 0;

describe('counts', () => {
  const twoDays = [ev('E11', '2025-01-01'), ev('E11', '2025-01-01'), ev('E10', '2025-01-01'), ev('E11', '2025-02-01')];
  it('counts events, distinct days or distinct codes, inside the window only', () => {
    expect(holds(twoDays, { marker: 'x', rule: { count: 'A', atLeast: 4 } })).toBe(true);
    expect(holds(twoDays, { marker: 'x', rule: { count: 'A', atLeast: 3, distinct: 'days' } })).toBe(false);
    expect(holds(twoDays, { marker: 'x', rule: { count: 'A', atLeast: 2, distinct: 'days' } })).toBe(true);
    expect(holds(twoDays, { marker: 'x', rule: { count: 'A', atLeast: 3, distinct: 'codes' } })).toBe(false);
    expect(holds([...twoDays, ev('E119', '2025-03-01')], { marker: 'x', rule: { count: 'A', atLeast: 2, distinct: 'codes' } })).toBe(true);
    // 2025-01-01 is 89 days before asOf: outside { days: 89 }, inside { days: 90 }.
    expect(holds(twoDays, { marker: 'x', rule: { count: 'A', atLeast: 2, distinct: 'days', within: { days: 89 } } })).toBe(false);
    expect(holds(twoDays, { marker: 'x', rule: { count: 'A', atLeast: 2, distinct: 'days', within: { days: 90 } } })).toBe(true);
    expect(holds(twoDays, { marker: 'x', rule: { count: 'A', atLeast: 2, distinct: 'codes', within: { days: 89 } } })).toBe(false);
  });
  it('says what it counted, singular for one', () => {
    expect(reasonOf(twoDays, { marker: 'x', rule: { count: 'A', atLeast: 2, distinct: 'days' } })).toBe('2 A days ever (at least 2), the latest A E11 on 2025-02-01');
    expect(reasonOf(twoDays, { marker: 'x', rule: { count: 'A', atLeast: 2, distinct: 'codes' } })).toBe('2 A codes ever (at least 2), the latest A E11 on 2025-02-01');
    expect(reasonOf(twoDays, { marker: 'x', rule: { count: 'A', atLeast: 1, distinct: 'days', within: { days: 60 } } })).toBe('1 A day in the last 60 days (at least 1), the latest A E11 on 2025-02-01');
    expect(reasonOf([ev('E11', '2025-02-01')], { marker: 'x', rule: { count: 'A', atLeast: 1, distinct: 'codes' } })).toBe('1 A code ever (at least 1), the latest A E11 on 2025-02-01');
  });
});

describe('values', () => {
  const history = [ev('E11', '2024-01-01', 50), ev('E11', '2025-01-01', 30), ev('E11', '2025-01-01', 70), ev('E11', '2025-02-01')];
  it('reads the latest or earliest value, the highest on the same day unless told lowest; events without a value are not read', () => {
    const text = (rule: Partial<Extract<RegisterSpec['rule'], { value: string }>>) => reasonOf(history, { marker: 'x', rule: { value: 'A', atLeast: 0, ...rule } as RegisterSpec['rule'] });
    expect(text({})).toBe('latest value A E11 on 2025-01-01 (value 70), at least 0');
    expect(text({ sameDay: 'lowest' })).toBe('latest value A E11 on 2025-01-01 (value 30), at least 0');
    expect(text({ pick: 'earliest' })).toBe('earliest value A E11 on 2024-01-01 (value 50), at least 0');
    expect(text({ within: { since: '2025-01-02' } })).toBeUndefined();
  });
  it('names every comparison given, joined by and', () => {
    const rule = { value: 'A', atLeast: 10, above: 20, atMost: 80, below: 90 } as const;
    expect(reasonOf(history, { marker: 'x', rule })).toBe('latest value A E11 on 2025-01-01 (value 70), at least 10 and above 20 and at most 80 and below 90');
    expect(reasonOf(history, { marker: 'x', rule: { value: 'A', above: 69 } })).toBe('latest value A E11 on 2025-01-01 (value 70), above 69');
    expect(reasonOf(history, { marker: 'x', rule: { value: 'A', atMost: 70 } })).toBe('latest value A E11 on 2025-01-01 (value 70), at most 70');
    for (const [cut, ok] of [[{ atLeast: 70 }, true], [{ atLeast: 71 }, false], [{ above: 70 }, false], [{ atMost: 69 }, false], [{ below: 70 }, false], [{ below: 71 }, true]] as const) {
      expect(holds(history, { marker: 'x', rule: { value: 'A', ...cut } as RegisterSpec['rule'] }), JSON.stringify(cut)).toBe(ok);
    }
  });
});

describe('unmatched codes', () => {
  it('lists codes in no codelist by how many events had them, then by code', () => {
    const derived = derive([ev('Z1', '2025-01-01'), ev('Y2', '2025-01-01'), ev('X3', '2025-01-01'), ev('Y2', '2025-01-02'), ev('B9', '2025-01-01')], { marker: 'x', rule: { code: 'A' } });
    expect(derived.unmatchedCodes).toEqual([{ code: 'Y2', events: 2 }, { code: 'B9', events: 1 }, { code: 'X3', events: 1 }, { code: 'Z1', events: 1 }]);
    expect(derived.events.noCodelist).toBe(5);
  });
});
