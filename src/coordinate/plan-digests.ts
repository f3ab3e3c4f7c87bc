// The digest planner (tick → planners.digests): at an instant, find everyone whose digest is due (their
// local digest hour has passed on a working day and no digest was decided for that local date), load
// what theirs shows in a few set-based queries per batch, compose it, and queue it — or record that
// there was nothing to report. Each batch is one transaction: its outbox rows, their send jobs and the
// digest_runs rows commit together or not at all, so a crash or restart neither skips a day (the batch
// is planned again on the next tick) nor sends one twice (digest:<person>:<local date> is the outbox's
// idempotency key, and digest_runs has one row per person and local date: REL-3, REL-7).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newReplyToken, replyAddress } from '../domain/reply-token.js';
import { composeDigest, type DigestSettings } from '../outbound/digest.js';
import { digestRaw } from '../outbound/digest-mime.js';
import { buildRaw, type OutgoingMessage } from '../outbound/mime.js';
import { digestCandidates, meetingsAvailable, recordDigestRuns, unsubscribeTokens, type DigestRunInput } from '../store/digests.js';
import type { Database, NewOutboxRow } from '../store/schema.js';
import { digestDue } from './build-digest-schedule.js';
import { loadDigestInputs, type DigestRecipient } from './build-digest.js';
import type { CoordinateDeps } from './context.js';
import type { EmailIntent } from './queue-email.js';

export interface DigestPlanSettings extends DigestSettings {
  enabled: boolean;
  spreadMinutes: number;
  fallbackZone: string;
  batchSize: number;
}

export const defaultDigestSettings: DigestPlanSettings = {
  enabled: true,
  spreadMinutes: 10,
  riskOverduePerOwner: 2,
  escalationDays: 3,
  fallbackZone: 'UTC',
  batchSize: 1000,
};

/** The digest settings from the service config when the deps carry it (deps.ts), else the defaults. */
export function digestSettings(deps: CoordinateDeps): DigestPlanSettings {
  const config = (deps as CoordinateDeps & { config?: { defaultTimeZone?: string; digest?: Partial<DigestPlanSettings> } }).config;
  return { ...defaultDigestSettings, ...config?.digest, fallbackZone: config?.defaultTimeZone ?? defaultDigestSettings.fallbackZone };
}

/** The optional batch form of JobQueue.enqueue (see queueEmails). */
export interface BatchQueue {
  enqueueMany(tx: Kysely<Database>, name: 'outbox-send', items: { outboxId: number }[]): Promise<void>;
}

export const digestKey = (personId: number, localDate: string) => `digest:${personId}:${localDate}`;

export async function planDigests(deps: CoordinateDeps, now: Date, settings: DigestPlanSettings = digestSettings(deps)): Promise<Record<string, number>> {
  if (!settings.enabled) return { queued: 0 };
  const candidates = await digestCandidates(deps.db, now);
  const due: DigestRecipient[] = [];
  for (const person of candidates) {
    const d = digestDue(
      person.id,
      { zone: person.time_zone, hour: person.digest_hour, workDays: person.work_days, lastDate: person.last_date },
      now,
      { fallbackZone: settings.fallbackZone, spreadMinutes: settings.spreadMinutes },
    );
    if (d) due.push({ person, due: d });
  }
  const result = { due: due.length, queued: 0, empty: 0 };
  if (!due.length) return result;
  const meetings = await meetingsAvailable(deps.db);
  for (let i = 0; i < due.length; i += settings.batchSize) {
    const batch = due.slice(i, i + settings.batchSize);
    const r = await deps.db.transaction().execute((trx) => queueDigestBatch(deps, trx, batch, now, settings, meetings));
    result.queued += r.queued;
    result.empty += r.empty;
  }
  return result;
}

