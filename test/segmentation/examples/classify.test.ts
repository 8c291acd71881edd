import { describe, expect, it } from 'vitest';
import { PhmError, PhmExcludedError, PhmModelError, PhmValidationError } from 'phm-kit';
import { classify, leeds2024, type ModelSpec } from 'phm-kit/segmentation';
import { AS_OF, caught } from './helpers.js';

describe('classify: validation', () => {
  it('throws PhmValidationError with path [birthDate] for an impossible birth date', () => {
    const error = caught(() => classify({ id: 'p1', birthDate: '2023-02-29', markers: [] }, leeds2024, { asOf: AS_OF }), PhmValidationError);
    expect(error).toBeInstanceOf(PhmError);
    expect(error.code).toBe('invalid-input');
    expect(error.issues.map((i) => i.path)).toEqual([['birthDate']]);
    expect(error.message).toContain('birthDate');
  });

  it('names every failing path of an invalid person', () => {
    const error = caught(
      () => classify({ id: '', birthDate: '1990-01-01', sex: 'f', markers: [{ id: 'cancer', from: 'yesterday' }] }, leeds2024, { asOf: AS_OF }),
      PhmValidationError,
    );
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining([['id'], ['sex'], ['markers', 0, 'from']]));
  });

  it('throws PhmValidationError with path [markers] when markers are missing', () => {
    const error = caught(() => classify({ id: 'p1', birthDate: '1990-01-01' }, leeds2024, { asOf: AS_OF }), PhmValidationError);
    expect(error.issues.map((i) => i.path)).toEqual([['markers']]);
  });

  it('throws PhmValidationError with path [deathDate] for a death before birth', () => {
    const error = caught(() => classify({ id: 'p1', birthDate: '1990-01-01', deathDate: '1989-12-31', markers: [] }, leeds2024, { asOf: AS_OF }), PhmValidationError);
    expect(error.issues.map((i) => i.path)).toEqual([['deathDate']]);
  });

  it('throws PhmValidationError for a non-object person', () => {
    const error = caught(() => classify('p1', leeds2024, { asOf: AS_OF }), PhmValidationError);
    expect(error.issues[0]?.path).toEqual([]);
  });

  it('throws PhmValidationError with path [asOf] for an invalid evaluation date', () => {
    const person = { id: 'p1', birthDate: '1990-01-01', markers: [] };
    for (const asOf of ['2024-13-01', '2023-02-29', '01/04/2024', '']) {
      const error = caught(() => classify(person, leeds2024, { asOf }), PhmValidationError);
      expect(error.issues.map((i) => i.path)).toEqual([['asOf']]);
    }
  });

  it('throws PhmModelError for an invalid model', () => {
    const bad = { id: 'm', label: 'M', segments: [{ id: 'a', label: 'A', rule: { ageAtLeast: 18 } }] } as ModelSpec;
    const error = caught(() => classify({ id: 'p1', birthDate: '1990-01-01', markers: [] }, bad, { asOf: AS_OF }), PhmModelError);
    expect(error.code).toBe('missing-catch-all');
  });

  it('accepts extra fields on the person and returns the person id', () => {
    const c = classify({ id: 'p1', birthDate: '1990-01-01', markers: [], nhsNumber: '999', ward: 'X' }, leeds2024, { asOf: AS_OF });
    expect(c.personId).toBe('p1');
    expect(c.segment).toBe('healthy-adults');
  });

  it('accepts a plain model spec as well as a defined model', () => {
    const spec: ModelSpec = {
      id: 'adults',
      label: 'Adults',
      segments: [
        { id: 'adult', label: 'Adult', rule: { ageAtLeast: 18 } },
        { id: 'rest', label: 'Rest', catchAll: true },
      ],
    };
    expect(classify({ id: 'p1', birthDate: '1990-01-01', markers: [] }, spec, { asOf: AS_OF }).segment).toBe('adult');
    expect(classify({ id: 'p2', birthDate: '2010-01-01', markers: [] }, spec, { asOf: AS_OF }).segment).toBe('rest');
  });
});

