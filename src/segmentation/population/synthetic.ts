import * as z from 'zod';
import { addDaysUnchecked as addDays, IsoDateSchema } from '../../core/dates.js';
import { createRng, type Rng } from '../../core/random.js';
import { parseInput } from '../../core/validation.js';
import type { MarkerEntry, Person } from '../records/person.js';

/** The options of both generators; they differ only in how many people they will make. */
function syntheticOptionsSchema(maxSize: number, beyond: string) {
  return z.strictObject({
    /** Number of people. */
    size: z.number().int().min(0).max(maxSize, { message: `At most ${maxSize.toLocaleString('en-GB')} people: ${beyond}` }),
    /** Any integer: the same seed gives the same people. */
    seed: z.number().int(),
    /**
     * The date the population describes. Default 2024-04-01. Between 1900 and 9998, so that
     * every birth, death and pregnancy date generated around it is a valid date.
     */
    asOf: IsoDateSchema.refine((d) => d >= '1900-01-01' && d <= '9998-12-31', { message: 'asOf must be between 1900-01-01 and 9998-12-31' }).default('2024-04-01'),
    /**
     * The share of the registered population that leaves the register each year, and the share
     * that joins it, from 0 (the default: everyone registered from birth, never leaving) to 0.5.
     * People join and leave in the two years before `asOf`, as deaths happen. Drawn from a stream
     * of its own: the same seed gives the same people, with or without turnover.
     */
    turnover: z.number().min(0).max(0.5).default(0),
  });
}

/**
 * Zod schema of the options of {@link syntheticPopulation}: at most 2 million people, as they
 * are made at once and held in one array: about 270 bytes and 3 µs a person, so 540 MB and
 * 6 s at the limit (20 million, the limit before, needed more than Node's default heap). For
 * more, stream them from {@link syntheticPeople}, or collect its people into an array.
 *
 * @example
 * SyntheticPopulationOptionsSchema.parse({ size: 1000, seed: 7 }); // { size: 1000, seed: 7, asOf: '2024-04-01' }
 */
export const SyntheticPopulationOptionsSchema = syntheticOptionsSchema(2_000_000, 'they are made at once and held in memory, about 270 bytes each; syntheticPeople makes up to 100,000,000 one at a time');

/**
 * Options of {@link syntheticPopulation}: how many people (`size`, up to 2 million), the
 * `seed`, and optionally the date the population describes (`asOf`, default 2024-04-01).
 *
 * @example
 * const options: SyntheticPopulationOptions = { size: 10_000, seed: 2024, asOf: '2024-04-01' };
 * const people = syntheticPopulation(options);
 */
export type SyntheticPopulationOptions = z.input<typeof SyntheticPopulationOptionsSchema>;

/**
 * Zod schema of the options of {@link syntheticPeople}: up to 100 million people, as they are
 * made one at a time.
 *
 * @example
 * SyntheticPeopleOptionsSchema.safeParse({ size: 57_000_000, seed: 1 }).success     // true
 * SyntheticPopulationOptionsSchema.safeParse({ size: 57_000_000, seed: 1 }).success // false: over 2 million
 */
export const SyntheticPeopleOptionsSchema = syntheticOptionsSchema(100_000_000, 'a larger population takes longer to make than anyone will wait');

/**
 * Options of {@link syntheticPeople}: how many people (`size`, up to 100 million), the `seed`,
 * and optionally the date the population describes (`asOf`, default 2024-04-01).
 *
 * @example
 * const options: SyntheticPeopleOptions = { size: 57_000_000, seed: 1 };
 * segmentStream(syntheticPeople(options), leeds2024, { asOf: '2024-04-01' });
 */
export type SyntheticPeopleOptions = z.input<typeof SyntheticPeopleOptionsSchema>;

/**
 * Age structure, Leeds-like (about 21% under 18 and 15% aged 65 and over, with a large student
 * population at 18-24): [lowest age, highest age, share].
 */
const AGE_BANDS: readonly (readonly [number, number, number])[] = [
  [0, 4, 0.06],
  [5, 17, 0.15],
  [18, 24, 0.12],
  [25, 44, 0.29],
  [45, 64, 0.23],
  [65, 74, 0.08],
  [75, 84, 0.05],
  [85, 104, 0.02],
];

const AGE_BAND_SHARES = AGE_BANDS.map((band) => band[2]);

