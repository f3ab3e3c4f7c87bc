// A meeting a brief asks for: choose the earliest slot everyone can make (their working hours in their
// own zones, no meeting we already hold for them, nothing busy in their free/busy feed), then send each
// attendee an iMIP REQUEST. When nothing fits, tell the requester with the best two near-misses rather
// than inventing a time. Runs inside the caller's transaction.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { canonicalAddress } from '../domain/address.js';
import { findSlot, meetingWindow, workingHoursOf, type Candidate, type Interval, type SlotAttendee, type SlotResult } from '../domain/slots.js';
import { escapeHtml } from '../outbound/html.js';
import { whenIn } from '../outbound/invite.js';
import { replySubject } from '../outbound/plan-reply.js';
import { addAttendee, addMeetingEvent, insertMeeting, meetingAttendees, type AttendeeWithPerson } from '../store/meetings.js';
import { upsertPerson } from '../store/people.js';
import type { Database, Person, Project } from '../store/schema.js';
import type { Meeting } from '../store/schema-meetings.js';
import { projectTasks } from '../store/tasks.js';
import type { CoordinateDeps } from './context.js';
import { busyTimes } from './free-busy.js';
import { sendItip, zoneOf } from './meeting-mail.js';
import { queueEmail } from './queue-email.js';

export interface MeetingAsk {
  title: string;
  attendees: string[]; // addresses (or names the understanding could not resolve: skipped)
  duration_minutes: number;
  not_before: string | null;
  not_after: string | null;
}

export interface ScheduleInput {
  project: Project;
  requester: Person;
  ask: MeetingAsk;
  inboundId: number | null;
  thread?: { messageId: string | null; references: string[]; subject: string } | null; // for the no-slot notice
}

export interface ScheduleOutcome {
  meeting: Meeting;
  scheduled: boolean;
  nearMisses: Candidate[];
}

/** The agenda written into DESCRIPTION: the project's goal, then each task with its owner and due date. */
export async function agendaFor(db: Kysely<Database>, project: Project): Promise<string> {
  const tasks = await projectTasks(db, project.id);
  const ownerIds = tasks.map((t) => t.owner_id).filter((x): x is number => x !== null);
  const owners = ownerIds.length ? await db.selectFrom('people').selectAll().where('id', 'in', ownerIds).execute() : [];
  const byId = new Map(owners.map((o) => [o.id, o]));
  const lines = [`Goal: ${project.name}`, '', 'Tasks and owners:'];
  if (!tasks.length) lines.push('(none yet)');
  for (const t of tasks) {
    const o = t.owner_id ? byId.get(t.owner_id) : undefined;
    const owner = o ? o.display_name || o.email : t.owner_name ? t.owner_name : 'no owner yet';
    lines.push(`${t.number}. ${t.title} (${owner}${t.due_date ? `, due ${t.due_date}` : ''})`);
  }
  return lines.join('\n');
}

export function slotAttendees(people: AttendeeWithPerson[], busy: Map<number, Interval[]>, fallbackZone: string): SlotAttendee[] {
  return people.map((a) => ({
    key: a.person.email,
    name: a.person.display_name || a.person.email,
    hours: workingHoursOf(a.person, fallbackZone),
    busy: busy.get(a.person_id) ?? [],
  }));
}

/** Finds the earliest slot for the meeting's current attendees in `window` (excluding the meeting itself). */
export async function searchSlot(
  deps: CoordinateDeps,
  db: Kysely<Database>,
  meeting: Pick<Meeting, 'id' | 'time_zone' | 'duration_minutes'> | { id: null; time_zone: string; duration_minutes: number },
  attendees: AttendeeWithPerson[],
  window: Interval,
  extraBusy: { personId: number; interval: Interval }[] = [],
): Promise<SlotResult> {
  const { busy } = await busyTimes(db, attendees.map((a) => a.person), window, { excludeMeetingId: meeting.id });
  for (const b of extraBusy) busy.get(b.personId)?.push(b.interval);
  return findSlot({ attendees: slotAttendees(attendees, busy, meeting.time_zone), window, durationMinutes: meeting.duration_minutes });
}

export function describeMiss(c: Candidate, zone: string): string {
  const who = c.conflicts.map((x) => `${x.name} ${x.reason === 'busy' ? 'is busy' : 'is outside working hours'}`).join(', ');
  return `${whenIn(c.start, c.end, zone)}: ${who}`;
}

