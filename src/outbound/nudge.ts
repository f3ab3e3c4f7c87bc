// The daily nudge: everything due or overdue for one person, numbered, with the replies that act on it.
import { DateTime } from 'luxon';
import { renderNotice } from './notice.js';
import type { ComposedEmail } from './plan-reply.js';

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
  publicUrl?: string; // base for links (none are shown when absent)
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
  const example = (cmd: string, k: number) => (single ? cmd.replace(' #', '') : cmd.replace('#', String(Math.min(k, n.items.length))));
  const commands: [string, string][] = [
    [example('done #', 1), "it's finished"],
    [example('blocked # waiting on legal', 2), 'something is in the way'],
    [example('move # to Friday', 3), 'new due date'],
    [example('snooze # until Monday', 1), 'remind me later'],
    [example('give # to name@example.com', 2), 'hand it on'],
    [example('decline #', 3), 'not mine'],
  ];
  const width = Math.max(...commands.map(([c]) => c.length)) + 3;
  const howTo = ['Reply to this email, one line per item:', ...commands.map(([c, m]) => `  ${c.padEnd(width)}${m}`)].join('\n');
  const intro = single ? 'A reminder about this task:' : `You have ${n.items.length} open items:`;
  const copied = n.leadNames.length ? `I've copied ${n.leadNames.join(' and ')} because ${single ? 'it is' : 'an item is'} several working days overdue.` : null;
  const parts = [
    greeting,
    intro,
    list,
    ...(copied ? [copied] : []),
    howTo,
    ...(n.unsubscribeHint ? ['Reply `unsubscribe` to stop these reminders.'] : []),
    '— Coordinator',
  ];
  const { html } = renderNotice({
    publicUrl: n.publicUrl ?? '',
    subject,
    kicker: overdue ? 'Overdue' : 'Reminder',
    title: single ? first.title : `${n.items.length} open items`,
    intro: [greeting, intro],
    tasks: n.items.map((i) => ({ number: single ? null : i.number, title: i.title, facts: [i.projectName, when(i)], late: i.overdueWorkingDays > 0 })),
    instructions: { title: 'Reply to this email, one line per item:', lines: commands.map(([command, meaning]) => ({ command, meaning })) },
    footer: {
      reason: [copied, 'You get this because you own these tasks in Coordinator.', n.unsubscribeHint ? 'Reply `unsubscribe` to stop these reminders.' : null].filter(Boolean).join(' '),
    },
  });
  return { subject, text: parts.join('\n\n'), html };
}