/** National IMD deciles 1..10: about a quarter of Leeds lives in decile 1 (the "26%"). */
const IMD_SHARES = [0.26, 0.09, 0.08, 0.08, 0.08, 0.08, 0.08, 0.09, 0.09, 0.07];

/** Conditions are commoner in deprived areas: a prevalence multiplier per decile. */
const DEPRIVATION_FACTOR = [1.35, 1.2, 1.1, 1.05, 1, 1, 0.95, 0.9, 0.85, 0.85];

/**
 * Illustrative prevalences by life stage [under 18, 18-44, 45-64, 65-79, 80+], in the order of
 * QOF-style published rates; not Leeds data.
 */
const PREVALENCE: readonly (readonly [string, readonly [number, number, number, number, number], boolean])[] = [
  // [marker, prevalence by life stage, scaled by deprivation]
  ['ltc-asthma', [0.09, 0.07, 0.065, 0.065, 0.06], true],
  ['ltc-copd', [0, 0.003, 0.02, 0.06, 0.08], true],
  ['ltc-diabetes', [0.002, 0.025, 0.09, 0.17, 0.18], true],
  ['ltc-hypertension', [0, 0.04, 0.22, 0.48, 0.6], true],
  ['ltc-chd', [0, 0.002, 0.03, 0.1, 0.15], true],
  ['ltc-heart-failure', [0, 0.001, 0.006, 0.03, 0.08], true],
  ['ltc-atrial-fibrillation', [0, 0.001, 0.01, 0.06, 0.12], false],
  ['ltc-ckd', [0, 0.005, 0.03, 0.12, 0.25], true],
  ['ltc-stroke-tia', [0, 0.002, 0.015, 0.05, 0.09], true],
  ['ltc-epilepsy', [0.005, 0.008, 0.009, 0.009, 0.009], true],
  ['ltc-peripheral-arterial-disease', [0, 0.0005, 0.005, 0.02, 0.03], true],
  ['ltc-osteoporosis', [0, 0, 0.002, 0.015, 0.04], false],
  ['ltc-rheumatoid-arthritis', [0, 0.003, 0.008, 0.012, 0.012], false],
  ['ltc-depression', [0.01, 0.14, 0.15, 0.12, 0.1], true],
  ['ltc-non-diabetic-hyperglycaemia', [0, 0.02, 0.07, 0.12, 0.12], true],
  ['dementia', [0, 0, 0.002, 0.03, 0.12], false],
  ['cancer', [0.001, 0.01, 0.04, 0.09, 0.12], false],
  ['serious-mental-illness', [0.001, 0.01, 0.012, 0.01, 0.008], true],
  ['learning-disability', [0.006, 0.005, 0.004, 0.003, 0.002], false],
  ['autism', [0.02, 0.012, 0.004, 0.001, 0.001], false],
  ['adhd', [0.03, 0.02, 0.005, 0.001, 0], false],
  ['frailty-moderate', [0, 0, 0, 0.12, 0.28], true],
  ['frailty-severe', [0, 0, 0, 0.03, 0.12], true],
  ['end-of-life', [0.0005, 0.001, 0.003, 0.01, 0.04], false],
  ['physical-disability', [0.01, 0.02, 0.04, 0.07, 0.12], true],
  ['sensory-impairment', [0.003, 0.004, 0.01, 0.03, 0.08], false],
  ['organ-failure-liver', [0, 0.0003, 0.002, 0.003, 0.003], true],
  ['organ-failure-neurological', [0, 0.0002, 0.0008, 0.0015, 0.002], false],
  ['organ-failure-interstitial-lung-disease', [0, 0, 0.0005, 0.002, 0.003], false],
  // The national segmentation dataset's further long-term conditions.
  ['ltc-alcohol-dependence', [0, 0.01, 0.012, 0.008, 0.004], true],
  ['ltc-bronchiectasis', [0, 0.001, 0.003, 0.008, 0.01], false],
  ['ltc-chronic-liver-disease', [0, 0.002, 0.008, 0.01, 0.008], true],
  ['ltc-chronic-pain', [0.005, 0.05, 0.1, 0.12, 0.14], true],
  ['ltc-cystic-fibrosis', [0.0002, 0.0002, 0.0001, 0, 0], false],
  ['ltc-inflammatory-bowel-disease', [0.001, 0.005, 0.006, 0.006, 0.005], false],
  ['ltc-multiple-sclerosis', [0, 0.001, 0.003, 0.002, 0.001], false],
  ['ltc-osteoarthritis', [0, 0.02, 0.1, 0.2, 0.25], true],
  ['ltc-parkinsons-disease', [0, 0, 0.001, 0.006, 0.015], false],
  ['ltc-pulmonary-heart-disease', [0, 0, 0.001, 0.004, 0.008], false],
  ['ltc-sarcoidosis', [0, 0.0003, 0.0006, 0.0005, 0.0003], false],
  ['ltc-sickle-cell-disease', [0.0005, 0.0005, 0.0003, 0.0001, 0], true],
  // A Hospital Frailty Risk Score from hospital stays, for older people; a quarter of them score high.
  ['hfrs-intermediate-risk', [0, 0, 0, 0.1, 0.22], true],
];

