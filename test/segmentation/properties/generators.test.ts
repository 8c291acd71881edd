/**
 * The generators really produce the hostile cases the properties rely on: a fixed-seed sample of
 * 1,000 populations must contain leap-day births, people aged exactly 0 and 120, empty and full
 * marker lists, duplicate ids, the dead and the unborn, junk of every kind, invalid dates,
 * markers ending before they start, throwing getters and proxies; and random models of every size.
 */
import fc from 'fast-check';
import { MARKER_CATALOGUE } from 'phm-kit/segmentation';
import { describe, expect, it } from 'vitest';
import { modelCaseArb, scenarioArb } from '../arbitraries.js';
import { expectedAge, expectedFates, screenRow } from './oracle.js';

const SEED = 0x5e9_0009;

describe('generator coverage', () => {
  it('1,000 sampled populations contain every hostile case', () => {
    const samples = fc.sample(scenarioArb(), { seed: SEED, numRuns: 1000 });
    const seen = new Map<string, number>();
    const count = (what: string, n = 1) => seen.set(what, (seen.get(what) ?? 0) + n);
    for (const { asOf, rows } of samples) {
      if (rows.length === 0) count('empty population');
      const fates = expectedFates(rows, asOf);
      if (fates.some((f) => f.kind === 'rejected' && f.reason === 'duplicate-id')) count('duplicate ids');
      rows.forEach((row, i) => {
        const fate = fates[i];
        if (row === null) count('null row');
        else if (typeof row === 'number') count('number row');
        else if (typeof row === 'string') count('string row');
        else if (Array.isArray(row)) count('array row');
        const screened = screenRow(row);
        if (screened.kind === 'unreadable-record') count('row that throws when read');
        if (screened.kind === 'invalid-record' && typeof row === 'object' && row !== null && !Array.isArray(row)) {
          const r = row as Record<string, unknown>;
          if (typeof r.birthDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(r.birthDate) && r.birthDate.endsWith('-02-29')) count('invalid 29 February birth');
          if (Array.isArray(r.markers) && r.markers.some((m) => typeof m === 'object' && m !== null && typeof (m as { from?: unknown }).from === 'string' && typeof (m as { to?: unknown }).to === 'string' && (m as { to: string }).to < (m as { from: string }).from)) count('marker ending before it starts');
          if (typeof r.id !== 'string' || typeof r.birthDate !== 'string') count('wrong field types');
        }
        if (fate?.kind === 'excluded') count(fate.reason);
        if (fate?.kind === 'assigned') {
          const { person } = fate;
          const age = expectedAge(person.birthDate, asOf);
          if (age === 0) count('age 0');
          if (age === 120) count('age 120');
          if (person.birthDate.endsWith('-02-29')) count('leap-day birth');
          if (person.birthDate === '2000-02-29' || person.birthDate === '1904-02-29') count('2000 or 1904 leap-day birth');
          if (person.markers.length === 0) count('empty markers');
          if (MARKER_CATALOGUE.every((m) => person.markers.some((e) => (typeof e === 'string' ? e : e.id) === m.id))) count('every catalogue marker');
          if (person.markers.some((e) => typeof e !== 'string' && e.from !== undefined && e.to !== undefined)) count('dated marker');
        }
      });
    }
    const wanted = [
      'empty population',
      'duplicate ids',
      'null row',
      'number row',
      'string row',
      'array row',
      'row that throws when read',
      'invalid 29 February birth',
      'marker ending before it starts',
      'wrong field types',
      'deceased',
      'not-yet-born',
      'age 0',
      'age 120',
      'leap-day birth',
      '2000 or 1904 leap-day birth',
      'empty markers',
      'every catalogue marker',
      'dated marker',
    ];
    expect(wanted.filter((what) => (seen.get(what) ?? 0) < 5)).toEqual([]);
  });

  it('random models range from the catch-all alone to eight segments, with sub-segments and pruned segments', () => {
    const cases = fc.sample(modelCaseArb, { seed: SEED, numRuns: 1000 });
    const sizes = new Set(cases.map((c) => c.spec.segments.length));
    expect([1, 2, 3, 4, 5, 6, 7, 8].filter((n) => !sizes.has(n))).toEqual([]);
    expect(cases.filter((c) => c.model.segments.some((s) => (s.subsegments ?? []).length > 0)).length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.claims.length > 0).length).toBeGreaterThan(100);
  });
});
