// POST /inbound/ses: Amazon SES receiving and feedback, delivered by SNS over HTTPS.
// Every message is verified first (sns-verify.ts: HOOK-1/2); a forgery, a stale replay or an unknown
// topic gets 401 and changes nothing. Then, by kind:
// - SubscriptionConfirmation: the pinned SubscribeURL is fetched once, which confirms the subscription.
// - Received (the SES "SNS action" with the message inline, Base64 — UTF-8 can lose characters, HOOK-3 —
//   or the "S3 action" with a bucket and key for mail over 150 KB): the raw message goes through
//   receive() like any other channel, deduplicated on SES's mail.messageId (REL-2), and SNS gets its 200
//   only after the commit (REL-1). Anything failing before then answers 500, and SNS retries.
// - Bounce / Complaint (LOOP-8/9): the named recipients are suppressed, in one transaction with the
//   record of this SNS MessageId, so a redelivery within the hour does nothing twice.
import type { Hono } from 'hono';
import { canonicalAddress } from '../domain/address.js';
import type { AppDeps } from '../http/app.js';
import type { Db } from '../store/db.js';
import { outboxByMessageIds, recordSuppression } from '../store/suppressions.js';
import { receive } from './receive.js';
import { createSnsVerifier, type SnsMessage, SnsVerifyError } from './sns-verify.js';

const MAX_BODY = 2 * 1024 * 1024; // an SNS message is at most 256 KB; leave room, refuse the absurd

interface SesMail {
  messageId?: string;
  source?: string;
  destination?: string[];
  commonHeaders?: { messageId?: string };
}

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  mail?: SesMail;
  content?: string;
  receipt?: {
    recipients?: string[];
    action?: { type?: string; encoding?: string; bucketName?: string; objectKey?: string };
  };
  bounce?: { bounceType?: string; bounceSubType?: string; bouncedRecipients?: { emailAddress: string; status?: string; diagnosticCode?: string }[] };
  complaint?: { complainedRecipients?: { emailAddress: string }[]; complaintFeedbackType?: string };
}

async function markSeen(db: Db, m: SnsMessage, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('sns_messages')
    .values({ message_id: m.MessageId, topic_arn: m.TopicArn, type: m.Type, received_at: now })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('message_id')
    .executeTakeFirst();
  return !!row;
}

/** Bounce or complaint: suppress the recipients SES names, within the message we sent when we know it. */
async function applyFeedback(deps: AppDeps, m: SnsMessage, n: SesNotification): Promise<{ duplicate: boolean; suppressed: string[] }> {
  const now = deps.clock.now();
  const ourId = n.mail?.commonHeaders?.messageId?.replace(/^<|>$/g, '');
  return deps.db.transaction().execute(async (trx) => {
    if (!(await markSeen(trx, m, now))) return { duplicate: true, suppressed: [] };
    const sent = await outboxByMessageIds(trx, { messageIds: ourId ? [ourId] : [], providerIds: n.mail?.messageId ? [n.mail.messageId] : [] });
    const ours = sent ? [...(sent.to as string[]), ...(sent.cc as string[])].map((a) => a.toLowerCase()) : null;
    const isBounce = n.bounce && (n.notificationType ?? n.eventType) === 'Bounce';
    const list = isBounce ? (n.bounce!.bouncedRecipients ?? []) : (n.complaint?.complainedRecipients ?? []);
    const suppressed: string[] = [];
    for (const r of list) {
      const email = canonicalAddress(r.emailAddress.replace(/^.*<([^>]+)>.*$/, '$1'));
      // SES names the recipient itself; when we know the message, it must have been one of its recipients.
      if (!email || (ours && !ours.includes(email))) continue;
      const kind = isBounce ? (n.bounce!.bounceType === 'Permanent' ? 'hard_bounce' : 'soft_bounce') : 'complaint';
      const detail = isBounce
        ? [n.bounce!.bounceType, n.bounce!.bounceSubType, (r as { status?: string }).status, (r as { diagnosticCode?: string }).diagnosticCode].filter(Boolean).join(' ')
        : (n.complaint?.complaintFeedbackType ?? 'complaint');
      await recordSuppression(trx, { email, kind, source: 'ses', detail: detail.slice(0, 300), outboxId: sent?.id ?? null }, now);
      if (kind !== 'soft_bounce') suppressed.push(email);
    }
    return { duplicate: false, suppressed };
  });
}

