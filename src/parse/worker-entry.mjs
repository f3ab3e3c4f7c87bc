// Entry of the parse worker thread (see isolated.ts). A worker thread starts with Node's own loader, so it
// registers the TypeScript loader first, then runs the worker's code.
import { register } from 'tsx/esm/api';

register();
const { workerData } = await import('node:worker_threads');
await import(workerData?.script ?? './worker.ts');
