// An incoming iTIP REPLY (RFC 5546 §3.2.3): which event (UID, RECURRENCE-ID), which revision it answers
// (SEQUENCE, DTSTAMP), and each attendee's answer. Clients differ: Outlook writes `MAILTO:` in capitals
// and Windows zone names, Google adds X-RESPONSE-COMMENT to the ATTENDEE, Thunderbird/OBM fold the UID
// over two lines, Apple repeats the address in an EMAIL parameter. Only the facts below are kept.
import type ICAL from 'ical.js';
import { canonicalAddress } from './address.js';
import { IcsError, instantOf, parseIcs } from './icalendar-read.js';

export type ReplyPartStat = 'ACCEPTED' | 'DECLINED' | 'TENTATIVE' | 'DELEGATED' | 'NEEDS-ACTION';

export interface ItipReplyAttendee {
  email: string;
  partstat: ReplyPartStat | null; // null: missing or not a value RFC 5545 §3.2.12 allows in a VEVENT
  comment: string | null;
}

export interface ItipReply {
  method: string;
  uid: string;
  recurrenceId: string | null;
  sequence: number;
  dtstamp: Date | null;
  organizer: string | null;
  attendees: ItipReplyAttendee[];
  comment: string | null;
}

const PARTSTATS = new Set(['ACCEPTED', 'DECLINED', 'TENTATIVE', 'DELEGATED', 'NEEDS-ACTION']);

/** "mailto:Sam@x.com", "MAILTO:sam@x.com", "Mailto:" → "sam@x.com"; anything else → null. */
export function calAddress(value: unknown): string | null {
  const s = String(value ?? '').trim();
  const m = /^mailto:(.+)$/i.exec(s);
  return m ? canonicalAddress(decodeURIComponent(m[1]!)) : null;
}

function attendeeOf(p: ICAL.Property): ItipReplyAttendee | null {
  const email = calAddress(p.getFirstValue()) ?? canonicalAddress(String(p.getParameter('email') ?? ''));
  if (!email) return null;
  const ps = String(p.getParameter('partstat') ?? '').toUpperCase();
  const comment = p.getParameter('x-response-comment');
  return { email, partstat: PARTSTATS.has(ps) ? (ps as ReplyPartStat) : null, comment: comment ? String(comment) : null };
}

/** Parses a REPLY; throws IcsError when the text is not iCalendar or holds no event with a UID. */
export function parseItipReply(text: string): ItipReply {
  const cal = parseIcs(text);
  const method = String(cal.getFirstPropertyValue('method') ?? '').toUpperCase();
  const ev = cal.getAllSubcomponents('vevent').find((e) => e.hasProperty('uid'));
  if (!ev) throw new IcsError('no VEVENT with a UID');
  const uid = String(ev.getFirstPropertyValue('uid')).trim();
  const seq = Number(ev.getFirstPropertyValue('sequence') ?? 0);
  const stamp = ev.getFirstPropertyValue('dtstamp') as ICAL.Time | null;
  const rid = ev.getFirstPropertyValue('recurrence-id') as ICAL.Time | null;
  const comment = ev.getFirstPropertyValue('comment');
  return {
    method,
    uid,
    recurrenceId: rid ? rid.toString() : null,
    sequence: Number.isFinite(seq) && seq >= 0 ? Math.floor(seq) : 0,
    dtstamp: stamp && typeof stamp === 'object' && 'year' in stamp ? instantOf(stamp, 'UTC') : null,
    organizer: calAddress(ev.getFirstPropertyValue('organizer')),
    attendees: ev
      .getAllProperties('attendee')
      .map(attendeeOf)
      .filter((a): a is ItipReplyAttendee => !!a),
    comment: comment ? String(comment).trim() || null : null,
  };
}
