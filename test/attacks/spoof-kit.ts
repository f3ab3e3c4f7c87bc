// The spoofing harness's world and plumbing: one project with two owners, a lead and a kickoff; reply
// tokens minted by the real outbox for each path (a nudge per owner, the lead's digest, the meeting's
// confirmation); raw mail stored through receive() and run through processInbound(), the function the
// queue's job calls; and a snapshot of everything a command could change, so a message that changed
// anything is seen, and undone before the next one.
import { randomBytes } from 'node:crypto';
import { senderAuthenticator } from '../../src/coordinate/authenticate-sender.js';
import type { Authorizer } from '../../src/coordinate/authorize.js';
import { processInbound } from '../../src/coordinate/process-inbound.js';
import { queueEmail } from '../../src/coordinate/queue-email.js';
import { receive } from '../../src/inbound/receive.js';
import { CLIENT, dmarcOnListener, sign, type Signing } from './spoof-dkim.js';
import { indexMessage } from '../../src/store/inbound.js';
import { addAttendee, insertMeeting } from '../../src/store/meetings.js';
import { upsertPerson } from '../../src/store/people.js';
import { addMember, createProject } from '../../src/store/projects.js';
import { insertTasks } from '../../src/store/tasks.js';
import type { TestService } from '../support/service.js';

export const DOMAIN = 'contoso.com';
export const BOUNDARY = 'mx.boundary.test';
export const people = {
  lena: { name: 'Lena Fischer', address: 'lena.fischer@contoso.com' }, // lead, sent the brief, organizes the kickoff
  tom: { name: 'Tom Baker', address: 'tom.baker@contoso.com' }, // owns task 1
  priya: { name: 'Priya Natarajan', address: 'priya.natarajan@contoso.com' }, // owns task 2
};

export interface Token {
  address: string; // reply+<token>@contoso.com
  messageId: string; // of our message, for In-Reply-To
  subject: string;
  outboxId: number;
}

export interface World {
  projectId: number;
  taskIds: [number, number];
  meetingId: number;
  threadMessageId: string; // a message of the project's CC'd thread, for In-Reply-To
  /** Per path: the token, one minted 31 days ago (the lifetime is 30) and one withdrawn. */
  tokens: Record<'reply' | 'digest' | 'meeting', { fresh: Token; old: Token; revoked: Token }>;
}

const NOW = new Date('2025-03-03T10:00:00Z');

