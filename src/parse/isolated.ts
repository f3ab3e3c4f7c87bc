// MIME-2: parsing runs in a worker thread with a time limit and a memory cap, so a parser bug that loops
// (ReDoS) or eats memory stops that message, not the service: the thread is ended, the message is
// quarantined with a clear error, and the next message gets a fresh thread. One message at a time.
import { Worker } from 'node:worker_threads';
import { ParseLimitError } from './index.js';
import type { ParsedEmail, ParseLimits } from './types.js';

export interface IsolatedParserOptions {
  timeoutMs?: number;
  maxMemoryMb?: number; // V8 old generation of the worker
  /** Tests: another worker script (a .ts module run by the same entry). */
  script?: string;
}

export interface IsolatedParser {
  parse(raw: Buffer, limits?: Partial<ParseLimits>): Promise<ParsedEmail>;
  close(): Promise<void>;
}

interface Reply {
  id: number;
  ok: boolean;
  email?: ParsedEmail;
  error?: { message: string; code: string | null; limit: boolean };
}

export function createIsolatedParser({ timeoutMs = 20_000, maxMemoryMb = 512, script }: IsolatedParserOptions = {}): IsolatedParser {
  let worker: Worker | null = null;
  let seq = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  const start = () => {
    const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: script ? { script } : undefined,
      resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb },
    });
    w.unref(); // an idle parser never keeps the process alive
    return w;
  };

  const run = (raw: Buffer, limits?: Partial<ParseLimits>) =>
    new Promise<ParsedEmail>((resolve, reject) => {
      if (closed) return reject(new Error('parser closed'));
      const w = (worker ??= start());
      const id = ++seq;
      const done = (fn: () => void) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        fn();
      };
      const kill = (err: Error) => {
        if (worker === w) worker = null;
        void w.terminate();
        done(() => reject(err));
      };
      const onMessage = (m: Reply) => {
        if (m.id !== id) return;
        if (m.ok) done(() => resolve(m.email!));
        else done(() => reject(m.error!.limit ? new ParseLimitError(m.error!.code ?? 'MIME_LIMIT', m.error!.message) : new Error(m.error!.message)));
      };
      const onError = (err: Error) => {
        const oom = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        kill(new ParseLimitError(oom ? 'PARSE_OUT_OF_MEMORY' : 'PARSE_CRASHED', oom ? `parsing needed more than ${maxMemoryMb} MB` : `the parser crashed: ${err.message}`));
      };
      const onExit = () => kill(new ParseLimitError('PARSE_CRASHED', 'the parser stopped'));
      const timer = setTimeout(() => kill(new ParseLimitError('PARSE_TIMEOUT', `parsing took longer than ${timeoutMs} ms`)), timeoutMs);
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      w.ref(); // keep the process up while a message is being parsed
      w.postMessage({ id, raw: new Uint8Array(raw), limits });
    }).finally(() => worker?.unref());

  worker = start(); // warm: the first message should not wait for the thread and its loader to start

  return {
    parse(raw, limits) {
      const next = chain.then(() => run(raw, limits));
      chain = next.catch(() => {});
      return next;
    },
    async close() {
      closed = true;
      await chain;
      await worker?.terminate();
      worker = null;
    },
  };
}
