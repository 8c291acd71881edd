import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from '../../../src/core/errors.js';
import { KNOWN_CODE_COLUMNS, KNOWN_TERM_COLUMNS, MAX_CODELIST_CODES, parseCodelist, ParseCodelistOptionsSchema } from '../../../src/registers/codelists/index.js';
import { issuesOf, refusalOf } from '../../support/issues.js';
import { property } from '../../support/property.js';
import { anyStringArb, SYSTEMS, writeField, writtenCodeArb } from './arbitraries.js';

// Layouts as OpenCodelists writes them; rows after the real files named in columns.ts.
describe('parseCodelist: the OpenCodelists layouts', () => {
  it('reads code,term (a primary care domain refset), with quoted terms', () => {
    const text = [
      'code,term',
      '111552007,Diabetes mellitus without complication',
      '1222660008,"Pancreatic agenesis, holoprosencephaly syndrome"',
      '237604008,"Maturity onset diabetes of the young, type 2"',
      '73211009,Diabetes mellitus',
      '',
    ].join('\r\n');
    const list = parseCodelist(text, { name: 'DM_COD', system: 'snomed-ct' });
    expect(list.codes).toEqual(['111552007', '1222660008', '237604008', '73211009']);
    expect(list.terms?.['1222660008']).toBe('Pancreatic agenesis, holoprosencephaly syndrome');
    expect(list).toMatchObject({ name: 'DM_COD', system: 'snomed-ct', match: 'exact' });
    expect(Object.isFrozen(list.terms)).toBe(true);
  });

  it('reads the dm+d downloads, old and new', () => {
    const fresh = 'code,term,dmd_id,dmd_type,bnf_code\r\n325278007,Metformin 500mg tablets,325278007,VMP,0601022B0AAABAB\r\n202611000001102,Metformin 500mg tablets,202611000001102,AMP,0601022B0AAABAB\r\n';
    expect(parseCodelist(fresh, { name: 'MET_DMD', system: 'dmd' }).codes).toEqual(['202611000001102', '325278007']);
    const old = 'dmd_type,dmd_id,dmd_name,bnf_code\r\nVMP,10514511000001106,Adrenaline (base) 220micrograms/dose inhaler,0301012A0AAABAB\r\nVMP,10525011000001107,Adrenaline (base) 220micrograms/dose inhaler refill,0301012A0AAACAC\r\n';
    const list = parseCodelist(old, { name: 'ADR_DMD', system: 'dmd' });
    expect(list.codes).toEqual(['10514511000001106', '10525011000001107']);
    expect(list.terms).toEqual({ '10514511000001106': 'Adrenaline (base) 220micrograms/dose inhaler', '10525011000001107': 'Adrenaline (base) 220micrograms/dose inhaler refill' });
    // The product id (snomed_id), never its VMP (vpid); the term from dmd_name.
    const dmards = 'obj_type,vpid,snomed_id,bnf_code,dmd_name,bnf_name,form_route\namp,317431008,7311000001104,0105010E0AAAAAA,Sulfasalazine 500mg tablets (A A H Pharmaceuticals Ltd),Sulfasalazine 500mg tablets,tablet.oral\namp,317431008,236111000001102,0105010E0AAAAAA,Sulfasalazine 500mg tablets (Mylan),Sulfasalazine 500mg tablets,tablet.oral\n';
    const sulfasalazine = parseCodelist(dmards, { name: 'DMARD', system: 'dmd' });
    expect(sulfasalazine.codes).toEqual(['236111000001102', '7311000001104']);
    expect(sulfasalazine.terms?.['236111000001102']).toBe('Sulfasalazine 500mg tablets (Mylan)');
    const salbutamol = 'type,id,bnf_code,nm\namp,3408611000001107,0301011R0AAAAAA,Salbutamol 100micrograms/dose inhaler (A A H Pharmaceuticals Ltd)\nvmp,320139002,0301011R0AAAPAP,Salbutamol 100micrograms/dose inhaler CFC free\n';
    expect(parseCodelist(salbutamol, { name: 'SABA', system: 'dmd' }).terms).toEqual({ '320139002': 'Salbutamol 100micrograms/dose inhaler CFC free', '3408611000001107': 'Salbutamol 100micrograms/dose inhaler (A A H Pharmaceuticals Ltd)' });
  });

  it('reads the older CTV3 layouts, merging repeated rows and keeping case', () => {
    const asthma = 'CTV3ID,CTV3PreferredTermDesc,CTV3Source\n14B4.,H/O: asthma,High_Level_SNOMED\n173A.,Exercise-induced asthma,CTV3Map_Code_And_Term\n173A.,Exercise-induced asthma,QOF\n8H2P.,"Emergency admission, asthma",CTV3Map_Code_And_Term\nXa9zf,Acute asthma,CTV3_Children\nXaBAQ,Recent asthma management,CTV3_Children\n';
    const list = parseCodelist(asthma, { name: 'AST_CTV3', system: 'ctv3' });
    expect(list.codes).toEqual(['14B4.', '173A.', '8H2P.', 'Xa9zf', 'XaBAQ']);
    expect(list.terms?.['8H2P.']).toBe('Emergency admission, asthma');
    const smoking = 'CTV3Code,Description,CodeSource,Category\n1377.,Ex-trivial smoker (<1/day),QOF,E\nE2510,"Tobacco dependence, unspecified",Tobacco_Text,S\n';
    expect(parseCodelist(smoking, { name: 'SMOK', system: 'ctv3' }).terms).toEqual({ '1377.': 'Ex-trivial smoker (<1/day)', E2510: 'Tobacco dependence, unspecified' });
    const ethnicity = 'Description,Code,Grouping_16,Grouping_6\nRace: Caucasian,134B.,1,1\n"Black - other, mixed",9S5..,7,2\n"Black - other, mixed",9S5..,7,2\n';
    expect(parseCodelist(ethnicity, { name: 'ETH', system: 'ctv3' }).terms).toEqual({ '134B.': 'Race: Caucasian', '9S5..': 'Black - other, mixed' });
  });

  it('reads ICD-10 and OPCS-4 lists, normalising dotted codes and keeping the first term of a repeated code', () => {
    const icd = 'icd10_code,name,detail\nE10,Insulin-dependent diabetes mellitus,\nE10.0,Insulin-dependent diabetes mellitus,With coma\ne10.9,Insulin-dependent diabetes mellitus,Without complications\n';
    const t1 = parseCodelist(icd, { name: 'T1DM_ICD', system: 'icd10' });
    expect(t1.codes).toEqual(['E10', 'E100', 'E109']);
    expect(t1.terms?.E100).toBe('Insulin-dependent diabetes mellitus');
    const opcs = 'code,term,reduced\nX40,Dialysis NEC,Y\nX401,Renal dialysis,Y\nX41,Placement of ambulatory apparatus for compensation for renal failure,Y\nX41,Dialysis Catheter Ambulatory,Y\n';
    const dialysis = parseCodelist(opcs, { name: 'DIAL_OPCS', system: 'opcs4', match: 'prefix' });
    expect(dialysis).toMatchObject({ codes: ['X40', 'X401', 'X41'], match: 'prefix' });
    expect(dialysis.terms?.X41).toBe('Placement of ambulatory apparatus for compensation for renal failure');
  });

  it('reads a Read v2 list, dropping term codes', () => {
    const list = parseCodelist('code,term\nH33..00,Asthma\nH330.11,Extrinsic asthma\nH33..,Asthma\n', { name: 'AST_READ', system: 'readv2' });
    expect(list.codes).toEqual(['H33..', 'H330.']);
    expect(list.terms).toEqual({ 'H33..': 'Asthma', 'H330.': 'Extrinsic asthma' });
  });

  it('reads a BOM, CRLF and a file with no term column', () => {
    const list = parseCodelist('\uFEFFCode\r\n73211009\r\n44054006\r\n', { name: 'DM_COD', system: 'snomed-ct' });
    expect(list.codes).toEqual(['44054006', '73211009']);
    expect('terms' in list).toBe(false);
  });

  it('keeps line numbers right after a quoted term that spans lines', () => {
    const text = 'code,term\n73211009,"Diabetes mellitus,\nwith a note\r\nover three lines"\n\n44054006,"Type 2 ""adult-onset"" diabetes"\n7321100,Broken\n';
    const refusal = refusalOf(() => parseCodelist(text, { name: 'DM_COD', system: 'snomed-ct' }), PhmValidationError);
    expect(refusal.issues).toEqual([{ path: ['line', 7], message: "Line 7: '7321100' is not a SNOMED CT identifier: its check digit should be 2" }]);
    expect(refusal.message).toBe("Invalid codelist DM_COD: 1 code refused: Line 7: '7321100' is not a SNOMED CT identifier: its check digit should be 2");
  });
});

