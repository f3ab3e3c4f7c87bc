// Replies that are about a meeting ("move the kickoff to Thursday 2pm", "cancel the kickoff", "remove
// Omar from the kickoff"). handleReply asks this first; null means "not about a meeting". Only the
// requester (the ATTENDEE;ROLE=CHAIR) or the project lead may change a meeting, speaking through their own
// reply token (authorize.ts), and only from the new text of their message, never from quoted text; anyone else we know is told so in one reply. Changes follow RFC 5546: a move is a REQUEST
// with the same UID and SEQUENCE+1 to everyone (their answers reset), a cancel is METHOD:CANCEL with
// STATUS:CANCELLED and SEQUENCE+1 to everyone, a removal is a CANCEL to that person and a REQUEST without
// them to the rest, both at SEQUENCE+1.
import * as chrono from 'chrono-node';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { canonicalAddress } from '../domain/address.js';
import { conflictsAt } from '../domain/slots.js';
import { escapeHtml } from '../outbound/html.js';
import { whenIn } from '../outbound/invite.js';
import { referencesFor } from '../outbound/mime.js';
import { replySubject } from '../outbound/plan-reply.js';
import { getMeeting, meetingAttendees, projectMeetings, resetAnswers, setAttendee, addMeetingEvent, type AttendeeWithPerson } from '../store/meetings.js';
import { getPeople } from '../store/people.js';
import type { Database, Person } from '../store/schema.js';
import type { Meeting } from '../store/schema-meetings.js';
import type { CoordinateDeps } from './context.js';
import { authorizeFor } from './authorize.js';
import { holdForConfirmation } from './hold-command.js';
import { busyTimes } from './free-busy.js';
import type { HandlerInput, HandlerResult, InboundHandler } from './inbound-handlers.js';
import { sendItip, zoneOf } from './meeting-mail.js';
import { queueEmail } from './queue-email.js';
import { slotAttendees } from './schedule-meeting.js';

export type MeetingCommand = { action: 'move'; sentence: string } | { action: 'cancel' } | { action: 'remove'; who: string };

const NOUNS = ['kick-?off', 'meeting', 'call', 'sync', 'invite', 'invitation', 'review', 'workshop', 'check-in', 'session', 'standup', 'catch-?up'];

