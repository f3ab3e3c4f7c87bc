// Tasks read from a brief (or from the sender's corrected list) become task rows: owners resolved to the
// project's people by address or name, due dates anchored in the owner's zone, and each task keeps how sure
// the engine was and the words it came from. Shared by startProject and confirmPlan so a corrected list is
// stored exactly like a brief.
import type { Kysely } from 'kysely';
import { canonicalAddress, safeDisplayName } from '../domain/address.js';
import { endOfLocalDate } from '../domain/time-zone.js';
import type { PlanReplyInput, PlanTask } from '../outbound/plan-reply.js';
import type { Address } from '../parse/types.js';
import { upsertPerson } from '../store/people.js';
import { addMember } from '../store/projects.js';
import type { Database, Person, Project, Task } from '../store/schema.js';
import { addTaskEvent, insertTasks, type NewTask } from '../store/tasks.js';
import type { ExtractedTask } from '../understand/contract.js';
import { whenIn } from '../outbound/invite.js';
import { meetingAttendees } from '../store/meetings.js';
import type { CoordinateDeps } from './context.js';
import { scheduleMeeting, type ScheduleInput } from './schedule-meeting.js';
import { confidenceOf, planPolicy } from './plan-policy.js';

/** Who a task may be given to: the people of the message or project, by address, with their rows. */
export interface Cast {
  people: Address[];
  persons: Map<string, Person>;
}

/** "Priya" or "priya shah" → the participant whose display name or address starts with it. */
export function resolveName(name: string, people: Address[]): Address | null {
  const n = name.trim().toLowerCase();
  if (!n) return null;
  const hits = people.filter((p) => {
    const display = p.name.toLowerCase();
    const first = display.split(/\s+/)[0] ?? '';
    const local = p.address.split('@')[0]!;
    return display === n || first === n || local === n || local.split(/[._-]/)[0] === n;
  });
  return hits.length === 1 ? hits[0]! : null;
}

export async function storeTasks(
  deps: CoordinateDeps,
  db: Kysely<Database>,
  s: { projectId: number; cast: Cast; tasks: ExtractedTask[]; inboundId: number; actorId: number; fallbackZone: string },
): Promise<Task[]> {
  const now = deps.clock.now();
  const { people, persons } = s.cast;
  const rows: NewTask[] = [];
  for (const t of s.tasks.slice(0, planPolicy.maxTasksPerBrief)) {
    let owner: Person | undefined;
    let ownerName: string | null = null;
    if (t.owner) {
      const address = canonicalAddress(t.owner);
      const match = address ? (people.find((p) => p.address === address) ?? null) : resolveName(t.owner, people);
      if (match) owner = persons.get(match.address);
      else if (address && persons.size < deps.limits.maxRecipients) {
        owner = await upsertPerson(db, { email: address }, now);
        persons.set(address, owner);
        people.push({ address, name: '' });
        await addMember(db, s.projectId, owner.id, 'member');
      } else ownerName = safeDisplayName(t.owner);
    }
    const dueTz = t.due ? (owner?.time_zone ?? s.fallbackZone) : null;
    rows.push({
      projectId: s.projectId,
      title: t.title.slice(0, 300),
      ownerId: owner?.id ?? null,
      ownerName,
      dueDate: t.due,
      dueTz,
      dueAt: t.due && dueTz ? endOfLocalDate(t.due, dueTz) : null,
      sourceInboundId: s.inboundId,
      confidence: confidenceOf(t),
      evidence: t.evidence ? t.evidence.replace(/\s+/g, ' ').trim().slice(0, 500) : null,
    });
  }
  const tasks = await insertTasks(db, rows, now);
  for (const task of tasks) {
    const data = { title: task.title, owner_id: task.owner_id, owner_name: task.owner_name, due_date: task.due_date, confidence: task.confidence };
    await addTaskEvent(db, { taskId: task.id, kind: 'created', actorId: s.actorId, inboundId: s.inboundId, data }, now);
  }
  return tasks;
}

/** The tasks as the plan reply and its confirmations show them. */
export function planTasks(tasks: Task[], persons: Iterable<Person>): PlanTask[] {
  const byId = new Map([...persons].map((p) => [p.id, p]));
  return tasks.map((t) => {
    const o = t.owner_id ? byId.get(t.owner_id) : undefined;
    return {
      number: t.number,
      title: t.title,
      owner: o ? { name: o.display_name, address: o.email } : t.owner_name ? { name: t.owner_name, address: null } : null,
      dueDate: t.due_date,
      evidence: t.evidence,
      unsure: t.confidence !== null && t.confidence < planPolicy.confidenceThreshold,
    };
  });
}

/**
 * The meeting a brief asks for, as the plan reply describes it: scheduled now (invitations sent, or the
 * requester told no time fits), or, for a plan still waiting for the sender, only described.
 */
export async function meetingForPlan(
  deps: CoordinateDeps,
  db: Kysely<Database>,
  m: Omit<ScheduleInput, 'project'> & { project: Project; schedule: boolean },
): Promise<PlanReplyInput['meeting']> {
  const scheduled = m.schedule ? await scheduleMeeting(deps, db, m) : null;
  const invited = scheduled ? (await meetingAttendees(db, scheduled.meeting.id)).map((a) => a.person.display_name || a.person.email) : [];
  const start = scheduled?.meeting.start_at;
  const end = scheduled?.meeting.end_at;
  return {
    title: m.ask.title,
    attendees: m.ask.attendees,
    durationMinutes: m.ask.duration_minutes,
    notBefore: m.ask.not_before,
    notAfter: m.ask.not_after,
    outcome: !scheduled
      ? null
      : scheduled.scheduled && start && end
        ? { scheduled: true, when: whenIn(new Date(start), new Date(end), m.requester.time_zone ?? scheduled.meeting.time_zone), invited }
        : { scheduled: false },
  };
}
