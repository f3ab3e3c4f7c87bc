// AUTH-6: a reply that mixes a command with other instructions applies nothing; the sender gets one short
// request listing what was understood, and `yes` applies it. Look-alikes stay non-commands, and plain
// commands (one per line, or one sentence) are applied as before. Runs on PGlite and Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedReply } from '../../src/understand/replies/index.js';
import { numberedList } from '../../src/understand/replies/mixed.js';
import { makeDateCtx } from '../../src/understand/dates.js';
import { parseCommand } from '../../src/understand/replies/index.js';
import { testDatabases } from '../support/databases.js';
import { fixture } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/service.js';
import { outbox, replyTo, withToken, type Ours } from './mail.js';

const lena = { name: 'Lena Fischer', address: 'lena.fischer@contoso.com' };
const omar = { name: 'Omar Haddad', address: 'omar.haddad@contoso.com' };
const dana = { name: 'Dana Whitfield', address: 'dana.whitfield@contoso.com' };

describe('mixed replies (AUTH-6)', () => {
  const dates = makeDateCtx(new Date('2025-03-05T10:00:00Z'), 'Europe/Berlin', true);
  const mixed = (t: string) => mixedReply(t, dates, (c) => parseCommand(c, { dates }));
  it.each([
    ['Done, but also move the deadline to Friday', ['done', 'reschedule'], []],
    ['done 1, and can you also give 2 to Carol', ['done', 'reassign'], []],
    ['done\nAlso please cancel the kickoff meeting', ['done'], ['Also please cancel the kickoff meeting']],
    ['Done. Can you move the review to Friday?', ['done'], ['Can you move the review to Friday?']],
    ['1 done, 3 push to Monday, and please remind Omar about the invoice', ['done', 'reschedule'], ['and please remind Omar about the invoice']],
    ['2 done, 3 blocked on the vendor. Could you also cancel the kickoff?', ['done', 'blocked'], ['Could you also cancel the kickoff?']],
  ])('%j is mixed', (text, actions, others) => {
    const m = mixed(text);
    expect(m?.commands.map((c) => c.command.action)).toEqual(actions);
    if (others.length) expect(m?.others).toEqual(others);
  });
  it.each([
    'Finished this yesterday, sorry for the delay.',
    'Is this done?',
    'done 1 and 3',
    'done 1\nblocked 2 waiting on legal',
    "Done - I'll update the deck later",
    "Sorry, I can't take this on - not my area.",
    'please hand this to Zoe <zoe@fabrikam.example>',
    'Thanks, all done!',
    'Can you move the review to Friday?', // a request, but no command to mix it with
  ])('%j is not mixed', (text) => {
    expect(mixed(text)).toBeNull();
  });
  // several numbered commands on a line, the way people answer a digest: each applied as written
  it.each([
    ['3 done, 1 push to Monday', [['done', [3]], ['reschedule', [1]]]],
    ['2 ✅ 4 blocked waiting for the vendor', [['done', [2]], ['blocked', [4]]]],
    ['Hi,\n1 and 2 done, 5 snooze until Friday\nThanks!', [['done', [1, 2]], ['snooze', [5]]]],
    ['4 done; 2 move to Thursday\n3 give to omar@contoso.com', [['done', [4]], ['reschedule', [2]], ['reassign', [3]]]],
  ])('%j is a numbered command list', (text, expected) => {
    expect(numberedList(text, dates, (c) => parseCommand(c, { dates }))?.map((c) => [c.action, c.items])).toEqual(expected);
    expect(mixed(text)).toBeNull();
  });
  it.each([
    'done 1\nblocked 2 waiting on legal', // one per line: the grammar already reads it
    '1 done, 3 push to Monday, and please remind Omar about the invoice',
    '2 done, 4 was a great session',
    '1 done, 2 done?',
  ])('%j is not a numbered command list', (text) => {
    expect(numberedList(text, dates, (c) => parseCommand(c, { dates }))).toBeNull();
  });
});

