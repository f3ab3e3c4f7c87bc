// Slot finding with an injected clock: attendees on three continents, a week in which one zone changes
// to summer time, a full calendar (no slot → two near-misses), and busy times from recurring events in a
// free/busy feed (expanded with ical.js, bounded).
import { describe, expect, it } from 'vitest';
import { busyFromIcs } from '../../src/domain/icalendar-read.js';
import { findSlot, insideWorkingHours, meetingWindow, type SlotAttendee } from '../../src/domain/slots.js';

const hours = (zone: string, start = '09:00', end = '17:00', days = [1, 2, 3, 4, 5]) => ({ zone, start, end, days });
const person = (key: string, zone: string, busy: { start: string; end: string }[] = [], h = hours(zone)): SlotAttendee => ({
  key,
  name: key,
  hours: h,
  busy: busy.map((b) => ({ start: new Date(b.start), end: new Date(b.end) })),
});
const iso = (d: Date | undefined | null) => d?.toISOString();

describe('working hours', () => {
  it('reads the wall clock of the person’s own zone, DST included', () => {
    const ny = hours('America/New_York');
    // Fri 7 Mar 2025: New York is UTC-5, so 09:00 local = 14:00Z.
    expect(insideWorkingHours(ny, new Date('2025-03-07T13:30:00Z'), new Date('2025-03-07T14:00:00Z'))).toBe(false);
    expect(insideWorkingHours(ny, new Date('2025-03-07T14:00:00Z'), new Date('2025-03-07T14:30:00Z'))).toBe(true);
    // Mon 10 Mar 2025, after the US change on Sunday 9 Mar: UTC-4, so 09:00 local = 13:00Z.
    expect(insideWorkingHours(ny, new Date('2025-03-10T13:00:00Z'), new Date('2025-03-10T13:30:00Z'))).toBe(true);
    // Ends exactly at 17:00 local: inside; one minute later: outside. Saturday: outside.
    expect(insideWorkingHours(ny, new Date('2025-03-10T20:30:00Z'), new Date('2025-03-10T21:00:00Z'))).toBe(true);
    expect(insideWorkingHours(ny, new Date('2025-03-10T20:31:00Z'), new Date('2025-03-10T21:01:00Z'))).toBe(false);
    expect(insideWorkingHours(ny, new Date('2025-03-08T15:00:00Z'), new Date('2025-03-08T15:30:00Z'))).toBe(false);
  });
});

