// Repositories for the follow-through tables: nudge log, applied commands (undo), pending commands
// (lead confirmation), person events and workspace settings. Plain functions, db first.
import type { Kysely } from 'kysely';
import { defaultNudgePolicy, type NudgePolicy } from '../domain/working-time.js';
import type { AppliedCommand, PendingCommand, TaskChange } from './schema-follow-through.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export async function getNudgePolicy(db: Db): Promise<NudgePolicy> {
  const row = await db.selectFrom('workspace_settings').select('value').where('key', '=', 'nudges').executeTakeFirst();
  const v = (row?.value ?? {}) as Partial<NudgePolicy>;
  const num = (x: unknown, d: number) => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? Math.floor(x) : d);
  return {
    repeatEveryWorkingDays: num(v.repeatEveryWorkingDays, defaultNudgePolicy.repeatEveryWorkingDays),
    escalateFromWorkingDay: num(v.escalateFromWorkingDay, defaultNudgePolicy.escalateFromWorkingDay),
    awayDefaultDays: num(v.awayDefaultDays, defaultNudgePolicy.awayDefaultDays),
    awayMaxDays: num(v.awayMaxDays, defaultNudgePolicy.awayMaxDays),
  };
}

export async function setWorkspaceSetting(db: Db, key: string, value: unknown, now: Date): Promise<void> {
  await db
    .insertInto('workspace_settings')
    .values({ key, value: JSON.stringify(value), updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
    .execute();
}

/** Open, owned, dated tasks whose owner may be nudged now (not unsubscribed, suppressed, away or snoozed). */
export function nudgeCandidates(db: Db, now: Date) {
  return db
    .selectFrom('tasks')
    .innerJoin('people as owner', 'owner.id', 'tasks.owner_id')
    .innerJoin('projects', 'projects.id', 'tasks.project_id')
    .leftJoin('people as lead', 'lead.id', 'projects.lead_id')
    .select([
      'tasks.id',
      'tasks.number',
      'tasks.title',
      'tasks.due_date',
      'tasks.due_tz',
      'tasks.project_id',
      'projects.name as project_name',
      'owner.id as owner_id',
      'owner.email as owner_email',
      'owner.display_name as owner_name',
      'owner.time_zone as owner_zone',
      'owner.work_start',
      'owner.work_end',
      'owner.work_days',
      'lead.id as lead_id',
      'lead.email as lead_email',
      'lead.display_name as lead_name',
      'lead.unsubscribed_at as lead_unsubscribed_at',
      'lead.suppressed_at as lead_suppressed_at',
    ])
    .where('tasks.status', '=', 'open')
    .where('tasks.due_date', 'is not', null)
    .where('projects.status', '=', 'active')
    .where('owner.unsubscribed_at', 'is', null)
    .where('owner.suppressed_at', 'is', null)
    .where((eb) => eb.or([eb('owner.away_until', 'is', null), eb('owner.away_until', '<=', now)]))
    .where((eb) => eb.or([eb('tasks.snoozed_until', 'is', null), eb('tasks.snoozed_until', '<=', now)]))
    .orderBy('tasks.owner_id')
    .orderBy('tasks.due_date')
    .orderBy('tasks.id')
    .execute();
}
export type NudgeCandidate = Awaited<ReturnType<typeof nudgeCandidates>>[number];

export async function nudgedSlots(db: Db, taskIds: number[]): Promise<Set<string>> {
  if (!taskIds.length) return new Set();
  const rows = await db.selectFrom('task_nudges').select(['task_id', 'slot']).where('task_id', 'in', taskIds).execute();
  return new Set(rows.map((r) => `${r.task_id}|${r.slot}`));
}

/** Whether this person already has their nudge for this local date (a superseded one waits to be re-planned). */
export async function nudgedOn(db: Db, personId: number, localDate: string): Promise<boolean> {
  const row = await db.selectFrom('nudge_log').select('id').where('person_id', '=', personId).where('local_date', '=', localDate).where('superseded_at', 'is', null).executeTakeFirst();
  return !!row;
}

/**
 * Claims (person, local date), or re-claims it after its queued nudge was superseded; null when someone
 * already did (a second planner run, REL-3). The revision goes into the new nudge's idempotency key.
 */
export async function claimNudgeDay(db: Db, personId: number, localDate: string, now: Date): Promise<{ id: number; revision: number } | null> {
  const row = await db
    .insertInto('nudge_log')
    .values({ person_id: personId, local_date: localDate, outbox_id: null, created_at: now })
    .onConflict((oc) => oc.columns(['person_id', 'local_date']).doNothing())
    .returning(['id', 'revision'])
    .executeTakeFirst();
  if (row) return row;
  const again = await db
    .updateTable('nudge_log')
    .set({ superseded_at: null })
    .where('person_id', '=', personId)
    .where('local_date', '=', localDate)
    .where('superseded_at', 'is not', null)
    .returning(['id', 'revision'])
    .executeTakeFirst();
  return again ?? null;
}

export async function recordNudge(
  db: Db,
  nudgeId: number,
  outboxId: number,
  slots: { taskId: number; slot: string; localDate: string; escalated: boolean }[],
): Promise<void> {
  await db.updateTable('nudge_log').set({ outbox_id: outboxId }).where('id', '=', nudgeId).execute();
  if (!slots.length) return;
  await db
    .insertInto('task_nudges')
    .values(slots.map((s) => ({ task_id: s.taskId, slot: s.slot, local_date: s.localDate, nudge_id: nudgeId, escalated: s.escalated })))
    .onConflict((oc) => oc.columns(['task_id', 'slot']).doNothing())
    .execute();
}

export async function insertAppliedCommand(
  db: Db,
  c: { inboundId: number | null; actorId: number | null; projectId: number | null; action: string; changes: TaskChange[] },
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto('applied_commands')
    .values({ inbound_id: c.inboundId, actor_id: c.actorId, project_id: c.projectId, action: c.action, changes: JSON.stringify(c.changes), undone_at: null, undone_by_inbound_id: null, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function getAppliedCommand(db: Db, id: number): Promise<AppliedCommand | undefined> {
  return db.selectFrom('applied_commands').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The latest command this person applied that is not undone yet, within `since`. */
export function latestUndoable(db: Db, actorId: number, since: Date): Promise<AppliedCommand | undefined> {
  return db
    .selectFrom('applied_commands')
    .selectAll()
    .where('actor_id', '=', actorId)
    .where('undone_at', 'is', null)
    .where('action', '!=', 'undo')
    .where('created_at', '>=', since)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function markUndone(db: Db, id: number, inboundId: number | null, now: Date): Promise<void> {
  await db.updateTable('applied_commands').set({ undone_at: now, undone_by_inbound_id: inboundId }).where('id', '=', id).execute();
}

export async function insertPendingCommand(
  db: Db,
  p: { projectId: number; inboundId: number; requestedBy: number | null; requestedAddress: string; reason: string; commands: unknown[]; confirmBy?: number | null },
  now: Date,
): Promise<number | null> {
  const row = await db
    .insertInto('pending_commands')
    .values({
      project_id: p.projectId,
      inbound_id: p.inboundId,
      requested_by: p.requestedBy,
      requested_address: p.requestedAddress,
      reason: p.reason,
      commands: JSON.stringify(p.commands),
      decided_by: null,
      decided_inbound_id: null,
      decided_at: null,
      created_at: now,
      confirm_by: p.confirmBy ?? null,
    })
    .onConflict((oc) => oc.columns(['inbound_id', 'project_id', 'reason']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export function countOpenPending(db: Db, projectId: number, since: Date) {
  return db
    .selectFrom('pending_commands')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('project_id', '=', projectId)
    .where('status', '=', 'pending')
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function getPendingCommand(db: Db, id: number): Promise<PendingCommand | undefined> {
  return db.selectFrom('pending_commands').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function decidePending(db: Db, id: number, d: { status: 'approved' | 'rejected'; by: number; inboundId: number }, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('pending_commands')
    .set({ status: d.status, decided_by: d.by, decided_inbound_id: d.inboundId, decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function addPersonEvent(db: Db, e: { personId: number; kind: string; inboundId: number | null; data: Record<string, unknown> }, now: Date): Promise<void> {
  await db.insertInto('person_events').values({ person_id: e.personId, kind: e.kind, inbound_id: e.inboundId, data: JSON.stringify(e.data), at: now }).execute();
}

/**
 * A queued nudge lists its tasks as they were when it was planned. When one of them changes before it is
 * sent (done, declined, given to someone else, snoozed, blocked or moved), the nudge is pointless as it
 * stands: it is expired, never sent. If nothing in it is still worth a reminder it is simply dropped;
 * otherwise the person-day is released (superseded, revision + 1) and the still-open tasks' slots freed,
 * so the next planner run composes a fresh nudge with only those, under a new idempotency key.
 */
export async function dropPointlessNudges(db: Db, taskIds: number[], now: Date): Promise<{ dropped: number; superseded: number }> {
  const out = { dropped: 0, superseded: 0 };
  if (!taskIds.length) return out;
  const queued = await db
    .selectFrom('task_nudges')
    .innerJoin('nudge_log', 'nudge_log.id', 'task_nudges.nudge_id')
    .innerJoin('outbox', 'outbox.id', 'nudge_log.outbox_id')
    .select(['nudge_log.id as nudge_id', 'nudge_log.person_id', 'outbox.id as outbox_id'])
    .where('task_nudges.task_id', 'in', taskIds)
    .where('outbox.status', '=', 'queued')
    .execute();
  const seen = new Set<number>();
  for (const n of queued) {
    if (seen.has(n.nudge_id)) continue;
    seen.add(n.nudge_id);
    const items = await db
      .selectFrom('task_nudges')
      .innerJoin('tasks', 'tasks.id', 'task_nudges.task_id')
      .select(['tasks.id', 'task_nudges.slot', 'tasks.status', 'tasks.owner_id', 'tasks.due_date', 'tasks.snoozed_until'])
      .where('task_nudges.nudge_id', '=', n.nudge_id)
      .execute();
    const due = (d: unknown) => (d ? String(d instanceof Date ? d.toISOString() : d).slice(0, 10) : '');
    const worth = items.filter(
      (t) => t.status === 'open' && t.owner_id === n.person_id && t.slot.startsWith(`${due(t.due_date)}/`) && !(t.snoozed_until && new Date(t.snoozed_until) > now),
    );
    if (worth.length === items.length) continue;
    const r = await db
      .updateTable('outbox')
      .set({
        status: 'expired',
        last_error: worth.length ? 'superseded: a task in it changed before it was sent; the rest is re-planned' : 'dropped: every task in it was finished or changed before it was sent',
        updated_at: now,
      })
      .where('id', '=', n.outbox_id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (!Number(r.numUpdatedRows)) continue; // already being sent
    if (!worth.length) {
      out.dropped++;
      continue;
    }
    // Free the slots of tasks that are still live (they are re-planned, or nudged to their new owner).
    const live = items.filter((t) => t.status === 'open' || t.status === 'blocked').map((t) => t.id);
    if (live.length) await db.deleteFrom('task_nudges').where('nudge_id', '=', n.nudge_id).where('task_id', 'in', live).execute();
    await db.updateTable('nudge_log').set((eb) => ({ outbox_id: null, superseded_at: now, revision: eb('revision', '+', 1) })).where('id', '=', n.nudge_id).execute();
    out.superseded++;
  }
  return out;
}
