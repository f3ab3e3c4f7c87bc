// A VTIMEZONE component for an IANA zone, computed from the zone data Luxon reads (the runtime's ICU).
// RFC 5545 §3.6.5 wants one for every TZID an invite uses, and CalConnect's iMIP guide asks for complete
// ones. Clients (Outlook above all) read STANDARD/DAYLIGHT observances with a yearly RRULE best, so when
// the zone's transitions around the event follow one yearly rule we write that; otherwise (a zone that
// changed its rules inside the range) each transition becomes its own dated observance, which is still
// exact for every instant in the range.
import { DateTime } from 'luxon';

const DAY = 86_400_000;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

interface Transition {
  at: number; // epoch ms of the change
  from: number; // offset minutes before
  to: number; // offset minutes after
  dst: boolean; // the new period is daylight time
}

const offsetAt = (zone: string, ms: number) => DateTime.fromMillis(ms, { zone }).offset;

function transitions(zone: string, fromMs: number, toMs: number): Transition[] {
  const out: Transition[] = [];
  let prev = offsetAt(zone, fromMs);
  for (let t = fromMs + DAY; t <= toMs + DAY; t += DAY) {
    const cur = offsetAt(zone, t);
    if (cur === prev) continue;
    let lo = t - DAY; // offset prev
    let hi = t; // offset cur
    while (hi - lo > 60_000) {
      const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
      if (mid <= lo || mid >= hi) break;
      if (offsetAt(zone, mid) === prev) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi, from: prev, to: cur, dst: DateTime.fromMillis(hi, { zone }).isInDST });
    prev = cur;
  }
  return out;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

/** The wall-clock onset of a transition, written in the offset in force before it (RFC 5545 §3.6.5). */
function onsetLocal(t: Transition): DateTime {
  return DateTime.fromMillis(t.at + t.from * 60_000, { zone: 'UTC' });
}

const icsLocal = (d: DateTime) => d.toFormat("yyyyMMdd'T'HHmmss");

/** "2SU" or "-1SU": which weekday of the month a local date is. */
function byDay(d: DateTime): { nth: number; last: boolean; wd: string } {
  const nth = Math.ceil(d.day / 7);
  return { nth, last: d.day + 7 > d.daysInMonth!, wd: WEEKDAYS[d.weekday - 1]! };
}

function yearlyRule(group: Transition[]): string | null {
  if (group.length < 2) return null;
  const days = group.map((t) => onsetLocal(t));
  const first = days[0]!;
  const sameTime = days.every((d) => d.toFormat('HHmmss') === first.toFormat('HHmmss') && d.month === first.month);
  const sameOffsets = group.every((t) => t.from === group[0]!.from && t.to === group[0]!.to);
  if (!sameTime || !sameOffsets) return null;
  const b = days.map(byDay);
  if (b.every((x) => x.wd === b[0]!.wd && x.last)) return `FREQ=YEARLY;BYMONTH=${first.month};BYDAY=-1${b[0]!.wd}`;
  if (b.every((x) => x.wd === b[0]!.wd && x.nth === b[0]!.nth)) return `FREQ=YEARLY;BYMONTH=${first.month};BYDAY=${b[0]!.nth}${b[0]!.wd}`;
  return null;
}

/**
 * VTIMEZONE text (CRLF lines, no trailing CRLF) for `zone`, exact for every instant between `from` and `to`
 * (a year of margin is added on each side).
 */
export function vtimezone(zone: string, from: Date, to: Date): string {
  const start = DateTime.fromJSDate(from, { zone: 'UTC' }).minus({ years: 1 }).startOf('year').toMillis();
  const end = DateTime.fromJSDate(to, { zone: 'UTC' }).plus({ years: 1 }).endOf('year').toMillis();
  const ts = transitions(zone, start, end);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', dtstart: string, fromOff: number, toOff: number, extra: string[] = []) => {
    lines.push(`BEGIN:${kind}`, `DTSTART:${dtstart}`, `TZOFFSETFROM:${formatOffset(fromOff)}`, `TZOFFSETTO:${formatOffset(toOff)}`, ...extra, `END:${kind}`);
  };
  if (!ts.length) {
    const off = offsetAt(zone, start);
    observance('STANDARD', '19700101T000000', off, off);
  } else {
    const std = ts.filter((t) => !t.dst);
    const dst = ts.filter((t) => t.dst);
    const stdRule = yearlyRule(std);
    const dstRule = yearlyRule(dst);
    // The period before the first transition in the range, so every instant in the range is covered.
    const before = ts[0]!;
    const beforeStart = icsLocal(DateTime.fromMillis(start + before.from * 60_000, { zone: 'UTC' }));
    if (stdRule && dstRule && std.length + dst.length === ts.length) {
      if (before.dst) observance('STANDARD', beforeStart, before.from, before.from);
      else observance('DAYLIGHT', beforeStart, before.from, before.from);
      observance('STANDARD', icsLocal(onsetLocal(std[0]!)), std[0]!.from, std[0]!.to, [`RRULE:${stdRule}`]);
      observance('DAYLIGHT', icsLocal(onsetLocal(dst[0]!)), dst[0]!.from, dst[0]!.to, [`RRULE:${dstRule}`]);
    } else {
      observance(before.dst ? 'STANDARD' : 'DAYLIGHT', beforeStart, before.from, before.from);
      for (const t of ts) observance(t.dst ? 'DAYLIGHT' : 'STANDARD', icsLocal(onsetLocal(t)), t.from, t.to);
    }
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
