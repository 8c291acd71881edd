/**
 * phm-kit: population health management domain logic, pure and headless.
 * Subpath imports (`phm-kit/segmentation`, ...) load one domain only.
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './segmentation/index.js';
export * from './prioritisation/index.js';
export * from './finance/index.js';
export * from './bcf/index.js';
export * from './registers/index.js';
