// Builds the exact bytes of an outgoing message. The bytes are stored in the outbox and delivered as
// they are, so what /api/outbox/:id/raw shows is what the recipient got.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export interface Mailbox {
  name: string;
  address: string; // canonical (domain/address.ts)
}

export interface OutgoingMessage {
  from: Mailbox;
  to: Mailbox[];
  cc: Mailbox[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  messageId: string; // without angle brackets
  inReplyTo?: string | null;
  references?: string[];
  date: Date;
  headers: Record<string, string>;
  calendar?: { method: 'REQUEST' | 'CANCEL' | 'REPLY'; content: string };
}

const bracket = (id: string) => `<${id}>`;

/** RFC 5322 §3.6.4: References = parent's References + parent's Message-ID, trimmed to first + last few. */
export function referencesFor(parentReferences: string[], parentMessageId: string | null, max = 20): string[] {
  const all = [...parentReferences, ...(parentMessageId ? [parentMessageId] : [])];
  const unique = all.filter((id, i) => all.indexOf(id) === i);
  return unique.length <= max ? unique : [unique[0]!, ...unique.slice(-(max - 1))];
}

export function buildRaw(m: OutgoingMessage): Promise<Buffer> {
  const composer = new MailComposer({
    from: m.from,
    to: m.to,
    cc: m.cc.length ? m.cc : undefined,
    replyTo: m.replyTo,
    subject: m.subject.replace(/[\r\n]+/g, ' '), // MIME-3: never carry a line break into a header
    text: m.text,
    html: m.html,
    messageId: bracket(m.messageId),
    inReplyTo: m.inReplyTo ? bracket(m.inReplyTo) : undefined,
    references: m.references?.length ? m.references.map(bracket).join(' ') : undefined,
    date: m.date,
    headers: m.headers,
    icalEvent: m.calendar ? { method: m.calendar.method, content: m.calendar.content } : undefined,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((err, message) => (err ? reject(err) : resolve(message)));
  });
}
