// The Cloudflare Email Worker inside workerd (miniflare 3), relaying to a real service over HTTP
// (HOOK-4, REL-1): a relayed message is stored before email() resolves; an oversize one is rejected
// permanently without being read; when the service refuses or is down the handler throws, which
// Cloudflare turns into a temporary failure so the sending server retries. scheduled() calls the tick.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAY_HEADERS, relaySignature } from '../../src/inbound/relay-signature.js';
import { testDatabases } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { startWorker, type WorkerRun } from '../support/worker-harness.js';

const SECRET = 'relay-secret-0123456789';
const note = (n: string) =>
  ['From: Dana Whitfield <dana@fabrikam.com>', 'To: coordinator@contoso.com', `Subject: Worker note ${n}`, `Message-ID: <cf-${n}@fabrikam.com>`, 'Date: Mon, 03 Mar 2025 09:00:00 -0600', '', `Note ${n}.`, ''].join('\r\n');

describe.each(testDatabases)('Cloudflare Email Worker in workerd on $name', (database) => {
  let svc: TestService;
  let worker: WorkerRun;
  let forger: WorkerRun;
  beforeAll(async () => {
    svc = await startTestService(database, { INBOUND_SECRET: SECRET, MAX_MESSAGE_BYTES: '1000000' });
    [worker, forger] = await Promise.all([
      startWorker({ SERVICE_URL: svc.base, INBOUND_SECRET: SECRET, MAX_MESSAGE_BYTES: '200000' }),
      startWorker({ SERVICE_URL: svc.base, INBOUND_SECRET: 'not-the-secret-00000000' }),
    ]);
  });
  afterAll(async () => {
    await worker?.close();
    await forger?.close();
    await svc?.close();
  });
  const rows = (id: string) => svc.deps.db.selectFrom('inbound_messages').selectAll().where('message_id', '=', id).execute();
  const count = async () => (await svc.deps.db.selectFrom('inbound_messages').select('id').execute()).length;

  it('relays the raw message, signed; it is stored before email() resolves, reading raw once', async () => {
    const out = await worker.email(note('1'), { from: 'dana@fabrikam.com', to: 'coordinator@contoso.com' });
    expect(out).toEqual({ outcome: 'ok', rejected: null, reads: 1 });
    const stored = await rows('cf-1@fabrikam.com');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: 'cloudflare', mail_from: 'dana@fabrikam.com', rcpt_to: ['coordinator@contoso.com'] });
    expect(Buffer.from(stored[0]!.raw).toString()).toBe(note('1'));
    // Cloudflare retrying the same message: still one row.
    expect((await worker.email(note('1'))).outcome).toBe('ok');
    expect(await rows('cf-1@fabrikam.com')).toHaveLength(1);
  });

  it('rejects an oversize message permanently without reading it or calling the service', async () => {
    const before = await count();
    const out = await worker.email(note('big'), { rawSize: 300_000 });
    expect(out.outcome).toBe('ok');
    expect(out.rejected).toMatch(/too big/i);
    expect(out.reads).toBe(0);
    expect(await count()).toBe(before);
  });

  it('throws (a temporary failure: the sender retries) when the service refuses the signature', async () => {
    const before = await count();
    const out = await forger.email(note('forged'));
    expect(out.outcome).toBe('exception');
    expect(out.error).toMatch(/401/);
    expect(out.rejected).toBeNull();
    expect(await count()).toBe(before);
  });

  it('throws when the service is unreachable', async () => {
    const down = await startWorker({ SERVICE_URL: 'http://127.0.0.1:9', INBOUND_SECRET: SECRET });
    try {
      const out = await down.email(note('down'));
      expect(out.outcome).toBe('exception');
    } finally {
      await down.close();
    }
  });

  it('scheduled() calls the signed tick endpoint, and fails when the tick is refused', async () => {
    expect(await worker.scheduled()).toMatchObject({ outcome: 'ok' });
    expect(await forger.scheduled()).toMatchObject({ outcome: 'exception' });
  });

  it('the service refuses stale, tampered and oversize relays', async () => {
    const body = new TextEncoder().encode(note('direct'));
    const send = async (ts: number, sigBody: Uint8Array<ArrayBuffer>, sent: Uint8Array<ArrayBuffer> = sigBody) => {
      const t = String(ts);
      const res = await fetch(`${svc.base}/inbound/raw`, {
        method: 'POST',
        headers: { [RELAY_HEADERS.timestamp]: t, [RELAY_HEADERS.signature]: await relaySignature(SECRET, t, 'a@b.com', 'coordinator@contoso.com', sigBody), [RELAY_HEADERS.mailFrom]: 'a@b.com', [RELAY_HEADERS.rcptTo]: 'coordinator@contoso.com' },
        body: sent,
      });
      return res.status;
    };
    const now = Math.floor(Date.now() / 1000);
    expect(await send(now - 600, body)).toBe(401);
    expect(await send(now, body, new TextEncoder().encode(note('tampered')))).toBe(401);
    expect(await send(now, new Uint8Array(1_000_001))).toBe(413);
    expect(await send(now, body)).toBe(200);
  });
});
