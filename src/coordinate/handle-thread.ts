// A human thread that copies the assistant. It is attached to a project (attach-thread.ts), and only its
// new text counts: commitments by the sender and requests to others become tasks, and status updates
// about known tasks ("the wireframes are done") change them, with the message as evidence. The
// assistant stays quiet: no reply-all, nothing queued — what it recorded shows in the task history.
import { canonicalAddress } from '../domain/address.js';
import { endOfLocalDate } from '../domain/time-zone.js';
import { indexMessage } from '../store/inbound.js';
import { upsertPerson } from '../store/people.js';
import { addMember, projectMembers } from '../store/projects.js';
import type { Person, Project, Task } from '../store/schema.js';
import { addTaskEvent, insertTasks, projectTasks, type NewTask } from '../store/tasks.js';
import { makeDateCtx } from '../understand/dates.js';
import { inferDayFirst, parseCommand } from '../understand/index.js';
import { applyCommands, type TaskCommand } from './apply-command.js';
import { attachThread } from './attach-thread.js';
import { authorizeFor } from './authorize.js';
import { holdForConfirmation, type HoldCtx } from './hold-command.js';
import type { InboundHandler } from './inbound-handlers.js';
import { participants, resolveName } from './start-project.js';
import { confidenceOf, planPolicy } from './plan-policy.js';

const STOP = new Set(['the', 'and', 'for', 'with', 'this', 'that', 'from', 'have', 'been', 'are', 'is', 'was', 'were', 'will', 'done', 'finished', 'now', 'all', 'our', 'your', 'just', 'also', 'blocked', 'waiting']);
const words = (s: string) => new Set(s.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4 && !STOP.has(w)).map((w) => w.replace(/(?:ing|ed|es|s)$/, '')));

/** The one open task a status sentence is about, by shared words with its title; null when unclear. */
export function matchTask(sentence: string, tasks: Task[]): Task | null {
  const sw = words(sentence);
  let best: Task | null = null;
  let bestScore = 0;
  let tie = false;
  for (const t of tasks) {
    const tw = words(t.title);
    const score = [...tw].filter((w) => sw.has(w)).length;
    if (score > bestScore) [best, bestScore, tie] = [t, score, false];
    else if (score === bestScore && score > 0) tie = true;
  }
  return bestScore >= 1 && !tie ? best : null;
}

