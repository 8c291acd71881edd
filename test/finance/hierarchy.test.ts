/** allocateHierarchy: every level balances exactly, on random trees and on a Leeds-shaped example. */
import fc from 'fast-check';
import { allocate, allocateHierarchy, MAX_HIERARCHY_DEPTH, MAX_HIERARCHY_NODES, type AllocatedNode, type HierarchyNode } from 'phm-kit/finance';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../support/issues.js';
import { property } from '../support/property.js';
import { formatUnits, sum, totalUnitsArb, UNITS, unitsOf, weightArb, weightDec, weightIntegers, withinOneUnit } from './exact.js';

/** Checks the node and, recursively, that its children sum exactly to it and sit within one unit of their quotas. */
function checkNode(input: HierarchyNode, out: AllocatedNode, unit: string, amount: bigint): number {
  expect(out.id).toBe(input.id);
  const [a, b] = weightIntegers([out.weight, input.weight]);
  expect(a).toBe(b); // the same weight, as an exact decimal string
  expect(out.amount).toBe(formatUnits(amount, unit));
  if (input.children === undefined) {
    expect(out.children).toBeUndefined();
    return 1;
  }
  const children = out.children ?? [];
  expect(children).toHaveLength(input.children.length);
  const parts = children.map((c) => unitsOf(c.amount, unit));
  expect(sum(parts)).toBe(amount);
  const w = weightIntegers(input.children.map((c) => c.weight));
  const W = sum(w);
  parts.forEach((p, i) => {
    expect(withinOneUnit(p, amount, w[i] as bigint, W)).toBe(true);
    if (w[i] === 0n) expect(p).toBe(0n);
  });
  // Each level is the same split allocate makes.
  expect(children.map((c) => c.amount)).toEqual(allocate(out.amount, input.children.map((c) => c.weight), { unit }));
  let count = 1;
  input.children.forEach((c, i) => (count += checkNode(c, children[i] as AllocatedNode, unit, parts[i] as bigint)));
  return count;
}

const nonZero = (w: string | number) => weightDec(w).n !== 0n;

/** Random trees: depth up to 4 below the root, up to 6 children, sibling weights not all zero. */
const treeArb = (depth: number, id: string): fc.Arbitrary<HierarchyNode> =>
  depth === 0
    ? weightArb.map((weight) => ({ id, weight }))
    : fc.oneof(
        { weight: 1, arbitrary: weightArb.map((weight): HierarchyNode => ({ id, weight })) },
        {
          weight: 3,
          arbitrary: fc
            .tuple(weightArb, fc.integer({ min: 1, max: 6 }))
            .chain(([weight, n]) =>
              fc
                .tuple(...Array.from({ length: n }, (_, i) => treeArb(depth - 1, `${id}.${i}`)))
                .filter((children) => children.some((c) => nonZero(c.weight)))
                .map((children): HierarchyNode => ({ id, weight, children })),
            ),
        },
      );

const hierarchyArb = fc.constantFrom(...UNITS).chain((unit) =>
  fc.record({ unit: fc.constant(unit), units: fc.oneof(totalUnitsArb(unit), totalUnitsArb(unit).map((u) => -u)), depth: fc.integer({ min: 1, max: 4 }) }).chain(({ unit: u, units, depth }) =>
    treeArb(depth, 'root').map((node) => ({ unit: u, units, node })),
  ),
);

describe('allocateHierarchy: properties', () => {
  property('random trees balance at every level and the root equals the total', 20260301, hierarchyArb, ({ unit, units, node }) => {
    const out = allocateHierarchy({ total: formatUnits(units, unit), unit, node });
    expect(out.amount).toBe(formatUnits(units, unit));
    checkNode(node, out, unit, units);
  }, 300);
});

/**
 * Leeds-shaped example. The £1.2bn total, the nine segment names and all weights are
 * ILLUSTRATIVE (not published figures); the 15 Local Care Partnerships are numbered, not named.
 */
