// Outbound SMTP against a real smtp-server peer: AUTH over STARTTLS, DKIM signing checked with mailauth,
// 4xx then 250 (retried, one copy), 5xx at RCPT (failed, suppressed, never tried again) — OUT-4, REL-4.
import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { sendOutbox } from '../../src/jobs/send-outbox.js';
import { getOutbox } from '../../src/store/outbox.js';
import { findPersonByEmail } from '../../src/store/people.js';
import { suppressionEvents } from '../../src/store/suppressions.js';
import { smtpTransport } from '../../src/transports/smtp.js';
import { DeliveryError, type Transport } from '../../src/transports/transport.js';
import { testDatabases } from '../support/databases.js';
import { queueMail } from '../support/outbox-rows.js';
import { startTestService, type TestService } from '../support/service.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { until } from '../support/until.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dkimKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const dnsKey = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

describe.each(testDatabases)('SMTP delivery through a real smtp-server on $name', (database) => {
  let store: Awaited<ReturnType<typeof database.open>>;
  let sink: SmtpSink;
  let transport: Transport;
  const clock = new ManualClock(new Date('2025-03-03T15:00:00Z'));
  const deps = () => ({ db: store.db, clock, log: pino({ level: 'silent' }), transport });

  beforeAll(async () => {
    store = await database.open();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, {
      requireTLS: true,
      allowInvalidCert: true, // smtp-server's built-in self-signed certificate
      dkim: { domainName: 'contoso.com', keySelector: 'coord', privateKey: dkimKey },
    });
  });
  afterAll(async () => {
    await transport?.close();
    await sink?.close();
    await store?.close();
  });

  it('delivers once, authenticated, over STARTTLS, with a DKIM signature that verifies', async () => {
    const row = await queueMail(store.db, { to: 'lena@fabrikam.com' });
    expect(await sendOutbox(deps(), row.id)).toBe('sent');
    const got = sink.messages.filter((m) => m.messageId === row.message_id);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ from: 'coordinator@contoso.com', to: ['lena@fabrikam.com'], secure: true, user: 'relay' });
    const resolver = async (name: string, type: string) => {
      if (type === 'TXT' && name === 'coord._domainkey.contoso.com') return [[`v=DKIM1; k=rsa; p=${dnsKey}`]];
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    };
    const dkim = await dkimVerify(got[0]!.raw, { resolver });
    expect(dkim.results[0]?.status.result).toBe('pass');
    expect(dkim.results[0]?.signingDomain).toBe('contoso.com');
    expect((await getOutbox(store.db, row.id))?.status).toBe('sent');
  });

  it('treats 451 as temporary: the row goes back to the queue and the retry delivers exactly one copy', async () => {
    const row = await queueMail(store.db, { to: 'omar@fabrikam.com' });
    sink.failData(row.message_id, [451]);
    const first = await sendOutbox(deps(), row.id).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(DeliveryError);
    expect((first as DeliveryError).permanent).toBe(false);
    const queued = await getOutbox(store.db, row.id);
    expect(queued).toMatchObject({ status: 'queued', attempts: 1 });
    expect(queued?.last_error).toMatch(/451/);
    expect(sink.messages.filter((m) => m.messageId === row.message_id)).toHaveLength(0);

    expect(await sendOutbox(deps(), row.id)).toBe('sent');
    expect(await sendOutbox(deps(), row.id)).toBe('not_claimed'); // a duplicate job does nothing
    expect(sink.messages.filter((m) => m.messageId === row.message_id)).toHaveLength(1);
    expect(await getOutbox(store.db, row.id)).toMatchObject({ status: 'sent', attempts: 2, message_id: row.message_id });
  });

  it('marks a 550 at RCPT failed, suppresses the address, and never tries it again', async () => {
    sink.rejectRecipients.add('gone@fabrikam.com');
    const row = await queueMail(store.db, { to: 'gone@fabrikam.com' });
    expect(await sendOutbox(deps(), row.id)).toBe('failed');
    const failed = await getOutbox(store.db, row.id);
    expect(failed?.status).toBe('failed');
    expect(failed?.last_error).toMatch(/550/);
    const person = await findPersonByEmail(store.db, 'gone@fabrikam.com');
    expect(person?.suppressed_at).toBeTruthy();
    expect(person?.suppressed_reason).toMatch(/rejected \(smtp\)/);
    expect(await suppressionEvents(store.db, 'gone@fabrikam.com')).toMatchObject([{ kind: 'rejected', source: 'smtp', outbox_id: row.id }]);

    const before = sink.messages.length;
    sink.rejectRecipients.delete('gone@fabrikam.com'); // even if the server would now take it
    const next = await queueMail(store.db, { to: 'gone@fabrikam.com', kind: 'plan_reply' });
    expect(await sendOutbox(deps(), next.id)).toBe('suppressed');
    expect(sink.messages.length).toBe(before);
  });

  it('fails a 5xx about the content without blaming the recipient', async () => {
    const row = await queueMail(store.db, { to: 'ravi@fabrikam.com' });
    sink.failData(row.message_id, [554]);
    expect(await sendOutbox(deps(), row.id)).toBe('failed');
    expect((await findPersonByEmail(store.db, 'ravi@fabrikam.com'))?.suppressed_at ?? null).toBeNull();
  });

  it('retries (and blames nobody) when the relay refuses our login', async () => {
    const bad = smtpTransport(sink.url.replace('relay-password', 'wrong'), { pool: false, allowInvalidCert: true });
    const row = await queueMail(store.db, { to: 'dana@fabrikam.com' });
    const err = await sendOutbox({ ...deps(), transport: bad }, row.id).catch((e: unknown) => e);
    await bad.close();
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(false);
    expect((await getOutbox(store.db, row.id))?.status).toBe('queued');
    expect((await findPersonByEmail(store.db, 'dana@fabrikam.com'))?.suppressed_at ?? null).toBeNull();
  });
});

describe.each(testDatabases)('SMTP 4xx retried by the job queue on $name', (database) => {
  let sink: SmtpSink;
  let svc: TestService;
  beforeAll(async () => {
    sink = await startSmtpSink();
    svc = await startTestService(database, { MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url, SMTP_TLS_ALLOW_INVALID: 'true' });
  });
  afterAll(async () => {
    await svc?.close();
    await sink?.close();
  });

  it('a 451 puts the send job back with a backoff delay; the retry delivers one copy with the same Message-ID', async () => {
    const row = await queueMail(svc.deps.db, { to: 'omar@fabrikam.com' });
    sink.failData(row.message_id, [451]);
    await svc.deps.queue.enqueue(svc.deps.db, 'outbox-send', { outboxId: row.id });
    await svc.settle();
    expect(await getOutbox(svc.deps.db, row.id)).toMatchObject({ status: 'queued', attempts: 1 });
    const sent = await until('the retry', async () => {
      await svc.settle();
      const r = await getOutbox(svc.deps.db, row.id);
      return r?.status === 'sent' ? r : undefined;
    }, 120_000);
    expect(sent).toMatchObject({ attempts: 2, message_id: row.message_id });
    expect(sink.messages.filter((m) => m.messageId === row.message_id)).toHaveLength(1);
  }, 240_000);
});
