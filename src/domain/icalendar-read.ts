// Reading iCalendar that comes from outside (free/busy feeds, iTIP REPLYs) with ical.js, the parser
// Thunderbird uses. Everything here is bounded (ICS-5, RELIABILITY "parsers are attack surface"): the
// text size, the number of components, and recurrence expansion by both a window and a count.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { isValidZone } from './time-zone.js';
import type { Interval } from './slots.js';

export const MAX_ICS_BYTES = 2 * 1024 * 1024;
const MAX_EVENTS = 5_000;
const MAX_STEPS_PER_EVENT = 5_000; // recurrence iterations, counted from DTSTART (FREQ=SECONDLY is bounded too)
const MAX_INTERVALS = 10_000;

export class IcsError extends Error {
  override name = 'IcsError';
}

export function parseIcs(text: string): ICAL.Component {
  if (Buffer.byteLength(text, 'utf8') > MAX_ICS_BYTES) throw new IcsError('iCalendar text too large');
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (err) {
    throw new IcsError(`unparseable iCalendar: ${(err as Error).message}`);
  }
  // A file may hold several VCALENDARs; the first is the one that matters for iTIP (RFC 5546 §1.4).
  const root = Array.isArray(jcal) && Array.isArray(jcal[0]) ? jcal[0] : jcal;
  const comp = new ICAL.Component(root as never);
  if (comp.name !== 'vcalendar') throw new IcsError('not a VCALENDAR');
  return comp;
}

/**
 * The instant an ICAL.Time stands for. A TZID with its VTIMEZONE in the same object is resolved by ical.js;
 * a TZID without one is tried as an IANA name (Google and Apple feeds often omit the VTIMEZONE); a floating
 * time or a DATE is read in `fallbackZone` (the person's own zone).
 */
export function instantOf(t: ICAL.Time, fallbackZone: string, tzidParam?: string | null): Date {
  const zoneId = t.zone?.tzid;
  if (!t.isDate && zoneId === 'UTC') return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
  if (!t.isDate && t.zone && zoneId && zoneId !== 'floating' && t.zone.component) return new Date(t.toUnixTime() * 1000);
  const tz = tzidParam && isValidZone(tzidParam) ? tzidParam : fallbackZone;
  const dt = DateTime.fromObject(
    { year: t.year, month: t.month, day: t.day, hour: t.isDate ? 0 : t.hour, minute: t.isDate ? 0 : t.minute, second: t.isDate ? 0 : t.second },
    { zone: tz },
  );
  return dt.toJSDate();
}

/**
 * Busy intervals overlapping `window` from a calendar feed: VEVENTs (recurrences expanded, RECURRENCE-ID
 * overrides applied, cancelled and transparent events skipped) and VFREEBUSY periods.
 */
export function busyFromIcs(text: string, window: Interval, fallbackZone: string): Interval[] {
  const cal = parseIcs(text);
  const out: Interval[] = [];
  const push = (start: Date, end: Date) => {
    if (out.length >= MAX_INTERVALS) return;
    if (start < window.end && end > window.start && end > start) out.push({ start, end });
  };
  const events = cal.getAllSubcomponents('vevent').slice(0, MAX_EVENTS);
  const overrides = new Map<string, ICAL.Component[]>();
  for (const ev of events) {
    if (ev.hasProperty('recurrence-id')) {
      const uid = String(ev.getFirstPropertyValue('uid') ?? '');
      overrides.set(uid, [...(overrides.get(uid) ?? []), ev]);
    }
  }
  const isFree = (c: ICAL.Component) =>
    String(c.getFirstPropertyValue('transp') ?? '').toUpperCase() === 'TRANSPARENT' ||
    String(c.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
  const tzidOf = (c: ICAL.Component, prop: string) => (c.getFirstProperty(prop)?.getParameter('tzid') as string | undefined) ?? null;

  for (const comp of events) {
    if (comp.hasProperty('recurrence-id')) continue; // applied through its master below
    if (!comp.hasProperty('dtstart')) continue;
    let event: ICAL.Event;
    try {
      event = new ICAL.Event(comp, { strictExceptions: false, exceptions: overrides.get(String(comp.getFirstPropertyValue('uid') ?? '')) ?? [] });
    } catch {
      continue;
    }
    const tzid = tzidOf(comp, 'dtstart');
    const span = (start: ICAL.Time, end: ICAL.Time | null, c: ICAL.Component) => {
      const s = instantOf(start, fallbackZone, tzidOf(c, 'dtstart') ?? tzid);
      let e = end ? instantOf(end, fallbackZone, tzidOf(c, 'dtend') ?? tzidOf(c, 'dtstart') ?? tzid) : null;
      if (!e || e <= s) e = new Date(s.getTime() + (start.isDate ? 86_400_000 : 0));
      return { s, e };
    };
    if (!event.isRecurring()) {
      if (isFree(comp)) continue;
      const { s, e } = span(event.startDate, event.endDate, comp);
      push(s, e);
      continue;
    }
    if (isFree(comp) && !overrides.has(event.uid)) continue;
    const it = event.iterator();
    for (let steps = 0; steps < MAX_STEPS_PER_EVENT; steps++) {
      let next: ICAL.Time | null;
      try {
        next = it.next();
      } catch {
        break;
      }
      if (!next) break;
      const d = event.getOccurrenceDetails(next);
      const c = d.item.component;
      if (isFree(c)) continue;
      const { s, e } = span(d.startDate, d.endDate, c);
      if (s >= window.end) break;
      push(s, e);
    }
  }
  for (const fb of cal.getAllSubcomponents('vfreebusy')) {
    for (const prop of fb.getAllProperties('freebusy')) {
      const type = String(prop.getParameter('fbtype') ?? 'BUSY').toUpperCase();
      if (type === 'FREE') continue;
      for (const v of prop.getValues() as ICAL.Period[]) {
        const s = instantOf(v.start, fallbackZone);
        const e = v.end ? instantOf(v.end, fallbackZone) : new Date(s.getTime() + (v.duration?.toSeconds() ?? 0) * 1000);
        push(s, e);
      }
    }
  }
  return out;
}
