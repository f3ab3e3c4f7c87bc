// Generated iTIP messages parsed back with ical.js and checked by the lint helper; the helper itself is
// shown to fail on known-bad samples (FIG-9: METHOD:PUBLISH under method=REQUEST, a missing VTIMEZONE,
// a floating DTSTAMP, a lower SEQUENCE).
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { vtimezone } from '../../src/domain/vtimezone.js';
import { buildItip, composeInviteEmail, type InviteEvent } from '../../src/outbound/invite.js';
import { buildRaw } from '../../src/outbound/mime.js';
import { lintIcs, lintInviteEmail, SequenceLedger } from '../support/ics-lint.js';

const base: InviteEvent = {
  uid: 'b1c2d3@contoso.com',
  sequence: 0,
  method: 'REQUEST',
  dtstamp: new Date('2025-03-03T15:31:00Z'),
  start: new Date('2025-03-10T13:00:00Z'), // Mon 10 Mar 2025, the first weekday of US summer time
  end: new Date('2025-03-10T13:30:00Z'),
  timeZone: 'America/New_York',
  summary: 'Warehouse scanner rollout kickoff',
  description: 'Goal: Warehouse scanner rollout\n\nTasks and owners:\n1. Order the scanners (Lena Fischer, due 2025-03-07)',
  organizer: { name: 'Coordinator (for Dana "DW" Whitfield)', email: 'coordinator@contoso.com' },
  attendees: [
    { name: 'Dana Whitfield', email: 'dana@contoso.com', role: 'CHAIR', partstat: 'NEEDS-ACTION' },
    { name: 'Lena Fischer', email: 'lena@contoso.com', role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION' },
  ],
};

describe('iTIP generation', () => {
  it('writes a REQUEST that ical.js reads back to the same instants, with a VTIMEZONE for its TZID', () => {
    const ics = buildItip(base);
    const { errors, itip } = lintIcs(ics, 'REQUEST');
    expect(errors).toEqual([]);
    expect(itip!.tzid).toBe('America/New_York');
    expect(itip!.start.toISOString()).toBe('2025-03-10T13:00:00.000Z'); // 09:00 EDT, not 08:00 (EST)
    expect(itip!.dtstamp.toISOString()).toBe('2025-03-03T15:31:00.000Z');
    expect(itip!.organizer).toBe('coordinator@contoso.com');
    expect(itip!.organizerCn).toBe('Coordinator (for Dana DW Whitfield)');
    expect(itip!.attendees.map((a) => [a.email, a.role, a.partstat, a.rsvp])).toEqual([
      ['dana@contoso.com', 'CHAIR', 'NEEDS-ACTION', 'TRUE'],
      ['lena@contoso.com', 'REQ-PARTICIPANT', 'NEEDS-ACTION', 'TRUE'],
    ]);
    expect(itip!.description).toContain('Order the scanners (Lena Fischer');
    expect(ics).toMatch(/^DTSTAMP:20250303T153100Z\r$/m);
  });

  it('writes a CANCEL with STATUS:CANCELLED and the higher SEQUENCE', () => {
    const { errors, itip } = lintIcs(buildItip({ ...base, method: 'CANCEL', sequence: 2 }), 'CANCEL');
    expect(errors).toEqual([]);
    expect(itip).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 2 });
  });

  it.each(['Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Chatham', 'UTC'])('resolves %s exactly around its transitions', (zone) => {
    // The days around each 2025 DST change in either hemisphere, and a zone without DST.
    for (const day of ['2025-03-09', '2025-03-10', '2025-03-31', '2025-04-07', '2025-10-06', '2025-10-27', '2025-11-03']) {
      const start = new Date(`${day}T12:00:00Z`);
      const { errors, itip } = lintIcs(buildItip({ ...base, timeZone: zone, start, end: new Date(start.getTime() + 30 * 60_000) }), 'REQUEST');
      expect(errors).toEqual([]);
      expect(itip!.start.toISOString()).toBe(start.toISOString());
    }
  });

  it('writes VTIMEZONE observances ical.js agrees with for every hour of a DST year', () => {
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:x', vtimezone('Europe/Berlin', new Date('2025-01-01Z'), new Date('2025-12-31Z')), 'END:VCALENDAR'].join('\r\n');
    const tz = new ICAL.Timezone(new ICAL.Component(ICAL.parse(text) as never).getFirstSubcomponent('vtimezone')!);
    const t0 = new Date('2025-01-01T00:00:00Z').getTime();
    for (let h = 0; h < 365 * 24; h += 7) {
      const at = new Date(t0 + h * 3_600_000);
      const local = ICAL.Time.fromJSDate(at, true).convertToZone(tz);
      expect(local.toUnixTime() * 1000).toBe(at.getTime());
    }
  });

  it('puts it in multipart/alternative with method=REQUEST on the part and the time in the recipient’s zone', async () => {
    const ics = buildItip(base);
    const mail = composeInviteEmail({
      kind: 'invite',
      event: base,
      recipient: { name: 'Lena Fischer', zone: 'Europe/Berlin' },
      requesterName: 'Dana Whitfield',
      attendees: [
        { name: 'Dana Whitfield', email: 'dana@contoso.com', zone: 'America/New_York' },
        { name: 'Lena Fischer', email: 'lena@contoso.com', zone: 'Europe/Berlin' },
      ],
      projectUrl: 'http://localhost/projects/1',
    });
    expect(mail.subject).toBe('Invitation: Warehouse scanner rollout kickoff @ Mon 10 Mar 2025, 14:00–14:30 (Europe/Berlin, GMT+1)');
    expect(mail.text).toContain('Dana Whitfield <dana@contoso.com>: Mon 09:00 (America/New_York)');
    const raw = await buildRaw({
      from: { name: 'Coordinator', address: 'coordinator@contoso.com' },
      to: [{ name: 'Lena Fischer', address: 'lena@contoso.com' }],
      cc: [],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: 'x1@contoso.com',
      date: base.dtstamp,
      headers: { 'Auto-Submitted': 'auto-generated' },
      calendar: { method: 'REQUEST', content: ics },
    });
    const linted = await lintInviteEmail(raw);
    expect(linted.errors).toEqual([]);
    expect(linted.to).toEqual(['lena@contoso.com']);
  });
});