describe('parseCodelist: columns', () => {
  it('takes the columns named, exactly as written', () => {
    const text = 'id,code,label\n73211009,not-a-code,Diabetes mellitus\n';
    const list = parseCodelist(text, { name: 'DM_COD', system: 'snomed-ct', codeColumn: 'id', termColumn: 'label' });
    expect(list.codes).toEqual(['73211009']);
    expect(list.terms).toEqual({ '73211009': 'Diabetes mellitus' });
  });

  it('refuses a named column that is not there, offering a near miss', () => {
    const text = 'CTV3ID,CTV3PreferredTermDesc\nH33..,Asthma\n';
    expect(issuesOf(() => parseCodelist(text, { name: 'AST', system: 'ctv3', codeColumn: 'ctv3id' }))).toEqual([{ path: ['codeColumn'], message: "No column is named 'ctv3id': the header row (line 1) has 'CTV3ID', 'CTV3PreferredTermDesc'; did you mean 'CTV3ID'?" }]);
    expect(issuesOf(() => parseCodelist(text, { name: 'AST', system: 'ctv3', termColumn: 'term' }))).toEqual([{ path: ['termColumn'], message: "No column is named 'term': the header row (line 1) has 'CTV3ID', 'CTV3PreferredTermDesc'" }]);
  });

  it('refuses a file without a known code column, naming the headers found and the names looked for', () => {
    const refusal = refusalOf(() => parseCodelist('bnf_code,nm\n0301011R0AAAAAA,Salbutamol\n', { name: 'SABA', system: 'dmd' }), PhmValidationError);
    expect(refusal.issues).toEqual([{ path: ['line', 1], message: "Line 1: no code column: the header row has 'bnf_code', 'nm', and a dm+d identifier column is looked for under the names (in any case) 'code', 'dmd_id', 'dmdcode', 'snomed_id', 'dmd', 'id'. Name it with the codeColumn option (the first row must be a header row)" }]);
    expect(refusal.message).toMatch(/^Invalid codelist SABA: Line 1: no code column/);
    // A file without a header row: its first code is taken for a header, and said to be one.
    expect(issuesOf(() => parseCodelist('73211009,Diabetes mellitus\n', { name: 'DM', system: 'snomed-ct' }))[0]?.message).toMatch(/the header row has '73211009', 'Diabetes mellitus'/);
  });

  it('documents its known names in order, code first', () => {
    for (const system of SYSTEMS) {
      expect(KNOWN_CODE_COLUMNS[system][0]).toBe('code');
      expect(KNOWN_TERM_COLUMNS[system][0]).toBe('term');
    }
    expect(KNOWN_CODE_COLUMNS.dmd).not.toContain('vpid');
    expect(Object.isFrozen(KNOWN_CODE_COLUMNS.ctv3)).toBe(true);
  });
});

