// Sender authentication for reply commands (AUTH-3/AUTH-4) and follow-through fixes:
//  - inbound_auth: per inbound message, the SMTP session's HELO (written when the message is received)
//    and the authentication verdict computed when it is processed (audit: why a command was held).
//  - pending_commands.confirm_by: who must confirm a held command (the token owner for an
//    unauthenticated sender, the sender for a reply that mixes a command with other instructions);
//    null means the project lead. One pending row per (message, project, reason).
//  - nudge_log.revision/superseded_at: a queued nudge whose tasks changed before it was sent is
//    superseded, and the person-day is re-planned under a new idempotency key (revision).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inbound_auth')
    .addColumn('inbound_id', 'integer', (c) => c.primaryKey().references('inbound_messages.id').onDelete('cascade'))
    .addColumn('helo', 'text')
    .addColumn('verdict', 'jsonb')
    .addColumn('checked_at', 'timestamptz')
    .execute();

  await db.schema.alterTable('pending_commands').addColumn('confirm_by', 'integer', (c) => c.references('people.id')).execute();
  await db.schema.alterTable('pending_commands').dropConstraint('pending_commands_inbound').execute();
  await db.schema.alterTable('pending_commands').addUniqueConstraint('pending_commands_inbound_reason', ['inbound_id', 'project_id', 'reason']).execute();

  await db.schema.alterTable('nudge_log').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('nudge_log').addColumn('superseded_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('nudge_log').dropColumn('superseded_at').execute();
  await db.schema.alterTable('nudge_log').dropColumn('revision').execute();
  await db.schema.alterTable('pending_commands').dropConstraint('pending_commands_inbound_reason').execute();
  await sql`DELETE FROM pending_commands a USING pending_commands b WHERE a.id > b.id AND a.inbound_id = b.inbound_id AND a.project_id = b.project_id`.execute(db);
  await db.schema.alterTable('pending_commands').addUniqueConstraint('pending_commands_inbound', ['inbound_id', 'project_id']).execute();
  await db.schema.alterTable('pending_commands').dropColumn('confirm_by').execute();
  await db.schema.dropTable('inbound_auth').ifExists().execute();
}