export async function scheduleMeeting(deps: CoordinateDeps, db: Kysely<Database>, input: ScheduleInput): Promise<ScheduleOutcome> {
  const now = deps.clock.now();
  const { requester, project, ask } = input;
  const zone = requester.time_zone ?? 'UTC';
  const duration = Math.min(Math.max(ask.duration_minutes || 30, 5), 8 * 60);

  const people = new Map<number, Person>([[requester.id, requester]]);
  for (const raw of ask.attendees) {
    const address = canonicalAddress(raw);
    if (!address || address === deps.identity.address || people.size >= deps.limits.maxRecipients) continue;
    const p = await upsertPerson(db, { email: address }, now);
    people.set(p.id, p);
  }

  const window = meetingWindow({ now, zone, notBefore: ask.not_before, notAfter: ask.not_after, workDays: workingHoursOf(requester, zone).days });
  const meeting0 = await insertMeeting(
    db,
    {
      projectId: project.id,
      uid: `${randomUUID()}@${deps.identity.domain}`,
      title: ask.title.slice(0, 200) || `${project.name} meeting`,
      description: await agendaFor(db, project),
      requesterId: requester.id,
      timeZone: zone,
      durationMinutes: duration,
      status: 'unscheduled',
      start: null,
      end: null,
      window,
      sourceInboundId: input.inboundId,
    },
    now,
  );
  for (const p of people.values()) await addAttendee(db, meeting0.id, p.id, p.id === requester.id ? 'CHAIR' : 'REQ-PARTICIPANT');
  const attendees = await meetingAttendees(db, meeting0.id);

  const result = await searchSlot(deps, db, meeting0, attendees, window);
  if (result.slot) {
    const meeting = await db
      .updateTable('meetings')
      .set({ status: 'scheduled', start_at: result.slot.start, end_at: result.slot.end, sequence: 0, updated_at: now })
      .where('id', '=', meeting0.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await sendItip(deps, db, { meeting, method: 'REQUEST', kind: 'invite', recipients: attendees, listed: attendees, requester, inboundId: input.inboundId });
    return { meeting, scheduled: true, nearMisses: [] };
  }

  await addMeetingEvent(db, { meetingId: meeting0.id, kind: 'no_slot', data: { nearMisses: result.nearMisses.map((c) => ({ start: c.start, end: c.end, conflicts: c.conflicts })) } }, now);
  const rzone = zoneOf(requester, meeting0);
  const misses = result.nearMisses.map((c) => describeMiss(c, rzone));
  const from = DateTime.fromJSDate(window.start, { zone: rzone }).toFormat('ccc d LLL');
  const to = DateTime.fromJSDate(new Date(window.end.getTime() - 1), { zone: rzone }).toFormat('ccc d LLL');
  const greeting = requester.display_name ? `Hi ${requester.display_name.split(' ')[0]},` : 'Hi,';
  const lines = [
    greeting,
    '',
    `I could not find ${duration} minutes between ${from} and ${to} when everyone invited to "${meeting0.title}" is inside their working hours and free, so I have not sent an invitation.`,
    '',
    ...(misses.length ? ['The closest options:', ...misses.map((m, i) => `${i + 1}. ${m}`)] : ['No time in that range works for anyone.']),
    '',
    'Reply with a time (for example "move the kickoff to Thursday 2pm") and I will send the invitation for it.',
    '',
    '— Coordinator',
  ];
  const subject = input.thread ? replySubject(input.thread.subject || project.name) : `No time found: ${meeting0.title}`;
  await queueEmail(deps, db, {
    kind: 'meeting_no_slot',
    idempotencyKey: `meeting_no_slot:${meeting0.id}`,
    to: [{ name: requester.display_name, address: requester.email }],
    subject,
    text: lines.join('\n'),
    html: `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#222;max-width:640px">${lines
      .map((l) => (l ? `<p>${escapeHtml(l)}</p>` : ''))
      .join('')}</body></html>`,
    inReplyTo: input.thread?.messageId ?? null,
    references: input.thread ? [...input.thread.references, ...(input.thread.messageId ? [input.thread.messageId] : [])] : [],
    autoSubmitted: input.thread ? 'auto-replied' : 'auto-generated',
    projectId: project.id,
    personId: requester.id,
    inboundId: input.inboundId,
    context: { meetingId: meeting0.id },
  });
  return { meeting: meeting0, scheduled: false, nearMisses: result.nearMisses };
}
