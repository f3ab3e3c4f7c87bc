// SES inbound over SNS (HOOK-1..3, LOOP-8/9, REL-1/2): SNS at the HTTP wire is played by signed fixtures
// made with a test CA (the certificate fetch is injected, so nothing reaches the network). Genuine
// messages — SignatureVersion 1 and 2, inline and S3 — are accepted once; forgeries are refused with
// 401 and change nothing; bounces and complaints suppress the address exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPersonByEmail } from '../../src/store/people.js';
import { suppressionEvents } from '../../src/store/suppressions.js';
import { testDatabases } from '../support/databases.js';
import { queueMail } from '../support/outbox-rows.js';
import { startTestService, type TestService } from '../support/service.js';
import { CERT_URL, makeSnsPki, REGION, sesReceived, snsMessage, TOPIC } from '../support/sns-ca.js';

const pki = makeSnsPki();

const brief = (n: string, extra = '') =>
  Buffer.concat([
    Buffer.from(
      [
        'From: Dana Whitfield <dana@fabrikam.com>',
        'To: coordinator@contoso.com',
        `Subject: SES note ${n}`,
        `Message-ID: <ses-${n}@fabrikam.com>`,
        'Date: Mon, 03 Mar 2025 09:00:00 -0600',
        'Content-Type: text/plain; charset=ISO-2022-JP',
        '',
        '',
      ].join('\r\n'),
    ),
    Buffer.from([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42, 0x0d, 0x0a]), // JIS bytes must survive
    Buffer.from(extra),
  ]);

