/**
 * acceleratorScoresChart reads only the fields of a selection it draws: a selection of
 * thousands of candidates carries an audit trail that, with its steps, holds more values than
 * a checked input may (2,000,000), and the chart never looks at it.
 */
import { acceleratorScoresChart, selectAccelerator, type AcceleratorSelection } from 'phm-kit/prioritisation';
import { describe, expect, it } from 'vitest';
import { expectIssueAt, flat } from './helpers.js';

const small = selectAccelerator({ candidates: [{ id: 'a', evidence: flat(4, 4) }, { id: 'b', evidence: flat(2, 3) }] });

describe('acceleratorScoresChart on large and hostile selections', () => {
  it('charts every candidate of a 20,000-candidate selection, all shortlisted', () => {
    const candidates = Array.from({ length: 20_000 }, (_, i) => ({ id: `c${i}`, evidence: flat(1 + ((i * 7919) % 401) / 100, 1 + ((i * 104729) % 401) / 100) }));
    const selection = selectAccelerator({ candidates, shortlist: { threshold: 0 } });
    const panels = acceleratorScoresChart(selection).vconcat as { data: { values: unknown[] } }[];
    expect(panels.map((p) => p.data.values.length)).toEqual([60_000, 60_000, 20_000]);
  }, 60_000);

  it('never reads the audit trail: an audit whose getter throws is no obstacle', () => {
    const selection = { ...small };
    Object.defineProperty(selection, 'audit', { enumerable: true, get: () => { throw new Error('not to be read'); } });
    expect(acceleratorScoresChart(selection as AcceleratorSelection)).toEqual(acceleratorScoresChart(small));
  });

  it('refuses a field it reads whose getter throws, with its path', () => {
    const steps = { ...small.steps };
    Object.defineProperty(steps, 'step2', { enumerable: true, get: () => { throw new Error('boom'); } });
    const error = expectIssueAt(() => acceleratorScoresChart({ ...small, steps } as AcceleratorSelection), ['steps', 'step2']);
    expect(error.message).toBe('Invalid accelerator selection: steps.step2: Could not be read: boom');
  });
});
