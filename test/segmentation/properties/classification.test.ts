/**
 * Property 1: every valid, living person gets exactly one segment, the first in model order of
 * the segments whose rules hold (checked against an independent interpreter of the rule data),
 * and the catch-all exactly when no other rule holds. For the three built-in models, Leeds 2024
 * with random options, and random models built with defineModel.
 */
import fc from 'fast-check';
import { PhmExcludedError, PhmValidationError } from 'phm-kit';
import {
  bridgesToHealth,
  classify,
  MARKER_CATALOGUE,
  compileClassifier,
  createLeeds2024Model,
  leeds2017,
  leeds2024,
  segmentPopulation,
  type SegmentationModel,
} from 'phm-kit/segmentation';
import { describe, expect } from 'vitest';
import { modelCaseArb, scenarioArb } from '../arbitraries.js';
import { expectedClassification, expectedFates, livingStatus, screenRow, type ExpectedClassification } from './oracle.js';
import { property } from '../../support/property.js';

const SEED = 0x5e9_0001;
/** Rows per population also checked one by one through `classify` and `compileClassifier`. */
const SINGLE_ROWS = 12;

/** What a row must come to: its classification, or the error that classify throws for it. */
type RowVerdict =
  | { row: number; segment: string; matched: readonly string[]; subsegments: readonly string[]; age: number }
  | { row: number; throws: string }
  | { row: number; sameAsAssignment: unknown }
  | { row: number; unknownMarkers: readonly { id: string; count: number }[] };

