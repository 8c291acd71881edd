import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from '../../../src/core/errors.js';
import { codeProblem, CodeSystemSchema, normaliseCode, supportsPrefixMatch, verhoeffCheckDigit, type CodeSystemId } from '../../../src/registers/codelists/index.js';
import { property } from '../../support/property.js';
import { anyStringArb, sctidArb, SYSTEMS, validCodeArb, verhoeffHolds } from './arbitraries.js';

/** Real, public SNOMED CT concept ids (international, then UK extension and dm+d ones). */
const REAL_SCTIDS = [
  '73211009', // diabetes mellitus
  '195967001', // asthma
  '44054006', // type 2 diabetes mellitus
  '38341003', // hypertensive disorder
  '13645005', // chronic obstructive lung disease
  '46635009', // type 1 diabetes mellitus
  '325278007', // metformin 500mg tablets (a dm+d VMP)
  '112991000000101', // lipoatrophic diabetes mellitus without complication (UK extension)
  '999012731000230108', // the BP_COD reference set (UK primary care domain)
  '999000011000230102', // an 18-digit UK extension concept id
  '10514511000001106', // adrenaline (base) 220micrograms/dose inhaler (a dm+d VMP)
];

describe('CodeSystemSchema', () => {
  it('lists the six systems, and nothing else', () => {
    expect(CodeSystemSchema.options).toEqual(['snomed-ct', 'dmd', 'icd10', 'opcs4', 'ctv3', 'readv2']);
    expect(CodeSystemSchema.safeParse('snomed').success).toBe(false);
  });
});

