import type { Kysely } from 'kysely';
import type { Database, InboundStatus } from './schema.js';

type Db = Kysely<Database>;

export function getInbound(db: Db, id: number) {
  return db.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setInboundStatus(
  db: Db,
  id: number,
  patch: { status: InboundStatus; classification?: string | null; error?: string | null; understanding?: unknown; projectId?: number | null },
  now: Date,
): Promise<void> {
  await db
    .updateTable('inbound_messages')
    .set({
      status: patch.status,
      ...(patch.classification !== undefined && { classification: patch.classification }),
      ...(patch.understanding !== undefined && { understanding: JSON.stringify(patch.understanding) }),
      ...(patch.projectId !== undefined && { project_id: patch.projectId }),
      error: patch.error ?? null,
      processed_at: patch.status === 'processed' || patch.status === 'ignored' ? now : null,
    })
    .where('id', '=', id)
    .execute();
}

export function listInbound(db: Db, f: { status?: InboundStatus; limit?: number } = {}) {
  let q = db
    .selectFrom('inbound_messages')
    .select(['id', 'channel', 'message_id', 'mail_from', 'rcpt_to', 'size', 'status', 'classification', 'error', 'attempts', 'project_id', 'received_at', 'processed_at']);
  if (f.status) q = q.where('status', '=', f.status);
  return q.orderBy('id', 'desc').limit(f.limit ?? 100).execute();
}

/** Knowing a Message-ID: which project (and task) it belongs to. */
export async function lookupThread(db: Db, messageIds: string[]) {
  if (!messageIds.length) return undefined;
  return db
    .selectFrom('message_index')
    .selectAll()
    .where('message_id', 'in', messageIds)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function indexMessage(
  db: Db,
  m: { messageId: string; projectId: number | null; taskId?: number | null; outboxId?: number | null; inboundId?: number | null },
  now: Date,
): Promise<void> {
  await db
    .insertInto('message_index')
    .values({
      message_id: m.messageId,
      project_id: m.projectId,
      task_id: m.taskId ?? null,
      outbox_id: m.outboxId ?? null,
      inbound_id: m.inboundId ?? null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}
