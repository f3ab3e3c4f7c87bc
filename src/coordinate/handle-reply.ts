// A reply to one of our own messages, or a command sent to the assistant: meeting commands first, then
// follow-through commands read from the new text only (AUTH-6): the closed grammar our emails teach,
// else the understanding engine's command for free wording. Who may command is checked per task
// (authorize.ts); what may not be applied waits for the project lead's confirmation.
import { inferDayFirst } from '../understand/index.js';
import { makeDateCtx } from '../understand/dates.js';
import type { Command } from '../understand/contract.js';
import { composeDeclineNotice } from '../outbound/confirmation.js';
import { composeClarification } from '../outbound/clarification.js';
import { decidePending, getAppliedCommand, getPendingCommand, latestUndoable } from '../store/follow-through.js';
import { getOutbox } from '../store/outbox.js';
import { findPersonByEmail, getPeople } from '../store/people.js';
import { getProject } from '../store/projects.js';
import type { Database, Person, Project, Task } from '../store/schema.js';
import { getTasks, projectTasks } from '../store/tasks.js';
import type { Kysely } from 'kysely';
import { applyCommands, resolveOwner, taskActions, undoCommand, type ApplyResult, type TaskAction, type TaskCommand } from './apply-command.js';
import { authorizeFor, commandKey, isLead, type HoldReason } from './authorize.js';
import { askLead, holdForConfirmation, isHeldMeetingCommand, mailPerson } from './hold-command.js';
import { refusalText, type RefusalWhy } from '../outbound/authorization.js';
import { hasStake, issuedToken, recordApplied } from '../store/command-auth.js';
import type { CoordinateDeps } from './context.js';
import type { HandlerInput, HandlerResult, InboundHandler } from './inbound-handlers.js';
import { answerPlan } from './confirm-plan.js';
import { confirm, itemsOf, type Ctx } from './reply-context.js';
import { personCommands } from './person-commands.js';
import { senderAuthenticated } from './asked-for.js';
import { applyMeetingCommand, handleMeetingCommand } from './meeting-commands.js';
import { getMeeting } from '../store/meetings.js';
import { answerInThread } from './reply-mail.js';
import { isChatter, mixedReply, parseCommand, parseGrammar, type ReplyIntent } from '../understand/replies/index.js';
import { numberedList } from '../understand/replies/mixed.js';

type Deps = CoordinateDeps & { db: Kysely<Database> };

export const handleReply: InboundHandler = async (deps, input) => {
  // An answer to a plan we were unsure of (a draft project) is the plan's, never a task command.
  const plan = await answerPlan(deps, input);
  if (plan) return plan;
  const meeting = await handleMeetingCommand(deps, input);
  if (meeting) return meeting;
  return followThroughReply(deps, input);
};

export async function followThroughReply(deps: Deps, input: HandlerInput): Promise<HandlerResult> {
  const { email, thread } = input;
  const replied = thread?.outboxId ? await getOutbox(deps.db, thread.outboxId) : undefined;
  const projectId = thread?.projectId ?? replied?.project_id ?? null;
  if (!email.from) return { projectId };
  const sender = await findPersonByEmail(deps.db, email.from.address);
  const now = deps.clock.now();
  const zone = sender?.time_zone ?? input.senderZone;
  const ctx: Ctx = { deps, input, email, now, sender, replied, projectId, viaToken: !!thread?.viaToken, zone };
  const intents = readIntents(ctx);

  if (intents.some((i) => i.type === 'undo')) return undo(ctx);
  if (intents.some((i) => i.type === 'approve' || i.type === 'reject')) {
    if (replied?.kind === 'approval_request' || replied?.kind === 'confirm_request') return decide(ctx, intents.find((i) => i.type === 'approve' || i.type === 'reject')!.type as 'approve' | 'reject');
  }
  const dates = datesOf(ctx);
  const free = (clause: string) => parseCommand(clause, { dates });
  // Several numbered commands on a line ("2 done, 4 push to next Tue") are each applied, like one per line.
  const list = numberedList(email.newText, dates, free);
  let commands = list ?? intents.flatMap((i) => (i.type === 'command' ? [i.command] : []));
  if (!commands.length) return clarify(ctx, 'I could not find a command in your reply.');
  // AUTH-6: a command mixed with other instructions is not applied in part; the sender is asked first.
  const mixed = list ? null : mixedReply(email.newText, dates, free);
  if (mixed) commands = mixed.commands.map((c) => c.command);
  const person = commands.filter((c) => c.action === 'help' || c.action === 'status' || c.action === 'unsubscribe');
  const task = commands.filter((c): c is Command & { action: TaskAction } => (taskActions as readonly string[]).includes(c.action));
  const notes: string[] = [];
  if (person.length) notes.push(...(await personCommands(ctx, person)));
  if (task.length) notes.push(...(await taskCommands(ctx, task, mixed ? { mixed: mixed.others } : {})));
  else if (mixed) notes.push(`mixed reply: only ${mixed.others.length} instruction(s) I cannot apply`);
  return { projectId, note: notes.join('; ') || undefined };
}

