// The reply to a brief: the plan we understood, numbered, with owners, due dates and the words each task
// was read from. When we are sure, the project has started and the reply says how to fix it; when we are
// not (no tasks, or a task we are unsure of), nothing has started and the reply asks the sender to
// confirm, correct by sending the list, or cancel. The HTML uses the compiled MJML notice layout.
import { DateTime } from 'luxon';
import { renderNotice, type NoticeTask } from './notice.js';

export interface PlanTask {
  number: number;
  title: string;
  owner: { name: string; address: string | null } | null;
  dueDate: string | null; // YYYY-MM-DD
  evidence?: string | null; // the words of the brief the task was read from
  unsure?: boolean; // read with less confidence than the plan policy's threshold
}

export interface PlanReplyInput {
  projectName: string;
  recipientName: string;
  tasks: PlanTask[];
  meeting: {
    title: string;
    attendees: string[];
    durationMinutes: number;
    notBefore: string | null;
    notAfter: string | null;
    /** What scheduling did: a time with invitations sent, or no time that suits everyone. */
    outcome?: { scheduled: true; when: string; invited: string[] } | { scheduled: false } | null;
  } | null;
  originalSubject: string;
  projectUrl: string;
  /** Nothing has started: the sender is asked to confirm, correct or cancel. */
  draft?: boolean;
  /** Tasks past the per-brief cap that were left out, and the cap. */
  leftOut?: { count: number; cap: number } | null;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

function ownerLabel(o: PlanTask['owner']): string {
  if (!o) return 'no owner yet';
  if (o.address) return o.name ? `${o.name} <${o.address}>` : o.address;
  return `${o.name} (address unknown)`;
}

function dueLabel(d: string | null): string {
  return d ? DateTime.fromISO(d).toFormat('ccc d LLL yyyy') : 'no due date';
}

export function replySubject(subject: string): string {
  const s = subject.replace(/[\r\n]+/g, ' ').trim();
  return /^re:/i.test(s) ? s : `Re: ${s.replace(/^(fwd?|fw):\s*/i, '') || '(no subject)'}`;
}

const UNSURE = 'not sure this is a task';
const quoted = (evidence: string, max: number) => `“${evidence.length > max ? `${evidence.slice(0, max - 1).trimEnd()}…` : evidence}”`;

/** One task as text: number and title, its facts, and (for a draft, or briefly otherwise) its source words. */
export function taskLines(t: PlanTask, evidenceChars: number): string {
  const facts = [`Owner: ${ownerLabel(t.owner)}`, `Due: ${dueLabel(t.dueDate)}`, ...(t.unsure ? [UNSURE] : [])].join(' · ');
  const from = t.evidence && t.evidence !== t.title ? `\n   From: ${quoted(t.evidence, evidenceChars)}` : '';
  return `${t.number}. ${t.title}\n   ${facts}${from}`;
}

export function noticeTask(t: PlanTask, evidenceChars: number): NoticeTask {
  return {
    number: t.number,
    title: t.title,
    facts: [`Owner: ${ownerLabel(t.owner)}`, `Due: ${dueLabel(t.dueDate)}`, ...(t.unsure ? [UNSURE] : [])],
    late: !!t.unsure,
    note: t.evidence && t.evidence !== t.title ? quoted(t.evidence, evidenceChars) : null,
  };
}

export function leftOutNote(l: PlanReplyInput['leftOut']): string | null {
  if (!l?.count) return null;
  return `Your message had ${l.count + l.cap} tasks. I took the first ${l.cap}, the most I take from one message, and left out the other ${l.count}: ` +
    'a list that long is hard to chase by email. If they are real tasks, send them as separate, shorter briefs.';
}

function meetingLine(m: NonNullable<PlanReplyInput['meeting']>, draft: boolean): string {
  const o = m.outcome;
  if (o?.scheduled) {
    return `${m.title}: ${o.when}. I've sent invitations to ${o.invited.join(', ')}. ` +
      'To change it, reply "move the kickoff to Thursday 2pm" or "cancel the kickoff".';
  }
  if (o && !o.scheduled) return `${m.title}: no time in the requested window suits everyone; I've sent you the closest options separately.`;
  return `Meeting requested: ${m.title}, ${m.durationMinutes} min` +
    (m.notBefore ? `, between ${dueLabel(m.notBefore)} and ${dueLabel(m.notAfter)}` : '') +
    (m.attendees.length ? `, with ${m.attendees.join(', ')}` : '') + (draft ? '. I will set it up once you confirm.' : '.');
}

const FIX_COMMANDS = [
  { command: 'give 2 to carol@example.com', meaning: 'change an owner' },
  { command: 'move 3 to Friday', meaning: 'change a due date' },
  { command: 'done 1', meaning: 'mark a task done' },
];
const DRAFT_COMMANDS = [
  { command: 'yes', meaning: 'start the project as listed' },
  { command: 'Priya: landing page by Friday', meaning: 'your list, one task per line, replaces mine' },
  { command: 'cancel', meaning: 'drop it' },
];

export function composePlanReply(p: PlanReplyInput): ComposedEmail {
  const draft = !!p.draft;
  const greeting = p.recipientName ? `Hi ${p.recipientName.split(' ')[0]},` : 'Hi,';
  const n = `${p.tasks.length} task${p.tasks.length === 1 ? '' : 's'}`;
  const intro = !draft
    ? `I've set up the project "${p.projectName}" with ${n}:`
    : p.tasks.length
      ? `I'm not sure I understood your plan for "${p.projectName}", so I have not started it and nobody has heard from me yet. This is what I read (${n}):`
      : `I could not find any tasks in your message, so I have not started the project "${p.projectName}" and nobody has heard from me.`;
  const evidenceChars = draft ? 200 : 90;
  const lines = p.tasks.map((t) => taskLines(t, evidenceChars));
  const empty = 'I could not find any tasks in your message. Reply with a list (one task per line, "Name: task by date") and I will add them.';
  const capped = leftOutNote(p.leftOut);
  const meeting = p.meeting ? meetingLine(p.meeting, draft) : '';
  // With nothing read there is nothing to say yes to: only a list or cancel.
  const commands = !draft ? FIX_COMMANDS : p.tasks.length ? DRAFT_COMMANDS : DRAFT_COMMANDS.slice(1);
  const howTo = draft
    ? 'Reply to this email with one of these (nothing is sent to anyone until you do):'
    : 'To correct the plan, reply to this email, one line per change:';
  const width = Math.max(...commands.map((c) => c.command.length)) + 4;
  const help = [howTo, ...commands.map((c) => `  ${c.command.padEnd(width)}(${c.meaning})`)].join('\n');
  const text = [
    greeting,
    '',
    intro,
    ...(p.tasks.length ? ['', ...lines] : draft ? [] : ['', empty]),
    ...(capped ? ['', capped] : []),
    ...(meeting ? ['', meeting] : []),
    '',
    help,
    '',
    `Project page: ${p.projectUrl}`,
    '',
    '— Coordinator',
  ].join('\n');

  const subject = replySubject(p.originalSubject);
  const { html } = renderNotice({
    publicUrl: p.projectUrl.replace(/\/projects\/[^/]*$/, ''),
    subject,
    kicker: draft ? 'Please confirm' : 'Plan',
    title: p.projectName,
    subtitle: `${n}${draft ? ' · not started yet' : ''}`,
    intro: [greeting, intro, ...(!p.tasks.length && !draft ? [empty] : []), ...(capped ? [capped] : []), ...(meeting ? [meeting] : [])],
    tasks: p.tasks.map((t) => noticeTask(t, evidenceChars)),
    instructions: { title: howTo, lines: commands },
    link: { url: p.projectUrl, label: 'Project page' },
    footer: { reason: 'You get this because you sent this brief to Coordinator.' },
  });
  return { subject, text, html };
}
