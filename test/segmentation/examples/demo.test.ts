import { beforeAll, describe, expect, it } from 'vitest';
import { leeds2024 } from 'phm-kit/segmentation';
import { exampleOutput } from '../../../scripts/example-runner.js';

const parse = (n: string) => Number(n.replaceAll(',', ''));

// examples/demo.ts, run as a user runs it (with tsx), on 2,000 people with seed 7.
describe('examples/demo.ts (npm run demo)', () => {
  let text = '';
  beforeAll(async () => {
    text = await exampleOutput('demo', ['2000', '7']);
  });

  it('lists every leeds2024 segment label', () => {
    for (const segment of leeds2024.segments) expect(text).toContain(segment.label);
  });

  it('accounts for every row, and the numbers add up', () => {
    const match = /([\d,]+) rows = ([\d,]+) assigned \+ ([\d,]+) rejected \+ ([\d,]+) excluded \(([\d,]+) deceased, ([\d,]+) not yet born\)/.exec(text);
    expect(match, 'the accounting line').not.toBeNull();
    const [total, assigned, rejected, excluded, deceased, unborn] = match!.slice(1).map(parse) as [number, number, number, number, number, number];
    expect(total).toBe(2006);
    expect(assigned + rejected + excluded).toBe(total);
    expect(deceased + unborn).toBe(excluded);
    expect(rejected).toBe(5);
    expect(assigned).toBeGreaterThan(1900);
  });

  it('names the misspelt markers, with the ids they most likely meant', () => {
    expect(text).toContain("unknown marker 'LTC-COPD' on 1 entry: no rule reads it (did you mean 'ltc-copd'?)");
    expect(text).toContain("unknown marker 'ltc-asthmaa' on 1 entry: no rule reads it (did you mean 'ltc-asthma'?)");
  });

  it('the leeds2024 segment table sums to the number assigned', () => {
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.startsWith('Model: '));
    const last = lines.findIndex((l) => l.startsWith('Everyone assigned'));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(last).toBeGreaterThan(first);
    const table = lines.slice(first + 2, last);
    expect(table).toHaveLength(leeds2024.segments.length);
    const people = leeds2024.segments.map((s, i) => {
      const line = table[i] ?? '';
      expect(line.startsWith(s.label)).toBe(true);
      return parse(/^\s+([\d,]+)\s/.exec(line.slice(s.label.length))?.[1] ?? 'NaN');
    });
    const assigned = parse(/^Everyone assigned\s+([\d,]+)\s/.exec(lines[last] ?? '')?.[1] ?? 'NaN');
    expect(assigned).toBeGreaterThan(0);
    expect(people.reduce((a, b) => a + b, 0)).toBe(assigned);
  });

  it('shows the 5 rejected rows with their reasons', () => {
    const rejected = text.split('\n').filter((l) => l.trimStart().startsWith('rejected at position '));
    expect(rejected).toHaveLength(5);
    expect(rejected.map((l) => /rejected at position (\d+)/.exec(l)?.[1])).toEqual(['2000', '2001', '2002', '2003', '2004']);
    expect(rejected.filter((l) => l.includes('invalid-record'))).toHaveLength(3);
    expect(rejected.filter((l) => l.includes('duplicate-id'))).toHaveLength(2);
    expect(rejected[0]).toContain('birthDate');
    expect(rejected[1]).toContain('markers[0].to');
  });

  it('explains the example person', () => {
    expect(text).toContain('segment frailty; matched frailty, long-term-conditions; sub-segments severe-frailty');
  });

  it('is identical on two runs', async () => {
    expect(await exampleOutput('demo', ['2000', '7'])).toBe(text);
  });

  it('changes with the seed', async () => {
    expect(await exampleOutput('demo', ['2000', '8'])).not.toBe(text);
  });
});
