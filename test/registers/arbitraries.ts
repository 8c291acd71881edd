/**
 * fast-check building blocks for the register property tests: a fixed set of codelists in
 * several code systems, event codes that meet them in every written form (dots, lower case,
 * X-filled, Read term suffixes, spaces) and codes that meet none, people, events dated around
 * the windows' edges, and random register definitions.
 */
import fc from 'fast-check';
import type { RegisterRule, RegisterSpec, RegisterWindow } from 'phm-kit/registers';
import { oracleStart, type OracleCodelist, type OracleEvent } from './oracle.js';

// Verhoeff tables (Verhoeff 1969), written here so that test ids do not lean on the library's.
const D = [[0,1,2,3,4,5,6,7,8,9],[1,2,3,4,0,6,7,8,9,5],[2,3,4,0,1,7,8,9,5,6],[3,4,0,1,2,8,9,5,6,7],[4,0,1,2,3,9,5,6,7,8],[5,9,8,7,6,0,4,3,2,1],[6,5,9,8,7,1,0,4,3,2],[7,6,5,9,8,2,1,0,4,3],[8,7,6,5,9,3,2,1,0,4],[9,8,7,6,5,4,3,2,1,0]];
const P = [[0,1,2,3,4,5,6,7,8,9],[1,5,7,6,2,8,3,0,9,4],[5,8,0,3,7,9,6,1,4,2],[8,9,1,6,0,4,3,5,2,7],[9,4,5,3,1,2,6,8,7,0],[4,2,8,6,5,7,3,9,0,1],[2,7,9,3,8,0,6,4,1,5],[7,0,4,6,9,1,3,2,5,8]];
const INV = [0,4,3,2,1,5,6,7,8,9];

/** `body` with its Verhoeff check digit appended. */
export function withCheckDigit(body: string): string {
  let c = 0;
  const digits = body.split('').reverse().map(Number);
  digits.forEach((d, i) => {
    c = (D[c] as number[])[(P[(i + 1) % 8] as number[])[d] as number] as number;
  });
  return body + String(INV[c]);
}

/** A SNOMED CT concept id: an item id, the international concept partition '00', a check digit. */
export const sctid = (item: string) => withCheckDigit(`${item}00`);

export const CODELISTS: readonly OracleCodelist[] = [
  { name: 'A_COD', system: 'snomed-ct', match: 'exact', codes: [sctid('732110'), sctid('440540'), sctid('1959670')].sort() },
  { name: 'AR_COD', system: 'snomed-ct', match: 'exact', codes: [sctid('3150510')] },
  { name: 'B_COD', system: 'icd10', match: 'prefix', codes: ['E11', 'I10', 'J45'] },
  { name: 'C_COD', system: 'icd10', match: 'exact', codes: ['E119', 'I10', 'N185'].sort() },
  { name: 'D_COD', system: 'ctv3', match: 'exact', codes: ['H33..', 'XaBVJ'].sort() },
  { name: 'E_COD', system: 'readv2', match: 'exact', codes: ['C10..', 'H33..'].sort() },
  { name: 'V_COD', system: 'snomed-ct', match: 'exact', codes: [sctid('1107481')] },
];
export const CODELIST_NAMES = CODELISTS.map((c) => c.name);

/** Codes as extracts write them: every list code, in other forms, and codes that meet no list. */
export const EVENT_CODES: readonly string[] = [
  ...CODELISTS.flatMap((c) => c.codes),
  'e11.9', ' E11.9 ', 'E119', 'E11X', 'E11-', 'I10X', 'i10', 'J45.0', 'J4', 'E1', 'N18.5', 'n185X',
  'H33..00', 'H33..11', 'C10..', 'h33..', 'XABVJ', ' XaBVJ',
  `${sctid('732110')} `, '073211009', 'ı10', 'E11.9\u00a0', '999', 'ZZZZZ', 'Z99.9',
];

export const PEOPLE_IDS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];

export const asOfArb = fc.constantFrom('2025-03-31', '2024-02-29', '2024-03-31', '2023-12-31', '2025-01-31', '2020-04-01');

const windowArb: fc.Arbitrary<RegisterWindow | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 1, max: 800 }).map((days) => ({ days })),
  fc.constantFrom(1, 3, 6, 12, 15, 24).map((months) => ({ months })),
  fc.constantFrom('2006-04-01', '2024-02-29', '2025-03-31', '2020-01-01').map((since) => ({ since })),
);
const within = (w: RegisterWindow | undefined) => (w === undefined ? {} : { within: w });

const nameArb = fc.constantFrom(...CODELIST_NAMES);
const decimalArb = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.constantFrom('', '.5', '.1', '.25', '.000001')).map(([n, f]) => `${n}${f}`);

