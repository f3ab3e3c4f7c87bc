// receive(): the one door every inbound channel goes through. The raw bytes are committed (deduplicated)
// together with the job that will process them, and only then does the caller acknowledge the sender
// (REL-1). Anything that goes wrong before the commit throws, so the channel answers "try again later".
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../domain/clock.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Database } from '../store/schema.js';

export type Channel = 'smtp' | 'imap' | 'ses' | 'http' | 'cloudflare' | 'cli';

export interface ReceiveInput {
  channel: Channel;
  raw: Buffer;
  mailFrom?: string | null; // envelope sender ('' for a null reverse-path)
  rcptTo?: string[];
  remoteAddress?: string | null;
  helo?: string | null; // the SMTP session's HELO/EHLO name (our own listener), for sender authentication
  providerId?: string; // the channel's own id (IMAP mailbox/uidvalidity/uid, SES message id) when it has one
}

export interface ReceiveResult {
  id: number;
  duplicate: boolean;
}

export interface ReceiveDeps {
  db: Kysely<Database>;
  queue: Pick<JobQueue, 'enqueue'> & Partial<Pick<JobQueue, 'wake'>>;
  clock: Clock;
}

// Trace fields that relays prepend; the same message arriving by two paths differs only in these.
const TRACE = /^(received|return-path|delivered-to|x-original-to|x-received|arc-[a-z-]+|authentication-results|received-spf|dkim-signature|x-google-smtp-source|x-gm-message-state):/i;

/** Splits the header block off cheaply (no MIME parse): unfolded header lines and the body offset. */
export function headerLines(raw: Buffer): { lines: string[]; bodyOffset: number } {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const m = /\r?\n\r?\n/.exec(head);
  const end = m ? m.index : head.length;
  const lines: string[] = [];
  for (const line of head.slice(0, end).split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && lines.length) lines[lines.length - 1] += ' ' + line.trim();
    else lines.push(line);
  }
  return { lines, bodyOffset: m ? m.index + m[0].length : raw.length };
}

// Text columns cannot hold NUL (Postgres refuses it) and control characters say nothing: a message whose
// Message-ID or envelope carries them is stored with them removed (the raw bytes stay exact), so it is
// never refused with a temporary error that every retry would meet again.
const CONTROL = /[\u0000-\u001f\u007f]/g;
const clean = (s: string) => s.replace(CONTROL, '');

export function messageIdOf(lines: string[]): string | null {
  const line = lines.find((l) => /^message-id:/i.test(l));
  const m = line && /<([^<>\s]+)>/.exec(line);
  const id = m ? m[1]! : line?.slice(11).trim();
  return id ? clean(id).slice(0, 998) || null : null;
}

/**
 * Dedupe key (REL-2): the channel's own id when it has one; otherwise Message-ID plus a hash of the
 * message without its trace fields, so a retried delivery is recognised while a different message
 * that reuses (or forges) a Message-ID is still taken.
 */
export function dedupeKey(input: ReceiveInput, lines: string[], bodyOffset: number): { key: string; sha: string } {
  const sha = createHash('sha256').update(input.raw).digest('hex');
  if (input.providerId) return { key: `${input.channel}:${input.providerId}`, sha };
  // No end of the header block within the first 256 KiB: the whole message is hashed, so two messages
  // that share only their beginning are never taken for one.
  if (bodyOffset >= input.raw.length) return { key: `mid:${messageIdOf(lines) ?? '-'}:${sha}`, sha };
  const h = createHash('sha256');
  for (const l of lines) if (!TRACE.test(l)) h.update(l + '\n');
  h.update(input.raw.subarray(bodyOffset));
  return { key: `mid:${messageIdOf(lines) ?? '-'}:${h.digest('hex')}`, sha };
}

export async function receive(deps: ReceiveDeps, input: ReceiveInput): Promise<ReceiveResult> {
  const { lines, bodyOffset } = headerLines(input.raw);
  const { key, sha } = dedupeKey(input, lines, bodyOffset);
  const result = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('inbound_messages')
      .values({
        channel: input.channel,
        dedupe_key: key,
        message_id: messageIdOf(lines),
        content_sha256: sha,
        raw: input.raw,
        size: input.raw.length,
        mail_from: input.mailFrom == null ? null : clean(input.mailFrom),
        rcpt_to: JSON.stringify((input.rcptTo ?? []).map(clean)),
        remote_address: input.remoteAddress ?? null,
        classification: null,
        understanding: null,
        error: null,
        project_id: null,
        received_at: deps.clock.now(),
        processed_at: null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom('inbound_messages').select('id').where('dedupe_key', '=', key).executeTakeFirstOrThrow();
      return { id: existing.id, duplicate: true };
    }
    if (input.helo) await trx.insertInto('inbound_auth').values({ inbound_id: inserted.id, helo: clean(input.helo).slice(0, 255), verdict: null, checked_at: null }).execute();
    await deps.queue.enqueue(trx, 'inbound-process', { inboundId: inserted.id });
    return { id: inserted.id, duplicate: false };
  });
  if (!result.duplicate) deps.queue.wake?.('inbound-process');
  return result;
}
