// The digest's reads and writes, set-based: a whole batch of people in a handful of queries (issue 5's
// 10,000 digests are planned in a few round trips, not tens of thousands).
import { randomBytes } from 'node:crypto';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { DigestRunStatus, UnsubscribeScope } from './schema-digest.js';
import type { Database, TaskStatus } from './schema.js';

type Db = Kysely<Database>;

export interface DigestCandidateRow {
  id: number;
  email: string;
  display_name: string;
  time_zone: string | null;
  digest_hour: number;
  work_days: string;
  last_date: string | null;
  last_sent_at: Date | null;
}

/**
 * Everyone who may get a digest: digests on, not unsubscribed or suppressed (OUT-4, LOOP-9), and with
 * something that could be reported (a live task, one finished in the last days, or a project they lead).
 */
export async function digestCandidates(db: Db, now: Date): Promise<DigestCandidateRow[]> {
  const recent = new Date(now.getTime() - 3 * 86_400_000);
  return db
    .selectFrom('people as p')
    .select((eb) => [
      'p.id',
      'p.email',
      'p.display_name',
      'p.time_zone',
      'p.digest_hour',
      'p.work_days',
      eb.selectFrom('digest_runs as r').select(sql<string>`r.local_date::text`.as('d')).whereRef('r.person_id', '=', 'p.id').orderBy('r.local_date', 'desc').limit(1).as('last_date'),
      eb
        .selectFrom('digest_runs as r')
        .select('r.planned_at')
        .whereRef('r.person_id', '=', 'p.id')
        .where('r.status', '=', 'queued')
        .orderBy('r.local_date', 'desc')
        .limit(1)
        .as('last_sent_at'),
    ])
    .where('p.digest_enabled', '=', true)
    .where('p.unsubscribed_at', 'is', null)
    .where('p.suppressed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('tasks as t')
            .select(sql`1`.as('x'))
            .whereRef('t.owner_id', '=', 'p.id')
            .where((w) => w.or([w('t.status', 'in', ['open', 'blocked']), w.and([w('t.status', '=', 'done'), w('t.completed_at', '>', recent)])])),
        ),
        eb.exists(
          eb
            .selectFrom('projects as pr')
            .select(sql`1`.as('x'))
            .where('pr.status', '=', 'active')
            .where((w) => w.or([w('pr.lead_id', '=', w.ref('p.id')), w.and([w('pr.lead_id', 'is', null), w('pr.requester_id', '=', w.ref('p.id'))])])),
        ),
      ]),
    )
    .orderBy('p.id')
    .execute() as Promise<DigestCandidateRow[]>;
}

export interface OwnTaskRow {
  id: number;
  project_id: number;
  project_name: string;
  number: number;
  title: string;
  status: TaskStatus;
  blocked_reason: string | null;
  due_date: string | null;
  completed_at: Date | null;
  owner_id: number;
}

/**
 * Live tasks (open or blocked), and done ones finished since an instant: `>=` counts a task finished at that
 * very instant (a person's "finished yesterday", from the start of their day); `>` does not (a project's
 * "done since the last digest", which already showed it).
 */
function liveOrDoneSince(doneSince: Date, op: '>=' | '>') {
  return (w: ExpressionBuilder<Database & { t: Database['tasks'] }, 't'>) =>
    w.or([w('t.status', 'in', ['open', 'blocked']), w.and([w('t.status', '=', 'done'), w('t.completed_at', op, doneSince)])]);
}

/** The tasks these people own: live ones, and done ones finished since `doneSince`. */
export function ownTasks(db: Db, personIds: number[], doneSince: Date): Promise<OwnTaskRow[]> {
  if (!personIds.length) return Promise.resolve([]);
  return db
    .selectFrom('tasks as t')
    .innerJoin('projects as pr', 'pr.id', 't.project_id')
    .select(['t.id', 't.project_id', 'pr.name as project_name', 't.number', 't.title', 't.status', 't.blocked_reason', 't.due_date', 't.completed_at', 't.owner_id'])
    .where('t.owner_id', 'in', personIds)
    .where('pr.status', '=', 'active')
    .where(liveOrDoneSince(doneSince, '>='))
    .execute() as Promise<OwnTaskRow[]>;
}