export async function buildWorld(svc: TestService): Promise<World> {
  const { db } = svc.deps;
  const p = {} as Record<keyof typeof people, number>;
  for (const [k, v] of Object.entries(people)) p[k as keyof typeof people] = (await upsertPerson(db, { email: v.address, name: v.name, timeZone: 'Europe/Berlin' }, NOW)).id;
  const project = await createProject(db, { name: 'Launch site', leadId: p.lena, requesterId: p.lena, sourceInboundId: null, subject: 'Launch site' }, NOW);
  await db.updateTable('projects').set({ status: 'active' } as never).where('id', '=', project.id).execute().catch(() => {});
  for (const [k, id] of Object.entries(p)) await addMember(db, project.id, id, k === 'lena' ? 'lead' : 'member');
  const due = '2025-03-14';
  const tasks = await insertTasks(
    db,
    [
      { projectId: project.id, title: 'Take the screenshots', ownerId: p.tom, ownerName: null, dueDate: due, dueTz: 'Europe/Berlin', dueAt: new Date('2025-03-14T22:59:59Z'), sourceInboundId: null },
      { projectId: project.id, title: 'Write the landing page copy', ownerId: p.priya, ownerName: null, dueDate: due, dueTz: 'Europe/Berlin', dueAt: new Date('2025-03-14T22:59:59Z'), sourceInboundId: null },
    ],
    NOW,
  );
  const meeting = await insertMeeting(
    db,
    { projectId: project.id, uid: `kickoff-${randomBytes(4).toString('hex')}@contoso.com`, title: 'Launch kickoff', description: '', requesterId: p.lena, timeZone: 'Europe/Berlin', durationMinutes: 30, status: 'scheduled', start: new Date('2025-03-05T09:00:00Z'), end: new Date('2025-03-05T09:30:00Z'), window: { start: NOW, end: new Date('2025-03-10T00:00:00Z') }, sourceInboundId: null },
    NOW,
  );
  await addAttendee(db, meeting.id, p.lena, 'CHAIR');
  await addAttendee(db, meeting.id, p.tom, 'REQ-PARTICIPANT');
  await addAttendee(db, meeting.id, p.priya, 'REQ-PARTICIPANT');
  const threadMessageId = `thread-${randomBytes(4).toString('hex')}@mail.contoso.com`;
  await indexMessage(db, { messageId: threadMessageId, projectId: project.id }, NOW);

  const mint = async (key: string, to: typeof people.tom, kind: string, subject: string, context: Record<string, unknown>, taskId: number | null = null): Promise<Token> => {
    const { row } = await queueEmail(svc.deps, db, { kind, idempotencyKey: `spoof:${key}`, to: [to], subject, text: 'Reply to this email.', autoSubmitted: 'auto-generated', projectId: project.id, taskId, context });
    return { address: `reply+${row.reply_token}@${DOMAIN}`, messageId: row.message_id, subject, outboxId: row.id };
  };
  const three = async (key: string, to: typeof people.tom, kind: string, subject: string, context: Record<string, unknown>, taskId: number | null = null) => {
    const [fresh, old, revoked] = [await mint(key, to, kind, subject, context, taskId), await mint(`${key}-old`, to, kind, subject, context, taskId), await mint(`${key}-revoked`, to, kind, subject, context, taskId)];
    await db.updateTable('outbox').set({ created_at: new Date(NOW.getTime() - 31 * 86_400_000) }).where('id', '=', old.outboxId).execute();
    await db.insertInto('revoked_reply_tokens').values({ token: revoked.address.slice('reply+'.length, revoked.address.indexOf('@')), reason: 'test: leaked', revoked_at: NOW }).execute();
    return { fresh, old, revoked };
  };
  const tokens = {
    reply: await three('tom-nudge', people.tom, 'nudge', 'Due soon: Take the screenshots', { items: [{ n: 1, taskId: tasks[0]!.id }] }, tasks[0]!.id),
    digest: await three('lena-digest', people.lena, 'digest', 'Your morning summary', { items: { '1': tasks[0]!.id, '2': tasks[1]!.id } }),
    meeting: await three('lena-meeting', people.lena, 'meeting_confirmation', 'Re: Launch kickoff', { meetingId: meeting.id }),
  };
  return { projectId: project.id, taskIds: [tasks[0]!.id, tasks[1]!.id], meetingId: meeting.id, threadMessageId, tokens };
}

/** Everything a command could change, as one string: any difference is a change. */
export async function snapshot(svc: TestService, w: World): Promise<string> {
  const { db } = svc.deps;
  // The tasks that existed before: a thread may add new ones (recorded commitments), which is not a change.
  const tasks = await db.selectFrom('tasks').select(['id', 'status', 'owner_id', 'owner_name', 'due_date', 'blocked_reason', 'snoozed_until']).where('id', 'in', w.taskIds).orderBy('id').execute();
  const meetings = await db.selectFrom('meetings').select(['id', 'status', 'start_at', 'sequence']).where('project_id', '=', w.projectId).execute();
  const attendees = await db.selectFrom('meeting_attendees').select(['person_id', 'removed_at']).where('meeting_id', '=', w.meetingId).orderBy('person_id').execute();
  return JSON.stringify({ tasks, meetings, attendees });
}

/** Puts the world back as the snapshot had it, and forgets applied commands, so each case starts the same. */
export async function restore(svc: TestService, w: World, snap: string, o: { keepReplays?: boolean } = {}): Promise<void> {
  const { db } = svc.deps;
  const s = JSON.parse(snap) as { tasks: Record<string, unknown>[]; meetings: Record<string, unknown>[]; attendees: { person_id: number; removed_at: null }[] };
  for (const t of s.tasks) {
    const { id, ...rest } = t;
    await db.updateTable('tasks').set({ ...(rest as object), completed_at: null }).where('id', '=', id as number).execute();
  }
  for (const m of s.meetings) {
    const { id, ...rest } = m;
    await db.updateTable('meetings').set(rest as never).where('id', '=', id as number).execute();
  }
  await db.updateTable('meeting_attendees').set({ removed_at: null }).where('meeting_id', '=', w.meetingId).execute();
  if (!o.keepReplays) await db.deleteFrom('command_replays').execute();
}

