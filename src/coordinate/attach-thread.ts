// Which project a CC'd thread belongs to, in order: our reply token or a Message-ID we know (findThread
// already did both), then the subject plus a participant who is a member, then — for a thread that
// looks like work — the sender's "Inbox" project. Never silently dropped when it carries tasks.
import type { Kysely } from 'kysely';
import type { ParsedEmail } from '../parse/types.js';
import { createProject, addMember, getProject } from '../store/projects.js';
import type { Database, Person, Project } from '../store/schema.js';

export type AttachedBy = 'thread' | 'subject' | 'inbox';

export function normalSubject(s: string): string {
  return s
    .replace(/^\s*(?:(?:re|fwd?|fw|aw|wg|sv|vs|tr|rv|antw|r|rif|enc)\s*(?:\[\d+\])?\s*:\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export async function projectBySubject(db: Kysely<Database>, email: ParsedEmail, participantIds: number[]): Promise<Project | undefined> {
  const subject = normalSubject(email.subject);
  if (subject.length < 3 || !participantIds.length) return undefined;
  const rows = await db
    .selectFrom('projects')
    .innerJoin('project_members', 'project_members.project_id', 'projects.id')
    .selectAll('projects')
    .where('project_members.person_id', 'in', participantIds)
    .where('projects.status', '=', 'active')
    .orderBy('projects.id', 'desc')
    .limit(200)
    .execute();
  return rows.find((p) => normalSubject(p.subject) === subject || p.name.trim().toLowerCase() === subject);
}

export async function inboxProject(db: Kysely<Database>, owner: Person, email: ParsedEmail, inboundId: number, now: Date): Promise<Project> {
  const existing = await db.selectFrom('projects').selectAll().where('lead_id', '=', owner.id).where('name', '=', 'Inbox').where('status', '=', 'active').executeTakeFirst();
  if (existing) return existing;
  const project = await createProject(db, { name: 'Inbox', leadId: owner.id, requesterId: owner.id, sourceInboundId: inboundId, subject: email.subject }, now);
  await addMember(db, project.id, owner.id, 'lead');
  return project;
}

export async function attachThread(
  db: Kysely<Database>,
  a: { email: ParsedEmail; threadProjectId: number | null; sender: Person; participantIds: number[]; looksLikeWork: boolean; inboundId: number },
  now: Date,
): Promise<{ project: Project; by: AttachedBy } | null> {
  if (a.threadProjectId) {
    const p = await getProject(db, a.threadProjectId);
    if (p) return { project: p, by: 'thread' };
  }
  const bySubject = await projectBySubject(db, a.email, a.participantIds);
  if (bySubject) return { project: bySubject, by: 'subject' };
  if (!a.looksLikeWork) return null;
  return { project: await inboxProject(db, a.sender, a.email, a.inboundId, now), by: 'inbox' };
}
