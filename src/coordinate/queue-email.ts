// Every email we send goes through here: a Message-ID on our own domain and a reply token are fixed now,
// the exact bytes are composed, and the outbox row, its threading entry and its send job are written in
// the caller's transaction (REL-3/REL-4). The idempotency key makes a second attempt for the same intent
// a no-op.
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { newReplyToken, replyAddress } from '../domain/reply-token.js';
import { buildRaw, type Mailbox, type OutgoingMessage } from '../outbound/mime.js';
import { indexMessage } from '../store/inbound.js';
import { insertOutbox } from '../store/outbox.js';
import type { Database, NewOutboxRow, OutboxRow } from '../store/schema.js';
import type { CoordinateDeps } from './context.js';

export interface EmailIntent {
  kind: string; // plan_reply, nudge, confirmation, digest, invite ...
  idempotencyKey: string;
  to: Mailbox[];
  cc?: Mailbox[];
  subject: string;
  text: string;
  html?: string;
  inReplyTo?: string | null;
  references?: string[];
  // RFC 3834 §5: auto-replied when caused by an inbound message, auto-generated when scheduled.
  autoSubmitted: 'auto-replied' | 'auto-generated';
  extraHeaders?: Record<string, string>;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  projectId?: number | null;
  taskId?: number | null;
  personId?: number | null;
  inboundId?: number | null;
  notAfter?: Date | null;
  context?: Record<string, unknown>;
}

/**
 * LOOP-7 circuit breaker, per correspondent rather than per thread: a bot that answers every mail (an
 * echo, a helpdesk that opens a ticket per message, a forwarding rule) starts a new thread each time, so
 * only a count across all of a correspondent's threads and reply kinds (plan replies, confirmations,
 * clarifications, notices) bounds it. Past `burst` replies within its window the correspondent is held:
 * no reply caused by their mail goes out until `holdMs` has passed without another stopped reply. The
 * commands in their mail still apply; only our answers stop. Scheduled mail (nudges, digests) is bounded
 * elsewhere, at most one of each a day. Zammad's defaults are 10 per ticket per 10 minutes.
 *
 * Mail a person asked for is not a loop and must not be stopped by one: someone working through a digest
 * sends a command a minute and needs each confirmation. Such mail (a confirmation of a change their own
 * command applied, through their own reply token, from an authenticated sender) carries `requested`: what
 * it confirms. It counts only against `requested`, not against the loop caps, and a hold does not stop
 * it. A machine cannot live in this lane: each message needs a distinct change that an authorised command
 * really made, and the same change confirmed again (an echo of "done", a done/undo see-saw) is answered
 * as any other reply, under the loop caps.
 */
export const breaker = {
  burst: { max: 3, windowMs: 10 * 60_000 }, // replies caused by inbound mail, per correspondent, every kind
  holdMs: 24 * 60 * 60_000, // once stopped, stay stopped this long after the last stopped reply
  // a day's replies that are not confirmations of an applied change (plan replies, clarifications,
  // questions, notices): a machine that opens a new thread for every mail gets this many a day
  daily: { max: 3, windowMs: 24 * 60 * 60_000 },
  perRecipient: { max: 30, windowMs: 60 * 60_000 }, // everything but requested mail, per recipient
  // requested mail, per recipient: a person types and sends perhaps one command a minute; past 30 an hour
  // it is not a person, and the loop caps above take over
  requested: { max: 30, windowMs: 60 * 60_000 },
};

const STOPPED = 'LOOP-7:%';
/** What a requested message confirms; kept in the outbox row's context. */
const REQUESTED = 'requested';

const requested = (e: EmailIntent) => (typeof e.context?.[REQUESTED] === 'string' ? (e.context[REQUESTED] as string) : null);

/**
 * The intent as the breaker will count it: requested mail keeps its mark only when it is a reply and the
 * same change was not confirmed to this correspondent within the hold window (a repeat is a loop's mark).
 */