export interface LedProjectRow {
  id: number;
  name: string;
  person_id: number; // the lead, or the requester when the project has no lead
  role: 'lead' | 'requester';
  total: number;
  done: number;
}

/** Active projects these people lead (or asked for, when nobody leads them), with done/total counts. */
export async function ledProjects(db: Db, personIds: number[]): Promise<LedProjectRow[]> {
  if (!personIds.length) return [];
  const rows = await db
    .selectFrom('projects as pr')
    .select((eb) => [
      'pr.id',
      'pr.name',
      'pr.lead_id',
      'pr.requester_id',
      eb.selectFrom('tasks as t').whereRef('t.project_id', '=', 'pr.id').where('t.status', '<>', 'cancelled').select(eb.fn.countAll<number>().as('n')).as('total'),
      eb.selectFrom('tasks as t').whereRef('t.project_id', '=', 'pr.id').where('t.status', '=', 'done').select(eb.fn.countAll<number>().as('n')).as('done'),
    ])
    .where('pr.status', '=', 'active')
    .where((w) => w.or([w('pr.lead_id', 'in', personIds), w.and([w('pr.lead_id', 'is', null), w('pr.requester_id', 'in', personIds)])]))
    .orderBy('pr.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    person_id: (r.lead_id ?? r.requester_id)!,
    role: r.lead_id !== null ? 'lead' : 'requester',
    total: Number(r.total ?? 0),
    done: Number(r.done ?? 0),
  }));
}

export interface ProjectTaskRow {
  id: number;
  project_id: number;
  number: number;
  title: string;
  status: TaskStatus;
  blocked_reason: string | null;
  due_date: string | null;
  completed_at: Date | null;
  owner_id: number | null;
  owner_name: string | null; // a bare name with no address
  owner_display_name: string | null;
  owner_email: string | null;
  owner_suppressed_reason: string | null;
  owner_suppressed: boolean;
}

/** Live tasks of these projects, and done ones finished since `doneSince`, with what we know of owners. */
export function projectTasks(db: Db, projectIds: number[], doneSince: Date): Promise<ProjectTaskRow[]> {
  if (!projectIds.length) return Promise.resolve([]);
  return db
    .selectFrom('tasks as t')
    .leftJoin('people as o', 'o.id', 't.owner_id')
    .select((eb) => [
      't.id',
      't.project_id',
      't.number',
      't.title',
      't.status',
      't.blocked_reason',
      't.due_date',
      't.completed_at',
      't.owner_id',
      't.owner_name',
      'o.display_name as owner_display_name',
      'o.email as owner_email',
      'o.suppressed_reason as owner_suppressed_reason',
      eb('o.suppressed_at', 'is not', null).as('owner_suppressed'),
    ])
    .where('t.project_id', 'in', projectIds)
    .where(liveOrDoneSince(doneSince, '>'))
    .execute() as Promise<ProjectTaskRow[]>;
}

export interface MeetingRow {
  project_id: number;
  title: string;
  start_at: Date;
  awaiting: string[] | null;
}

/**
 * Scheduled meetings of these projects starting in (from, to], with the invitees who have not answered.
 * The meetings tables belong to another feature; this reads them only when they exist (meetingsAvailable).
 */
export async function upcomingMeetings(db: Db, projectIds: number[], from: Date, to: Date): Promise<MeetingRow[]> {
  if (!projectIds.length) return [];
  const { rows } = await sql<MeetingRow>`
    select m.project_id, m.title, m.start_at,
      (select coalesce(array_agg(coalesce(nullif(pe.display_name, ''), pe.email) order by pe.id), '{}')
         from meeting_attendees a join people pe on pe.id = a.person_id
        where a.meeting_id = m.id and a.partstat = 'NEEDS-ACTION' and a.removed_at is null and a.role <> 'CHAIR') as awaiting
      from meetings m
     where m.project_id in (${sql.join(projectIds)}) and m.status = 'scheduled' and m.start_at > ${from} and m.start_at <= ${to}
     order by m.start_at`.execute(db);
  return rows;
}

/**
 * Whether this server can compress TOASTed values with LZ4 (PostgreSQL 14+ built with lz4). A digest's
 * outbox row carries ~40 KB of text, HTML and bytes; pglz, the default, spends most of the insert time
 * compressing them, LZ4 a fraction of it and to nearly the same size. Readers decompress either
 * transparently, so this is a per-transaction choice (preferLz4), not a schema change.
 */
