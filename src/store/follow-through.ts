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

export async function nudgedOn(db: Db, personId: number, localDate: string): Promise<boolean> {
  const row = await db.selectFrom('nudge_log').select('id').where('person_id', '=', personId).where('local_date', '=', localDate).executeTakeFirst();
  return !!row;
}

/** Claims (person, local date); null when someone already did (a second planner run, REL-3). */
export async function claimNudgeDay(db: Db, personId: number, localDate: string, now: Date): Promise<number | null> {
  const row = await db
    .insertInto('nudge_log')
    .values({ person_id: personId, local_date: localDate, outbox_id: null, created_at: now })
    .onConflict((oc) => oc.columns(['person_id', 'local_date']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
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

/** Queued nudges all of whose tasks are finished are pointless: drop them before they are sent. */
export async function dropPointlessNudges(db: Db, taskIds: number[], now: Date): Promise<number> {
  if (!taskIds.length) return 0;
  const rows = await db
    .selectFrom('task_nudges')
    .innerJoin('nudge_log', 'nudge_log.id', 'task_nudges.nudge_id')
    .innerJoin('outbox', 'outbox.id', 'nudge_log.outbox_id')
    .select(['outbox.id as outbox_id'])
    .where('task_nudges.task_id', 'in', taskIds)
    .where('outbox.status', '=', 'queued')
    .execute();
  let dropped = 0;
  for (const outboxId of new Set(rows.map((r) => r.outbox_id))) {
    const open = await db
      .selectFrom('task_nudges')
      .innerJoin('nudge_log', 'nudge_log.id', 'task_nudges.nudge_id')
      .innerJoin('tasks', 'tasks.id', 'task_nudges.task_id')
      .select('tasks.id')
      .where('nudge_log.outbox_id', '=', outboxId)
      .where('tasks.status', 'in', ['open', 'blocked'])
      .executeTakeFirst();
    if (open) continue;
    const r = await db
      .updateTable('outbox')
      .set({ status: 'expired', last_error: 'dropped: every task in it was finished before it was sent', updated_at: now })
      .where('id', '=', outboxId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    dropped += Number(r.numUpdatedRows);
  }
  return dropped;
}
