// One end-to-end scenario per channel, each against real peers: a brief arrives through the channel →
// the plan reply leaves through a real transport peer → the lead's "done 1" reply comes back through the
// same channel → task 1 is done.
//   IMAP (Dovecot)              → SMTP (smtp-server, STARTTLS + AUTH)
//   SES over SNS (signed fixtures: SNS is faked at the HTTP wire) → SES (aws-ses-v2-local)
//   Cloudflare Email Worker (workerd via miniflare) → SMTP (smtp-server)
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { type Dovecot, startDovecot } from '../support/dovecot.js';
import { fixture } from '../support/fixtures.js';
import { startSesLocal, type SesLocal } from '../support/ses-local.js';
import { startTestService, type TestService } from '../support/service.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { CERT_URL, makeSnsPki, sesReceived, snsMessage, TOPIC } from '../support/sns-ca.js';
import { startWorker, type WorkerRun } from '../support/worker-harness.js';
import { until } from '../support/until.js';

const DANA = 'dana.whitfield@contoso.com';
const brief = fixture('brief-gmail-forward.eml');

function doneReply(o: { replyTo: string; inReplyTo: string; n: string }): Buffer {
  return Buffer.from(
    [
      'From: Dana Whitfield <dana.whitfield@contoso.com>',
      `To: Coordinator <${o.replyTo}>`,
      'Subject: Re: Warehouse scanner rollout',
      'Date: Tue, 04 Mar 2025 09:00:00 -0600',
      `Message-ID: <done-${o.n}@mail.gmail.com>`,
      `In-Reply-To: <${o.inReplyTo}>`,
      `References: <CAfwd-rollout-1@mail.gmail.com> <${o.inReplyTo}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'done 1',
      '',
      'On Mon, Mar 3, 2025 at 9:31 AM Coordinator <coordinator@contoso.com> wrote:',
      '> Here is the plan.',
      '',
    ].join('\r\n'),
  );
}


type Task = { number: number; status: string; owner_email: string | null };
async function tasks(svc: TestService): Promise<Task[]> {
  const projects = (await svc.api<{ projects: { id: number }[] }>('/api/projects')).body.projects;
  if (!projects.length) return [];
  return (await svc.api<{ project: { tasks: Task[] } }>(`/api/projects/${projects[0]!.id}`)).body.project.tasks;
}
const planReply = async (svc: TestService) => svc.deps.db.selectFrom('outbox').selectAll().where('kind', '=', 'plan_reply').executeTakeFirst();
const inboundDone = (svc: TestService, n: number) => async () => {
  const rows = await svc.deps.db.selectFrom('inbound_messages').select('status').execute();
  await svc.settle();
  return rows.length >= n && rows.every((r) => r.status !== 'received' && r.status !== 'processing');
};

describe.each(testDatabases)('channel scenarios on $name', (database) => {
  describe('IMAP in, SMTP out', () => {
    let dovecot: Dovecot;
    let sink: SmtpSink;
    let svc: TestService;
    beforeAll(async () => {
      [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
      svc = await startTestService(database, {
        IMAP_URL: dovecot.url(),
        IMAP_POLL_SECONDS: '600',
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        SMTP_TLS_ALLOW_INVALID: 'true',
        SMTP_REQUIRE_TLS: 'true',
      }, '2025-03-03T15:31:00Z');
    });
    afterAll(async () => {
      await svc?.close();
      await sink?.close();
      await dovecot?.stop();
    });

    it('brief by IMAP → plan reply over SMTP → "done 1" by IMAP → task 1 done', async () => {
      await until('IMAP connected', async () => svc.imap?.connected);
      await dovecot.append(brief);
      await until('brief processed', inboundDone(svc, 1));
      const plan = await until('plan reply sent', async () => {
        await svc.settle();
        const p = await planReply(svc);
        return p?.status === 'sent' ? p : undefined;
      });
      const delivered = sink.messages.filter((m) => m.messageId === plan.message_id);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({ to: [DANA], secure: true });
      const replyTo = (await simpleParser(delivered[0]!.raw)).replyTo?.value[0]?.address;
      expect(replyTo).toMatch(/^reply\+/);
      expect((await tasks(svc)).find((t) => t.number === 1)?.status).toBe('open');

      await dovecot.append(doneReply({ replyTo: replyTo!, inReplyTo: plan.message_id, n: 'imap' }));
      await until('reply processed', inboundDone(svc, 2));
      expect((await tasks(svc)).find((t) => t.number === 1)?.status).toBe('done');
      const channels = await svc.deps.db.selectFrom('inbound_messages').select('channel').execute();
      expect(channels.map((c) => c.channel)).toEqual(['imap', 'imap']);
    });
  });

  describe('SES in over SNS, SES out', () => {
    const pki = makeSnsPki();
    let ses: SesLocal;
    let svc: TestService;
    beforeAll(async () => {
      ses = await startSesLocal();
      svc = await startTestService(
        database,
        { SNS_TOPIC_ARNS: TOPIC, MAIL_TRANSPORT: 'ses', AWS_REGION: 'eu-west-1', SES_ENDPOINT: ses.endpoint, AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local-secret' },
        '2025-03-03T15:31:00Z',
        { plumbing: { snsCert: async (url) => (url === CERT_URL ? pki.certPem : Promise.reject(new Error('404'))), snsTrustedCAs: [pki.caPem] } },
      );
    });
    afterAll(async () => {
      await svc?.close();
      await ses?.close();
    });
    const post = async (raw: Buffer, mailId: string) => {
      const m = snsMessage({ Message: sesReceived(raw, { messageId: mailId, from: DANA }) }, pki.keyPem);
      const res = await fetch(`${svc.base}/inbound/ses`, { method: 'POST', body: JSON.stringify(m) });
      expect(res.status).toBe(200);
    };

    it('(SNS faked at the wire) brief by SES → plan reply through SES → "done 1" quoting only the SES Message-ID → task 1 done', async () => {
      await post(brief, 'ses-brief-1');
      await until('brief processed', inboundDone(svc, 1));
      const plan = await until('plan reply sent', async () => {
        await svc.settle();
        const p = await planReply(svc);
        return p?.status === 'sent' ? p : undefined;
      });
      const stored = (await ses.emails()).find((e) => e.messageId === plan.provider_message_id) as { replyTo: string[]; destination: { to: string[] } } | undefined;
      expect(stored?.destination.to.join()).toContain(DANA);
      const replyTo = /reply\+[a-z0-9]+@contoso\.com/.exec(stored!.replyTo.join(' '))?.[0];
      expect(replyTo).toBeTruthy();

      // SES replaced our Message-ID: the reply knows only SES's (OUT-5).
      await post(doneReply({ replyTo: replyTo!, inReplyTo: `${plan.provider_message_id}@eu-west-1.amazonses.com`, n: 'ses' }), 'ses-reply-1');
      await until('reply processed', inboundDone(svc, 2));
      expect((await tasks(svc)).find((t) => t.number === 1)?.status).toBe('done');
      const reply = await svc.deps.db.selectFrom('inbound_messages').select(['channel', 'project_id']).where('dedupe_key', '=', 'ses:ses-reply-1').executeTakeFirstOrThrow();
      expect(reply.project_id).toBe(plan.project_id);
    });
  });

  describe('Cloudflare Worker in, SMTP out', () => {
    const SECRET = 'scenario-relay-secret-0123';
    let sink: SmtpSink;
    let svc: TestService;
    let worker: WorkerRun;
    beforeAll(async () => {
      sink = await startSmtpSink();
      svc = await startTestService(database, { INBOUND_SECRET: SECRET, MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url, SMTP_TLS_ALLOW_INVALID: 'true' }, '2025-03-03T15:31:00Z');
      worker = await startWorker({ SERVICE_URL: svc.base, INBOUND_SECRET: SECRET });
    });
    afterAll(async () => {
      await worker?.close();
      await svc?.close();
      await sink?.close();
    });

    it('brief through the Worker → plan reply over SMTP → "done 1" through the Worker → task 1 done', async () => {
      expect(await worker.email(brief, { from: DANA, to: 'coordinator@contoso.com' })).toMatchObject({ outcome: 'ok', rejected: null });
      await until('brief processed', inboundDone(svc, 1));
      const plan = await until('plan reply sent', async () => {
        await svc.settle();
        const p = await planReply(svc);
        return p?.status === 'sent' ? p : undefined;
      });
      const delivered = sink.messages.find((m) => m.messageId === plan.message_id);
      const replyTo = (await simpleParser(delivered!.raw)).replyTo?.value[0]?.address;
      expect(replyTo).toMatch(/^reply\+/);

      const out = await worker.email(doneReply({ replyTo: replyTo!, inReplyTo: plan.message_id, n: 'cf' }), { from: DANA, to: replyTo! });
      expect(out.outcome).toBe('ok');
      await until('reply processed', inboundDone(svc, 2));
      expect((await tasks(svc)).find((t) => t.number === 1)?.status).toBe('done');
    });
  });
});
