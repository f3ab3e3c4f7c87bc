// Outbox rows for transport tests: a small composed message, queued as the coordinator would queue it.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/store/db.js';
import { insertOutbox } from '../../src/store/outbox.js';

export async function queueMail(db: Db, o: { to: string; kind?: string; subject?: string; body?: string; now?: Date }) {
  const now = o.now ?? new Date('2025-03-03T15:00:00Z');
  const messageId = `${randomBytes(8).toString('hex')}@contoso.com`;
  const subject = o.subject ?? 'Plan: rollout';
  const raw = Buffer.from(
    [
      'From: Coordinator <coordinator@contoso.com>',
      `To: ${o.to}`,
      `Subject: ${subject}`,
      `Message-ID: <${messageId}>`,
      'Date: Mon, 03 Mar 2025 15:00:00 +0000',
      'MIME-Version: 1.0',
      'Auto-Submitted: auto-generated',
      'Content-Type: text/plain; charset=utf-8',
      '',
      o.body ?? 'Hello from the coordinator.',
      '',
    ].join('\r\n'),
  );
  const { row } = await insertOutbox(db, {
    kind: o.kind ?? 'nudge',
    idempotency_key: `test:${messageId}`,
    message_id: messageId,
    in_reply_to: null,
    references: '[]',
    from_address: 'coordinator@contoso.com',
    to: JSON.stringify([o.to]),
    cc: '[]',
    subject,
    headers: '{}',
    text: o.body ?? 'Hello from the coordinator.',
    html: null,
    raw,
    reply_token: null,
    not_after: null,
    provider_message_id: null,
    last_error: null,
    project_id: null,
    task_id: null,
    person_id: null,
    inbound_id: null,
    context: '{}',
    created_at: now,
    updated_at: now,
    sent_at: null,
  });
  return row;
}
