// Slot finding: the earliest start, on a fixed grid, at which every attendee is inside their own working
// hours (in their own IANA zone) and free. Pure: instants in, instants out; the clock and the busy times
// are handed in. When nothing fits, the near-misses are the starts that lose the fewest people.
import { DateTime } from 'luxon';

export interface Interval {
  start: Date;
  end: Date;
}

export interface WorkingHours {
  zone: string; // IANA
  start: string; // "09:00"
  end: string; // "17:00"
  days: number[]; // ISO weekdays, 1 = Monday
}

export interface SlotAttendee {
  key: string; // who, for explanations (an address)
  name: string;
  hours: WorkingHours;
  busy: Interval[];
}

export interface SlotQuery {
  attendees: SlotAttendee[];
  window: Interval; // candidate starts lie in [window.start, window.end - duration]
  durationMinutes: number;
  stepMinutes?: number; // grid of candidate starts (UTC-aligned; every zone offset is a multiple of 15)
  maxCandidates?: number; // bound on the work done for one query
}

export interface Conflict {
  key: string;
  name: string;
  reason: 'outside_hours' | 'busy';
}

export interface Candidate extends Interval {
  conflicts: Conflict[];
}

export interface SlotResult {
  slot: Interval | null;
  nearMisses: Candidate[]; // best two when there is no slot, fewest conflicts first, then earliest
}

const MINUTE = 60_000;

export function parseHhMm(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return NaN;
  return Number(m[1]) * 60 + Number(m[2]);
}

export function workingHoursOf(p: { time_zone: string | null; work_start: string; work_end: string; work_days: string }, fallbackZone: string): WorkingHours {
  const days = p.work_days
    .split(',')
    .map((d) => Number(d.trim()))
    .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  return { zone: p.time_zone ?? fallbackZone, start: p.work_start, end: p.work_end, days: days.length ? days : [1, 2, 3, 4, 5] };
}

/** Whether [start, end) lies inside one working day of `h`, on the wall clock of h.zone. */
export function insideWorkingHours(h: WorkingHours, start: Date, end: Date): boolean {
  const s = DateTime.fromJSDate(start, { zone: h.zone });
  const e = DateTime.fromJSDate(new Date(end.getTime() - 1), { zone: h.zone }); // the last minute, same day
  if (!s.isValid || s.toISODate() !== e.toISODate()) return false;
  if (!h.days.includes(s.weekday)) return false;
  const from = parseHhMm(h.start);
  const to = parseHhMm(h.end);
  const sm = s.hour * 60 + s.minute;
  // Minutes of wall-clock time since local midnight at the end instant (a DST jump inside the slot is
  // measured on the wall clock, as a person reads their calendar).
  const endLocal = DateTime.fromJSDate(end, { zone: h.zone });
  const em = endLocal.toISODate() === s.toISODate() ? endLocal.hour * 60 + endLocal.minute : 24 * 60;
  return sm >= from && em <= to;
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

export function conflictsAt(attendees: SlotAttendee[], slot: Interval): Conflict[] {
  const out: Conflict[] = [];
  for (const a of attendees) {
    if (!insideWorkingHours(a.hours, slot.start, slot.end)) out.push({ key: a.key, name: a.name, reason: 'outside_hours' });
    else if (a.busy.some((b) => overlaps(b, slot))) out.push({ key: a.key, name: a.name, reason: 'busy' });
  }
  return out;
}

export function findSlot(q: SlotQuery): SlotResult {
  const step = (q.stepMinutes ?? 15) * MINUTE;
  const duration = q.durationMinutes * MINUTE;
  const max = q.maxCandidates ?? 4 * 24 * 62; // two months of 15-minute starts
  let t = Math.ceil(q.window.start.getTime() / step) * step;
  const last = q.window.end.getTime() - duration;
  const misses: Candidate[] = [];
  for (let n = 0; t <= last && n < max; t += step, n++) {
    const slot = { start: new Date(t), end: new Date(t + duration) };
    const conflicts = conflictsAt(q.attendees, slot);
    if (!conflicts.length) return { slot, nearMisses: [] };
    // Someone is off-hours at this start: only a near-miss if at least one person could attend.
    if (conflicts.length < q.attendees.length) misses.push({ ...slot, conflicts });
  }
  return { slot: null, nearMisses: bestNearMisses(misses, 2) };
}

/** Near-misses closer than this to one already offered are not a different option. */
export const NEAR_MISS_SPREAD_MINUTES = 120;

/**
 * The `n` candidates losing the fewest people, earliest first among equals, each starting at least
 * NEAR_MISS_SPREAD_MINUTES from the others so that they are real alternatives (09:00 and 09:15 are one
 * option, not two). Only when there are not enough such candidates are closer, non-overlapping ones used.
 */
function bestNearMisses(cands: Candidate[], n: number): Candidate[] {
  const rank = (a: Candidate, b: Candidate) => a.conflicts.length - b.conflicts.length || a.start.getTime() - b.start.getTime();
  const sorted = [...cands].sort(rank);
  const out: Candidate[] = [];
  const spread = NEAR_MISS_SPREAD_MINUTES * MINUTE;
  for (const c of sorted) {
    if (out.length === n) break;
    if (out.every((o) => Math.abs(o.start.getTime() - c.start.getTime()) >= spread)) out.push(c);
  }
  for (const c of sorted) {
    if (out.length === n) break;
    if (!out.includes(c) && !out.some((o) => overlaps(o, c))) out.push(c);
  }
  return out.sort(rank);
}

/**
 * The search window in the organizer's zone: the requested dates (whole local days), else the rest of
 * today and the next `workingDays` working days. Never earlier than `now + noticeMinutes`.
 */
export function meetingWindow(o: {
  now: Date;
  zone: string;
  notBefore: string | null; // YYYY-MM-DD, local to zone
  notAfter: string | null;
  workDays: number[];
  workingDays?: number;
  noticeMinutes?: number;
}): Interval {
  const earliest = new Date(o.now.getTime() + (o.noticeMinutes ?? 60) * MINUTE);
  const today = DateTime.fromJSDate(o.now, { zone: o.zone }).startOf('day');
  let start = o.notBefore ? DateTime.fromISO(o.notBefore, { zone: o.zone }).startOf('day') : today;
  let end: DateTime;
  if (o.notAfter) end = DateTime.fromISO(o.notAfter, { zone: o.zone }).plus({ days: 1 }).startOf('day');
  else {
    let d = o.notBefore ? start.minus({ days: 1 }) : today;
    let left = o.workingDays ?? 5;
    while (left > 0) {
      d = d.plus({ days: 1 });
      if (o.workDays.includes(d.weekday)) left--;
    }
    end = d.plus({ days: 1 }).startOf('day');
  }
  if (!start.isValid) start = today;
  const s = start.toJSDate() < earliest ? earliest : start.toJSDate();
  return { start: s, end: end.isValid && end.toJSDate() > s ? end.toJSDate() : s };
}