async function lane(trx: Kysely<Database>, e: EmailIntent, now: Date): Promise<EmailIntent> {
  const what = requested(e);
  if (!what) return e;
  const repeat =
    e.autoSubmitted !== 'auto-replied' ||
    !!(await trx
      .selectFrom('outbox')
      .select('id')
      .where('created_at', '>', new Date(now.getTime() - breaker.holdMs))
      .where(sql<boolean>`"to"->>0 = ${e.to[0]!.address.toLowerCase()}`)
      .where(sql<boolean>`context->>${REQUESTED} = ${what}`)
      .executeTakeFirst());
  if (!repeat) return e;
  const { [REQUESTED]: _, ...context } = e.context!;
  return { ...e, context };
}

async function breakerTripped(trx: Kysely<Database>, e: EmailIntent, now: Date): Promise<string | null> {
  const to = e.to[0]!.address.toLowerCase();
  const since = (ms: number) => new Date(now.getTime() - ms);
  const base = (ms: number) => trx.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '>', since(ms)).where(sql<boolean>`"to"->>0 = ${to}`);
  // the loop caps count every reply except requested mail, which has its own lane
  const loop = (ms: number) => base(ms).where(sql<boolean>`context->>${REQUESTED} is null`);
  const n = async (q: ReturnType<typeof base>) => Number((await q.executeTakeFirstOrThrow()).n);
  if (requested(e)) {
    if ((await n(base(breaker.requested.windowMs).where('status', '!=', 'suppressed').where(sql<boolean>`context->>${REQUESTED} is not null`))) >= breaker.requested.max)
      return `LOOP-7: ${breaker.requested.max} confirmations to ${to} within ${breaker.requested.windowMs / 60_000} min`;
    return null;
  }
  if (e.autoSubmitted === 'auto-replied') {
    if ((await n(loop(breaker.holdMs).where('status', '=', 'suppressed').where('last_error', 'like', STOPPED))) > 0)
      return `LOOP-7: replies to ${to} are held: the breaker stopped one within the last ${breaker.holdMs / 3_600_000} h`;
    const replies = loop(breaker.burst.windowMs).where('status', '!=', 'suppressed').where(sql<boolean>`headers->>'Auto-Submitted' = 'auto-replied'`);
    if ((await n(replies)) >= breaker.burst.max)
      return `LOOP-7: ${breaker.burst.max} replies to ${to} within ${breaker.burst.windowMs / 60_000} min`;
    if (e.kind !== 'confirmation') {
      const day = loop(breaker.daily.windowMs).where('status', '!=', 'suppressed').where('kind', '!=', 'confirmation').where(sql<boolean>`headers->>'Auto-Submitted' = 'auto-replied'`);
      if ((await n(day)) >= breaker.daily.max) return `LOOP-7: ${breaker.daily.max} replies to ${to} within ${breaker.daily.windowMs / 3_600_000} h`;
    }
  }
  if ((await n(loop(breaker.perRecipient.windowMs).where('status', '!=', 'suppressed'))) >= breaker.perRecipient.max) {
    return `LOOP-7: ${breaker.perRecipient.max} messages to ${to} within ${breaker.perRecipient.windowMs / 60_000} min`;
  }
  return null;
}

