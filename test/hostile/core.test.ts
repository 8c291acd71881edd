/** The standing adversarial suite for phm-kit/core: see test/hostile/harness/hostile-suite.ts. */
import { describe } from 'vitest';
import { hostileSuite } from './harness/hostile-suite.js';

describe('hostile input: core', () => {
  hostileSuite('core', 25697);
});
