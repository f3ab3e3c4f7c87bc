// Understanding: the LLM result cache (by message hash) and the per-sender daily call budget.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('understanding_cache')
    .addColumn('hash', 'text', (c) => c.primaryKey()) // sha256 of the message content, model and prompt version
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull()) // JSON of the extraction (tasks, meeting), re-validated on read
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('llm_call_budget')
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull()) // YYYY-MM-DD (UTC)
    .addColumn('calls', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('llm_call_budget_pk', ['sender', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('llm_call_budget').ifExists().execute();
  await db.schema.dropTable('understanding_cache').ifExists().execute();
}
