// Applies task commands ("done", "blocked", "move to Friday", "give to Carol", ...) to resolved tasks in
// the caller's transaction. Every change becomes a task_events row (who, when, which message, old → new)
// and one applied_commands row keeps the before/after of the whole batch so `undo` can reverse it.
// Batch work returns a result per item instead of throwing halfway (ARCHITECTURE habit 7).
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { canonicalAddress } from '../domain/address.js';
import { endOfLocalDate, localDate } from '../domain/time-zone.js';
import { localInstant, workingDayOnOrAfter, workingHours } from '../domain/working-time.js';
import { dropPointlessNudges, getAppliedCommand, insertAppliedCommand, markUndone } from '../store/follow-through.js';
import { getPeople, upsertPerson } from '../store/people.js';
import { addMember, getProject, projectMembers } from '../store/projects.js';
import type { TaskChange, TaskFields } from '../store/schema-follow-through.js';
import type { Database, Person, Project, Task, TaskUpdate } from '../store/schema.js';
import { addTaskEvent, getTasks, updateTask } from '../store/tasks.js';
import type { CommandAction } from '../understand/contract.js';
import { resolveName } from './start-project.js';

type Db = Kysely<Database>;
export type TaskAction = Extract<CommandAction, 'done' | 'blocked' | 'snooze' | 'reschedule' | 'reassign' | 'decline' | 'progress'>;
export const taskActions: readonly TaskAction[] = ['done', 'blocked', 'snooze', 'reschedule', 'reassign', 'decline', 'progress'];

export interface TaskCommand {
  action: TaskAction;
  taskIds: number[];
  reason: string | null;
  due: string | null; // YYYY-MM-DD
  owner: string | null; // address or name as written (reassign)
  /** The sentence a status report was read from, kept with the change when its owner confirms it. */
  evidence?: string;
}

export interface ApplyInput {
  commands: TaskCommand[];
  actor: Person | null;
  approvedBy?: Person | null;
  inboundId: number;
  via: 'reply' | 'thread' | 'approval';
  fallbackZone: string;
  evidence?: string;
}

