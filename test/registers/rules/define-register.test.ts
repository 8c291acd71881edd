/** defineRegister: what it accepts, what it refuses and where, and the codelists it reads. */
import { describe, expect, it } from 'vitest';
import { defineCodelist, defineRegister, deriveMarkers, isDefinedRegister, MAX_REGISTER_RULE_DEPTH, PhmModelError, type RegisterRule, type RegisterSpec } from 'phm-kit/registers';
import { refusalOf } from '../../support/issues.js';

const refused = (spec: unknown) => refusalOf(() => defineRegister(spec as RegisterSpec), PhmModelError);
const leaf: RegisterRule = { code: 'A' };
/** `leaf` inside `levels - 1` rules made by `wrap`: `levels` rules deep, the leaf included. */
function nested(levels: number, wrap: (inner: RegisterRule) => RegisterRule): RegisterRule {
  let rule = leaf;
  for (let i = 1; i < levels; i++) rule = wrap(rule);
  return rule;
}

describe('defineRegister', () => {
  it('returns a register it made as it is, and isDefinedRegister knows it by identity only', () => {
    const register = defineRegister({ marker: 'ltc-chd', rule: { code: 'CHD_COD' } });
    expect(defineRegister(register)).toBe(register);
    expect(isDefinedRegister(register)).toBe(true);
    expect(isDefinedRegister({ ...register })).toBe(false);
    expect(isDefinedRegister(structuredClone({ marker: 'ltc-chd', rule: { code: 'CHD_COD' }, codelists: ['CHD_COD'] }))).toBe(false);
    for (const value of [null, undefined, 'ltc-chd', 42, true]) expect(isDefinedRegister(value)).toBe(false);
  });

  it('lists every codelist the rule and the episode read, once each, in the order first read', () => {
    const register = defineRegister({
      marker: 'x',
      rule: {
        all: [
          { code: 'A' },
          { any: [{ count: 'B', atLeast: 2 }, { not: { value: 'C', atLeast: 1 } }] },
          { latest: 'D', laterThan: ['E', 'A'] },
          { score: [{ rule: { code: 'F' }, weight: '1' }], atLeast: '1' },
          { latest: 'G', laterThan: 'H' },
          { ageAtLeast: 17 },
        ],
      },
      episode: { from: 'first', codelist: 'I', endedBy: ['J', 'A'] },
    });
    expect(register.codelists).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']);
    expect(defineRegister({ marker: 'y', rule: { ageBelow: 5 }, episode: { from: 'latest', codelist: 'K', endedBy: 'L' } }).codelists).toEqual(['K', 'L']);
  });

  it('names the register in the message when its marker is a string, and not otherwise', () => {
    expect(refused({ marker: 'x', rule: { code: 'A', within: { weeks: 2 } } }).message).toBe("Invalid register 'x': rule.within: Expected a window: { days: n }, { months: n } or { since: YYYY-MM-DD }");
    const unnamed = refused({ marker: 42, rule: { code: 'A' } });
    expect(unnamed.message).toBe('Invalid register: marker: Invalid input: expected string, received number');
    expect(unnamed.issues).toEqual([{ path: ['marker'], message: 'Invalid input: expected string, received number' }]);
    for (const spec of [null, 42, 'ltc-chd', []]) expect(refused(spec).message).toMatch(/^Invalid register: \(input\): /);
  });

  it('refuses a codelist compared with itself, or listed twice, wherever the comparison is', () => {
    const self = { latest: 'A', laterThan: 'A' } as const;
    const cases: [RegisterRule, (string | number)[]][] = [
      [self, ['rule', 'laterThan']],
      [{ all: [{ code: 'B' }, self] }, ['rule', 'all', 1, 'laterThan']],
      [{ any: [self] }, ['rule', 'any', 0, 'laterThan']],
      [{ not: self }, ['rule', 'not', 'laterThan']],
      [{ score: [{ rule: { code: 'B' }, weight: '1' }, { rule: self, weight: '2' }], atLeast: '1' }, ['rule', 'score', 1, 'rule', 'laterThan']],
    ];
    for (const [rule, path] of cases) {
      const error = refused({ marker: 'x', rule });
      expect(error.issues).toEqual([{ path, message: "'A' cannot be compared with itself" }]);
      expect(error.message).toMatch(/^Invalid register 'x': rule/);
    }
    expect(refused({ marker: 'x', rule: { not: { latest: 'A', laterThan: ['B', 'C', 'B'] } } }).issues).toEqual([{ path: ['rule', 'not', 'laterThan'], message: '`laterThan` lists a codelist more than once' }]);
    expect(defineRegister({ marker: 'x', rule: { latest: 'A', laterThan: ['B', 'C'] } }).codelists).toEqual(['A', 'B', 'C']);
  });

  it('a value or a score needs a comparison, any one of the four', () => {
    const message = 'Give at least one of atLeast, above, atMost or below';
    expect(refused({ marker: 'x', rule: { value: 'A' } }).issues).toEqual([{ path: ['rule'], message }]);
    expect(refused({ marker: 'x', rule: { score: [{ rule: leaf, weight: '1' }] } }).issues).toEqual([{ path: ['rule'], message }]);
    for (const key of ['atLeast', 'above', 'atMost', 'below']) {
      expect(defineRegister({ marker: 'x', rule: { value: 'A', [key]: 1 } as RegisterRule }).rule).toEqual({ value: 'A', [key]: 1 });
      expect(defineRegister({ marker: 'x', rule: { score: [{ rule: leaf, weight: '1' }], [key]: '1' } as RegisterRule }).codelists).toEqual(['A']);
    }
  });

  it('a score divisor must be greater than 0', () => {
    for (const divisor of ['0', '-1', '0.0']) expect(refused({ marker: 'x', rule: { score: [{ rule: leaf, weight: '1' }], divisor, atLeast: '1' } }).issues).toEqual([{ path: ['rule', 'divisor'], message: 'The divisor must be greater than 0' }]);
    expect(defineRegister({ marker: 'x', rule: { score: [{ rule: leaf, weight: '1' }], divisor: '0.000001', atLeast: '1' } }).codelists).toEqual(['A']);
  });

  it(`rules nest at most ${MAX_REGISTER_RULE_DEPTH} levels deep, counted alike through all, any, not and score items`, () => {
    const wraps: [string, (inner: RegisterRule) => RegisterRule, (string | number)[]][] = [
      ['not', (inner) => ({ not: inner }), ['not']],
      ['all', (inner) => ({ all: [inner] }), ['all', 0]],
      ['any', (inner) => ({ any: [inner, { ageAtLeast: 1 }] }), ['any', 0]],
      ['score', (inner) => ({ score: [{ rule: inner, weight: '1' }], atLeast: '1' }), ['score', 0, 'rule']],
    ];
    for (const [name, wrap, step] of wraps) {
      expect(defineRegister({ marker: name, rule: nested(MAX_REGISTER_RULE_DEPTH, wrap) }).codelists, name).toEqual(['A']);
      const error = refused({ marker: name, rule: nested(MAX_REGISTER_RULE_DEPTH + 1, wrap) });
      expect(error.issues, name).toEqual([{ path: ['rule', ...Array.from({ length: MAX_REGISTER_RULE_DEPTH }, () => step).flat()], message: `Register rules may nest at most ${MAX_REGISTER_RULE_DEPTH} levels deep: this one nests deeper` }]);
      expect(error.message).toMatch(/^Invalid register: rule\./);
    }
  });

  it('refuses a rule of more than 1,000,000 terms before reading it, at the rule', () => {
    // Terms that are not rules (zeros) keep the input under readInput's 2,000,000 values.
    const error = refused({ marker: 'x', rule: { all: Array.from({ length: 11 }, () => ({ any: new Array(100_000).fill(0) })) } });
    expect(error.issues).toEqual([{ path: ['rule'], message: 'The rule has more than 1,000,000 terms: it is too large to check' }]);
  });
});

