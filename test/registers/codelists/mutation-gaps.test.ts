// Tests written for the mutants that survived the first mutation run of the codelists part
// (docs/quality.md, "Surviving mutants: registers"): the paths and words of refusals, which an
// analyst reads to fix a file, and the edges of normalising, column finding and merging.
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from '../../../src/core/errors.js';
import { refusalOf } from '../../support/issues.js';
import { CodelistSchema, codeProblem, defineCodelist, normaliseCode, parseCodelist, readCsv, supportsPrefixMatch, verhoeffCheckDigit, type CodeSystemId } from '../../../src/registers/codelists/index.js';

const refusal = (run: () => unknown) => refusalOf(run, PhmValidationError);

const SYSTEMS_MESSAGE = "Expected one of 'snomed-ct', 'dmd', 'icd10', 'opcs4', 'ctv3', 'readv2'";

describe('code systems: refusals name the path and say what was expected', () => {
  it('an unknown system, in every function that takes one', () => {
    for (const run of [() => normaliseCode('snomed' as CodeSystemId, '73211009'), () => codeProblem('ICD10' as CodeSystemId, 'E11'), () => supportsPrefixMatch('read' as CodeSystemId)]) {
      const error = refusal(run);
      expect(error.issues).toEqual([{ path: ['system'], message: SYSTEMS_MESSAGE }]);
      expect(error.message).toBe(`Invalid code system: ${SYSTEMS_MESSAGE}`);
    }
  });

  it('a code that is not a string, with its type (null named as null)', () => {
    expect(refusal(() => normaliseCode('icd10', 119 as unknown as string)).issues).toEqual([{ path: ['code'], message: 'Expected a code written as a string, not a value of type number' }]);
    expect(refusal(() => codeProblem('icd10', null as unknown as string)).issues).toEqual([{ path: ['code'], message: 'Expected a code written as a string, not a value of type null' }]);
  });

  it('verhoeffCheckDigit refuses what is not a string of digits, with an issue at the root', () => {
    for (const digits of ['', '12a4', ' 123', 1234 as unknown as string]) {
      const error = refusal(() => verhoeffCheckDigit(digits));
      expect(error.issues).toEqual([{ path: [], message: 'Expected a non-empty string of the digits 0-9' }]);
      expect(error.message).toBe('Invalid digits: Expected a non-empty string of the digits 0-9');
    }
    expect(verhoeffCheckDigit('0')).toBe('4');
  });
});

describe('code systems: the edges of normalising and checking', () => {
  it('Read v2 drops a term code only when both of its characters are digits', () => {
    expect(['H33..00', 'H33..AB', 'H33..0A', 'H33..A0'].map((code) => normaliseCode('readv2', code))).toEqual(['H33..', 'H33..AB', 'H33..0A', 'H33..A0']);
  });

  it('a one-character CTV3 or Read code is told it has 1 character', () => {
    expect(codeProblem('ctv3', 'H')).toBe("'H' is not a CTV3 code: it has 1 character, and a code has exactly 5, dots filling out the end (as in 'H33..')");
    expect(codeProblem('readv2', 'H3')).toContain('it has 2 characters, and');
  });

  it('an OPCS-4 code must start with its letter: a digit before it is not a code', () => {
    expect(codeProblem('opcs4', 'X401')).toBeUndefined();
    expect(codeProblem('opcs4', '1X401')).toContain('is not an OPCS-4 code');
    expect(codeProblem('icd10', '1E119')).toContain('is not an ICD-10 code');
  });

  it('messages quote a code whole up to 40 characters, and cut it short past that', () => {
    const forty = 'A'.repeat(40);
    expect(codeProblem('icd10', forty)).toMatch(new RegExp(`^'${forty}' is not`));
    expect(codeProblem('icd10', `${forty}B`)).toMatch(new RegExp(`^'${forty}…' is not`));
  });
});

