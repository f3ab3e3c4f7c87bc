// What happens to a command the authorisation rule did not allow: it is kept as a proposal
// (pending_commands, nothing changes) and one person is asked to reply `yes`. Their reply comes through a
// fresh token that only their mailbox received, which is what makes it proof:
//  - the token's owner, when the sender could not be authenticated, the token is old, or the command
//    repeats one already applied through that token (a replay);
//  - the sender, when the reply mixed a command with other instructions;
//  - the task's owner, for a status change somebody reported in a CC'd thread;
//  - the project lead, for a command from someone whose role does not allow it.
import type { Kysely } from 'kysely';
import { composeRecheck, composeReportQuestion, refusalText, type RefusalWhy } from '../outbound/authorization.js';
import { composeApprovalRequest } from '../outbound/confirmation.js';
import type { ComposedEmail } from '../outbound/plan-reply.js';
import type { ParsedEmail } from '../parse/types.js';
import { countOpenPending, insertPendingCommand } from '../store/follow-through.js';
import { getPeople } from '../store/people.js';
import type { Database, OutboxRow, Person, Project } from '../store/schema.js';
import type { TaskCommand } from './apply-command.js';
import type { HoldReason } from './authorize.js';
import type { CoordinateDeps } from './context.js';
import type { HandlerInput } from './inbound-handlers.js';
import type { MeetingCommand } from './meeting-commands.js';
import { queueEmail } from './queue-email.js';
import { answerInThread, composeHoldRequest } from './reply-mail.js';

export interface HoldCtx {
  deps: CoordinateDeps & { db: Kysely<Database> };
  input: HandlerInput;
  email: ParsedEmail;
  now: Date;
  sender: Person | undefined;
  replied?: OutboxRow | undefined;
}

/** At most this many open proposals per project and day: forged mail must not become a flood of questions. */
const PENDING_PER_DAY = 5;

const flooded = async (ctx: HoldCtx, projectId: number) => (await countOpenPending(ctx.deps.db, projectId, new Date(ctx.now.getTime() - 86_400_000))) >= PENDING_PER_DAY;

/** A meeting command kept for confirmation (pending_commands holds task commands or these). */
export interface HeldMeetingCommand {
  meetingId: number;
  command: MeetingCommand;
}

export const isHeldMeetingCommand = (c: unknown): c is HeldMeetingCommand => typeof c === 'object' && c !== null && 'meetingId' in c;

export async function holdForConfirmation(
  ctx: HoldCtx,
  h: { reason: HoldReason | 'mixed'; confirmBy: Person | undefined; commands: TaskCommand[] | HeldMeetingCommand[]; lines: string[]; notUnderstood?: string[]; projectId: number | null; evidence?: string; /** Tells apart several holds of one message (one report per task). */ part?: string },
): Promise<boolean> {
  const { db } = ctx.deps;
  const confirmer = h.confirmBy;
  if (!h.projectId || !confirmer || confirmer.suppressed_at) return false;
  if (await flooded(ctx, h.projectId)) return false;
  const address = ctx.email.from!.address;
  const pendingId = await insertPendingCommand(db, { projectId: h.projectId, inboundId: ctx.input.inboundId, requestedBy: ctx.sender?.id ?? null, requestedAddress: address, reason: h.part ? `${h.reason}:${h.part}` : h.reason, commands: h.commands, confirmBy: confirmer.id }, ctx.now);
  if (!pendingId) return true;
  const originalSubject = ctx.email.subject || ctx.replied?.subject || '';
  const recipientName = confirmer.display_name;
  let composed: ComposedEmail;
  if (h.reason === 'unverified_report') {
    const reporter = ctx.sender?.display_name || address;
    composed = composeReportQuestion({ recipientName, reporter: confirmer.id === ctx.sender?.id ? 'You' : reporter, report: h.lines.join('; '), evidence: h.evidence ?? '', originalSubject });
  } else if (h.reason === 'token_expired' || h.reason === 'replay') {
    composed = composeRecheck({ recipientName, why: h.reason, asked: h.lines, originalSubject });
  } else {
    composed = composeHoldRequest({ recipientName, reason: h.reason, requester: address, asked: h.lines, notUnderstood: h.notUnderstood ?? [], detail: ctx.input.senderAuth?.detail, originalSubject });
  }
  const first = h.commands[0];
  const taskId = h.commands.length === 1 && first && !isHeldMeetingCommand(first) ? first.taskIds[0]! : null;
  const key = `hold:${ctx.input.inboundId}:${h.reason}:${h.projectId}${h.part ? `:${h.part}` : ''}`;
  const to = { name: confirmer.display_name, address: confirmer.email };
  // The sender themselves is answered in their thread; anyone else gets a message of their own.
  if (confirmer.id === ctx.sender?.id && h.reason !== 'unauthenticated') {
    await answerInThread(ctx.deps, db, { kind: 'confirm_request', key, email: ctx.email, to, composed, inboundId: ctx.input.inboundId, projectId: h.projectId, taskId, personId: confirmer.id, context: { pendingId } });
  } else {
    await mailPerson(ctx, confirmer, { kind: 'confirm_request', key, composed, projectId: h.projectId, taskId, context: { pendingId } });
  }
  return true;
}

export async function askLead(ctx: HoldCtx, project: Project, r: { reason: RefusalWhy; commands: TaskCommand[]; lines: string[] }): Promise<boolean> {
  const { db } = ctx.deps;
  if (!project.lead_id) return false;
  if (await flooded(ctx, project.id)) return false;
  const [lead] = await getPeople(db, [project.lead_id]);
  if (!lead || lead.suppressed_at) return false;
  const address = ctx.email.from!.address;
  const pendingId = await insertPendingCommand(db, { projectId: project.id, inboundId: ctx.input.inboundId, requestedBy: ctx.sender?.id ?? null, requestedAddress: address, reason: r.reason, commands: r.commands }, ctx.now);
  if (!pendingId) return true;
  const composed = composeApprovalRequest({
    leadName: lead.display_name,
    requester: ctx.sender?.display_name ? `${ctx.sender.display_name} <${address}>` : address,
    projectName: project.name,
    asked: r.lines,
    why: refusalText[r.reason],
    originalSubject: ctx.email.subject,
  });
  await mailPerson(ctx, lead, { kind: 'approval_request', key: `approval:${ctx.input.inboundId}:${project.id}`, composed, projectId: project.id, taskId: r.commands.length === 1 ? r.commands[0]!.taskIds[0]! : null, context: { pendingId } });
  return true;
}

/** A message caused by this one to someone who was not on it (the lead, a token's owner): a new thread of its own. */
export async function mailPerson(ctx: HoldCtx, to: Person, m: { kind: string; key: string; composed: ComposedEmail; projectId: number; taskId: number | null; context?: Record<string, unknown> }) {
  await queueEmail(ctx.deps, ctx.deps.db, {
    kind: m.kind,
    idempotencyKey: m.key,
    to: [{ name: to.display_name, address: to.email }],
    subject: m.composed.subject,
    text: m.composed.text,
    html: m.composed.html,
    autoSubmitted: 'auto-replied',
    projectId: m.projectId,
    taskId: m.taskId,
    personId: to.id,
    inboundId: ctx.input.inboundId,
    context: m.context,
  });
}
