// Honest uncertainty in the plan: each task keeps how sure the engine was that it is a task and the words
// it was read from, so the plan reply and the project page can show them. A project whose plan the sender
// has not confirmed yet has status 'draft' (then 'active', or 'cancelled'); the nudge and digest queries
// already take only active projects, so nothing of a draft reaches anyone.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tasks')
    .addColumn('confidence', 'real') // 0..1; null for tasks made before this column or by a command
    .addColumn('evidence', 'text') // the sentence or line of the message the task was read from
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').dropColumn('evidence').dropColumn('confidence').execute();
}