describe.each(testDatabases)('SES inbound over SNS on $name', (database) => {
  let svc: TestService;
  const certFetches: string[] = [];
  const confirmations: string[] = [];
  const s3 = new Map<string, Buffer>();
  const certs = new Map<string, string>([[CERT_URL, pki.certPem]]);

  beforeAll(async () => {
    svc = await startTestService(database, { SNS_TOPIC_ARNS: TOPIC }, undefined, {
      plumbing: {
        snsCert: async (url) => {
          certFetches.push(url);
          const pem = certs.get(url);
          if (!pem) throw new Error('404');
          return pem;
        },
        snsGet: async (url) => {
          confirmations.push(url);
          return '<ConfirmSubscriptionResponse/>';
        },
        s3Object: async (bucket, key) => {
          const b = s3.get(`${bucket}/${key}`);
          if (!b) throw new Error('NoSuchKey');
          return b;
        },
        snsTrustedCAs: [pki.caPem],
      },
    });
  });
  afterAll(async () => svc?.close());

  const post = async (body: unknown) => {
    const res = await fetch(`${svc.base}/inbound/ses`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const inboundCount = async () => (await svc.deps.db.selectFrom('inbound_messages').select('id').execute()).length;

  it('(SNS fixtures) confirms a signed subscription by fetching its SubscribeURL', async () => {
    const m = snsMessage({ Type: 'SubscriptionConfirmation', Message: 'You have chosen to subscribe…' }, pki.keyPem);
    expect(await post(m)).toMatchObject({ status: 200, body: { confirmed: TOPIC } });
    expect(confirmations).toEqual([m.SubscribeURL]);
  });

  it('(SNS fixtures) stores an inline Base64 message byte for byte, once, whether signed with version 2 or 1', async () => {
    const raw = brief('inline');
    const m = snsMessage({ Message: sesReceived(raw, { messageId: 'ses-mail-0001' }), Subject: 'Amazon SES Email Receipt Notification' }, pki.keyPem, '2');
    const first = await post(m);
    expect(first).toMatchObject({ status: 200, body: { ok: true, duplicate: false } });
    const row = await svc.deps.db.selectFrom('inbound_messages').selectAll().where('id', '=', first.body.inbound as number).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'ses', dedupe_key: 'ses:ses-mail-0001', mail_from: 'dana@fabrikam.com' });
    expect(Buffer.from(row.raw).equals(raw)).toBe(true);
    // SNS redelivers (same message) and SES retries (new SNS message, same mail): still one row.
    expect(await post(m)).toMatchObject({ status: 200, body: { duplicate: true } });
    const v1 = snsMessage({ Message: sesReceived(raw, { messageId: 'ses-mail-0001' }) }, pki.keyPem, '1');
    expect(await post(v1)).toMatchObject({ status: 200, body: { duplicate: true } });
    const v1new = snsMessage({ Message: sesReceived(brief('v1'), { messageId: 'ses-mail-0002' }) }, pki.keyPem, '1');
    expect(await post(v1new)).toMatchObject({ status: 200, body: { duplicate: false } });
  });

  it('(SNS fixtures) fetches a large message from S3 when the notification carries only its object key', async () => {
    const line = 'The rollout plan covers scanners, training and the picking app for every warehouse.\r\n';
    const raw = brief('s3', line.repeat(Math.ceil((2 * 1024 * 1024) / line.length)));
    s3.set('inbound-mail/incoming/abc123', raw);
    const n = JSON.parse(sesReceived(raw, { messageId: 'ses-mail-big' }));
    delete n.content;
    n.receipt.action = { type: 'S3', topicArn: TOPIC, bucketName: 'inbound-mail', objectKey: 'incoming/abc123' };
    const res = await post(snsMessage({ Message: JSON.stringify(n) }, pki.keyPem));
    expect(res).toMatchObject({ status: 200, body: { duplicate: false } });
    const row = await svc.deps.db.selectFrom('inbound_messages').selectAll().where('dedupe_key', '=', 'ses:ses-mail-big').executeTakeFirstOrThrow();
    expect(row.size).toBe(raw.length);
  });

  it.each([
    ['a self-signed certificate at the real URL', () => { certs.set(CERT_URL.replace('0123', '9999'), pki.rogueCertPem); return snsMessage({ Message: sesReceived(brief('f1')), SigningCertURL: CERT_URL.replace('0123', '9999') }, pki.rogueKeyPem); }],
    ['a certificate on s3.amazonaws.com', () => { const url = 'https://s3.amazonaws.com/bucket/SimpleNotificationService-x.pem'; certs.set(url, pki.rogueCertPem); return snsMessage({ Message: sesReceived(brief('f2')), SigningCertURL: url }, pki.rogueKeyPem); }],
    ['an http:// certificate URL', () => snsMessage({ Message: sesReceived(brief('f3')), SigningCertURL: CERT_URL.replace('https:', 'http:') }, pki.keyPem)],
    ['a look-alike host', () => snsMessage({ Message: sesReceived(brief('f4')), SigningCertURL: `https://sns.evil.amazonaws.com.attacker.net/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem` }, pki.keyPem)],
    ['a certificate URL in another region', () => snsMessage({ Message: sesReceived(brief('f5')), SigningCertURL: CERT_URL.replace(REGION, 'us-east-1') }, pki.keyPem)],
    ['a topic that is not ours', () => snsMessage({ Message: sesReceived(brief('f6')), TopicArn: `arn:aws:sns:${REGION}:999999999999:someone-else` }, pki.keyPem)],
    ['a flipped signature byte', () => { const m = snsMessage({ Message: sesReceived(brief('f7')) }, pki.keyPem); const sig = Buffer.from(m.Signature, 'base64'); sig[10]! ^= 1; return { ...m, Signature: sig.toString('base64') }; }],
    ['a message changed after signing', () => ({ ...snsMessage({ Message: sesReceived(brief('f8')) }, pki.keyPem), Message: sesReceived(brief('f8-evil')) })],
    ['a replay two hours old', () => snsMessage({ Message: sesReceived(brief('f9')), Timestamp: new Date(Date.now() - 2 * 3600_000) }, pki.keyPem)],
    ['SignatureVersion 3', () => ({ ...snsMessage({ Message: sesReceived(brief('f10')) }, pki.keyPem), SignatureVersion: '3' })],
  ])('(SNS fixtures) refuses a forgery with %s: 401, nothing stored', async (_name, make) => {
    const before = await inboundCount();
    const res = await post(make());
    expect(res.status).toBe(401);
    expect(await inboundCount()).toBe(before);
    expect(certFetches.some((u) => !u.startsWith(`https://sns.${REGION}.amazonaws.com/`))).toBe(false); // never fetched off-host
  });

  it('(SNS fixtures) suppresses a permanent bounce of a message we sent through SES, once', async () => {
    const sent = await queueMail(svc.deps.db, { to: 'bounced@fabrikam.com' });
    await svc.deps.db.updateTable('outbox').set({ status: 'sent', provider_message_id: '0102018f-ses-id' }).where('id', '=', sent.id).execute();
    const bounce = JSON.stringify({
      notificationType: 'Bounce',
      bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'bounced@fabrikam.com', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }, { emailAddress: 'bystander@fabrikam.com' }] },
      mail: { messageId: '0102018f-ses-id', source: 'coordinator@contoso.com', destination: ['bounced@fabrikam.com'] },
    });
    const m = snsMessage({ Message: bounce }, pki.keyPem);
    expect(await post(m)).toMatchObject({ status: 200, body: { duplicate: false, suppressed: ['bounced@fabrikam.com'] } });
    expect(await post(m)).toMatchObject({ status: 200, body: { duplicate: true } });
    expect((await findPersonByEmail(svc.deps.db, 'bounced@fabrikam.com'))?.suppressed_at).toBeTruthy();
    expect(await suppressionEvents(svc.deps.db, 'bounced@fabrikam.com')).toHaveLength(1);
    expect(await findPersonByEmail(svc.deps.db, 'bystander@fabrikam.com')).toBeUndefined(); // not a recipient of that message

    // The same bounce forged with another key does nothing.
    const forged = snsMessage({ Message: bounce.replace(/bounced@/g, 'victim@') }, pki.rogueKeyPem);
    expect((await post(forged)).status).toBe(401);
    expect(await findPersonByEmail(svc.deps.db, 'victim@fabrikam.com')).toBeUndefined();
  });

  it('(SNS fixtures) stops non-essential mail after a complaint', async () => {
    const sent = await queueMail(svc.deps.db, { to: 'annoyed@fabrikam.com' });
    const complaint = JSON.stringify({
      notificationType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'annoyed@fabrikam.com' }], complaintFeedbackType: 'abuse' },
      mail: { messageId: 'unknown-to-us', commonHeaders: { messageId: `<${sent.message_id}>` } },
    });
    expect(await post(snsMessage({ Message: complaint }, pki.keyPem))).toMatchObject({ status: 200, body: { suppressed: ['annoyed@fabrikam.com'] } });
    const person = await findPersonByEmail(svc.deps.db, 'annoyed@fabrikam.com');
    expect(person?.unsubscribed_at).toBeTruthy();
    expect(person?.suppressed_at ?? null).toBeNull();
  });
});
