/** The standing adversarial suite for phm-kit/registers: see test/hostile/harness/hostile-suite.ts. */
import { describe } from 'vitest';
import { hostileSuite } from './harness/hostile-suite.js';

describe('hostile input: registers', () => {
  hostileSuite('registers', 16401);
});
