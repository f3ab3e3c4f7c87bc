// iTIP (RFC 5546) messages for a meeting, carried as iMIP (RFC 6047): the iCalendar text and the readable
// text/HTML around it, in each recipient's own time zone. Pure: no DB, no queue. queueEmail hands the
// text to nodemailer with the same `method`, so the MIME `method=` parameter always equals METHOD (ICS-1).
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { vtimezone } from '../domain/vtimezone.js';
import { escapeHtml } from './html.js';

export type ItipMethod = 'REQUEST' | 'CANCEL';
export type Role = 'CHAIR' | 'REQ-PARTICIPANT' | 'OPT-PARTICIPANT';
export type PartStat = 'NEEDS-ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE' | 'DELEGATED';

export interface InviteAttendee {
  name: string;
  email: string;
  role: Role;
  partstat: PartStat;
}

export interface InviteEvent {
  uid: string;
  sequence: number;
  method: ItipMethod;
  dtstamp: Date;
  start: Date;
  end: Date;
  timeZone: string; // IANA name, used as TZID (with its VTIMEZONE)
  summary: string;
  description: string;
  organizer: { name: string; email: string }; // the coordinator's own address, so RSVPs come back to it
  attendees: InviteAttendee[]; // CANCEL to removed attendees lists just them (RFC 5546 §3.2.5)
  url?: string;
}

const roles: Record<Role, ICalAttendeeRole> = {
  CHAIR: ICalAttendeeRole.CHAIR,
  'REQ-PARTICIPANT': ICalAttendeeRole.REQ,
  'OPT-PARTICIPANT': ICalAttendeeRole.OPT,
};
const statuses: Record<PartStat, ICalAttendeeStatus> = {
  'NEEDS-ACTION': ICalAttendeeStatus.NEEDSACTION,
  ACCEPTED: ICalAttendeeStatus.ACCEPTED,
  DECLINED: ICalAttendeeStatus.DECLINED,
  TENTATIVE: ICalAttendeeStatus.TENTATIVE,
  DELEGATED: ICalAttendeeStatus.DELEGATED,
};