/** The outbox row for one intent: a Message-ID on our domain, a reply token, loop-safe headers, exact bytes. */
async function outboxRow(
  deps: CoordinateDeps,
  e: EmailIntent,
  now: Date,
  compose: (m: OutgoingMessage) => Buffer | Promise<Buffer> = buildRaw,
): Promise<NewOutboxRow> {
  const { identity } = deps;
  const messageId = `${randomUUID()}@${identity.domain}`;
  const token = newReplyToken(deps.secret, e.to[0]!.address);
  const headers: Record<string, string> = {
    'Auto-Submitted': e.autoSubmitted,
    'X-Auto-Response-Suppress': 'All', // LOOP-5: ask Exchange not to send OOF/receipts back
    'X-Coordinator-Loop': identity.instanceId,
    ...e.extraHeaders,
  };
  const raw = await compose({
    from: { name: identity.name, address: identity.address },
    to: e.to,
    cc: e.cc ?? [],
    replyTo: replyAddress(token, identity.domain),
    subject: e.subject,
    text: e.text,
    html: e.html,
    messageId,
    inReplyTo: e.inReplyTo ?? null,
    references: e.references ?? [],
    date: now,
    headers,
    calendar: e.calendar,
  });
  return {
    kind: e.kind,
    idempotency_key: e.idempotencyKey,
    message_id: messageId,
    in_reply_to: e.inReplyTo ?? null,
    references: JSON.stringify(e.references ?? []),
    from_address: identity.address,
    to: JSON.stringify(e.to.map((m) => m.address)),
    cc: JSON.stringify((e.cc ?? []).map((m) => m.address)),
    subject: e.subject,
    headers: JSON.stringify(headers),
    text: e.text,
    html: e.html ?? null,
    raw,
    reply_token: token,
    lease_until: null,
    not_after: e.notAfter ?? null,
    provider_message_id: null,
    last_error: null,
    project_id: e.projectId ?? null,
    task_id: e.taskId ?? null,
    person_id: e.personId ?? null,
    inbound_id: e.inboundId ?? null,
    context: JSON.stringify(e.context ?? {}),
    created_at: now,
    updated_at: now,
    sent_at: null,
  };
}

export async function queueEmail(deps: CoordinateDeps, trx: Kysely<Database>, e: EmailIntent): Promise<{ row: OutboxRow; created: boolean }> {
  const existing = await trx.selectFrom('outbox').selectAll().where('idempotency_key', '=', e.idempotencyKey).executeTakeFirst();
  if (existing) return { row: existing, created: false };
  const now = deps.clock.now();
  e = await lane(trx, e, now);
  const tripped = await breakerTripped(trx, e, now);
  if (tripped) deps.log.error({ kind: e.kind, to: e.to[0]!.address, reason: tripped }, 'automated mail stopped by the circuit breaker');
  const row = await outboxRow(deps, e, now);
  const result = await insertOutbox(trx, tripped ? { ...row, status: 'suppressed', last_error: tripped } : row);
  if (result.created) {
    await indexMessage(trx, { messageId: row.message_id, projectId: e.projectId ?? null, taskId: e.taskId ?? null, outboxId: result.row.id }, now);
    if (!tripped) await deps.queue.enqueue(trx, 'outbox-send', { outboxId: result.row.id });
  }
  return result;
}

/**
 * queueEmail for many scheduled emails at once (digests): the same rows, but multi-row inserts and one
 * statement for the send jobs instead of round trips per email. Scheduled mail is at most one per person
 * per day, so the LOOP-7 breaker (which guards replies) is not consulted. Returns the ids of the rows this
 * call created, by idempotency key; a key that already exists creates nothing (and no second job).
 */
export async function queueEmails(
  deps: CoordinateDeps,
  trx: Kysely<Database>,
  intents: EmailIntent[],
  compose?: (m: OutgoingMessage) => Buffer | Promise<Buffer>,
): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  if (!intents.length) return created;
  const now = deps.clock.now();
  const rows: NewOutboxRow[] = [];
  for (const e of intents) rows.push(await outboxRow(deps, e, now, compose));
  const inserted: { id: number; idempotency_key: string; message_id: string; project_id: number | null; task_id: number | null }[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    inserted.push(
      ...(await trx
        .insertInto('outbox')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning(['id', 'idempotency_key', 'message_id', 'project_id', 'task_id'])
        .execute()),
    );
  }
  if (!inserted.length) return created;
  for (let i = 0; i < inserted.length; i += 1000) {
    await trx
      .insertInto('message_index')
      .values(inserted.slice(i, i + 1000).map((r) => ({ message_id: r.message_id, project_id: r.project_id, task_id: r.task_id, outbox_id: r.id, inbound_id: null, created_at: now })))
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  }
  await deps.queue.enqueueMany(trx, 'outbox-send', inserted.map((r) => ({ outboxId: r.id })));
  for (const r of inserted) created.set(r.idempotency_key, r.id);
  return created;
}
