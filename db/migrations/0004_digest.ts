// The morning digest (issue 5): per-person delivery settings, opaque one-click unsubscribe tokens
// (RFC 8058), and a log of the digest decided for each person and local date (REL-7: one per day).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('people')
    .addColumn('digest_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    // Local hour the digest goes out at, in the person's own zone; days follow people.work_days.
    .addColumn('digest_hour', 'smallint', (c) => c.notNull().defaultTo(8).check(sql`digest_hour between 0 and 23`))
    .execute();

  await db.schema
    .createTable('unsubscribe_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull()) // 'digest': stop digests; 'all': stop all non-essential mail
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addUniqueConstraint('unsubscribe_tokens_person_scope', ['person_id', 'scope'])
    .execute();

  await db.schema
    .createTable('digest_runs')
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('local_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // 'queued' | 'empty' (nothing to report: no email)
    .addColumn('outbox_id', 'integer', (c) => c.references('outbox.id').onDelete('set null'))
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('planned_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_runs_pk', ['person_id', 'local_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('digest_runs').ifExists().execute();
  await db.schema.dropTable('unsubscribe_tokens').ifExists().execute();
  await db.schema.alterTable('people').dropColumn('digest_hour').dropColumn('digest_enabled').execute();
}
