// The smaller holes, each shown closed against the running service (real SMTP listener, real HTTP
// server): a NUL in a Message-ID, a broken Content-Type part, nesting by RFC 2231 boundaries and by
// message/rfc822, two messages that share a Message-ID and their first 256 KiB, an unsigned relay body,
// cross-site and rebinding requests to the admin API, and ids past the integer range.
// Runs on PGlite and, when TEST_DATABASE_URL is set, Postgres.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeShape } from '../../src/inbound/mime-shape.js';
import { parseEmail, ParseLimitError } from '../../src/parse/index.js';
import { testDatabases } from '../support/databases.js';
import { corpus } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/service.js';

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** A raw HTTP request, so the Host header and a chunked body are exactly what a client would send. */
function rawRequest(port: number, o: { method: string; path: string; headers: Record<string, string>; chunks?: Buffer[] }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: o.method, path: o.path, headers: o.headers, setHost: !o.headers['host'], agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err) => ((err as { code?: string }).code === 'ECONNRESET' || (err as { code?: string }).code === 'EPIPE' ? resolve({ status: -1, body: String(err) }) : reject(err)));
    for (const c of o.chunks ?? []) req.write(c);
    req.end();
  });
}

function nestedRfc822(levels: number): string {
  let inner = 'From: a@example.com\nSubject: inner\n\nhello';
  for (let i = 0; i < levels; i++) inner = `From: a@example.com\nSubject: level ${i}\nContent-Type: message/rfc822\n\n${inner}`;
  return crlf(`From: a@example.com\nTo: coordinator@contoso.com\nSubject: nested\nMessage-ID: <nest@example.com>\n${inner.slice(inner.indexOf('Content-Type'))}`);
}

function nested2231(levels: number): string {
  let body = 'Content-Type: text/plain\n\nhello\n';
  for (let i = levels; i > 0; i--) body = `Content-Type: multipart/mixed; boundary*0="b${i}-"; boundary*1="x"\n\n--b${i}-x\n${body}--b${i}-x--\n`;
  return crlf(`From: a@example.com\nTo: coordinator@contoso.com\nSubject: nested\nMessage-ID: <n2231@example.com>\nMIME-Version: 1.0\n${body}`);
}

describe('MIME depth: one limit for every nesting form', () => {
  it('counts RFC 2231 boundaries and message/rfc822 nesting toward the depth limit', async () => {
    expect(mimeShape(Buffer.from(nested2231(25))).depth).toBeGreaterThan(20);
    expect(mimeShape(Buffer.from(nestedRfc822(25))).depth).toBeGreaterThan(20);
    expect(mimeShape(Buffer.from(nested2231(3))).depth).toBeLessThanOrEqual(20);
    await expect(parseEmail(nested2231(25), { maxDepth: 20 })).rejects.toBeInstanceOf(ParseLimitError);
    await expect(parseEmail(nestedRfc822(25), { maxDepth: 20 })).rejects.toBeInstanceOf(ParseLimitError);
    await expect(parseEmail(nestedRfc822(3), { maxDepth: 20 })).resolves.toBeTruthy();
  });

  it('a part with a broken Content-Type (mailgun-flanker spam/broken-ctype.eml) keeps the rest of the message', async () => {
    const e = await parseEmail(corpus('mailgun-flanker/spam/broken-ctype.eml'));
    expect(e.text).toMatch(/Hello Dear/);
    expect(e.attachments).toContainEqual(expect.objectContaining({ filename: 'facejj.jpg', contentType: 'application/octet-stream' }));
  });
});

