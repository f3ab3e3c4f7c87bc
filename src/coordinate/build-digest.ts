// Loads what a batch of people's digests show, in a few set-based queries, and shapes it into the pure
// composer's input (outbound/digest.ts). Runs inside the planner's transaction.
import type { Kysely } from 'kysely';
import type { DigestInput, DigestOwner, DigestProject, DigestSettings, DigestTask } from '../outbound/digest.js';
import { ledProjects, ownTasks, projectTasks, upcomingMeetings, type DigestCandidateRow, type MeetingRow, type OwnTaskRow, type ProjectTaskRow } from '../store/digests.js';
import type { Database } from '../store/schema.js';
import { addDays, localHourInstant, type DueDigest } from './build-digest-schedule.js';

export interface DigestRecipient {
  person: DigestCandidateRow;
  due: DueDigest;
}

export interface LoadOptions {
  now: Date;
  publicUrl: string;
  unsubscribeUrls: ReadonlyMap<number, string>;
  settings: DigestSettings;
  meetings: boolean; // the meetings tables exist
}

const DAY = 86_400_000;

function owner(r: ProjectTaskRow): DigestOwner | null {
  if (r.owner_id === null) return r.owner_name ? { id: null, name: r.owner_name, unreachable: 'no email address known' } : null;
  return {
    id: r.owner_id,
    name: r.owner_display_name || r.owner_email || 'someone',
    unreachable: r.owner_suppressed ? r.owner_suppressed_reason || 'mail to them bounces' : null,
  };
}

function digestTask(r: OwnTaskRow | ProjectTaskRow, o: DigestOwner | null): DigestTask {
  return {
    id: r.id,
    projectId: r.project_id,
    number: r.number,
    title: r.title,
    status: r.status,
    blockedReason: r.blocked_reason,
    dueDate: r.due_date,
    completedAt: r.completed_at,
    owner: o,
  };
}

export async function loadDigestInputs(db: Kysely<Database>, recipients: DigestRecipient[], o: LoadOptions): Promise<DigestInput[]> {
  if (!recipients.length) return [];
  const ids = recipients.map((r) => r.person.id);
  const windows = new Map(
    recipients.map((r) => {
      const yesterday = addDays(r.due.localDate, -1);
      return [r.person.id, { start: localHourInstant(yesterday, 0, r.due.zone), end: localHourInstant(r.due.localDate, 0, r.due.zone) }] as const;
    }),
  );
  // "Done since the last digest": since the last one sent, or a day back for a first digest.
  const since = new Map(recipients.map((r) => [r.person.id, r.person.last_sent_at ? new Date(r.person.last_sent_at) : new Date(o.now.getTime() - DAY)]));
  const earliest = (values: Iterable<Date>) => new Date(Math.min(...[...values].map((d) => d.getTime())));

  // One after another on purpose: they share the transaction's single connection.
  const own = await ownTasks(db, ids, earliest([...windows.values()].map((w) => w.start)));
  const led = await ledProjects(db, ids);
  const projectIds = led.map((p) => p.id);
  const ptasks = await projectTasks(db, projectIds, earliest(since.values()));
  const meetings: MeetingRow[] = o.meetings ? await upcomingMeetings(db, projectIds, o.now, new Date(o.now.getTime() + 7 * DAY)) : [];

  const names = new Map<number, string>();
  const mine = new Map<number, DigestTask[]>();
  for (const t of own) {
    names.set(t.project_id, t.project_name);
    const list = mine.get(t.owner_id) ?? [];
    list.push(digestTask(t, null));
    mine.set(t.owner_id, list);
  }
  const tasksByProject = new Map<number, DigestTask[]>();
  for (const r of ptasks) {
    const list = tasksByProject.get(r.project_id) ?? [];
    list.push(digestTask(r, owner(r)));
    tasksByProject.set(r.project_id, list);
  }
  const meetingsByProject = new Map<number, MeetingRow[]>();
  for (const m of meetings) meetingsByProject.set(m.project_id, [...(meetingsByProject.get(m.project_id) ?? []), m]);
  const projectsByPerson = new Map<number, DigestProject[]>();
  for (const p of led) {
    names.set(p.id, p.name);
    const list = projectsByPerson.get(p.person_id) ?? [];
    list.push({
      id: p.id,
      name: p.name,
      role: p.role,
      tasks: tasksByProject.get(p.id) ?? [],
      totals: { done: p.done, total: p.total },
      meetings: o.meetings
        ? (meetingsByProject.get(p.id) ?? []).map((m) => ({ title: m.title, startsAt: new Date(m.start_at), awaiting: m.awaiting ?? [] }))
        : null,
    });
    projectsByPerson.set(p.person_id, list);
  }

  return recipients.map(({ person, due }) => ({
    recipient: { id: person.id, name: person.display_name, email: person.email, zone: due.zone },
    localDate: due.localDate,
    now: o.now,
    deliveryHour: person.digest_hour,
    since: since.get(person.id)!,
    yesterday: windows.get(person.id)!,
    mine: mine.get(person.id) ?? [],
    projectNames: names,
    projects: projectsByPerson.get(person.id) ?? [],
    publicUrl: o.publicUrl,
    unsubscribeUrl: o.unsubscribeUrls.get(person.id) ?? null,
    settings: o.settings,
  }));
}