describe('normaliseCode', () => {
  it('makes the written forms of an ICD-10 code equal, and only those', () => {
    const forms = ['E11.9', 'E119', 'e11.9', ' E11.9 ', 'e119'];
    expect(new Set(forms.map((c) => normaliseCode('icd10', c)))).toEqual(new Set(['E119']));
    const i10 = [' I10X ', 'I10-', 'I10', 'i10', 'I10.', 'i10x', 'I.1.0'];
    expect(i10.map((c) => normaliseCode('icd10', c))).toEqual(['I10', 'I10', 'I10', 'I10', 'I10', 'I10', 'I10']);
    expect(normaliseCode('icd10', 'I109')).toBe('I109');
    expect(normaliseCode('icd10', 'E11X9')).toBe('E11'); // the 4th character decides, whatever follows
    expect(normaliseCode('icd10', 'E1X')).toBe('E1X'); // X only as the 4th character
    expect(normaliseCode('opcs4', 'x40.1')).toBe('X401');
    expect(normaliseCode('opcs4', 'X40-')).toBe('X40');
  });

  it('removes U+0020 spaces at the ends only, never other whitespace', () => {
    expect(normaliseCode('snomed-ct', '  73211009  ')).toBe('73211009');
    expect(normaliseCode('snomed-ct', '\t73211009')).toBe('\t73211009');
    expect(normaliseCode('icd10', 'E11.9\u00a0')).toBe('E119\u00a0');
    expect(normaliseCode('icd10', 'E1 1')).toBe('E1 1');
    expect(normaliseCode('ctv3', '   ')).toBe('');
  });

  it('upper-cases ASCII letters only', () => {
    expect(normaliseCode('icd10', 'ı10')).toBe('ı10'); // dotless i: toUpperCase would make it 'I10'
    expect(normaliseCode('icd10', 'ßa1')).toBe('ßA1');
    expect(normaliseCode('icd10', 'ǆ10')).toBe('ǆ10');
  });

  it('drops a Read v2 two-digit term code, and nothing else', () => {
    expect(normaliseCode('readv2', 'H33..00')).toBe('H33..');
    expect(normaliseCode('readv2', ' H33..11 ')).toBe('H33..');
    expect(normaliseCode('readv2', 'H33..0a')).toBe('H33..0a');
    expect(normaliseCode('readv2', 'H33..0')).toBe('H33..0');
    expect(normaliseCode('readv2', 'H33..000')).toBe('H33..000');
    expect(normaliseCode('readv2', 'h33..')).toBe('h33..'); // case-sensitive
    expect(normaliseCode('ctv3', 'H33..00')).toBe('H33..00'); // CTV3 has no term codes
  });

  it('changes nothing but the spaces for SNOMED CT, dm+d and CTV3', () => {
    expect(normaliseCode('ctv3', ' XaBVJ ')).toBe('XaBVJ');
    expect(normaliseCode('ctv3', 'xabvj')).toBe('xabvj');
    expect(normaliseCode('dmd', '325278007.')).toBe('325278007.');
    expect(normaliseCode('snomed-ct', 'e11.9')).toBe('e11.9');
  });

  it('is not idempotent when removing dots or padding exposes a space (the SQL runs the same steps once)', () => {
    expect(normaliseCode('icd10', '. I10')).toBe(' I10');
    expect(normaliseCode('icd10', normaliseCode('icd10', '. I10'))).toBe('I10');
    expect(normaliseCode('icd10', 'I1 X')).toBe('I1 ');
    expect(normaliseCode('readv2', 'H33  00')).toBe('H33  ');
  });

  it('refuses an unknown system or a code that is not a string', () => {
    expect(() => normaliseCode('snomed' as CodeSystemId, '1')).toThrow(PhmValidationError);
    expect(() => normaliseCode('toString' as CodeSystemId, '1')).toThrow(/Expected one of 'snomed-ct'/);
    expect(() => normaliseCode('icd10', 73211009 as unknown as string)).toThrow(/not a value of type number/);
  });

  for (const system of SYSTEMS) {
    property(
      `${system}: normalising again changes nothing, unless the result has a space at either end`,
      0xc0de_0001 + SYSTEMS.indexOf(system),
      anyStringArb,
      (raw) => {
        const once = normaliseCode(system, raw);
        if (!once.startsWith(' ') && !once.endsWith(' ')) expect(normaliseCode(system, once)).toBe(once);
        else expect(/ /.test(raw.slice(1, -1))).toBe(true); // only an inner space can end up at an edge
      },
    );

    property(
      `${system}: idempotent on every string without a U+0020 space inside it`,
      0xc0de_0101 + SYSTEMS.indexOf(system),
      fc.tuple(fc.nat(2), anyStringArb.map((s) => s.replaceAll(' ', '')), fc.nat(2)).map(([a, s, b]) => `${' '.repeat(a)}${s}${' '.repeat(b)}`),
      (raw) => {
        const once = normaliseCode(system, raw);
        expect(normaliseCode(system, once)).toBe(once);
      },
    );

    property(`${system}: a valid code is its own normal form`, 0xc0de_0201 + SYSTEMS.indexOf(system), validCodeArb(system), (code) => {
      expect(normaliseCode(system, code)).toBe(code);
      expect(codeProblem(system, code)).toBeUndefined();
    });
  }
});