describe('parseCodelist: refusals', () => {
  it('names each malformed code and each empty code cell by its line', () => {
    const text = 'code,term\nE11,Type 2 diabetes\nE1,Too short\n,No code\n   ,Spaces\nE11.9\nZZZ,Letters\n';
    const refusal = refusalOf(() => parseCodelist(text, { name: 'DM_ICD', system: 'icd10' }), PhmValidationError);
    expect(refusal.issues.map((i) => i.path)).toEqual([
      ['line', 3],
      ['line', 4],
      ['line', 5],
      ['line', 7],
    ]);
    expect(refusal.issues[0]?.message).toBe("Line 3: 'E1' is not an ICD-10 code: a code is a letter A-Z and two digits, then up to two more digits, e.g. E11 or E11.9 (read as E119)");
    expect(refusal.issues[1]?.message).toBe('Line 4: the code is empty');
    expect(refusal.issues[2]?.message).toBe('Line 5: the code is empty');
    expect(refusal.issues[3]?.message).toMatch(/^Line 7: 'ZZZ' is not an ICD-10 code/);
    expect(refusal.message).toMatch(/^Invalid codelist DM_ICD: 4 codes refused: Line 3: .*; Line 4: the code is empty; Line 5: the code is empty; \.\.\. and 1 more$/);
  });

  it('refuses a row that ends before the code column', () => {
    expect(issuesOf(() => parseCodelist('term,code\nDiabetes mellitus\n', { name: 'DM', system: 'snomed-ct' }))).toEqual([{ path: ['line', 2], message: 'Line 2: the code is empty' }]);
  });

  it('refuses empty text and a header with no rows', () => {
    expect(refusalOf(() => parseCodelist('', { name: 'DM', system: 'snomed-ct' })).message).toBe('Invalid codelist DM: the CSV text is empty: expected a header row (such as code,term) and a row for each code');
    expect(() => parseCodelist('\uFEFF\r\n\r\n', { name: 'DM', system: 'snomed-ct' })).toThrow(/the CSV text is empty/);
    expect(refusalOf(() => parseCodelist('code,term\r\n', { name: 'DM', system: 'snomed-ct' })).message).toBe('Invalid codelist DM: the CSV has a header row (line 1) but no rows of codes');
  });

  it('refuses more rows than a codelist holds', () => {
    const text = `code\n${'E11\n'.repeat(MAX_CODELIST_CODES + 1)}`;
    expect(refusalOf(() => parseCodelist(text, { name: 'BIG', system: 'icd10' })).message).toBe('Invalid codelist BIG: the CSV has 1,000,001 rows of codes: at most 1,000,000 can be held in one codelist');
  });

  it('refuses bad options with their path', () => {
    expect(issuesOf(() => parseCodelist('code\nE11\n', { name: 'dm cod', system: 'icd10' }))[0]?.path).toEqual(['name']);
    expect(issuesOf(() => parseCodelist('code\nE11\n', { name: 'DM', system: 'ICD10' as never }))[0]?.path).toEqual(['system']);
    expect(issuesOf(() => parseCodelist('code\nE11\n', { name: 'DM', system: 'icd10', codeColumn: '' }))[0]?.path).toEqual(['codeColumn']);
    expect(issuesOf(() => parseCodelist('code\n73211009\n', { name: 'DM', system: 'snomed-ct', match: 'prefix' }))[0]?.path).toEqual(['match']);
    expect(issuesOf(() => parseCodelist('code\nE11\n', { name: 'DM', system: 'icd10', column: 'code' } as never))[0]?.message).toMatch(/column/);
    expect(() => parseCodelist('code\nE11\n', undefined as never)).toThrow(/name, system are needed/);
    expect(ParseCodelistOptionsSchema.safeParse({ name: 'AST_COD', system: 'ctv3', codeColumn: 'CTV3ID' }).success).toBe(true);
  });

  it('reads an unterminated quote as an error on its line', () => {
    expect(issuesOf(() => parseCodelist('code,term\nH33..,"Asthma\n', { name: 'AST', system: 'ctv3' }))).toEqual([{ path: ['line', 2], message: expect.stringMatching(/^Line 2: a quoted field opens on this line and is never closed/) }]);
  });
});

