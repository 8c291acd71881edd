import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { selectAccelerator, sensitivity, type AcceleratorInput } from 'phm-kit/prioritisation';
import { expectIssueAt, flat } from './helpers.js';

const two = [
  { id: 'a', evidence: flat(4, 4) },
  { id: 'b', evidence: flat(3, 3) },
];
/** Bypasses the types, to feed input a JavaScript caller could give. */
const loose = (x: unknown) => x as AcceleratorInput;

describe('validation errors name the path', () => {
  it('unknown criterion in evidence', () => {
    expectIssueAt(() => selectAccelerator(loose({ candidates: [{ id: 'a', evidence: { wellbeing: 3 } }] })), ['candidates', 0, 'evidence']);
  });

  it('unknown criterion in weights', () => {
    expectIssueAt(() => selectAccelerator(loose({ candidates: two, weights: { wellbeing: 1 } })), ['weights']);
  });

  it('negative weight', () => {
    expectIssueAt(() => selectAccelerator({ candidates: two, weights: { costToSystem: -1 } }), ['weights', 'costToSystem']);
  });

  it('all-zero weights of a step (either step)', () => {
    expectIssueAt(() => selectAccelerator({ candidates: two, weights: { healthOutcomes: 0, costToSystem: 0, qualityGap: 0 } }), ['weights']);
    expectIssueAt(() => selectAccelerator({ candidates: two, weights: { strategicAlignment: 0, scaleOfAmbition: 0, longTermImpact: 0 } }), ['weights']);
    // zero weights are fine while one in the step stays positive (here by default)
    expect(() => selectAccelerator({ candidates: two, weights: { healthOutcomes: 0, costToSystem: 0 } })).not.toThrow();
  });

  it('scale min >= max', () => {
    expectIssueAt(() => selectAccelerator({ candidates: two, scale: { min: 5, max: 5 } }), ['scale', 'max']);
    expectIssueAt(() => selectAccelerator({ candidates: two, scale: { min: 6, max: 1 } }), ['scale', 'max']);
  });

  it('score outside the scale', () => {
    expectIssueAt(() => selectAccelerator({ candidates: [{ id: 'a', evidence: { qualityGap: 6 } }] }), ['candidates', 0, 'evidence', 'qualityGap']);
    expectIssueAt(() => selectAccelerator({ candidates: [{ id: 'a', evidence: {} }, { id: 'b', evidence: { healthOutcomes: 0 } }] }), ['candidates', 1, 'evidence', 'healthOutcomes']);
    expectIssueAt(() => selectAccelerator({ candidates: [{ id: 'a', evidence: { healthOutcomes: 11 } }], scale: { min: 0, max: 10 } }), ['candidates', 0, 'evidence', 'healthOutcomes']);
    expect(() => selectAccelerator({ candidates: [{ id: 'a', evidence: { healthOutcomes: 10 } }], scale: { min: 0, max: 10 } })).not.toThrow();
  });

  it('duplicate candidate ids', () => {
    expectIssueAt(() => selectAccelerator({ candidates: [...two, { id: 'a', evidence: {} }] }), ['candidates', 2, 'id']);
  });

  it("votes for unknown candidates ('per-criterion')", () => {
    expectIssueAt(
      () => selectAccelerator({ candidates: two, votes: { method: 'per-criterion', ballots: [{ stakeholder: 's', criterion: 'qualityGap', candidate: 'a' }, { stakeholder: 's', criterion: 'costToSystem', candidate: 'zz' }] } }),
      ['votes', 'ballots', 1, 'candidate'],
    );
  });

  it("votes for unknown candidates ('borda')", () => {
    expectIssueAt(() => selectAccelerator({ candidates: two, votes: { method: 'borda', ballots: [{ stakeholder: 's', ranking: ['a', 'zz'] }] } }), ['votes', 'ballots', 0, 'ranking', 1]);
  });

  it('a stakeholder voting twice on one criterion', () => {
    expectIssueAt(
      () =>
        selectAccelerator({
          candidates: two,
          votes: {
            method: 'per-criterion',
            ballots: [
              { stakeholder: 's', criterion: 'qualityGap', candidate: 'a' },
              { stakeholder: 's', criterion: 'qualityGap', candidate: 'b' },
            ],
          },
        }),
      ['votes', 'ballots', 1],
    );
    // once per criterion is fine
    expect(() =>
      selectAccelerator({
        candidates: two,
        votes: {
          method: 'per-criterion',
          ballots: [
            { stakeholder: 's', criterion: 'qualityGap', candidate: 'a' },
            { stakeholder: 's', criterion: 'costToSystem', candidate: 'b' },
          ],
        },
      }),
    ).not.toThrow();
  });

  it('a borda stakeholder with two ballots, or ranking a candidate twice', () => {
    expectIssueAt(
      () =>
        selectAccelerator({
          candidates: two,
          votes: {
            method: 'borda',
            ballots: [
              { stakeholder: 's', ranking: ['a'] },
              { stakeholder: 's', ranking: ['b'] },
            ],
          },
        }),
      ['votes', 'ballots', 1, 'stakeholder'],
    );
    expectIssueAt(() => selectAccelerator({ candidates: two, votes: { method: 'borda', ballots: [{ stakeholder: 's', ranking: ['a', 'a'] }] } }), ['votes', 'ballots', 0, 'ranking']);
  });

  it('unknown candidate in allowGrouping', () => {
    expectIssueAt(() => selectAccelerator({ candidates: two, allowGrouping: [{ lead: 'zz', with: ['a'] }] }), ['allowGrouping', 0, 'lead']);
    const error = expectIssueAt(() => selectAccelerator({ candidates: two, allowGrouping: [{ lead: 'a', with: ['b', 'zz'] }] }), ['allowGrouping', 0, 'with', 1]);
    expect(error.issues).toHaveLength(1);
  });

  it('indicator values for an unknown candidate', () => {
    expectIssueAt(
      () => selectAccelerator({ candidates: two, indicators: [{ id: 'i', criterion: 'costToSystem', prioritise: 'higher', values: { a: 1, zz: 2 } }] }),
      ['indicators', 0, 'values', 'zz'],
    );
  });

  it('empty candidates', () => {
    expectIssueAt(() => selectAccelerator({ candidates: [] }), ['candidates']);
  });

  it('unknown top-level key', () => {
    const error = expectIssueAt(() => selectAccelerator(loose({ candidates: two, wieghts: {} })), []);
    expect(error.issues[0]?.message).toContain('wieghts');
  });

  it('reports every issue at once, with a message naming the input', () => {
    let caught: unknown;
    try {
      selectAccelerator({ candidates: [{ id: 'a', evidence: { healthOutcomes: 9 } }, { id: 'a', evidence: {} }] });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PhmValidationError);
    const paths = (caught as PhmValidationError).issues.map((i) => i.path);
    expect(paths).toContainEqual(['candidates', 1, 'id']);
    expect(paths).toContainEqual(['candidates', 0, 'evidence', 'healthOutcomes']);
  });

  it('sensitivity validates the input and its options', () => {
    expectIssueAt(() => sensitivity({ candidates: [] }, { seed: 1 }), ['candidates']);
    expectIssueAt(() => sensitivity({ candidates: two }, { seed: 1.5 }), ['seed']);
  });
});
