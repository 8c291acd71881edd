import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from '../../../src/core/errors.js';
import { CodelistSchema, CodelistSpecSchema, defineCodelist, MAX_CODELIST_CODES, normaliseCode } from '../../../src/registers/codelists/index.js';
import { issuesOf, refusalOf } from '../../support/issues.js';
import { property } from '../../support/property.js';
import { SYSTEMS, writtenCodeArb } from './arbitraries.js';

describe('defineCodelist', () => {
  it('normalises, merges duplicates and sorts by code unit', () => {
    const list = defineCodelist({ name: 'DIAB_ICD', system: 'icd10', codes: ['E11.9', 'e119', ' I10X ', 'I10-', 'I10', 'E10'] });
    expect(list).toEqual({ name: 'DIAB_ICD', system: 'icd10', match: 'exact', codes: ['E10', 'E119', 'I10'] });
    expect('terms' in list).toBe(false);
    const ctv3 = defineCodelist({ name: 'AST_CTV3', system: 'ctv3', codes: ['h33..', 'H33..', 'XaBVJ', 'XA...', '9OJA.'] });
    expect(ctv3.codes).toEqual(['9OJA.', 'H33..', 'XA...', 'XaBVJ', 'h33..']); // digits, capitals, then lower case
    expect(defineCodelist({ name: 'AST_READ', system: 'readv2', codes: ['H33..00', 'H33..', 'H33..11'] }).codes).toEqual(['H33..']);
  });

  it('deep-freezes what it returns', () => {
    const list = defineCodelist({ name: 'DM_COD', system: 'snomed-ct', codes: ['73211009'] });
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.isFrozen(list.codes)).toBe(true);
    expect(() => (list.codes as string[]).push('44054006')).toThrow(TypeError);
  });

  it('matches by prefix only where the system nests by prefix', () => {
    expect(defineCodelist({ name: 'DIAB_ICD', system: 'icd10', codes: ['E11'], match: 'prefix' }).match).toBe('prefix');
    expect(defineCodelist({ name: 'DIAL_OPCS', system: 'opcs4', codes: ['X40'], match: 'prefix' }).match).toBe('prefix');
    for (const system of ['snomed-ct', 'dmd', 'ctv3', 'readv2'] as const) {
      const issues = issuesOf(() => defineCodelist({ name: 'X', system, codes: system === 'ctv3' || system === 'readv2' ? ['H33..'] : ['73211009'], match: 'prefix' }));
      expect(issues).toEqual([{ path: ['match'], message: expect.stringMatching(/^Prefix matching is for ICD-10 and OPCS-4 codelists only/) }]);
    }
  });

  it('names every bad code by its index, with the code and why', () => {
    const refusal = refusalOf(() => defineCodelist({ name: 'DM_COD', system: 'snomed-ct', codes: ['73211009', '7321100', 'E11', '  ', '73211009', 44054006 as unknown as string] }), PhmValidationError);
    expect(refusal.issues).toEqual([
      { path: ['codes', 1], message: "'7321100' is not a SNOMED CT identifier: its check digit should be 2" },
      { path: ['codes', 2], message: "'E11' is not a SNOMED CT identifier: an identifier is written with the digits 0-9 only" },
      { path: ['codes', 3], message: 'the code is empty' },
      { path: ['codes', 5], message: 'expected a code written as a string, not a value of type number (an 18-digit SNOMED CT id does not fit in a JavaScript number)' },
    ]);
    expect(refusal.message).toMatch(/^Invalid codelist DM_COD: 4 codes refused: codes\[1\]: '7321100' is not a SNOMED CT identifier: its check digit should be 2; codes\[2\]: .*; \.\.\. and 1 more$/);
  });

  it('says how a code was read when normalising changed it', () => {
    expect(issuesOf(() => defineCodelist({ name: 'X', system: 'icd10', codes: ['e1.'] }))).toEqual([{ path: ['codes', 0], message: "'e1.' (read as 'E1') is not an ICD-10 code: a code is a letter A-Z and two digits, then up to two more digits, e.g. E11 or E11.9 (read as E119)" }]);
  });

  it('lists at most 100 bad codes, and says how many more there are', () => {
    const codes = Array.from({ length: 250 }, (_, i) => `Z${i}Q`);
    const refusal = refusalOf(() => defineCodelist({ name: 'BAD', system: 'icd10', codes }), PhmValidationError);
    expect(refusal.issues).toHaveLength(100);
    expect(refusal.issues[99]?.path).toEqual(['codes', 99]);
    expect(refusal.message).toMatch(/^Invalid codelist BAD: 250 codes refused: .*; \.\.\. and 247 more \(issues lists the first 100\)$/);
  });

  it('refuses an empty list, too long a list, and a bad name or system', () => {
    expect(issuesOf(() => defineCodelist({ name: 'X', system: 'icd10', codes: [] }))).toEqual([{ path: ['codes'], message: expect.stringMatching(/^A codelist needs at least one code/) }]);
    const long = new Array<string>(MAX_CODELIST_CODES + 1).fill('E11');
    expect(refusalOf(() => defineCodelist({ name: 'X', system: 'icd10', codes: long })).message).toMatch(/at most 1,000,000/);
    expect(issuesOf(() => defineCodelist({ name: 'DM COD', system: 'icd10', codes: ['E11'] }))[0]?.path).toEqual(['name']);
    expect(issuesOf(() => defineCodelist({ name: '_DM', system: 'icd10', codes: ['E11'] }))[0]?.path).toEqual(['name']);
    expect(issuesOf(() => defineCodelist({ name: 'DM', system: 'icd9' as never, codes: ['E11'] }))[0]?.path).toEqual(['system']);
    expect(issuesOf(() => defineCodelist({ name: 'DM', system: 'icd10', codes: ['E11'], extra: 1 } as never))[0]?.message).toMatch(/extra/);
    expect(() => defineCodelist(undefined as never)).toThrow(PhmValidationError);
  });

  it('takes exactly 1,000,000 codes', () => {
    const codes = Array.from({ length: MAX_CODELIST_CODES }, (_, i) => `A${String(i % 10_000).padStart(4, '0')}`.slice(0, 5));
    expect(defineCodelist({ name: 'BIG', system: 'icd10', codes }).codes).toHaveLength(10_000);
  });

  for (const system of SYSTEMS) {
    property(`${system}: the codes are the set of normalised codes, sorted`, 0xc0d_e115 + SYSTEMS.indexOf(system), fc.array(writtenCodeArb(system), { minLength: 1, maxLength: 30 }), (written) => {
      const list = defineCodelist({ name: 'GEN_COD', system, codes: written.map((w) => w.raw) });
      const expected = [...new Set(written.map((w) => w.code))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(list.codes).toEqual(expected);
      expect(written.every((w) => normaliseCode(system, w.raw) === w.code)).toBe(true);
      expect(CodelistSchema.safeParse(list).success).toBe(true);
    });
  }
});

