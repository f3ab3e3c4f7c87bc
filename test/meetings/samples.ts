// iTIP REPLY mails in the shape Outlook/Exchange and Google Calendar send them (test/fixtures/mail), re-addressed to a
// meeting of ours: only the UID, the attendee, PARTSTAT, SEQUENCE and the threading headers change; the
// MIME structure, encodings and client quirks stay as the client wrote them.
import { mail } from '../support/fixtures.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

function rewriteIcs(ics: string, o: ReplyOptions): string {
  return ics
    .replace(/^UID:.*(\r?\n[ \t].*)*/m, `UID:${o.uid}`)
    .replace(/^SEQUENCE:\d+/m, `SEQUENCE:${o.sequence ?? 0}`)
    .replace(/^DTSTAMP:\d{8}T\d{6}Z/m, `DTSTAMP:${(o.dtstamp ?? '20250225T101500Z')}`)
    .replace(/^ATTENDEE;(.*(\r?\n[ \t].*)*)/m, (line) =>
      line
        .replace(/PARTSTAT=[A-Z-]+/, `PARTSTAT=${o.partstat}`)
        .replace(/CN=([^;:]|\r?\n[ \t])*/, `CN=${o.name}`)
        .replace(/mailto:([^\s]|\r?\n[ \t])*$/i, `mailto:${o.attendee ?? o.from}`),
    )
    .replace(/^(ORGANIZER[^\r\n]*mailto:)\S+/im, `$1${o.organizer ?? 'coordinator@contoso.com'}`);
}

export interface ReplyOptions {
  from: string;
  name: string;
  attendee?: string; // the ATTENDEE the REPLY names (default: from)
  uid: string;
  partstat: 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';
  sequence?: number;
  dtstamp?: string; // 20250225T101500Z
  messageId: string;
  inReplyTo?: string | null;
  organizer?: string;
}

function headers(raw: string, o: ReplyOptions, subject: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const h = head!
    .replace(/^From:.*$/m, `From: ${o.name} <${o.from}>`)
    .replace(/^Reply-To:.*$/m, `Reply-To: ${o.name} <${o.from}>`)
    .replace(/^Subject:.*$/m, `Subject: ${subject}`)
    .replace(/^Message-ID:.*$/im, `Message-ID: <${o.messageId}>`)
    .replace(/^In-Reply-To:.*$/im, o.inReplyTo ? `In-Reply-To: <${o.inReplyTo}>` : 'X-No-In-Reply-To: 1')
    .replace(/^References:.*$/im, o.inReplyTo ? `References: <${o.inReplyTo}>` : 'X-No-References: 1')
    .replace(/^Date:.*$/m, 'Date: Tue, 25 Feb 2025 10:15:00 +0000');
  return [h, ...rest].join('\r\n\r\n');
}

const word = { ACCEPTED: 'Accepted', DECLINED: 'Declined', TENTATIVE: 'Tentative' } as const;

/** Exchange 2010 / Outlook REPLY: base64 text/calendar in multipart/alternative, Windows TZID. */
export function outlookReply(o: ReplyOptions): Buffer {
  let raw = mail('calendar-accept-outlook').toString('latin1').replace(/\r?\n/g, '\r\n');
  const m = /(Content-Type: text\/calendar[^\r\n]*\r\nContent-Transfer-Encoding: base64\r\n\r\n)([A-Za-z0-9+/=\r\n]+?)(\r\n--)/.exec(raw)!;
  const ics = Buffer.from(m[2]!.replace(/\r\n/g, ''), 'base64').toString('utf8');
  raw = raw.replace(m[0], m[1] + b64(rewriteIcs(ics, o)) + m[3]);
  return Buffer.from(headers(raw, o, `${word[o.partstat]}: Kickoff`), 'latin1');
}

/** Google Calendar REPLY: 7bit text/calendar plus a base64 invite.ics in multipart/mixed. */
export function googleReply(o: ReplyOptions): Buffer {
  let raw = mail('calendar-decline-google').toString('latin1').replace(/\r?\n/g, '\r\n');
  raw = raw.replace(/(method=REPLY\r\nContent-Transfer-Encoding: 7bit\r\n\r\n)(BEGIN:VCALENDAR[\s\S]*?END:VCALENDAR)/, (_a, h: string, ics: string) => h + rewriteIcs(ics, o));
  raw = raw.replace(/(filename="invite.ics"\r\n\r\n)([A-Za-z0-9+/=\r\n]+?)(\r\n--)/, (_a, h: string, body: string, t: string) => h + b64(rewriteIcs(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8'), o)) + t);
  return Buffer.from(headers(raw, o, `${word[o.partstat]}: Kickoff (${o.from})`), 'latin1');
}
