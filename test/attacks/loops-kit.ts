// The loop harnesses' world and plumbing: a project with a lead and two owners, a nudge to each owner
// (their reply tokens), raw mail stored through receive() and run through processInbound() (the function
// the queue's job calls), and counters for everything an answer or a change would leave behind.
import { sql } from 'kysely';
import { processInbound } from '../../src/coordinate/process-inbound.js';
import { queueEmail } from '../../src/coordinate/queue-email.js';
import type { CoordinateDeps } from '../../src/coordinate/context.js';
import { receive } from '../../src/inbound/receive.js';
import { upsertPerson } from '../../src/store/people.js';
import { addMember, createProject } from '../../src/store/projects.js';
import { insertTasks } from '../../src/store/tasks.js';
import type { TestService } from '../support/service.js';

export const DOMAIN = 'contoso.com';
export const ASSISTANT = `coordinator@${DOMAIN}`;
export const people = {
  lena: { name: 'Lena Fischer', address: 'lena.fischer@contoso.com' },
  tom: { name: 'Tom Baker', address: 'tom.baker@contoso.com' },
  priya: { name: 'Priya Natarajan', address: 'priya.natarajan@contoso.com' },
};

export interface Ours {
  address: string; // reply+<token>@contoso.com
  messageId: string;
  subject: string;
  text: string;
  to: string;
}

export interface LoopWorld {
  projectId: number;
  taskIds: number[];
  nudges: Record<'tom' | 'priya', Ours>;
}

export async function buildLoopWorld(svc: TestService, extraOwners: { name: string; address: string }[] = []): Promise<LoopWorld> {
  const { db } = svc.deps;
  const now = svc.clock.now();
  const ids: Record<string, number> = {};
  for (const v of [...Object.values(people), ...extraOwners]) ids[v.address] = (await upsertPerson(db, { email: v.address, name: v.name, timeZone: 'Europe/Berlin' }, now)).id;
  const project = await createProject(db, { name: 'Launch site', leadId: ids[people.lena.address]!, requesterId: ids[people.lena.address]!, sourceInboundId: null, subject: 'Launch site' }, now);
  for (const [address, id] of Object.entries(ids)) await addMember(db, project.id, id, address === people.lena.address ? 'lead' : 'member');
  const owners = [people.tom, people.priya, ...extraOwners];
  const tasks = await insertTasks(
    db,
    owners.map((o, i) => ({
      projectId: project.id,
      title: ['Take the screenshots', 'Write the landing page copy', 'Review the pricing page', 'Check the links'][i % 4]!,
      ownerId: ids[o.address]!,
      ownerName: null,
      dueDate: '2025-03-05',
      dueTz: 'Europe/Berlin',
      dueAt: new Date('2025-03-05T22:59:59Z'),
      sourceInboundId: null,
    })),
    now,
  );
  const nudge = async (who: typeof people.tom, taskId: number): Promise<Ours> => {
    const subject = 'Due soon: your tasks for Launch site';
    const text = 'Reply "done 1" when it is finished.\n\n1. Take the screenshots, due Wed 5 Mar';
    const { row } = await queueEmail(svc.deps, db, { kind: 'nudge', idempotencyKey: `loops:${who.address}`, to: [who], subject, text, autoSubmitted: 'auto-generated', projectId: project.id, taskId, context: { items: [{ n: 1, taskId }] } });
    return { address: `reply+${row.reply_token}@${DOMAIN}`, messageId: row.message_id, subject, text, to: who.address };
  };
  return { projectId: project.id, taskIds: tasks.map((t) => t.id), nudges: { tom: await nudge(people.tom, tasks[0]!.id), priya: await nudge(people.priya, tasks[1]!.id) } };
}

export interface Delivery {
  raw: Buffer;
  rcpt: string;
  mailFrom?: string;
}

/** Stores one message as a channel would and runs the processing job's function on it at once. */
export async function deliver(svc: TestService, d: Delivery, deps: Partial<CoordinateDeps> = {}): Promise<{ status: string; classification: string | null; note: string | null }> {
  const noQueue = { enqueue: async () => {} };
  const got = await receive({ db: svc.deps.db, clock: svc.deps.clock, queue: noQueue }, { channel: 'smtp', raw: d.raw, rcptTo: [d.rcpt], mailFrom: d.mailFrom ?? 'sender@example.net' });
  const out = await processInbound({ ...svc.deps, ...deps }, got.id);
  const row = await svc.deps.db.selectFrom('inbound_messages').select(['status', 'classification', 'error']).where('id', '=', got.id).executeTakeFirstOrThrow();
  return { status: out.status === 'skipped' ? row.status : out.status, classification: row.classification, note: row.error };
}

/** What an answer, a new project or a change would leave behind (one round trip for the counts: the harnesses take it twice per message). */
export async function footprint(svc: TestService, w: LoopWorld) {
  const { db } = svc.deps;
  // answers: mail caused by inbound mail (RFC 3834 auto-replied); scheduled nudges and digests are not answers
  const counts = await sql<{ outbox: string; projects: string; events: string }>`select
      (select count(*) from outbox where headers->>'Auto-Submitted' = 'auto-replied') as outbox,
      (select count(*) from projects) as projects,
      (select count(*) from task_events) as events`.execute(db);
  const c = counts.rows[0]!;
  const tasks = await db.selectFrom('tasks').select(['id', 'status', 'owner_id', 'due_date', 'blocked_reason', 'snoozed_until']).where('id', 'in', w.taskIds).orderBy('id').execute();
  return { outbox: Number(c.outbox), projects: Number(c.projects), events: Number(c.events), tasks: JSON.stringify(tasks) };
}
