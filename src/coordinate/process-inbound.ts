// Processes one stored inbound message: parse → guard → understand → apply, recording the outcome on
// the inbound row. Safe to run twice: a processed message is skipped, and everything a message causes
// is written in one transaction together with its "processed" mark.
import { canonicalAddress } from '../domain/address.js';
import { tokenFromAddress, verifyReplyToken } from '../domain/reply-token.js';
import { zoneForOffset } from '../domain/time-zone.js';
import { parseEmail, ParseLimitError } from '../parse/index.js';
import type { ParsedEmail } from '../parse/types.js';
import { applyUnsubscribe } from '../store/digests.js';
import { findPersonByEmail } from '../store/people.js';
import { getInbound, lookupThread, setInboundStatus } from '../store/inbound.js';
import type { CoordinateDeps } from './context.js';
import { silenceReason } from './loop-guard.js';
import { automatedHandlers } from './handle-automated.js';
import { handleReply } from './handle-reply.js';
import { handleThread } from './handle-thread.js';
import type { InboundHandler } from './inbound-handlers.js';
import { startProject } from './start-project.js';
import { readPlanList } from './confirm-plan.js';
import type { Understanding } from '../understand/contract.js';
import type { SenderAuthenticator, SenderAuthVerdict } from './authenticate-sender.js';

export type ProcessOutcome =
  | { status: 'processed'; kind: string; projectId: number | null }
  | { status: 'ignored'; reason: string }
  | { status: 'failed'; error: string }
  | { status: 'skipped' };

export interface ThreadContext {
  projectId: number | null;
  taskId: number | null;
  outboxId: number | null;
  viaToken: boolean;
}

/** AUTH-1: our reply token in the envelope or headers, checked against the row it names; else threading headers. */
export async function findThread(deps: CoordinateDeps, email: ParsedEmail, rcptTo: string[]): Promise<ThreadContext | null> {
  const candidates = [...rcptTo, ...email.to.map((a) => a.address), ...email.cc.map((a) => a.address), ...(email.headers['delivered-to'] ?? [])];
  for (const address of candidates) {
    const token = tokenFromAddress(address, deps.identity.domain);
    if (!token) continue;
    const row = await deps.db.selectFrom('outbox').select(['id', 'project_id', 'task_id', 'to']).where('reply_token', '=', token).executeTakeFirst();
    const recipient = row ? (row.to as string[])[0] : undefined;
    if (row && recipient && [deps.secret, ...(deps.olderSecrets ?? [])].some((s) => verifyReplyToken(s, token, recipient))) {
      return { projectId: row.project_id, taskId: row.task_id, outboxId: row.id, viaToken: true };
    }
    deps.log.warn({ token: token.slice(0, 6) }, 'reply token rejected');
  }
  const ids = [email.inReplyTo, ...[...email.references].reverse()].filter((x): x is string => !!x);
  const hit = await lookupThread(deps.db, ids);
  return hit ? { projectId: hit.project_id, taskId: hit.task_id, outboxId: hit.outbox_id, viaToken: false } : null;
}

