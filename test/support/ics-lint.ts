// Checks an iMIP message the way a strict calendar client would (RFC 5545, RFC 5546, RFC 6047; ICS-1..4):
// parsed with ical.js (Thunderbird's parser), the MIME method= equal to METHOD, the required properties
// present, DTSTAMP in UTC, no floating times, a VTIMEZONE for every TZID, the attendee parameters an
// organizer's REQUEST must carry, STATUS:CANCELLED on a CANCEL, and SEQUENCE strictly increasing per UID
// for each recipient. Returns errors instead of throwing, so known-bad samples can prove it fails.
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';

export interface LintAttendee {
  email: string;
  cn: string | null;
  role: string | null;
  partstat: string | null;
  rsvp: string | null;
}

export interface LintedItip {
  method: string;
  uid: string;
  sequence: number;
  dtstamp: Date;
  start: Date;
  end: Date;
  tzid: string | null;
  status: string | null;
  summary: string;
  description: string;
  organizer: string | null;
  organizerCn: string | null;
  attendees: LintAttendee[];
}

const mailto = (v: unknown) => {
  const m = /^mailto:(.+)$/i.exec(String(v ?? ''));
  return m ? m[1]!.toLowerCase() : null;
};

export function lintIcs(ics: string, mimeMethod: string | null): { errors: string[]; itip: LintedItip | null } {
  const errors: string[] = [];
  let cal: ICAL.Component;
  try {
    cal = new ICAL.Component(ICAL.parse(ics) as never);
  } catch (err) {
    return { errors: [`ical.js cannot parse: ${(err as Error).message}`], itip: null };
  }
  if (cal.name !== 'vcalendar') errors.push('root is not VCALENDAR');
  if (cal.getFirstPropertyValue('version') !== '2.0') errors.push('VERSION is not 2.0');
  if (!cal.getFirstPropertyValue('prodid')) errors.push('PRODID missing');
  const method = String(cal.getFirstPropertyValue('method') ?? '').toUpperCase();
  if (!method) errors.push('METHOD missing');
  if (mimeMethod === null) errors.push('MIME part has no method= parameter');
  else if (mimeMethod.toUpperCase() !== method) errors.push(`MIME method=${mimeMethod} but METHOD:${method}`);
  if (method && !['REQUEST', 'CANCEL'].includes(method)) errors.push(`METHOD:${method} is not one an organizer sends`);

  const zones = new Set(cal.getAllSubcomponents('vtimezone').map((z) => String(z.getFirstPropertyValue('tzid'))));
  const events = cal.getAllSubcomponents('vevent');
  if (events.length !== 1) errors.push(`expected one VEVENT, found ${events.length}`);
  const ev = events[0];
  if (!ev) return { errors, itip: null };

  for (const p of ['uid', 'dtstamp', 'dtstart', 'sequence', 'organizer', 'summary']) if (!ev.hasProperty(p)) errors.push(`${p.toUpperCase()} missing`);
  for (const prop of ev.getAllProperties()) {
    const tzid = prop.getParameter('tzid') as string | undefined;
    if (tzid && !zones.has(tzid)) errors.push(`TZID ${tzid} on ${prop.name.toUpperCase()} has no VTIMEZONE`);
  }
  const stampProp = ev.getFirstProperty('dtstamp');
  const stamp = stampProp?.getFirstValue() as ICAL.Time | undefined;
  if (stamp && stamp.zone?.tzid !== 'UTC') errors.push('DTSTAMP is not in UTC');
  const time = (name: string) => {
    const p = ev.getFirstProperty(name);
    const t = p?.getFirstValue() as ICAL.Time | undefined;
    if (!p || !t) return null;
    const tzid = p.getParameter('tzid') as string | undefined;
    if (!t.isDate && t.zone?.tzid !== 'UTC' && !tzid) errors.push(`${name.toUpperCase()} is a floating time`);
    return t;
  };
  const start = time('dtstart');
  const end = time('dtend');
  if (start && end && end.compare(start) <= 0) errors.push('DTEND is not after DTSTART');
  const seqRaw = ev.getFirstPropertyValue('sequence');
  const sequence = Number(seqRaw);
  if (seqRaw !== null && (!Number.isInteger(sequence) || sequence < 0)) errors.push('SEQUENCE is not a non-negative integer');
  const status = ev.getFirstPropertyValue('status') ? String(ev.getFirstPropertyValue('status')).toUpperCase() : null;
  const organizerProp = ev.getFirstProperty('organizer');
  const organizer = mailto(organizerProp?.getFirstValue());
  if (organizerProp && !organizer) errors.push('ORGANIZER is not a mailto: address');

  const attendees: LintAttendee[] = ev.getAllProperties('attendee').map((p) => ({
    email: mailto(p.getFirstValue()) ?? '',
    cn: (p.getParameter('cn') as string | undefined) ?? null,
    role: (p.getParameter('role') as string | undefined)?.toUpperCase() ?? null,
    partstat: (p.getParameter('partstat') as string | undefined)?.toUpperCase() ?? null,
    rsvp: (p.getParameter('rsvp') as string | undefined)?.toUpperCase() ?? null,
  }));
  if (!attendees.length) errors.push('no ATTENDEE');
  for (const a of attendees) {
    if (!a.email) errors.push('ATTENDEE without a mailto: address');
    if (!a.role || !['CHAIR', 'REQ-PARTICIPANT', 'OPT-PARTICIPANT', 'NON-PARTICIPANT'].includes(a.role)) errors.push(`ATTENDEE ${a.email} has ROLE ${a.role}`);
    if (method === 'REQUEST') {
      if (!a.partstat) errors.push(`ATTENDEE ${a.email} has no PARTSTAT`);
      if (a.rsvp !== 'TRUE') errors.push(`ATTENDEE ${a.email} is not RSVP=TRUE`);
    }
  }
  if (method === 'REQUEST' && attendees.filter((a) => a.role === 'CHAIR').length !== 1) errors.push('REQUEST without exactly one ROLE=CHAIR attendee');
  if (method === 'CANCEL' && status !== 'CANCELLED') errors.push('CANCEL without STATUS:CANCELLED');
  if (method === 'REQUEST' && status === 'CANCELLED') errors.push('REQUEST with STATUS:CANCELLED');

  const itip: LintedItip | null =
    start && stamp
      ? {
          method,
          uid: String(ev.getFirstPropertyValue('uid') ?? ''),
          sequence,
          dtstamp: stamp.toJSDate(),
          start: start.toJSDate(),
          end: (end ?? start).toJSDate(),
          tzid: (ev.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined) ?? null,
          status,
          summary: String(ev.getFirstPropertyValue('summary') ?? ''),
          description: String(ev.getFirstPropertyValue('description') ?? ''),
          organizer,
          organizerCn: (organizerProp?.getParameter('cn') as string | undefined) ?? null,
          attendees,
        }
      : null;
  return { errors, itip };
}

