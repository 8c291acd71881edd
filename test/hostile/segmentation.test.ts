/** The standing adversarial suite for phm-kit/segmentation: see test/hostile/harness/hostile-suite.ts. */
import { describe } from 'vitest';
import { hostileSuite } from './harness/hostile-suite.js';

describe('hostile input: segmentation', () => {
  hostileSuite('segmentation', 23974);
});
