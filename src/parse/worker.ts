// The parse worker: parseEmail for one message at a time, in a thread the service can stop (isolated.ts).
import { parentPort } from 'node:worker_threads';
import { parseEmail, ParseLimitError } from './index.js';
import type { ParseLimits } from './types.js';

interface Request {
  id: number;
  raw: Uint8Array;
  limits?: Partial<ParseLimits>;
}

parentPort!.on('message', async (m: Request) => {
  try {
    parentPort!.postMessage({ id: m.id, ok: true, email: await parseEmail(Buffer.from(m.raw), m.limits) });
  } catch (err) {
    const e = err as Error & { code?: string };
    parentPort!.postMessage({ id: m.id, ok: false, error: { message: e.message, code: e.code ?? null, limit: err instanceof ParseLimitError } });
  }
});
