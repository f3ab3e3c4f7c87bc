// Meetings, their attendees and their iTIP history. Plain functions, db (or a transaction) first.
import type { Kysely } from 'kysely';
import type { Database, Person } from './schema.js';
import type { AttendeePartStat, AttendeeRole, Meeting, MeetingAttendee, MeetingStatus } from './schema-meetings.js';

type Db = Kysely<Database>;

export interface NewMeeting {
  projectId: number;
  uid: string;
  title: string;
  description: string;
  requesterId: number;
  timeZone: string;
  durationMinutes: number;
  status: MeetingStatus;
  start: Date | null;
  end: Date | null;
  window: { start: Date; end: Date };
  sourceInboundId: number | null;
}

export function insertMeeting(db: Db, m: NewMeeting, now: Date): Promise<Meeting> {
  return db
    .insertInto('meetings')
    .values({
      project_id: m.projectId,
      uid: m.uid,
      title: m.title,
      description: m.description,
      requester_id: m.requesterId,
      time_zone: m.timeZone,
      duration_minutes: m.durationMinutes,
      status: m.status,
      start_at: m.start,
      end_at: m.end,
      window_start: m.window.start,
      window_end: m.window.end,
      source_inbound_id: m.sourceInboundId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateMeeting(db: Db, id: number, set: Partial<Pick<Meeting, 'status' | 'start_at' | 'end_at' | 'sequence'>>, now: Date): Promise<Meeting> {
  return db
    .updateTable('meetings')
    .set({ ...set, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function getMeeting(db: Db, id: number): Promise<Meeting | undefined> {
  return db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function meetingByUid(db: Db, uid: string): Promise<Meeting | undefined> {
  return db.selectFrom('meetings').selectAll().where('uid', '=', uid).executeTakeFirst();
}

/** The project's meetings, newest first. */
export function projectMeetings(db: Db, projectId: number): Promise<Meeting[]> {
  return db.selectFrom('meetings').selectAll().where('project_id', '=', projectId).orderBy('id', 'desc').execute();
}

export async function addAttendee(db: Db, meetingId: number, personId: number, role: AttendeeRole): Promise<void> {
  await db
    .insertInto('meeting_attendees')
    .values({ meeting_id: meetingId, person_id: personId, role, partstat_at: null, comment: null, sent_sequence: null, reply_sequence: null, reply_dtstamp: null, removed_at: null })
    .onConflict((oc) => oc.columns(['meeting_id', 'person_id']).doNothing())
    .execute();
}

export type AttendeeWithPerson = MeetingAttendee & { person: Person };

/** Attendees with their person rows, the CHAIR first; removed ones only when asked. */
export async function meetingAttendees(db: Db, meetingId: number, o: { includeRemoved?: boolean } = {}): Promise<AttendeeWithPerson[]> {
  let q = db.selectFrom('meeting_attendees').selectAll().where('meeting_id', '=', meetingId);
  if (!o.includeRemoved) q = q.where('removed_at', 'is', null);
  const rows = await q.execute();
  if (!rows.length) return [];
  const people = await db.selectFrom('people').selectAll().where('id', 'in', rows.map((r) => r.person_id)).execute();
  const byId = new Map(people.map((p) => [p.id, p]));
  const rank = (r: MeetingAttendee) => (r.role === 'CHAIR' ? 0 : 1);
  return rows
    .map((r) => ({ ...r, person: byId.get(r.person_id)! }))
    .sort((a, b) => rank(a) - rank(b) || a.person_id - b.person_id);
}

export async function setAttendee(
  db: Db,
  meetingId: number,
  personId: number,
  set: Partial<Pick<MeetingAttendee, 'partstat' | 'partstat_at' | 'comment' | 'sent_sequence' | 'reply_sequence' | 'reply_dtstamp' | 'removed_at'>>,
): Promise<void> {
  await db.updateTable('meeting_attendees').set(set).where('meeting_id', '=', meetingId).where('person_id', '=', personId).execute();
}

/** RFC 5546 §2.1.4: a rescheduled event asks everyone again. */
export async function resetAnswers(db: Db, meetingId: number): Promise<void> {
  await db
    .updateTable('meeting_attendees')
    .set({ partstat: 'NEEDS-ACTION' as AttendeePartStat, partstat_at: null, comment: null })
    .where('meeting_id', '=', meetingId)
    .where('removed_at', 'is', null)
    .execute();
}

export async function addMeetingEvent(
  db: Db,
  e: { meetingId: number; kind: string; personId?: number | null; sequence?: number | null; inboundId?: number | null; outboxId?: number | null; data?: Record<string, unknown> },
  now: Date,
): Promise<void> {
  await db
    .insertInto('meeting_events')
    .values({
      meeting_id: e.meetingId,
      kind: e.kind,
      person_id: e.personId ?? null,
      sequence: e.sequence ?? null,
      inbound_id: e.inboundId ?? null,
      outbox_id: e.outboxId ?? null,
      data: JSON.stringify(e.data ?? {}),
      at: now,
    })
    .execute();
}

export function meetingEvents(db: Db, meetingIds: number[]) {
  if (!meetingIds.length) return Promise.resolve([]);
  return db.selectFrom('meeting_events').selectAll().where('meeting_id', 'in', meetingIds).orderBy('id').execute();
}

/**
 * Times the given people are already held by meetings Coordinator organizes (scheduled, not declined by
 * them), except `excludeMeetingId` (the one being moved).
 */
export function heldTimes(db: Db, personIds: number[], excludeMeetingId: number | null = null) {
  if (!personIds.length) return Promise.resolve([]);
  let q = db
    .selectFrom('meeting_attendees as a')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select(['a.person_id', 'm.id as meeting_id', 'm.start_at', 'm.end_at'])
    .where('a.person_id', 'in', personIds)
    .where('a.removed_at', 'is', null)
    .where('a.partstat', '!=', 'DECLINED')
    .where('m.status', '=', 'scheduled');
  if (excludeMeetingId !== null) q = q.where('m.id', '!=', excludeMeetingId);
  return q.execute();
}

export function freeBusyFeeds(db: Db, personIds: number[]) {
  if (!personIds.length) return Promise.resolve([]);
  return db.selectFrom('person_calendars').selectAll().where('person_id', 'in', personIds).execute();
}

/**
 * Sets (or with null, removes) a person's feed. A different URL is a different calendar: its cached copy
 * and record are dropped, so the next sync reads it at once. Run it in a transaction.
 */
export async function setFreeBusyUrl(db: Db, personId: number, url: string | null, now: Date): Promise<void> {
  const current = await db.selectFrom('person_calendars').select('freebusy_url').where('person_id', '=', personId).executeTakeFirst();
  if (url === null) {
    if (current) await db.deleteFrom('person_calendars').where('person_id', '=', personId).execute(); // busy_intervals cascade
    return;
  }
  if (current?.freebusy_url === url) return;
  await db.deleteFrom('busy_intervals').where('person_id', '=', personId).execute();
  const fresh = { freebusy_url: url, updated_at: now, checked_at: null, fetched_at: null, covered_until: null, last_error: null };
  await db
    .insertInto('person_calendars')
    .values({ person_id: personId, ...fresh })
    .onConflict((oc) => oc.column('person_id').doUpdateSet(fresh))
    .execute();
}

export interface DueFeed {
  person_id: number;
  freebusy_url: string;
  time_zone: string | null;
}

/** Feeds never tried, or last tried before `staleBefore` (all of `personIds` when given and `force`). */
export function dueFeeds(db: Db, o: { staleBefore: Date; limit: number; personIds?: number[]; force?: boolean }): Promise<DueFeed[]> {
  let q = db
    .selectFrom('person_calendars as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .select(['c.person_id', 'c.freebusy_url', 'p.time_zone']);
  if (o.personIds) q = q.where('c.person_id', 'in', o.personIds.length ? o.personIds : [-1]);
  if (!o.force) q = q.where((eb) => eb.or([eb('c.checked_at', 'is', null), eb('c.checked_at', '<', o.staleBefore)]));
  return q.orderBy('c.checked_at', (ob) => ob.asc().nullsFirst()).orderBy('c.person_id').limit(o.limit).execute();
}

/**
 * Replaces a person's cached busy intervals with a fresh read of `url`, if that is still their feed (it
 * may have changed while it was being read). Returns whether it was stored. Run it in a transaction.
 */
export async function replaceBusyIntervals(db: Db, personId: number, url: string, intervals: { start: Date; end: Date }[], at: { now: Date; coveredUntil: Date }): Promise<boolean> {
  const row = await db
    .updateTable('person_calendars')
    .set({ checked_at: at.now, fetched_at: at.now, covered_until: at.coveredUntil, last_error: null })
    .where('person_id', '=', personId)
    .where('freebusy_url', '=', url)
    .returning('person_id')
    .executeTakeFirst();
  if (!row) return false;
  await db.deleteFrom('busy_intervals').where('person_id', '=', personId).execute();
  for (let i = 0; i < intervals.length; i += 1000) {
    await db
      .insertInto('busy_intervals')
      .values(intervals.slice(i, i + 1000).map((b) => ({ person_id: personId, start_at: b.start, end_at: b.end })))
      .execute();
  }
  return true;
}

/** A failed read: the last good copy stays; the attempt and its reason are recorded. */
export async function recordFeedError(db: Db, personId: number, url: string, error: string, now: Date): Promise<void> {
  await db
    .updateTable('person_calendars')
    .set({ checked_at: now, last_error: error.slice(0, 500) })
    .where('person_id', '=', personId)
    .where('freebusy_url', '=', url)
    .execute();
}

/** Cached feed busy times of `personIds` overlapping `window`. */
export function cachedBusy(db: Db, personIds: number[], window: { start: Date; end: Date }) {
  if (!personIds.length) return Promise.resolve([]);
  return db
    .selectFrom('busy_intervals')
    .select(['person_id', 'start_at', 'end_at'])
    .where('person_id', 'in', personIds)
    .where('start_at', '<', window.end)
    .where('end_at', '>', window.start)
    .orderBy('person_id')
    .orderBy('start_at')
    .execute();
}

/** For GET /api/projects/:id: each meeting with its attendees' answers. */
export async function meetingsForProject(db: Db, projectId: number) {
  const meetings = await projectMeetings(db, projectId);
  const out = [];
  for (const m of meetings) {
    const attendees = await meetingAttendees(db, m.id, { includeRemoved: true });
    out.push({
      ...m,
      attendees: attendees.map((a) => ({
        person_id: a.person_id,
        email: a.person.email,
        name: a.person.display_name,
        time_zone: a.person.time_zone,
        role: a.role,
        partstat: a.partstat,
        partstat_at: a.partstat_at,
        comment: a.comment,
        sent_sequence: a.sent_sequence,
        removed: a.removed_at !== null,
      })),
    });
  }
  return out;
}
