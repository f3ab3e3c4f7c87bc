// The inbound SMTP listener against a real SMTP client: limits are clear SMTP errors, a storage failure
// is a 4xx (the sender keeps the message), and 250 means the raw bytes are committed.
import nodemailer from 'nodemailer';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { receive, type ReceiveInput } from '../../src/inbound/receive.js';
import { startSmtpListener, type SmtpListener } from '../../src/inbound/smtp-listener.js';
import type { OpenedDatabase } from '../../src/store/db.js';
import { testDatabases } from '../support/databases.js';

const message = (body: string, headers = '') =>
  `From: Ann <ann@example.com>\r\nTo: coordinator@example.org\r\nSubject: Hello\r\nMessage-ID: <m-${Math.random()}@example.com>\r\n${headers}\r\n${body}\r\n`;

function nested(depth: number): string {
  let body = 'innermost\r\n';
  for (let i = depth; i > 0; i--) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
  return `From: ann@example.com\r\nTo: coordinator@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n${body}`;
}

async function send(port: number, raw: string, envelope = { from: 'ann@example.com', to: ['coordinator@example.org'] }) {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await client.sendMail({ envelope, raw });
    return { code: 250, response: info.response, rejected: info.rejected as string[], rejectedErrors: (info as { rejectedErrors?: { responseCode?: number }[] }).rejectedErrors ?? [] };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string };
    return { code: e.responseCode ?? 0, response: e.response ?? String(err), rejected: [] as string[], rejectedErrors: [] as { responseCode?: number }[] };
  } finally {
    client.close();
  }
}

describe.each(testDatabases)('SMTP listener on $name', (database) => {
  let store: OpenedDatabase;
  let listener: SmtpListener;
  let failing = false;
  const enqueued: number[] = [];

  beforeAll(async () => {
    store = await database.open();
    const deps = {
      db: store.db,
      clock: new ManualClock(new Date('2025-03-03T10:00:00Z')),
      queue: { enqueue: async (_trx: unknown, _name: string, data: { inboundId: number }) => void enqueued.push(data.inboundId) },
    };
    listener = await startSmtpListener({
      host: '127.0.0.1',
      port: 0,
      domain: 'example.org',
      maxBytes: 4000,
      maxRecipients: 3,
      maxMimeDepth: 20,
      log: pino({ level: 'silent' }),
      receive: (input: ReceiveInput) => {
        if (failing) return Promise.reject(new Error('database is down'));
        return receive(deps as never, input);
      },
    });
  });
  afterAll(async () => {
    await listener?.close();
    await store?.close();
  });

  it('answers 250 only with the exact bytes committed and a processing job enqueued', async () => {
    const raw = message('Please track this.');
    const r = await send(listener.port, raw);
    expect(r.code).toBe(250);
    const id = Number(/#(\d+)/.exec(r.response)![1]);
    const row = await store.db.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.raw).toString()).toContain('Please track this.');
    expect(row).toMatchObject({ channel: 'smtp', status: 'received', mail_from: 'ann@example.com' });
    expect(row.rcpt_to).toEqual(['coordinator@example.org']);
    expect(enqueued).toContain(id);
  });

  it('accepts a null reverse-path (bounces must get in to be recognised)', async () => {
    const r = await send(listener.port, message('Delivery failed'), { from: '', to: ['coordinator@example.org'] });
    expect(r.code).toBe(250);
  });

  it('refuses an oversized message with 552 and stores nothing', async () => {
    const before = await store.db.selectFrom('inbound_messages').select('id').execute();
    const r = await send(listener.port, message('x'.repeat(6000)));
    expect(r.code).toBe(552);
    expect(r.response).toMatch(/too big/i);
    expect(await store.db.selectFrom('inbound_messages').select('id').execute()).toHaveLength(before.length);
  });

  it('refuses recipients outside our domain with 550 and too many recipients with 452', async () => {
    expect((await send(listener.port, message('hi'), { from: 'ann@example.com', to: ['someone@elsewhere.net'] })).code).toBe(550);
    const many = ['a', 'b', 'c', 'd', 'e'].map((x) => `${x}@example.org`);
    const r = await send(listener.port, message('hi'), { from: 'ann@example.com', to: many });
    // The first three are accepted and the message is delivered to them; the rest get 452.
    expect(r.code).toBe(250);
    expect(r.rejected).toEqual(['d@example.org', 'e@example.org']);
    expect(r.rejectedErrors.map((e) => e.responseCode)).toEqual([452, 452]);
    const rows = await store.db.selectFrom('inbound_messages').select('rcpt_to').orderBy('id', 'desc').limit(1).execute();
    expect(rows[0]!.rcpt_to).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
  });

  it('refuses MIME nested deeper than the limit with 554', async () => {
    const r = await send(listener.port, nested(25));
    expect(r.code).toBe(554);
    expect(r.response).toMatch(/nested 25 deep/);
    expect((await send(listener.port, nested(5))).code).toBe(250);
  });

  it('answers 451 when the message cannot be stored, so the sender retries', async () => {
    failing = true;
    try {
      const r = await send(listener.port, message('try me later'));
      expect(r.code).toBe(451);
    } finally {
      failing = false;
    }
  });

  it('recognises a retried delivery of the same message and stores it once', async () => {
    const raw = message('once only');
    const first = await send(listener.port, raw);
    const second = await send(listener.port, `Received: from relay2.example.net by mx\r\n${raw}`);
    expect(first.code).toBe(250);
    expect(second.response).toMatch(/already have it/i);
    const rows = await store.db.selectFrom('inbound_messages').select('id').where('raw', 'is not', null).execute();
    const matching = [];
    for (const { id } of rows) {
      const row = await store.db.selectFrom('inbound_messages').select('raw').where('id', '=', id).executeTakeFirstOrThrow();
      if (Buffer.from(row.raw).toString().includes('once only')) matching.push(id);
    }
    expect(matching).toHaveLength(1);
  });
});
