// The key that signs reply tokens lives in the database, so every instance on one database signs and
// verifies with the same one (a per-instance key file made one instance reject another's tokens). It is
// created here, once. Rotation adds a new row and gives the old one an expiry: until then tokens signed
// with it still verify.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signing_secrets')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('secret', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull()) // generated | data-dir | rotated
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(db.fn('now')))
    .addColumn('expires_at', 'timestamptz') // null: the one that signs; set: verifies until then
    .execute();
  await db.insertInto('signing_secrets').values({ secret: randomBytes(32).toString('hex'), source: 'generated' }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('signing_secrets').ifExists().execute();
}
