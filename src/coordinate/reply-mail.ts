// Answers to an inbound message go back in its thread, to the sender only (never reply-all, OUT-7), as
// auto-replied mail (RFC 3834 §5).
import type { Kysely } from 'kysely';
import { referencesFor } from '../outbound/mime.js';
import { simpleHtml } from '../outbound/confirmation.js';
import { replySubject, type ComposedEmail } from '../outbound/plan-reply.js';
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

/**
 * A command we hold instead of applying, and ask one person to confirm with `yes`: the token's owner when
 * the sender could not be authenticated (AUTH-2/AUTH-3), or the sender when the reply mixed a command with
 * other instructions (AUTH-6).
 */
export function composeHoldRequest(h: {
  recipientName: string;
  reason: 'unauthenticated' | 'mixed';
  requester: string;
  asked: string[];
  notUnderstood: string[];
  detail?: string;
  originalSubject: string;
}): ComposedEmail {
  const greet = h.recipientName ? `Hi ${h.recipientName.split(' ')[0]},` : 'Hi,';
  const list = (lines: string[]) => lines.map((l) => `  • ${l}`).join('\n');
  const parts =
    h.reason === 'unauthenticated'
      ? [
          greet,
          `I received a reply from ${h.requester} asking me to:`,
          list(h.asked),
          `I could not verify that it really came from that address${h.detail ? ` (${h.detail})` : ''}, so nothing has changed yet.`,
          'If you sent it, reply `yes` to apply it. If not, reply `no` (or ignore this email) and nothing will change.',
        ]
      : [
          greet,
          'Your reply asked for more than one thing, so I have not changed anything yet. I understood:',
          list(h.asked),
          ...(h.notUnderstood.length ? ['I cannot do this part from a reply:', list(h.notUnderstood.map((l) => `"${l}"`))] : []),
          'Reply `yes` to apply the changes listed first, or `no` to drop them. You can also send one command per line, e.g. `done 1` and `move 2 to Friday`.',
        ];
  parts.push('— Coordinator');
  const subject = h.reason === 'unauthenticated' ? 'Please confirm: was this you?' : replySubject(h.originalSubject || 'Please confirm');
  return { subject, text: parts.join('\n\n'), html: simpleHtml(parts, subject) };
}