/** The marker ids of a person that neither the catalogue nor the model declares, with their counts (no suggestions). */
function unknownIds(person: { markers: readonly (string | { id: string })[] }, model: SegmentationModel): { id: string; count: number }[] {
  const known = new Set([...MARKER_CATALOGUE.map((m) => m.id), ...(model.markers ?? []).map((m) => m.id)]);
  const counts = new Map<string, number>();
  for (const entry of person.markers) {
    const id = typeof entry === 'string' ? entry : entry.id;
    if (!known.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([id, count]) => ({ id, count }));
}

function errorName(run: () => unknown): string {
  try {
    run();
    return 'no error';
  } catch (error) {
    if (error instanceof PhmExcludedError) return `PhmExcludedError:${error.reason}`;
    if (error instanceof PhmValidationError) return 'PhmValidationError';
    return 'other error';
  }
}

/**
 * Checks every assignment of `segmentPopulation` against the oracle, and `classify` and the
 * compiled `segmentIndex` row by row. Mismatches are gathered and compared once per run.
 */
function checkModel(model: SegmentationModel, rows: readonly unknown[], asOf: string): void {
  const result = segmentPopulation(rows, model, { asOf });
  const fates = expectedFates(rows, asOf);
  const ids = model.segments.map((s) => s.id);
  const catchAll = ids[ids.length - 1] as string;

  // Exactly the valid, living, uniquely identified rows are assigned, each once, in input order.
  const expectedIndices = fates.flatMap((fate, i) => (fate.kind === 'assigned' ? [i] : []));
  expect(result.assignments.map((a) => a.index)).toEqual(expectedIndices);

  // The oracle's classification of each valid, living row (duplicates included), computed once.
  const oracleFor = new Map<number, ExpectedClassification>();
  rows.forEach((row, i) => {
    const screened = screenRow(row);
    if (screened.kind === 'valid' && livingStatus(screened.person, asOf) === 'alive') oracleFor.set(i, expectedClassification(model, screened.person, asOf));
  });

  const actual: unknown[] = [];
  const expected: unknown[] = [];
  for (const assignment of result.assignments) {
    const fate = fates[assignment.index];
    const e = oracleFor.get(assignment.index);
    if (fate?.kind !== 'assigned' || e === undefined) throw new Error('unreachable: indices checked above');
    const { index, personId, segment, matched, subsegments, conditions, conditionCount, overlays, age, reason } = assignment;
    const positions = matched.map((id) => ids.indexOf(id));
    actual.push({
      index,
      personId,
      segment,
      matched,
      subsegments,
      conditions,
      conditionCount,
      countIsFlags: conditionCount === conditions.length,
      overlays,
      age,
      // The documented shape, stated directly: segment is matched[0], matched is in model order
      // and holds the catch-all only when it is the assignment.
      segmentIsFirstMatched: segment === matched[0],
      matchedInModelOrder: positions.every((p, k) => p >= 0 && (k === 0 || p > (positions[k - 1] as number))),
      catchAllOnlyAlone: matched.includes(catchAll) === (matched.length === 1 && segment === catchAll),
      hasReason: reason.length > 0,
    });
    expected.push({
      index,
      personId: fate.person.id,
      segment: e.segment,
      matched: e.matched,
      subsegments: e.subsegments,
      conditions: e.conditions,
      conditionCount: e.conditionCount,
      countIsFlags: true,
      overlays: e.overlays,
      age: e.age,
      segmentIsFirstMatched: true,
      matchedInModelOrder: true,
      catchAllOnlyAlone: true,
      hasReason: true,
    });
  }
  expect(actual).toEqual(expected);

  // The single-person API and the compiled classifier agree row by row (the first rows suffice:
  // rows are generated independently, and each classify call compiles the model afresh).
  const compiled = compileClassifier(model, { asOf: asOf });
  const singles: RowVerdict[] = [];
  const oracle: RowVerdict[] = [];
  rows.slice(0, SINGLE_ROWS).forEach((row, i) => {
    const screened = screenRow(row);
    const status = screened.kind === 'valid' ? livingStatus(screened.person, asOf) : undefined;
    if (screened.kind !== 'valid' || status !== 'alive') {
      singles.push({ row: i, throws: errorName(() => classify(row, model, { asOf })) });
      oracle.push({
        row: i,
        throws:
          screened.kind === 'valid' ? `PhmExcludedError:${status}` : 'PhmValidationError',
      });
      return;
    }
    const e = oracleFor.get(i) as ExpectedClassification;
    const single = classify(row, model, { asOf });
    singles.push({ row: i, segment: single.segment, matched: single.matched, subsegments: single.subsegments, age: single.age });
    oracle.push({ row: i, segment: e.segment, matched: e.matched, subsegments: e.subsegments, age: e.age });
    singles.push({ row: i, segment: ids[compiled.segmentIndex(screened.person)] ?? 'out of range', matched: [], subsegments: [], age: -1 });
    oracle.push({ row: i, segment: e.segment, matched: [], subsegments: [], age: -1 });
    const { unknownMarkers, ...classified } = single;
    singles.push({ row: i, unknownMarkers: unknownMarkers.map(({ id, count }) => ({ id, count })) });
    oracle.push({ row: i, unknownMarkers: unknownIds(screened.person, model) });
    const assignment = result.assignments.find((a) => a.index === i);
    if (assignment !== undefined) {
      const { index: _, ...classification } = assignment;
      singles.push({ row: i, sameAsAssignment: classified });
      oracle.push({ row: i, sameAsAssignment: classification });
    }
  });
  expect(singles).toEqual(oracle);
}

describe('property 1: one segment per living person, the first that matches', () => {
  property('leeds2024', SEED, scenarioArb(), ({ asOf, rows }) => {
    checkModel(leeds2024, rows, asOf);
  });

  property('leeds2017', SEED, scenarioArb(), ({ asOf, rows }) => {
    checkModel(leeds2017, rows, asOf);
  });

  property('bridgesToHealth', SEED, scenarioArb(), ({ asOf, rows }) => {
    checkModel(bridgesToHealth, rows, asOf);
  });

  property(
    'createLeeds2024Model with random childAgeBelow and postnatalDays',
    SEED,
    fc.tuple(scenarioArb(), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 400 })),
    ([{ asOf, rows }, childAgeBelow, postnatalDays]) => {
      checkModel(createLeeds2024Model({ childAgeBelow, postnatalDays }), rows, asOf);
    },
  );

  property('random models built with defineModel', SEED, fc.tuple(modelCaseArb, scenarioArb({ weights: [14, 1, 1] })), ([modelCase, { asOf, rows }]) => {
    checkModel(modelCase.model, rows, asOf);
  });
});
