/**
 * Segments over a series of dates and follow-up from a start date: every row accounted for at
 * every step, the counts on each date are segmentPopulation's on that date, two dates are
 * `transitions`, and a follow-up's matrices are the transitions from the start to each offset.
 */
import fc from 'fast-check';
import { bridgesToHealth, followUp, leeds2017, leeds2024, segmentPopulation, segmentsOverTime, transitions, type SegmentationModel } from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { isoDateArb, modelCaseArb, populationArb, shiftDays } from '../arbitraries.js';
import { property } from '../../support/property.js';

const SEED = 0x5e9_0011;

const modelArb: fc.Arbitrary<SegmentationModel> = fc.oneof(fc.constantFrom(leeds2024, leeds2017, bridgesToHealth), modelCaseArb.map((c) => c.model));

/** Two to five increasing dates, and a population dated around one of them. */
const seriesArb = fc
  .tuple(isoDateArb, fc.array(fc.oneof(fc.constantFrom(1, 28, 30, 31, 42, 365), fc.integer({ min: 1, max: 1500 })), { minLength: 1, maxLength: 4 }), fc.nat())
  .chain(([first, gaps, pick]) => {
    const dates = gaps.reduce((acc, gap) => [...acc, shiftDays(acc.at(-1) as string, gap)], [first]);
    return populationArb(dates[pick % dates.length] as string, { maxLength: 20 }).map((rows) => ({ dates, rows }));
  });

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('segmentsOverTime', () => {
  property('counts are segmentPopulation on each date; every step accounts for every row and joins its two dates', SEED, fc.tuple(seriesArb, modelArb), ([{ dates, rows }, model]) => {
    const s = segmentsOverTime(rows, model, { dates });
    expect(s.dates).toEqual(dates);
    expect(s.steps).toHaveLength(dates.length - 1);
    dates.forEach((date, k) => {
      const on = segmentPopulation(rows, model, { asOf: date });
      expect(s.counts[k]).toEqual({ date, inPopulation: on.assignments.length, bySegment: on.counts.bySegment });
      expect(s.rejected).toBe(on.rejected.length);
    });
    s.steps.forEach((step, k) => {
      s.segments.forEach((id) => {
        expect(step.entered[id]).toBe((step.born[id] as number) + (step.registered[id] as number));
        expect(step.left[id]).toBe((step.died[id] as number) + (step.deregistered[id] as number));
      });
      // The way each person left on the later date is the reason segmentPopulation gives then.
      const later = segmentPopulation(rows, model, { asOf: dates[k + 1] as string });
      const reasonsLater = new Map(later.excluded.map((e) => [e.personId, e.reason]));
      const inEarlier = new Set(segmentPopulation(rows, model, { asOf: dates[k] as string }).assignments.map((a) => a.personId));
      const leftBy = (reason: string) => [...inEarlier].filter((id) => reasonsLater.get(id) === reason).length;
      expect([sum(Object.values(step.died)), sum(Object.values(step.deregistered))]).toEqual([leftBy('deceased'), leftBy('deregistered')]);
      expect(step.stayedInPopulation + sum(Object.values(step.entered)) + sum(Object.values(step.left)) + step.outside + s.rejected).toBe(s.total);
      s.segments.forEach((id, i) => {
        // Those in a segment on one date either stayed in the population (a row of the matrix) or left it.
        expect(sum(step.matrix[i] as number[]) + (step.left[id] as number)).toBe(s.counts[k]?.bySegment[id]);
        expect(sum(step.matrix.map((row) => row[i] as number)) + (step.entered[id] as number)).toBe(s.counts[k + 1]?.bySegment[id]);
      });
    });
    if (dates.length === 2) {
      const { unknownMarkers, total, rejected, segments, ...flow } = transitions(rows, model, { from: dates[0] as string, to: dates[1] as string });
      expect(s.steps[0]).toEqual(flow);
      expect({ unknownMarkers: s.unknownMarkers, total: s.total, rejected: s.rejected, segments: s.segments }).toEqual({ unknownMarkers, total, rejected, segments });
    }
  });
});

describe('followUp', () => {
  property('each offset\'s matrix is the transitions from the start to it; each cohort row is its segment\'s people, placed, dead or deregistered', SEED + 1, fc.tuple(seriesArb, modelArb), ([{ dates, rows }, model]) => {
    const start = dates[0] as string;
    const offsets = dates.slice(1).map((date) => ({ days: Math.round((Date.parse(date) - Date.parse(start)) / 86_400_000) }));
    const f = followUp(rows, model, { start, offsets });
    const atStart = segmentPopulation(rows, model, { asOf: start });
    expect(f.cohort).toEqual(atStart.counts.bySegment);
    expect(f.cohortSize).toBe(atStart.assignments.length);
    expect(f.cohortSize + f.notInCohort + f.rejected).toBe(f.total);
    f.at.forEach((at, k) => {
      expect(at.date).toBe(dates[k + 1]);
      const t = transitions(rows, model, { from: start, to: at.date });
      expect(at.matrix).toEqual(t.matrix);
      expect(at.died).toEqual(t.died);
      expect(at.deregistered).toEqual(t.deregistered);
      f.segments.forEach((id, i) => expect(sum(at.matrix[i] as number[]) + (at.died[id] as number) + (at.deregistered[id] as number)).toBe(f.cohort[id]));
    });
  });
});
