// Meetings: the events Coordinator organizes (one UID each, SEQUENCE bumped on every change it sends),
// their attendees' answers, a history of every iTIP message in and out, and per-person free/busy feeds.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('uid', 'text', (c) => c.notNull().unique()) // RFC 5545 §3.8.4.7: stable, never reused
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('requester_id', 'integer', (c) => c.notNull().references('people.id')) // ATTENDEE;ROLE=CHAIR
    .addColumn('time_zone', 'text', (c) => c.notNull()) // the TZID written in the invite (the requester's zone)
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    // 'scheduled' | 'cancelled' | 'unscheduled' (no slot fitted; the requester was told)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_at', 'timestamptz')
    .addColumn('end_at', 'timestamptz')
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('window_end', 'timestamptz', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0)) // the highest SEQUENCE sent so far
    .addColumn('source_inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meetings_project').on('meetings').column('project_id').execute();

  await db.schema
    .createTable('meeting_attendees')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('role', 'text', (c) => c.notNull()) // CHAIR | REQ-PARTICIPANT | OPT-PARTICIPANT
    .addColumn('partstat', 'text', (c) => c.notNull().defaultTo('NEEDS-ACTION'))
    .addColumn('partstat_at', 'timestamptz')
    .addColumn('comment', 'text')
    .addColumn('sent_sequence', 'integer') // the SEQUENCE of the last message this person got
    .addColumn('reply_sequence', 'integer') // SEQUENCE and DTSTAMP of the last REPLY applied (RFC 5546 §2.1.5)
    .addColumn('reply_dtstamp', 'timestamptz')
    .addColumn('removed_at', 'timestamptz')
    .addPrimaryKeyConstraint('meeting_attendees_pk', ['meeting_id', 'person_id'])
    .execute();
  await db.schema.createIndex('meeting_attendees_person').on('meeting_attendees').column('person_id').execute();

  // Every iTIP message sent (request, cancel) and received (reply), and notices given to the requester.
  await db.schema
    .createTable('meeting_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.references('people.id'))
    .addColumn('sequence', 'integer')
    .addColumn('inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('outbox_id', 'integer', (c) => c.references('outbox.id').onDelete('set null'))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_events_meeting').on('meeting_events').column('meeting_id').execute();

  // A person's free/busy feed: an ICS URL read when a slot is chosen for them.
  await db.schema
    .createTable('person_calendars')
    .addColumn('person_id', 'integer', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
    .addColumn('freebusy_url', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['person_calendars', 'meeting_events', 'meeting_attendees', 'meetings']) await db.schema.dropTable(t).ifExists().execute();
}