const SEGMENT_WEIGHTS: [string, string | number][] = [
  ['healthy-adults', '0.31'],
  ['children-and-young-people', 0.14],
  ['maternity', '0.03'],
  ['long-term-conditions', '0.19'],
  ['frailty', '0.12'],
  ['cancer', '0.05'],
  ['mental-health', '0.09'],
  ['learning-disability-and-autism', '0.02'],
  ['end-of-life', '0.05'],
];
const LCP_WEIGHTS = [52_000, 61_500, 48_200, 55_900, 43_100, 70_250, 39_800, 58_600, 47_300, 66_000, 51_750, 44_400, 62_900, 49_500, 57_300];

const leeds: HierarchyNode = {
  id: 'leeds',
  weight: 1,
  children: SEGMENT_WEIGHTS.map(([id, weight]) =>
    id === 'frailty' ? { id, weight, children: LCP_WEIGHTS.map((w, i) => ({ id: `lcp-${String(i + 1).padStart(2, '0')}`, weight: w })) } : { id, weight },
  ),
};

describe('allocateHierarchy: £1.2bn to nine Leeds segments, then frailty to 15 Local Care Partnerships (illustrative weights)', () => {
  for (const unit of ['0.01', '1', '1000']) {
    it(`balances at every level in units of ${unit}`, () => {
      const out = allocateHierarchy({ total: '1200000000.00', unit, node: leeds });
      expect(out.amount).toBe(formatUnits(unitsOf('1200000000', unit), unit));
      expect(checkNode(leeds, out, unit, unitsOf('1200000000', unit))).toBe(1 + 9 + 15);
      const frailty = out.children?.find((c) => c.id === 'frailty');
      expect(frailty?.amount).toBe(formatUnits(unitsOf('144000000', unit), unit)); // 0.12 of £1.2bn, exact
      expect(frailty?.children).toHaveLength(15);
      expect(sum((frailty?.children ?? []).map((c) => unitsOf(c.amount, unit)))).toBe(unitsOf('144000000', unit));
    });
  }

  it('the documented example', () => {
    const out = allocateHierarchy({
      total: '1000.00',
      node: { id: 'leeds', weight: 1, children: [{ id: 'frailty', weight: 1, children: [{ id: 'lcp-01', weight: 2 }, { id: 'lcp-02', weight: 1 }] }, { id: 'maternity', weight: 3 }] },
    });
    expect(out.children?.map((c) => c.amount)).toEqual(['250.00', '750.00']);
    expect(out.children?.[0]?.children?.map((c) => c.amount)).toEqual(['166.67', '83.33']);
  });
});