const normTitle = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export const handleThread: InboundHandler = async (deps, input) => {
  const { db, clock, identity } = deps;
  const { email, understanding } = input;
  if (!email.from || !canonicalAddress(email.from.address)) return { projectId: input.thread?.projectId ?? null };
  const now = clock.now();
  const isAssistant = (a: string) => a.toLowerCase() === identity.address || /^(coordinator|assistant|reply)(\+[^@]*)?@/i.test(a);
  const people = participants({ ...email, forwarded: [] }, isAssistant).slice(0, deps.limits.maxRecipients); // AUTH-8
  const persons = new Map<string, Person>();
  for (const p of people) persons.set(p.address, await upsertPerson(db, { email: p.address, name: p.name, timeZone: p.address === email.from.address.toLowerCase() ? input.senderZone : null }, now));
  const sender = persons.get(email.from.address.toLowerCase()) ?? (await upsertPerson(db, { email: email.from.address.toLowerCase(), name: email.from.name, timeZone: input.senderZone }, now));

  const extracted = understanding?.tasks ?? [];
  const attached = await attachThread(db, { email, threadProjectId: input.thread?.projectId ?? null, sender, participantIds: [...persons.values()].map((p) => p.id), looksLikeWork: extracted.length > 0, inboundId: input.inboundId }, now);
  if (!attached) return { projectId: null, note: 'thread not attached: no project and nothing that looks like work' };
  const project: Project = attached.project;
  // Being on a thread makes someone known to the project, not part of it: anyone can copy anyone.
  for (const p of persons.values()) await addMember(db, project.id, p.id, p.id === project.lead_id ? 'lead' : 'copied');
  if (email.messageId) await indexMessage(db, { messageId: email.messageId, projectId: project.id, inboundId: input.inboundId }, now);

  // New tasks: commitments and requests from the new text; a title the project already has is not re-created.
  const existing = await projectTasks(db, project.id);
  const known = new Set(existing.map((t) => normTitle(t.title)));
  const members = (await projectMembers(db, project.id)).map((m) => ({ address: m.email, name: m.display_name }));
  const newTasks: NewTask[] = [];
  // A thread is read silently, so past the per-brief cap the rest are not taken (one insert stays bounded).
  for (const t of extracted.slice(0, planPolicy.maxTasksPerBrief)) {
    if (known.has(normTitle(t.title))) continue;
    known.add(normTitle(t.title));
    let owner: Person | undefined;
    let ownerName: string | null = null;
    if (t.owner) {
      const address = canonicalAddress(t.owner);
      const match = address ? (members.find((m) => m.address === address) ?? (persons.has(address) ? { address } : null)) : resolveName(t.owner, members);
      if (match) owner = persons.get(match.address) ?? (await upsertPerson(db, { email: match.address }, now));
      else ownerName = t.owner.slice(0, 100);
    }
    const dueTz = t.due ? (owner?.time_zone ?? input.senderZone) : null;
    newTasks.push({ projectId: project.id, title: t.title.slice(0, 300), ownerId: owner?.id ?? null, ownerName, dueDate: t.due, dueTz, dueAt: t.due && dueTz ? endOfLocalDate(t.due, dueTz) : null, sourceInboundId: input.inboundId, confidence: confidenceOf(t), evidence: t.evidence ?? null });
  }
  const created = await insertTasks(db, newTasks, now);
  for (const task of created) {
    if (task.owner_id) await addMember(db, project.id, task.owner_id, 'member');
    await addTaskEvent(db, { taskId: task.id, kind: 'created', actorId: sender.id, inboundId: input.inboundId, data: { title: task.title, owner_id: task.owner_id, owner_name: task.owner_name, due_date: task.due_date, via: 'thread' } }, now);
  }

  // Status updates about tasks the project already had, from people who may change them. A thread
  // carries no reply token, so the From alone proves nothing: an update is applied at once only when the
  // sender is authenticated; otherwise it is recorded as a report and the task's owner is asked.
  const dates = makeDateCtx(now, input.senderZone, inferDayFirst(email));
  const open = existing.filter((t) => t.status === 'open' || t.status === 'blocked');
  const updates: TaskCommand[] = [];
  const evidence: string[] = [];
  const ctx = { deps, input, email, now, sender };
  let reported = 0;
  const seen = new Set<number>();
  for (const sentence of email.newText.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter(Boolean)) {
    const cmd = parseCommand(sentence, { dates });
    if (!cmd || !['done', 'blocked', 'progress'].includes(cmd.action) || /\?\s*$/.test(sentence)) continue;
    const task = matchTask(sentence, open);
    if (!task || seen.has(task.id)) continue;
    seen.add(task.id);
    const update: TaskCommand = { action: cmd.action as TaskCommand['action'], taskIds: [task.id], reason: cmd.action === 'done' ? null : sentence.slice(0, 200), due: cmd.action === 'progress' ? cmd.due : null, owner: null, evidence: sentence.slice(0, 300) };
    const verdict = await authorizeFor(ctx, { kind: 'report', task, project });
    if (verdict.outcome === 'allowed') {
      updates.push(update);
      evidence.push(sentence.slice(0, 300));
    } else if (verdict.outcome === 'held') {
      await report(ctx, { task, project, update, confirmBy: verdict.confirmBy });
      reported++;
    }
  }
  let changed = 0;
  for (let i = 0; i < updates.length; i++) {
    const r = await applyCommands(db, { commands: [updates[i]!], actor: sender, inboundId: input.inboundId, via: 'thread', fallbackZone: input.senderZone, evidence: evidence[i] }, now);
    changed += r.changes.length;
  }
  return { projectId: project.id, note: `thread attached by ${attached.by}: ${created.length} task(s) recorded, ${changed} status update(s)${reported ? `, ${reported} unverified report(s) put to the owner` : ''}` };
};

const reportLine = (u: TaskCommand, t: Task) => `“${t.title}” is ${u.action === 'done' ? 'done' : u.action === 'blocked' ? 'blocked' : 'moving'}`;

/** "Reported done by Tom (unverified)" in the task's history, and a one-line question to its owner. */
async function report(ctx: HoldCtx, r: { task: Task; project: Project; update: TaskCommand; confirmBy: Person | undefined }) {
  const { sender } = ctx;
  const by = sender?.display_name || ctx.email.from!.address;
  await addTaskEvent(ctx.deps.db, { taskId: r.task.id, kind: 'reported', actorId: sender?.id ?? null, inboundId: ctx.input.inboundId, data: { action: r.update.action, via: 'thread', verified: false, summary: `reported ${r.update.action} by ${by} (unverified)`, evidence: r.update.evidence, reason: r.update.reason } }, ctx.now);
  await holdForConfirmation(ctx, { reason: 'unverified_report', confirmBy: r.confirmBy, commands: [r.update], lines: [reportLine(r.update, r.task)], projectId: r.project.id, evidence: r.update.evidence, part: `task-${r.task.id}` });
}