describe.each(testDatabases)('mixed replies on $name', (database) => {
  let svc: TestService;
  let projectId: number;
  let batch: Ours;
  beforeAll(async () => {
    svc = await startTestService(database, {}, '2025-03-03T15:31:00Z');
    await svc.sendRaw(fixture('brief-gmail-forward.eml'), { from: dana.address, to: ['coordinator@contoso.com'] });
    await svc.settle();
    projectId = (await svc.api<{ projects: { id: number }[] }>('/api/projects')).body.projects[0]!.id;
    const people = await svc.deps.db.selectFrom('people').select(['id', 'email']).execute();
    const id = (e: string) => people.find((p) => p.email === e)!.id;
    await svc.deps.db.updateTable('people').set({ time_zone: 'Europe/Berlin' }).execute();
    // Lena holds two tasks due the same day, so her nudge is a numbered batch
    await svc.deps.db.updateTable('tasks').set({ owner_id: id(lena.address), due_date: '2025-03-07' }).where('project_id', '=', projectId).where('number', '=', 2).execute();
    await svc.runClock(new Date('2025-03-07T08:05:00Z'));
    batch = await withToken(svc, (await outbox(svc)).find((m) => m.kind === 'nudge' && m.to.includes(lena.address))!);
    expect(batch.subject).toBe('Reminder: 2 open items');
  });
  afterAll(async () => svc?.close());

  const tasks = async () => (await svc.api<{ project: { tasks: { number: number; status: string; owner_email: string | null; due_date: string | null }[] } }>(`/api/projects/${projectId}`)).body.project.tasks;
  const lastId = async () => Math.max(0, ...(await outbox(svc)).map((m) => m.id));
  const sent = async (after: number) => (await outbox(svc)).filter((m) => m.id > after).sort((a, b) => a.id - b.id);
  const send = async (raw: string, from: string, to: string) => {
    expect(await svc.sendRaw(raw, { from, to: [to] })).toMatch(/^250 /);
    await svc.settle();
  };

  it('"done 1, and can you also give 2 to Omar" changes nothing and asks Lena once; `yes` applies both', async () => {
    const before = await lastId();
    const r = replyTo(batch, { client: 'gmail', from: lena, body: 'done 1, and can you also give 2 to Omar' });
    await send(r.raw, lena.address, batch.replyTo);
    expect((await tasks()).slice(0, 2).map((t) => [t.status, t.owner_email])).toEqual([
      ['open', lena.address],
      ['open', lena.address],
    ]);
    const out = await sent(before);
    expect(out.map((m) => [m.kind, m.to])).toEqual([['confirm_request', [lena.address]]]);
    expect(out[0]!.inReplyTo).toBe(r.messageId);
    expect(out[0]!.text).toMatch(/have not changed anything yet/);
    expect(out[0]!.text).toMatch(/mark “Order the replacement scanners” done/);
    expect(out[0]!.text).toMatch(/give “.+” to Omar/);
    const ask = await withToken(svc, out[0]!);
    await send(replyTo(ask, { client: 'outlook', from: lena, body: 'yes' }).raw, lena.address, ask.replyTo);
    expect((await tasks()).slice(0, 2).map((t) => [t.status, t.owner_email])).toEqual([
      ['done', lena.address],
      ['open', omar.address],
    ]);
    expect((await sent(before)).map((m) => m.kind)).toEqual(['confirm_request', 'confirmation']);
  });

  it('"Done, but also move the deadline to Friday" changes nothing; `no` drops it', async () => {
    await svc.runClock(new Date('2025-03-12T08:05:00Z')); // Dana's task is due today (Berlin, as set above)
    const nudge = await withToken(svc, (await outbox(svc)).find((m) => m.kind === 'nudge' && m.to.includes(dana.address))!);
    const before = await lastId();
    await send(replyTo(nudge, { client: 'apple', from: dana, body: 'Done, but also move the deadline to Friday' }).raw, dana.address, nudge.replyTo);
    const t3 = (await tasks())[2]!;
    expect([t3.status, t3.due_date]).toEqual(['open', '2025-03-12']);
    const out = await sent(before);
    expect(out.map((m) => [m.kind, m.to])).toEqual([['confirm_request', [dana.address]]]);
    expect(out[0]!.text).toMatch(/done/);
    expect(out[0]!.text).toMatch(/to 2025-03-14/);
    const ask = await withToken(svc, out[0]!);
    await send(replyTo(ask, { client: 'gmail', from: dana, body: 'no' }).raw, dana.address, ask.replyTo);
    expect((await tasks())[2]!.status).toBe('open');
    const pending = await svc.deps.db.selectFrom('pending_commands').select(['reason', 'status']).orderBy('id').execute();
    expect(pending).toEqual([
      { reason: 'mixed', status: 'approved' },
      { reason: 'mixed', status: 'rejected' },
    ]);
  });

  it('one reply with `unsubscribe` and `done` gets both confirmations (one idempotency key per action)', async () => {
    const nudge = await withToken(svc, (await outbox(svc)).find((m) => m.kind === 'nudge' && m.to.includes(dana.address))!);
    const before = await lastId();
    await send(replyTo(nudge, { client: 'gmail', from: dana, body: 'unsubscribe\ndone' }).raw, dana.address, nudge.replyTo);
    expect((await tasks())[2]!.status).toBe('done');
    const out = await sent(before);
    expect(out.map((m) => [m.kind, m.to])).toEqual([
      ['confirmation', [dana.address]],
      ['confirmation', [dana.address]],
    ]);
    expect(out.map((m) => m.text).join('\n')).toMatch(/no more reminders[\s\S]*open → done|open → done[\s\S]*no more reminders/);
  });
});
