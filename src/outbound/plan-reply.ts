// The reply to a brief: the plan we understood, numbered, with owners and due dates, and how to fix it.
import { DateTime } from 'luxon';
import { escapeHtml } from './html.js';

export interface PlanTask {
  number: number;
  title: string;
  owner: { name: string; address: string | null } | null;
  dueDate: string | null; // YYYY-MM-DD
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

function meetingLine(m: NonNullable<PlanReplyInput['meeting']>): string {
  const o = m.outcome;
  if (o?.scheduled) {
    return `${m.title}: ${o.when}. I've sent invitations to ${o.invited.join(', ')}. ` +
      'To change it, reply "move the kickoff to Thursday 2pm" or "cancel the kickoff".';
  }
  if (o && !o.scheduled) return `${m.title}: no time in the requested window suits everyone; I've sent you the closest options separately.`;
  return `Meeting requested: ${m.title}, ${m.durationMinutes} min` +
    (m.notBefore ? `, between ${dueLabel(m.notBefore)} and ${dueLabel(m.notAfter)}` : '') +
    (m.attendees.length ? `, with ${m.attendees.join(', ')}` : '') + '.';
}

export function composePlanReply(p: PlanReplyInput): ComposedEmail {
  const greeting = p.recipientName ? `Hi ${p.recipientName.split(' ')[0]},` : 'Hi,';
  const lines = p.tasks.map((t) => `${t.number}. ${t.title}\n   Owner: ${ownerLabel(t.owner)} · Due: ${dueLabel(t.dueDate)}`);
  const meeting = p.meeting ? meetingLine(p.meeting) : '';
  const empty = 'I could not find any tasks in your message. Reply with a list (one task per line, "Name: task by date") and I will add them.';
  const help = [
    'To correct the plan, reply to this email, one line per change:',
    '  give 2 to carol@example.com      (change an owner)',
    '  move 3 to Friday                 (change a due date)',
    '  done 1                           (mark a task done)',
  ].join('\n');
  const text = [
    greeting,
    '',
    `I've set up the project "${p.projectName}" with ${p.tasks.length} task${p.tasks.length === 1 ? '' : 's'}:`,
    '',
    ...(p.tasks.length ? lines : [empty]),
    ...(meeting ? ['', meeting] : []),
    '',
    help,
    '',
    `Project page: ${p.projectUrl}`,
    '',
    '— Coordinator',
  ].join('\n');

  const row = (t: PlanTask) =>
    `<tr><td style="padding:6px 8px;vertical-align:top;color:#555">${t.number}.</td>` +
    `<td style="padding:6px 8px"><strong>${escapeHtml(t.title)}</strong><br>` +
    `<span style="color:#555">Owner: ${escapeHtml(ownerLabel(t.owner))} · Due: ${escapeHtml(dueLabel(t.dueDate))}</span></td></tr>`;
  const html = [
    '<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#222;max-width:640px">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>I've set up the project <strong>${escapeHtml(p.projectName)}</strong> with ${p.tasks.length} task${p.tasks.length === 1 ? '' : 's'}:</p>`,
    p.tasks.length ? `<table style="border-collapse:collapse">${p.tasks.map(row).join('')}</table>` : `<p>${escapeHtml(empty)}</p>`,
    meeting ? `<p>${escapeHtml(meeting)}</p>` : '',
    `<p style="color:#555">${escapeHtml(help).replace(/\n/g, '<br>')}</p>`,
    `<p><a href="${escapeHtml(p.projectUrl)}">Project page</a></p>`,
    '<p>— Coordinator</p></body></html>',
  ].join('\n');
  return { subject: replySubject(p.originalSubject), text, html };
}
