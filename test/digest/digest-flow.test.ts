// Flow: people with tasks in their own zones → the tick plans one digest per person per local day at
// 08:00 their time (through the real job queue, captured by the local transport) → the email carries
// the numbered items in its outbox context, List-Unsubscribe headers and a reply token → one-click
// unsubscribe over real HTTP stops the next one. On PGlite and, with TEST_DATABASE_URL, Postgres.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDigests } from '../../src/coordinate/plan-digests.js';
import { upsertPerson } from '../../src/store/people.js';
import { addMember, createProject } from '../../src/store/projects.js';
import type { Db } from '../../src/store/db.js';
import { testDatabases } from '../support/databases.js';
import { queueMail } from '../support/outbox-rows.js';
import { until } from '../support/until.js';
import { startTestService, type TestService } from '../support/service.js';

const ADMIN = 'admin-token-for-digest-tests';

async function seed(db: Db, now: Date) {
  const lena = await upsertPerson(db, { email: 'lena@contoso.com', name: 'Lena Fischer', timeZone: 'Europe/Berlin' }, now);
  const omar = await upsertPerson(db, { email: 'omar@contoso.com', name: 'Omar Haddad', timeZone: 'America/Sao_Paulo' }, now);
  const dana = await upsertPerson(db, { email: 'dana@contoso.com', name: 'Dana Whitfield', timeZone: 'America/New_York' }, now);
  const ravi = await upsertPerson(db, { email: 'ravi@contoso.com', name: 'Ravi Menon', timeZone: 'Asia/Kolkata' }, now);
  const bounced = await upsertPerson(db, { email: 'gone@contoso.com', name: 'Gone Person', timeZone: 'Europe/Berlin' }, now);
  await db.updateTable('people').set({ suppressed_at: now, suppressed_reason: 'hard_bounce (dsn): 550 5.1.1' }).where('id', '=', bounced.id).execute();
  const p1 = await createProject(db, { name: 'Warehouse scanner rollout', leadId: dana.id, requesterId: dana.id, sourceInboundId: null, subject: 'Rollout' }, now);
  const p2 = await createProject(db, { name: 'Stock count', leadId: dana.id, requesterId: dana.id, sourceInboundId: null, subject: 'Stock' }, now);
  for (const p of [p1, p2]) for (const m of [lena, omar, dana, ravi, bounced]) await addMember(db, p.id, m.id, m.id === dana.id ? 'lead' : 'member');
  let n = 0;
  const task = (projectId: number, title: string, ownerId: number | null, due: string | null, extra: Record<string, unknown> = {}) => ({
    project_id: projectId,
    number: ++n,
    title,
    owner_id: ownerId,
    owner_name: null,
    blocked_reason: null,
    due_date: due,
    due_tz: due ? 'Europe/Berlin' : null,
    due_at: null,
    snoozed_until: null,
    source_inbound_id: null,
    created_at: now,
    updated_at: now,
    completed_at: null,
    ...extra,
  });
  const tasks = await db
    .insertInto('tasks')
    .values([
      task(p1.id, 'Order the replacement scanners', lena.id, '2025-03-07'), // overdue on Mon 10 Mar
      task(p1.id, 'Book the electrician', lena.id, '2025-03-10'), // due today
      task(p2.id, 'Draft the <b>count</b> schedule', lena.id, '2025-03-12', { status: 'blocked', blocked_reason: 'Waiting for finance' }),
      task(p1.id, 'Update the floor plan', omar.id, '2025-03-13'),
      task(p1.id, 'Configure the WMS', gone(bounced.id), '2025-03-05'),
      task(p2.id, 'Write the announcement', null, null),
      task(p1.id, 'Plan next year', ravi.id, '2025-06-30'), // Ravi: nothing within a week → no digest
      task(p1.id, 'Send the slides', lena.id, null, { status: 'done', completed_at: new Date('2025-03-09T15:00:00Z') }),
    ])
    .returningAll()
    .execute();
  return { lena, omar, dana, ravi, bounced, p1, p2, tasks };
}
const gone = (id: number) => id;

