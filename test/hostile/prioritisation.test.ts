/** The standing adversarial suite for phm-kit/prioritisation: see test/hostile/harness/hostile-suite.ts. */
import { describe } from 'vitest';
import { hostileSuite } from './harness/hostile-suite.js';

describe('hostile input: prioritisation', () => {
  hostileSuite('prioritisation', 57986);
});
