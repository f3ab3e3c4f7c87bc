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

export function freeBusyUrls(db: Db, personIds: number[]) {
  if (!personIds.length) return Promise.resolve([]);
  return db.selectFrom('person_calendars').selectAll().where('person_id', 'in', personIds).execute();
}

export async function setFreeBusyUrl(db: Db, personId: number, url: string | null, now: Date): Promise<void> {
  if (url === null) {
    await db.deleteFrom('person_calendars').where('person_id', '=', personId).execute();
    return;
  }
  await db
    .insertInto('person_calendars')
    .values({ person_id: personId, freebusy_url: url, updated_at: now })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ freebusy_url: url, updated_at: now }))
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