describe.each(testDatabases)('defects on $name', (database) => {
  let svc: TestService;
  const secret = 'relay-secret-0123456789abcdef';
  beforeAll(async () => {
    svc = await startTestService(database, { INBOUND_SECRET: secret }, '2025-03-03T14:00:00Z');
  }, 120_000);
  afterAll(async () => svc?.close());

  it('a NUL byte in Message-ID is stored (sanitised), not refused with 451 on every retry', async () => {
    const raw = crlf('From: Ana <ana@example.com>\nTo: coordinator@contoso.com\nSubject: Plan\nMessage-ID: <a\u0000b@example.com>\n\n- Ana: send the deck by Friday\n');
    const reply = await svc.sendRaw(raw, { from: 'ana@example.com', to: ['coordinator@contoso.com'] });
    expect(reply).toMatch(/^250/);
    const row = await svc.deps.db.selectFrom('inbound_messages').select(['message_id', 'raw']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row.message_id).toBe('ab@example.com');
    expect(Buffer.from(row.raw).includes(0)).toBe(true); // the bytes stay exact
  });

  it('two different messages sharing a Message-ID and their first 256 KiB are both kept', async () => {
    const head = 'From: ana@example.com\r\nTo: coordinator@contoso.com\r\nMessage-ID: <same@example.com>\r\nX-Pad: ' + 'a'.repeat(300 * 1024);
    const one = await svc.sendRaw(head + '1\r\n\r\nfirst\r\n');
    const two = await svc.sendRaw(head + '2\r\n\r\nsecond\r\n');
    expect(one).toMatch(/Queued as/);
    expect(two).toMatch(/Queued as/);
    expect(await svc.sendRaw(head + '2\r\n\r\nsecond\r\n')).toMatch(/Already have it/); // a true retry is still one
  });

  it('nesting past the limit by RFC 2231 boundaries or message/rfc822 is refused at the SMTP dialogue', async () => {
    await expect(svc.sendRaw(nested2231(25))).rejects.toThrow(/554.*nested/);
    await expect(svc.sendRaw(nestedRfc822(25))).rejects.toThrow(/554.*nested/);
  });

  it('/inbound/raw refuses an unsigned body before reading it, and caps a chunked body while reading', async () => {
    const port = Number(new URL(svc.base).port);
    const unsigned = await rawRequest(port, { method: 'POST', path: '/inbound/raw', headers: { 'content-type': 'message/rfc822', 'transfer-encoding': 'chunked' }, chunks: [Buffer.alloc(64 * 1024, 97)] });
    expect(unsigned.status === 401 || unsigned.status === -1).toBe(true);
    const ts = String(Math.floor(Date.now() / 1000));
    const big = Buffer.alloc(1024 * 1024, 97);
    const chunks = Array.from({ length: Math.ceil(svc.deps.limits.maxBytes / big.length) + 2 }, () => big);
    const capped = await rawRequest(port, { method: 'POST', path: '/inbound/raw', headers: { 'x-coordinator-timestamp': ts, 'x-coordinator-signature': `v1=${'0'.repeat(64)}`, 'transfer-encoding': 'chunked' }, chunks });
    expect(capped.status === 413 || capped.status === -1).toBe(true);
  });

  it('the admin API refuses other Host names, other origins and non-JSON bodies; out-of-range ids are 400', async () => {
    const port = Number(new URL(svc.base).port);
    const rebinding = await rawRequest(port, { method: 'GET', path: '/api/outbox', headers: { host: `attacker.example:${port}` } });
    expect(rebinding.status, rebinding.body).toBe(421);
    const crossSite = await rawRequest(port, { method: 'POST', path: '/api/admin/clock', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, chunks: [Buffer.from('{"now":"2025-03-04T00:00:00Z"}')] });
    expect(crossSite.status).toBe(403);
    const form = await rawRequest(port, { method: 'POST', path: '/api/admin/clock', headers: { 'content-type': 'text/plain' }, chunks: [Buffer.from('{"now":"2025-03-04T00:00:00Z"}')] });
    expect(form.status).toBe(415);
    const urlencoded = await rawRequest(port, { method: 'POST', path: '/api/inbound/1/reprocess', headers: { 'content-type': 'application/x-www-form-urlencoded' }, chunks: [Buffer.from('a=1')] });
    expect(urlencoded.status).toBe(415);
    expect(svc.clock.now().toISOString()).toBe('2025-03-03T14:00:00.000Z'); // nothing moved
    expect((await rawRequest(port, { method: 'GET', path: '/health', headers: { host: `10.0.0.7:${port}` } })).status).toBe(200); // probes
    const ours = await rawRequest(port, { method: 'GET', path: '/api/outbox', headers: { host: `localhost:${port}` } });
    expect(ours.status).toBe(200);
    for (const p of ['/api/projects/99999999999999999999', '/api/projects/2147483648', '/api/outbox/1e30/raw', '/projects/99999999999999999999'])
      expect((await svc.api(p)).status, p).toBe(400);
  });
});
