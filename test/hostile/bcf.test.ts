/** The standing adversarial suite for phm-kit/bcf: see test/hostile/harness/hostile-suite.ts. */
import { describe } from 'vitest';
import { hostileSuite } from './harness/hostile-suite.js';

describe('hostile input: bcf', () => {
  hostileSuite('bcf', 75422);
});
