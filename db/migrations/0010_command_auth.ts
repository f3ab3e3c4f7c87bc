// One authorisation rule for every change made by mail (src/coordinate/authorize.ts) needs three facts
// the earlier tables did not keep:
//  - command_replays: each (reply token, command) pair that changed a task, so the same command sent
//    again through the same token with a new Message-ID (a captured message replayed, or re-sent after
//    `undo`) is held for confirmation instead of applied a second time;
//  - revoked_reply_tokens: tokens that must no longer command (a leaked message, a person who left);
//  - confirmed_addresses: other addresses a person has confirmed as theirs, which may use their tokens.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('command_replays')
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('command_key', 'text', (c) => c.notNull())
    .addColumn('inbound_id', 'integer', (c) => c.notNull().references('inbound_messages.id').onDelete('cascade'))
    .addColumn('applied_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('command_replays_pk', ['token', 'command_key'])
    .execute();
  await db.schema
    .createTable('revoked_reply_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('confirmed_addresses')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('confirmed_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('confirmed_addresses_person').on('confirmed_addresses').column('person_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('confirmed_addresses').ifExists().execute();
  await db.schema.dropTable('revoked_reply_tokens').ifExists().execute();
  await db.schema.dropTable('command_replays').ifExists().execute();
}
