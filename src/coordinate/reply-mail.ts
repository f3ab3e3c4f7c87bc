// Answers to an inbound message go back in its thread, to the sender only (never reply-all, OUT-7), as
// auto-replied mail (RFC 3834 §5).
import type { Kysely } from 'kysely';
import { referencesFor } from '../outbound/mime.js';
import type { ComposedEmail } from '../outbound/plan-reply.js';
import type { ParsedEmail } from '../parse/types.js';
import type { Database, OutboxRow } from '../store/schema.js';
import type { CoordinateDeps } from './context.js';
import { queueEmail } from './queue-email.js';

export async function answerInThread(
  deps: CoordinateDeps,
  db: Kysely<Database>,
  a: {
    kind: string;
    key: string;
    email: ParsedEmail;
    to: { name: string; address: string };
    composed: ComposedEmail;
    inboundId: number;
    projectId?: number | null;
    taskId?: number | null;
    personId?: number | null;
    context?: Record<string, unknown>;
  },
): Promise<{ row: OutboxRow; created: boolean }> {
  return queueEmail(deps, db, {
    kind: a.kind,
    idempotencyKey: a.key,
    to: [a.to],
    subject: a.composed.subject,
    text: a.composed.text,
    html: a.composed.html,
    inReplyTo: a.email.messageId,
    references: referencesFor(a.email.references, a.email.messageId),
    autoSubmitted: 'auto-replied',
    projectId: a.projectId ?? null,
    taskId: a.taskId ?? null,
    personId: a.personId ?? null,
    inboundId: a.inboundId,
    context: a.context,
  });
}