describe('findSlot', () => {
  it('finds the one overlap of attendees in South America, Europe and Africa', () => {
    // Mon 3 Mar 2025. São Paulo 09–17 = 12–20Z, London 09–17 = 09–17Z, Nairobi 09–17 = 06–14Z → 12:00–14:00Z.
    const window = meetingWindow({ now: new Date('2025-03-03T05:00:00Z'), zone: 'Europe/London', notBefore: null, notAfter: null, workDays: [1, 2, 3, 4, 5] });
    const r = findSlot({
      attendees: [person('ana@sp.example', 'America/Sao_Paulo'), person('lena@ldn.example', 'Europe/London'), person('wanjiru@nbo.example', 'Africa/Nairobi')],
      window,
      durationMinutes: 30,
    });
    expect(iso(r.slot?.start)).toBe('2025-03-03T12:00:00.000Z');
    expect(iso(r.slot?.end)).toBe('2025-03-03T12:30:00.000Z');
  });

  it('skips what anyone is busy with and takes the next start', () => {
    const r = findSlot({
      attendees: [
        person('ana@sp.example', 'America/Sao_Paulo', [{ start: '2025-03-03T11:00:00Z', end: '2025-03-03T13:10:00Z' }]),
        person('lena@ldn.example', 'Europe/London'),
        person('wanjiru@nbo.example', 'Africa/Nairobi'),
      ],
      window: { start: new Date('2025-03-03T05:00:00Z'), end: new Date('2025-03-08T00:00:00Z') },
      durationMinutes: 45,
    });
    // 13:15Z + 45 min = 14:00Z, the end of Nairobi's day.
    expect(iso(r.slot?.start)).toBe('2025-03-03T13:15:00.000Z');
  });

  it('follows New York into summer time while Berlin stays on winter time (week of 10 Mar 2025)', () => {
    const attendees = [person('dana@ny.example', 'America/New_York'), person('jonas@ber.example', 'Europe/Berlin')];
    // Friday 7 Mar (before the change): New York 09:00 = 14:00Z, Berlin ends 16:00Z.
    const fri = findSlot({ attendees, window: { start: new Date('2025-03-07T00:00:00Z'), end: new Date('2025-03-08T00:00:00Z') }, durationMinutes: 60 });
    expect(iso(fri.slot?.start)).toBe('2025-03-07T14:00:00.000Z');
    // Monday 10 Mar (after the US change): New York 09:00 = 13:00Z; a fixed -05:00 offset would say 14:00Z.
    const mon = findSlot({ attendees, window: { start: new Date('2025-03-10T00:00:00Z'), end: new Date('2025-03-11T00:00:00Z') }, durationMinutes: 60 });
    expect(iso(mon.slot?.start)).toBe('2025-03-10T13:00:00.000Z');
    // A meeting that needs 3 hours fits after the change (13–16Z) but not before it (14–16Z).
    expect(findSlot({ attendees, window: { start: new Date('2025-03-07T00:00:00Z'), end: new Date('2025-03-08T00:00:00Z') }, durationMinutes: 180 }).slot).toBeNull();
    expect(iso(findSlot({ attendees, window: { start: new Date('2025-03-10T00:00:00Z'), end: new Date('2025-03-11T00:00:00Z') }, durationMinutes: 180 }).slot?.start)).toBe(
      '2025-03-10T13:00:00.000Z',
    );
  });

  it('returns no slot and the best two near-misses when the calendar is full', () => {
    // Omar is busy all week; the others are free. Every start loses exactly Omar, so the near-misses are
    // the earliest start and the next one at least two hours later, and they name him and why.
    const week = { start: '2025-03-03T00:00:00Z', end: '2025-03-08T00:00:00Z' };
    const r = findSlot({
      attendees: [person('dana@x.example', 'Europe/Berlin'), person('omar@x.example', 'Europe/Berlin', [week]), person('lena@x.example', 'Europe/Berlin')],
      window: { start: new Date('2025-03-03T06:00:00Z'), end: new Date('2025-03-08T00:00:00Z') },
      durationMinutes: 30,
    });
    expect(r.slot).toBeNull();
    expect(r.nearMisses).toHaveLength(2);
    expect(r.nearMisses.map((c) => iso(c.start))).toEqual(['2025-03-03T08:00:00.000Z', '2025-03-03T10:00:00.000Z']);
    for (const c of r.nearMisses) expect(c.conflicts).toEqual([{ key: 'omar@x.example', name: 'omar@x.example', reason: 'busy' }]);
  });

  it('offers near-misses that are real alternatives: never within two hours of each other', () => {
    // Omar is free only Monday 08:00–09:30Z and Wednesday 13:00–14:00Z (Berlin 09:00–10:30, 14:00–15:00);
    // Lena is busy then. Every start loses someone; the fewest-loss starts cluster on Monday morning.
    const omarBusy = [
      { start: '2025-03-03T00:00:00Z', end: '2025-03-03T08:00:00Z' },
      { start: '2025-03-03T09:30:00Z', end: '2025-03-05T13:00:00Z' },
      { start: '2025-03-05T14:00:00Z', end: '2025-03-08T00:00:00Z' },
    ];
    const lenaBusy = [
      { start: '2025-03-03T08:00:00Z', end: '2025-03-03T09:30:00Z' },
      { start: '2025-03-05T13:00:00Z', end: '2025-03-05T14:00:00Z' },
    ];
    const r = findSlot({
      attendees: [person('dana@x.example', 'Europe/Berlin'), person('omar@x.example', 'Europe/Berlin', omarBusy), person('lena@x.example', 'Europe/Berlin', lenaBusy)],
      window: { start: new Date('2025-03-03T06:00:00Z'), end: new Date('2025-03-08T00:00:00Z') },
      durationMinutes: 30,
    });
    expect(r.slot).toBeNull();
    const [a, b] = r.nearMisses;
    expect(iso(a?.start)).toBe('2025-03-03T08:00:00.000Z');
    expect(Math.abs(b!.start.getTime() - a!.start.getTime())).toBeGreaterThanOrEqual(2 * 3600_000);
    expect(iso(b?.start)).toBe('2025-03-03T10:00:00.000Z'); // Omar busy; two hours on, not 08:30 or 09:00
  });

  it('falls back to closer near-misses when nothing further apart exists', () => {
    // A one-hour window: every start loses Omar and all lie within two hours of each other.
    const r = findSlot({
      attendees: [person('dana@x.example', 'Europe/Berlin'), person('omar@x.example', 'Europe/Berlin', [{ start: '2025-03-03T00:00:00Z', end: '2025-03-04T00:00:00Z' }])],
      window: { start: new Date('2025-03-03T08:00:00Z'), end: new Date('2025-03-03T09:30:00Z') },
      durationMinutes: 30,
    });
    expect(r.nearMisses.map((c) => iso(c.start))).toEqual(['2025-03-03T08:00:00.000Z', '2025-03-03T08:30:00.000Z']);
  });

  it('prefers near-misses that lose fewer people', () => {
    // Tokyo and New York working days never overlap; with Berlin as a third person every start loses
    // at least one of them. Berlin+New York (13:00–16:00Z in March) lose only Tokyo.
    const r = findSlot({
      attendees: [person('kenji@tyo.example', 'Asia/Tokyo'), person('dana@ny.example', 'America/New_York'), person('jonas@ber.example', 'Europe/Berlin')],
      window: { start: new Date('2025-03-11T00:00:00Z'), end: new Date('2025-03-12T00:00:00Z') },
      durationMinutes: 30,
    });
    expect(r.slot).toBeNull();
    expect(r.nearMisses).toHaveLength(2);
    for (const c of r.nearMisses) expect(c.conflicts.map((x) => x.key)).toHaveLength(1);
  });
});

