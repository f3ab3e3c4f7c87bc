// Follow-through over several simulated days, through the real SMTP listener, HTTP API and queue on a
// manual clock: brief → nudges at each owner's local morning (Berlin, São Paulo, Chicago) → replies from
// Gmail, Outlook and Apple Mail → tasks change → threaded confirmations with undo → escalation copies
// the lead → no nudge after done → an out-of-office pauses nudges and changes nothing → forged or
// token-less commands change nothing. Runs on PGlite and, when TEST_DATABASE_URL is set, Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { fixture } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/service.js';
import { tick } from '../../src/coordinate/tick.js';
import { outbox, replyTo, withToken, type Ours } from './mail.js';

type Event = { kind: string; actor_id: number | null; inbound_id: number | null; data: Record<string, any>; at: string };
type Task = { id: number; number: number; title: string; status: string; owner_email: string | null; due_date: string | null; blocked_reason: string | null; history: Event[] };
type Project = { id: number; name: string; lead_id: number; members: { id: number; email: string; role: string }[]; tasks: Task[] };

const lena = { name: 'Lena Fischer', address: 'lena.fischer@contoso.com' };
const omar = { name: 'Omar Haddad', address: 'omar.haddad@contoso.com' };
const dana = { name: 'Dana Whitfield', address: 'dana.whitfield@contoso.com' };

