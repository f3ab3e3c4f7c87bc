// Foundation schema: people, projects, tasks and their history, the raw inbound store, the outbox and
// the threading index. Written against Kysely<any> so it never depends on today's table types.
import { type Kysely, sql } from 'kysely';

const now = sql`now()`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('time_zone', 'text') // IANA name, or a fixed "UTC+hh:mm" learned from a Date header
    .addColumn('time_zone_source', 'text') // 'date_header' until a person sets it ('set')
    .addColumn('work_start', 'text', (c) => c.notNull().defaultTo('09:00'))
    .addColumn('work_end', 'text', (c) => c.notNull().defaultTo('17:00'))
    .addColumn('work_days', 'text', (c) => c.notNull().defaultTo('1,2,3,4,5')) // ISO weekdays
    .addColumn('unsubscribed_at', 'timestamptz')
    .addColumn('suppressed_at', 'timestamptz')
    .addColumn('suppressed_reason', 'text')
    .addColumn('away_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('message_id', 'text')
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('raw', 'bytea', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mail_from', 'text')
    .addColumn('rcpt_to', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('remote_address', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('received'))
    .addColumn('classification', 'text')
    .addColumn('understanding', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('project_id', 'integer')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('processed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('inbound_messages_message_id').on('inbound_messages').column('message_id').execute();
  await db.schema.createIndex('inbound_messages_status').on('inbound_messages').column('status').execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('lead_id', 'integer', (c) => c.references('people.id'))
    .addColumn('requester_id', 'integer', (c) => c.references('people.id'))
    .addColumn('source_inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('project_members')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
    .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.references('people.id'))
    .addColumn('owner_name', 'text') // a bare name we could not resolve to an address yet
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('blocked_reason', 'text')
    // REL-7: a due date is kept as the local date, the zone it was meant in, and the UTC instant it ends.
    .addColumn('due_date', 'date')
    .addColumn('due_tz', 'text')
    .addColumn('due_at', 'timestamptz')
    .addColumn('snoozed_until', 'timestamptz')
    .addColumn('source_inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addUniqueConstraint('tasks_project_number', ['project_id', 'number'])
    .execute();
  await db.schema.createIndex('tasks_owner').on('tasks').columns(['owner_id', 'status']).execute();

  await db.schema
    .createTable('task_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('people.id'))
    .addColumn('inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_events_task').on('task_events').column('task_id').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('in_reply_to', 'text')
    .addColumn('references', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('to', 'jsonb', (c) => c.notNull())
    .addColumn('cc', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('raw', 'bytea', (c) => c.notNull())
    .addColumn('reply_token', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', 'timestamptz')
    .addColumn('not_after', 'timestamptz') // REL-6: past this, drop instead of sending late
    .addColumn('provider_message_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('project_id', 'integer', (c) => c.references('projects.id').onDelete('set null'))
    .addColumn('task_id', 'integer', (c) => c.references('tasks.id').onDelete('set null'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id'))
    .addColumn('inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('context', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('outbox_status').on('outbox').column('status').execute();

  // Every Message-ID we know (ours and theirs) and what it belongs to, for threading replies back.
  await db.schema
    .createTable('message_index')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('task_id', 'integer', (c) => c.references('tasks.id').onDelete('set null'))
    .addColumn('outbox_id', 'integer', (c) => c.references('outbox.id').onDelete('cascade'))
    .addColumn('inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['message_index', 'outbox', 'task_events', 'tasks', 'project_members', 'projects', 'inbound_messages', 'people']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