export const ruleArb: fc.Arbitrary<RegisterRule> = fc.letrec<{ rule: RegisterRule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(nameArb, windowArb).map(([code, w]) => ({ code, ...within(w) })),
    fc.tuple(nameArb, fc.uniqueArray(nameArb, { minLength: 1, maxLength: 3 }), fc.constantFrom(undefined, 'fails' as const, 'holds' as const)).filter(([l, o]) => !o.includes(l)).map(([latest, others, sameDay]) => ({ latest, laterThan: others.length === 1 ? (others[0] as string) : others, ...(sameDay === undefined ? {} : { sameDay }) })),
    fc.tuple(nameArb, fc.integer({ min: 1, max: 4 }), windowArb, fc.constantFrom(undefined, 'days' as const, 'codes' as const)).map(([count, atLeast, w, distinct]) => ({ count, atLeast, ...within(w), ...(distinct === undefined ? {} : { distinct }) })),
    fc.tuple(nameArb, fc.constantFrom(undefined, 'latest' as const, 'earliest' as const), windowArb, fc.constantFrom(undefined, 'highest' as const, 'lowest' as const), fc.constantFrom('atLeast', 'above', 'atMost', 'below'), fc.constantFrom(0, 0.12, 5, 60, -1))
      .map(([value, pick, w, sameDay, op, t]) => ({ value, ...(pick === undefined ? {} : { pick }), ...within(w), ...(sameDay === undefined ? {} : { sameDay }), [op]: t }) as RegisterRule),
    fc.integer({ min: 0, max: 90 }).map((ageAtLeast) => ({ ageAtLeast })),
    fc.integer({ min: 0, max: 90 }).map((ageBelow) => ({ ageBelow })),
    fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('rule').map((not) => ({ not })),
    fc.tuple(fc.array(fc.tuple(tie('rule'), decimalArb), { minLength: 1, maxLength: 4 }), fc.constantFrom(undefined, '1', '36', '0.5'), fc.constantFrom('atLeast', 'above', 'atMost', 'below'), decimalArb)
      .map(([items, divisor, op, cut]) => ({ score: items.map(([rule, weight]) => ({ rule, weight })), ...(divisor === undefined ? {} : { divisor }), [op]: cut }) as RegisterRule),
  ),
})).rule;

export const registerArb = (marker: string): fc.Arbitrary<RegisterSpec> =>
  fc.tuple(ruleArb, fc.option(fc.tuple(fc.constantFrom('first' as const, 'latest' as const), nameArb, fc.uniqueArray(nameArb, { maxLength: 2 })), { nil: undefined })).map(([rule, episode]) => ({
    marker,
    rule,
    ...(episode === undefined ? {} : { episode: { from: episode[0], codelist: episode[1], ...(episode[2].length === 0 ? {} : { endedBy: episode[2].length === 1 ? (episode[2][0] as string) : episode[2] }) } }),
  }));

export const registersArb = fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => registerArb(`reg-${i}`))));

const MS = 86_400_000;
const dayOf = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS;
const isoOf = (day: number) => new Date(day * MS).toISOString().slice(0, 10);

/** Dates near asOf, with the edges of the windows the rules use favoured. */
export const eventDateArb = (asOf: string): fc.Arbitrary<string> => {
  const edges = [{ months: 12 }, { months: 6 }, { months: 24 }, { months: 15 }, { months: 1 }, { months: 3 }, { days: 90 }, { days: 1 }].flatMap((w) => {
    const start = oracleStart(asOf, w);
    return [start, isoOf(dayOf(start) - 1)];
  });
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -1500, max: 20 }).map((k) => isoOf(dayOf(asOf) + k)) },
    { weight: 2, arbitrary: fc.constantFrom(...edges, asOf, isoOf(dayOf(asOf) + 1), '2006-04-01', '2006-03-31', '2024-02-29') },
  );
};

export const eventArb = (asOf: string, ids: readonly string[]): fc.Arbitrary<OracleEvent> =>
  fc.record(
    {
      personId: fc.constantFrom(...ids, 'stranger'),
      code: fc.constantFrom(...EVENT_CODES),
      date: eventDateArb(asOf),
      value: fc.constantFrom(undefined, null, 0, 0.12, 5, 4.9, 60, 59.5, -1, 7),
    },
    { requiredKeys: ['personId', 'code', 'date'] },
  );

export const peopleArb = (asOf: string) =>
  fc.uniqueArray(fc.constantFrom(...PEOPLE_IDS), { minLength: 1, maxLength: PEOPLE_IDS.length }).chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.tuple(...ids.map(() => fc.oneof(fc.integer({ min: 0, max: 95 * 366 }).map((k) => isoOf(dayOf(asOf) - k)), fc.constantFrom(...[17, 18, 6, 65, 75].map((y) => `${Number(asOf.slice(0, 4)) - y}${asOf.slice(4)}`))))),
    ),
  ).map(([ids, births]) => ids.map((id, i) => ({ id, birthDate: (births[i] as string).endsWith('02-29') && !isLeap(Number((births[i] as string).slice(0, 4))) ? `${(births[i] as string).slice(0, 4)}-02-28` : (births[i] as string) })));

function isLeap(y: number) {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** A case on a given `asOf`: registers, people and their events. */
export const caseAt = (asOf: string) =>
  peopleArb(asOf).chain((people) =>
    fc.record({
      asOf: fc.constant(asOf),
      registers: registersArb,
      people: fc.constant(people),
      events: fc.array(eventArb(asOf, people.map((p) => p.id)), { maxLength: 40 }),
    }),
  );

/** A whole case: asOf, registers, people and their events. */
export const caseArb = asOfArb.chain(caseAt);