describe('codeProblem: SNOMED CT and dm+d', () => {
  it('accepts real concept ids, in both systems', () => {
    for (const id of REAL_SCTIDS) {
      expect(codeProblem('snomed-ct', id)).toBeUndefined();
      expect(codeProblem('dmd', id)).toBeUndefined();
    }
  });

  it('wants 6 to 18 digits, no leading zero', () => {
    expect(codeProblem('snomed-ct', '10009')).toBe("'10009' is not a SNOMED CT identifier: it has 5 digits, and an identifier has 6 to 18");
    expect(codeProblem('snomed-ct', '100005')).toBeUndefined(); // 6 digits: item 100, partition 00, check 5
    expect(codeProblem('snomed-ct', '999000011000230102')).toBeUndefined(); // 18
    expect(codeProblem('snomed-ct', '9990000110002301020')).toMatch(/it has 19 digits, and an identifier has 6 to 18$/);
    expect(codeProblem('snomed-ct', '1')).toMatch(/it has 1 digit,/);
    expect(codeProblem('snomed-ct', '073211009')).toBe("'073211009' is not a SNOMED CT identifier: it starts with 0, which no identifier does");
    expect(codeProblem('snomed-ct', '7321100X')).toMatch(/written with the digits 0-9 only$/);
    expect(codeProblem('snomed-ct', '٧٣٢١١٠٠٩')).toMatch(/digits 0-9 only$/); // Arabic-Indic digits
    expect(codeProblem('dmd', '')).toBe("'' is not a dm+d identifier: it is empty");
  });

  it('wants a concept partition, and says what another partition marks', () => {
    const withPartition = (partition: string) => `${'73211'}${partition}${verhoeffCheckDigit(`73211${partition}`)}`;
    expect(codeProblem('snomed-ct', withPartition('00'))).toBeUndefined();
    expect(codeProblem('snomed-ct', withPartition('10'))).toBeUndefined();
    expect(codeProblem('snomed-ct', withPartition('01'))).toMatch(/partition identifier \(the 2nd and 3rd digits from the right\) is '01', which marks a description, not a concept/);
    expect(codeProblem('snomed-ct', withPartition('11'))).toMatch(/is '11', which marks a description in an extension, not a concept/);
    expect(codeProblem('snomed-ct', withPartition('02'))).toMatch(/is '02', which marks a relationship, not a concept/);
    expect(codeProblem('snomed-ct', withPartition('12'))).toMatch(/is '12', which marks a relationship in an extension/);
    expect(codeProblem('snomed-ct', withPartition('67'))).toMatch(/is '67', which marks no kind of component: a concept's is '00' \(international\) or '10' \(an extension\)$/);
  });

  it('names the right check digit', () => {
    expect(codeProblem('snomed-ct', '73211008')).toBe("'73211008' is not a SNOMED CT identifier: its check digit should be 9");
    expect(codeProblem('snomed-ct', '7321100')).toBe("'7321100' is not a SNOMED CT identifier: its check digit should be 2");
    expect(codeProblem('snomed-ct', '44054007')).toMatch(/its check digit should be 6$/);
    expect(codeProblem('dmd', '10514511000001107')).toBe("'10514511000001107' is not a dm+d identifier: its check digit should be 6");
  });

  it('computes the Verhoeff check digit of real ids', () => {
    for (const id of REAL_SCTIDS) expect(verhoeffCheckDigit(id.slice(0, -1))).toBe(id.slice(-1));
    expect(verhoeffCheckDigit('236')).toBe('3'); // the textbook example: 2363 is valid
    expect(() => verhoeffCheckDigit('')).toThrow(PhmValidationError);
    expect(() => verhoeffCheckDigit('12a')).toThrow(/digits 0-9/);
  });

  property('Verhoeff catches every single mistyped digit of a valid id', 0x5c7_0001, fc.tuple(sctidArb, fc.nat(), fc.integer({ min: 1, max: 9 })), ([id, at, shift]) => {
    const i = at % id.length;
    const wrong = `${id.slice(0, i)}${(Number(id[i]) + shift) % 10}${id.slice(i + 1)}`;
    expect(verhoeffHolds(id)).toBe(true);
    expect(verhoeffHolds(wrong)).toBe(false);
    expect(verhoeffCheckDigit(wrong.slice(0, -1))).not.toBe(wrong.slice(-1));
    expect(codeProblem('snomed-ct', wrong)).toBeDefined();
  });

  property(
    'Verhoeff catches every swap of two different adjacent digits of a valid id',
    0x5c7_0002,
    fc.tuple(sctidArb, fc.nat()).filter(([id, at]) => id[at % (id.length - 1)] !== id[(at % (id.length - 1)) + 1]),
    ([id, at]) => {
      const i = at % (id.length - 1);
      const swapped = `${id.slice(0, i)}${id[i + 1]}${id[i]}${id.slice(i + 2)}`;
      expect(swapped).not.toBe(id);
      expect(verhoeffCheckDigit(swapped.slice(0, -1))).not.toBe(swapped.slice(-1));
      expect(codeProblem('dmd', swapped)).toBeDefined();
    },
  );

  property('the library check digit agrees with the textbook tables on any digits', 0x5c7_0003, fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 }), (body) => {
    expect(verhoeffHolds(`${body}${verhoeffCheckDigit(body)}`)).toBe(true);
  });
});

