import type { DeepReadonly } from '../core/freeze.js';
import * as z from 'zod';
import { PhmValidationError } from '../core/errors.js';
import { decimalString, fromUnits, MoneySchema, toUnits, UnitSchema } from '../core/money.js';
import { findOverflow, listedChildren, parseRead, readInput } from '../core/validation.js';
import { isZeroWeight, WeightSchema } from './allocate.js';
import { largestRemainder, scaleWeights } from '../core/largest-remainder.js';

/**
 * A node of an allocation tree: the system, a segment, a locality such as a Local Care
 * Partnership, or a provider, with its weight against its siblings.
 *
 * @example
 * const frailty: HierarchyNode = { id: 'frailty', weight: 1, children: [{ id: 'lcp-01', weight: 2 }, { id: 'lcp-02', weight: 1 }] };
 */
export interface HierarchyNode {
  readonly id: string;
  /** Its weight against its siblings (ignored at the root). */
  readonly weight: string | number;
  readonly children?: readonly HierarchyNode[] | undefined;
}

/**
 * A node of an allocated tree: the same tree as the input, with an amount on every node, and
 * every node's children summing exactly to it.
 *
 * @example
 * const tree: AllocatedNode = allocateHierarchy({ total: '1000.00', node: { id: 'leeds', weight: 1, children: [{ id: 'frailty', weight: 1 }, { id: 'maternity', weight: 3 }] } });
 * tree.children?.map((c) => c.amount) // ['250.00', '750.00']
 */
export interface AllocatedNode {
  readonly id: string;
  readonly weight: string;
  readonly amount: string;
  readonly children?: readonly AllocatedNode[];
}

const NodeSchema: z.ZodType<HierarchyNode> = z.lazy(() =>
  z.strictObject({
    id: z.string().min(1),
    weight: WeightSchema,
    children: z
      .array(NodeSchema)
      .min(1, 'A node with children needs at least one')
      .refine((children) => new Set(children.map((c) => c.id)).size === children.length, { message: 'Sibling ids must be unique' })
      // An empty list has its own issue above; `every` would call it all zero as well.
      .refine((children) => children.length === 0 || !children.every((c) => isZeroWeight(c.weight)), { message: 'The children weights are all zero' })
      .optional(),
  }),
);

const HierarchyInputSchema = z.strictObject({ total: MoneySchema, unit: UnitSchema, node: NodeSchema });

/**
 * Allocates a total down a tree (system, segments, then localities such as the 15 Local Care
 * Partnerships, or providers): each node's amount is split among its children by their weights
 * with the largest-remainder method, so every node's children sum exactly to the node.
 *
 * @example
 * allocateHierarchy({ total: '1000.00', node: { id: 'leeds', weight: 1, children: [
 *   { id: 'frailty', weight: 1, children: [{ id: 'lcp-01', weight: 2 }, { id: 'lcp-02', weight: 1 }] },
 *   { id: 'maternity', weight: 3 },
 * ] } });
 * // frailty 250.00 (lcp-01 166.67, lcp-02 83.33), maternity 750.00
 */
export function allocateHierarchy(input: { readonly total: string | number; readonly unit?: string | number; readonly node: DeepReadonly<HierarchyNode> }): AllocatedNode {
  const data = readInput(input, 'hierarchy');
  refuseOverflow(data);
  const { total, unit, node } = parseRead(HierarchyInputSchema, data, 'hierarchy');
  const units = toUnits(total, unit);
  if (units === undefined) {
    throw new PhmValidationError(`Invalid hierarchy: the total ${total} is not a whole number of units of ${unit}`, [{ path: ['total'], message: `Not a whole number of units of ${unit}` }]);
  }
  const place = (n: HierarchyNode, amount: bigint): AllocatedNode => {
    const weight = decimalString(n.weight);
    if (n.children === undefined) return { id: n.id, weight, amount: fromUnits(amount, unit) };
    const parts = largestRemainder(amount, scaleWeights(n.children.map((c) => decimalString(c.weight))));
    return { id: n.id, weight, amount: fromUnits(amount, unit), children: n.children.map((c, i) => place(c, parts[i] as bigint)) };
  };
  return place(node, units);
}

/**
 * The most levels an allocation tree may have, the root included: 100, far beyond system,
 * segment, locality and provider. Deeper trees are refused before the schema (which recurses)
 * reads them.
 *
 * @example
 * allocateHierarchy({ total: '1.00', node: treeOf101Levels }) // throws PhmValidationError: more than 100 levels
 */
export const MAX_HIERARCHY_DEPTH = 100;

/**
 * The most nodes an allocation tree may have: 200,000, more than a national tree of GP
 * practices under every segment. Larger trees are refused before they are read.
 *
 * @example
 * MAX_HIERARCHY_NODES // 200000
 */
export const MAX_HIERARCHY_NODES = 200_000;

/** Refuses a tree (already read into plain data) too deep or too large to allocate, naming the node where it went over. */
function refuseOverflow(data: unknown): void {
  const node = typeof data === 'object' && data !== null ? (data as { node?: unknown }).node : undefined;
  const overflow = findOverflow(node, ['node'], MAX_HIERARCHY_DEPTH, MAX_HIERARCHY_NODES, (n) => listedChildren(n, ['children'], MAX_HIERARCHY_NODES));
  if (overflow === undefined) return;
  const message = overflow.reason === 'depth' ? `The tree has more than ${MAX_HIERARCHY_DEPTH} levels` : `The tree has more than ${MAX_HIERARCHY_NODES.toLocaleString('en-GB')} nodes`;
  throw new PhmValidationError(`Invalid hierarchy: ${message}`, [{ path: [...overflow.path], message }]);
}