export interface Mail {
  from: string | string[]; // the From header value(s), as written
  to: string;
  cc?: string;
  subject: string;
  inReplyTo?: string;
  body: string;
  quoted?: string; // quoted history under the new text
  headersAbove?: string[]; // trace headers a boundary would prepend (Authentication-Results)
  headers?: string[];
}

let seq = 0;
export function raw(m: Mail): { raw: Buffer; messageId: string } {
  const messageId = `spoof-${++seq}-${randomBytes(4).toString('hex')}@mail.example`;
  const froms = Array.isArray(m.from) ? m.from : [m.from];
  const head = [
    ...(m.headersAbove ?? []),
    ...froms.map((f) => `From: ${f}`),
    `To: ${m.to}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject}`,
    'Date: Mon, 03 Mar 2025 11:00:00 +0100',
    `Message-ID: <${messageId}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`] : []),
    ...(m.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const quoted = m.quoted ? `\n\nOn Mon, 3 Mar 2025 at 09:00, Coordinator <coordinator@contoso.com> wrote:\n${m.quoted.split('\n').map((l) => `> ${l}`).join('\n')}\n` : '\n';
  return { raw: Buffer.from(`${head.join('\r\n')}\r\n\r\n${(m.body + quoted).replace(/\r?\n/g, '\r\n')}`), messageId };
}

export type Channel = 'smtp' | 'imap';
/** `dmarc-smtp`: COMMAND_AUTH=dmarc with mailauth checking the message as our own listener received it. */
export type Policy = 'token' | 'dmarc' | 'dmarc-smtp';

const resolver = async (name: string): Promise<string[][]> => {
  throw Object.assign(new Error(`no DNS in the harness: ${name}`), { code: 'ENOTFOUND' });
};
const authenticators = {
  token: senderAuthenticator({ policy: 'token', trustedAuthservIds: [BOUNDARY], resolver, mta: DOMAIN }),
  dmarc: senderAuthenticator({ policy: 'dmarc', trustedAuthservIds: [BOUNDARY], resolver, mta: DOMAIN }),
};

/**
 * Stores one message as the channel would (receive), then runs the processing job's function on it with
 * the given policy, and the given rule (the real one unless a test weakens it). Nothing is queued: the
 * harness calls the job's function itself, so each message is done when this returns.
 */
export async function deliver(svc: TestService, m: Mail, o: { channel: Channel; policy: Policy; rcpt: string; rule?: Authorizer; tokenDays?: number; sign?: Signing }): Promise<string> {
  const unsigned = raw(m).raw;
  const bytes = o.sign ? await sign(unsigned, o.sign) : unsigned;
  const noQueue = { enqueue: async () => {} };
  const listener = o.policy === 'dmarc-smtp';
  const session = listener ? { channel: 'smtp' as const, remoteAddress: CLIENT.ip, helo: CLIENT.helo, mailFrom: 'bounces@evil.test' } : { channel: o.channel, mailFrom: 'bounces@mail.example' };
  const got = await receive({ db: svc.deps.db, clock: svc.deps.clock, queue: noQueue }, { ...session, raw: bytes, rcptTo: [o.rcpt], ...(session.channel === 'imap' ? { providerId: `INBOX/1/${++seq}` } : {}) });
  const senderAuth = listener ? dmarcOnListener : authenticators[o.policy as 'token' | 'dmarc'];
  const out = await processInbound({ ...svc.deps, senderAuth, ...(o.rule ? { authorize: o.rule } : {}), ...(o.tokenDays ? { replyTokenDays: o.tokenDays } : {}) }, got.id);
  if (out.status === 'failed') throw new Error(`processing failed: ${out.error}`);
  const row = await svc.deps.db.selectFrom('inbound_messages').select(['classification', 'error']).where('id', '=', got.id).executeTakeFirstOrThrow();
  return `${out.status}/${row.classification}: ${row.error ?? ''}`;
}
