// The daily nudge: everything due or overdue for one person, numbered, with the replies that act on it.
import { DateTime } from 'luxon';
import type { ComposedEmail } from './plan-reply.js';
import { simpleHtml } from './confirmation.js';

export interface NudgeItem {
  number: number; // as numbered in this email
  title: string;
  projectName: string;
  dueDate: string; // YYYY-MM-DD
  overdueWorkingDays: number; // 0 = due today
  escalated: boolean;
}

export interface NudgeInput {
  recipientName: string;
  items: NudgeItem[];
  leadNames: string[]; // leads copied because an item is overdue long enough
  unsubscribeHint: boolean;
}

const day = (d: string) => DateTime.fromISO(d).toFormat('ccc d LLL');

function when(i: NudgeItem): string {
  if (i.overdueWorkingDays === 0) return `due today (${day(i.dueDate)})`;
  return `overdue since ${day(i.dueDate)} (${i.overdueWorkingDays} working day${i.overdueWorkingDays === 1 ? '' : 's'})`;
}

export function composeNudge(n: NudgeInput): ComposedEmail {
  const single = n.items.length === 1;
  const first = n.items[0]!;
  const overdue = n.items.filter((i) => i.overdueWorkingDays > 0).length;
  const subject = single
    ? `${first.overdueWorkingDays ? 'Overdue' : 'Due today'}: ${first.title}`
    : `Reminder: ${n.items.length} open items${overdue ? ` (${overdue} overdue)` : ''}`;
  const greeting = n.recipientName ? `Hi ${n.recipientName.split(' ')[0]},` : 'Hi,';
  const list = n.items.map((i) => `${i.number}. ${i.title} — ${i.projectName}\n   ${when(i)}`).join('\n');
  const example = (cmd: string, k: number) => (single ? cmd : `${cmd.replace('#', String(Math.min(k, n.items.length)))}`);
  const howTo = [
    'Reply to this email, one line per item:',
    `  ${single ? 'done' : example('done #', 1)}                    it's finished`,
    `  ${single ? 'blocked waiting on legal' : example('blocked # waiting on legal', 2)}   something is in the way`,
    `  ${single ? 'move to Friday' : example('move # to Friday', 3)}          new due date`,
    `  ${single ? 'snooze until Monday' : example('snooze # until Monday', 1)}     remind me later`,
    `  ${single ? 'give to name@example.com' : example('give # to name@example.com', 2)}   hand it on`,
    `  ${single ? 'decline' : example('decline #', 3)}                 not mine`,
  ].join('\n');
  const parts = [
    greeting,
    single ? 'A reminder about this task:' : `You have ${n.items.length} open items:`,
    list,
    ...(n.leadNames.length ? [`I've copied ${n.leadNames.join(' and ')} because ${single ? 'it is' : 'an item is'} several working days overdue.`] : []),
    howTo,
    ...(n.unsubscribeHint ? ['Reply `unsubscribe` to stop these reminders.'] : []),
    '— Coordinator',
  ];
  return { subject, text: parts.join('\n\n'), html: simpleHtml(parts) };
}
