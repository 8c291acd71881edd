/**
 * Budget envelopes that balance back to the system total, to the penny.
 * @packageDocumentation
 */
export { allocate, WeightSchema } from './allocate.js';
export { allocateHierarchy, MAX_HIERARCHY_DEPTH, MAX_HIERARCHY_NODES } from './hierarchy.js';
export type { AllocatedNode, HierarchyNode } from './hierarchy.js';
export { allocatePooled, PooledInputSchema, POOLED_MAX_CELLS } from './pooled.js';
export type { EnvelopeConstraint } from './bounded-shares.js';
export type { PooledAllocation, PooledCell, PooledInput } from './pooled.js';
export { allocateEnvelopes } from './envelopes.js';
export type { Envelope, EnvelopeAllocation } from './envelopes.js';
export { EnvelopeInputSchema, MethodSchema, BoundSchema } from './envelope-schema.js';
export type { EnvelopeInput, EnvelopeMethod } from './envelope-schema.js';
export { envelopesChart, EnvelopesChartOptionsSchema } from './charts.js';
export type { EnvelopesChartOptions } from './charts.js';
// The error classes, so that a caller importing this subpath alone can catch what it throws.
export { PhmError, PhmValidationError, PhmModelError, PhmExcludedError, PhmInfeasibleError } from '../core/errors.js';
export type { PhmIssue, PhmErrorCode, ModelErrorCode } from '../core/errors.js';

/** Money written as people read it (`'£59,686,956.52'`), the same function as the root's. */
export { formatMoney, MoneyFormatOptionsSchema } from '../core/format-money.js';
export type { MoneyFormatOptions } from '../core/format-money.js';
export { checkInput } from '../core/check-input.js';