describe('parseCodelist: a plain list of codes', () => {
  it('is defineCodelist, with paths by index', () => {
    expect(parseCodelist(['E11', 'E10', 'e11'], { name: 'DIAB_ICD', system: 'icd10', match: 'prefix' })).toEqual({ name: 'DIAB_ICD', system: 'icd10', match: 'prefix', codes: ['E10', 'E11'] });
    expect(issuesOf(() => parseCodelist(['E11', 'E1'], { name: 'DIAB_ICD', system: 'icd10' }))).toEqual([{ path: ['codes', 1], message: expect.stringMatching(/^'E1' is not an ICD-10 code/) }]);
  });

  it('refuses column options, which only a CSV has, and what is neither text nor a list', () => {
    expect(issuesOf(() => parseCodelist(['E11'], { name: 'D', system: 'icd10', codeColumn: 'code' }))).toEqual([{ path: ['codeColumn'], message: 'It names a CSV column, but the codes were given as a list' }]);
    expect(issuesOf(() => parseCodelist(['E11'], { name: 'D', system: 'icd10', termColumn: 'term' }))[0]?.path).toEqual(['termColumn']);
    expect(() => parseCodelist(42 as never, { name: 'D', system: 'icd10' })).toThrow(/Expected the CSV text of a codelist, or a list of codes, not a value of type number/);
  });
});

