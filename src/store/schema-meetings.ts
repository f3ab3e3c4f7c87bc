// Table types added by the meetings feature; joined into Database in schema.ts.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, Timestamp } from './schema.js';

export type MeetingStatus = 'scheduled' | 'cancelled' | 'unscheduled';
export type AttendeeRole = 'CHAIR' | 'REQ-PARTICIPANT' | 'OPT-PARTICIPANT';
export type AttendeePartStat = 'NEEDS-ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE' | 'DELEGATED';

export interface MeetingsTable {
  id: Generated<number>;
  project_id: number;
  uid: string;
  title: string;
  description: Generated<string>;
  requester_id: number;
  time_zone: string;
  duration_minutes: number;
  status: MeetingStatus;
  start_at: Timestamp | null;
  end_at: Timestamp | null;
  window_start: Timestamp;
  window_end: Timestamp;
  sequence: Generated<number>;
  source_inbound_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingAttendeesTable {
  meeting_id: number;
  person_id: number;
  role: AttendeeRole;
  partstat: ColumnType<AttendeePartStat, AttendeePartStat | undefined, AttendeePartStat>;
  partstat_at: Timestamp | null;
  comment: string | null;
  sent_sequence: number | null;
  reply_sequence: number | null;
  reply_dtstamp: Timestamp | null;
  removed_at: Timestamp | null;
}

export interface MeetingEventsTable {
  id: Generated<number>;
  meeting_id: number;
  kind: string; // request | cancel | reply | reply_ignored | decline_reported | no_slot | removed
  person_id: number | null;
  sequence: number | null;
  inbound_id: number | null;
  outbox_id: number | null;
  data: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface PersonCalendarsTable {
  person_id: number;
  freebusy_url: string;
  updated_at: Timestamp;
  // 0008_busy_cache: the feed sync's record (planners.freeBusy)
  checked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  fetched_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  covered_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A person's busy time as last read from their free/busy feed (replaced whole on each successful read). */
export interface BusyIntervalsTable {
  id: Generated<number>;
  person_id: number;
  start_at: Timestamp;
  end_at: Timestamp;
}

export interface MeetingTables {
  meetings: MeetingsTable;
  meeting_attendees: MeetingAttendeesTable;
  meeting_events: MeetingEventsTable;
  person_calendars: PersonCalendarsTable;
  busy_intervals: BusyIntervalsTable;
}

export type Meeting = Selectable<MeetingsTable>;
export type MeetingAttendee = Selectable<MeetingAttendeesTable>;
export type MeetingEvent = Selectable<MeetingEventsTable>;
export type PersonCalendar = Selectable<PersonCalendarsTable>;
