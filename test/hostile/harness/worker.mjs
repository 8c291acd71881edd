// The hostile cases run in a worker thread, so that a call that never returns can be stopped
// (`worker.terminate()` ends even a synchronous loop) and named, instead of hanging the suite.
// Plain Node runs this file; tsx's loader lets it import the TypeScript sources.
import { register } from 'tsx/esm/api';

register();
await import('./run-cases.ts');
