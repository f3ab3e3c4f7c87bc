// A brief becomes a project: its people, its tasks (owners resolved to addresses where the message names
// them), and a threaded reply to the sender with the plan. When the plan policy is unsure of what it read
// (no tasks, or a task below the confidence threshold) the project is a draft: nothing is nudged,
// digested or sent to anyone else, the meeting waits, and the reply asks the sender to confirm, correct
// or cancel (confirm-plan.ts). Runs inside the caller's transaction.
import { canonicalAddress, safeDisplayName } from '../domain/address.js';
import { composePlanReply } from '../outbound/plan-reply.js';
import { referencesFor } from '../outbound/mime.js';
import type { Address, ParsedEmail } from '../parse/types.js';
import { indexMessage } from '../store/inbound.js';
import { upsertPerson } from '../store/people.js';
import { addMember, createProject } from '../store/projects.js';
import { markDraft } from '../store/plans.js';
import type { Person, Project } from '../store/schema.js';
import type { Understanding } from '../understand/contract.js';
import type { CoordinateDeps } from './context.js';
import { queueEmail } from './queue-email.js';
import { decidePlan, planPolicy } from './plan-policy.js';
import { meetingForPlan, planTasks, resolveName, storeTasks } from './plan-tasks.js';

export { resolveName };

export interface StartProjectInput {
  inboundId: number;
  email: ParsedEmail;
  understanding: Understanding;
  senderZone: string;
}

/** Everyone the message names with an address, first occurrence wins (its display name is kept). */
export function participants(email: ParsedEmail, assistant: (a: string) => boolean): Address[] {
  const all = [
    email.from,
    ...email.to,
    ...email.cc,
    ...email.forwarded.flatMap((f) => [f.from, ...f.to, ...f.cc]),
  ].filter((a): a is Address => !!a && !!canonicalAddress(a.address) && !assistant(a.address));
  const seen = new Map<string, Address>();
  for (const a of all) {
    const key = a.address.toLowerCase();
    const prev = seen.get(key);
    if (!prev || (!prev.name && a.name)) seen.set(key, { address: key, name: safeDisplayName(a.name) });
  }
  return [...seen.values()];
}

export async function startProject(deps: CoordinateDeps, input: StartProjectInput): Promise<Project> {
  const { db, clock, identity } = deps;
  const { email, understanding: u } = input;
  const now = clock.now();
  const isAssistant = (a: string) => a.toLowerCase() === identity.address || /^(coordinator|assistant)(\+[^@]*)?@/i.test(a);
  // AUTH-8: a bounded number of people per message.
  const people = participants(email, isAssistant).slice(0, deps.limits.maxRecipients);
  const senderAddress = canonicalAddress(email.from!.address)!;

  const persons = new Map<string, Person>();
  for (const p of people) {
    const zone = p.address === senderAddress ? input.senderZone : null;
    persons.set(p.address, await upsertPerson(db, { email: p.address, name: p.name, timeZone: zone }, now));
  }
  const sender = persons.get(senderAddress) ?? (await upsertPerson(db, { email: senderAddress, name: email.from!.name, timeZone: input.senderZone }, now));

  const name = (u.project?.name || email.subject.replace(/^((fwd?|fw|re):\s*)+/i, '') || 'Untitled project').slice(0, 200);
  const project = await createProject(db, { name, leadId: sender.id, requesterId: sender.id, sourceInboundId: input.inboundId, subject: email.subject }, now);
  await addMember(db, project.id, sender.id, 'lead');
  for (const p of persons.values()) if (p.id !== sender.id) await addMember(db, project.id, p.id, 'member');

  const plan = decidePlan(u);
  if (plan.needsConfirmation) await markDraft(db, project.id, now);
  const cast = { people, persons };
  const tasks = await storeTasks(deps, db, { projectId: project.id, cast, tasks: plan.kept, inboundId: input.inboundId, actorId: sender.id, fallbackZone: input.senderZone });
  if (email.messageId) await indexMessage(db, { messageId: email.messageId, projectId: project.id, inboundId: input.inboundId }, now);

  const shown = planTasks(tasks, persons.values());
  // The meeting the brief asks for is scheduled first (invitations, or a "no time fits" note to the
  // requester), so that the plan reply can say what happened. A draft's meeting waits for the answer.
  const thread = { messageId: email.messageId, references: email.references, subject: email.subject };
  const meeting = u.meeting ? await meetingForPlan(deps, db, { project, requester: sender, ask: u.meeting, inboundId: input.inboundId, thread, schedule: !plan.needsConfirmation }) : null;
  const composed = composePlanReply({
    projectName: project.name,
    recipientName: sender.display_name,
    tasks: shown,
    draft: plan.needsConfirmation,
    leftOut: plan.leftOut ? { count: plan.leftOut, cap: planPolicy.maxTasksPerBrief } : null,
    meeting,
    originalSubject: email.subject || project.name,
    projectUrl: `${identity.publicUrl}/projects/${project.id}`,
  });
  await queueEmail(deps, db, {
    kind: 'plan_reply',
    idempotencyKey: `plan_reply:${input.inboundId}`,
    to: [{ name: sender.display_name, address: sender.email }],
    subject: composed.subject,
    text: composed.text,
    html: composed.html,
    inReplyTo: email.messageId,
    references: referencesFor(email.references, email.messageId),
    autoSubmitted: 'auto-replied',
    projectId: project.id,
    personId: sender.id,
    inboundId: input.inboundId,
  });
  return plan.needsConfirmation ? { ...project, status: 'draft' } : project;
}