/** The command in a reply's new text, if it names a meeting (or "it", in a thread about one). */
export function parseMeetingCommand(newText: string, o: { title?: string; itRefersToMeeting?: boolean } = {}): MeetingCommand | null {
  const titleWord = o.title?.trim().split(/\s+/).pop()?.toLowerCase().replace(/[^\p{L}\p{N}-]/gu, '');
  const nouns = [...NOUNS, ...(titleWord && titleWord.length > 2 ? [titleWord.replace(/[-]/g, '-?')] : [])];
  const noun = `(?:${nouns.join('|')})`;
  const target = o.itRefersToMeeting ? `(?:(?:the|our|my|this|that)\\s+(?:[\\w-]+\\s+){0,3}${noun}|it)` : `(?:the|our|my|this|that)\\s+(?:[\\w-]+\\s+){0,3}${noun}`;
  // Only the first lines the person wrote: a signature or a long message below is not a command.
  const text = newText.split(/\n\s*\n/).slice(0, 3).join('\n').slice(0, 600);
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    const s = sentence.trim();
    if (!s) continue;
    if (new RegExp(`\\b(?:cancel|call off|scrap|scratch)\\s+${target}\\b`, 'i').test(s) || new RegExp(`\\b${target}\\s+is\\s+(?:cancelled|canceled|off)\\b`, 'i').test(s)) {
      if (/\b(?:don'?t|do not|no need to|not)\s+(?:cancel|call off)/i.test(s)) continue;
      return { action: 'cancel' };
    }
    const rm = new RegExp(`\\b(?:remove|drop|uninvite|take)\\s+(.{1,60}?)\\s+(?:from|off|out of)\\s+${target}\\b`, 'i').exec(s);
    if (rm) return { action: 'remove', who: rm[1]!.trim() };
    if (new RegExp(`\\b(?:move|reschedule|push|shift|change|bring|postpone|put)\\b[^.?!]{0,40}?\\b${target}\\b`, 'i').test(s) || new RegExp(`\\b${target}\\b[^.?!]{0,30}\\b(?:to|at|on)\\b`, 'i').test(s)) {
      if (new RegExp(`\\b(?:move|reschedule|push|shift|change|bring|postpone|put)\\b`, 'i').test(s)) return { action: 'move', sentence: s };
    }
  }
  return null;
}

/**
 * The new start for "move it to Thursday 2pm", read in `zone` against `now`: a day alone keeps the
 * meeting's local time, a time alone keeps its local date.
 */
export function resolveNewStart(sentence: string, now: Date, zone: string, current: Date | null, anchor: Date | null = current): Date | null {
  const parse = (ref: Date) => {
    const results = chrono.parse(sentence, { instant: ref, timezone: DateTime.fromJSDate(ref, { zone }).offset }, { forwardDate: true });
    return results[results.length - 1];
  };
  let r = parse(now);
  if (!r) return null;
  // "Move it to Thursday" said the week before a meeting means the Thursday of the meeting's week.
  // (For a meeting not yet placed, the week its requested window starts in.)
  if (anchor && r.start.isCertain('weekday') && !r.start.isCertain('day') && !/\b(?:next|this|coming)\b/i.test(r.text)) {
    const weekStart = DateTime.fromJSDate(anchor, { zone }).startOf('week').toJSDate();
    if (weekStart > now) r = parse(weekStart) ?? r;
  }
  const c = r.start;
  const cur = current ? DateTime.fromJSDate(current, { zone }) : null;
  const dayGiven = c.isCertain('day') || c.isCertain('weekday') || c.isCertain('month');
  const timeGiven = c.isCertain('hour');
  if (!dayGiven && !timeGiven) return null;
  const base = !dayGiven && cur ? cur : DateTime.fromObject({ year: c.get('year')!, month: c.get('month')!, day: c.get('day')! }, { zone });
  const hour = timeGiven ? c.get('hour')! : (cur?.hour ?? 9);
  const minute = timeGiven ? (c.get('minute') ?? 0) : (cur?.minute ?? 0);
  const dt = DateTime.fromObject({ year: base.year, month: base.month, day: base.day, hour, minute }, { zone });
  return dt.isValid ? dt.toJSDate() : null;
}

async function meetingForReply(db: Kysely<Database>, input: HandlerInput): Promise<{ meeting: Meeting; fromThread: boolean } | null> {
  const t = input.thread;
  if (!t?.projectId) return null;
  if (t.outboxId) {
    const row = await db.selectFrom('outbox').select('context').where('id', '=', t.outboxId).executeTakeFirst();
    const id = (row?.context as { meetingId?: unknown } | undefined)?.meetingId;
    if (typeof id === 'number') {
      const m = await getMeeting(db, id);
      if (m && m.status !== 'cancelled') return { meeting: m, fromThread: true };
    }
  }
  const m = (await projectMeetings(db, t.projectId)).find((x) => x.status !== 'cancelled');
  return m ? { meeting: m, fromThread: false } : null;
}

function matchAttendee(who: string, attendees: AttendeeWithPerson[]): AttendeeWithPerson | null {
  const w = who.replace(/^(?:@|the\s+)/i, '').trim().toLowerCase();
  const address = canonicalAddress(w);
  const hits = attendees.filter((a) => {
    if (address) return a.person.email === address;
    const name = a.person.display_name.toLowerCase();
    const local = a.person.email.split('@')[0]!;
    return name === w || name.split(/\s+/)[0] === w || local === w || local.split(/[._-]/)[0] === w;
  });
  return hits.length === 1 ? hits[0]! : null;
}

export const handleMeetingCommand = async (...[deps, input]: Parameters<InboundHandler>): Promise<HandlerResult | null> => {
  const found = await meetingForReply(deps.db, input);
  if (!found) return null;
  const { meeting } = found;
  const cmd = parseMeetingCommand(input.email.newText, { title: meeting.title, itRefersToMeeting: found.fromThread });
  if (!cmd) return null;
  const projectId = meeting.project_id;
  const project = await deps.db.selectFrom('projects').select(['lead_id']).where('id', '=', projectId).executeTakeFirst();
  const verdict = await authorizeFor({ deps, input, email: input.email, now: deps.clock.now() }, { kind: 'meeting', organizerId: meeting.requester_id, leadId: project?.lead_id ?? null });
  if (verdict.outcome !== 'allowed') {
    deps.log.warn({ inbound: input.inboundId, meeting: meeting.id, from: input.email.from?.address, why: verdict.why }, 'meeting change not authorised');
    // Someone proven by their own reply token (an attendee, a project member) hears once, in their thread,
    // that the change is not theirs to make; anyone else gets nothing (no backscatter to a forged From).
    const sender = verdict.outcome === 'refused' && verdict.why === 'not_authorised' ? verdict.actor : undefined;
    if (verdict.outcome === 'held') {
      // The organizer, through an old token or unauthenticated: they confirm it with a fresh one.
      const asked = await holdForConfirmation({ deps, input, email: input.email, now: deps.clock.now(), sender: verdict.actor }, { reason: verdict.why, confirmBy: verdict.confirmBy, commands: [{ meetingId: meeting.id, command: cmd }], lines: [meetingLine(cmd, meeting)], projectId });
      return { projectId, note: `meeting ${cmd.action} held (${verdict.why})${asked ? ': confirmation asked' : ''}` };
    }
    if (sender) {
      const [organizer] = await getPeople(deps.db, [meeting.requester_id]);
      const verb = cmd.action === 'remove' ? 'change who is invited to' : cmd.action;
      await confirmToSender(deps, input, sender, [`Only ${organizer?.display_name || organizer?.email || 'the organizer'}, who organized "${meeting.title}", or the project lead can ${verb} it, so I have left it as it is.`], 'meeting_refused');
    }
    return { projectId, note: `meeting ${cmd.action} not applied: ${verdict.why === 'not_authorised' ? `only the organizer can change "${meeting.title}"` : verdict.why}` };
  }
  return applyMeetingCommand(deps, input, meeting, cmd, verdict.actor);
};

const meetingLine = (cmd: MeetingCommand, m: Meeting) => (cmd.action === 'cancel' ? `cancel “${m.title}”` : cmd.action === 'remove' ? `remove ${cmd.who} from “${m.title}”` : `move “${m.title}”: "${cmd.sentence}"`);

/** Carries out a meeting command the rule allowed (now, or when its sender confirmed it with `yes`). */
export async function applyMeetingCommand(deps: Parameters<InboundHandler>[0], input: HandlerInput, meeting: Meeting, cmd: MeetingCommand, sender: Person): Promise<HandlerResult> {
  const projectId = meeting.project_id;
  const now = deps.clock.now();
  const attendees = await meetingAttendees(deps.db, meeting.id);
  const requester = attendees.find((a) => a.person_id === meeting.requester_id)?.person ?? sender;
  const zone = zoneOf(sender, meeting);
  const confirm = (lines: string[]) => confirmToSender(deps, input, sender, lines);

  if (cmd.action === 'cancel') {
    if (meeting.status !== 'scheduled') {
      const m = await updateStatus(deps.db, meeting, { status: 'cancelled' }, now);
      await addMeetingEvent(deps.db, { meetingId: m.id, kind: 'cancelled', inboundId: input.inboundId }, now);
      await confirm([`"${meeting.title}" was never sent out; I have dropped it.`]);
      return { projectId, note: 'unscheduled meeting dropped' };
    }
    const m = await updateStatus(deps.db, meeting, { status: 'cancelled', sequence: meeting.sequence + 1 }, now);
    const n = await sendItip(deps, deps.db, { meeting: m, method: 'CANCEL', kind: 'cancel', recipients: attendees, listed: attendees, requester, inboundId: input.inboundId });
    await confirm([`"${meeting.title}" (${whenIn(new Date(meeting.start_at!), new Date(meeting.end_at!), zone)}) is cancelled. I sent the cancellation to ${n} ${n === 1 ? 'person' : 'people'}.`]);
    return { projectId, note: `meeting cancelled (SEQUENCE ${m.sequence})` };
  }

  if (cmd.action === 'remove') {
    const target = matchAttendee(cmd.who, attendees.filter((a) => a.role !== 'CHAIR'));
    if (!target) {
      await confirm([`I could not tell who "${cmd.who}" is among the people invited to "${meeting.title}". Reply with their email address.`]);
      return { projectId, note: 'meeting attendee removal: no unique match' };
    }
    await setAttendee(deps.db, meeting.id, target.person_id, { removed_at: now });
    await addMeetingEvent(deps.db, { meetingId: meeting.id, kind: 'removed', personId: target.person_id, inboundId: input.inboundId }, now);
    const who = target.person.display_name || target.person.email;
    if (meeting.status === 'scheduled') {
      // RFC 5546 §3.2.5 and §2.1.4: the removed attendee gets a CANCEL naming only them; everyone else
      // gets the event again without them, as a REQUEST at the same new SEQUENCE (their answers stand:
      // the time has not changed).
      const m = await updateStatus(deps.db, meeting, { sequence: meeting.sequence + 1 }, now);
      await sendItip(deps, deps.db, { meeting: m, method: 'CANCEL', kind: 'cancel', recipients: [target], listed: [target], requester, inboundId: input.inboundId });
      const remaining = await meetingAttendees(deps.db, m.id);
      await sendItip(deps, deps.db, { meeting: m, method: 'REQUEST', kind: 'update', recipients: remaining, listed: remaining, requester, change: `${who} is no longer invited.`, inboundId: input.inboundId });
    }
    await confirm([`${who} is no longer invited to "${meeting.title}"${meeting.status === 'scheduled' ? '; I sent them a cancellation and everyone else the updated invitation' : ''}.`]);
    return { projectId, note: `meeting attendee removed: ${target.person.email}` };
  }

  const current = meeting.start_at ? new Date(meeting.start_at) : null;
  const start = resolveNewStart(cmd.sentence, now, zone, current, current ?? new Date(meeting.window_start));
  if (!start || start <= now) {
    await confirm([`I could not tell when to move "${meeting.title}" to. Reply with a day and time, for example "move the kickoff to Thursday 2pm".`]);
    return { projectId, note: 'meeting move: no time understood' };
  }
  const end = new Date(start.getTime() + meeting.duration_minutes * 60_000);
  const wasScheduled = meeting.status === 'scheduled';
  const previous = wasScheduled ? { start: new Date(meeting.start_at!), end: new Date(meeting.end_at!) } : null;
  const m = await updateStatus(deps.db, meeting, { status: 'scheduled', start_at: start, end_at: end, sequence: wasScheduled ? meeting.sequence + 1 : meeting.sequence }, now);
  await resetAnswers(deps.db, m.id);
  const fresh = await meetingAttendees(deps.db, m.id);
  const n = await sendItip(deps, deps.db, { meeting: m, method: 'REQUEST', kind: wasScheduled ? 'update' : 'invite', recipients: fresh, listed: fresh, requester, previous, inboundId: input.inboundId });
  // The organizer chose the time; say who cannot make it rather than refuse.
  const { busy } = await busyTimes(deps.db, fresh.map((a) => a.person), { start, end }, { excludeMeetingId: m.id });
  const conflicts = conflictsAt(slotAttendees(fresh, busy, m.time_zone), { start, end });
  await confirm([
    `"${m.title}" is now ${whenIn(start, end, zone)}. I sent ${wasScheduled ? 'the update' : 'the invitation'} to ${n} ${n === 1 ? 'person' : 'people'}.`,
    ...(conflicts.length ? [`Heads-up: ${conflicts.map((c) => `${c.name} ${c.reason === 'busy' ? 'is busy then' : 'is outside their working hours then'}`).join('; ')}.`] : []),
  ]);
  return { projectId, note: `meeting moved (SEQUENCE ${m.sequence})` };
}

function updateStatus(db: Kysely<Database>, m: Meeting, set: Partial<Pick<Meeting, 'status' | 'sequence' | 'start_at' | 'end_at'>>, now: Date): Promise<Meeting> {
  return db.updateTable('meetings').set({ ...set, updated_at: now }).where('id', '=', m.id).returningAll().executeTakeFirstOrThrow();
}

async function confirmToSender(deps: CoordinateDeps, input: HandlerInput, sender: Person, body: string[], kind = 'meeting_confirmation'): Promise<void> {
  const greeting = sender.display_name ? `Hi ${sender.display_name.split(' ')[0]},` : 'Hi,';
  const lines = [greeting, '', ...body, '', '— Coordinator'];
  await queueEmail(deps, deps.db, {
    kind,
    idempotencyKey: `meeting_cmd:${input.inboundId}`,
    to: [{ name: sender.display_name, address: sender.email }],
    subject: replySubject(input.email.subject || 'your meeting'),
    text: lines.join('\n'),
    html: `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#222;max-width:640px">${lines
      .map((l) => (l ? `<p>${escapeHtml(l)}</p>` : ''))
      .join('')}</body></html>`,
    inReplyTo: input.email.messageId,
    references: referencesFor(input.email.references, input.email.messageId),
    autoSubmitted: 'auto-replied',
    projectId: input.thread?.projectId ?? null,
    personId: sender.id,
    inboundId: input.inboundId,
  });
}
