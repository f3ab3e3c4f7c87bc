// Flow, through the real SMTP listener, HTTP API and job queue, on PGlite and Postgres: a brief asking
// for a kickoff → per-attendee iMIP invites (each linted: ical.js parse, method= = METHOD, VTIMEZONE,
// UTC DTSTAMP, increasing SEQUENCE) → an Outlook REPLY declines → the organizer is told once, with the
// next best slot → "move the kickoff to Thursday 2pm" → SEQUENCE+1 REQUEST to everyone → RSVPs, removal
// of one attendee (CANCEL to them, REQUEST without them to the rest) and cancellation (CANCEL to all). Also: no slot → near-misses.
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFreeBusyFetcher, setFreeBusyFeed, syncFreeBusyFeeds } from '../../src/coordinate/free-busy.js';
import { createApp } from '../../src/http/app.js';
import { setFreeBusyUrl } from '../../src/store/meetings.js';
import { upsertPerson } from '../../src/store/people.js';
import { testDatabases } from '../support/databases.js';
import { mail as ourMail } from '../support/fixtures.js';
import { lintInviteEmail, SequenceLedger, type LintedEmail } from '../support/ics-lint.js';
import { startTestService, type TestService } from '../support/service.js';
import { ics, startFeedServer } from './feed-server.js';
import { googleReply, outlookReply } from './samples.js';

type OutboxMessage = { id: number; kind: string; to: string[]; subject: string; messageId: string; inReplyTo: string | null; headers: Record<string, string>; text: string; status: string };
type Attendee = { email: string; role: string; partstat: string; comment: string | null; removed: boolean; sent_sequence: number | null };
type MeetingJson = { id: number; uid: string; title: string; status: string; sequence: number; start_at: string | null; end_at: string | null; time_zone: string; attendees: Attendee[] };
type ProjectBody = { project: { id: number; name: string; meetings: MeetingJson[] } };

// Free/busy feeds, served over real HTTP. The next request for a URL in `hangNext` is left unanswered
// until the test answers it.
const feeds = new Map<string, string>();
const hangNext = new Set<string>();
const hanging: http.ServerResponse[] = [];
let hangArrived: () => void = () => {};
const feedServer = startFeedServer((req, res) => {
  if (hangNext.delete(req.url ?? '')) {
    hanging.push(res);
    return hangArrived();
  }
  const body = feeds.get(req.url ?? '');
  if (!body) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'text/calendar', connection: 'close' }).end(body);
});

