// The digest planner (tick → planners.digests): at an instant, find everyone whose digest is due (their
// local digest hour has passed on a working day and no digest was decided for that local date), load
// what theirs shows in a few set-based queries per batch, compose it, and queue it — or record that
// there was nothing to report. Each batch is one transaction: its outbox rows, their send jobs and the
// digest_runs rows commit together or not at all, so a crash or restart neither skips a day (the batch
// is planned again on the next tick) nor sends one twice (digest:<person>:<local date> is the outbox's
// idempotency key, and digest_runs has one row per person and local date: REL-3, REL-7).
import type { Kysely } from 'kysely';
import { composeDigest, type DigestSettings } from '../outbound/digest.js';
import { digestRaw } from '../outbound/digest-mime.js';
import { digestCandidates, lz4Available, meetingsAvailable, preferLz4, recordDigestRuns, unsubscribeTokens, type DigestRunInput } from '../store/digests.js';
import type { Database } from '../store/schema.js';
import { digestDue } from './build-digest-schedule.js';
import { loadDigestInputs, type DigestRecipient } from './build-digest.js';
import type { CoordinateDeps } from './context.js';
import { queueEmails, type EmailIntent } from './queue-email.js';

export interface DigestPlanSettings extends DigestSettings {
  enabled: boolean;
  spreadMinutes: number;
  fallbackZone: string;
  batchSize: number;
  /**
   * Batches planned at once, each in its own transaction on its own connection: while one batch waits on
   * the database, the next one's digests are composed. 1 plans them one after another.
   */
  parallelBatches: number;
}

export const defaultDigestSettings: DigestPlanSettings = {
  enabled: true,
  spreadMinutes: 10,
  riskOverduePerOwner: 2,
  escalationDays: 3,
  fallbackZone: 'UTC',
  batchSize: 1000,
  parallelBatches: 2,
};

/** The digest settings from the service config when the deps carry it (deps.ts), else the defaults. */
export function digestSettings(deps: CoordinateDeps): DigestPlanSettings {
  const config = (deps as CoordinateDeps & { config?: { defaultTimeZone?: string; digest?: Partial<DigestPlanSettings> } }).config;
  return { ...defaultDigestSettings, ...config?.digest, fallbackZone: config?.defaultTimeZone ?? defaultDigestSettings.fallbackZone };
}

/** The optional batch form of JobQueue.enqueue (see queueEmails). */
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
  const lz4 = await lz4Available(deps.db);
  const batches: DigestRecipient[][] = [];
  for (let i = 0; i < due.length; i += settings.batchSize) batches.push(due.slice(i, i + settings.batchSize));
  // Batches are independent (disjoint people, so disjoint keys); a failed one stops the others from
  // starting, and whatever did not commit is planned again on the next tick.
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < batches.length) {
      const batch = batches[next++]!;
      try {
        const r = await deps.db.transaction().execute(async (trx) => {
          if (lz4) await preferLz4(trx);
          return queueDigestBatch(deps, trx, batch, now, settings, meetings);
        });
        result.queued += r.queued;
        result.empty += r.empty;
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(settings.parallelBatches, batches.length)) }, worker);
  const settled = await Promise.allSettled(workers);
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
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
