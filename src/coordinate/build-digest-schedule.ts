// When a person's digest is due (REL-7). Pure: the instant, the person's settings and zone in, the local
// date and the instant it is due out.
//
// The rule, explicitly:
//  - A digest belongs to a local date in the person's own IANA zone (an unknown or invalid zone falls
//    back to the configured default), and goes out at digest_hour:00 local time on that date, plus a
//    fixed per-person offset of up to DIGEST_SPREAD_MINUTES so that a whole office is not sent to at the
//    top of the hour (OUT-6).
//  - Only on the person's working days (people.work_days, ISO weekdays; Monday to Friday by default, so
//    weekends are off by default and a Sunday-to-Thursday week works too).
//  - If digest_hour:00 does not exist that day (clocks spring forward over it), it is due at the first
//    instant after the gap, i.e. the next valid minute (02:00 in Berlin on 30 Mar 2025 → 03:00 CEST).
//  - If digest_hour:00 happens twice (clocks fall back), the first occurrence counts.
//  - One digest per person per local date (digest_runs and the outbox key digest:<person>:<date>). A
//    digest not sent by the end of its local day is not sent (the next local date starts a new one, and
//    the outbox row carries not_after = the end of that day: REL-6).
import { IANAZone } from 'luxon';

const MINUTE = 60_000;

const zones = new Map<string, IANAZone | null>();
function zoneOf(name: string | null | undefined): IANAZone | null {
  if (!name) return null;
  let z = zones.get(name);
  if (z === undefined) {
    z = IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
    zones.set(name, z);
  }
  return z;
}

/** The zone a person's digest is computed in: theirs when valid, else the fallback. */
export function digestZone(zone: string | null | undefined, fallback: string): string {
  return zoneOf(zone) ? zone! : zoneOf(fallback) ? fallback : 'UTC';
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar date (YYYY-MM-DD) at an instant in a zone. */
export function localDateIn(at: Date, zone: string): string {
  let f = dateFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(zone, f);
  }
  return f.format(at); // en-CA formats as YYYY-MM-DD
}

/** The date n days after a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10) + n));
  return d.toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(date: string): number {
  const d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10))).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The instant `hour`:00 local time happens on `date` in `zone`, by the gap and overlap rules above. */
export function localHourInstant(date: string, hour: number, zone: string): Date {
  const z = zoneOf(zone) ?? zoneOf('UTC')!;
  const wall = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), hour); // the wall clock read as UTC
  const offsets = [...new Set([z.offset(wall - 36 * 60 * MINUTE), z.offset(wall), z.offset(wall + 36 * 60 * MINUTE)])];
  const valid = offsets.map((o) => wall - o * MINUTE).filter((t) => wall - z.offset(t) * MINUTE === t);
  if (valid.length) return new Date(Math.min(...valid)); // overlap: the first occurrence
  // A gap: the wall time never happens. The answer is the transition itself, which lies between the
  // readings of the wall time with the offset before and after it; find it to the minute.
  const reads = offsets.map((o) => wall - o * MINUTE);
  let lo = Math.min(...reads);
  let hi = Math.max(...reads);
  const before = z.offset(lo);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (z.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

/** A fixed offset in [0, spreadMinutes) minutes for a person, the same every day. */
export function spreadOffsetMs(personId: number, spreadMinutes: number): number {
  if (spreadMinutes <= 0) return 0;
  const h = Math.imul(personId ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  return (h % (spreadMinutes * 60)) * 1000;
}

export interface DigestSchedule {
  zone: string | null;
  hour: number;
  workDays: string | null; // "1,2,3,4,5"
  lastDate: string | null; // the last local date a digest was decided for
}

export interface DueDigest {
  zone: string;
  localDate: string;
  dueAt: Date;
  /** The end of the local date: after this the digest is stale and is dropped, not sent (REL-6). */
  notAfter: Date;
}

function parseDays(s: string | null): number[] {
  const days = (s ?? '').split(',').map((d) => Number(d.trim())).filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  return days.length ? days : [1, 2, 3, 4, 5];
}

/** Whether a digest is due for this person at `now`, and for which local date. */
export function digestDue(personId: number, s: DigestSchedule, now: Date, o: { fallbackZone: string; spreadMinutes: number }): DueDigest | null {
  const zone = digestZone(s.zone, o.fallbackZone);
  const localDate = localDateIn(now, zone);
  if (s.lastDate && s.lastDate >= localDate) return null;
  if (!parseDays(s.workDays).includes(isoWeekday(localDate))) return null;
  const dueAt = new Date(localHourInstant(localDate, s.hour, zone).getTime() + spreadOffsetMs(personId, o.spreadMinutes));
  if (now < dueAt) return null;
  const notAfter = localHourInstant(addDays(localDate, 1), 0, zone);
  if (now >= notAfter) return null; // the spread pushed it past midnight
  return { zone, localDate, dueAt, notAfter };
}
