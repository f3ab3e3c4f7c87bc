// The LLM engine's cost controls kept in the database: results cached by message hash, and a per-sender
// daily call budget (taken atomically, so concurrent workers can't overspend it).
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import type { CallBudget, ExtractionCache } from '../understand/llm.js';

export function dbExtractionCache(db: Kysely<Database>): ExtractionCache {
  return {
    async get(hash) {
      const row = await db.selectFrom('understanding_cache').select('result').where('hash', '=', hash).executeTakeFirst();
      return row ? (JSON.parse(row.result) as unknown) : null;
    },
    async put(hash, engine, result) {
      await db
        .insertInto('understanding_cache')
        .values({ hash, engine, result: JSON.stringify(result), created_at: new Date() })
        .onConflict((oc) => oc.column('hash').doUpdateSet({ result: JSON.stringify(result), engine, created_at: new Date() }))
        .execute();
    },
  };
}

export function dbCallBudget(db: Kysely<Database>, perSenderPerDay: number): CallBudget {
  return {
    async take(sender, day) {
      const row = await db
        .insertInto('llm_call_budget')
        .values({ sender, day, calls: 1 })
        .onConflict((oc) => oc.columns(['sender', 'day']).doUpdateSet({ calls: sql`llm_call_budget.calls + 1` }))
        .returning('calls')
        .executeTakeFirstOrThrow();
      return row.calls <= perSenderPerDay;
    },
  };
}
