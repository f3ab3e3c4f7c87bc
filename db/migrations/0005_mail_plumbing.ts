// Mail plumbing: where each IMAP mailbox got to, why an address is suppressed, and which SNS
// notifications were already applied. Written against Kysely<any>.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per mailbox: the UIDVALIDITY the cursor belongs to and the highest UID taken (RFC 3501 §2.3.1.1:
  // a UID means nothing without its UIDVALIDITY).
  await db.schema
    .createTable('imap_cursors')
    .addColumn('mailbox', 'text', (c) => c.primaryKey()) // user@host/INBOX
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('last_uid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Every suppression (or soft bounce) with the evidence it came from; people.suppressed_at /
  // unsubscribed_at is what the send path checks.
  await db.schema
    .createTable('suppression_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // hard_bounce | soft_bounce | complaint | rejected
    .addColumn('source', 'text', (c) => c.notNull()) // dsn | arf | ses | smtp
    .addColumn('detail', 'text')
    .addColumn('outbox_id', 'integer', (c) => c.references('outbox.id').onDelete('set null'))
    .addColumn('inbound_id', 'integer', (c) => c.references('inbound_messages.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('suppression_events_email').on('suppression_events').column('email').execute();

  // SNS notifications already applied, by SNS MessageId (HOOK-2): a redelivery answers 200 and does nothing.
  await db.schema
    .createTable('sns_messages')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('topic_arn', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sns_messages', 'suppression_events', 'imap_cursors']) await db.schema.dropTable(t).ifExists().execute();
}