describe('the lint helper fails on known-bad invites', () => {
  const good = buildItip(base);
  it.each([
    ['METHOD:PUBLISH under method=REQUEST', good.replace('METHOD:REQUEST', 'METHOD:PUBLISH'), 'REQUEST', /MIME method=REQUEST but METHOD:PUBLISH/],
    ['a TZID without its VTIMEZONE', good.replace(/BEGIN:VTIMEZONE[\s\S]*END:VTIMEZONE\r\n/, ''), 'REQUEST', /has no VTIMEZONE/],
    ['a floating DTSTAMP', good.replace('DTSTAMP:20250303T153100Z', 'DTSTAMP:20250303T153100'), 'REQUEST', /DTSTAMP is not in UTC/],
    ['no SEQUENCE', good.replace(/SEQUENCE:0\r\n/, ''), 'REQUEST', /SEQUENCE missing/],
    ['an attendee without RSVP', good.replace(';RSVP=TRUE;CN="Lena', ';CN="Lena'), 'REQUEST', /not RSVP=TRUE/],
    ['a CANCEL still CONFIRMED', good.replace('METHOD:REQUEST', 'METHOD:CANCEL'), 'CANCEL', /CANCEL without STATUS:CANCELLED/],
    ['a floating DTSTART', good.replace('DTSTART;TZID=America/New_York:', 'DTSTART:'), 'REQUEST', /DTSTART is a floating time/],
  ])('%s', (_name, ics, method, error) => {
    expect(lintIcs(ics, method).errors.join('\n')).toMatch(error);
  });

  it('SEQUENCE must increase per UID and recipient', () => {
    const ledger = new SequenceLedger();
    expect(ledger.record('u', 'a@x', 0)).toBeNull();
    expect(ledger.record('u', 'b@x', 0)).toBeNull();
    expect(ledger.record('u', 'a@x', 1)).toBeNull();
    expect(ledger.record('u', 'a@x', 1)).toMatch(/SEQUENCE 1 after 1/);
  });
});