describe('allocateHierarchy: refusals', () => {
  const issuesOf = (input: Parameters<typeof allocateHierarchy>[0]) => {
    const { message, issues } = refusalOf(() => allocateHierarchy(input));
    return { message, issues };
  };
  const only = (path: (string | number)[], message: string) => [{ path, message }];

  it('refuses all-zero sibling weights, duplicate sibling ids and empty children, at the children', () => {
    const children = ['node', 'children'];
    expect(issuesOf({ total: '10.00', node: { id: 'r', weight: 1, children: [{ id: 'a', weight: 0 }, { id: 'b', weight: '0' }] } }).issues).toEqual(only(children, 'The children weights are all zero'));
    expect(issuesOf({ total: '10.00', node: { id: 'r', weight: 1, children: [{ id: 'a', weight: 1 }, { id: 'a', weight: 2 }] } }).issues).toEqual(only(children, 'Sibling ids must be unique'));
    expect(issuesOf({ total: '10.00', node: { id: 'r', weight: 1, children: [] } }).issues).toEqual(only(children, 'A node with children needs at least one'));
    expect(issuesOf({ total: '10.00', node: { id: 'r', weight: 1, children: [{ id: 'a', weight: -1 }, { id: 'b', weight: 1 }] } }).issues).toEqual(only(['node', 'children', 0, 'weight'], 'Weights must be finite and not negative'));
  });

  it('refuses bad totals and units', () => {
    const leaf = { id: 'r', weight: 1, children: [{ id: 'a', weight: 1 }] };
    expect(issuesOf({ total: '10.005', node: leaf })).toEqual({
      message: 'Invalid hierarchy: the total 10.005 is not a whole number of units of 0.01',
      issues: only(['total'], 'Not a whole number of units of 0.01'),
    });
    expect(issuesOf({ total: 10.5, node: leaf }).issues[0]?.path).toEqual(['total']);
    expect(issuesOf({ total: '10', unit: '0.05', node: leaf }).issues[0]?.path).toEqual(['unit']);
  });

  it('refuses a tree too deep to walk, rather than overflowing the stack, naming where reading stopped', () => {
    let node: Parameters<typeof allocateHierarchy>[0]['node'] = { id: 'leaf', weight: 1 };
    for (let i = 0; i < 100_000; i++) node = { id: `level-${i}`, weight: 1, children: [node] };
    const { issues } = issuesOf({ total: '10.00', node });
    expect(issues.map((i) => i.message)).toEqual(['Nested more than 1,000 levels deep (or it contains itself)']);
    expect(issues[0]?.path.slice(0, 3)).toEqual(['node', 'children', 0]);
  });

  it('names the node past the limit of 100 levels', () => {
    let node: Parameters<typeof allocateHierarchy>[0]['node'] = { id: 'leaf', weight: 1 };
    for (let i = 0; i < 150; i++) node = { id: `level-${i}`, weight: 1, children: [node] };
    const below = Array.from({ length: MAX_HIERARCHY_DEPTH }, () => ['children', 0]).flat();
    expect(issuesOf({ total: '10.00', node })).toEqual({ message: 'Invalid hierarchy: The tree has more than 100 levels', issues: only(['node', ...below], 'The tree has more than 100 levels') });
  });

  it(`allocates a tree of exactly ${MAX_HIERARCHY_DEPTH} levels, and refuses one of ${MAX_HIERARCHY_DEPTH + 1}`, () => {
    const chain = (levels: number) => {
      let node: Parameters<typeof allocateHierarchy>[0]['node'] = { id: 'leaf', weight: 1 };
      for (let i = 1; i < levels; i++) node = { id: `level-${i}`, weight: 1, children: [node] };
      return node;
    };
    let deepest: AllocatedNode = allocateHierarchy({ total: '10.00', node: chain(MAX_HIERARCHY_DEPTH) });
    while (deepest.children !== undefined) deepest = deepest.children[0] as AllocatedNode;
    expect(deepest).toEqual({ id: 'leaf', weight: '1', amount: '10.00' });
    expect(issuesOf({ total: '10.00', node: chain(MAX_HIERARCHY_DEPTH + 1) }).message).toBe('Invalid hierarchy: The tree has more than 100 levels');
  });

  it(`refuses a tree of more than ${MAX_HIERARCHY_NODES} nodes before reading them`, () => {
    const leaves = Array.from({ length: MAX_HIERARCHY_NODES }, (_, i) => ({ id: `p${i}`, weight: 1 }));
    expect(issuesOf({ total: '10.00', node: { id: 'root', weight: 1, children: leaves } })).toEqual({
      message: 'Invalid hierarchy: The tree has more than 200,000 nodes',
      issues: only(['node'], 'The tree has more than 200,000 nodes'),
    });
  });

  it('refuses a tree whose nodes throw while read, naming the node', () => {
    const children = [{ id: 'a', weight: 1 }];
    Object.defineProperty(children, 1, { enumerable: true, get: () => { throw new Error('gone'); } });
    expect(issuesOf({ total: '10.00', node: { id: 'root', weight: 1, children } })).toEqual({
      message: 'Invalid hierarchy: node.children[1]: Could not be read: gone',
      issues: only(['node', 'children', 1], 'Could not be read: gone'),
    });
  });

  // Regression: the all-zero refine used to run on weights that had already failed the schema,
  // so a malformed weight string escaped as a raw DecimalError.
  it('refuses a malformed child weight string with a PhmValidationError', () => {
    expect(issuesOf({ total: '10.00', node: { id: 'r', weight: 1, children: [{ id: 'a', weight: 'abc' }] } }).issues[0]?.path).toEqual(['node', 'children', 0, 'weight']);
  });
});