/** Markers that follow another: [marker, depends on, probability given it]. */
const PROGRESSIONS: readonly (readonly [string, string, number])[] = [
  ['incurable-cancer', 'cancer', 0.15],
  ['organ-failure-heart', 'ltc-heart-failure', 0.3],
  ['organ-failure-respiratory', 'ltc-copd', 0.15],
  ['organ-failure-renal', 'ltc-ckd', 0.05],
  ['hfrs-high-risk', 'hfrs-intermediate-risk', 0.25],
];

const LOCALITIES = Array.from({ length: 15 }, (_, i) => `LCP ${String(i + 1).padStart(2, '0')}`);

function lifeStage(age: number): number {
  return age < 18 ? 0 : age < 45 ? 1 : age < 65 ? 2 : age < 80 ? 3 : 4;
}

function pickWeighted(rng: Rng, weights: readonly number[]): number {
  let u = rng.next();
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

function pregnancyMarkers(rng: Rng, asOf: string, age: number): MarkerEntry[] {
  if (age < 16 || age > 45) return [];
  const markers: MarkerEntry[] = [];
  const u = rng.next();
  if (u < 0.035) {
    const from = addDays(asOf, -rng.int(0, 270));
    markers.push({ id: 'pregnancy', from, to: addDays(from, 280) });
  } else if (u < 0.045) {
    // Ended within the last 90 days: about half are still in the 42-day postnatal window.
    const to = addDays(asOf, -rng.int(1, 90));
    markers.push({ id: 'pregnancy', from: addDays(to, -275), to });
  }
  if (age >= 22 && rng.chance(0.25)) {
    const to = addDays(asOf, -rng.int(400, 4000));
    markers.push({ id: 'pregnancy', from: addDays(to, -275), to });
  }
  return markers;
}

/**
 * The maker of one synthetic population: `next()` returns person n + 1 of `size`, drawing from
 * one seeded generator, so the people depend only on the seed, the date and their order.
 * Both generators below take people from it: a list and a stream of the same seed agree.
 */
const maxDate = (a: string, b: string): string => (a > b ? a : b);

function personMaker(size: number, seed: number, asOf: string, turnover: number): () => Person {
  const rng = createRng(seed);
  // Its own stream, so that turnover changes the registration dates and nothing else.
  const churn = createRng(seed + 0x7e_6157);
  const width = Math.max(7, String(size).length);
  let n = 0;
  return () => {
    const [lowest, highest] = AGE_BANDS[pickWeighted(rng, AGE_BAND_SHARES)] as readonly [number, number, number];
    const age = rng.int(lowest, highest);
    const birthDate = addDays(asOf, -Math.floor(age * 365.2425) - rng.int(0, 364));
    const female = rng.chance(0.505);
    const decile = pickWeighted(rng, IMD_SHARES) + 1;
    const stage = lifeStage(age);
    const factor = DEPRIVATION_FACTOR[decile - 1] as number;
    const markers: MarkerEntry[] = [];
    const has = new Set<string>();
    for (const [id, rates, deprivation] of PREVALENCE) {
      if (rng.chance((rates[stage] as number) * (deprivation ? factor : 1))) {
        has.add(id);
        // Some conditions are recorded with dates; a few of those have resolved.
        if (id === 'ltc-depression' && rng.chance(0.3)) markers.push({ id, from: addDays(asOf, -rng.int(800, 3000)), to: addDays(asOf, -rng.int(30, 700)) });
        else if (id === 'cancer') {
          const diagnosed = addDays(asOf, -rng.int(10, 3650));
          // The diagnosis and its first six months of treatment, for models that look back at cancer care.
          markers.push({ id, from: diagnosed }, { id: 'cancer-diagnosis-or-treatment', from: diagnosed, to: addDays(diagnosed, 182) });
        } else if (id === 'end-of-life') markers.push({ id, from: addDays(asOf, -rng.int(10, 300)) });
        else markers.push(id);
      }
    }
    for (const [id, after, p] of PROGRESSIONS) if (has.has(after) && rng.chance(p)) markers.push(id);
    // The HFRS bands exclude each other: a high score is not also an intermediate one.
    if (markers.includes('hfrs-high-risk')) markers.splice(markers.indexOf('hfrs-intermediate-risk'), 1);
    if (female) markers.push(...pregnancyMarkers(rng, asOf, age));
    const deathRisk = stage === 4 ? 0.06 : stage === 3 ? 0.015 : 0.002;
    const deathDate = rng.chance(deathRisk) ? addDays(asOf, -rng.int(0, 730)) : undefined;
    // Two years of joining and of leaving, each at `turnover` a year.
    const joined = turnover > 0 && churn.chance(Math.min(1, 2 * turnover)) ? maxDate(addDays(asOf, -churn.int(0, 730)), birthDate) : undefined;
    const leftOn = turnover > 0 && churn.chance(Math.min(1, 2 * turnover)) ? addDays(asOf, -churn.int(0, 730)) : undefined;
    const left = leftOn !== undefined && leftOn >= birthDate && (joined === undefined || leftOn >= joined) ? leftOn : undefined;
    const hasDecile = rng.chance(0.98);
    const hasLocality = rng.chance(0.99);
    // Deprivation clusters in place: the first five localities hold most of decile 1.
    const locality = decile === 1 && rng.chance(0.7) ? (LOCALITIES[rng.int(0, 4)] as string) : rng.pick(LOCALITIES);
    // Every record has every field, absent ones undefined, as rows of one extract do: one shape.
    const person: Person = {
      id: `P${String(n + 1).padStart(width, '0')}`,
      birthDate,
      sex: female ? 'female' : rng.chance(0.995) ? 'male' : 'unknown',
      deathDate: deathDate !== undefined && deathDate >= birthDate ? deathDate : undefined,
      registrationDate: joined,
      deregistrationDate: left,
      imdDecile: hasDecile ? decile : undefined,
      locality: hasLocality ? locality : undefined,
      markers,
    };
    n++;
    return person;
  };
}

/**
 * A deterministic, Leeds-like synthetic population for demos, tests and benchmarks: the same
 * seed gives the same people. Age structure, deprivation (about 26% in national IMD decile 1,
 * as the Healthy Leeds Plan describes) and 15 Local Care Partnerships are Leeds-shaped;
 * marker prevalences are illustrative, not Leeds data. About 0.6% died in the two years before
 * `asOf` (so that exclusions show), a few markers are dated and have ended, and some records
 * have no deprivation decile or locality. With `turnover`, some joined the register and some
 * left it in those two years, as a city's practice lists turn over.
 *
 * At most 2,000,000 people, as they are made at once and all held in memory (about 270 bytes
 * and 3 µs each); for more, {@link syntheticPeople} makes the same people one at a time.
 *
 * @example
 * const people = syntheticPopulation({ size: 10_000, seed: 2024, asOf: '2024-04-01' });
 */
export function syntheticPopulation(options: SyntheticPopulationOptions): Person[] {
  const { size, seed, asOf, turnover } = parseInput(SyntheticPopulationOptionsSchema, options, 'options');
  const next = personMaker(size, seed, asOf, turnover);
  const people: Person[] = [];
  for (let n = 0; n < size; n++) people.push(next());
  return people;
}

/**
 * The people of {@link syntheticPopulation}, made one at a time as they are read, so that a
 * population far larger than memory can be streamed (for example into `segmentStream`): the
 * same options give the same people in the same order. Options are checked at once. Each
 * iteration starts again from the seed, so the iterable can be read more than once.
 *
 * @example
 * for (const person of syntheticPeople({ size: 57_000_000, seed: 2024, asOf: '2024-04-01' })) {
 *   // one person at a time; none is kept
 * }
 */
export function syntheticPeople(options: SyntheticPeopleOptions): Iterable<Person> {
  const { size, seed, asOf, turnover } = parseInput(SyntheticPeopleOptionsSchema, options, 'options');
  return {
    *[Symbol.iterator]() {
      const next = personMaker(size, seed, asOf, turnover);
      for (let n = 0; n < size; n++) yield next();
    },
  };
}
