import { describe, expect, it } from 'vitest';
import { PhmModelError, PhmValidationError } from 'phm-kit';
import { compileClassifier, createLeeds2024Model, insertSegment, leeds2017, leeds2024 } from 'phm-kit/segmentation';
import { caught } from './helpers.js';


describe('every public entry point checks its input', () => {
  it('compileClassifier refuses a bad evaluation date, naming asOf', () => {
    const error = caught(() => compileClassifier(leeds2024, { asOf: '2024-02-30' }), PhmValidationError);
    expect(error.issues[0]?.path).toEqual(['asOf']);
  });

  it('compileClassifier checks a plain model spec first', () => {
    const spec = { id: 'm', label: 'M', segments: [{ id: 'a', label: 'A', rule: { marker: 'no-such-marker' } }, { id: 'b', label: 'B', catchAll: true as const }] };
    const error = caught(() => compileClassifier(spec, { asOf: '2024-04-01' }), PhmModelError);
    expect(error.code).toBe('unknown-marker');
  });

  it('compileClassifier accepts a JSON copy of a built-in model and classifies as the original does', () => {
    const copy = JSON.parse(JSON.stringify(leeds2024));
    const person = { id: 'p', birthDate: '1950-01-01', markers: ['ltc-copd'] };
    expect(compileClassifier(copy, { asOf: '2024-04-01' }).classify(person).segment).toBe('long-term-conditions');
  });

  it.each([
    [{ childAgeBelow: -1 }, 'childAgeBelow'],
    [{ childAgeBelow: 1.5 }, 'childAgeBelow'],
    [{ postnatalDays: 0 }, 'postnatalDays'],
  ])('createLeeds2024Model refuses %j', (options, field) => {
    const error = caught(() => createLeeds2024Model(options), PhmValidationError);
    expect(error.issues[0]?.path).toEqual([field]);
  });

  it('createLeeds2024Model refuses an unknown option rather than ignoring it', () => {
    caught(() => createLeeds2024Model({ childAge: 25 } as never), PhmValidationError);
  });

  it('insertSegment refuses an insertion point that is neither before nor after', () => {
    const error = caught(() => insertSegment(leeds2017, { id: 'c', label: 'C', rule: { ageBelow: 18 } }, { beside: 'frailty' } as never), PhmValidationError);
    expect(error.issues.length).toBeGreaterThan(0);
  });

  it('insertSegment refuses a new model id that is not kebab-case', () => {
    const error = caught(() => insertSegment(leeds2017, { id: 'c', label: 'C', rule: { ageBelow: 18 } }, { before: 'frailty', id: 'Not Kebab' }), PhmValidationError);
    expect(error.issues[0]?.path).toEqual(['id']);
  });
});

describe('decisions that callers can see', () => {
  it('a Leeds 2024 model built with other choices says so in its id', () => {
    expect(createLeeds2024Model().id).toBe('leeds-2024');
    expect(createLeeds2024Model({ childAgeBelow: 25 }).id).toBe('leeds-2024-cyp-under-25-postnatal-42-days');
  });

  it('a segment that repeats an earlier threshold rule over a large set, markers reordered, is refused as unreachable', () => {
    const of = ['ltc-asthma', 'ltc-copd', 'ltc-diabetes', 'ltc-hypertension', 'ltc-chd', 'ltc-heart-failure', 'ltc-atrial-fibrillation', 'ltc-ckd', 'ltc-stroke-tia', 'ltc-epilepsy', 'ltc-peripheral-arterial-disease', 'ltc-osteoporosis', 'ltc-rheumatoid-arthritis', 'ltc-depression', 'ltc-non-diabetic-hyperglycaemia', 'dementia', 'cancer', 'autism', 'adhd', 'learning-disability'];
    const error = caught(() =>
      compileClassifier(
        {
          id: 'm',
          label: 'M',
          segments: [
            { id: 'a', label: 'A', rule: { atLeast: 11, of } },
            { id: 'b', label: 'B', rule: { atLeast: 11, of: [...of].reverse() } },
            { id: 'c', label: 'C', catchAll: true },
          ],
        },
        { asOf: '2024-04-01' },
      ),
      PhmModelError,
    );
    expect(error.code).toBe('unreachable-segment');
    expect(error.issues[0]?.path).toEqual(['segments', 1]);
  });
});