describe.each(testDatabases)('follow-through on $name', (database) => {
  let svc: TestService;
  let projectId: number;
  beforeAll(async () => {
    svc = await startTestService(database, {}, '2025-03-03T15:31:00Z');
    await svc.sendRaw(fixture('brief-gmail-forward.eml'), { from: dana.address, to: ['coordinator@contoso.com'] });
    await svc.settle();
    projectId = (await svc.api<{ projects: { id: number }[] }>('/api/projects')).body.projects[0]!.id;
    // Owners in three zones (a person's zone is theirs to set; the API for it is not part of this feature).
    for (const [email, zone] of [[lena.address, 'Europe/Berlin'], [omar.address, 'America/Sao_Paulo'], [dana.address, 'America/Chicago']] as const) {
      await svc.deps.db.updateTable('people').set({ time_zone: zone }).where('email', '=', email).execute();
    }
  });
  afterAll(async () => svc?.close());

  const project = async () => (await svc.api<{ project: Project }>(`/api/projects/${projectId}`)).body.project;
  const task = async (n: number) => (await project()).tasks.find((t) => t.number === n)!;
  const at = async (iso: string) => svc.runClock(new Date(iso));
  const sent = async (after: number, kind?: string) => (await outbox(svc)).filter((m) => m.id > after && (!kind || m.kind === kind)).sort((a, b) => a.id - b.id);
  const lastId = async () => Math.max(0, ...(await outbox(svc)).map((m) => m.id));
  const send = async (raw: string, from: string, to = 'coordinator@contoso.com') => {
    expect(await svc.sendRaw(raw, { from, to: [to] })).toMatch(/^250 /);
    await svc.settle();
  };

  it('starts with the plan: Lena due Fri 7 Mar, Omar Fri 14 Mar, Dana Wed 12 Mar', async () => {
    const p = await project();
    expect(p.tasks.map((t) => [t.number, t.owner_email, t.due_date])).toEqual([
      [1, lena.address, '2025-03-07'],
      [2, omar.address, '2025-03-14'],
      [3, dana.address, '2025-03-12'],
    ]);
  });

  it('records a CC\'d thread silently: a request, a commitment and a status update from the new text only', async () => {
    const before = await lastId();
    const raw = [
      `From: ${dana.name} <${dana.address}>`,
      `To: ${lena.name} <${lena.address}>`,
      'Cc: Coordinator <coordinator@contoso.com>',
      'Subject: Re: Warehouse scanner rollout',
      'Date: Tue, 04 Mar 2025 09:00:00 -0600',
      'Message-ID: <cc-thread-1@mail.gmail.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Lena, can you review the training deck by 11 March?',
      '',
      "I'll send the budget summary by 12 March.",
      '',
      'Dana',
      '',
      'On Mon, Mar 3, 2025 at 9:00 AM Omar Haddad <omar.haddad@contoso.com> wrote:',
      '> Omar, please book the installers by Friday.',
      '> Order the replacement scanners by Friday 7 March.',
    ].join('\r\n');
    await svc.sendRaw(raw, { from: dana.address, to: ['coordinator@contoso.com'] });
    await svc.settle();
    const p = await project();
    expect(p.tasks.map((t) => [t.number, t.title, t.owner_email, t.due_date])).toEqual([
      [1, expect.stringMatching(/order the replacement scanners/i), lena.address, '2025-03-07'],
      [2, expect.any(String), omar.address, '2025-03-14'],
      [3, expect.any(String), dana.address, '2025-03-12'],
      [4, 'Review the training deck', lena.address, '2025-03-11'],
      [5, 'Send the budget summary', dana.address, '2025-03-12'],
    ]);
    expect(p.tasks.find((t) => t.number === 4)!.history[0]).toMatchObject({ kind: 'created', data: { via: 'thread' } });
    // quiet: no reply-all, nothing queued
    expect(await sent(before)).toEqual([]);
    // the installers request lives only in quoted text: not a task
    expect(p.tasks.some((t) => /installers/i.test(t.title))).toBe(false);
  });

  it('a status update in a later thread message is a report: recorded as unverified, put to the owner, applied on her "yes" with the message as evidence', async () => {
    const before = await lastId();
    const raw = [
      `From: ${lena.name} <${lena.address}>`,
      `To: ${dana.name} <${dana.address}>`,
      'Cc: coordinator@contoso.com',
      'Subject: Re: Warehouse scanner rollout',
      'Date: Mon, 10 Mar 2025 08:00:00 +0100',
      'Message-ID: <cc-thread-2@mail.gmail.com>',
      'In-Reply-To: <cc-thread-1@mail.gmail.com>',
      'References: <cc-thread-1@mail.gmail.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The training deck review is done, comments are in the doc.',
      '',
      'Lena',
    ].join('\r\n');
    await send(raw, lena.address);
    // A thread carries no reply token and this sender is not authenticated: the From proves nothing.
    const reported = await task(4);
    expect(reported.status).toBe('open');
    expect(reported.history.at(-1)).toMatchObject({ kind: 'reported', data: { action: 'done', via: 'thread', verified: false, summary: 'reported done by Lena Fischer (unverified)' } });
    const asked = await sent(before);
    expect(asked.map((m) => [m.kind, m.to, m.cc, m.inReplyTo])).toEqual([['confirm_request', [lena.address], [], 'cc-thread-2@mail.gmail.com']]);
    expect(asked[0]!.text).toMatch(/You wrote in "Re: Warehouse scanner rollout" that “Review the training deck” is done: ".*training deck review.*"\. Reply `yes`/);
    const ask = await withToken(svc, asked[0]!);
    await send(replyTo(ask, { client: 'gmail', from: lena, body: 'yes' }).raw, lena.address, ask.replyTo);
    const t4 = await task(4);
    expect(t4.status).toBe('done');
    const ev = t4.history.at(-1)!;
    expect(ev).toMatchObject({ kind: 'done', data: { via: 'approval', from: { status: 'open' }, to: { status: 'done' } } });
    expect(ev.data.evidence).toMatch(/training deck review/);
    expect(ev.inbound_id).toBeTruthy();
  });

  let lenaDue: Ours;
  it('nudges Lena on the morning her task is due, in Berlin, once', async () => {
    const before = await lastId();
    await at('2025-03-07T07:30:00Z'); // 08:30 in Berlin: before working hours
    expect(await sent(before, 'nudge')).toEqual([]);
    // REL-3: two planner runs racing for the same instant queue one nudge
    const racing = new Date('2025-03-07T08:05:00Z');
    await Promise.all([tick(svc.deps, racing), tick(svc.deps, racing)]);
    await at('2025-03-07T08:05:00Z'); // 09:05 in Berlin
    await at('2025-03-07T08:10:00Z'); // a second tick the same day adds nothing
    const nudges = await sent(before, 'nudge');
    expect(nudges).toHaveLength(1);
    lenaDue = await withToken(svc, nudges[0]!);
    expect(lenaDue).toMatchObject({ to: [lena.address], cc: [], status: 'sent' });
    expect(lenaDue.subject).toMatch(/^Due today: Order the replacement scanners/);
    expect(lenaDue.headers['Auto-Submitted']).toBe('auto-generated');
    expect(lenaDue.text).toMatch(/done/);
    expect(lenaDue.replyTo).toMatch(/^reply\+c1[a-z2-7]{26}@contoso\.com$/);
  });

  it('no nudge on the weekend; the first working day overdue gets one; the second does not', async () => {
    const before = await lastId();
    await at('2025-03-08T09:00:00Z'); // Saturday
    expect(await sent(before, 'nudge')).toEqual([]);
    await at('2025-03-10T08:05:00Z'); // Monday: 1st working day overdue
    const mon = await sent(before, 'nudge');
    expect(mon.map((m) => [m.to, m.cc])).toEqual([[[lena.address], []]]);
    expect(mon[0]!.text).toMatch(/overdue since Fri 7 Mar \(1 working day\)/);
    const tue = await lastId();
    await at('2025-03-11T08:05:00Z'); // 2nd working day overdue: rests (every 2 working days)
    expect((await sent(tue, 'nudge')).filter((m) => m.to.includes(lena.address))).toEqual([]);
  });

  let lenaEscalated: Ours;
  let danaBatch: Ours;
  it('copies the lead from the 3rd working day overdue; batches two items for Dana in Chicago into one email', async () => {
    const before = await lastId();
    await at('2025-03-12T08:05:00Z'); // 09:05 Berlin; 03:05 Chicago
    const first = await sent(before, 'nudge');
    expect(first).toHaveLength(1);
    lenaEscalated = await withToken(svc, first[0]!);
    expect(lenaEscalated).toMatchObject({ to: [lena.address], cc: [dana.address] });
    expect(lenaEscalated.text).toMatch(/copied Dana Whitfield/);
    await at('2025-03-12T13:55:00Z'); // 08:55 Chicago (CDT since 9 Mar)
    expect(await sent(before, 'nudge')).toHaveLength(1);
    await at('2025-03-12T14:05:00Z'); // 09:05 Chicago
    const dn = (await sent(before, 'nudge')).filter((m) => m.to.includes(dana.address));
    expect(dn).toHaveLength(1);
    danaBatch = await withToken(svc, dn[0]!);
    expect(danaBatch.subject).toBe('Reminder: 2 open items');
    expect(danaBatch.text).toMatch(/1\. .*\n.*due today/);
    expect(danaBatch.text).toMatch(/2\. Send the budget summary/);
    expect(danaBatch.text).toMatch(/done 1/);
  });

  it('Gmail reply "done" to the escalated nudge closes the task, with one threaded confirmation to Lena only', async () => {
    const before = await lastId();
    const r = replyTo(lenaEscalated, { client: 'gmail', from: lena, body: 'Finished this yesterday, sorry for the delay.' });
    await send(r.raw, lena.address, lenaEscalated.replyTo);
    const t1 = await task(1);
    expect(t1.status).toBe('done');
    expect(t1.history.at(-1)).toMatchObject({ kind: 'done', data: { via: 'reply', from: { status: 'open' }, to: { status: 'done' } } });
    const out = await sent(before);
    expect(out.map((m) => [m.kind, m.to, m.cc])).toEqual([['confirmation', [lena.address], []]]);
    expect(out[0]!.inReplyTo).toBe(r.messageId);
    expect(out[0]!.text).toMatch(/“Order the replacement scanners”: open → done/);
    expect(out[0]!.text).toMatch(/reply `undo`/);
  });

  it('Apple Mail "undo" on the confirmation reopens it; "done" again through the same email is a replay, applied on "yes"', async () => {
    const conf = await withToken(svc, (await outbox(svc)).filter((m) => m.kind === 'confirmation')[0]!);
    const before = await lastId();
    await send(replyTo(conf, { client: 'apple', from: lena, body: 'undo' }).raw, lena.address, conf.replyTo);
    expect((await task(1)).status).toBe('open');
    expect((await task(1)).history.at(-1)).toMatchObject({ kind: 'undo', data: { from: { status: 'done' }, to: { status: 'open' } } });
    const undone = await sent(before);
    expect(undone.map((m) => m.kind)).toEqual(['confirmation']);
    expect(undone[0]!.text).toMatch(/Undone/);
    const again = await lastId();
    await send(replyTo(lenaEscalated, { client: 'apple', from: lena, body: 'done' }).raw, lena.address, lenaEscalated.replyTo);
    expect((await task(1)).status).toBe('open');
    const recheck = await sent(again);
    expect(recheck.map((m) => [m.kind, m.to])).toEqual([['confirm_request', [lena.address]]]);
    expect(recheck[0]!.text).toMatch(/already made once through the same email/);
    const ask = await withToken(svc, recheck[0]!);
    await send(replyTo(ask, { client: 'apple', from: lena, body: 'yes' }).raw, lena.address, ask.replyTo);
    expect((await task(1)).status).toBe('done');
  });

  it('Outlook "done 1 and 2" on the batch closes both of Dana\'s items', async () => {
    await send(replyTo(danaBatch, { client: 'outlook', from: dana, body: 'done 1 and 2' }).raw, dana.address, danaBatch.replyTo);
    expect((await task(3)).status).toBe('done');
    expect((await task(5)).status).toBe('done');
  });

  it('sends no nudge after done', async () => {
    const before = await lastId();
    await at('2025-03-13T15:00:00Z');
    await at('2025-03-14T15:00:00Z');
    const nudges = await sent(before, 'nudge');
    expect(nudges.filter((m) => m.to.includes(lena.address) || m.to.includes(dana.address))).toEqual([]);
  });

  let omarDue: Ours;
  it('nudges Omar at 09:00 in São Paulo on Fri 14 Mar', async () => {
    const n = (await outbox(svc)).filter((m) => m.kind === 'nudge' && m.to.includes(omar.address));
    expect(n).toHaveLength(1); // the 15:00Z tick above was 12:00 in São Paulo
    omarDue = await withToken(svc, n[0]!);
    expect(omarDue.subject).toMatch(/^Due today:/);
  });

  it('a forged "done" and a token-less "done" change nothing; the lead is asked to confirm', async () => {
    const before = await lastId();
    const forged = replyTo(omarDue, { client: 'gmail', from: { name: 'Mallory', address: 'mallory@evil.example' }, body: 'done' });
    await send(forged.raw, 'mallory@evil.example', omarDue.replyTo);
    const noToken = replyTo(omarDue, { client: 'gmail', from: omar, body: 'done', to: 'coordinator@contoso.com' });
    await send(noToken.raw, omar.address);
    expect((await task(2)).status).toBe('open');
    const out = await sent(before);
    expect(out.map((m) => [m.kind, m.to])).toEqual([
      ['approval_request', [dana.address]],
      ['approval_request', [dana.address]],
    ]);
    expect(out.some((m) => m.to.includes('mallory@evil.example'))).toBe(false);
    expect(out[0]!.text).toMatch(/mallory@evil\.example/);
    expect(out[0]!.text).toMatch(/Nothing has changed yet/);
    // the lead rejects the forged one
    const ask = await withToken(svc, out[0]!);
    await send(replyTo(ask, { client: 'gmail', from: dana, body: 'no' }).raw, dana.address, ask.replyTo);
    expect((await task(2)).status).toBe('open');
  });

  it('a command only in quoted text changes nothing and gets no answer', async () => {
    const before = await lastId();
    await send(replyTo(omarDue, { client: 'gmail', from: omar, body: '' }).raw, omar.address, omarDue.replyTo);
    expect((await task(2)).status).toBe('open');
    expect(await sent(before)).toEqual([]);
  });

  it('an out-of-office reply pauses Omar\'s nudges until his return date and changes nothing', async () => {
    const before = await lastId();
    const oof = replyTo(omarDue, {
      client: 'outlook',
      from: omar,
      body: 'I am out of the office and will be back on Wednesday 19 March 2025.',
      extraHeaders: 'Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All',
    }).raw.replace(/Subject: RE:/, 'Subject: Automatic reply:');
    await send(oof, omar.address);
    expect((await task(2)).status).toBe('open');
    expect((await task(2)).history.map((e) => e.kind)).toEqual(['created']);
    expect(await sent(before)).toEqual([]);
    const away = await svc.deps.db.selectFrom('person_events').innerJoin('people', 'people.id', 'person_events.person_id').select(['kind', 'data']).where('people.email', '=', omar.address).execute();
    expect(away).toEqual([{ kind: 'away', data: expect.objectContaining({ stated_return: '2025-03-19' }) }]);
    await at('2025-03-17T12:05:00Z'); // Mon, 1st working day overdue, but away
    await at('2025-03-18T12:05:00Z');
    expect((await sent(before, 'nudge')).filter((m) => m.to.includes(omar.address))).toEqual([]);
    await at('2025-03-19T12:05:00Z'); // back: 3rd working day overdue, lead copied
    const back = (await sent(before, 'nudge')).filter((m) => m.to.includes(omar.address));
    expect(back.map((m) => [m.to, m.cc])).toEqual([[[omar.address], [dana.address]]]);
  });

  it('the lead approves a command from someone who may not give it; the event names both', async () => {
    const omarNudge = await withToken(svc, (await outbox(svc)).filter((m) => m.kind === 'nudge' && m.to.includes(omar.address)).at(-1)!);
    const before = await lastId();
    // Lena replies through Omar's (forwarded) nudge: not the owner
    await send(replyTo(omarNudge, { client: 'gmail', from: lena, body: 'blocked 1 waiting on the installer quote' }).raw, lena.address, omarNudge.replyTo);
    expect((await task(2)).status).toBe('open');
    const ask = await withToken(svc, (await sent(before, 'approval_request'))[0]!);
    await send(replyTo(ask, { client: 'outlook', from: dana, body: 'Yes' }).raw, dana.address, ask.replyTo);
    const t2 = await task(2);
    expect(t2).toMatchObject({ status: 'blocked', blocked_reason: 'waiting on the installer quote' });
    const people = await svc.deps.db.selectFrom('people').select(['id', 'email']).execute();
    const id = (e: string) => people.find((p) => p.email === e)!.id;
    expect(t2.history.at(-1)).toMatchObject({ kind: 'blocked', actor_id: id(lena.address), data: { via: 'approval', approved_by: id(dana.address) } });
  });

  it('reassigning outside the project needs the lead; decline returns the task to the lead, unowned, and tells the lead', async () => {
    const omarNudge = await withToken(svc, (await outbox(svc)).filter((m) => m.kind === 'nudge' && m.to.includes(omar.address)).at(-1)!);
    const before = await lastId();
    await send(replyTo(omarNudge, { client: 'gmail', from: omar, body: 'please hand this to Zoe <zoe@fabrikam.example>' }).raw, omar.address, omarNudge.replyTo);
    expect((await task(2)).owner_email).toBe(omar.address);
    expect((await sent(before)).map((m) => [m.kind, m.to])).toEqual([
      ['approval_request', [dana.address]],
      ['confirmation', [omar.address]],
    ]);
    const mid = await lastId();
    await send(replyTo(omarNudge, { client: 'apple', from: omar, body: "Sorry, I can't take this on - not my area." }).raw, omar.address, omarNudge.replyTo);
    const t2 = await task(2);
    expect(t2.owner_email).toBeNull();
    expect(t2.history.at(-1)).toMatchObject({ kind: 'decline' });
    expect((await sent(mid)).map((m) => [m.kind, m.to]).sort()).toEqual([
      ['confirmation', [omar.address]],
      ['decline_notice', [dana.address]],
    ]);
  });

  it('asks once when a reply cannot be understood, and never loops', async () => {
    const omarNudge = await withToken(svc, (await outbox(svc)).filter((m) => m.kind === 'nudge' && m.to.includes(omar.address)).at(-1)!);
    const before = await lastId();
    await send(replyTo(omarNudge, { client: 'gmail', from: omar, body: 'Let me check with procurement and circle back.' }).raw, omar.address, omarNudge.replyTo);
    await send(replyTo(omarNudge, { client: 'gmail', from: omar, body: 'Procurement says maybe next month.' }).raw, omar.address, omarNudge.replyTo);
    const asked = await sent(before);
    expect(asked.map((m) => m.kind)).toEqual(['clarification']);
    const clar = await withToken(svc, asked[0]!);
    await send(replyTo(clar, { client: 'gmail', from: omar, body: 'I really do not know what you want.' }).raw, omar.address, clar.replyTo);
    expect(await sent(before)).toHaveLength(1);
  });

  it('the lead hands the declined task on by name; the new owner unsubscribes and gets no more nudges', async () => {
    const notice = await withToken(svc, (await outbox(svc)).filter((m) => m.kind === 'decline_notice').at(-1)!);
    await send(replyTo(notice, { client: 'outlook', from: dana, body: 'give to Lena' }).raw, dana.address, notice.replyTo);
    const t2 = await task(2);
    expect(t2.owner_email).toBe(lena.address);
    expect(t2.history.at(-1)).toMatchObject({ kind: 'reassign', data: { from: { owner_id: null }, to: { owner_id: expect.any(Number) } } });
    const before = await lastId();
    await at('2025-03-21T08:05:00Z'); // Fri: 5th working day overdue for the 14th, in Berlin
    const nudge = await withToken(svc, (await sent(before, 'nudge')).find((m) => m.to.includes(lena.address))!);
    expect(nudge.cc).toEqual([dana.address]);
    await send(replyTo(nudge, { client: 'gmail', from: lena, body: 'unsubscribe' }).raw, lena.address, nudge.replyTo);
    expect((await sent(before, 'confirmation')).at(-1)!.text).toMatch(/no more reminders/);
    const after = await lastId();
    await at('2025-03-25T08:05:00Z'); // 7th working day overdue
    expect(await sent(after, 'nudge')).toEqual([]);
  });
});