describe('codeProblem: ICD-10 and OPCS-4', () => {
  it('accepts a letter, two digits and up to two (ICD-10) or one (OPCS-4) more', () => {
    for (const code of ['E11', 'E119', 'M4806', 'U071', 'I10']) expect(codeProblem('icd10', code)).toBeUndefined();
    for (const code of ['X40', 'X401', 'E851']) expect(codeProblem('opcs4', code)).toBeUndefined();
  });

  it('refuses anything else, naming the system', () => {
    expect(codeProblem('icd10', 'E1')).toBe("'E1' is not an ICD-10 code: a code is a letter A-Z and two digits, then up to two more digits, e.g. E11 or E11.9 (read as E119)");
    for (const code of ['E11.9', 'e119', 'E11X', 'E11900', '11E', 'EE11', 'E1A']) expect(codeProblem('icd10', code)).toMatch(/^'.*' is not an ICD-10 code: /);
    expect(codeProblem('opcs4', 'X4012')).toMatch(/^'X4012' is not an OPCS-4 code: a code is a letter A-Z and two digits, then at most one more digit/);
    expect(codeProblem('icd10', '')).toBe("'' is not an ICD-10 code: it is empty");
  });

  it('accepts what normalisation makes of the usual written forms', () => {
    for (const raw of ['E11.9', 'e11.9', ' I10X ', 'I10-', 'X40.1']) expect(codeProblem('icd10', normaliseCode('icd10', raw))).toBeUndefined();
  });
});

describe('codeProblem: CTV3 and Read v2', () => {
  it('accepts five letters, digits and trailing dots, case kept', () => {
    for (const code of ['H33..', 'XaBVJ', 'G3...', 'Y0017', 'h33..', '9OJA.', 'X....']) {
      expect(codeProblem('ctv3', code)).toBeUndefined();
      expect(codeProblem('readv2', code)).toBeUndefined();
    }
  });

  it('refuses a wrong length, other characters, inner dots and only dots', () => {
    expect(codeProblem('ctv3', 'H33.')).toBe("'H33.' is not a CTV3 code: it has 4 characters, and a code has exactly 5, dots filling out the end (as in 'H33..')");
    expect(codeProblem('readv2', 'H33..00')).toMatch(/^'H33..00' is not a Read v2 code: it has 7 characters/);
    expect(codeProblem('ctv3', 'H3-3.')).toMatch(/letters A-Z and a-z, the digits 0-9 and dots only$/);
    expect(codeProblem('ctv3', 'H3.3.')).toBe("'H3.3.' is not a CTV3 code: dots may only fill out the end of a code, as in 'H33..'");
    expect(codeProblem('readv2', '.H33.')).toMatch(/dots may only fill out the end/);
    expect(codeProblem('ctv3', '.....')).toBe("'.....' is not a CTV3 code: it is only dots");
    expect(codeProblem('ctv3', 'Hé3..')).toMatch(/dots only$/);
  });

  it('quotes a long or unprintable code shortly', () => {
    expect(codeProblem('ctv3', 'a\nb')).toMatch(/^'a\\u000ab' is not a CTV3 code/);
    expect(codeProblem('icd10', 'E'.repeat(100))).toMatch(/^'E{40}…' is not an ICD-10 code/);
  });
});

describe('supportsPrefixMatch', () => {
  it('is true for ICD-10 and OPCS-4 only', () => {
    expect(SYSTEMS.filter(supportsPrefixMatch)).toEqual(['icd10', 'opcs4']);
    expect(() => supportsPrefixMatch('icd9' as CodeSystemId)).toThrow(PhmValidationError);
  });
});
