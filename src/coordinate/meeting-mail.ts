// Sends one iTIP message per attendee (CalConnect iMIP best practice: a separate email to each, so each
// gets the time in their own zone and their own reply token), through queueEmail, and records what
// SEQUENCE each person last received.
import type { Kysely } from 'kysely';
import { buildItip, composeInviteEmail, type InviteAttendee, type ItipMethod } from '../outbound/invite.js';
import { addMeetingEvent, setAttendee, type AttendeeWithPerson } from '../store/meetings.js';
import type { Database, Person } from '../store/schema.js';
import type { Meeting } from '../store/schema-meetings.js';
import type { CoordinateDeps } from './context.js';
import { queueEmail } from './queue-email.js';

export const zoneOf = (p: Person, meeting: Pick<Meeting, 'time_zone'>) => p.time_zone ?? meeting.time_zone;

export function organizerName(deps: Pick<CoordinateDeps, 'identity'>, requester: Person): string {
  const who = requester.display_name || requester.email;
  return `${deps.identity.name} (for ${who})`;
}

export interface SendItipInput {
  meeting: Meeting; // start_at/end_at/sequence as they are to be sent
  method: ItipMethod;
  kind: 'invite' | 'update' | 'cancel';
  recipients: AttendeeWithPerson[];
  listed: AttendeeWithPerson[]; // the ATTENDEE lines (everyone for REQUEST; the cancelled people for a partial CANCEL)
  requester: Person;
  previous?: { start: Date; end: Date } | null;
  change?: string | null; // what an update changes when it is not the time
  inboundId?: number | null;
}

export async function sendItip(deps: CoordinateDeps, db: Kysely<Database>, p: SendItipInput): Promise<number> {
  const { meeting: m } = p;
  const now = deps.clock.now();
  const start = new Date(m.start_at!);
  const end = new Date(m.end_at!);
  const attendees: InviteAttendee[] = p.listed.map((a) => ({ name: a.person.display_name, email: a.person.email, role: a.role, partstat: a.partstat }));
  const content = buildItip({
    uid: m.uid,
    sequence: m.sequence,
    method: p.method,
    dtstamp: now,
    start,
    end,
    timeZone: m.time_zone,
    summary: m.title,
    description: m.description,
    organizer: { name: organizerName(deps, p.requester), email: deps.identity.address },
    attendees,
    url: `${deps.identity.publicUrl}/projects/${m.project_id}`,
  });
  let sent = 0;
  for (const a of p.recipients) {
    const person = a.person;
    if (person.suppressed_at) continue; // LOOP-8/9: a suppressed address gets nothing
    const mail = composeInviteEmail({
      kind: p.kind,
      event: { uid: m.uid, sequence: m.sequence, method: p.method, dtstamp: now, start, end, timeZone: m.time_zone, summary: m.title, description: m.description, organizer: { name: '', email: deps.identity.address }, attendees },
      recipient: { name: person.display_name, zone: zoneOf(person, m) },
      requesterName: p.requester.display_name || p.requester.email,
      attendees: p.listed.map((x) => ({ name: x.person.display_name, email: x.person.email, zone: zoneOf(x.person, m) })),
      projectUrl: `${deps.identity.publicUrl}/projects/${m.project_id}`,
      previous: p.previous ?? null,
      change: p.change ?? null,
    });
    const { row, created } = await queueEmail(deps, db, {
      kind: `meeting_${p.kind}`,
      idempotencyKey: `invite:${m.id}:${m.sequence}:${person.id}`,
      to: [{ name: person.display_name, address: person.email }],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      autoSubmitted: 'auto-generated', // LOOP-5: scheduled by us, not an answer to the recipient
      calendar: { method: p.method, content },
      projectId: m.project_id,
      personId: person.id,
      inboundId: p.inboundId ?? null,
      context: { meetingId: m.id, uid: m.uid, sequence: m.sequence, method: p.method },
    });
    if (!created) continue;
    sent++;
    await setAttendee(db, m.id, person.id, { sent_sequence: m.sequence });
    await addMeetingEvent(db, { meetingId: m.id, kind: p.method === 'REQUEST' ? 'request' : 'cancel', personId: person.id, sequence: m.sequence, inboundId: p.inboundId ?? null, outboxId: row.id }, now);
  }
  return sent;
}
