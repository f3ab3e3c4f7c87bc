// How the authorisation rule's outcomes are put into words: why a command changed nothing, and the
// one-line questions that ask a person to confirm a held command or a status report read from a thread.
import { simpleHtml } from './confirmation.js';
import type { ComposedEmail } from './plan-reply.js';
import { replySubject } from './plan-reply.js';

export type RefusalWhy = 'from_not_single' | 'no_token' | 'token_not_theirs' | 'token_revoked' | 'unknown_sender' | 'not_authorised' | 'outside_participants';

export const refusalText: Record<RefusalWhy, string> = {
  from_not_single: 'The message named more than one sender.',
  no_token: 'The message did not come as a reply to one of my emails, so I cannot tell it is genuine.',
  token_not_theirs: 'It answered an email I sent to someone else, so I cannot tell it is genuine.',
  token_revoked: 'It answered an email whose reply address has been withdrawn.',
  unknown_sender: 'I do not know the sender.',
  not_authorised: 'Only the task owner, the project lead or the person who sent the brief can change a task.',
  outside_participants: 'The new owner is not part of the project yet.',
};

const greet = (name: string) => (name ? `Hi ${name.split(' ')[0]},` : 'Hi,');
const list = (lines: string[]) => lines.map((l) => `  • ${l}`).join('\n');

/** A held command the sender must confirm: their reply came through an old token, or repeats one already applied. */
export function composeRecheck(h: { recipientName: string; why: 'token_expired' | 'replay'; asked: string[]; originalSubject: string }): ComposedEmail {
  const because =
    h.why === 'token_expired'
      ? 'Your reply answered an email of mine that is too old to change tasks by itself, so nothing has changed yet.'
      : 'This repeats a change that was already made once through the same email, so nothing has changed yet.';
  const parts = [greet(h.recipientName), 'You asked me to:', list(h.asked), because, 'Reply `yes` to apply it, or `no` to drop it.', '— Coordinator'];
  const subject = replySubject(h.originalSubject || 'Please confirm');
  return { subject, text: parts.join('\n\n'), html: simpleHtml(parts, subject) };
}

/** The one-line question to a task's owner about a status change somebody reported in a thread. */
export function composeReportQuestion(q: { recipientName: string; reporter: string; report: string; evidence: string; originalSubject: string }): ComposedEmail {
  const parts = [
    greet(q.recipientName),
    `${q.reporter} wrote in "${q.originalSubject || 'a thread'}" that ${q.report}: "${q.evidence}". Reply \`yes\` to record it, or \`no\` to leave the task as it is.`,
    '— Coordinator',
  ];
  const subject = replySubject(q.originalSubject || 'Please confirm');
  return { subject, text: parts.join('\n\n'), html: simpleHtml(parts, subject) };
}