describe('classify: exclusions', () => {
  it('throws PhmExcludedError (deceased) for someone who died on asOf', () => {
    const error = caught(() => classify({ id: 'p1', birthDate: '1940-01-01', deathDate: AS_OF, markers: [] }, leeds2024, { asOf: AS_OF }), PhmExcludedError);
    expect(error).toBeInstanceOf(PhmError);
    expect(error.code).toBe('excluded-person');
    expect(error.reason).toBe('deceased');
    expect(error.issues[0]?.path).toEqual(['deathDate']);
    expect(error.message).toContain('p1');
  });

  it('throws PhmExcludedError (deceased) for someone who died before asOf', () => {
    const error = caught(() => classify({ id: 'p1', birthDate: '1940-01-01', deathDate: '2020-01-01', markers: [] }, leeds2024, { asOf: AS_OF }), PhmExcludedError);
    expect(error.reason).toBe('deceased');
  });

  it('classifies someone who dies the day after asOf', () => {
    expect(classify({ id: 'p1', birthDate: '1940-01-01', deathDate: '2024-04-02', markers: [] }, leeds2024, { asOf: AS_OF }).segment).toBe('healthy-adults');
  });

  it('throws PhmExcludedError (not-yet-born) for a birth after asOf', () => {
    const error = caught(() => classify({ id: 'p1', birthDate: '2024-04-02', markers: [] }, leeds2024, { asOf: AS_OF }), PhmExcludedError);
    expect(error.code).toBe('excluded-person');
    expect(error.reason).toBe('not-yet-born');
    expect(error.issues[0]?.path).toEqual(['birthDate']);
  });

  it('throws PhmExcludedError (deregistered) from the deregistration day, at deregistrationDate, with the date in words', () => {
    const error = caught(() => classify({ id: 'p1', birthDate: '1940-01-01', deregistrationDate: AS_OF, markers: [] }, leeds2024, { asOf: AS_OF }), PhmExcludedError);
    expect(error.reason).toBe('deregistered');
    expect(error.issues[0]?.path).toEqual(['deregistrationDate']);
    expect(error.message).toBe(`Person 'p1' is not in the population on ${AS_OF}: deregistered on ${AS_OF}, on or before ${AS_OF}`);
    expect(classify({ id: 'p1', birthDate: '1940-01-01', deregistrationDate: '2024-04-02', markers: [] }, leeds2024, { asOf: AS_OF }).segment).toBe('healthy-adults');
  });

  it('throws PhmExcludedError (not-yet-registered) for a registration after asOf; one on asOf is in', () => {
    const error = caught(() => classify({ id: 'p1', birthDate: '1940-01-01', registrationDate: '2024-04-02', markers: [] }, leeds2024, { asOf: AS_OF }), PhmExcludedError);
    expect(error.reason).toBe('not-yet-registered');
    expect(error.issues[0]?.path).toEqual(['registrationDate']);
    expect(error.message).toContain('registered on 2024-04-02, after 2024-04-01');
    expect(classify({ id: 'p1', birthDate: '1940-01-01', registrationDate: AS_OF, markers: [] }, leeds2024, { asOf: AS_OF }).segment).toBe('healthy-adults');
  });

  it('names the first way of leaving: a death after a deregistration is a deregistration, one on its day or before is a death', () => {
    const reasonOf = (deathDate: string, deregistrationDate: string) =>
      caught(() => classify({ id: 'p1', birthDate: '1940-01-01', deathDate, deregistrationDate, markers: [] }, leeds2024, { asOf: AS_OF }), PhmExcludedError).reason;
    expect(reasonOf('2024-03-02', '2024-03-01')).toBe('deregistered');
    expect(reasonOf('2024-03-01', '2024-03-01')).toBe('deceased');
    expect(reasonOf('2024-02-20', '2024-03-01')).toBe('deceased');
    // Deregistered now, dying only later: out as deregistered.
    expect(reasonOf('2024-05-01', '2024-03-01')).toBe('deregistered');
  });

  it('born after asOf and registered later still: not yet born comes first', () => {
    expect(caught(() => classify({ id: 'p1', birthDate: '2024-05-01', registrationDate: '2024-06-01', markers: [] }, leeds2024, { asOf: AS_OF }), PhmExcludedError).reason).toBe('not-yet-born');
  });

  it('refuses a deregistration before the registration or the birth, at deregistrationDate; one on the same day is valid', () => {
    const error = caught(() => classify({ id: 'p1', birthDate: '1940-01-01', registrationDate: '2020-01-02', deregistrationDate: '2020-01-01', markers: [] }, leeds2024, { asOf: AS_OF }), PhmValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ path: ['deregistrationDate'], message: 'deregistrationDate cannot be before registrationDate' })]);
    expect(caught(() => classify({ id: 'p1', birthDate: '1940-01-01', registrationDate: '2020-01-01', deregistrationDate: '2020-01-01', markers: [] }, leeds2024, { asOf: AS_OF }), PhmExcludedError).reason).toBe('deregistered');
    expect(caught(() => classify({ id: 'p1', birthDate: '1940-01-01', registrationDate: '2020-13-01', markers: [] }, leeds2024, { asOf: AS_OF }), PhmValidationError).issues[0]?.path).toEqual(['registrationDate']);
    const beforeBirth = caught(() => classify({ id: 'p1', birthDate: '1940-01-01', deregistrationDate: '1939-12-31', markers: [] }, leeds2024, { asOf: AS_OF }), PhmValidationError);
    expect(beforeBirth.issues).toEqual([expect.objectContaining({ path: ['deregistrationDate'], message: 'deregistrationDate cannot be before birthDate' })]);
    // A registration before the birth (a placeholder date) is read as registered from birth.
    expect(classify({ id: 'p1', birthDate: '1940-01-01', registrationDate: '1900-01-01', markers: [] }, leeds2024, { asOf: AS_OF }).segment).toBe('healthy-adults');
  });

  it('classifies someone born on asOf, aged 0', () => {
    const c = classify({ id: 'p1', birthDate: AS_OF, markers: [] }, leeds2024, { asOf: AS_OF });
    expect(c.age).toBe(0);
    expect(c.segment).toBe('children-and-young-people');
  });
});

