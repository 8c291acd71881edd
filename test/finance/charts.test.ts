/**
 * envelopesChart: plain JSON whose data are the allocation's amounts, exactly (as strings, with
 * numbers only for plotting); compiles with vega-lite without a warning and renders with vega.
 * ILLUSTRATIVE figures.
 */
import type { VegaLiteSpec } from 'phm-kit';
import { allocateEnvelopes, envelopesChart, type EnvelopeAllocation } from 'phm-kit/finance';
import { describe, expect, it } from 'vitest';
import { render, validationError } from '../support/charts.js';

const allocation = allocateEnvelopes({
  total: '1000000.00',
  // Half by spend, half by head: some envelopes grow, some shrink.
  method: { kind: 'blend', historicShare: 0.5 },
  segments: [
    { id: 'frailty', label: 'Frailty', population: 300, currentSpend: '400000.00' },
    { id: 'cancer', label: 'Cancer', population: 200, currentSpend: '350000.00' },
    { id: 'healthy-adults', population: 5000, currentSpend: '240000.00' },
  ],
  topSlices: [{ id: 'contingency', percent: 1 }],
});
/** Capitation needs no current spend: these envelopes have none to compare with. */
const noSpend = allocateEnvelopes({ total: '900', unit: '1', method: { kind: 'capitation' }, segments: [{ id: 'a', population: 1 }, { id: 'b', population: 2 }] });


type Row = { envelope: string; label: string; series: string; amount: number; exact: string; change: string | null };
const values = (spec: VegaLiteSpec) => (spec['data'] as { values: Row[] }).values;
const pennies = (s: string) => BigInt(s.replace('.', ''));

describe('envelopesChart', () => {
  it('gives each envelope its exact amount and current spend, in input order, as plain JSON', () => {
    const spec = envelopesChart(allocation);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    const rows = values(spec);
    const allocated = rows.filter((r) => r.series === 'Allocated envelope');
    const spend = rows.filter((r) => r.series === 'Current spend');
    expect(allocated.map((r) => r.envelope)).toEqual(allocation.envelopes.map((e) => e.id));
    expect(allocated.map((r) => r.label)).toEqual(['Frailty', 'Cancer', 'healthy-adults']);
    expect(allocated.map((r) => r.exact)).toEqual(allocation.envelopes.map((e) => e.amount));
    expect(spend.map((r) => r.exact)).toEqual(allocation.envelopes.map((e) => e.currentSpend));
    for (const r of rows) expect(r.amount).toBe(Number(r.exact));
    // The exact strings add up to the allocation's own total, to the penny.
    expect(allocated.reduce((sum, r) => sum + pennies(r.exact), 0n)).toBe(pennies(allocation.checks.envelopesTotal));
    expect(new Set(allocated.map((r) => r.change![0]))).toEqual(new Set(['+', '-']));
    expect(allocated.map((r) => r.change)).toEqual(allocation.envelopes.map((e) => `${e.changePercent!.startsWith('-') ? '' : '+'}${e.changePercent}%`));
    expect(spend.every((r) => r.change === null)).toBe(true);
    expect((spec['title'] as { subtitle: string[] }).subtitle[0]).toBe('£1,000,000.00 in all: £990,000.00 in 3 envelopes after 1 top slice');
  });

  it('shows the allocation alone where there is no current spend', () => {
    const spec = envelopesChart(noSpend, { title: 'Capitation', width: 300, height: 200 });
    const rows = values(spec);
    expect(rows.map((r) => [r.series, r.exact])).toEqual([['Allocated envelope', '300'], ['Allocated envelope', '600']]);
    expect(spec['title']).toEqual({ text: 'Capitation', subtitle: ['£900 in all', "Labels give each envelope's change against current spend"] });
    const layer = spec['layer'] as { encoding: { color?: { scale: { domain: string[] } } } }[];
    expect(layer[0]?.encoding.color?.scale.domain).toEqual(['Allocated envelope']);
  });

  it('marks no change as 0.00%, without a sign', () => {
    const same = allocateEnvelopes({ total: '100.00', method: { kind: 'historic' }, segments: [{ id: 'a', currentSpend: '60.00' }, { id: 'b', currentSpend: '40.00' }] });
    expect(values(envelopesChart(same)).filter((r) => r.change !== null).map((r) => r.change)).toEqual(['0.00%', '0.00%']);
  });

  it('does not change its input, and gives the same spec every time', () => {
    const copy = structuredClone(allocation);
    const frozen = Object.freeze({ ...copy, envelopes: Object.freeze(copy.envelopes.map((e) => Object.freeze(e))) });
    const before = JSON.stringify(frozen);
    expect(envelopesChart(frozen)).toEqual(envelopesChart(frozen));
    expect(JSON.stringify(frozen)).toBe(before);
  });

  it('throws PhmValidationError naming the path for bad input and options', () => {
    const bad = (envelopes: unknown) => ({ ...allocation, envelopes }) as unknown as EnvelopeAllocation;
    expect(validationError(() => envelopesChart(bad([]))).issues[0]?.path).toEqual(['envelopes']);
    expect(validationError(() => envelopesChart(bad([{ ...allocation.envelopes[0], amount: 1.5 }]))).issues[0]?.path).toEqual(['envelopes', 0, 'amount']);
    expect(validationError(() => envelopesChart(bad([{ ...allocation.envelopes[0], changePercent: '5%' }]))).issues[0]?.path).toEqual(['envelopes', 0, 'changePercent']);
    const twins = bad([allocation.envelopes[0], { ...allocation.envelopes[1], label: 'Frailty' }]);
    expect(validationError(() => envelopesChart(twins)).issues[0]?.path).toEqual(['envelopes', 1, 'label']);
    const idTwins = bad([allocation.envelopes[2], { ...allocation.envelopes[0], label: undefined, id: 'healthy-adults' }]);
    expect(validationError(() => envelopesChart(idTwins)).issues[0]?.path).toEqual(['envelopes', 1, 'id']);
    expect(validationError(() => envelopesChart(allocation, { height: 0 })).issues[0]?.path).toEqual(['height']);
  });

  it('compiles with vega-lite and renders to SVG with the labels, series and pounds', async () => {
    const svg = await render(envelopesChart(allocation));
    for (const text of ['Frailty', 'Cancer', 'healthy-adults', 'Current spend', 'Allocated envelope', 'Amount (£)', '£200k']) expect(svg).toContain(text);
    expect(await render(envelopesChart(noSpend))).toContain('£500');
  });
});