describe('codelists: refusals and merging', () => {
  it('a code that is not a string is named with its type, and a number is told why it cannot be one', () => {
    const number = refusal(() => defineCodelist({ name: 'DM_COD', system: 'snomed-ct', codes: [73211009 as unknown as string] }));
    expect(number.issues).toEqual([{ path: ['codes', 0], message: 'expected a code written as a string, not a value of type number (an 18-digit SNOMED CT id does not fit in a JavaScript number)' }]);
    const nothing = refusal(() => defineCodelist({ name: 'DM_COD', system: 'snomed-ct', codes: ['73211009', null as unknown as string] }));
    expect(nothing.issues).toEqual([{ path: ['codes', 1], message: 'expected a code written as a string, not a value of type null' }]);
  });

  it('says how many codes were refused, and that issues stop at 100 only past 100', () => {
    const bad = (n: number) => Array.from({ length: n }, (_, i) => `1E${i}`);
    const hundred = refusal(() => defineCodelist({ name: 'X', system: 'icd10', codes: bad(100) }));
    expect(hundred.issues).toHaveLength(100);
    expect(hundred.message).toMatch(/; \.\.\. and 97 more$/);
    const more = refusal(() => defineCodelist({ name: 'X', system: 'icd10', codes: bad(101) }));
    expect(more.issues).toHaveLength(100);
    expect(more.message).toMatch(/; \.\.\. and 98 more \(issues lists the first 100\)$/);
  });

  it('keeps the first non-empty term of a code, and terms only for the codes that had one', () => {
    const list = parseCodelist('code,term\n73211009,\n73211009,Diabetes mellitus\n73211009,Second term\n195967001\n44054006,Type 2 diabetes\n', { name: 'DM_COD', system: 'snomed-ct' });
    expect(list.codes).toEqual(['195967001', '44054006', '73211009']);
    expect(list.terms).toEqual({ '44054006': 'Type 2 diabetes', '73211009': 'Diabetes mellitus' });
    const noTerms = parseCodelist('code,term\n73211009,\n195967001,\n', { name: 'DM_COD', system: 'snomed-ct' });
    expect(noTerms).not.toHaveProperty('terms');
  });

  it('CodelistSchema reports 100 faults, then one issue saying how many more', () => {
    const codes = Array.from({ length: 102 }, (_, i) => `e${String(i).padStart(3, '0')}`);
    const result = CodelistSchema.safeParse({ name: 'X', system: 'icd10', match: 'exact', codes });
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    expect(issues).toHaveLength(101);
    expect(issues[0]).toMatchObject({ path: ['codes', 0], message: "'e000' is not normalised: it is compared as 'E000'" });
    expect(issues[100]).toMatchObject({ path: [], message: '... and 2 more faults' });
    const exactly = CodelistSchema.safeParse({ name: 'X', system: 'icd10', match: 'exact', codes: codes.slice(0, 100) });
    expect(exactly.error?.issues).toHaveLength(100);
    const prefix = CodelistSchema.safeParse({ name: 'X', system: 'snomed-ct', match: 'prefix', codes: ['73211009'] });
    expect(prefix.error?.issues).toEqual([expect.objectContaining({ path: ['match'], message: expect.stringMatching(/^Prefix matching is for ICD-10 and OPCS-4 codelists only/) })]);
  });

  it('names what was given when a spec is not a codelist', () => {
    expect(refusal(() => defineCodelist({} as never)).message).toMatch(/^Invalid codelist/);
  });
});

