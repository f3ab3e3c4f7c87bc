// Processes one stored inbound message: parse → guard → understand → apply, recording the outcome on
// the inbound row. Safe to run twice: a processed message is skipped, and everything a message causes
// is written in one transaction together with its "processed" mark.
import { canonicalAddress } from '../domain/address.js';
import { tokenFromAddress, verifyReplyToken } from '../domain/reply-token.js';
import { zoneForOffset } from '../domain/time-zone.js';
import { parseEmail, ParseLimitError } from '../parse/index.js';
import type { ParsedEmail } from '../parse/types.js';
import { findPersonByEmail } from '../store/people.js';
import { getInbound, lookupThread, setInboundStatus } from '../store/inbound.js';
import type { CoordinateDeps } from './context.js';
import { silenceReason } from './loop-guard.js';
import { startProject } from './start-project.js';

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
    if (row && recipient && verifyReplyToken(deps.secret, token, recipient)) {
      return { projectId: row.project_id, taskId: row.task_id, outboxId: row.id, viaToken: true };
    }
    deps.log.warn({ token: token.slice(0, 6) }, 'reply token rejected');
  }
  const ids = [email.inReplyTo, ...[...email.references].reverse()].filter((x): x is string => !!x);
  const hit = await lookupThread(deps.db, ids);
  return hit ? { projectId: hit.project_id, taskId: hit.task_id, outboxId: hit.outbox_id, viaToken: false } : null;
}

export async function processInbound(deps: CoordinateDeps, inboundId: number): Promise<ProcessOutcome> {
  const row = await getInbound(deps.db, inboundId);
  if (!row) return { status: 'skipped' };
  if (row.status === 'processed' || row.status === 'ignored') return { status: 'skipped' };
  const now = deps.clock.now();
  await deps.db.updateTable('inbound_messages').set((eb) => ({ status: 'processing', attempts: eb('attempts', '+', 1) })).where('id', '=', inboundId).execute();

  let email: ParsedEmail;
  try {
    email = await parseEmail(Buffer.from(row.raw), { maxBytes: deps.limits.maxBytes, maxDepth: deps.limits.maxMimeDepth });
  } catch (err) {
    // A message we cannot parse within limits is poison: keep it, mark it, don't retry it forever (MIME-2).
    const error = err instanceof ParseLimitError ? `${err.code}: ${err.message}` : `parse error: ${(err as Error).message}`;
    await setInboundStatus(deps.db, inboundId, { status: 'failed', error, classification: 'unparseable' }, now);
    deps.log.warn({ inbound: inboundId, error }, 'inbound message quarantined');
    return { status: 'failed', error };
  }

  const silence = silenceReason(email, row.mail_from, deps.identity);
  if (silence) {
    const log = silence.reason === 'own_mail' ? deps.log.fatal.bind(deps.log) : deps.log.info.bind(deps.log);
    log({ inbound: inboundId, ...silence }, 'inbound message not answered');
    await setInboundStatus(deps.db, inboundId, { status: 'ignored', classification: silence.reason === 'automated' ? (email.automated?.kind ?? 'automated') : silence.reason, error: silence.detail }, now);
    return { status: 'ignored', reason: silence.reason };
  }

  const thread = await findThread(deps, email, row.rcpt_to as string[]);
  const sender = email.from ? await findPersonByEmail(deps.db, email.from.address) : undefined;
  const timeZone = sender?.time_zone ?? (email.dateOffsetMinutes !== null ? zoneForOffset(email.dateOffsetMinutes) : 'UTC');
  const understanding = await deps.engine.understand(email, {
    now,
    timeZone,
    assistantAddresses: [deps.identity.address],
    repliesToAssistant: !!thread?.outboxId,
  });

  if (understanding.kind === 'brief' && email.from && canonicalAddress(email.from.address)) {
    const projectId = await deps.db.transaction().execute(async (trx) => {
      const project = await startProject({ ...deps, db: trx }, { inboundId, email, understanding, senderZone: timeZone });
      await setInboundStatus(trx, inboundId, { status: 'processed', classification: 'brief', understanding, projectId: project.id }, now);
      return project.id;
    });
    deps.log.info({ inbound: inboundId, project: projectId }, 'brief turned into a project');
    return { status: 'processed', kind: 'brief', projectId };
  }

  // Threads, replies and commands are recorded here; acting on them belongs to the follow-through use cases.
  await setInboundStatus(deps.db, inboundId, { status: 'processed', classification: understanding.kind, understanding, projectId: thread?.projectId ?? null }, now);
  return { status: 'processed', kind: understanding.kind, projectId: thread?.projectId ?? null };
}

/** Marks a failed attempt; pg-boss retries the job, and `coordinator reprocess` can re-run it later. */
export async function recordFailure(deps: Pick<CoordinateDeps, 'db' | 'clock'>, inboundId: number, err: unknown): Promise<void> {
  await setInboundStatus(deps.db, inboundId, { status: 'failed', error: err instanceof Error ? err.message : String(err) }, deps.clock.now());
}