describe.each(testDatabases)('meetings flow on $name', (database) => {
  let svc: TestService;
  const ledger = new SequenceLedger();
  const linted = new Map<number, LintedEmail>();

  beforeAll(async () => {
    // The real HTTP fetcher, with a time limit long enough that a hanging feed outlasts the processing.
    svc = await startTestService(database, {}, '2025-02-11T17:00:00Z', { fetchFreeBusy: httpFreeBusyFetcher({ timeoutMs: 120_000, allowPrivate: true }) });
  });
  afterAll(async () => svc?.close());

  const outbox = async () => (await svc.api<{ messages: OutboxMessage[] }>('/api/outbox')).body.messages;
  const project = async (id: number) => (await svc.api<ProjectBody>(`/api/projects/${id}`)).body.project;
  const raw = async (id: number) => Buffer.from(await (await fetch(`${svc.base}/api/outbox/${id}/raw`)).arrayBuffer());
  /** Every new meeting email, linted once; SEQUENCE checked per UID and recipient in send order. */
  const newMail = async (before: number) => {
    const all = (await outbox()).sort((a, b) => a.id - b.id).filter((m) => m.id > before);
    for (const m of all) {
      if (!/^meeting_(invite|update|cancel)$/.test(m.kind) || linted.has(m.id)) continue;
      const l = await lintInviteEmail(await raw(m.id));
      expect(l.errors, `${m.kind} #${m.id} to ${m.to}`).toEqual([]);
      expect(ledger.record(l.itip!.uid, m.to[0]!, l.itip!.sequence)).toBeNull();
      linted.set(m.id, l);
    }
    return all;
  };
  const lastId = async () => Math.max(0, ...(await outbox()).map((m) => m.id));
  const replyTo = async (id: number) => /^Reply-To: (.*)$/im.exec((await raw(id)).toString('latin1'))![1]!.replace(/.*<|>.*/g, '').trim();
  const send = async (bytes: Buffer | string, from: string, to = 'coordinator@contoso.com') => {
    expect(await svc.sendRaw(bytes, { from, to: [to] })).toMatch(/^250 /);
    await svc.settle();
  };
  const humanReply = async (o: { from: string; name: string; to: string; inReplyTo: string; subject: string; text: string; id: string }) =>
    send(
      [
        `From: ${o.name} <${o.from}>`,
        `To: Coordinator <${o.to}>`,
        `Subject: Re: ${o.subject}`,
        'Date: Tue, 25 Feb 2025 16:05:00 +0530',
        `Message-ID: <${o.id}@mail.gmail.com>`,
        `In-Reply-To: <${o.inReplyTo}>`,
        `References: <${o.inReplyTo}>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=UTF-8',
        '',
        o.text,
        '',
        'Priya',
        '',
        'On Tue, 25 Feb 2025 at 15:45, Coordinator <coordinator@contoso.com> wrote:',
        '> Reply "cancel the meeting" to call it off.',
        '',
      ].join('\r\n'),
      o.from,
      o.to,
    );
  const patchPerson = (email: string, body: unknown) =>
    svc.api<{ person: Record<string, unknown>; error?: { message: string } }>(`/api/people/${encodeURIComponent(email)}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const inboundLatest = async () => (await svc.api<{ messages: { status: string; classification: string; error: string | null }[] }>('/api/inbound')).body.messages[0]!;

  it('tells the organizer when no slot fits, with the two best near-misses, and schedules at the time they then name', async () => {
    // Olivia (-05:00) asks for 45 minutes on 17–21 Feb; her own feed is busy all that week.
    const olivia = await upsertPerson(svc.deps.db, { email: 'olivia.grant@contoso.com' }, svc.clock.now());
    feeds.set('/olivia.ics', ics('BEGIN:VEVENT', 'UID:busy@feed', 'DTSTAMP:20250101T000000Z', 'DTSTART:20250217T000000Z', 'DTEND:20250218T000000Z', 'RRULE:FREQ=DAILY;COUNT=5', 'SUMMARY:Offsite', 'END:VEVENT'));
    expect(await setFreeBusyFeed(svc.deps, olivia.id, feedServer.url('/olivia.ics'))).toEqual({ due: 1, read: 1, failed: 0 }); // read when set
    const before = await lastId();
    await send(ourMail('brief-kickoff-direct'), 'olivia.grant@contoso.com');

    const mail = await newMail(before);
    expect(mail.map((m) => m.kind).sort()).toEqual(['meeting_no_slot', 'plan_reply']);
    const notice = mail.find((m) => m.kind === 'meeting_no_slot')!;
    expect(notice.to).toEqual(['olivia.grant@contoso.com']);
    expect(notice.headers['Auto-Submitted']).toBe('auto-replied');
    expect(notice.text).toMatch(/could not find 45 minutes between Mon 17 Feb and Fri 21 Feb/);
    expect(notice.text).toContain('1. Mon 17 Feb 2025, 09:00–09:45 (Etc/GMT+5, GMT-5): Olivia Grant is busy');
    expect(notice.text).toContain('2. Mon 17 Feb 2025, 11:00–11:45 (Etc/GMT+5, GMT-5): Olivia Grant is busy'); // two hours on: a real alternative
    const projectId = (await svc.api<{ projects: { id: number }[] }>('/api/projects')).body.projects[0]!.id;
    const [m] = (await project(projectId)).meetings;
    expect(m).toMatchObject({ status: 'unscheduled', start_at: null, sequence: 0 });

    // She names a time: the first REQUEST (SEQUENCE 0) goes to all four, and she hears she is busy then.
    const b2 = await lastId();
    await humanReply({ from: 'olivia.grant@contoso.com', name: 'Olivia Grant', to: await replyTo(notice.id), inReplyTo: notice.messageId, subject: notice.subject, text: 'OK, put the kickoff on Wednesday at 10am then.', id: 'olivia-1' });
    const sent = await newMail(b2);
    const invites = sent.filter((x) => x.kind === 'meeting_invite');
    expect(invites.map((x) => x.to[0]).sort()).toEqual(['marco.rossi@contoso.com', 'nina.berg@contoso.com', 'olivia.grant@contoso.com', 'sam.patel@contoso.com']);
    for (const x of invites) expect(linted.get(x.id)!.itip).toMatchObject({ method: 'REQUEST', sequence: 0, uid: m!.uid, start: new Date('2025-02-19T15:00:00Z') });
    const confirmation = sent.find((x) => x.kind === 'meeting_confirmation')!;
    expect(confirmation.text).toMatch(/Heads-up: Olivia Grant is busy then/);
  });

  let projectId: number;
  let meeting: MeetingJson;
  let invites: OutboxMessage[];

  it('sends a kickoff brief’s invites: one per attendee, the earliest common slot, each in their own time zone — while a feed hangs', async () => {
    await svc.runClock(new Date('2025-02-24T08:00:00Z'));
    // Jordan works in London; Raj's feed blocks Monday 14:30–15:30 IST every week (a TZID with no VTIMEZONE).
    // Both set through the API; the feed is read as soon as it is set.
    await upsertPerson(svc.deps.db, { email: 'jordan.ellis@adatum.com', name: 'Jordan Ellis' }, svc.clock.now());
    expect((await patchPerson('jordan.ellis@adatum.com', { time_zone: 'Europe/London' })).body).toMatchObject({ person: { time_zone: 'Europe/London', time_zone_source: 'set' } });
    await upsertPerson(svc.deps.db, { email: 'raj.mehta@contoso.com', name: 'Raj Mehta' }, svc.clock.now());
    feeds.set('/raj.ics', ics('BEGIN:VEVENT', 'UID:1on1@feed', 'DTSTAMP:20250101T000000Z', 'DTSTART;TZID=Asia/Kolkata:20250106T143000', 'DTEND;TZID=Asia/Kolkata:20250106T153000', 'RRULE:FREQ=WEEKLY;BYDAY=MO', 'END:VEVENT'));
    const rajSet = await patchPerson('raj.mehta@contoso.com', { freebusy_url: feedServer.url('/raj.ics') });
    expect(rajSet.body).toMatchObject({ person: { freebusy: { url: feedServer.url('/raj.ics'), fetched_at: '2025-02-24T08:00:00.000Z', last_error: null, busy_intervals: 5 } } });
    // Emily's feed hangs. The sync reads it outside any transaction; the brief is processed meanwhile (on
    // PGlite's single connection too), with the busy times cached so far.
    const emily = await upsertPerson(svc.deps.db, { email: 'emily.zhang@adatum.com' }, svc.clock.now());
    const emilyFeed = ics('BEGIN:VEVENT', 'UID:later@feed', 'DTSTAMP:20250101T000000Z', 'DTSTART:20250320T100000Z', 'DTEND:20250320T110000Z', 'END:VEVENT');
    feeds.set('/emily.ics', emilyFeed);
    hangNext.add('/emily.ics');
    hanging.length = 0;
    await setFreeBusyUrl(svc.deps.db, emily.id, feedServer.url('/emily.ics'), svc.clock.now());
    const arrived = new Promise<void>((r) => (hangArrived = r));
    let synced = false;
    const sync = syncFreeBusyFeeds(svc.deps, svc.clock.now()).finally(() => (synced = true));
    await arrived;

    const before = await lastId();
    await send(ourMail('brief-kickoff-gmail-forward'), 'priya.natarajan@contoso.com');
    expect(await inboundLatest()).toMatchObject({ status: 'processed' });
    expect([synced, hanging.length, hanging[0]!.writableEnded]).toEqual([false, 1, false]); // still hanging
    hanging[0]!.writeHead(200, { 'content-type': 'text/calendar' }).end(emilyFeed);
    expect(await sync).toEqual({ due: 1, read: 1, failed: 0 });
    const cached = await svc.deps.db.selectFrom('busy_intervals').select(['start_at', 'end_at']).where('person_id', '=', emily.id).execute();
    expect(cached.map((b) => new Date(b.start_at).toISOString())).toEqual(['2025-03-20T10:00:00.000Z']);

    const mail = await newMail(before);
    // The invitations go first, so that the plan reply can say when the kickoff is and who was invited.
    const planReply = mail.find((m) => m.kind === 'plan_reply')!;
    expect(mail.indexOf(planReply)).toBe(mail.length - 1);
    expect(planReply.text).toMatch(/Mon 3 Mar 2025, 15:30–16:30 \(Asia\/Kolkata, GMT\+5:30\)\. I've sent invitations to /);
    invites = mail.filter((m) => m.kind === 'meeting_invite');
    expect(invites.map((m) => m.to[0]).sort()).toEqual(['emily.zhang@adatum.com', 'jordan.ellis@adatum.com', 'priya.natarajan@contoso.com', 'raj.mehta@contoso.com']);

    projectId = (await svc.api<{ projects: { id: number; name: string }[] }>('/api/projects')).body.projects.find((p) => /Adatum/.test(p.name))!.id;
    meeting = (await project(projectId)).meetings[0]!;
    // Kolkata 09:00–17:00 (03:30–11:30Z) ∩ London 09:00–17:00 (09:00–17:00Z), minus Raj's 09:00–10:00Z.
    expect(meeting).toMatchObject({ status: 'scheduled', sequence: 0, time_zone: 'Asia/Kolkata', start_at: '2025-03-03T10:00:00.000Z', end_at: '2025-03-03T11:00:00.000Z' });
    expect(meeting.attendees[0]).toMatchObject({ email: 'priya.natarajan@contoso.com', role: 'CHAIR', partstat: 'NEEDS-ACTION' });
    expect(meeting.attendees.slice(1).map((a) => [a.email, a.role, a.partstat]).sort()).toEqual([
      ['emily.zhang@adatum.com', 'REQ-PARTICIPANT', 'NEEDS-ACTION'],
      ['jordan.ellis@adatum.com', 'REQ-PARTICIPANT', 'NEEDS-ACTION'],
      ['raj.mehta@contoso.com', 'REQ-PARTICIPANT', 'NEEDS-ACTION'],
    ]);

    for (const m of invites) {
      const l = linted.get(m.id)!;
      expect(l.itip).toMatchObject({ method: 'REQUEST', uid: meeting.uid, sequence: 0, tzid: 'Asia/Kolkata', organizer: 'coordinator@contoso.com', summary: 'Adatum mobile app v2 kickoff' });
      expect(l.itip!.start.toISOString()).toBe('2025-03-03T10:00:00.000Z');
      expect(l.itip!.organizerCn).toBe('Coordinator (for Priya Natarajan)');
      expect(l.itip!.attendees).toHaveLength(4);
      expect(l.itip!.description).toMatch(/Goal: Adatum mobile app v2[\s\S]*estimate for offline mode \(Raj Mehta, due 2025-03-05\)/i);
      expect(m.headers['Auto-Submitted']).toBe('auto-generated');
    }
    const text = (to: string) => invites.find((m) => m.to[0] === to)!.text;
    expect(text('jordan.ellis@adatum.com')).toContain('Mon 3 Mar 2025, 10:00–11:00 (Europe/London, GMT)');
    expect(text('priya.natarajan@contoso.com')).toContain('Mon 3 Mar 2025, 15:30–16:30 (Asia/Kolkata, GMT+5:30)');
  });

  let declineNotice: OutboxMessage;

  it('takes an Outlook decline as an RSVP, never answers it, and tells the organizer once with the next best slot', async () => {
    const before = await lastId();
    const jordanInvite = invites.find((m) => m.to[0] === 'jordan.ellis@adatum.com')!;
    const decline = (id: string) =>
      outlookReply({ from: 'jordan.ellis@adatum.com', name: 'Jordan Ellis', uid: meeting.uid, partstat: 'DECLINED', messageId: id, inReplyTo: jordanInvite.messageId });
    await send(decline('decline-1@outlook.com'), 'jordan.ellis@adatum.com');
    expect(await inboundLatest()).toMatchObject({ status: 'ignored', classification: 'calendar_reply' });
    const attendees = (await project(projectId)).meetings[0]!.attendees;
    expect(attendees.find((a) => a.email === 'jordan.ellis@adatum.com')!.partstat).toBe('DECLINED');

    const mail = await newMail(before);
    expect(mail.map((m) => [m.kind, m.to[0]])).toEqual([['meeting_decline', 'priya.natarajan@contoso.com']]);
    declineNotice = mail[0]!;
    expect(declineNotice.text).toContain('Jordan Ellis declined "Adatum mobile app v2 kickoff" (Mon 3 Mar 2025, 15:30–16:30 (Asia/Kolkata, GMT+5:30))');
    // Monday has no other hour for all four; Tuesday 09:00Z (14:30 IST) is the next.
    expect(declineNotice.text).toContain('The next time everyone (including Jordan Ellis) looks free: Tue 4 Mar 2025, 14:30–15:30 (Asia/Kolkata, GMT+5:30).');

    // The same decline again (a client resending it) is recorded but not reported twice.
    const b2 = await lastId();
    await send(decline('decline-2@outlook.com'), 'jordan.ellis@adatum.com');
    expect(await newMail(b2)).toEqual([]);
  });

  it('ignores REPLYs that are not for our UID, not from an attendee, or from someone posing as one (ICS-5)', async () => {
    const before = await lastId();
    await send(outlookReply({ from: 'raj.mehta@contoso.com', name: 'Raj Mehta', uid: 'someone-elses-event@example.com', partstat: 'ACCEPTED', messageId: 'r-unknown@outlook.com' }), 'raj.mehta@contoso.com');
    expect((await inboundLatest()).error).toMatch(/unknown event/);
    await send(outlookReply({ from: 'mallory@evil.example', name: 'Mallory', uid: meeting.uid, partstat: 'ACCEPTED', messageId: 'r-mallory@outlook.com' }), 'mallory@evil.example');
    expect((await inboundLatest()).error).toMatch(/not an attendee/);
    await send(outlookReply({ from: 'mallory@evil.example', name: 'Mallory', attendee: 'raj.mehta@contoso.com', uid: meeting.uid, partstat: 'DECLINED', messageId: 'r-posing@outlook.com' }), 'mallory@evil.example');
    expect((await inboundLatest()).error).toMatch(/sender is not the ATTENDEE/);
    const raj = (await project(projectId)).meetings[0]!.attendees.find((a) => a.email === 'raj.mehta@contoso.com')!;
    expect(raj.partstat).toBe('NEEDS-ACTION');
    expect(await newMail(before)).toEqual([]);
  });

  it('moves the meeting when the organizer replies "move the kickoff to Thursday 2pm": same UID, SEQUENCE+1, to everyone', async () => {
    await svc.runClock(new Date('2025-02-25T10:30:00Z'));
    const before = await lastId();
    await humanReply({ from: 'priya.natarajan@contoso.com', name: 'Priya Natarajan', to: await replyTo(declineNotice.id), inReplyTo: declineNotice.messageId, subject: declineNotice.subject, text: 'Can we move the kickoff to Thursday 2pm?', id: 'priya-move' });
    const mail = await newMail(before);
    const updates = mail.filter((m) => m.kind === 'meeting_update');
    expect(updates.map((m) => m.to[0]).sort()).toEqual(['emily.zhang@adatum.com', 'jordan.ellis@adatum.com', 'priya.natarajan@contoso.com', 'raj.mehta@contoso.com']);
    for (const m of updates) {
      const l = linted.get(m.id)!;
      expect(l.itip).toMatchObject({ method: 'REQUEST', uid: meeting.uid, sequence: 1 });
      // Thursday of the meeting's week, 14:00 in Priya's zone.
      expect(l.itip!.start.toISOString()).toBe('2025-03-06T08:30:00.000Z');
      expect(l.itip!.attendees.every((a) => a.partstat === 'NEEDS-ACTION' && a.rsvp === 'TRUE')).toBe(true);
    }
    expect(updates.find((m) => m.to[0] === 'jordan.ellis@adatum.com')!.text).toContain('has moved from Mon 3 Mar 2025, 10:00–11:00 (Europe/London, GMT) to Thu 6 Mar 2025, 08:30–09:30 (Europe/London, GMT)');
    const confirmation = mail.find((m) => m.kind === 'meeting_confirmation')!;
    expect(confirmation.to).toEqual(['priya.natarajan@contoso.com']);
    expect(confirmation.inReplyTo).toBe('priya-move@mail.gmail.com');
    expect(confirmation.text).toMatch(/is now Thu 6 Mar 2025, 14:00–15:00 \(Asia\/Kolkata/);
    expect(confirmation.text).toMatch(/Heads-up: Jordan Ellis is outside their working hours then/);
    const m = (await project(projectId)).meetings[0]!;
    expect(m).toMatchObject({ sequence: 1, start_at: '2025-03-06T08:30:00.000Z' });
    expect(m.attendees.every((a) => a.partstat === 'NEEDS-ACTION')).toBe(true);
  });

  it('applies RSVPs to the new revision from Google and Outlook, and ignores a stale answer to the old one', async () => {
    const before = await lastId();
    await send(googleReply({ from: 'raj.mehta@contoso.com', name: 'Raj Mehta', uid: meeting.uid, partstat: 'ACCEPTED', sequence: 1, messageId: 'g-raj@google.com' }), 'raj.mehta@contoso.com');
    await send(outlookReply({ from: 'emily.zhang@adatum.com', name: 'Emily Zhang', uid: meeting.uid, partstat: 'TENTATIVE', sequence: 1, messageId: 'o-emily@outlook.com' }), 'emily.zhang@adatum.com');
    await send(outlookReply({ from: 'jordan.ellis@adatum.com', name: 'Jordan Ellis', uid: meeting.uid, partstat: 'ACCEPTED', sequence: 0, messageId: 'o-jordan-old@outlook.com' }), 'jordan.ellis@adatum.com');
    expect((await inboundLatest()).error).toMatch(/older revision/);
    const answers = Object.fromEntries((await project(projectId)).meetings[0]!.attendees.map((a) => [a.email, a.partstat]));
    expect(answers).toEqual({ 'priya.natarajan@contoso.com': 'NEEDS-ACTION', 'raj.mehta@contoso.com': 'ACCEPTED', 'jordan.ellis@adatum.com': 'NEEDS-ACTION', 'emily.zhang@adatum.com': 'TENTATIVE' });
    expect(await newMail(before)).toEqual([]);
  });

  it('tells someone other than the organizer, once and in their thread, that they cannot move the meeting', async () => {
    const jordanInvite = invites.find((m) => m.to[0] === 'jordan.ellis@adatum.com')!;
    const before = await lastId();
    await send(
      [
        'From: Jordan Ellis <jordan.ellis@adatum.com>',
        `To: Coordinator <${await replyTo(jordanInvite.id)}>`,
        'Subject: Re: Invitation',
        'Date: Tue, 25 Feb 2025 11:00:00 +0000',
        'Message-ID: <jordan-move@adatum.com>',
        `In-Reply-To: <${jordanInvite.messageId}>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=UTF-8',
        '',
        'Could we move the kickoff to Friday 9am?',
        '',
      ].join('\r\n'),
      'jordan.ellis@adatum.com',
    );
    const mail = await newMail(before);
    expect(mail.map((m) => [m.kind, m.to[0]])).toEqual([['meeting_refused', 'jordan.ellis@adatum.com']]);
    expect(mail[0]).toMatchObject({ inReplyTo: 'jordan-move@adatum.com', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(mail[0]!.subject).toBe('Re: Invitation');
    expect(mail[0]!.text).toContain('Only Priya Natarajan, who organized "Adatum mobile app v2 kickoff", or the project lead can move it, so I have left it as it is.');
    expect((await project(projectId)).meetings[0]).toMatchObject({ sequence: 1, start_at: '2025-03-06T08:30:00.000Z' });
  });


  it('removing one attendee sends them a CANCEL and the others a REQUEST without them; cancelling sends CANCEL + STATUS:CANCELLED to the rest', async () => {
    let confirmation = (await outbox()).filter((m) => m.kind === 'meeting_confirmation').sort((a, b) => b.id - a.id)[0]!;
    const before = await lastId();
    await humanReply({ from: 'priya.natarajan@contoso.com', name: 'Priya Natarajan', to: await replyTo(confirmation.id), inReplyTo: confirmation.messageId, subject: confirmation.subject, text: 'Please remove Emily from the kickoff.', id: 'priya-remove' });
    let mail = await newMail(before);
    const cancels = mail.filter((m) => m.kind === 'meeting_cancel');
    expect(cancels.map((m) => m.to[0])).toEqual(['emily.zhang@adatum.com']);
    expect(linted.get(cancels[0]!.id)!.itip).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 2, uid: meeting.uid });
    expect(linted.get(cancels[0]!.id)!.itip!.attendees.map((a) => a.email)).toEqual(['emily.zhang@adatum.com']);
    expect((await project(projectId)).meetings[0]!.attendees.find((a) => a.email === 'emily.zhang@adatum.com')!.removed).toBe(true);
    // Everyone else gets the event again without her: a REQUEST at the same new SEQUENCE, answers kept.
    const updates = mail.filter((m) => m.kind === 'meeting_update');
    expect(updates.map((m) => m.to[0]).sort()).toEqual(['jordan.ellis@adatum.com', 'priya.natarajan@contoso.com', 'raj.mehta@contoso.com']);
    for (const m of updates) {
      const l = linted.get(m.id)!;
      expect(l.itip).toMatchObject({ method: 'REQUEST', sequence: 2, uid: meeting.uid, start: new Date('2025-03-06T08:30:00.000Z') });
      expect(l.itip!.attendees.map((a) => [a.email, a.partstat]).sort()).toEqual([
        ['jordan.ellis@adatum.com', 'NEEDS-ACTION'],
        ['priya.natarajan@contoso.com', 'NEEDS-ACTION'],
        ['raj.mehta@contoso.com', 'ACCEPTED'],
      ]);
      expect(m.text).toContain('"Adatum mobile app v2 kickoff" has changed: Emily Zhang is no longer invited. It is still Thu 6 Mar 2025');
    }

    confirmation = mail.find((m) => m.kind === 'meeting_confirmation')!;
    const b2 = await lastId();
    await humanReply({ from: 'priya.natarajan@contoso.com', name: 'Priya Natarajan', to: await replyTo(confirmation.id), inReplyTo: confirmation.messageId, subject: confirmation.subject, text: 'Actually, cancel the kickoff.', id: 'priya-cancel' });
    mail = await newMail(b2);
    const all = mail.filter((m) => m.kind === 'meeting_cancel');
    expect(all.map((m) => m.to[0]).sort()).toEqual(['jordan.ellis@adatum.com', 'priya.natarajan@contoso.com', 'raj.mehta@contoso.com']);
    for (const m of all) expect(linted.get(m.id)!.itip).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 3, uid: meeting.uid });
    expect((await project(projectId)).meetings[0]).toMatchObject({ status: 'cancelled', sequence: 3 });
  });

  it('sets and reads a person’s zone, hours and feed over HTTP, with clear 400s, behind the admin token', async () => {
    const set = await patchPerson('Nina.Berg@contoso.com', { time_zone: 'Europe/Oslo', work_start: '08:30', work_end: '16:00', work_days: [5, 1, 2, 3, 4], freebusy_url: feedServer.url('/missing.ics') });
    expect(set.status).toBe(200);
    expect(set.body.person).toMatchObject({ email: 'nina.berg@contoso.com', time_zone: 'Europe/Oslo', work_start: '08:30', work_end: '16:00', work_days: [1, 2, 3, 4, 5] });
    expect(set.body.person.freebusy).toMatchObject({ fetched_at: null, last_error: 'free/busy feed answered 404', busy_intervals: 0 });
    const got = await svc.api<{ person: Record<string, unknown> }>('/api/people/nina.berg%40contoso.com');
    expect(got).toMatchObject({ status: 200, body: { person: { time_zone: 'Europe/Oslo', work_days: [1, 2, 3, 4, 5] } } });
    expect(await patchPerson('nina.berg@contoso.com', { freebusy_url: null })).toMatchObject({ status: 200, body: { person: { freebusy: null, work_start: '08:30' } } });
    expect((await svc.api('/api/people/nobody%40contoso.com')).status).toBe(404);

    const bad = async (body: unknown, email = 'nina.berg@contoso.com') => {
      const r = await patchPerson(email, body);
      expect(r.status).toBe(400);
      return r.body.error!.message;
    };
    expect(await bad({ time_zone: 'Mars/Olympus' })).toMatch(/^time_zone: must be an IANA time zone/);
    expect(await bad({ work_start: '9am' })).toMatch(/^work_start: must be a 24-hour time HH:MM/);
    expect(await bad({ work_start: '18:00' })).toBe('work_start (18:00) must be before work_end (16:00)');
    expect(await bad({ work_days: [0, 8] })).toMatch(/^work_days\.0: /);
    expect(await bad({ work_days: [] })).toBe('work_days: must name at least one day');
    expect(await bad({ freebusy_url: 'file:///etc/passwd' })).toMatch(/^freebusy_url: must be an http or https URL/);
    expect(await bad({ colour: 'blue' })).toMatch(/colour/);
    expect(await bad('nonsense')).toBe('body must be a JSON object');
    expect(await bad({}, 'not-an-address')).toBe('email: not a valid email address');
    expect((await svc.api<{ person: Record<string, unknown> }>('/api/people/nina.berg%40contoso.com')).body.person).toMatchObject({ time_zone: 'Europe/Oslo', work_start: '08:30' });

    // With an admin token configured, the routes answer 401 without it.
    const app = createApp({ ...svc.deps, config: { ...svc.deps.config, adminToken: 'correct-horse-battery' }, runClock: svc.runClock, reprocess: async () => {}, receive: async () => ({}) as never }, { smtp: () => ({ enabled: false, listening: false, port: null }) });
    expect((await app.request('/api/people/nina.berg%40contoso.com')).status).toBe(401);
    const patched = await app.request('/api/people/nina.berg%40contoso.com', { method: 'PATCH', body: JSON.stringify({ work_end: '17:00' }), headers: { 'content-type': 'application/json', authorization: 'Bearer correct-horse-battery' } });
    expect(patched.status).toBe(200);
  });

});