describe('windows in the reasons', () => {
  const codelists = [defineCodelist({ name: 'A', system: 'icd10', codes: ['E11'] })];
  it('says over what window a code or a count was read, singular for one', () => {
    const windows = [{ months: 1 }, { months: 12 }, { days: 1 }, { days: 40 }, { since: '2019-01-01' }, undefined];
    const registers = windows.map((within, i) => defineRegister({ marker: `m${i}`, rule: { code: 'A', ...(within === undefined ? {} : { within }) } }));
    const count = defineRegister({ marker: 'n', rule: { count: 'A', atLeast: 1, within: { days: 40 } } });
    const derived = deriveMarkers([{ personId: 'p', code: 'E11', date: '2020-01-31' }], [...registers, count], { asOf: '2020-01-31', people: [{ id: 'p', birthDate: '1950-01-01' }], codelists });
    expect(derived.people[0]?.reasons.map((r) => r.text)).toEqual([
      'A E11 on 2020-01-31 (in the last 1 month)',
      'A E11 on 2020-01-31 (in the last 12 months)',
      'A E11 on 2020-01-31 (in the last 1 day)',
      'A E11 on 2020-01-31 (in the last 40 days)',
      'A E11 on 2020-01-31 (since 2019-01-01)',
      'A E11 on 2020-01-31 (ever)',
      '1 A event in the last 40 days (at least 1), the latest A E11 on 2020-01-31',
    ]);
  });
});

describe('events: what is malformed', () => {
  const codelists = [defineCodelist({ name: 'A', system: 'icd10', codes: ['E11'] })];
  const register = defineRegister({ marker: 'a', rule: { code: 'A' } });
  const read = (events: unknown[]) => deriveMarkers(events, [register], { asOf: '2020-01-31', people: [{ id: 'p', birthDate: '1950-01-01' }], codelists });
  it('reads a code of up to 100 characters, a value that is a finite number, null or absent', () => {
    const fine = [
      { personId: 'p', code: 'E11', date: '2020-01-01' },
      { personId: 'p', code: 'E11', date: '2020-01-02', value: null },
      { personId: 'p', code: 'E11', date: '2020-01-03', value: -0.5 },
      { personId: 'p', code: 'E'.repeat(100), date: '2020-01-04' },
    ];
    const derived = read(fine);
    expect(derived.events.malformed).toBe(0);
    expect(derived.events.read + derived.events.noCodelist).toBe(4);
  });
  it('names the field of each malformed event', () => {
    const derived = read([
      { personId: '', code: 'E11', date: '2020-01-01' },
      { personId: 'p', code: '', date: '2020-01-01' },
      { personId: 'p', code: 'E'.repeat(101), date: '2020-01-01' },
      { personId: 'p', code: 'E11', date: '2020-01-01', value: Number.NaN },
      { personId: 'p', code: 'E11', date: '2020-01-01', value: '1' },
      { personId: 'p', code: 'E11', date: '2020-02-30' },
      ['p', 'E11', '2020-01-01'],
      null,
    ]);
    expect(derived.events.malformed).toBe(8);
    expect(derived.reportedEvents.map((e) => [e.index, e.path])).toEqual([[0, ['personId']], [1, ['code']], [2, ['code']], [3, ['value']], [4, ['value']], [5, ['date']], [6, ['personId']], [7, []]]);
  });
});