export interface LintedEmail {
  errors: string[];
  itip: LintedItip | null;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
}

/** Lints the exact bytes of an outgoing iMIP email (ICS-1: text/calendar with method= in multipart/alternative). */
export async function lintInviteEmail(raw: Buffer): Promise<LintedEmail> {
  const mail = await simpleParser(raw);
  const errors: string[] = [];
  const cals = mail.attachments.filter((a) => a.contentType.toLowerCase() === 'text/calendar');
  if (cals.length !== 1) errors.push(`expected one text/calendar part, found ${cals.length}`);
  const part = cals[0];
  const ct = part?.headers.get('content-type') as { value: string; params: Record<string, string> } | undefined;
  const mimeMethod = ct?.params?.method ?? null;
  if (!mail.text?.trim()) errors.push('no text/plain alternative');
  if (!mail.html) errors.push('no text/html alternative');
  if (!/multipart\/alternative/i.test(raw.toString('latin1'))) errors.push('no multipart/alternative');
  const auto = String(mail.headers.get('auto-submitted') ?? '');
  if (auto !== 'auto-generated') errors.push(`Auto-Submitted is "${auto}"`);
  const linted = part ? lintIcs(part.content.toString('utf8'), mimeMethod) : { errors: [], itip: null };
  const to = ([] as { value: { address?: string }[] }[]).concat((mail.to as never) ?? []).flatMap((t) => t.value.map((v) => (v.address ?? '').toLowerCase()));
  return { errors: [...errors, ...linted.errors], itip: linted.itip, to, subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '', headers: mail.headers as Map<string, unknown> };
}

/** RFC 5546 §2.1.4: each later message about a UID to the same recipient carries a higher SEQUENCE. */
export class SequenceLedger {
  #last = new Map<string, number>();
  record(uid: string, recipient: string, sequence: number): string | null {
    const key = `${uid}\u0000${recipient}`;
    const prev = this.#last.get(key);
    this.#last.set(key, sequence);
    return prev !== undefined && sequence <= prev ? `SEQUENCE ${sequence} after ${prev} for ${uid} to ${recipient}` : null;
  }
}