const datesOf = (ctx: Ctx) => makeDateCtx(ctx.now, ctx.zone, inferDayFirst(ctx.email));

function readIntents(ctx: Ctx): ReplyIntent[] {
  const dates = datesOf(ctx);
  const grammar = parseGrammar(ctx.email.newText, dates);
  if (grammar.length) return grammar;
  const cmd = ctx.input.understanding?.command;
  if (!cmd) return [];
  const command = { ...cmd };
  if (command.action === 'reassign' && !command.owner) {
    // The engine resolves names against the message's own headers only; keep what was written so the
    // project's people can be searched (resolveOwner).
    command.owner = /\bto\s+((?:[\p{Lu}][\p{L}'-]+)(?:\s+[\p{Lu}][\p{L}'-]+)?(?:\s*<[^>]+>)?|[^\s<>@]{1,64}@[^\s<>]{1,253})/u.exec(ctx.email.newText)?.[1] ?? null;
  }
  return [{ type: 'command', command, line: ctx.email.newText.trim().split('\n')[0] ?? '' }];
}

const who = (p: Person | undefined, fallback = '') => p?.display_name || p?.email || fallback;

/** One short question, once per person and message replied to; never to a stranger, never in a loop. */
async function clarify(ctx: Ctx, problem: string): Promise<HandlerResult> {
  const { sender, replied } = ctx;
  if (!sender || isChatter(ctx.email.newText) || replied?.kind === 'clarification' || /\?\s*$/.test(ctx.email.newText.trim()) && !problem.startsWith('Which')) {
    return { projectId: ctx.projectId, note: 'no command' };
  }
  const composed = composeClarification({
    recipientName: sender.display_name,
    originalSubject: ctx.email.subject || replied?.subject || '',
    problem,
    examples: ['done', 'done 1 and 3', 'blocked 2 waiting on legal', 'move 3 to Friday', 'give 2 to name@example.com', 'help'],
  });
  await answerInThread(ctx.deps, ctx.deps.db, {
    kind: 'clarification',
    key: `clarify:${replied?.id ?? `inbound-${ctx.input.inboundId}`}:${sender.id}`,
    email: ctx.email,
    to: { name: sender.display_name, address: sender.email },
    composed,
    inboundId: ctx.input.inboundId,
    projectId: ctx.projectId,
    personId: sender.id,
    context: { items: itemsOf(replied) },
  });
  return { projectId: ctx.projectId, note: 'clarification asked' };
}

