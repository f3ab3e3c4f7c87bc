// Short, threaded answers to a sender who replied to a plan we were unsure of: what changed (started,
// replaced by their list, cancelled), or why nothing did. Pure functions returning { subject, text, html };
// the HTML uses the compiled MJML notice layout.
import { renderNotice } from './notice.js';
import { leftOutNote, noticeTask, replySubject, taskLines, type ComposedEmail, type PlanReplyInput, type PlanTask } from './plan-reply.js';

export type PlanOutcome =
  | { kind: 'started'; tasks: PlanTask[]; meeting: PlanReplyInput['meeting'] }
  | { kind: 'replaced'; tasks: PlanTask[]; meeting: PlanReplyInput['meeting']; leftOut: PlanReplyInput['leftOut'] }
  | { kind: 'cancelled' }
  | { kind: 'nothing_to_start' }
  | { kind: 'unreadable' };

export interface PlanAnswerInput {
  recipientName: string;
  originalSubject: string;
  projectName: string;
  projectUrl: string;
  outcome: PlanOutcome;
}

const ASK_AGAIN = 'Reply "yes" to start it as listed, send your list (one task per line, e.g. "Priya: landing page by Friday") to replace it, or reply "cancel".';

function meetingNote(m: PlanReplyInput['meeting']): string | null {
  const o = m?.outcome;
  if (!m || !o) return null;
  return o.scheduled ? `${m.title}: ${o.when}. I've sent invitations to ${o.invited.join(', ')}.` : `${m.title}: no time in the requested window suits everyone; I've sent you the closest options separately.`;
}

export function composePlanAnswer(a: PlanAnswerInput): ComposedEmail {
  const greeting = a.recipientName ? `Hi ${a.recipientName.split(' ')[0]},` : 'Hi,';
  const o = a.outcome;
  // The sender's own list needs no quote of their own words back.
  const tasks = o.kind === 'started' ? o.tasks : o.kind === 'replaced' ? o.tasks.map((t) => ({ ...t, evidence: null })) : [];
  const n = `${tasks.length} task${tasks.length === 1 ? '' : 's'}`;
  const intro: string[] = [];
  switch (o.kind) {
    case 'started':
      intro.push(`Thanks. "${a.projectName}" has started with ${n}; owners will get reminders from now on.`);
      break;
    case 'replaced':
      intro.push(`Thanks. I replaced the plan with your list and started "${a.projectName}" with ${n}:`);
      break;
    case 'cancelled':
      intro.push(`I've dropped "${a.projectName}". Nobody was told about it. To start again, send me the brief again.`);
      break;
    case 'nothing_to_start':
      intro.push(`"${a.projectName}" has no tasks yet, so there is nothing to start. Reply with your list, one task per line (e.g. "Priya: landing page by Friday"), or reply "cancel".`);
      break;
    case 'unreadable':
      intro.push(`I could not read your reply as a "yes", a "cancel" or a list of tasks, so "${a.projectName}" is still waiting. ${ASK_AGAIN}`);
      break;
  }
  const extra = [o.kind === 'replaced' ? leftOutNote(o.leftOut) : null, o.kind === 'started' || o.kind === 'replaced' ? meetingNote(o.meeting) : null].filter((x): x is string => !!x);
  const fix = o.kind === 'started' || o.kind === 'replaced' ? 'To change a task, reply to this email, e.g. "move 2 to Friday" or "give 1 to carol@example.com".' : null;
  const subject = replySubject(a.originalSubject || a.projectName);
  const text = [
    greeting,
    ...intro,
    ...(o.kind === 'replaced' ? [tasks.map((t) => taskLines(t, 90)).join('\n')] : []),
    ...extra,
    ...(fix ? [fix] : []),
    `Project page: ${a.projectUrl}`,
    '— Coordinator',
  ].join('\n\n');
  const { html } = renderNotice({
    publicUrl: a.projectUrl.replace(/\/projects\/[^/]*$/, ''),
    subject,
    title: a.projectName,
    intro: [greeting, ...intro, ...extra, ...(fix ? [fix] : [])],
    tasks: o.kind === 'replaced' ? tasks.map((t) => noticeTask(t, 90)) : [],
    link: { url: a.projectUrl, label: 'Project page' },
    footer: { reason: 'You get this because you sent this brief to Coordinator.' },
  });
  return { subject, text, html };
}
