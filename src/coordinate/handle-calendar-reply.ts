// An iTIP REPLY (RFC 5546 §3.2.3) is an RSVP: it updates that attendee's PARTSTAT and is never answered
// (LOOP-1..3: it is automated mail). ICS-5 / CalConnect iMIP-security ("party crashing"): a REPLY counts
// only for a UID we issued, naming an ATTENDEE of that meeting, sent From that same attendee. A REPLY to
// an older SEQUENCE than the one that person last received, or older (DTSTAMP) than one already applied,
// is stale and ignored (RFC 5546 §2.1.5). A decline from a required attendee is reported to the requester
// once per meeting revision, with the next best slot.
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { canonicalAddress } from '../domain/address.js';
import { IcsError } from '../domain/icalendar-read.js';
import { parseItipReply, type ItipReply } from '../domain/itip-reply.js';
import { meetingWindow, workingHoursOf } from '../domain/slots.js';
import { escapeHtml } from '../outbound/html.js';
import { whenIn } from '../outbound/invite.js';
import { addMeetingEvent, meetingAttendees, meetingByUid, setAttendee, type AttendeeWithPerson } from '../store/meetings.js';
import type { Database } from '../store/schema.js';
import type { Meeting } from '../store/schema-meetings.js';
import type { CoordinateDeps } from './context.js';
import type { InboundHandler } from './inbound-handlers.js';
import { zoneOf } from './meeting-mail.js';
import { queueEmail } from './queue-email.js';
import { describeMiss, searchSlot } from './schedule-meeting.js';

export const handleCalendarReply: InboundHandler = async (deps, input) => {
  const { email } = input;
  const now = deps.clock.now();
  if (!email.calendar?.ics) return { note: 'calendar reply without iCalendar text' };
  let reply: ItipReply;
  try {
    reply = parseItipReply(email.calendar.ics);
  } catch (err) {
    return { note: `calendar reply not read: ${err instanceof IcsError ? err.message : String(err)}` };
  }
  if (reply.method !== 'REPLY') return { note: `calendar ${reply.method || 'message'} ignored (only REPLY is read)` };
  const meeting = await meetingByUid(deps.db, reply.uid);
  if (!meeting) {
    deps.log.info({ inbound: input.inboundId, uid: reply.uid.slice(0, 80) }, 'REPLY for a UID we did not issue');
    return { note: 'calendar reply for an unknown event ignored (ICS-5)' };
  }
  const from = email.from ? canonicalAddress(email.from.address) : null;
  const attendees = await meetingAttendees(deps.db, meeting.id);
  const answer = reply.attendees.find((a) => a.email === from);
  const attendee = answer ? attendees.find((a) => a.person.email === answer.email) : undefined;
  if (!from || !answer || !attendee || !answer.partstat) {
    const why = !answer ? 'sender is not the ATTENDEE the reply names' : !attendee ? 'not an attendee of this meeting' : 'no PARTSTAT';
    await addMeetingEvent(deps.db, { meetingId: meeting.id, kind: 'reply_ignored', inboundId: input.inboundId, data: { from, reason: why } }, now);
    deps.log.warn({ inbound: input.inboundId, meeting: meeting.id, from, why }, 'calendar reply ignored (ICS-5)');
    return { projectId: meeting.project_id, note: `calendar reply ignored: ${why}` };
  }
  const stale =
    (attendee.sent_sequence !== null && reply.sequence < attendee.sent_sequence) ||
    (attendee.reply_sequence !== null && reply.sequence < attendee.reply_sequence) ||
    (attendee.reply_sequence === reply.sequence && attendee.reply_dtstamp && reply.dtstamp && reply.dtstamp < new Date(attendee.reply_dtstamp));
  if (stale || meeting.status !== 'scheduled') {
    const why = meeting.status !== 'scheduled' ? `meeting is ${meeting.status}` : 'answers an older revision';
    await addMeetingEvent(deps.db, { meetingId: meeting.id, kind: 'reply_ignored', personId: attendee.person_id, sequence: reply.sequence, inboundId: input.inboundId, data: { partstat: answer.partstat, reason: why } }, now);
    return { projectId: meeting.project_id, note: `calendar reply ignored: ${why}` };
  }
  const comment = answer.comment ?? reply.comment ?? (email.newText.trim() ? email.newText.trim().slice(0, 500) : null);
  await setAttendee(deps.db, meeting.id, attendee.person_id, {
    partstat: answer.partstat,
    partstat_at: now,
    comment,
    reply_sequence: reply.sequence,
    reply_dtstamp: reply.dtstamp ?? now,
  });
  await addMeetingEvent(deps.db, { meetingId: meeting.id, kind: 'reply', personId: attendee.person_id, sequence: reply.sequence, inboundId: input.inboundId, data: { partstat: answer.partstat, comment } }, now);

  if (answer.partstat === 'DECLINED' && attendee.role !== 'OPT-PARTICIPANT' && attendee.role !== 'CHAIR') {
    await reportDecline(deps, deps.db, meeting, attendees, attendee, comment, input.inboundId);
  }
  return { projectId: meeting.project_id, note: `RSVP ${answer.partstat.toLowerCase()} from ${from}` };
};

