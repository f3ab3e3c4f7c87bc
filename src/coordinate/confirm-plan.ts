// The sender's answer to a plan we were unsure of (a draft project): "yes" starts it as listed, "cancel"
// drops it, and anything else is read as the corrected list, with the same understanding engine as a
// brief and owners resolved against the project's people; it replaces the proposed tasks and starts the
// project. Only the brief's sender may answer, through the reply token of our mail (the one
// authorisation rule, as an answer to our own request). Every answer gets one short threaded reply.
import type { Kysely } from 'kysely';
import { composePlanAnswer, type PlanOutcome } from '../outbound/plan-answer.js';
import type { ParsedEmail } from '../parse/types.js';
import { getInbound } from '../store/inbound.js';
import { getOutbox } from '../store/outbox.js';
import { getPeople } from '../store/people.js';
import { decideDraft } from '../store/plans.js';
import { getProject, projectMembers } from '../store/projects.js';
import type { Database, Person, Project, Task } from '../store/schema.js';
import { addTaskEvent, discardTasks, projectTasks } from '../store/tasks.js';
import type { Understanding } from '../understand/contract.js';
import { authorizeFor } from './authorize.js';
import type { CoordinateDeps } from './context.js';
import type { HandlerInput, HandlerResult } from './inbound-handlers.js';
import type { ThreadContext } from './process-inbound.js';
import { readPlanAnswer } from './plan-answer.js';
import { decidePlan, planPolicy } from './plan-policy.js';
import { meetingForPlan, planTasks, storeTasks } from './plan-tasks.js';
import { answerInThread } from './reply-mail.js';

type Deps = CoordinateDeps & { db: Kysely<Database> };

/** Our mails a plan answer may come through: the plan reply, and our question about an unreadable answer. */
const PLAN_MAIL = new Set(['plan_reply', 'plan_question']);

interface Ctx {
  deps: Deps;
  input: HandlerInput;
  project: Project;
  sender: Person;
  repliedKind: string;
  now: Date;
}

/** The draft project a reply answers (through one of our plan mails), with the kind of mail it answers. */
async function draftAnswered(db: Kysely<Database>, thread: ThreadContext | null): Promise<{ project: Project; repliedKind: string } | null> {
  if (!thread?.outboxId) return null;
  const replied = await getOutbox(db, thread.outboxId);
  if (!replied?.project_id || !PLAN_MAIL.has(replied.kind)) return null;
  const project = await getProject(db, replied.project_id);
  return project?.status === 'draft' ? { project, repliedKind: replied.kind } : null;
}

/**
 * A reply to a draft plan that is neither a yes nor a cancel, read as a brief: the same engine, owners
 * matched to the project's people. Called before the message's transaction (an engine may cache in the
 * database); null when the message is not such a reply. Who sent it is decided later, by answerPlan.
 */
export async function readPlanList(deps: CoordinateDeps, email: ParsedEmail, thread: ThreadContext | null, senderZone: string): Promise<Understanding | null> {
  const draft = await draftAnswered(deps.db, thread);
  if (!draft || readPlanAnswer(email.newText) !== 'list') return null;
  const members = await projectMembers(deps.db, draft.project.id);
  return deps.engine.understand(asBrief(email, deps.identity.address, draft.project.name), {
    now: deps.clock.now(),
    timeZone: senderZone,
    assistantAddresses: [deps.identity.address],
    repliesToAssistant: false,
    knownPeople: members.map((m) => ({ address: m.email, name: m.display_name })),
  });
}

/** Null when the message is not an answer to a draft plan (the reply handler takes it as usual). */
export async function answerPlan(deps: Deps, input: HandlerInput): Promise<HandlerResult | null> {
  const { thread, email } = input;
  if (!email.from) return null;
  const draft = await draftAnswered(deps.db, thread);
  if (!draft) return null;
  const { project } = draft;
  const now = deps.clock.now();
  // The plan reply asked its recipient, the brief's sender, a question: the answer is a decision only they may make.
  const verdict = await authorizeFor({ deps, input, email, now }, { kind: 'decision', confirmBy: project.requester_id, leadId: project.lead_id });
  // A draft changes only by its sender's own answer; anyone else's reply changes nothing and is not answered.
  if (verdict.outcome !== 'allowed') return { projectId: project.id, note: `plan answer ignored: ${verdict.outcome} (${verdict.why})` };
  const ctx: Ctx = { deps, input, project, sender: verdict.actor, repliedKind: draft.repliedKind, now };
  switch (readPlanAnswer(email.newText)) {
    case 'confirm':
      return confirm(ctx);
    case 'cancel':
      return cancel(ctx);
    case 'list':
      return replace(ctx);
  }
}