/** Which tasks a command names: numbered items of the email replied to, else the task it was about. */
async function targets(ctx: Ctx, cmd: Command): Promise<{ tasks: Task[] } | { problem: string }> {
  const { db } = ctx.deps;
  const map = itemsOf(ctx.replied);
  const inProject = ctx.projectId ? await projectTasks(db, ctx.projectId) : [];
  const open = (t: Task) => t.status === 'open' || t.status === 'blocked';
  if (cmd.items === 'all') {
    if (map) return { tasks: (await getTasks(db, map.map((m) => m.taskId))).filter(open) };
    const mine = inProject.filter((t) => open(t) && t.owner_id === ctx.sender?.id);
    return mine.length ? { tasks: mine } : { problem: 'I could not tell which tasks "all" means here.' };
  }
  if (Array.isArray(cmd.items) && cmd.items.length) {
    const ids: number[] = [];
    for (const n of cmd.items) {
      const id = map ? map.find((m) => m.n === n)?.taskId : inProject.find((t) => t.number === n)?.id;
      if (!id) return { problem: `There is no item ${n} in the email you replied to.` };
      ids.push(id);
    }
    return { tasks: await getTasks(db, ids) };
  }
  if (ctx.replied?.task_id) return { tasks: await getTasks(db, [ctx.replied.task_id]) };
  if (map?.length === 1) return { tasks: await getTasks(db, [map[0]!.taskId]) };
  const candidates = map ? (await getTasks(db, map.map((m) => m.taskId))).filter(open) : inProject.filter((t) => open(t) && t.owner_id === ctx.sender?.id);
  if (candidates.length === 1) return { tasks: candidates };
  return { problem: `Which item do you mean? ${candidates.length ? `There are ${candidates.length} open here; put its number after the command, e.g. "${cmd.action} 2".` : 'I could not find an open task of yours here.'}` };
}

const askedLine = (c: TaskCommand, t: Task) => {
  switch (c.action) {
    case 'done': return `mark “${t.title}” done`;
    case 'blocked': return `mark “${t.title}” blocked${c.reason ? ` (${c.reason})` : ''}`;
    case 'reschedule': return `move “${t.title}” to ${c.due ?? '?'}`;
    case 'snooze': return `pause reminders for “${t.title}”${c.due ? ` until ${c.due}` : ''}`;
    case 'reassign': return `give “${t.title}” to ${c.owner ?? '?'}`;
    case 'decline': return `take “${t.title}” off its owner (declined)`;
    case 'progress': return `note progress on “${t.title}”${c.reason ? `: ${c.reason}` : ''}`;
  }
};

