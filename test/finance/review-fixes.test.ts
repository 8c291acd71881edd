import { describe, expect, it } from 'vitest';
import { PhmInfeasibleError, PhmValidationError } from 'phm-kit';
import { allocate, allocateEnvelopes, allocateHierarchy, allocatePooled, type HierarchyNode } from 'phm-kit/finance';

describe('money is exact at every length the schemas accept, and longer is refused', () => {
  it('a total of 64 characters (61 digits of pounds) keeps its pennies', () => {
    const total = `1${'0'.repeat(60)}.01`;
    expect(total).toHaveLength(64);
    const parts = allocate(total, [1, 2]);
    const sum = parts.reduce((a, p) => a + BigInt(p.replace('.', '')), 0n);
    expect(sum).toBe(BigInt(`1${'0'.repeat(60)}01`));
    expect(parts).toEqual([`${'3'.repeat(60)}.34`, `${'6'.repeat(60)}.67`]);
  });

  it('a weight of 64 characters (62 decimals) is used exactly', () => {
    expect(allocate('0.05', [`0.${'0'.repeat(61)}1`, '1'])).toEqual(['0.00', '0.05']);
    expect(allocate('1.00', [`0.${'0'.repeat(61)}1`, `0.${'0'.repeat(61)}3`])).toEqual(['0.25', '0.75']);
  });

  it('a total or a weight of 65 characters is refused, naming the limit', () => {
    expect(() => allocate(`1${'0'.repeat(61)}.01`, [1])).toThrow(/total: At most 64 characters/);
    expect(() => allocate('1.00', [`0.${'0'.repeat(62)}1`])).toThrow(/weights\[0\]: At most 64 characters/);
  });
});

describe('amounts that cannot be negative are refused', () => {
  it.each([
    [{ currentSpend: '-50' }, 'currentSpend'],
    [{ currentSpend: '10', costPerHead: '-5', population: 1 }, 'costPerHead'],
  ])('segment %j', (segment, field) => {
    try {
      allocateEnvelopes({ total: '100.00', method: field === 'costPerHead' ? { kind: 'capitation' } : { kind: 'historic' }, segments: [{ id: 'a', ...segment }, { id: 'b', currentSpend: '100', population: 1 }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PhmValidationError);
      expect((error as PhmValidationError).issues[0]?.path).toEqual(['segments', 0, field]);
    }
  });

  it('a pooled contribution', () => {
    expect(() => allocatePooled({ contributions: [{ id: 'x', amount: '-1.00' }, { id: 'y', amount: '2.00' }], envelopes: [{ id: 'a', amount: '1.00' }] })).toThrow(PhmValidationError);
  });

  it('a pace just above 1, which a float comparison would let through', () => {
    expect(() => allocateEnvelopes({ total: '1.00', method: { kind: 'paceOfChange', target: { kind: 'capitation' }, pace: '1.0000000000000000001' }, segments: [{ id: 'a', currentSpend: '1', population: 1 }] })).toThrow(PhmValidationError);
  });
});

describe('clear refusals', () => {
  it('equal percentage floor and cap that round past each other say so', () => {
    try {
      allocateEnvelopes({ total: '100.00', method: { kind: 'historic' }, segments: [{ id: 'a', currentSpend: '33.33', floor: { percentOfCurrentSpend: 50 }, cap: { percentOfCurrentSpend: 50 } }, { id: 'b', currentSpend: '10' }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PhmInfeasibleError);
      expect((error as Error).message).toContain('round floors up and caps down');
    }
  });

  it('a hierarchy thousands of levels deep is refused, not a stack overflow', () => {
    let node: HierarchyNode = { id: 'leaf', weight: 1 };
    for (let i = 0; i < 20_000; i++) node = { id: `n${i}`, weight: 1, children: [node] };
    expect(() => allocateHierarchy({ total: '1.00', node })).toThrow(PhmValidationError);
  });
});