async function confirm(ctx: Ctx): Promise<HandlerResult> {
  const { db } = ctx.deps;
  const tasks = await projectTasks(db, ctx.project.id);
  if (!tasks.length) return reply(ctx, { kind: 'nothing_to_start' }, [], 'plan answer: yes to an empty plan, list asked for');
  const started = await decideDraft(db, ctx.project.id, 'active', ctx.now);
  if (!started) return { projectId: ctx.project.id, note: 'plan answer: already decided' };
  for (const t of tasks) await addTaskEvent(db, { taskId: t.id, kind: 'plan_confirmed', actorId: ctx.sender.id, inboundId: ctx.input.inboundId, data: {} }, ctx.now);
  const meeting = await deferredMeeting(ctx, started, null);
  const shown = planTasks(tasks, await peopleOf(db, tasks, ctx.sender));
  return reply(ctx, { kind: 'started', tasks: shown, meeting }, tasks, `plan confirmed: ${tasks.length} task(s) started`);
}

async function cancel(ctx: Ctx): Promise<HandlerResult> {
  if (!(await decideDraft(ctx.deps.db, ctx.project.id, 'cancelled', ctx.now))) return { projectId: ctx.project.id, note: 'plan answer: already decided' };
  return reply(ctx, { kind: 'cancelled' }, [], 'plan cancelled');
}

async function replace(ctx: Ctx): Promise<HandlerResult> {
  const { deps, input, project, sender } = ctx;
  const { db } = deps;
  const members = await projectMembers(db, project.id);
  const people = members.map((m) => ({ address: m.email, name: m.display_name }));
  const zone = sender.time_zone ?? input.senderZone;
  const u = input.planList ?? (await readPlanList(deps, input.email, input.thread, zone));
  if (!u?.tasks.length) {
    // One question per answer, and none to an answer to our question: a reply we cannot read twice ends here.
    if (ctx.repliedKind === 'plan_question') return { projectId: project.id, note: 'plan answer unreadable again: not asked twice' };
    return reply(ctx, { kind: 'unreadable' }, [], 'plan answer unreadable: asked again');
  }
  const plan = decidePlan(u);
  const started = await decideDraft(db, project.id, 'active', ctx.now);
  if (!started) return { projectId: project.id, note: 'plan answer: already decided' };
  const dropped = await discardTasks(db, project.id);
  const persons = new Map((await getPeople(db, members.map((m) => m.id))).map((p) => [p.email, p]));
  const tasks = await storeTasks(deps, db, { projectId: project.id, cast: { people, persons }, tasks: plan.kept, inboundId: input.inboundId, actorId: sender.id, fallbackZone: zone });
  const meeting = await deferredMeeting(ctx, started, u.meeting);
  const leftOut = plan.leftOut ? { count: plan.leftOut, cap: planPolicy.maxTasksPerBrief } : null;
  return reply(ctx, { kind: 'replaced', tasks: planTasks(tasks, persons.values()), meeting, leftOut }, tasks, `plan replaced: ${dropped} proposed task(s) → ${tasks.length} from the sender's list, started`);
}

/** The reply as if it were a brief to us: its own new text only, no thread, no quoted plan. */
function asBrief(email: ParsedEmail, assistant: string, projectName: string): ParsedEmail {
  return {
    ...email,
    subject: projectName,
    inReplyTo: null,
    references: [],
    to: [{ address: assistant, name: '' }],
    cc: [],
    forwarded: [],
    text: email.newText,
    html: null,
    sections: [{ header: null, text: email.newText }],
    quotedText: undefined,
    hasQuote: false,
  };
}

/** The meeting the brief asked for waited for the answer; it is scheduled now (the list's own ask first). */
async function deferredMeeting(ctx: Ctx, project: Project, fromList: Understanding['meeting']) {
  const source = project.source_inbound_id ? await getInbound(ctx.deps.db, project.source_inbound_id) : undefined;
  const ask = fromList ?? (source?.understanding as Understanding | null | undefined)?.meeting ?? null;
  if (!ask) return null;
  const { email } = ctx.input;
  const thread = { messageId: email.messageId, references: email.references, subject: email.subject };
  return meetingForPlan(ctx.deps, ctx.deps.db, { project, requester: ctx.sender, ask, inboundId: ctx.input.inboundId, thread, schedule: true });
}

async function peopleOf(db: Kysely<Database>, tasks: Task[], sender: Person): Promise<Person[]> {
  const ids = [...new Set(tasks.map((t) => t.owner_id).filter((x): x is number => x !== null))];
  return [sender, ...(await getPeople(db, ids))];
}

async function reply(ctx: Ctx, outcome: PlanOutcome, tasks: Task[], note: string): Promise<HandlerResult> {
  const { deps, input, project, sender } = ctx;
  const composed = composePlanAnswer({
    recipientName: sender.display_name,
    originalSubject: input.email.subject || project.subject,
    projectName: project.name,
    projectUrl: `${deps.identity.publicUrl}/projects/${project.id}`,
    outcome,
  });
  const question = outcome.kind === 'nothing_to_start' || outcome.kind === 'unreadable';
  await answerInThread(deps, deps.db, {
    kind: question ? 'plan_question' : 'plan_confirmation',
    key: `plan_answer:${input.inboundId}`,
    email: input.email,
    to: { name: sender.display_name, address: sender.email },
    composed,
    inboundId: input.inboundId,
    projectId: project.id,
    personId: sender.id,
    // The numbered tasks, so that "move 2 to Friday" in a reply to this confirmation finds them.
    context: { items: tasks.map((t) => ({ n: t.number, taskId: t.id })) },
  });
  return { projectId: project.id, note };
}