export interface ApplyResult {
  appliedId: number | null;
  changed: string[];
  unchanged: string[];
  changes: TaskChange[];
  declined: { task: Task; reason: string | null }[];
  finished: number[]; // tasks done now
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function snapshot(t: Task): Required<TaskFields> {
  return {
    status: t.status,
    owner_id: t.owner_id,
    owner_name: t.owner_name,
    blocked_reason: t.blocked_reason,
    due_date: t.due_date ? String(t.due_date).slice(0, 10) : null,
    due_tz: t.due_tz,
    due_at: iso(t.due_at),
    snoozed_until: iso(t.snoozed_until),
    completed_at: iso(t.completed_at),
  };
}

function diff(before: Required<TaskFields>, after: Required<TaskFields>): { before: TaskFields; after: TaskFields } {
  const b: TaskFields = {};
  const a: TaskFields = {};
  for (const k of Object.keys(before) as (keyof TaskFields)[]) {
    if (before[k] !== after[k]) {
      (b as Record<string, unknown>)[k] = before[k];
      (a as Record<string, unknown>)[k] = after[k];
    }
  }
  return { before: b, after: a };
}

function toUpdate(f: TaskFields): TaskUpdate {
  const u: TaskUpdate = {};
  for (const [k, v] of Object.entries(f)) (u as Record<string, unknown>)[k] = v;
  return u;
}

const fmtDay = (d: string | null | undefined) => (d ? DateTime.fromISO(d).toFormat('ccc d LLL yyyy') : 'no date');

/** "“Title”: status open → done; due Fri 7 Mar 2025 → Wed 12 Mar 2025" */
export function describeChange(title: string, c: { before: TaskFields; after: TaskFields }, names: Map<number, string>, zone: string): string {
  const who = (id: number | null | undefined, name: string | null | undefined) => (id ? (names.get(id) ?? `person ${id}`) : name ? name : 'nobody');
  const parts: string[] = [];
  if ('status' in c.after) parts.push(`${c.before.status} → ${c.after.status}`);
  if ('owner_id' in c.after || 'owner_name' in c.after) parts.push(`owner ${who(c.before.owner_id, c.before.owner_name)} → ${who(c.after.owner_id, c.after.owner_name)}`);
  if ('due_date' in c.after) parts.push(`due ${fmtDay(c.before.due_date)} → ${fmtDay(c.after.due_date)}`);
  if ('blocked_reason' in c.after && c.after.blocked_reason) parts.push(`reason: ${c.after.blocked_reason}`);
  if ('snoozed_until' in c.after) {
    parts.push(c.after.snoozed_until ? `no reminders until ${DateTime.fromISO(c.after.snoozed_until, { zone }).toFormat("ccc d LLL HH:mm")} (${zone})` : 'reminders resumed');
  }
  return `“${title}”: ${parts.join('; ') || 'noted'}`;
}

/** Resolves "carol@x", "Carol" or "Carol Diaz <carol@x>" against the project's people. */
export async function resolveOwner(db: Db, projectId: number, written: string): Promise<{ address: string; name: string; member: boolean } | null> {
  const members = await projectMembers(db, projectId);
  const addr = /<([^>]+)>/.exec(written)?.[1] ?? /[^\s<>"@]{1,64}@[^\s<>"]{1,253}/.exec(written)?.[0];
  const canonical = addr ? canonicalAddress(addr.replace(/[.,;]+$/, '')) : null;
  if (canonical) {
    const m = members.find((x) => x.email === canonical);
    const name = written.replace(/<[^>]*>|[^\s<>"@]{1,64}@[^\s<>"]{1,253}/g, '').replace(/["(),]/g, '').trim();
    return { address: canonical, name: m?.display_name || name, member: !!m };
  }
  const hit = resolveName(written.replace(/^@/, '').replace(/[.,;!]+$/, ''), members.map((m) => ({ address: m.email, name: m.display_name })));
  return hit ? { address: hit.address, name: hit.name, member: true } : null;
}

export async function applyCommands(db: Db, input: ApplyInput, now: Date): Promise<ApplyResult> {
  const result: ApplyResult = { appliedId: null, changed: [], unchanged: [], changes: [], declined: [], finished: [] };
  const projects = new Map<number, Project>();
  const project = async (id: number) => projects.get(id) ?? (await getProject(db, id).then((p) => (p && projects.set(id, p), p)));
  const names = new Map<number, string>();
  const zones = new Map<number, Person>();

  for (const cmd of input.commands) {
    for (const task of await getTasks(db, cmd.taskIds)) {
      const p = (await project(task.project_id))!;
      const owner = task.owner_id ? (zones.get(task.owner_id) ?? (await getPeople(db, [task.owner_id]))[0]) : undefined;
      if (owner) zones.set(owner.id, owner);
      const zone = owner?.time_zone ?? task.due_tz ?? input.fallbackZone;
      const before = snapshot(task);
      const after = { ...before };
      const label = `“${task.title}”`;
      let eventData: Record<string, unknown> = {};
      let problem: string | null = null;

      if (task.status === 'done' || task.status === 'cancelled') {
        result.unchanged.push(`${label} is already ${task.status}`);
        continue;
      }
      switch (cmd.action) {
        case 'done':
          Object.assign(after, { status: 'done', completed_at: now.toISOString(), blocked_reason: null, snoozed_until: null });
          break;
        case 'blocked':
          Object.assign(after, { status: 'blocked', blocked_reason: (cmd.reason ?? 'no reason given').slice(0, 300) });
          break;
        case 'progress':
          if (task.status === 'blocked') Object.assign(after, { status: 'open', blocked_reason: null });
          if (cmd.due) Object.assign(after, { due_date: cmd.due, due_tz: zone, due_at: endOfLocalDate(cmd.due, zone).toISOString() });
          eventData = { note: cmd.reason };
          break;
        case 'reschedule':
          if (!cmd.due) problem = `${label}: I could not read the new date${cmd.reason ? ` in "${cmd.reason}"` : ''}`;
          else if (cmd.due < localDate(now, zone)) problem = `${label}: ${fmtDay(cmd.due)} is in the past`;
          else Object.assign(after, { due_date: cmd.due, due_tz: zone, due_at: endOfLocalDate(cmd.due, zone).toISOString(), snoozed_until: null });
          break;
        case 'snooze': {
          const hours = workingHours(owner ?? {});
          const today = localDate(now, zone);
          const tomorrow = DateTime.fromISO(today).plus({ days: 1 }).toISODate()!;
          const day = workingDayOnOrAfter(cmd.due && cmd.due > today ? cmd.due : tomorrow, hours.days);
          if (cmd.reason && !cmd.due) problem = `${label}: I could not read "${cmd.reason}" as a date`;
          else Object.assign(after, { snoozed_until: localInstant(day, hours.start, zone).toISOString() });
          break;
        }
        case 'reassign': {
          const target = cmd.owner ? await resolveOwner(db, task.project_id, cmd.owner) : null;
          if (!target) {
            problem = `${label}: I could not tell who should take it${cmd.owner ? ` ("${cmd.owner}" is not someone on the project; use their email address)` : ''}`;
            break;
          }
          const person = await upsertPerson(db, { email: target.address, name: target.name }, now);
          if (!target.member) await addMember(db, task.project_id, person.id, 'member');
          names.set(person.id, person.display_name || person.email);
          Object.assign(after, { owner_id: person.id, owner_name: null });
          break;
        }
        case 'decline':
          Object.assign(after, { owner_id: null, owner_name: null, status: 'open', blocked_reason: null, snoozed_until: null });
          eventData = { reason: cmd.reason, returned_to: p.lead_id };
          break;
      }
      if (problem) {
        result.unchanged.push(problem);
        continue;
      }
      const d = diff(before, after);
      if (!Object.keys(d.after).length && cmd.action !== 'progress') {
        result.unchanged.push(`${label}: nothing to change`);
        continue;
      }
      await updateTask(db, task.id, toUpdate(d.after), now);
      await addTaskEvent(
        db,
        {
          taskId: task.id,
          kind: cmd.action,
          actorId: input.actor?.id ?? null,
          inboundId: input.inboundId,
          data: { from: d.before, to: d.after, via: input.via, ...eventData, ...(cmd.reason && !eventData.note ? { reason: cmd.reason } : {}), ...(input.approvedBy ? { approved_by: input.approvedBy.id } : {}), ...((cmd.evidence ?? input.evidence) ? { evidence: cmd.evidence ?? input.evidence } : {}) },
        },
        now,
      );
      result.changes.push({ taskId: task.id, ...d });
      for (const id of [d.before.owner_id, d.after.owner_id]) if (id && !names.has(id)) names.set(id, (await getPeople(db, [id]))[0]?.display_name || `person ${id}`);
      result.changed.push(cmd.action === 'progress' && !Object.keys(d.after).length ? `${label}: progress noted${cmd.reason ? ` (${cmd.reason})` : ''}` : describeChange(task.title, d, names, zone));
      if (cmd.action === 'decline') result.declined.push({ task, reason: cmd.reason });
      if (cmd.action === 'done') result.finished.push(task.id);
    }
  }
  if (result.changes.length) {
    const action = [...new Set(input.commands.map((c) => c.action))].join(',');
    const projectId = input.commands.length ? ((await getTasks(db, [result.changes[0]!.taskId]))[0]?.project_id ?? null) : null;
    result.appliedId = await insertAppliedCommand(db, { inboundId: input.inboundId, actorId: input.actor?.id ?? null, projectId, action, changes: result.changes }, now);
  }
  // A queued nudge that lists a task changed just now must not go out as it stands.
  if (result.changes.length) await dropPointlessNudges(db, result.changes.map((c) => c.taskId), now);
  return result;
}

/** Reverses one applied command, task by task, where nobody changed the task since. */
export async function undoCommand(db: Db, commandId: number, actor: Person, inboundId: number, now: Date): Promise<{ changed: string[]; unchanged: string[] }> {
  const out = { changed: [] as string[], unchanged: [] as string[] };
  const cmd = await getAppliedCommand(db, commandId);
  if (!cmd || cmd.undone_at) {
    out.unchanged.push('that change was already undone');
    return out;
  }
  if (cmd.action === 'unsubscribe') {
    await db.updateTable('people').set({ unsubscribed_at: null, updated_at: now }).where('id', '=', actor.id).execute();
    out.changed.push('you are subscribed to reminders again');
  }
  const names = new Map<number, string>();
  for (const c of [...(cmd.changes as TaskChange[])].reverse()) {
    const [task] = await getTasks(db, [c.taskId]);
    if (!task) continue;
    const current = snapshot(task);
    const same = Object.entries(c.after).every(([k, v]) => current[k as keyof TaskFields] === v);
    if (!same) {
      out.unchanged.push(`“${task.title}” changed again since, so I left it as it is`);
      continue;
    }
    await updateTask(db, task.id, toUpdate(c.before), now);
    await addTaskEvent(db, { taskId: task.id, kind: 'undo', actorId: actor.id, inboundId, data: { command_id: cmd.id, from: c.after, to: c.before } }, now);
    for (const id of [c.before.owner_id, c.after.owner_id]) if (id && !names.has(id)) names.set(id, (await getPeople(db, [id]))[0]?.display_name || `person ${id}`);
    out.changed.push(describeChange(task.title, { before: c.after, after: c.before }, names, task.due_tz ?? 'UTC'));
  }
  await markUndone(db, cmd.id, inboundId, now);
  return out;
}