export async function processInbound(deps: CoordinateDeps & { senderAuth?: SenderAuthenticator }, inboundId: number): Promise<ProcessOutcome> {
  const row = await getInbound(deps.db, inboundId);
  if (!row) return { status: 'skipped' };
  if (row.status === 'processed' || row.status === 'ignored') return { status: 'skipped' };
  const now = deps.clock.now();
  await deps.db.updateTable('inbound_messages').set((eb) => ({ status: 'processing', attempts: eb('attempts', '+', 1) })).where('id', '=', inboundId).execute();

  let email: ParsedEmail;
  try {
    email = await (deps.parse ?? parseEmail)(Buffer.from(row.raw), { maxBytes: deps.limits.maxBytes, maxDepth: deps.limits.maxMimeDepth });
  } catch (err) {
    // A message we cannot parse within limits is poison: keep it, mark it, don't retry it forever (MIME-2).
    const error = err instanceof ParseLimitError ? `${err.code}: ${err.message}` : `parse error: ${(err as Error).message}`;
    await setInboundStatus(deps.db, inboundId, { status: 'failed', error, classification: 'unparseable' }, now);
    deps.log.warn({ inbound: inboundId, error }, 'inbound message quarantined');
    return { status: 'failed', error };
  }

  const silence = silenceReason(email, row.mail_from, deps.identity, Buffer.from(row.raw));

  // RFC 2369 mailto unsubscribe (the digest's List-Unsubscribe names unsubscribe+<token>@our domain): the
  // token alone decides, whoever or whatever sends it, and nothing is answered.
  const unsubscribe = silence?.reason === 'own_mail' ? null : unsubscribeToken(row.rcpt_to as string[], email, deps.identity.domain);
  if (unsubscribe) {
    const done = await applyUnsubscribe(deps.db, unsubscribe, now);
    const note = done ? `unsubscribed ${done.email} (${done.scope})` : 'unknown unsubscribe token';
    await setInboundStatus(deps.db, inboundId, { status: 'processed', classification: 'unsubscribe', error: note }, now);
    deps.log.info({ inbound: inboundId, note }, 'unsubscribe by mail');
    return { status: 'processed', kind: 'unsubscribe', projectId: null };
  }
  const thread = silence?.reason === 'own_mail' ? null : await findThread(deps, email, row.rcpt_to as string[]);
  const sender = email.from ? await findPersonByEmail(deps.db, email.from.address) : undefined;
  const senderZone = sender?.time_zone ?? (email.dateOffsetMinutes !== null ? zoneForOffset(email.dateOffsetMinutes) : 'UTC');
  const base = { inboundId, email, envelopeFrom: row.mail_from, thread, senderZone };

  if (silence) {
    const log = silence.reason === 'own_mail' ? deps.log.fatal.bind(deps.log) : deps.log.info.bind(deps.log);
    log({ inbound: inboundId, ...silence }, 'inbound message not answered');
    const classification = silence.reason === 'automated' ? (email.automated?.kind ?? 'automated') : silence.reason;
    const handler = silence.reason === 'automated' && email.automated ? automatedHandlers[email.automated.kind] : undefined;
    await deps.db.transaction().execute(async (trx) => {
      const result = handler ? await handler({ ...deps, db: trx }, { ...base, understanding: null }) : {};
      const error = [silence.detail, result.note].filter(Boolean).join('; ');
      await setInboundStatus(trx, inboundId, { status: 'ignored', classification, error, projectId: result.projectId ?? thread?.projectId ?? null }, now);
    });
    return { status: 'ignored', reason: silence.reason };
  }

  // AUTH-3/AUTH-4: who really sent it, decided by channel before any handler may act on a command.
  const auth = await deps.db.selectFrom('inbound_auth').select('helo').where('inbound_id', '=', inboundId).executeTakeFirst();
  const senderAuth: SenderAuthVerdict | undefined = deps.senderAuth
    ? await deps.senderAuth.verify({ channel: row.channel, raw: Buffer.from(row.raw), ip: row.remote_address, helo: auth?.helo ?? null, mailFrom: row.mail_from, fromAddress: email.from?.address ?? null })
    : undefined;

  const understanding = await deps.engine.understand(email, {
    now,
    timeZone: senderZone,
    assistantAddresses: [deps.identity.address],
    repliesToAssistant: !!thread?.outboxId,
  });
  // A corrected plan is read like a brief, here and not in the transaction: an engine may use the database.
  const planList = understanding.kind === 'reply' || understanding.kind === 'command' ? await readPlanList(deps, email, thread, senderZone) : null;
  const handler = handlerFor(understanding.kind, email);
  const projectId = await deps.db.transaction().execute(async (trx) => {
    if (senderAuth) {
      const verdict = JSON.stringify(senderAuth);
      await trx
        .insertInto('inbound_auth')
        .values({ inbound_id: inboundId, helo: null, verdict, checked_at: now })
        .onConflict((oc) => oc.column('inbound_id').doUpdateSet({ verdict, checked_at: now }))
        .execute();
    }
    const result = handler ? await handler({ ...deps, db: trx }, { ...base, understanding, senderAuth, planList }) : {};
    const projectId = result.projectId ?? thread?.projectId ?? null;
    await setInboundStatus(trx, inboundId, { status: 'processed', classification: understanding.kind, understanding, projectId, error: result.note ?? null }, now);
    return projectId;
  });
  deps.log.info({ inbound: inboundId, kind: understanding.kind, project: projectId }, 'inbound message processed');
  return { status: 'processed', kind: understanding.kind, projectId };
}

function handlerFor(kind: Understanding['kind'], email: ParsedEmail): InboundHandler | undefined {
  switch (kind) {
    case 'brief':
      return email.from && canonicalAddress(email.from.address) ? startProjectHandler : undefined;
    case 'thread':
      return handleThread;
    case 'reply':
    case 'command':
      return handleReply;
    default:
      return undefined; // 'other' (and automated kinds the engine names): recorded, nothing to do
  }
}

const startProjectHandler: InboundHandler = async (deps, input) => {
  const project = await startProject(deps, { inboundId: input.inboundId, email: input.email, understanding: input.understanding!, senderZone: input.senderZone });
  return { projectId: project.id, };
};

function unsubscribeToken(rcptTo: string[], email: ParsedEmail, domain: string): string | null {
  for (const a of [...rcptTo, ...email.to.map((t) => t.address)]) {
    const m = /^unsubscribe\+([a-z0-9]{16,64})@(.+)$/i.exec(a.trim());
    if (m && m[2]!.toLowerCase() === domain) return m[1]!.toLowerCase();
  }
  return null;
}

/** Marks a failed attempt; pg-boss retries the job, and `coordinator reprocess` can re-run it later. */
export async function recordFailure(deps: Pick<CoordinateDeps, 'db' | 'clock'>, inboundId: number, err: unknown): Promise<void> {
  await setInboundStatus(deps.db, inboundId, { status: 'failed', error: err instanceof Error ? err.message : String(err) }, deps.clock.now());
}
