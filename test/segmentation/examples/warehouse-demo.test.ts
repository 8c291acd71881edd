import { describe, expect, it } from 'vitest';
import { leeds2024 } from 'phm-kit/segmentation';
import { renderWarehouse } from '../../../examples/warehouse.js';

describe('renderWarehouse (npm run demo:warehouse)', () => {
  it('shows the four engines agreeing, segment by segment, and says so', async () => {
    const text = await renderWarehouse({ size: 5000, seed: 11 });
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
    expect(Number(summary?.[1]?.replaceAll(',', '')) + Number(summary?.[2]?.replaceAll(',', ''))).toBe(5000);
  }, 60_000);
});
