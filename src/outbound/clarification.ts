// One short question when a reply could not be understood. Sent at most once per thread and person,
// and never in answer to a reply to a clarification (no loops).
import type { ComposedEmail } from './plan-reply.js';
import { replySubject } from './plan-reply.js';
import { simpleHtml } from './confirmation.js';

export function composeClarification(c: { recipientName: string; originalSubject: string; problem: string; examples: string[] }): ComposedEmail {
  const parts = [
    c.recipientName ? `Hi ${c.recipientName.split(' ')[0]},` : 'Hi,',
    `${c.problem} Nothing has changed.`,
    `You can reply with one of these, one per line:\n${c.examples.map((e) => `  ${e}`).join('\n')}`,
    '— Coordinator',
  ];
  const subject = replySubject(c.originalSubject);
  return { subject, text: parts.join('\n\n'), html: simpleHtml(parts, subject) };
}
