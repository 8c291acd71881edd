import { describe, expect, it } from 'vitest';
import { exampleOutput } from '../../scripts/example-runner.js';

// The examples run as a user runs them (with tsx); what they print is read here.
describe('the BCF and finance demos', () => {
  it('the BCF demo (examples/bcf-2014.ts) shows the Leeds 2014 figures and is the same on every run', async () => {
    const text = await exampleOutput('bcf-2014');
    for (const figure of ['£172,500.00', '£2,080,000.00', '£359,800.00', '£2,185,000.00', '£4,797,300.00', '£7,049,800.00', 'difference 650', 'difference -286,000']) expect(text).toContain(figure);
    expect(await exampleOutput('bcf-2014')).toBe(text);
  });

  it('the finance demo (examples/envelopes.ts) balances every method and shows the BCF pool', async () => {
    const text = await exampleOutput('envelopes');
    expect(text).toMatch(/balances to the total\s+true\s+true\s+true\s+true/);
    expect(text).toContain('leeds-city-council');
    expect(await exampleOutput('envelopes')).toBe(text);
  });
});