async function taskCommands(ctx: Ctx, commands: (Command & { action: TaskAction })[], opts: { mixed?: string[] } = {}): Promise<string[]> {
  const { db } = ctx.deps;
  let allowed: TaskCommand[] = [];
  const allowedLines: string[] = [];
  const allowedKeys = new Map<number, string>(); // task id → command key, remembered once applied (replays)
  let heldProject: number | null = null;
  const refused = new Map<number, { reason: RefusalWhy; commands: TaskCommand[]; lines: string[] }>();
  const held = new Map<HoldReason, { confirmBy: Person | undefined; commands: TaskCommand[]; lines: string[]; projectId: number }>();
  const problems: string[] = [];
  const projects = new Map<number, Project>();
  let proven = false; // the sender is who the From says: a confirmation may go back to them
  let silent = 0;
  for (const cmd of commands) {
    const t = await targets(ctx, cmd);
    if ('problem' in t) {
      problems.push(t.problem);
      continue;
    }
    for (const task of t.tasks) {
      const project = projects.get(task.project_id) ?? (await getProject(db, task.project_id))!;
      projects.set(project.id, project);
      const one: TaskCommand = { action: cmd.action, taskIds: [task.id], reason: cmd.reason, due: cmd.due, owner: cmd.owner };
      const key = commandKey(cmd, task.id);
      const verdict = await authorizeFor(ctx, { kind: 'task', task, project, commandKey: key });
      let refusal: RefusalWhy | null = verdict.outcome === 'refused' ? (verdict.askLead ? verdict.why : null) : null;
      if (verdict.outcome === 'refused' && !verdict.askLead) {
        silent++;
        continue;
      }
      if (verdict.outcome === 'held') {
        const g = held.get(verdict.why) ?? { confirmBy: verdict.confirmBy, commands: [], lines: [], projectId: project.id };
        g.commands.push(one);
        g.lines.push(askedLine(one, task));
        held.set(verdict.why, g);
        continue;
      }
      if (verdict.outcome === 'allowed' || refusal === 'not_authorised') proven = true;
      if (!refusal && cmd.action === 'reassign' && cmd.owner && !isLead(ctx.sender, project)) {
        const target = await resolveOwner(db, project.id, cmd.owner);
        if (target && !(target.member && (await hasStake(db, project.id, target.address)))) refusal = 'outside_participants';
      }
      if (!refusal) {
        allowed.push(one);
        allowedLines.push(askedLine(one, task));
        allowedKeys.set(task.id, key);
        heldProject ??= project.id;
        continue;
      }
      const entry = refused.get(project.id) ?? { reason: refusal, commands: [], lines: [] };
      entry.commands.push(one);
      entry.lines.push(askedLine(one, task));
      refused.set(project.id, entry);
    }
  }
  if (!allowed.length && !refused.size && !held.size) {
    if (silent) return [`${silent} command(s) refused: the sender could not be identified`];
    await clarify(ctx, problems.join(' ') || 'I could not tell which task you meant.');
    return ['clarification asked'];
  }
  const notes: string[] = [];
  // Held by the rule (old token, unauthenticated sender, replay): the token's owner is asked.
  for (const [why, g] of held) {
    const asked = await holdForConfirmation(ctx, { reason: why, ...g });
    notes.push(`held (${why})${asked ? ': confirmation asked' : ''}`);
  }
  // A reply mixing a command with other instructions applies nothing; the sender confirms with `yes`.
  const heldMixed = !!opts.mixed && allowed.length > 0;
  if (heldMixed) {
    await holdForConfirmation(ctx, { reason: 'mixed', confirmBy: ctx.sender, commands: allowed, lines: allowedLines, notUnderstood: [...opts.mixed!, ...problems], projectId: heldProject });
    notes.push(`held: mixed reply, sender asked to confirm ${allowed.length} change(s)`);
    allowed = [];
  }
  const result: ApplyResult = allowed.length
    ? await applyCommands(db, { commands: allowed, actor: ctx.sender ?? null, inboundId: ctx.input.inboundId, via: 'reply', fallbackZone: ctx.zone }, ctx.now)
    : { appliedId: null, changed: [], unchanged: [], changes: [], declined: [], finished: [] };
  const token = result.changes.length && ctx.input.thread?.outboxId ? await issuedToken(db, ctx.input.thread.outboxId) : null;
  if (token) await recordApplied(db, token.token, result.changes.map((c) => allowedKeys.get(c.taskId)!).filter(Boolean), ctx.input.inboundId, ctx.now);
  const unchanged = [...problems, ...result.unchanged];
  for (const [projectId, r] of refused) {
    const asked = await askLead(ctx, projects.get(projectId)!, r);
    if (proven && senderAuthenticated(ctx)) unchanged.push(...r.lines.map((l) => `${l}: ${asked ? 'waiting for the project lead to confirm' : refusalText[r.reason]}`));
  }
  await noticeDeclines(ctx, result);
  // Someone who may command gets a confirmation; anyone else hears nothing (a forged From never gets
  // our answer).
  if (result.changed.length || (proven && senderAuthenticated(ctx) && !heldMixed && !held.size && unchanged.length)) {
    const single = result.changes.length === 1 ? result.changes[0]!.taskId : null;
    await confirm(ctx, { changed: result.changed, unchanged, appliedId: result.appliedId, taskId: single, tag: 'tasks' });
  }
  return [`${result.changes.length} task change(s)`, ...notes, ...(refused.size ? [`${refused.size} sent to the lead`] : []), ...(silent ? [`${silent} refused`] : [])];
}

/** `decline` hands the task back to the lead, unowned, and tells the lead. */
async function noticeDeclines(ctx: Ctx, result: ApplyResult, actor: Person | undefined = ctx.sender) {
  const { db } = ctx.deps;
  for (const { task, reason } of result.declined) {
    const project = (await getProject(db, task.project_id))!;
    if (!project.lead_id || project.lead_id === actor?.id) continue;
    const [lead] = await getPeople(db, [project.lead_id]);
    if (!lead) continue;
    const composed = composeDeclineNotice({ leadName: lead.display_name, decliner: who(actor, ctx.email.from!.address), taskTitle: task.title, projectName: project.name, reason });
    await mailPerson(ctx, lead, { kind: 'decline_notice', key: `decline:${ctx.input.inboundId}:${task.id}`, composed, projectId: project.id, taskId: task.id });
  }
}

