import type { Kysely } from 'kysely';
import type { Database, Project } from './schema.js';

type Db = Kysely<Database>;

export async function createProject(
  db: Db,
  p: { name: string; leadId: number; requesterId: number; sourceInboundId: number | null; subject: string },
  now: Date,
): Promise<Project> {
  return db
    .insertInto('projects')
    .values({
      name: p.name,
      lead_id: p.leadId,
      requester_id: p.requesterId,
      source_inbound_id: p.sourceInboundId,
      subject: p.subject,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addMember(db: Db, projectId: number, personId: number, role: 'lead' | 'requester' | 'member' | 'copied'): Promise<void> {
  await db
    .insertInto('project_members')
    .values({ project_id: projectId, person_id: personId, role })
    .onConflict((oc) => oc.columns(['project_id', 'person_id']).doNothing())
    .execute();
}

export function listProjects(db: Db) {
  return db
    .selectFrom('projects')
    .leftJoin('people as lead', 'lead.id', 'projects.lead_id')
    .select((eb) => [
      'projects.id',
      'projects.name',
      'projects.status',
      'projects.created_at',
      'lead.email as lead_email',
      'lead.display_name as lead_name',
      eb.selectFrom('tasks').whereRef('tasks.project_id', '=', 'projects.id').select(eb.fn.countAll<number>().as('n')).as('task_count'),
      eb
        .selectFrom('tasks')
        .whereRef('tasks.project_id', '=', 'projects.id')
        .where('tasks.status', '=', 'done')
        .select(eb.fn.countAll<number>().as('n'))
        .as('done_count'),
    ])
    .orderBy('projects.id', 'desc')
    .execute();
}

export function getProject(db: Db, id: number) {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export function projectMembers(db: Db, projectId: number) {
  return db
    .selectFrom('project_members')
    .innerJoin('people', 'people.id', 'project_members.person_id')
    .select(['people.id', 'people.email', 'people.display_name', 'people.time_zone', 'project_members.role'])
    .where('project_members.project_id', '=', projectId)
    .orderBy('people.id')
    .execute();
}
