// Outbound through SES: SendRawEmail against a local SES endpoint (aws-ses-v2-local) keeps our bytes —
// headers and the ICS part — and the SES message id and SES-assigned Message-ID are recorded so replies
// that quote only SES's id thread back (OUT-5). Throttling and rejection are checked against a fake
// SES at the HTTP wire level, since the local endpoint never throttles.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESClient } from '@aws-sdk/client-ses';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { sendOutbox } from '../../src/jobs/send-outbox.js';
import { lookupThread } from '../../src/store/inbound.js';
import { getOutbox } from '../../src/store/outbox.js';
import { sesTransport } from '../../src/transports/ses.js';
import { DeliveryError, type Transport } from '../../src/transports/transport.js';
import { testDatabases } from '../support/databases.js';
import { queueMail } from '../support/outbox-rows.js';
import { startSesLocal, type SesLocal } from '../support/ses-local.js';

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'METHOD:REQUEST', 'PRODID:-//Coordinator//EN', 'BEGIN:VEVENT', 'UID:task-1@contoso.com', 'DTSTAMP:20250303T150000Z', 'DTSTART:20250310T150000Z', 'SUMMARY:Kickoff', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
const invite = [
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Kickoff on Monday.',
  '--b1',
  'Content-Type: text/calendar; method=REQUEST; charset=UTF-8',
  'Content-Disposition: attachment; filename="invite.ics"',
  '',
  ics,
  '--b1--',
  '',
].join('\r\n');

describe.each(testDatabases)('SES delivery on $name', (database) => {
  let store: Awaited<ReturnType<typeof database.open>>;
  let ses: SesLocal;
  let transport: Transport;
  const clock = new ManualClock(new Date('2025-03-03T15:00:00Z'));
  const deps = (t = transport) => ({ db: store.db, clock, log: pino({ level: 'silent' }), transport: t });

  beforeAll(async () => {
    [store, ses] = await Promise.all([database.open(), startSesLocal()]);
    transport = sesTransport(new SESClient({ region: 'eu-west-1', endpoint: ses.endpoint, credentials }), { region: 'eu-west-1' });
  });
  afterAll(async () => {
    await transport?.close();
    await ses?.close();
    await store?.close();
  });

  it('sends the raw message through a local SES endpoint and records both of its ids for threading', async () => {
    const row = await queueMail(store.db, { to: 'lena@fabrikam.com', subject: 'Invitation: Kickoff' });
    // Make it a real multipart message with an ICS part, as invites are.
    const raw = Buffer.from(row.raw).toString().replace(/Content-Type: text\/plain; charset=utf-8\r\n\r\n[\s\S]*$/, invite);
    await store.db.updateTable('outbox').set({ raw: Buffer.from(raw) }).where('id', '=', row.id).execute();

    expect(await sendOutbox(deps(), row.id)).toBe('sent');
    const sent = await getOutbox(store.db, row.id);
    expect(sent?.status).toBe('sent');
    const emails = (await ses.emails()).filter((e) => e.messageId === sent?.provider_message_id);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ subject: 'Invitation: Kickoff', destination: { to: ['lena@fabrikam.com'] } });
    const cal = emails[0]!.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(Buffer.from(cal!.content, 'base64').toString()).toContain('METHOD:REQUEST');
    // OUT-5: a reply quoting only SES's Message-ID finds our row.
    const hit = await lookupThread(store.db, [`${sent!.provider_message_id}@eu-west-1.amazonses.com`]);
    expect(hit?.outbox_id).toBe(row.id);
  });

  it('(fake SES at the HTTP wire) retries Throttling and fails MessageRejected without suppressing anyone', async () => {
    const answers: { status: number; body: string }[] = [
      { status: 400, body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>r1</RequestId></ErrorResponse>' },
      { status: 200, body: '<SendRawEmailResponse><SendRawEmailResult><MessageId>0102abc-fake</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></SendRawEmailResponse>' },
      { status: 400, body: '<ErrorResponse><Error><Type>Sender</Type><Code>MessageRejected</Code><Message>Email address is not verified.</Message></Error><RequestId>r3</RequestId></ErrorResponse>' },
    ];
    let calls = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const a = answers[Math.min(calls++, answers.length - 1)]!;
        res.writeHead(a.status, { 'content-type': 'text/xml' }).end(a.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fake = sesTransport(new SESClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 }), { region: 'us-east-1' });
    try {
      const row = await queueMail(store.db, { to: 'omar@fabrikam.com' });
      const err = await sendOutbox(deps(fake), row.id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryError);
      expect((err as DeliveryError).permanent).toBe(false);
      expect((await getOutbox(store.db, row.id))?.status).toBe('queued');
      expect(await sendOutbox(deps(fake), row.id)).toBe('sent');
      expect((await getOutbox(store.db, row.id))?.provider_message_id).toBe('0102abc-fake');
      expect((await lookupThread(store.db, ['0102abc-fake@email.amazonses.com']))?.outbox_id).toBe(row.id);

      const rejected = await queueMail(store.db, { to: 'ravi@fabrikam.com' });
      expect(await sendOutbox(deps(fake), rejected.id)).toBe('failed');
      expect((await getOutbox(store.db, rejected.id))?.last_error).toMatch(/MessageRejected/);
      const person = await store.db.selectFrom('people').select('suppressed_at').where('email', '=', 'ravi@fabrikam.com').executeTakeFirst();
      expect(person?.suppressed_at ?? null).toBeNull();
    } finally {
      await fake.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    }
  });
});
