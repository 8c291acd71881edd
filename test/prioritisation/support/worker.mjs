// Runs one prioritisation call in a worker thread, so that a call that never returns can be
// stopped (`worker.terminate()` ends even a synchronous loop) and its test fails instead of
// hanging the run. Plain Node runs this file; tsx's loader lets it import the TypeScript sources.
import { register } from 'tsx/esm/api';

register();
await import('./call.ts');
