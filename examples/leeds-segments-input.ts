/**
 * The nine Leeds 2024 segments' populations (about 820,000 people in all) and what is spent on
 * each now (£1.15bn in all): ILLUSTRATIVE figures, as no document gives them. Frailty has a
 * floor: whatever the method, it keeps at least 95% of its current spend. Shared by
 * examples/envelopes.ts and examples/charts.ts.
 */
export const leedsSegments = [
  { id: 'end-of-life', population: 4_000, currentSpend: '60000000.00' },
  { id: 'maternity', population: 9_000, currentSpend: '45000000.00' },
  { id: 'children-and-young-people', population: 180_000, currentSpend: '150000000.00' },
  { id: 'frailty', population: 30_000, currentSpend: '240000000.00', floor: { percentOfCurrentSpend: 95 } },
  { id: 'cancer', population: 20_000, currentSpend: '110000000.00' },
  { id: 'learning-disability-neurodiversity', population: 15_000, currentSpend: '60000000.00' },
  { id: 'serious-mental-illness', population: 8_000, currentSpend: '70000000.00' },
  { id: 'long-term-conditions', population: 250_000, currentSpend: '300000000.00' },
  { id: 'healthy-adults', population: 304_000, currentSpend: '115000000.00' },
];
