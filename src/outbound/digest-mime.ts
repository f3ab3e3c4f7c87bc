// The bytes of a digest, composed directly. nodemailer's MailComposer (outbound/mime.ts) is the general
// composer, but it streams every message through several transforms and costs milliseconds each; ten
// thousand digests a morning would spend most of their planning time there. A digest has one fixed
// shape — multipart/alternative with a text and an HTML part, no attachments, no calendar — so it is
// written out here in one pass, with nodemailer's own header encoders for anything that came from people
// (names, subjects: RFC 2047 encoded-words, folded at 76 characters, RFC 5322 §2.2.3).
import { randomBytes } from 'node:crypto';
import { encodeWords, foldLines, quoteString } from 'nodemailer/lib/mime-funcs/index.js';
import type { OutgoingMessage } from './mime.js';

const CRLF = '\r\n';
const NEEDS_ENCODING = /[^\x20-\x7e]/;
// MIME-3/OUT-7: nothing that reaches a header may carry a line break or other control character.
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

function mailbox(m: { name: string; address: string }): string {
  const name = oneLine(m.name);
  if (!name) return m.address;
  const phrase = NEEDS_ENCODING.test(name) ? encodeWords(name, 'Q', 52, true) : quoteString(name);
  return `${phrase} <${m.address}>`;
}

function header(name: string, value: string): string {
  return foldLines(`${name}: ${value}`, 76).replace(/\r?\n/g, CRLF).replace(/(\r\n)+$/, '');
}

function base64Lines(s: string): string {
  const b = Buffer.from(s, 'utf8').toString('base64');
  let out = '';
  for (let i = 0; i < b.length; i += 76) out += b.slice(i, i + 76) + CRLF;
  return out;
}

/** RFC 5322 date-time in UTC. */
function rfc5322Date(d: Date): string {
  return d.toUTCString().replace(/GMT$/, '+0000');
}

/** A digest (or any text + HTML message without attachments) as RFC 5322 bytes. */
export function digestRaw(m: OutgoingMessage): Buffer {
  if (m.calendar || m.cc.length || m.inReplyTo || m.references?.length) throw new Error('digestRaw composes plain digests only');
  const boundary = `--_digest_${randomBytes(12).toString('hex')}`;
  const subject = oneLine(m.subject);
  const lines = [
    ...Object.entries(m.headers).map(([k, v]) => header(k, oneLine(v))),
    header('From', mailbox(m.from)),
    header('To', m.to.map(mailbox).join(', ')),
    ...(m.replyTo ? [header('Reply-To', m.replyTo)] : []),
    header('Subject', NEEDS_ENCODING.test(subject) ? encodeWords(subject, 'Q', 52, true) : subject),
    `Message-ID: <${m.messageId}>`,
    `Date: ${rfc5322Date(m.date)}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(m.text) + `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(m.html ?? '') + `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join(CRLF), 'utf8');
}
