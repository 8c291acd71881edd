/** The standing adversarial suite for phm-kit/finance: see test/hostile/harness/hostile-suite.ts. */
import { describe } from 'vitest';
import { hostileSuite } from './harness/hostile-suite.js';

describe('hostile input: finance', () => {
  hostileSuite('finance', 38976);
});
