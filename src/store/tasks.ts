import type { Kysely } from 'kysely';
import type { Database, Task, TaskStatus, TaskUpdate } from './schema.js';

type Db = Kysely<Database>;

export interface NewTask {
  projectId: number;
  title: string;
  ownerId: number | null;
  ownerName: string | null;
  dueDate: string | null;
  dueTz: string | null;
  dueAt: Date | null;
  sourceInboundId: number | null;
  confidence?: number | null;
  evidence?: string | null;
}

export async function insertTasks(db: Db, tasks: NewTask[], now: Date): Promise<Task[]> {
  if (!tasks.length) return [];
  const projectId = tasks[0]!.projectId;
  const { max } = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.max<number | null>('number').as('max'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const first = (max ?? 0) + 1;
  return db
    .insertInto('tasks')
    .values(
      tasks.map((t, i) => ({
        project_id: t.projectId,
        number: first + i,
        title: t.title,
        owner_id: t.ownerId,
        owner_name: t.ownerName,
        blocked_reason: null,
        due_date: t.dueDate,
        due_tz: t.dueTz,
        due_at: t.dueAt,
        snoozed_until: null,
        source_inbound_id: t.sourceInboundId,
        created_at: now,
        updated_at: now,
        completed_at: null,
        confidence: t.confidence ?? null,
        evidence: t.evidence ?? null,
      })),
    )
    .returningAll()
    .execute();
}

export async function addTaskEvent(
  db: Db,
  e: { taskId: number; kind: string; actorId: number | null; inboundId: number | null; data: Record<string, unknown> },
  now: Date,
): Promise<void> {
  await db
    .insertInto('task_events')
    .values({ task_id: e.taskId, kind: e.kind, actor_id: e.actorId, inbound_id: e.inboundId, data: JSON.stringify(e.data), at: now })
    .execute();
}

/** Tasks with their owner's address and name, for the API and emails. */
export function taskView(db: Db) {
  return db
    .selectFrom('tasks')
    .leftJoin('people as owner', 'owner.id', 'tasks.owner_id')
    .innerJoin('projects', 'projects.id', 'tasks.project_id')
    .select([
      'tasks.id',
      'tasks.project_id',
      'projects.name as project_name',
      'projects.status as project_status', // 'draft' until the brief's sender confirms the plan
      'tasks.number',
      'tasks.title',
      'tasks.status',
      'tasks.blocked_reason',
      'tasks.due_date',
      'tasks.due_tz',
      'tasks.due_at',
      'tasks.owner_name',
      'owner.email as owner_email',
      'owner.display_name as owner_display_name',
      'tasks.created_at',
      'tasks.updated_at',
      'tasks.completed_at',
      'tasks.confidence',
      'tasks.evidence',
    ]);
}

export function listTasks(db: Db, f: { projectId?: number; owner?: string; status?: TaskStatus }) {
  let q = taskView(db);
  if (f.projectId !== undefined) q = q.where('tasks.project_id', '=', f.projectId);
  if (f.owner) q = q.where('owner.email', '=', f.owner.toLowerCase());
  if (f.status) q = q.where('tasks.status', '=', f.status);
  return q.orderBy('tasks.project_id').orderBy('tasks.number').execute();
}

export function taskEvents(db: Db, taskIds: number[]) {
  if (!taskIds.length) return Promise.resolve([]);
  return db.selectFrom('task_events').selectAll().where('task_id', 'in', taskIds).orderBy('id').execute();
}

export function getTasks(db: Db, ids: number[]): Promise<Task[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('tasks').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export function projectTasks(db: Db, projectId: number): Promise<Task[]> {
  return db.selectFrom('tasks').selectAll().where('project_id', '=', projectId).orderBy('number').execute();
}

export async function updateTask(db: Db, id: number, patch: TaskUpdate, now: Date): Promise<Task> {
  return db.updateTable('tasks').set({ ...patch, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Drops every task of a project whose plan was never confirmed (a draft), history included. */
export async function discardTasks(db: Db, projectId: number): Promise<number> {
  const gone = await db.deleteFrom('tasks').where('project_id', '=', projectId).returning('id').execute();
  return gone.length;
}
