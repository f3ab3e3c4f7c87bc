// Follow-through: what nudges went out (one per person per local day, and which slot of which task it
// covered), what each applied command changed (for undo), commands waiting for the lead's confirmation,
// per-person events (away, unsubscribed) and workspace settings for the nudge schedule.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One nudge email per person per local date (REL-3/REL-7): the UNIQUE key is the idempotency guard.
  await db.schema
    .createTable('nudge_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('local_date', 'text', (c) => c.notNull()) // YYYY-MM-DD in the person's zone
    .addColumn('outbox_id', 'integer', (c) => c.references('outbox.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('nudge_log_person_date', ['person_id', 'local_date'])
    .execute();

  // Which scheduled slot of a task a nudge covered ("due", "overdue:1", "overdue:3", ...).
  await db.schema
    .createTable('task_nudges')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('nudge_id', 'integer', (c) => c.notNull().references('nudge_log.id').onDelete('cascade'))
    .addColumn('escalated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('task_nudges_pk', ['task_id', 'slot'])
    .execute();

  // Every applied command, with the before/after of each task it touched, so `undo` can restore it.
  await db.schema
    .createTable('applied_commands')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('actor_id', 'integer', (c) => c.references('people.id'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('changes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('undone_at', 'timestamptz')
    .addColumn('undone_by_inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('applied_commands_actor').on('applied_commands').columns(['actor_id', 'id']).execute();

  // AUTH-1/AUTH-2: a command from someone who may not give it (or without a valid reply token) changes
  // nothing; it waits here until the project lead confirms or rejects it.
  await db.schema
    .createTable('pending_commands')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('inbound_id', 'integer', (c) => c.notNull().references('inbound_messages.id'))
    .addColumn('requested_by', 'integer', (c) => c.references('people.id'))
    .addColumn('requested_address', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull()) // not_authorised | no_token | outside_participants
    .addColumn('commands', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending')) // pending | approved | rejected
    .addColumn('decided_by', 'integer', (c) => c.references('people.id'))
    .addColumn('decided_inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('pending_commands_inbound', ['inbound_id', 'project_id'])
    .execute();

  // Things that happen to a person rather than a task: away (out-of-office), unsubscribed.
  await db.schema
    .createTable('person_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_events_person').on('person_events').column('person_id').execute();

  // Workspace-wide settings (the nudge schedule); a missing key means the built-in default.
  await db.schema
    .createTable('workspace_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['workspace_settings', 'person_events', 'pending_commands', 'applied_commands', 'task_nudges', 'nudge_log']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