async function decide(ctx: Ctx, answer: 'approve' | 'reject'): Promise<HandlerResult> {
  const { db } = ctx.deps;
  const pendingId = (ctx.replied?.context as { pendingId?: number } | undefined)?.pendingId;
  const pending = pendingId ? await getPendingCommand(db, pendingId) : undefined;
  const project = pending ? await getProject(db, pending.project_id) : undefined;
  const verdict = pending && project ? await authorizeFor(ctx, { kind: 'decision', confirmBy: pending.confirm_by, leadId: project.lead_id }) : null;
  if (!pending || !project || verdict?.outcome !== 'allowed') return { projectId: ctx.projectId, note: `approval ignored: not from the person asked, through a valid token${verdict && verdict.outcome !== 'allowed' ? ` (${verdict.why})` : ''}` };
  const sender = verdict.actor;
  if (!(await decidePending(db, pending.id, { status: answer === 'approve' ? 'approved' : 'rejected', by: sender.id, inboundId: ctx.input.inboundId }, ctx.now))) {
    await confirm(ctx, { changed: [], unchanged: [`that request was already ${pending.status}`], appliedId: null, tag: 'decide' });
    return { projectId: project.id, note: 'already decided' };
  }
  if (answer === 'reject') {
    await confirm(ctx, { changed: [], unchanged: [`the request from ${pending.requested_address} was dropped`], appliedId: null, tag: 'decide' });
    return { projectId: project.id, note: 'pending command rejected' };
  }
  const [requester] = pending.requested_by ? await getPeople(db, [pending.requested_by]) : [];
  const [held] = pending.commands as unknown[];
  if (isHeldMeetingCommand(held)) {
    // A meeting change its organizer confirmed: carried out now, and answered like one given directly.
    const meeting = await getMeeting(db, held.meetingId);
    if (meeting && meeting.status !== 'cancelled') return applyMeetingCommand(ctx.deps, ctx.input, meeting, held.command, requester ?? sender);
    await confirm(ctx, { changed: [], unchanged: ['that meeting is no longer scheduled'], appliedId: null, tag: 'decide' });
    return { projectId: project.id, note: 'held meeting command: meeting gone' };
  }
  const result = await applyCommands(db, { commands: pending.commands as TaskCommand[], actor: requester ?? null, approvedBy: sender, inboundId: ctx.input.inboundId, via: 'approval', fallbackZone: ctx.zone }, ctx.now);
  await noticeDeclines(ctx, result, requester);
  const intro = pending.confirm_by === sender.id && pending.requested_by === sender.id ? 'Applied.' : `Applied the request from ${pending.requested_address}.`;
  await confirm(ctx, { changed: result.changed, unchanged: result.unchanged, appliedId: result.appliedId, intro, tag: 'decide' });
  return { projectId: project.id, note: `pending command approved: ${result.changes.length} change(s)` };
}

async function undo(ctx: Ctx): Promise<HandlerResult> {
  const { db } = ctx.deps;
  const { sender } = ctx;
  const verdict = await authorizeFor(ctx, { kind: 'own' });
  if (verdict.outcome !== 'allowed' || !sender) return { projectId: ctx.projectId, note: `undo ignored: ${verdict.outcome === 'allowed' ? 'unknown sender' : verdict.why}` };
  const fromConfirmation = ctx.replied?.kind === 'confirmation' ? (ctx.replied.context as { commandId?: number | null }).commandId : null;
  const cmd = fromConfirmation ? await getAppliedCommand(db, fromConfirmation) : await latestUndoable(db, sender.id, new Date(ctx.now.getTime() - 7 * 86_400_000));
  const project = cmd?.project_id ? await getProject(db, cmd.project_id) : undefined;
  if (!cmd || (cmd.actor_id !== sender.id && !(project && isLead(sender, project)))) {
    await confirm(ctx, { changed: [], unchanged: ['there is no recent change of yours to undo'], appliedId: null, tag: 'undo' });
    return { projectId: ctx.projectId, note: 'nothing to undo' };
  }
  const r = await undoCommand(db, cmd.id, sender, ctx.input.inboundId, ctx.now);
  await confirm(ctx, { changed: r.changed, unchanged: r.unchanged, appliedId: null, intro: 'Undone.', tag: 'undo' });
  return { projectId: cmd.project_id ?? ctx.projectId, note: `undo: ${r.changed.length} change(s) reversed` };
}
