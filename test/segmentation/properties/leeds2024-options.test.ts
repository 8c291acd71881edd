/**
 * Each Leeds 2024 option changes only the people it should: a person is classified with the
 * standard model and with the option, and any difference must be one the option explains.
 */
import fc from 'fast-check';
import { classify, createLeeds2024Model, leeds2024, type Classification, type Person } from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { isoDateArb, personArb } from '../arbitraries.js';
import { property } from '../../support/property.js';
import { livingStatus } from './oracle.js';

const SEED = 0x1ee_d524;
const ORDER = leeds2024.segments.map((s) => s.id);
const rank = (segment: string) => ORDER.indexOf(segment);

/** People in the population on a random date, each classified by both models. */
const pairsArb = (options: Parameters<typeof createLeeds2024Model>[0]) => {
  const model = createLeeds2024Model(options);
  return isoDateArb.chain((asOf) =>
    fc.array(personArb(asOf, { maxMarkers: 10 }), { maxLength: 20 }).map((people) =>
      people
        .filter((p: Person) => livingStatus(p, asOf) === 'alive')
        .map((p): [Classification, Classification] => [classify(p, leeds2024, { asOf }), classify(p, model, { asOf })]),
    ),
  );
};

describe('createLeeds2024Model options change only the people they should', () => {
  property("dementia: 'frailty' moves people with dementia below frailty into frailty, and no one else", SEED, pairsArb({ dementia: 'frailty' }), (pairs) => {
    for (const [standard, option] of pairs) {
      const gained = option.matched.includes('frailty') && !standard.matched.includes('frailty');
      // Dementia is a long-term condition in the standard model: whoever gains frailty by it matched that.
      if (gained) expect(standard.matched).toContain('long-term-conditions');
      const expected = gained && rank(standard.segment) > rank('frailty') ? 'frailty' : standard.segment;
      expect(option.segment).toBe(expected);
      if (option.segment === standard.segment) expect(option.subsegments).toEqual(standard.subsegments);
    }
  });

  property('cancerLookBackMonths changes the cancer segment alone', SEED + 1, fc.integer({ min: 1, max: 36 }).chain((months) => pairsArb({ cancerLookBackMonths: months })), (pairs) => {
    for (const [standard, option] of pairs) {
      const others = (c: Classification) => c.matched.filter((s) => s !== 'cancer' && s !== 'healthy-adults');
      expect(others(option)).toEqual(others(standard));
      if (option.segment !== standard.segment) expect([option.segment, standard.segment]).toContain('cancer');
      if (option.segment === standard.segment) expect(option.subsegments).toEqual(standard.subsegments);
    }
  });

  property('cypBeforeLearningDisability: false places children with LD or neurodiversity by need, and no one else', SEED + 2, pairsArb({ cypBeforeLearningDisability: false }), (pairs) => {
    for (const [standard, option] of pairs) {
      const moved = standard.segment === 'children-and-young-people' && standard.matched.includes('learning-disability-neurodiversity');
      if (!moved) {
        expect(option.segment).toBe(standard.segment);
        expect(option.subsegments).toEqual(standard.subsegments);
        continue;
      }
      // The first of the needs-based segments after the children's that they match.
      const byNeed = standard.matched.filter((s) => rank(s) > rank('children-and-young-people'))[0];
      expect(byNeed).toBeDefined();
      expect(['frailty', 'cancer', 'learning-disability-neurodiversity']).toContain(byNeed);
      expect(option.segment).toBe(byNeed);
    }
  });
});