export function mountSesWebhook(app: Hono, deps: AppDeps): void {
  const verify = createSnsVerifier({
    topicArns: deps.config.inbound.snsTopicArns,
    fetchCert: deps.plumbing.snsCert,
    trustedCAs: deps.plumbing.snsTrustedCAs,
    now: () => new Date(), // freshness of a signature is wall-clock time, whatever the service's clock says
  });

  app.post('/inbound/ses', async (c) => {
    if (!deps.config.inbound.snsTopicArns.length) return c.json({ error: { code: 'NOT_FOUND', message: 'SES inbound is not configured (SNS_TOPIC_ARNS)' } }, 404);
    const body = await c.req.text();
    if (body.length > MAX_BODY) return c.json({ error: { code: 'TOO_LARGE', message: 'body too large' } }, 413);
    let m: SnsMessage;
    try {
      m = await verify(body);
    } catch (err) {
      if (!(err instanceof SnsVerifyError)) throw err;
      deps.log.warn({ code: err.code, reason: err.message }, 'SNS message rejected');
      return c.json({ error: { code: 'UNAUTHORIZED', message: err.message } }, 401);
    }

    if (m.Type === 'SubscriptionConfirmation') {
      await deps.plumbing.snsGet(m.SubscribeURL!); // confirms; throws (500, SNS retries) if it can't
      await markSeen(deps.db, m, deps.clock.now());
      deps.log.info({ topic: m.TopicArn }, 'SNS subscription confirmed');
      return c.json({ ok: true, confirmed: m.TopicArn });
    }
    if (m.Type === 'UnsubscribeConfirmation') {
      deps.log.warn({ topic: m.TopicArn }, 'SNS topic unsubscribed this endpoint');
      return c.json({ ok: true });
    }

    let n: SesNotification;
    try {
      n = JSON.parse(m.Message) as SesNotification;
    } catch {
      return c.json({ ok: true, ignored: 'not an SES notification' }); // a verified message we can't use: don't make SNS retry
    }
    const kind = n.notificationType ?? n.eventType;
    if (kind === 'Bounce' || kind === 'Complaint') {
      const r = await applyFeedback(deps, m, n);
      deps.log.info({ kind, ...r }, 'SES feedback applied');
      return c.json({ ok: true, ...r });
    }
    if (kind !== 'Received') return c.json({ ok: true, ignored: kind ?? 'unknown' });

    const action = n.receipt?.action ?? {};
    let raw: Buffer;
    if (n.content) raw = Buffer.from(n.content, action.encoding?.toUpperCase() === 'BASE64' ? 'base64' : 'utf8');
    else if (action.type === 'S3' && action.bucketName && action.objectKey) raw = await deps.plumbing.s3Object(action.bucketName, action.objectKey);
    else return c.json({ ok: true, ignored: 'no content and no S3 object' });
    if (raw.length > deps.limits.maxBytes) {
      deps.log.error({ size: raw.length, ses: n.mail?.messageId }, 'SES message over the size limit not stored (MIME-1)');
      return c.json({ ok: true, ignored: 'too large' });
    }
    const r = await receive(deps, {
      channel: 'ses',
      raw,
      providerId: n.mail?.messageId ?? m.MessageId,
      mailFrom: n.mail?.source ?? null,
      rcptTo: (n.receipt?.recipients ?? n.mail?.destination ?? []).map((a) => a.toLowerCase()),
    });
    await markSeen(deps.db, m, deps.clock.now());
    deps.log.info({ inbound: r.id, duplicate: r.duplicate }, 'SES message accepted');
    return c.json({ ok: true, inbound: r.id, duplicate: r.duplicate });
  });
}
