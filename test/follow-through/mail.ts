// Replies as real clients write them (Gmail, Outlook, Apple Mail), addressed to the reply token of one
// of our messages, with the message they answer quoted below the new text.
import { simpleParser } from 'mailparser';
import type { TestService } from '../support/service.js';

export type Client = 'gmail' | 'outlook' | 'apple';

export interface Ours {
  id: number;
  kind: string;
  to: string[];
  cc: string[];
  subject: string;
  messageId: string;
  inReplyTo: string | null;
  text: string;
  status: string;
  headers: Record<string, string>;
  replyTo: string;
}

export async function outbox(svc: TestService): Promise<Ours[]> {
  const rows = (await svc.api<{ messages: Omit<Ours, 'replyTo'>[] }>('/api/outbox')).body.messages;
  return rows.map((r) => ({ ...r, replyTo: '' }));
}

/** Our message with its Reply-To (the token address), read from the exact bytes we sent. */
export async function withToken(svc: TestService, m: Ours): Promise<Ours> {
  const raw = Buffer.from(await (await fetch(`${svc.base}/api/outbox/${m.id}/raw`)).arrayBuffer());
  const parsed = await simpleParser(raw);
  return { ...m, replyTo: parsed.replyTo?.value[0]?.address ?? '' };
}

let seq = 0;
const quote = (text: string) => text.split('\n').map((l) => `> ${l}`).join('\n');

export function replyTo(
  ours: Ours,
  r: { client: Client; from: { name: string; address: string }; body: string; to?: string; date?: string; offset?: string; extraHeaders?: string },
): { raw: string; messageId: string } {
  const n = ++seq;
  const date = r.date ?? 'Mon, 10 Mar 2025 10:00:00';
  const offset = r.offset ?? '+0000';
  const to = r.to ?? ours.replyTo;
  const subject = r.client === 'outlook' ? `RE: ${ours.subject}` : `Re: ${ours.subject}`;
  const messageId = r.client === 'gmail' ? `CAgm${n}x${Date.now()}@mail.gmail.com` : r.client === 'outlook' ? `BN9PR11MB${n}${Date.now()}@BN9PR11MB.namprd11.prod.outlook.com` : `A1B2C3D4-${n}-${Date.now()}@contoso.com`;
  const head = [
    `From: ${r.from.name} <${r.from.address}>`,
    `To: Coordinator <${to}>`,
    `Subject: ${subject}`,
    `Date: ${date} ${offset}`,
    `Message-ID: <${messageId}>`,
    `In-Reply-To: <${ours.messageId}>`,
    `References: <${ours.messageId}>`,
    ...(r.client === 'outlook' ? [`Thread-Topic: ${ours.subject}`, 'Content-Language: en-US'] : []),
    ...(r.client === 'apple' ? ['X-Mailer: Apple Mail (2.3826.400.120.1.3)'] : []),
    ...(r.extraHeaders ? [r.extraHeaders] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ].join('\r\n');
  let body: string;
  if (r.client === 'gmail') {
    body = `${r.body}\n\nOn Mon, Mar 10, 2025 at 9:00 AM Coordinator <coordinator@contoso.com> wrote:\n\n${quote(ours.text)}\n`;
  } else if (r.client === 'outlook') {
    body = `${r.body}\n\n${r.from.name} | Contoso\nM +1 415 555 0142\n\nFrom: Coordinator <coordinator@contoso.com>\nSent: Monday, March 10, 2025 9:00 AM\nTo: ${r.from.name} <${r.from.address}>\nSubject: ${ours.subject}\n\n${ours.text}\n`;
  } else {
    body = `${r.body}\n\n${r.from.name.split(' ')[0]}\n\n> On Mar 10, 2025, at 9:00 AM, Coordinator <coordinator@contoso.com> wrote:\n>\n${quote(ours.text)}\n`;
  }
  return { raw: `${head}\r\n\r\n${body.replace(/\n/g, '\r\n')}`, messageId };
}