describe('meeting window', () => {
  it('uses the requested local dates, never earlier than an hour from now', () => {
    const w = meetingWindow({ now: new Date('2025-03-03T15:31:00Z'), zone: 'America/Chicago', notBefore: '2025-03-03', notAfter: '2025-03-07', workDays: [1, 2, 3, 4, 5] });
    expect(iso(w.start)).toBe('2025-03-03T16:31:00.000Z');
    expect(iso(w.end)).toBe('2025-03-08T06:00:00.000Z'); // midnight after Fri 7 Mar in Chicago (CST)
  });

  it('defaults to the rest of today and the next five working days', () => {
    // Thu 6 Mar 2025 → Fri, Mon, Tue, Wed, Thu: ends at midnight after Thu 13 Mar, Berlin time.
    const w = meetingWindow({ now: new Date('2025-03-06T10:00:00Z'), zone: 'Europe/Berlin', notBefore: null, notAfter: null, workDays: [1, 2, 3, 4, 5] });
    expect(iso(w.end)).toBe('2025-03-13T23:00:00.000Z');
  });
});

describe('busy times from a free/busy feed', () => {
  const feed = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//Feed//EN',
    'BEGIN:VTIMEZONE',
    'TZID:America/New_York',
    'BEGIN:STANDARD',
    'DTSTART:20071104T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:20070311T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
    // Every weekday morning 09:00–12:00 New York time since January, except Wednesday 12 March.
    'BEGIN:VEVENT',
    'UID:standup@feed',
    'DTSTAMP:20250101T000000Z',
    'DTSTART;TZID=America/New_York:20250106T090000',
    'DTEND;TZID=America/New_York:20250106T120000',
    'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    'EXDATE;TZID=America/New_York:20250312T090000',
    'SUMMARY:Focus time',
    'END:VEVENT',
    // Thursday's occurrence moved to the afternoon.
    'BEGIN:VEVENT',
    'UID:standup@feed',
    'DTSTAMP:20250101T000000Z',
    'RECURRENCE-ID;TZID=America/New_York:20250313T090000',
    'DTSTART;TZID=America/New_York:20250313T130000',
    'DTEND;TZID=America/New_York:20250313T160000',
    'SUMMARY:Focus time (moved)',
    'END:VEVENT',
    // Free time and cancelled events do not block.
    'BEGIN:VEVENT',
    'UID:lunch@feed',
    'DTSTAMP:20250101T000000Z',
    'DTSTART:20250310T170000Z',
    'DTEND:20250310T180000Z',
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:gone@feed',
    'DTSTAMP:20250101T000000Z',
    'DTSTART:20250310T160000Z',
    'DTEND:20250310T163000Z',
    'STATUS:CANCELLED',
    'END:VEVENT',
    // A hostile rule (ICS-5): expansion stops at its bound instead of running away.
    'BEGIN:VEVENT',
    'UID:storm@feed',
    'DTSTAMP:20250101T000000Z',
    'DTSTART:20200101T000000Z',
    'DTEND:20200101T000001Z',
    'RRULE:FREQ=SECONDLY',
    'END:VEVENT',
    // A VFREEBUSY period (some servers publish only these).
    'BEGIN:VFREEBUSY',
    'UID:fb@feed',
    'DTSTAMP:20250101T000000Z',
    'FREEBUSY;FBTYPE=BUSY:20250311T190000Z/20250311T200000Z',
    'END:VFREEBUSY',
    'END:VCALENDAR',
  ].join('\r\n');
  const window = { start: new Date('2025-03-10T00:00:00Z'), end: new Date('2025-03-15T00:00:00Z') };

  it('expands the recurring event across the DST change, applies EXDATE and RECURRENCE-ID, skips free time', () => {
    const busy = busyFromIcs(feed, window, 'UTC')
      .map((b) => `${iso(b.start)}/${iso(b.end)}`)
      .sort();
    expect(busy).toEqual([
      '2025-03-10T13:00:00.000Z/2025-03-10T16:00:00.000Z',
      '2025-03-11T13:00:00.000Z/2025-03-11T16:00:00.000Z',
      '2025-03-11T19:00:00.000Z/2025-03-11T20:00:00.000Z',
      '2025-03-13T17:00:00.000Z/2025-03-13T20:00:00.000Z',
      '2025-03-14T13:00:00.000Z/2025-03-14T16:00:00.000Z',
    ]);
  });

  it('puts the meeting after the recurring busy block', () => {
    const busy = busyFromIcs(feed, window, 'America/New_York');
    const r = findSlot({
      attendees: [{ ...person('dana@ny.example', 'America/New_York'), busy }, person('jonas@ber.example', 'Europe/Berlin')],
      window: { start: new Date('2025-03-10T00:00:00Z'), end: new Date('2025-03-15T00:00:00Z') },
      durationMinutes: 30,
    });
    // Mon: busy 13–16Z, Berlin ends 16Z → no Monday slot; Tue: same; Wed: the exception → 13:00Z.
    expect(iso(r.slot?.start)).toBe('2025-03-12T13:00:00.000Z');
  });

  it('reads a TZID without a VTIMEZONE as an IANA name and a floating time in the person’s zone', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:x',
      'BEGIN:VEVENT',
      'UID:a',
      'DTSTAMP:20250101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20250310T100000',
      'DTEND;TZID=Europe/Berlin:20250310T110000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:b',
      'DTSTAMP:20250101T000000Z',
      'DTSTART:20250311T100000',
      'DTEND:20250311T110000',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const busy = busyFromIcs(ics, window, 'Asia/Tokyo').map((b) => iso(b.start));
    expect(busy).toEqual(['2025-03-10T09:00:00.000Z', '2025-03-11T01:00:00.000Z']);
  });
});
