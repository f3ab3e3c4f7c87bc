// POST /inbound/raw: raw RFC 822 messages relayed by our Cloudflare Email Worker (src/worker.ts), and
// POST /inbound/tick: its scheduled() trigger. Both are signed with INBOUND_SECRET (relay-signature.ts)
// and refused with 401 when the signature or the timestamp (±5 minutes of our wall clock) is wrong.
// A relayed message is answered 200 only after receive() committed it (REL-1); any failure before that
// answers 5xx, the Worker throws, and Cloudflare tells the sending server to retry (HOOK-4).
import type { Context, Hono } from 'hono';
import { tick } from '../coordinate/tick.js';
import type { AppDeps } from '../http/app.js';
import { readCapped } from '../domain/read-capped.js';
import { receive } from './receive.js';
import { RELAY_HEADERS, RELAY_WINDOW_SECONDS, relaySignature, sameSignature } from './relay-signature.js';

async function verified(c: Context, secret: string, body: Uint8Array<ArrayBuffer>): Promise<string | null> {
  const ts = c.req.header(RELAY_HEADERS.timestamp) ?? '';
  const sig = c.req.header(RELAY_HEADERS.signature) ?? '';
  const from = c.req.header(RELAY_HEADERS.mailFrom) ?? '';
  const to = c.req.header(RELAY_HEADERS.rcptTo) ?? '';
  if (!/^\d{9,11}$/.test(ts)) return 'missing or malformed timestamp';
  if (Math.abs(Date.now() / 1000 - Number(ts)) > RELAY_WINDOW_SECONDS) return 'timestamp outside the accepted window';
  const want = await relaySignature(secret, ts, from, to, body);
  return sameSignature(sig, want) ? null : 'bad signature';
}

function unsignedReason(c: Context): string | null {
  const ts = c.req.header(RELAY_HEADERS.timestamp) ?? '';
  if (!/^\d{9,11}$/.test(ts)) return 'missing or malformed timestamp';
  if (Math.abs(Date.now() / 1000 - Number(ts)) > RELAY_WINDOW_SECONDS) return 'timestamp outside the accepted window';
  if (!/^v1=[0-9a-f]{64}$/.test(c.req.header(RELAY_HEADERS.signature) ?? '')) return 'missing or malformed signature';
  return null;
}

export function mountRawWebhook(app: Hono, deps: AppDeps): void {
  const secret = deps.config.inbound.secret;
  const unauthorized = (c: Context, reason: string) => {
    deps.log.warn({ path: c.req.path, reason }, 'relay request refused');
    return c.json({ error: { code: 'UNAUTHORIZED', message: reason } }, 401);
  };
  const disabled = (c: Context) => c.json({ error: { code: 'NOT_FOUND', message: 'relay is not configured (INBOUND_SECRET)' } }, 404);

  app.post('/inbound/raw', async (c) => {
    if (!secret) return disabled(c);
    // Nothing unsigned is read: a request without a well-formed signature and a fresh timestamp is refused
    // before its body, and the body is read with a running cap (a chunked upload declares no length).
    const early = unsignedReason(c);
    if (early) return unauthorized(c, early);
    const tooLarge = () => c.json({ error: { code: 'TOO_LARGE', message: `the limit is ${deps.limits.maxBytes} bytes` } }, 413);
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > deps.limits.maxBytes) return tooLarge();
    const body = await readCapped(c.req.raw.body, deps.limits.maxBytes);
    if (!body) return tooLarge();
    const why = await verified(c, secret, body);
    if (why) return unauthorized(c, why);
    const rcptTo = (c.req.header(RELAY_HEADERS.rcptTo) ?? '').split(',').map((a) => a.trim().toLowerCase()).filter(Boolean);
    const r = await receive(deps, {
      channel: 'cloudflare',
      raw: Buffer.from(body),
      mailFrom: c.req.header(RELAY_HEADERS.mailFrom) ?? null,
      rcptTo,
    });
    deps.log.info({ inbound: r.id, duplicate: r.duplicate }, 'relayed message accepted');
    return c.json({ ok: true, inbound: r.id, duplicate: r.duplicate });
  });

  app.post('/inbound/tick', async (c) => {
    if (!secret) return disabled(c);
    const why = await verified(c, secret, new Uint8Array(await c.req.arrayBuffer()));
    if (why) return unauthorized(c, why);
    const result = await tick(deps, deps.clock.now());
    return c.json({ ok: true, result });
  });
}