/** A parameter value (CN) cannot hold a DQUOTE or control characters (RFC 5545 §3.2). */
const paramText = (s: string) => s.replace(/[\u0000-\u001f\u007f"]/g, ' ').replace(/\s+/g, ' ').trim();

/** The VCALENDAR text of one iTIP message. */
export function buildItip(e: InviteEvent): string {
  const zone = e.timeZone;
  const cal = ical({
    prodId: { company: 'Coordinator', product: 'Coordinator', language: 'EN' },
    method: e.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  cal.createEvent({
    id: e.uid,
    sequence: e.sequence,
    // Luxon DateTimes: ical-generator writes a UTC one with Z (DTSTAMP must be UTC, RFC 5545 §3.8.7.2)
    // and a zoned one as local time with TZID (a native Date would be written with UTC digits).
    stamp: DateTime.fromJSDate(e.dtstamp, { zone: 'UTC' }),
    start: DateTime.fromJSDate(e.start, { zone }),
    end: DateTime.fromJSDate(e.end, { zone }),
    timezone: zone === 'UTC' ? null : zone,
    summary: e.summary,
    description: e.description,
    url: e.url ?? null,
    // RFC 5546 §3.2.5: a CANCEL carries STATUS:CANCELLED; a REQUEST a confirmed event.
    status: e.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: paramText(e.organizer.name), email: e.organizer.email },
    attendees: e.attendees.map((a) => ({
      email: a.email,
      name: paramText(a.name) || null,
      role: roles[a.role],
      // RFC 5546 §3.2.2: a (re)issued REQUEST asks every attendee again.
      status: statuses[a.partstat],
      rsvp: e.method === 'REQUEST',
    })),
  });
  // The VTIMEZONE is ours rather than ical-generator's calendar-level timezone: with one set, it writes
  // DTSTAMP in that zone without the Z (a floating DTSTAMP, which RFC 5545 §3.8.7.2 forbids).
  const text = cal.toString();
  if (zone === 'UTC') return text;
  return text.replace('BEGIN:VEVENT\r\n', `${vtimezone(zone, e.start, e.end)}\r\nBEGIN:VEVENT\r\n`);
}

export interface Recipient {
  name: string;
  zone: string;
}

/** "Tue 4 Mar 2025, 10:00–10:30 (Europe/Berlin, GMT+1)" in the recipient's own zone. */
export function whenIn(start: Date, end: Date, zone: string): string {
  const s = DateTime.fromJSDate(start, { zone });
  const en = DateTime.fromJSDate(end, { zone });
  const sameDay = s.toISODate() === en.toISODate();
  const endText = sameDay ? en.toFormat('HH:mm') : en.toFormat('ccc d LLL HH:mm');
  return `${s.toFormat('ccc d LLL yyyy, HH:mm')}–${endText} (${zone}, ${s.toFormat('ZZZZ')})`;
}

export interface InviteEmailInput {
  kind: 'invite' | 'update' | 'cancel';
  event: InviteEvent;
  recipient: Recipient;
  requesterName: string;
  attendees: { name: string; email: string; zone: string }[];
  projectUrl: string;
  previous?: { start: Date; end: Date } | null;
  change?: string | null; // an update that is not a move, e.g. "Emily Zhang is no longer invited."
}

export function composeInviteEmail(p: InviteEmailInput): { subject: string; text: string; html: string } {
  const { event: e, recipient } = p;
  const when = whenIn(e.start, e.end, recipient.zone);
  const greeting = recipient.name ? `Hi ${recipient.name.split(' ')[0]},` : 'Hi,';
  const subject =
    p.kind === 'cancel' ? `Cancelled: ${e.summary}` : p.kind === 'update' ? `Updated invitation: ${e.summary} @ ${when}` : `Invitation: ${e.summary} @ ${when}`;
  const lead =
    p.kind === 'cancel'
      ? `${p.requesterName ? `${p.requesterName}'s` : 'The'} meeting "${e.summary}" on ${when} is cancelled.`
      : p.kind === 'update' && p.change
        ? `"${e.summary}" has changed: ${p.change} It is still ${when}.`
        : p.kind === 'update'
        ? `"${e.summary}" has moved${p.previous ? ` from ${whenIn(p.previous.start, p.previous.end, recipient.zone)}` : ''} to ${when}.`
        : `${p.requesterName ? `${p.requesterName} asked me to set up` : 'You are invited to'} "${e.summary}": ${when}.`;
  const others = p.attendees.map((a) => `  ${a.name ? `${a.name} <${a.email}>` : a.email}: ${DateTime.fromJSDate(e.start, { zone: a.zone }).toFormat('ccc HH:mm')} (${a.zone})`);
  const rsvp = p.kind === 'cancel' ? 'Your calendar will remove it.' : 'Use Accept / Tentative / Decline in your calendar to answer; your answer comes back to me.';
  const text = [
    greeting,
    '',
    lead,
    '',
    ...(p.kind === 'cancel' ? [] : ['Who and when, in each person\'s time:', ...others, '', 'Agenda:', e.description, '']),
    rsvp,
    '',
    `Project page: ${p.projectUrl}`,
    '',
    '— Coordinator',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#222;max-width:640px">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(lead)}</p>`,
    p.kind === 'cancel'
      ? ''
      : `<p><strong>Who and when, in each person's time</strong></p><ul>${p.attendees
          .map((a) => `<li>${escapeHtml(a.name || a.email)}: ${escapeHtml(DateTime.fromJSDate(e.start, { zone: a.zone }).toFormat('ccc HH:mm'))} (${escapeHtml(a.zone)})</li>`)
          .join('')}</ul><p><strong>Agenda</strong></p><p>${escapeHtml(e.description).replace(/\n/g, '<br>')}</p>`,
    `<p style="color:#555">${escapeHtml(rsvp)}</p>`,
    `<p><a href="${escapeHtml(p.projectUrl)}">Project page</a></p>`,
    '<p>— Coordinator</p></body></html>',
  ].join('\n');
  return { subject, text, html };
}
