// Decides whether a message may be answered at all, before any understanding happens.
import type { ParsedEmail } from '../parse/types.js';
import type { Identity } from './context.js';

export type Silence =
  | { reason: 'own_mail'; detail: string } // LOOP-6: our own mail came back
  | { reason: 'automated'; detail: string } // LOOP-1..3, LOOP-8/9: a machine wrote it
  | { reason: 'loop_suspected'; detail: string }; // LOOP-7: too many hops or references

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Our own mail coming back, however it is wrapped: sent from our addresses, carrying our loop marker, a
// Message-ID we minted, a forwarded header block written by us, or one of our reply addresses in the
// body (a forward or an echo that copied our headers or text). Reply addresses in this message's *own*
// To/Cc are how people answer us, so only the body is searched for them.
const oursFor = (id: Identity) => (a: string | null | undefined) =>
  !!a && (a === id.address || (a.endsWith(`@${id.domain}`) && /^(reply\+|coordinator(\+|@)|unsubscribe\+)/.test(a)));

/** Sent by us, or a byte copy of what we sent: our address, our loop marker, a Message-ID we minted. */
function directlyOurs(email: ParsedEmail, envelopeFrom: string | null, id: Identity): string | null {
  const ours = oursFor(id);
  if (ours(email.from?.address) || ours(envelopeFrom)) return `from ${email.from?.address ?? envelopeFrom}`;
  if ((email.headers['x-coordinator-loop'] ?? []).some((v) => v.trim() === id.instanceId)) return 'carries our loop marker';
  if (email.messageId && /^[0-9a-f-]{36}@/i.test(email.messageId) && email.messageId.toLowerCase().endsWith(`@${id.domain}`))
    return `our Message-ID ${email.messageId}`;
  return null;
}

/** Our mail wrapped in someone else's: a forwarded block written by us, our marker, Message-ID or reply address in the body. */
export function wrapsOurMail(email: ParsedEmail, id: Identity, raw?: Buffer): string | null {
  const ours = oursFor(id);
  for (const f of email.forwarded) if (ours(f.from?.address)) return `forwards our mail (From: ${f.from!.address})`;
  const domain = escape(id.domain);
  const inBody = new RegExp(
    `(?:^x-coordinator-loop:[ \\t]*${escape(id.instanceId)}\\b|^message-id:[ \\t]*<[0-9a-f-]{36}@${domain}>|\\breply\\+[a-z0-9]{20,64}@${domain}\\b)`,
    'im',
  );
  const body = raw ? bodyOf(raw) : '';
  for (const [where, s] of [['text', email.text], ['html', email.html ?? ''], ['body', body]] as const) {
    const m = inBody.exec(s);
    if (m) return `our ${/^x-coord/i.test(m[0]) ? 'loop marker' : /^message-id/i.test(m[0]) ? 'Message-ID' : 'reply address'} in the ${where}`;
  }
  return null;
}

/** Everything after the top-level header block (embedded messages keep their headers there). */
function bodyOf(raw: Buffer): string {
  const head = raw.subarray(0, Math.min(raw.length, 4 * 1024 * 1024)).toString('latin1');
  const m = /\r?\n\r?\n/.exec(head);
  return m ? head.slice(m.index) : '';
}

export function silenceReason(email: ParsedEmail, envelopeFrom: string | null, id: Identity, raw?: Buffer): Silence | null {
  const own = directlyOurs(email, envelopeFrom, id);
  if (own) return { reason: 'own_mail', detail: own };
  // a bounce or an out-of-office often carries our message inside: it is still handled as what it is
  if (email.automated) return { reason: 'automated', detail: `${email.automated.kind}: ${email.automated.reason}` };
  const wrapped = wrapsOurMail(email, id, raw);
  if (wrapped) return { reason: 'own_mail', detail: wrapped };
  if (envelopeFrom === '') return { reason: 'automated', detail: 'null reverse-path' };
  if ((email.headers['received'] ?? []).length > 100) return { reason: 'loop_suspected', detail: 'more than 100 Received fields' };
  if (email.references.length > 100) return { reason: 'loop_suspected', detail: 'more than 100 References' };
  return null;
}
