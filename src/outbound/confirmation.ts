// Short answers to a reply: what changed (with how to undo it), a request to the lead to confirm a
// command someone else gave, a notice that a task was declined, and the status and help answers.
// Pure functions returning { subject, text, html }; the HTML uses the compiled MJML notice layout.
import { renderNotice } from './notice.js';
import type { ComposedEmail } from './plan-reply.js';
import { replySubject } from './plan-reply.js';

const greet = (name: string) => (name ? `Hi ${name.split(' ')[0]},` : 'Hi,');

/** A short reply's HTML on the compiled notice layout: one paragraph per line, escaped by the template. */
export function simpleHtml(paragraphs: string[], subject: string): string {
  const lines = paragraphs.flatMap((p) => p.split('\n')).map((l) => l.trim()).filter((l) => l && l !== '— Coordinator');
  return renderNotice({
    publicUrl: '',
    subject,
    title: subject.replace(/^(re|aw|sv|antw):\s*/i, ''),
    intro: lines,
    tasks: [],
    footer: { reason: 'Coordinator keeps track of your team\'s tasks. Reply to this email to change them.' },
  }).html;
}

function compose(subject: string, paragraphs: string[]): ComposedEmail {
  return { subject, text: paragraphs.join('\n\n'), html: simpleHtml(paragraphs, subject) };
}

export interface ConfirmationInput {
  recipientName: string;
  originalSubject: string;
  changed: string[]; // one line per task changed, e.g. "“Order scanners”: open → done"
  unchanged: string[]; // what could not be applied, and why
  undoable: boolean;
  intro?: string;
}

export function composeConfirmation(c: ConfirmationInput): ComposedEmail {
  const parts = [greet(c.recipientName)];
  if (c.intro) parts.push(c.intro);
  if (c.changed.length) parts.push(['Done. I changed:', ...c.changed.map((l) => `  • ${l}`)].join('\n'));
  if (c.unchanged.length) parts.push([c.changed.length ? 'I did not change:' : 'Nothing changed:', ...c.unchanged.map((l) => `  • ${l}`)].join('\n'));
  if (c.changed.length && c.undoable) parts.push('If that is not what you meant, reply `undo`.');
  parts.push('— Coordinator');
  return compose(replySubject(c.originalSubject), parts);
}

export function composeApprovalRequest(a: { leadName: string; requester: string; projectName: string; asked: string[]; why: string; originalSubject: string }): ComposedEmail {
  return compose(`Please confirm: ${a.projectName}`.slice(0, 200), [
    greet(a.leadName),
    `${a.requester} replied about "${a.projectName}" asking me to:`,
    a.asked.map((l) => `  • ${l}`).join('\n'),
    `${a.why} Nothing has changed yet.`,
    'Reply `yes` to apply it, or `no` to drop it.',
    '— Coordinator',
  ]);
}

export function composeDeclineNotice(d: { leadName: string; decliner: string; taskTitle: string; projectName: string; reason: string | null }): ComposedEmail {
  return compose(`Declined: ${d.taskTitle}`.slice(0, 200), [
    greet(d.leadName),
    `${d.decliner} declined "${d.taskTitle}" (${d.projectName})${d.reason ? `: ${d.reason}` : '.'}`,
    'It is back with you and has no owner now. Reply `give to name@example.com` to hand it to someone, or `done` if it is no longer needed.',
    '— Coordinator',
  ]);
}

export interface StatusLine {
  title: string;
  projectName: string;
  status: string;
  due: string | null; // already formatted
}

export function composeStatus(s: { recipientName: string; originalSubject: string; tasks: StatusLine[] }): ComposedEmail {
  const lines = s.tasks.map((t, i) => `${i + 1}. ${t.title} (${t.projectName}) — ${t.status}${t.due ? `, due ${t.due}` : ''}`);
  return compose(replySubject(s.originalSubject || 'Your open tasks'), [
    greet(s.recipientName),
    s.tasks.length ? `You have ${s.tasks.length} open task${s.tasks.length === 1 ? '' : 's'}:\n${lines.join('\n')}` : 'You have no open tasks. Nice.',
    s.tasks.length ? 'Reply with the item numbers, e.g. `done 1`, `blocked 2 waiting on legal`, `move 3 to Friday`.' : '',
    '— Coordinator',
  ].filter(Boolean));
}

export const helpLines = [
  'done                        mark it finished (or `done 1 and 3`, `all done`)',
  'blocked 2 waiting on legal  say what is in the way',
  'move 3 to Friday            change the due date',
  'snooze 1 until Monday       no reminders until then',
  'progress 2: halfway, ETA Friday',
  'give 2 to carol@example.com hand it to someone else',
  'decline 2                   not yours: it goes back to the project lead',
  'status                      list your open tasks',
  'undo                        reverse the last change',
  'unsubscribe                 no more reminders',
];

export function composeHelp(h: { recipientName: string; originalSubject: string }): ComposedEmail {
  return compose(replySubject(h.originalSubject || 'How to reply'), [
    greet(h.recipientName),
    `Reply to any of my emails with one command per line:\n${helpLines.map((l) => `  ${l}`).join('\n')}`,
    'Numbers refer to the numbered items in the email you are replying to.',
    '— Coordinator',
  ]);
}
