// The send job: claim one outbox row, check it may still go, deliver its stored bytes, record the result.
// A crash after the provider accepted but before the row is marked sent can repeat one send; the retry
// carries the same bytes and Message-ID, so a duplicate is recognisable (REL-4).
import type { Logger } from 'pino';
import { canonicalAddress } from '../domain/address.js';
import type { Clock } from '../domain/clock.js';
import type { Db } from '../store/db.js';
import { indexMessage } from '../store/inbound.js';
import { claimOutbox, finishOutbox } from '../store/outbox.js';
import { recordSuppression } from '../store/suppressions.js';
import { DeliveryError, type Transport } from '../transports/transport.js';

export interface SendDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  transport: Transport;
}

const LEASE_SECONDS = 10 * 60; // RFC 5321 §4.5.3.2.6: a server may take 10 minutes to answer the final dot

export type SendOutcome = 'sent' | 'suppressed' | 'expired' | 'failed' | 'not_claimed';

/** Direct answers to someone's own mail: they still go to a person who unsubscribed from reminders and digests. */
const ANSWERS = new Set(['plan_reply', 'plan_confirmation', 'plan_question', 'confirmation']);

export async function sendOutbox(deps: SendDeps, outboxId: number): Promise<SendOutcome> {
  const now = deps.clock.now();
  const row = await claimOutbox(deps.db, outboxId, LEASE_SECONDS, now);
  if (!row) return 'not_claimed';
  if (row.not_after && row.not_after < now) {
    await finishOutbox(deps.db, row.id, { status: 'expired', error: 'past its deadline (REL-6)' }, now);
    return 'expired';
  }
  const recipients = [...(row.to as string[]), ...(row.cc as string[])].map((a) => canonicalAddress(a));
  if (recipients.some((a) => !a)) {
    await finishOutbox(deps.db, row.id, { status: 'failed', error: 'invalid recipient address (OUT-7)' }, now);
    return 'failed';
  }
  // OUT-4: suppressed or unsubscribed recipients are never attempted.
  const blocked = await deps.db
    .selectFrom('people')
    .select(['email'])
    .where('email', 'in', recipients as string[])
    .where((eb) => eb.or([eb('suppressed_at', 'is not', null), ...(ANSWERS.has(row.kind) ? [] : [eb('unsubscribed_at', 'is not', null)])]))
    .execute();
  const allowed = (recipients as string[]).filter((a) => !blocked.some((b) => b.email === a));
  if (!allowed.length) {
    await finishOutbox(deps.db, row.id, { status: 'suppressed', error: `suppressed: ${blocked.map((b) => b.email).join(', ')}` }, now);
    return 'suppressed';
  }
  try {
    const result = await deps.transport.send(Buffer.from(row.raw), { from: row.from_address, to: allowed }, row.message_id);
    await finishOutbox(deps.db, row.id, { status: 'sent', providerMessageId: result.providerMessageId }, deps.clock.now());
    // OUT-5: a provider that rewrote our Message-ID (SES) — replies quoting its id thread back too.
    for (const mid of result.messageIds ?? []) {
      await indexMessage(deps.db, { messageId: mid, projectId: row.project_id, taskId: row.task_id, outboxId: row.id }, deps.clock.now());
    }
    for (const email of result.rejected ?? []) {
      await recordSuppression(deps.db, { email, kind: 'rejected', source: deps.transport.name === 'ses' ? 'ses' : 'smtp', detail: 'refused at delivery', outboxId: row.id }, deps.clock.now());
    }
    deps.log.info({ outbox: row.id, kind: row.kind, to: allowed, transport: deps.transport.name }, 'email sent');
    return 'sent';
  } catch (err) {
    const permanent = err instanceof DeliveryError && err.permanent;
    await finishOutbox(deps.db, row.id, { status: permanent ? 'failed' : 'queued', error: (err as Error).message }, deps.clock.now());
    // OUT-4 / LOOP-8: an address refused for good is not tried again, on any transport.
    for (const email of permanent ? err.rejected : []) {
      await recordSuppression(deps.db, { email, kind: 'rejected', source: deps.transport.name === 'ses' ? 'ses' : 'smtp', detail: (err as Error).message.slice(0, 300), outboxId: row.id }, deps.clock.now());
    }
    deps.log.warn({ outbox: row.id, err, permanent }, 'email not delivered');
    if (permanent) return 'failed';
    throw err; // transient: the job queue retries with backoff
  }
}