describe('classify: reason', () => {
  const reasonFor = (birthDate: string, markers: unknown[]) => classify({ id: 'p', birthDate, markers }, leeds2024, { asOf: AS_OF }).reason;

  it('names the deciding rule of the assigned segment', () => {
    expect(reasonFor('1938-05-04', ['frailty-severe', 'ltc-copd'])).toBe(
      'Frailty: frailty-moderate or frailty-severe active on the evaluation date',
    );
    expect(reasonFor('1990-01-01', ['pregnancy'])).toBe('Maternity: pregnancy active at any time in the 42 days up to the evaluation date');
    expect(reasonFor('2010-01-01', ['cancer'])).toBe('Children and young people: aged under 18');
    expect(reasonFor('1990-01-01', ['cancer'])).toBe('Cancer: cancer active on the evaluation date');
  });

  it('names the long-term-condition rule with its marker count', () => {
    const reason = reasonFor('1990-01-01', ['ltc-asthma']);
    expect(reason.startsWith('Long-term conditions: at least 1 of 16 markers (ltc-asthma, ltc-copd, ')).toBe(true);
    expect(reason).toContain('and 10 more');
    expect(reason.endsWith('active on the evaluation date')).toBe(true);
  });

  it('says when the catch-all decided', () => {
    expect(reasonFor('1990-01-01', [])).toBe("Healthy adults: the catch-all, as no earlier segment's rule held");
  });
});
