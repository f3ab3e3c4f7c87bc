// Schedule math for nudges, in a person's own calendar: working days, working hours, and which nudge
// slot (if any) a task is in on a given local date. Pure: dates are local ISO dates (YYYY-MM-DD),
// instants are Dates, zones are IANA names.
//
// DST rule (REL-7): a local time that does not exist (inside a spring-forward gap) resolves to the next
// valid minute; an ambiguous one (fall-back overlap) resolves to its first occurrence. Luxon does both.
import { DateTime } from 'luxon';

export interface WorkingHours {
  start: string; // "09:00", local
  end: string; // "17:00", local
  days: number[]; // ISO weekdays, 1 = Monday
}

export interface NudgePolicy {
  /** After the first working day overdue, nudge again every this many working days. */
  repeatEveryWorkingDays: number;
  /** From this working day overdue on, the project lead is copied. */
  escalateFromWorkingDay: number;
  /** An out-of-office that names no return date pauses nudges this long. */
  awayDefaultDays: number;
  /** A stated return date further away than this is capped (a typo must not silence someone for a year). */
  awayMaxDays: number;
}

export const defaultNudgePolicy: NudgePolicy = {
  repeatEveryWorkingDays: 2,
  escalateFromWorkingDay: 3,
  awayDefaultDays: 7,
  awayMaxDays: 30,
};

export const defaultWorkingHours: WorkingHours = { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] };

export function parseWorkDays(s: string | null | undefined): number[] {
  const days = (s ?? '')
    .split(',')
    .map((d) => Number(d.trim()))
    .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  return days.length ? days : defaultWorkingHours.days;
}

const hhmm = /^([01]?\d|2[0-3]):([0-5]\d)$/;
function minutesOf(t: string, fallback: string): number {
  const m = hhmm.exec(t) ?? hhmm.exec(fallback)!;
  return Number(m[1]) * 60 + Number(m[2]);
}

export function workingHours(p: { work_start?: string | null; work_end?: string | null; work_days?: string | null }): WorkingHours {
  return {
    start: p.work_start && hhmm.test(p.work_start) ? p.work_start : defaultWorkingHours.start,
    end: p.work_end && hhmm.test(p.work_end) ? p.work_end : defaultWorkingHours.end,
    days: parseWorkDays(p.work_days),
  };
}

export function isWorkingDay(date: string, days: number[]): boolean {
  return days.includes(DateTime.fromISO(date, { zone: 'UTC' }).weekday);
}

/** Working days d with after < d <= upTo. */
export function workingDaysBetween(after: string, upTo: string, days: number[]): number {
  let d = DateTime.fromISO(after, { zone: 'UTC' }).plus({ days: 1 });
  const end = DateTime.fromISO(upTo, { zone: 'UTC' });
  let n = 0;
  for (let guard = 0; d <= end && guard < 3700; guard++, d = d.plus({ days: 1 })) if (days.includes(d.weekday)) n++;
  return n;
}

/** The next working day on or after a date. */
export function workingDayOnOrAfter(date: string, days: number[]): string {
  let d = DateTime.fromISO(date, { zone: 'UTC' });
  for (let i = 0; i < 7 && !days.includes(d.weekday); i++) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

/** The instant a local time of day happens on a local date in a zone. */
export function localInstant(date: string, time: string, zone: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone }).toJSDate();
}

export interface LocalMoment {
  date: string;
  minutes: number; // minutes since local midnight
  workingDay: boolean;
  /** Inside working hours: at or after the start, before the end. */
  workingTime: boolean;
}

export function localMoment(now: Date, zone: string, hours: WorkingHours): LocalMoment {
  const t = DateTime.fromJSDate(now, { zone });
  const date = t.toISODate()!;
  const minutes = t.hour * 60 + t.minute;
  const workingDay = hours.days.includes(t.weekday);
  const inHours = minutes >= minutesOf(hours.start, defaultWorkingHours.start) && minutes < minutesOf(hours.end, defaultWorkingHours.end);
  return { date, minutes, workingDay, workingTime: workingDay && inHours };
}

export interface NudgeSlot {
  slot: string; // "due" or "overdue:<n>"
  overdueWorkingDays: number;
  escalate: boolean;
}

/**
 * The nudge a task with this due date gets on `today` (both local dates in the owner's calendar), or
 * null: the morning it is due (when that is a working day), the first working day overdue, then every
 * `repeatEveryWorkingDays` working days; from `escalateFromWorkingDay` on the lead is copied.
 */
export function nudgeSlot(dueDate: string, today: string, days: number[], policy: NudgePolicy = defaultNudgePolicy): NudgeSlot | null {
  if (!isWorkingDay(today, days) || today < dueDate) return null;
  if (today === dueDate) return { slot: 'due', overdueWorkingDays: 0, escalate: false };
  const n = workingDaysBetween(dueDate, today, days);
  const every = Math.max(1, policy.repeatEveryWorkingDays);
  if (n < 1 || (n - 1) % every !== 0) return null;
  return { slot: `overdue:${n}`, overdueWorkingDays: n, escalate: n >= policy.escalateFromWorkingDay };
}
