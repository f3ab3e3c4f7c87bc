// Who may change a task by email (AUTH-1/AUTH-2): the reply must reach us through a valid reply token
// (findThread verified its HMAC against the stored row), and come from the task's owner, the project
// lead or the person who sent the brief. Anything else changes nothing and goes to the lead to confirm.
//
// What is not checked here: that the From address is authentic (AUTH-3, DMARC). Until inbound
// authentication results are recorded, a token plus an allowed From is the bar.
import type { Person, Project, Task } from '../store/schema.js';

export type Refusal = 'no_token' | 'not_authorised';

export function mayCommand(p: { viaToken: boolean; sender: Person | undefined; task: Task; project: Project }): Refusal | null {
  if (!p.viaToken) return 'no_token';
  const id = p.sender?.id;
  if (id === undefined) return 'not_authorised';
  if (p.task.owner_id === id || p.project.lead_id === id || p.project.requester_id === id) return null;
  return 'not_authorised';
}

export function isLead(sender: Person | undefined, project: Project): boolean {
  return !!sender && project.lead_id === sender.id;
}

export const refusalText: Record<Refusal | 'outside_participants', string> = {
  no_token: 'The message did not come as a reply to one of my emails, so I cannot tell it is genuine.',
  not_authorised: 'Only the task owner, the project lead or the person who sent the brief can change a task.',
  outside_participants: 'The new owner is not part of the project yet.',
};