async function reportDecline(
  deps: CoordinateDeps,
  db: Kysely<Database>,
  meeting: Meeting,
  attendees: AttendeeWithPerson[],
  decliner: AttendeeWithPerson,
  comment: string | null,
  inboundId: number,
): Promise<void> {
  const now = deps.clock.now();
  const requester = attendees.find((a) => a.person_id === meeting.requester_id)?.person;
  if (!requester) return;
  const key = `meeting_decline:${meeting.id}:${meeting.sequence}:${decliner.person_id}`;
  if (await db.selectFrom('outbox').select('id').where('idempotency_key', '=', key).executeTakeFirst()) return; // reported once
  const zone = zoneOf(requester, meeting);
  const start = new Date(meeting.start_at!);
  const end = new Date(meeting.end_at!);
  // The next best slot: inside the window that was asked for (or five more working days if it has
  // passed), with the decliner busy at the declined time.
  const earliest = now.getTime() + 60 * 60_000;
  let window = { start: new Date(Math.max(new Date(meeting.window_start).getTime(), earliest)), end: new Date(meeting.window_end) };
  if (window.end.getTime() - window.start.getTime() < meeting.duration_minutes * 60_000) {
    window = meetingWindow({ now, zone: meeting.time_zone, notBefore: null, notAfter: null, workDays: workingHoursOf(requester, meeting.time_zone).days });
  }
  const next = await searchSlot(deps, db, meeting, attendees, window, [{ personId: decliner.person_id, interval: { start, end } }]);
  const who = decliner.person.display_name || decliner.person.email;
  const greeting = requester.display_name ? `Hi ${requester.display_name.split(' ')[0]},` : 'Hi,';
  const suggestion = next.slot
    ? [`The next time everyone (including ${who}) looks free: ${whenIn(next.slot.start, next.slot.end, zone)}.`, `To move it there, reply "move the meeting to ${formatAsk(next.slot.start, zone)}".`]
    : [
        'I could not find another time in the window when everyone is free.',
        ...next.nearMisses.map((c, i) => `Option ${i + 1}: ${describeMiss(c, zone)}`),
      ];
  const lines = [
    greeting,
    '',
    `${who} declined "${meeting.title}" (${whenIn(start, end, zone)}).`,
    ...(comment ? [`Their note: "${comment}"`] : []),
    '',
    ...suggestion,
    '',
    'Reply "cancel the meeting" to call it off, or "remove ' + (decliner.person.display_name.split(' ')[0] || decliner.person.email) + ' from the meeting" to go ahead without them.',
    '',
    '— Coordinator',
  ];
  const { row } = await queueEmail(deps, db, {
    kind: 'meeting_decline',
    idempotencyKey: key,
    to: [{ name: requester.display_name, address: requester.email }],
    subject: `Declined: ${meeting.title} (${who})`,
    text: lines.join('\n'),
    html: `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#222;max-width:640px">${lines
      .map((l) => (l ? `<p>${escapeHtml(l)}</p>` : ''))
      .join('')}</body></html>`,
    autoSubmitted: 'auto-generated', // the requester did not write to us; the decline came from a machine
    projectId: meeting.project_id,
    personId: requester.id,
    inboundId,
    context: { meetingId: meeting.id, declinedBy: decliner.person_id, suggested: next.slot ? { start: next.slot.start, end: next.slot.end } : null },
  });
  await addMeetingEvent(db, { meetingId: meeting.id, kind: 'decline_reported', personId: decliner.person_id, sequence: meeting.sequence, outboxId: row.id, inboundId, data: { suggested: next.slot } }, now);
}

function formatAsk(d: Date, zone: string): string {
  return DateTime.fromJSDate(d, { zone }).toFormat("cccc d LLL 'at' HH:mm");
}