describe('parseCodelist and readCsv: columns and refusals', () => {
  it('a refusal for a source that is neither text nor a list names its type, at the root', () => {
    const error = refusal(() => parseCodelist(7 as unknown as string, { name: 'DM_COD', system: 'snomed-ct' }));
    expect(error.issues).toEqual([{ path: [], message: 'Expected the CSV text of a codelist, or a list of codes, not a value of type number' }]);
    expect(error.message).toBe('Invalid codelist DM_COD: Expected the CSV text of a codelist, or a list of codes, not a value of type number');
    expect(refusal(() => parseCodelist(null as unknown as string, { name: 'DM_COD', system: 'snomed-ct' })).message).toMatch(/not a value of type null$/);
    expect(refusal(() => parseCodelist(['73211009'], { name: 'DM_COD', system: 'snomed-ct', codeColumn: 'code' })).message).toBe('Invalid options: codeColumn: it names a CSV column, but the codes were given as a list');
    expect(refusal(() => parseCodelist(['73211009'], { name: 'DM_COD', system: 'snomed-ct', termColumn: 'term' })).issues).toEqual([{ path: ['termColumn'], message: 'It names a CSV column, but the codes were given as a list' }]);
  });

  it('readCsv refuses what is not text with an issue at the root naming its type', () => {
    expect(refusal(() => readCsv(12 as unknown as string)).issues).toEqual([{ path: [], message: 'Expected CSV text as a string, not a value of type number' }]);
    expect(refusal(() => readCsv(null as unknown as string)).message).toBe('Invalid CSV: Expected CSV text as a string, not a value of type null');
    expect(refusal(() => readCsv(undefined as unknown as string)).message).toBe('Invalid CSV: Expected CSV text as a string, not a value of type undefined');
  });

  it('reads the term column of each row, and none when the file has none', () => {
    const list = parseCodelist('code,term\r\n73211009,Diabetes mellitus\r\n', { name: 'DM_COD', system: 'snomed-ct' });
    expect(list.terms).toEqual({ '73211009': 'Diabetes mellitus' });
    expect(parseCodelist('code,source\n73211009,QOF\n', { name: 'DM_COD', system: 'snomed-ct' })).not.toHaveProperty('terms');
    // A row shorter than the header has no term.
    expect(parseCodelist('code,term\n73211009\n', { name: 'DM_COD', system: 'snomed-ct' })).not.toHaveProperty('terms');
  });

  it('never reads the code column again as the term column', () => {
    const list = parseCodelist('term,source\n73211009,QOF\n', { name: 'DM_COD', system: 'snomed-ct', codeColumn: 'term' });
    expect(list.codes).toEqual(['73211009']);
    expect(list).not.toHaveProperty('terms');
  });

  it('finds a known column whatever its case and surrounding spaces', () => {
    expect(parseCodelist(' CODE , Term \n73211009,Diabetes\n', { name: 'DM_COD', system: 'snomed-ct' }).terms).toEqual({ '73211009': 'Diabetes' });
  });

  it('a missing named column is refused under its option, with the header listed (20 names, then how many more)', () => {
    const header = Array.from({ length: 23 }, (_, i) => `c${i}`);
    const error = refusal(() => parseCodelist(`${header.join(',')}\n1\n`, { name: 'DM_COD', system: 'snomed-ct', codeColumn: 'code' }));
    const shown = header.slice(0, 20).map((h) => `'${h}'`).join(', ');
    const message = `No column is named 'code': the header row (line 1) has ${shown} and 3 more`;
    expect(error.issues).toEqual([{ path: ['codeColumn'], message }]);
    expect(error.message).toBe(`Invalid options: codeColumn: ${message}`);
    const twenty = refusal(() => parseCodelist(`${header.slice(0, 20).join(',')}\n1\n`, { name: 'DM_COD', system: 'snomed-ct', codeColumn: 'c0', termColumn: 'term' }));
    expect(twenty.issues[0]?.message).toBe(`No column is named 'term': the header row (line 1) has ${shown}`);
    const near = refusal(() => parseCodelist('Code,term\n73211009,x\n', { name: 'DM_COD', system: 'snomed-ct', codeColumn: 'code' }));
    expect(near.issues[0]?.message).toBe("No column is named 'code': the header row (line 1) has 'Code', 'term'; did you mean 'Code'?");
  });
});
