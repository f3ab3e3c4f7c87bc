// A brief becomes a project: its people, its tasks (owners resolved to addresses where the message names
// them), and a threaded reply to the sender with the plan. Runs inside the caller's transaction.
import { canonicalAddress, safeDisplayName } from '../domain/address.js';
import { endOfLocalDate } from '../domain/time-zone.js';
import { composePlanReply, type PlanTask } from '../outbound/plan-reply.js';
import { referencesFor } from '../outbound/mime.js';
import type { Address, ParsedEmail } from '../parse/types.js';
import { indexMessage } from '../store/inbound.js';
import { upsertPerson } from '../store/people.js';
import { addMember, createProject } from '../store/projects.js';
import type { Person, Project } from '../store/schema.js';
import { addTaskEvent, insertTasks, type NewTask } from '../store/tasks.js';
import type { Understanding } from '../understand/contract.js';
import type { CoordinateDeps } from './context.js';
import { queueEmail } from './queue-email.js';
import { scheduleMeeting } from './schedule-meeting.js';
import { meetingAttendees } from '../store/meetings.js';
import { whenIn } from '../outbound/invite.js';

export interface StartProjectInput {
  inboundId: number;
  email: ParsedEmail;
  understanding: Understanding;
  senderZone: string;
}

/** Everyone the message names with an address, first occurrence wins (its display name is kept). */
export function participants(email: ParsedEmail, assistant: (a: string) => boolean): Address[] {
  const all = [
    email.from,
    ...email.to,
    ...email.cc,
    ...email.forwarded.flatMap((f) => [f.from, ...f.to, ...f.cc]),
  ].filter((a): a is Address => !!a && !!canonicalAddress(a.address) && !assistant(a.address));
  const seen = new Map<string, Address>();
  for (const a of all) {
    const key = a.address.toLowerCase();
    const prev = seen.get(key);
    if (!prev || (!prev.name && a.name)) seen.set(key, { address: key, name: safeDisplayName(a.name) });
  }
  return [...seen.values()];
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

export async function startProject(deps: CoordinateDeps, input: StartProjectInput): Promise<Project> {
  const { db, clock, identity } = deps;
  const { email, understanding: u } = input;
  const now = clock.now();
  const isAssistant = (a: string) => a.toLowerCase() === identity.address || /^(coordinator|assistant)(\+[^@]*)?@/i.test(a);
  // AUTH-8: a bounded number of people per message.
  const people = participants(email, isAssistant).slice(0, deps.limits.maxRecipients);
  const senderAddress = canonicalAddress(email.from!.address)!;

  const persons = new Map<string, Person>();
  for (const p of people) {
    const zone = p.address === senderAddress ? input.senderZone : null;
    persons.set(p.address, await upsertPerson(db, { email: p.address, name: p.name, timeZone: zone }, now));
  }
  const sender = persons.get(senderAddress) ?? (await upsertPerson(db, { email: senderAddress, name: email.from!.name, timeZone: input.senderZone }, now));

  const name = (u.project?.name || email.subject.replace(/^((fwd?|fw|re):\s*)+/i, '') || 'Untitled project').slice(0, 200);
  const project = await createProject(db, { name, leadId: sender.id, requesterId: sender.id, sourceInboundId: input.inboundId, subject: email.subject }, now);
  await addMember(db, project.id, sender.id, 'lead');
  for (const p of persons.values()) if (p.id !== sender.id) await addMember(db, project.id, p.id, 'member');

  const newTasks: NewTask[] = [];
  for (const t of u.tasks) {
    let owner: Person | undefined;
    let ownerName: string | null = null;
    if (t.owner) {
      const address = canonicalAddress(t.owner);
      const match = address ? (people.find((p) => p.address === address) ?? null) : resolveName(t.owner, people);
      if (match) owner = persons.get(match.address);
      else if (address && persons.size < deps.limits.maxRecipients) {
        owner = await upsertPerson(db, { email: address }, now);
        persons.set(address, owner);
        await addMember(db, project.id, owner.id, 'member');
      } else ownerName = safeDisplayName(t.owner);
    }
    const dueTz = t.due ? (owner?.time_zone ?? input.senderZone) : null;
    newTasks.push({
      projectId: project.id,
      title: t.title.slice(0, 300),
      ownerId: owner?.id ?? null,
      ownerName,
      dueDate: t.due,
      dueTz,
      dueAt: t.due && dueTz ? endOfLocalDate(t.due, dueTz) : null,
      sourceInboundId: input.inboundId,
    });
  }
  const tasks = await insertTasks(db, newTasks, now);
  for (const task of tasks) {
    await addTaskEvent(db, { taskId: task.id, kind: 'created', actorId: sender.id, inboundId: input.inboundId, data: { title: task.title, owner_id: task.owner_id, owner_name: task.owner_name, due_date: task.due_date } }, now);
  }
  if (email.messageId) await indexMessage(db, { messageId: email.messageId, projectId: project.id, inboundId: input.inboundId }, now);

  const byId = new Map([...persons.values()].map((p) => [p.id, p]));
  const planTasks: PlanTask[] = tasks.map((t) => {
    const o = t.owner_id ? byId.get(t.owner_id) : undefined;
    return {
      number: t.number,
      title: t.title,
      owner: o ? { name: o.display_name, address: o.email } : t.owner_name ? { name: t.owner_name, address: null } : null,
      dueDate: t.due_date,
    };
  });
  // The meeting the brief asks for is scheduled first (invitations, or a "no time fits" note to the
  // requester), so that the plan reply can say what happened.
  const scheduled = u.meeting
    ? await scheduleMeeting(deps, db, { project, requester: sender, ask: u.meeting, inboundId: input.inboundId, thread: { messageId: email.messageId, references: email.references, subject: email.subject } })
    : null;
  const invited = scheduled ? (await meetingAttendees(db, scheduled.meeting.id)).map((a) => a.person.display_name || a.person.email) : [];
  const composed = composePlanReply({
    projectName: project.name,
    recipientName: sender.display_name,
    tasks: planTasks,
    meeting: u.meeting
      ? {
          title: u.meeting.title,
          attendees: u.meeting.attendees,
          durationMinutes: u.meeting.duration_minutes,
          notBefore: u.meeting.not_before,
          notAfter: u.meeting.not_after,
          outcome: !scheduled
            ? null
            : scheduled.scheduled && scheduled.meeting.start_at && scheduled.meeting.end_at
              ? { scheduled: true, when: whenIn(new Date(scheduled.meeting.start_at), new Date(scheduled.meeting.end_at), sender.time_zone ?? scheduled.meeting.time_zone), invited }
              : { scheduled: false },
        }
      : null,
    originalSubject: email.subject || project.name,
    projectUrl: `${identity.publicUrl}/projects/${project.id}`,
  });
  await queueEmail(deps, db, {
    kind: 'plan_reply',
    idempotencyKey: `plan_reply:${input.inboundId}`,
    to: [{ name: sender.display_name, address: sender.email }],
    subject: composed.subject,
    text: composed.text,
    html: composed.html,
    inReplyTo: email.messageId,
    references: referencesFor(email.references, email.messageId),
    autoSubmitted: 'auto-replied',
    projectId: project.id,
    personId: sender.id,
    inboundId: input.inboundId,
  });
  return project;
}
