// Free/busy feed cache: feeds are read by a scheduled sync outside any transaction (planners.freeBusy),
// never while an inbound message is being processed; slot finding reads the busy intervals stored here.
// Per feed: when it was last tried, when it last answered, how far ahead its copy reaches, and why the
// last try failed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('person_calendars')
    .addColumn('checked_at', 'timestamptz') // last attempt, successful or not: the staleness clock
    .addColumn('fetched_at', 'timestamptz') // last successful read; null = never read
    .addColumn('covered_until', 'timestamptz') // the copy holds busy times up to here
    .addColumn('last_error', 'text') // why the last attempt failed (cleared by a successful read)
    .execute();
  await db.schema
    .createTable('busy_intervals')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('person_calendars.person_id').onDelete('cascade'))
    .addColumn('start_at', 'timestamptz', (c) => c.notNull())
    .addColumn('end_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('busy_intervals_person_start').on('busy_intervals').columns(['person_id', 'start_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('busy_intervals').ifExists().execute();
  await db.schema.alterTable('person_calendars').dropColumn('last_error').dropColumn('covered_until').dropColumn('fetched_at').dropColumn('checked_at').execute();
}