describe('parseCodelist: generated files', () => {
  const layouts = {
    'snomed-ct': [['code', 'term'], ['snomedcode', 'description']],
    dmd: [['dmd_type', 'dmd_id', 'dmd_name', 'bnf_code'], ['code', 'term', 'dmd_id', 'dmd_type', 'bnf_code']],
    icd10: [['icd10_code', 'name', 'detail'], ['code', 'term']],
    opcs4: [['code', 'term', 'reduced'], ['Code', 'Term']],
    ctv3: [['CTV3ID', 'CTV3PreferredTermDesc', 'CTV3Source'], ['CTV3Code', 'Description', 'CodeSource', 'Category'], ['Description', 'Code', 'Grouping_16', 'Grouping_6']],
    readv2: [['code', 'term'], ['readcode', 'readcodedescr']],
  } as const;
  // The column parseCodelist should take: the first of the known names (in their order) present.
  const codeIndex = (header: readonly string[], system: (typeof SYSTEMS)[number]) => {
    const names = header.map((h) => h.toLowerCase());
    const known = KNOWN_CODE_COLUMNS[system].find((name) => names.includes(name));
    return known === undefined ? -1 : names.indexOf(known);
  };

  for (const system of SYSTEMS) {
    property(
      `${system}: a valid file gives exactly the set of its normalised codes`,
      0xf11e_0001 + SYSTEMS.indexOf(system),
      fc.record({
        layout: fc.constantFrom(...layouts[system]),
        rows: fc.array(fc.tuple(writtenCodeArb(system), anyStringArb, fc.boolean()), { minLength: 1, maxLength: 25 }),
        end: fc.constantFrom('\r\n', '\n'),
        bom: fc.boolean(),
      }),
      ({ layout, rows, end, bom }) => {
        const at = codeIndex(layout, system);
        expect(at).toBeGreaterThanOrEqual(0);
        const lines = rows.map(([code, term, quote]) => layout.map((_, i) => writeField(i === at ? code.raw : term, quote)).join(','));
        const text = `${bom ? '\uFEFF' : ''}${[layout.join(','), ...lines].join(end)}${end}`;
        const list = parseCodelist(text, { name: 'GEN_COD', system });
        expect(list.codes).toEqual([...new Set(rows.map(([code]) => code.code))].sort());
        expect(Object.keys(list.terms ?? {}).every((code) => list.codes.includes(code))).toBe(true);
      },
    );
  }
});
