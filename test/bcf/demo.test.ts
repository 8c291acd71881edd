import { describe, expect, it } from 'vitest';
import { renderFinanceDemo } from '../../examples/envelopes.js';
import { renderBcfDemo } from '../../examples/bcf-2014.js';

describe('the BCF and finance demos', () => {
  it('the BCF demo shows the Leeds 2014 figures and is the same on every run', () => {
    const text = renderBcfDemo();
    for (const figure of ['£172500.00', '£2080000.00', '£359800.00', '£2185000.00', '£4797300.00', '£7049800.00', 'difference 650', 'difference -286000']) expect(text).toContain(figure);
    expect(renderBcfDemo()).toBe(text);
  });

  it('the finance demo balances every method and shows the BCF pool', () => {
    const text = renderFinanceDemo();
    expect(text).toMatch(/balances to the total\s+true\s+true\s+true\s+true/);
    expect(text).toContain('leeds-city-council');
    expect(renderFinanceDemo()).toBe(text);
  });
});