describe('CodelistSpecSchema and CodelistSchema', () => {
  it('describe the input and the result', () => {
    expect(CodelistSpecSchema.safeParse({ name: 'AST_COD', system: 'snomed-ct', codes: ['195967001'] }).success).toBe(true);
    expect(CodelistSpecSchema.safeParse({ name: 'AST_COD', system: 'snomed-ct', codes: [195967001] }).success).toBe(false);
    expect(CodelistSpecSchema.safeParse({ name: 'AST_COD', system: 'ctv3', codes: ['H33..'], match: 'prefix' }).success).toBe(false);
  });

  it('refuses a codelist that defineCodelist could not have made, naming each fault', () => {
    const check = (list: unknown) => {
      const result = CodelistSchema.safeParse(list);
      return result.success ? [] : result.error.issues.map((i) => ({ path: i.path, message: i.message }));
    };
    const base = { name: 'HYP_COD', system: 'icd10', match: 'exact' } as const;
    expect(check({ ...base, codes: ['I10'] })).toEqual([]);
    expect(check({ ...base, codes: ['i10'] })).toEqual([{ path: ['codes', 0], message: "'i10' is not normalised: it is compared as 'I10'" }]);
    expect(check({ ...base, codes: ['I1'] })).toEqual([{ path: ['codes', 0], message: expect.stringMatching(/^'I1' is not an ICD-10 code/) }]);
    expect(check({ ...base, codes: ['I10', 'I10'] })).toEqual([{ path: ['codes', 1], message: "'I10' is listed twice" }]);
    expect(check({ ...base, codes: ['I15', 'I10'] })).toEqual([{ path: ['codes', 1], message: "'I10' comes before 'I15': codes are sorted" }]);
    expect(check({ ...base, codes: ['I10'], terms: { I11: 'Hypertensive heart disease' } })).toEqual([{ path: ['terms', 'I11'], message: "'I11' has a term but is not one of the codes" }]);
    expect(check({ ...base, system: 'ctv3', codes: ['G2...'], match: 'prefix' })).toEqual([{ path: ['match'], message: expect.stringMatching(/^Prefix matching/) }]);
    const many = check({ ...base, codes: Array.from({ length: 150 }, () => 'x') });
    expect(many).toHaveLength(101);
    expect(many[100]).toEqual({ path: [], message: '... and 199 more faults' });
  });
});
