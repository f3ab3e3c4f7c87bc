// Suppression (OUT-4, LOOP-8/9): why an address gets no more mail, with the evidence. The send path
// reads people.suppressed_at (nothing goes) and people.unsubscribed_at (nothing non-essential goes).
import { sql } from 'kysely';
import type { Db } from './db.js';
import type { SuppressionKind } from './schema-plumbing.js';

export interface SuppressionInput {
  email: string; // canonical
  kind: SuppressionKind;
  source: 'dsn' | 'arf' | 'ses' | 'smtp';
  detail?: string | null;
  outboxId?: number | null;
  inboundId?: number | null;
}

/**
 * Records the event and applies it: a hard bounce or a permanent rejection suppresses every send; a
 * complaint stops non-essential mail (nudges, digests: LOOP-9) the way an unsubscribe does; a soft
 * bounce is only recorded (LOOP-8: it counts, it does not block).
 */
export async function recordSuppression(db: Db, s: SuppressionInput, now: Date): Promise<void> {
  await db
    .insertInto('suppression_events')
    .values({ email: s.email, kind: s.kind, source: s.source, detail: s.detail ?? null, outbox_id: s.outboxId ?? null, inbound_id: s.inboundId ?? null, created_at: now })
    .execute();
  if (s.kind === 'soft_bounce') return;
  const blockAll = s.kind === 'hard_bounce' || s.kind === 'rejected';
  const reason = `${s.kind} (${s.source})${s.detail ? `: ${s.detail}` : ''}`.slice(0, 500);
  await db
    .insertInto('people')
    .values({
      email: s.email,
      display_name: '',
      time_zone: null,
      time_zone_source: null,
      unsubscribed_at: blockAll ? null : now,
      suppressed_at: blockAll ? now : null,
      suppressed_reason: reason,
      away_until: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet(
        blockAll
          ? { suppressed_at: sql<Date>`coalesce(people.suppressed_at, excluded.suppressed_at)`, suppressed_reason: reason, updated_at: now }
          : { unsubscribed_at: sql<Date>`coalesce(people.unsubscribed_at, excluded.unsubscribed_at)`, suppressed_reason: reason, updated_at: now },
      ),
    )
    .execute();
}

export function suppressionEvents(db: Db, email?: string) {
  let q = db.selectFrom('suppression_events').selectAll().orderBy('id');
  if (email) q = q.where('email', '=', email);
  return q.execute();
}

/** The outbox row a Message-ID (ours, or the provider's) belongs to: how a bounce is attributed. */
export function outboxByMessageIds(db: Db, ids: { messageIds: string[]; providerIds?: string[] }) {
  const mids = ids.messageIds.filter(Boolean);
  const pids = (ids.providerIds ?? []).filter(Boolean);
  if (!mids.length && !pids.length) return Promise.resolve(undefined);
  return db
    .selectFrom('outbox')
    .select(['id', 'to', 'cc', 'message_id', 'provider_message_id'])
    .where((eb) => eb.or([...(mids.length ? [eb('message_id', 'in', mids)] : []), ...(pids.length ? [eb('provider_message_id', 'in', pids)] : [])]))
    .orderBy('id', 'desc')
    .executeTakeFirst();
}
