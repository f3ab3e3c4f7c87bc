// A project's plan state: 'draft' while the sender has not confirmed what we understood, then 'active'
// (nudges and digests run) or 'cancelled'. Moves are conditional, so two answers racing each other
// decide it once.
import type { Kysely } from 'kysely';
import type { Database, Project } from './schema.js';

type Db = Kysely<Database>;

export type PlanState = 'draft' | 'active' | 'cancelled';

export async function markDraft(db: Db, projectId: number, now: Date): Promise<void> {
  await db.updateTable('projects').set({ status: 'draft', updated_at: now }).where('id', '=', projectId).execute();
}

/** Draft → active or cancelled; undefined when the project was no longer a draft. */
export async function decideDraft(db: Db, projectId: number, to: Exclude<PlanState, 'draft'>, now: Date): Promise<Project | undefined> {
  const project = await db
    .updateTable('projects')
    .set({ status: to, updated_at: now })
    .where('id', '=', projectId)
    .where('status', '=', 'draft')
    .returningAll()
    .executeTakeFirst();
  if (project && to === 'cancelled') {
    await db.updateTable('tasks').set({ status: 'cancelled', updated_at: now }).where('project_id', '=', projectId).execute();
  }
  return project;
}
