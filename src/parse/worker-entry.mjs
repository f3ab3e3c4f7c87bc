// Entry of the parse worker thread (see isolated.ts). A worker thread starts with Node's own loader. Next to
// the compiled build (dist/, where worker.js sits beside this file) it runs the compiled worker; next to the
// sources, or for a given script, it registers the TypeScript loader first.
import { existsSync } from 'node:fs';

const { workerData } = await import('node:worker_threads');
const compiled = new URL('./worker.js', import.meta.url);
if (!workerData?.script && existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(workerData?.script ?? './worker.ts');
}
