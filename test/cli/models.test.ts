/**
 * `phm-kit models`: every built-in model, its segments in precedence order, the markers each
 * segment's rule reads (together, exactly what markersReadBy says the model reads), as text and
 * as JSON; and models from a file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bridgesToHealth, leeds2017, leeds2024, markersReadBy } from 'phm-kit/segmentation';
import type { ModelDescription } from '../../src/cli/commands/models.js';
import { run, tempDir } from './support.js';

const dir = tempDir();
const BUILT_IN = [
  ['leeds2024', leeds2024],
  ['leeds2017', leeds2017],
  ['bridgesToHealth', bridgesToHealth],
] as const;

describe('phm-kit models --json', () => {
  it('lists the three built-in models, segments in precedence order', async () => {
    const r = await run(['models', '--json']);
    expect(r.code).toBe(0);
    const models = JSON.parse(r.stdout) as ModelDescription[];
    expect(models.map((m) => [m.name, m.id])).toEqual(BUILT_IN.map(([name, m]) => [name, m.id]));
    BUILT_IN.forEach(([, model], i) => {
      const d = models[i] as ModelDescription;
      expect(d.label).toBe(model.label);
      expect(d.segments.map((s) => s.id)).toEqual(model.segments.map((s) => s.id));
      expect(d.segments.map((s) => s.precedence)).toEqual(model.segments.map((_, k) => k + 1));
      expect(d.segments.at(-1)?.catchAll).toBe(true);
      expect(d.segments.slice(0, -1).every((s) => !s.catchAll)).toBe(true);
      expect(d.markers).toEqual(markersReadBy(model));
      // What each segment's rule reads, together with its sub-segments' and the overlays', is what the model reads.
      const subsAndOverlays = [...model.segments.flatMap((s) => s.subsegments ?? []), ...(model.overlays ?? [])].flatMap((x) => JSON.stringify(x.rule).match(/"marker":"[^"]+"/g) ?? []).map((m) => m.slice(10, -1));
      expect([...new Set([...d.segments.flatMap((s) => s.markers), ...subsAndOverlays])].sort()).toEqual([...markersReadBy(model)].sort());
      expect(d.overlays.map((o) => o.id)).toEqual((model.overlays ?? []).map((o) => o.id));
    });
  });

  it('names the markers of each segment and its sub-segments', async () => {
    const [d] = JSON.parse((await run(['models', 'leeds2024', '--json'])).stdout) as ModelDescription[];
    const frailty = d?.segments.find((s) => s.id === 'frailty');
    expect(frailty?.markers).toEqual(['frailty-moderate', 'frailty-severe']);
    expect(frailty?.subsegments.map((s) => s.id)).toEqual(['severe-frailty', 'dementia']);
    expect(frailty?.rule).toBe('frailty-moderate or frailty-severe active on the evaluation date');
    expect(d?.segments.find((s) => s.id === 'children-and-young-people')?.markers).toEqual([]);
    expect(d?.segments.find((s) => s.id === 'long-term-conditions')?.markers).toHaveLength(16);
  });
});

describe('phm-kit models (text)', () => {
  it('shows each model with its segments numbered in precedence order', async () => {
    const r = await run(['models']);
    expect(r.code).toBe(0);
    for (const [name, model] of BUILT_IN) {
      expect(r.stdout).toContain(`${name} (id ${model.id}): ${model.label}\n`);
      const positions = model.segments.map((s, i) => r.stdout.indexOf(`${String(i + 1).padStart(2)}. ${s.id}: ${s.label}\n`, r.stdout.indexOf(`${name} (id`)));
      expect(positions.every((p) => p > 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    expect(r.stdout).toContain('      reads: frailty-moderate, frailty-severe\n');
    expect(r.stdout).toContain('      sub-segment severe-frailty: frailty-severe active on the evaluation date\n');
    expect(r.stdout).toContain(`  reads 25 markers in all: ${markersReadBy(leeds2024).join(', ')}\n`);
  });

  it('accepts a model id, or a name in another case', async () => {
    const byId = await run(['models', 'bridges-to-health']);
    expect(byId.stdout).toMatch(/^bridgesToHealth \(id bridges-to-health\)/);
    expect((await run(['models', 'LEEDS2017'])).stdout).toMatch(/^leeds2017 /);
  });

  it('describes a model from a file', async () => {
    const file = join(dir, 'model.json');
    writeFileSync(file, JSON.stringify({ id: 'older', label: 'Older people', segments: [{ id: 'older', label: 'Aged 65+', rule: { ageAtLeast: 65 } }, { id: 'rest', label: 'Everyone else', catchAll: true }] }));
    const r = await run(['models', file]);
    expect(r.stdout).toBe(`${file} (id older): Older people\n   1. older: Aged 65+\n      rule: aged 65 or over\n   2. rest: Everyone else\n      rule: everyone not in an earlier segment (the catch-all)\n  reads 0 markers in all: \n`);
  });

  it('refuses an unknown model, a missing file and two models', async () => {
    expect(await run(['models', 'leeds2025'])).toEqual({ code: 2, stdout: '', stderr: "phm-kit models: unknown model 'leeds2025': give leeds2024, leeds2017, bridgesToHealth, or a model.json file\n" });
    expect((await run(['models', join(dir, 'none.json')])).stderr).toMatch(/^phm-kit models: model file .*none\.json: no such file\n$/);
    expect((await run(['models', 'leeds2024', 'leeds2017'])).stderr).toBe("phm-kit models: unexpected argument 'leeds2017': models takes one argument at most (see phm-kit models --help)\n");
  });
});