async function queueDigestBatch(
  deps: CoordinateDeps,
  trx: Kysely<Database>,
  batch: DigestRecipient[],
  now: Date,
  settings: DigestPlanSettings,
  meetings: boolean,
): Promise<{ queued: number; empty: number }> {
  const t0 = performance.now();
  const base = deps.identity.publicUrl.replace(/\/$/, '');
  const tokens = await unsubscribeTokens(trx, batch.map((r) => r.person.id), 'digest', now);
  const inputs = await loadDigestInputs(trx, batch, {
    now,
    publicUrl: base,
    unsubscribeUrls: new Map([...tokens].map(([id, t]) => [id, `${base}/u/${t}`])),
    settings,
    meetings,
  });
  const t1 = performance.now();
  const intents: EmailIntent[] = [];
  const runs: DigestRunInput[] = [];
  for (let i = 0; i < batch.length; i++) {
    const { person, due } = batch[i]!;
    const input = inputs[i]!;
    const d = composeDigest(input);
    const items = Object.keys(d.items).length;
    const empty = !items && !d.counts.finished && !d.counts.projects;
    runs.push({ person_id: person.id, local_date: due.localDate, status: empty ? 'empty' : 'queued', outbox_id: null, items, planned_at: now });
    if (empty) continue; // nothing to report → no email
    const token = tokens.get(person.id)!;
    intents.push({
      kind: 'digest',
      idempotencyKey: digestKey(person.id, due.localDate),
      to: [{ name: person.display_name, address: person.email }],
      subject: d.subject,
      text: d.text,
      html: d.html,
      autoSubmitted: 'auto-generated', // RFC 3834 §5: scheduled, not caused by a message (LOOP-5)
      extraHeaders: {
        // RFC 2919: the digest is its own list; RFC 2369 + RFC 8058: one-click unsubscribe (OUT-2).
        'List-Id': `Coordinator daily digest <digest.${deps.identity.domain}>`,
        'List-Unsubscribe': `<${base}/u/${token}>, <mailto:unsubscribe+${token}@${deps.identity.domain}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      personId: person.id,
      notAfter: due.notAfter,
      // The numbers shown → task ids, for the reply handler ("done 2" → items["2"]).
      context: { items: d.items, localDate: due.localDate, projects: input.projects.map((p) => p.id) },
    });
  }
  const t2 = performance.now();
  const created = await queueEmails(deps, trx, intents, digestRaw);
  const t3 = performance.now();
  for (const run of runs) {
    const id = created.get(digestKey(run.person_id, run.local_date));
    if (id) run.outbox_id = id;
  }
  await recordDigestRuns(trx, runs);
  const ms = (a: number, b: number) => Math.round(b - a);
  deps.log.debug({ people: batch.length, loadMs: ms(t0, t1), composeMs: ms(t1, t2), queueMs: ms(t2, t3), runsMs: ms(t3, performance.now()) }, 'digest batch planned');
  return { queued: created.size, empty: runs.filter((r) => r.status === 'empty').length };
}

/**
 * queueEmail (queue-email.ts) for many emails at once: the same Message-ID, reply token, headers, bytes
 * and idempotency rule, but multi-row inserts instead of a round trip per email. Returns the ids of the
 * rows this call created, by idempotency key; a key that already exists creates nothing (no second job).
 */
export async function queueEmails(
  deps: CoordinateDeps,
  trx: Kysely<Database>,
  intents: EmailIntent[],
  compose: (m: OutgoingMessage) => Buffer | Promise<Buffer> = buildRaw,
): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  if (!intents.length) return created;
  const now = deps.clock.now();
  const { identity } = deps;
  const rows: NewOutboxRow[] = [];
  const t0 = performance.now();
  for (const e of intents) {
    const messageId = `${randomUUID()}@${identity.domain}`;
    const token = newReplyToken(deps.secret, e.to[0]!.address);
    const headers: Record<string, string> = {
      'Auto-Submitted': e.autoSubmitted,
      'X-Auto-Response-Suppress': 'All', // LOOP-5
      'X-Coordinator-Loop': identity.instanceId,
      ...e.extraHeaders,
    };
    const raw = await compose({
      from: { name: identity.name, address: identity.address },
      to: e.to,
      cc: e.cc ?? [],
      replyTo: replyAddress(token, identity.domain),
      subject: e.subject,
      text: e.text,
      html: e.html,
      messageId,
      inReplyTo: e.inReplyTo ?? null,
      references: e.references ?? [],
      date: now,
      headers,
    });
    rows.push({
      kind: e.kind,
      idempotency_key: e.idempotencyKey,
      message_id: messageId,
      in_reply_to: e.inReplyTo ?? null,
      references: JSON.stringify(e.references ?? []),
      from_address: identity.address,
      to: JSON.stringify(e.to.map((m) => m.address)),
      cc: JSON.stringify((e.cc ?? []).map((m) => m.address)),
      subject: e.subject,
      headers: JSON.stringify(headers),
      text: e.text,
      html: e.html ?? null,
      raw,
      reply_token: token,
      lease_until: null,
      not_after: e.notAfter ?? null,
      provider_message_id: null,
      last_error: null,
      project_id: e.projectId ?? null,
      task_id: e.taskId ?? null,
      person_id: e.personId ?? null,
      inbound_id: e.inboundId ?? null,
      context: JSON.stringify(e.context ?? {}),
      created_at: now,
      updated_at: now,
      sent_at: null,
    });
  }
  const t1 = performance.now();
  const inserted: { id: number; idempotency_key: string; message_id: string; project_id: number | null; task_id: number | null }[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    inserted.push(
      ...(await trx
        .insertInto('outbox')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning(['id', 'idempotency_key', 'message_id', 'project_id', 'task_id'])
        .execute()),
    );
  }
  const t2 = performance.now();
  if (!inserted.length) return created;
  for (let i = 0; i < inserted.length; i += 1000) {
    await trx
      .insertInto('message_index')
      .values(inserted.slice(i, i + 1000).map((r) => ({ message_id: r.message_id, project_id: r.project_id, task_id: r.task_id, outbox_id: r.id, inbound_id: null, created_at: now })))
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  }
  const t3 = performance.now();
  // One send job per row. A queue that can insert many jobs in one statement (pg-boss insert()) is
  // used when it offers enqueueMany; otherwise one enqueue per row, in this same transaction.
  const many = (deps.queue as Partial<BatchQueue>).enqueueMany;
  if (many) await many.call(deps.queue, trx, 'outbox-send', inserted.map((r) => ({ outboxId: r.id })));
  else for (const r of inserted) await deps.queue.enqueue(trx, 'outbox-send', { outboxId: r.id });
  for (const r of inserted) created.set(r.idempotency_key, r.id);
  const ms = (a: number, b: number) => Math.round(b - a);
  deps.log.debug({ emails: intents.length, rawMs: ms(t0, t1), outboxMs: ms(t1, t2), indexMs: ms(t2, t3), jobsMs: ms(t3, performance.now()) }, 'emails queued');
  return created;
}