export async function lz4Available(db: Db): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`
    select coalesce(bool_or('lz4' = any(enumvals)), false) as ok from pg_settings where name = 'default_toast_compression'`.execute(db);
  return !!rows[0]?.ok;
}

/** Compress values written by the rest of this transaction with LZ4 (only call when lz4Available). */
export async function preferLz4(trx: Db): Promise<void> {
  await sql`set local default_toast_compression = 'lz4'`.execute(trx);
}

export async function meetingsAvailable(db: Db): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`select to_regclass('meetings') is not null and to_regclass('meeting_attendees') is not null as ok`.execute(db);
  return !!rows[0]?.ok;
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
/** An opaque unsubscribe token: 160 random bits, base32. It says nothing about whom it belongs to. */
export function newUnsubscribeToken(): string {
  const bytes = randomBytes(32);
  let out = 'u';
  for (let i = 0; i < 32; i++) out += TOKEN_ALPHABET[bytes[i]! & 31];
  return out;
}

/** Each person's unsubscribe token for a scope, created on first use (one insert and one read per batch). */
export async function unsubscribeTokens(db: Db, personIds: number[], scope: UnsubscribeScope, now: Date): Promise<Map<number, string>> {
  if (!personIds.length) return new Map();
  await db
    .insertInto('unsubscribe_tokens')
    .values(personIds.map((id) => ({ token: newUnsubscribeToken(), person_id: id, scope, created_at: now, used_at: null })))
    .onConflict((oc) => oc.columns(['person_id', 'scope']).doNothing())
    .execute();
  const rows = await db.selectFrom('unsubscribe_tokens').select(['person_id', 'token']).where('scope', '=', scope).where('person_id', 'in', personIds).execute();
  return new Map(rows.map((r) => [r.person_id, r.token]));
}

export async function findUnsubscribeToken(db: Db, token: string) {
  if (!/^u[a-z2-7]{32}$/.test(token)) return undefined;
  return db
    .selectFrom('unsubscribe_tokens as u')
    .innerJoin('people as p', 'p.id', 'u.person_id')
    .select(['u.token', 'u.person_id', 'u.scope', 'u.used_at', 'p.email', 'p.digest_enabled', 'p.unsubscribed_at'])
    .where('u.token', '=', token)
    .executeTakeFirst();
}

/**
 * Applies an unsubscribe at once (RFC 8058 §4): 'digest' turns the digest off, 'all' stops every
 * non-essential stream (the send job honours people.unsubscribed_at). Digests already queued but not yet
 * sent are withdrawn in the same transaction, so nothing more goes out. Safe to repeat.
 */
export async function applyUnsubscribe(db: Db, token: string, now: Date): Promise<{ email: string; scope: UnsubscribeScope } | null> {
  const t = await findUnsubscribeToken(db, token);
  if (!t) return null;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('unsubscribe_tokens').set({ used_at: now }).where('token', '=', token).where('used_at', 'is', null).execute();
    if (t.scope === 'all') {
      await trx.updateTable('people').set({ unsubscribed_at: now, updated_at: now }).where('id', '=', t.person_id).where('unsubscribed_at', 'is', null).execute();
    } else {
      await trx.updateTable('people').set({ digest_enabled: false, updated_at: now }).where('id', '=', t.person_id).execute();
    }
    await trx
      .updateTable('outbox')
      .set({ status: 'suppressed', last_error: `unsubscribed (${t.scope})`, updated_at: now })
      .where('person_id', '=', t.person_id)
      .where('kind', '=', 'digest')
      .where('status', '=', 'queued')
      .execute();
  });
  return { email: t.email, scope: t.scope };
}

export interface DigestRunInput {
  person_id: number;
  local_date: string;
  status: DigestRunStatus;
  outbox_id: number | null;
  items: number;
  planned_at: Date;
}

export async function recordDigestRuns(db: Db, runs: DigestRunInput[]): Promise<void> {
  for (let i = 0; i < runs.length; i += 1000) {
    await db
      .insertInto('digest_runs')
      .values(runs.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['person_id', 'local_date']).doNothing())
      .execute();
  }
}
