import { describe, expect, it } from 'vitest';
import { leeds2024 } from 'phm-kit/segmentation';
import { exampleOutput } from '../../../scripts/example-runner.js';

describe('examples/warehouse.ts (npm run demo:warehouse)', () => {
  it('shows the four engines agreeing, segment by segment, and says so', async () => {
    const text = await exampleOutput('warehouse');
    const lines = text.split('\n');
    for (const segment of leeds2024.segments) {
      const line = lines.find((l) => l.startsWith(`${segment.id} `));
      expect(line, segment.id).toBeDefined();
      const counts = (line as string).slice(segment.id.length).trim().split(/\s+/);
      expect(counts).toHaveLength(4);
      expect(new Set(counts).size).toBe(1);
    }
    const summary = /All four agree on every segment: ([\d,]+) assigned, ([\d,]+) excluded\./.exec(text);
    expect(summary).not.toBeNull();
    expect(Number(summary?.[1]?.replaceAll(',', '')) + Number(summary?.[2]?.replaceAll(',', ''))).toBe(50_000);
  }, 60_000);

  it('prints the SQL of a dialect named on the command line', async () => {
    const sql = await exampleOutput('warehouse', ['tsql']);
    expect(sql).toMatch(/^-- phm-kit toSql: model leeds-2024, as of 2024-04-01, tsql\nSELECT /);
  }, 60_000);
});
