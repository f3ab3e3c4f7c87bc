// The outbox: the record of every email we send, written in the same transaction as the change that
// caused it (REL-3), with its Message-ID fixed before the first attempt (REL-4).
import { type Kysely, sql } from 'kysely';
import type { Database, NewOutboxRow, OutboxRow } from './schema.js';

type Db = Kysely<Database>;

/** Inserts unless a row with the same idempotency key exists; returns the row either way. */
export async function insertOutbox(db: Db, row: NewOutboxRow): Promise<{ row: OutboxRow; created: boolean }> {
  const created = await db
    .insertInto('outbox')
    .values(row)
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (created) return { row: created, created: true };
  const existing = await db.selectFrom('outbox').selectAll().where('idempotency_key', '=', row.idempotency_key).executeTakeFirstOrThrow();
  return { row: existing, created: false };
}

/**
 * Takes a lease on a row that is queued, or stuck in 'sending' past its lease (its sender crashed).
 * Returns undefined when the row is already sent, failed, suppressed, or leased by another worker.
 */
export async function claimOutbox(db: Db, id: number, leaseSeconds: number, now: Date): Promise<OutboxRow | undefined> {
  return db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      lease_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})`,
      updated_at: now,
    }))
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', sql<Date>`now()`)])]))
    .returningAll()
    .executeTakeFirst();
}

export async function finishOutbox(
  db: Db,
  id: number,
  patch: { status: 'sent' | 'failed' | 'suppressed' | 'expired' | 'queued'; error?: string | null; providerMessageId?: string | null },
  now: Date,
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: patch.status,
      last_error: patch.error ?? null,
      provider_message_id: patch.providerMessageId ?? null,
      lease_until: null,
      updated_at: now,
      sent_at: patch.status === 'sent' ? now : null,
    })
    .where('id', '=', id)
    .execute();
}

export function listOutbox(db: Db, limit = 100) {
  return db
    .selectFrom('outbox')
    .select([
      'id', 'kind', 'status', 'from_address', 'to', 'cc', 'subject', 'message_id', 'in_reply_to', 'references',
      'headers', 'text', 'html', 'attempts', 'last_error', 'project_id', 'task_id', 'created_at', 'sent_at',
    ])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function getOutbox(db: Db, id: number) {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
