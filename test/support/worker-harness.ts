// Runs src/worker.ts inside workerd (miniflare 3). The Worker is bundled with esbuild (what wrangler does
// on deploy) together with a small harness: POST /email builds the message object Cloudflare Email
// Routing hands to email() — a ReadableStream `raw` that counts its reads, `rawSize`, and a setReject
// that records its reason — calls the real handler, and reports what happened.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const harness = `
import worker from ${JSON.stringify(path.join(root, 'src/worker.ts'))};
export default {
  async fetch(req, env, ctx) {
    const url = new URL(req.url);
    if (url.pathname !== '/email') return worker.fetch(req, env, ctx);
    const body = new Uint8Array(await req.arrayBuffer());
    let reads = 0;
    let rejected = null;
    const message = {
      from: req.headers.get('x-from'),
      to: req.headers.get('x-to'),
      rawSize: Number(req.headers.get('x-raw-size') || body.length),
      get raw() {
        reads++;
        return new ReadableStream({ start(c) { c.enqueue(body); c.close(); } });
      },
      setReject(reason) { rejected = reason; },
    };
    try {
      await worker.email(message, env, ctx);
      return Response.json({ outcome: 'ok', rejected, reads });
    } catch (e) {
      return Response.json({ outcome: 'exception', error: String(e && e.message), rejected, reads });
    }
  },
  scheduled: worker.scheduled,
};`;

let bundled: Promise<string> | undefined;
function bundle(): Promise<string> {
  bundled ??= build({
    stdin: { contents: harness, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bundled;
}

export interface WorkerRun {
  email(raw: Buffer | string, o?: { from?: string; to?: string; rawSize?: number }): Promise<{ outcome: 'ok' | 'exception'; rejected: string | null; reads: number; error?: string }>;
  scheduled(): Promise<{ outcome: string }>;
  close(): Promise<void>;
}

export async function startWorker(bindings: Record<string, string>): Promise<WorkerRun> {
  const mf = new Miniflare({ modules: true, compatibilityDate: '2024-09-23', script: await bundle(), bindings });
  await mf.ready;
  return {
    async email(raw, o = {}) {
      const res = await mf.dispatchFetch('http://worker.local/email', {
        method: 'POST',
        headers: { 'x-from': o.from ?? 'dana@fabrikam.com', 'x-to': o.to ?? 'coordinator@contoso.com', ...(o.rawSize ? { 'x-raw-size': String(o.rawSize) } : {}) },
        body: raw,
      });
      return (await res.json()) as never;
    },
    async scheduled() {
      const w = (await mf.getWorker()) as unknown as { scheduled(o: { cron: string }): Promise<{ outcome: string }> };
      return w.scheduled({ cron: '* * * * *' });
    },
    close: () => mf.dispose(),
  };
}