describe.each(testDatabases)('morning digest on $name', (database) => {
  let svc: TestService;
  let s: Awaited<ReturnType<typeof seed>>;
  const digests = () => svc.deps.db.selectFrom('outbox').selectAll().where('kind', '=', 'digest').orderBy('id').execute();
  /** Drains until no digest is waiting to be sent (the service's own workers may hold a job meanwhile). */
  const settled = () =>
    until('every queued digest to be sent', async () => {
      await svc.settle();
      return !(await digests()).some((r) => r.status === 'queued' || r.status === 'sending');
    });

  beforeAll(async () => {
    // Sunday 9 Mar 2025, 12:00 UTC.
    svc = await startTestService(database, { DIGEST_SPREAD_MINUTES: '0', ADMIN_TOKEN: ADMIN, PUBLIC_URL: 'https://coordinator.example.org' }, '2025-03-09T12:00:00Z');
    s = await seed(svc.deps.db, svc.clock.now());
  });
  afterAll(async () => svc?.close());

  it('sends nothing on a weekend, nor before 08:00 local time', async () => {
    await svc.runClock(new Date('2025-03-09T20:00:00Z')); // Sunday evening everywhere
    await svc.runClock(new Date('2025-03-10T06:59:00Z')); // Monday 07:59 in Berlin, 02:59 in New York
    expect(await digests()).toHaveLength(0);
  });

  it('at 08:00 in Berlin queues and sends Lena one digest, numbered, with the number → task map in its context', async () => {
    await svc.runClock(new Date('2025-03-10T07:00:00Z'));
    await svc.runClock(new Date('2025-03-10T07:05:00Z')); // a second tick the same morning adds nothing
    const rows = await digests();
    expect(rows.map((r) => r.to)).toEqual([['lena@contoso.com']]);
    const d = rows[0]!;
    expect(d.status).toBe('sent');
    expect(d.idempotency_key).toBe(`digest:${s.lena.id}:2025-03-10`);
    expect(d.person_id).toBe(s.lena.id);
    expect(new Date(d.not_after!).toISOString()).toBe('2025-03-10T23:00:00.000Z'); // midnight in Berlin (REL-6)
    const ctx = d.context as { items: Record<string, number>; localDate: string };
    expect(ctx.localDate).toBe('2025-03-10');
    const byTitle = Object.fromEntries(s.tasks.map((t) => [t.id, t.title]));
    expect(Object.fromEntries(Object.entries(ctx.items).map(([k, id]) => [k, byTitle[id]]))).toEqual({
      '1': 'Order the replacement scanners',
      '2': 'Book the electrician',
      '3': 'Draft the <b>count</b> schedule',
    });
    expect(d.text).toMatch(/1\. Order the replacement scanners\n\s+due Fri 7 Mar, 3 days late/);
    expect(d.text).toMatch(/3\. Draft the <b>count<\/b> schedule\n.*\n\s+"Waiting for finance"/);
    expect(d.text).toMatch(/Finished yesterday[\s\S]*Send the slides/);
    expect(d.html).toContain('Draft the &lt;b&gt;count&lt;/b&gt; schedule');

    const headers = d.headers as Record<string, string>;
    expect(headers['Auto-Submitted']).toBe('auto-generated');
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(headers['List-Unsubscribe']).toMatch(/^<https:\/\/coordinator\.example\.org\/u\/u[a-z2-7]{32}>, <mailto:unsubscribe\+u[a-z2-7]{32}@contoso\.com>$/);
    expect(headers['List-Id']).toBe('Coordinator daily digest <digest.contoso.com>');

    const raw = Buffer.from(d.raw).toString('utf8');
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(raw).toMatch(/^List-Unsubscribe:\s+<https:\/\/coordinator\.example\.org\/u\/u[a-z2-7]{32}>,\s+<mailto:/m);
    expect(raw).toMatch(/^List-Id: Coordinator daily digest <digest\.contoso\.com>\r$/im);
    const parsed = await simpleParser(Buffer.from(d.raw));
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.replyTo?.value[0]?.address).toBe(`reply+${d.reply_token}@contoso.com`);
    expect(parsed.text).toContain('1. Order the replacement scanners');
    expect(parsed.html).toContain('Good morning, Lena');
    const index = await svc.deps.db.selectFrom('message_index').selectAll().where('outbox_id', '=', d.id).execute();
    expect(index.map((i) => i.message_id)).toEqual([d.message_id]);
  });

  it("gives the lead their projects' state at 08:00 New York time, and skips people with nothing to report", async () => {
    await svc.runClock(new Date('2025-03-10T12:00:00Z')); // 08:00 EDT (DST began 9 Mar in New York)
    const rows = await digests();
    expect(rows.map((r) => (r.to as string[])[0])).toEqual(['lena@contoso.com', 'omar@contoso.com', 'dana@contoso.com']);
    const dana = rows[2]!;
    expect(dana.subject).toMatch(/^Your digest for Mon 10 Mar: 2 projects$/);
    expect(dana.text).toContain('WAREHOUSE SCANNER ROLLOUT (you lead this project)');
    expect(dana.text).toMatch(/\[##-{8}\] 1 of 6 done \(17%\)/);
    expect(dana.text).toMatch(/Overdue \(2\)[\s\S]*Configure the WMS\n\s+Gone Person \(unreachable\) · due Wed 5 Mar, 5 days late/);
    expect(dana.text).toMatch(/Blocked \(1\)\n\s+\d+\. Draft the <b>count<\/b> schedule\n\s+Lena Fischer · due Wed 12 Mar\n\s+"Waiting for finance"/);
    expect(dana.text).toMatch(/No owner or no date \(1\)\n\s+\d+\. Write the announcement\n\s+no owner · no due date/);
    expect(dana.text).toMatch(/Risks[\s\S]*Gone Person cannot be reached: hard_bounce/);
    expect(dana.text).toMatch(/past the escalation point/);
    // Ravi's only task is months away and he leads nothing: nothing to report, no email, decided once.
    await svc.runClock(new Date('2025-03-10T12:00:00Z'));
    const ravi = await svc.deps.db.selectFrom('digest_runs').selectAll().where('person_id', '=', s.ravi.id).execute();
    expect(ravi.map((r) => [r.local_date, r.status])).toEqual([['2025-03-10', 'empty']]);
    // A suppressed (bounced) person gets none.
    expect(rows.some((r) => (r.to as string[])[0] === 'gone@contoso.com')).toBe(false);
  });

  it('plans exactly one digest per person and local day when planners race (REL-3, REL-7)', async () => {
    const at = new Date('2025-03-11T12:30:00Z'); // Tuesday: everyone's 08:00 has passed
    svc.clock.set(at);
    const results = await Promise.all([planDigests(svc.deps, at), planDigests(svc.deps, at), planDigests(svc.deps, at)]);
    expect(results.reduce((n, r) => n + (r.queued ?? 0), 0)).toBe(3);
    const tuesday = (await digests()).filter((r) => r.idempotency_key.endsWith(':2025-03-11'));
    expect(tuesday.map((r) => (r.to as string[])[0]).sort()).toEqual(['dana@contoso.com', 'lena@contoso.com', 'omar@contoso.com']);
    await settled();
    expect((await digests()).filter((r) => r.status !== 'sent').map((r) => r.idempotency_key)).toEqual([]);
  });

  it('one-click unsubscribe: GET only confirms; POST needs no login, answers 200 without redirect and stops digests at once (OUT-2)', async () => {
    const [last] = (await digests()).filter((r) => (r.to as string[])[0] === 'lena@contoso.com').slice(-1);
    const url = /<(https:\/\/[^>]+)>/.exec((last!.headers as Record<string, string>)['List-Unsubscribe']!)![1]!;
    const path = new URL(url).pathname;

    const get = await fetch(svc.base + path, { redirect: 'manual' });
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('<form method="post"');
    const still = await svc.deps.db.selectFrom('people').select(['digest_enabled', 'unsubscribed_at']).where('id', '=', s.lena.id).executeTakeFirstOrThrow();
    expect(still).toEqual({ digest_enabled: true, unsubscribed_at: null });

    // A digest queued for Lena but not sent yet when she clicks is withdrawn (no send job here, so it waits).
    const pending = await queueMail(svc.deps.db, { to: 'lena@contoso.com', kind: 'digest' });
    await svc.deps.db.updateTable('outbox').set({ person_id: s.lena.id }).where('id', '=', pending.id).execute();
    const post = await fetch(svc.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    expect(post.headers.get('location')).toBeNull();
    expect(await post.text()).toContain('You are unsubscribed');
    const after = await svc.deps.db.selectFrom('people').select(['digest_enabled']).where('id', '=', s.lena.id).executeTakeFirstOrThrow();
    expect(after.digest_enabled).toBe(false);
    expect((await digests()).find((r) => r.id === pending.id)?.status).toBe('suppressed');

    await svc.runClock(new Date('2025-03-12T12:30:00Z')); // Wednesday, everyone's 08:00 has passed
    const wednesday = (await digests()).filter((r) => r.idempotency_key.endsWith(':2025-03-12'));
    expect(wednesday.map((r) => (r.to as string[])[0]).sort()).toEqual(['dana@contoso.com', 'omar@contoso.com']); // not Lena

    // A POST again is harmless; an unknown token is a 404, not a redirect; the admin API stays closed.
    expect((await fetch(svc.base + path, { method: 'POST', redirect: 'manual' })).status).toBe(200);
    expect((await fetch(`${svc.base}/u/u${'a'.repeat(32)}`, { method: 'POST', redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${svc.base}/api/outbox`)).status).toBe(401);
  });
});
