// Flow: a forwarded brief arrives through the real SMTP listener → project, people and tasks exist →
// the sender gets one threaded plan reply, captured locally. Runs on PGlite and, in CI, on Postgres.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { corpus, fixture, mail } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/service.js';

type OutboxMessage = { id: number; kind: string; to: string[]; cc: string[]; subject: string; messageId: string; inReplyTo: string | null; headers: Record<string, string>; text: string; html: string | null; status: string };
type Task = { number: number; title: string; owner_email: string | null; owner_name: string | null; due_date: string | null; status: string };
type ProjectBody = { project: { id: number; name: string; lead_id: number; members: { email: string; display_name: string; role: string; time_zone: string | null }[]; tasks: (Task & { history: { kind: string }[] })[] } };

describe.each(testDatabases)('brief flow on $name', (database) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(database, {}, '2025-03-03T15:31:00Z');
  });
  afterAll(async () => svc?.close());

  const outbox = async () => (await svc.api<{ messages: OutboxMessage[] }>('/api/outbox')).body.messages;

  it('turns a forwarded Gmail brief into a project, people, tasks and one threaded reply', async () => {
    const answer = await svc.sendRaw(fixture('brief-gmail-forward.eml'), { from: 'dana.whitfield@contoso.com', to: ['coordinator@contoso.com'] });
    expect(answer).toMatch(/^250 /);
    await svc.settle();

    const { body } = await svc.api<{ projects: { id: number; name: string }[] }>('/api/projects');
    expect(body.projects).toHaveLength(1);
    const { body: detail } = await svc.api<ProjectBody>(`/api/projects/${body.projects[0]!.id}`);
    const p = detail.project;
    expect(p.name).toMatch(/warehouse scanner rollout/i);

    // Everyone in the headers and the forwarded header block is known by address and display name.
    const people = Object.fromEntries(p.members.map((m) => [m.email, m]));
    expect(Object.keys(people).sort()).toEqual(['dana.whitfield@contoso.com', 'lena.fischer@contoso.com', 'omar.haddad@contoso.com', 'ravi.menon@contoso.com']);
    expect(people['lena.fischer@contoso.com']!.display_name).toBe('Lena Fischer');
    expect(people['dana.whitfield@contoso.com']!.role).toBe('lead');
    // The sender's zone is learned from the Date offset (-06:00) as an IANA name.
    expect(people['dana.whitfield@contoso.com']!.time_zone).toBe('Etc/GMT+6');

    // Dates resolve in the sender's zone against the clock (Mon 3 Mar 2025).
    const tasks = p.tasks.map((t) => [t.owner_email, t.due_date, t.status]);
    expect(tasks).toEqual([
      ['lena.fischer@contoso.com', '2025-03-07', 'open'],
      ['omar.haddad@contoso.com', '2025-03-14', 'open'],
      ['dana.whitfield@contoso.com', '2025-03-12', 'open'],
    ]);
    expect(p.tasks.map((t) => t.number)).toEqual([1, 2, 3]);
    expect(p.tasks[0]!.title).toMatch(/order the replacement scanners/i);
    expect(p.tasks.every((t) => t.history.some((e) => e.kind === 'created'))).toBe(true);

    const mail = await outbox();
    expect(mail).toHaveLength(1);
    const reply = mail[0]!;
    expect(reply.kind).toBe('plan_reply');
    expect(reply.to).toEqual(['dana.whitfield@contoso.com']);
    expect(reply.cc).toEqual([]);
    expect(reply.status).toBe('sent');
    expect(reply.subject).toBe('Re: Warehouse scanner rollout');
    expect(reply.inReplyTo).toBe('CAfwd-rollout-1@mail.gmail.com');
    expect(reply.messageId).toMatch(/@contoso\.com$/);
    expect(reply.headers['Auto-Submitted']).toBe('auto-replied');
    expect(reply.headers['X-Auto-Response-Suppress']).toBe('All');
    for (const t of p.tasks) expect(reply.text).toContain(`${t.number}. ${t.title}`);
    expect(reply.text).toContain('Lena Fischer <lena.fischer@contoso.com>');
    expect(reply.text).toContain('Fri 7 Mar 2025');
    expect(reply.text).toMatch(/reply to this email/i);

    // The exact bytes are served as message/rfc822 and thread under the brief.
    const raw = await fetch(`${svc.base}/api/outbox/${reply.id}/raw`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    const parsed = await simpleParser(Buffer.from(await raw.arrayBuffer()));
    expect(parsed.inReplyTo).toBe('<CAfwd-rollout-1@mail.gmail.com>');
    expect(parsed.references).toContain('<CAfwd-rollout-1@mail.gmail.com>');
    expect(parsed.messageId).toBe(`<${reply.messageId}>`);
    expect((parsed.replyTo?.value[0]?.address ?? '')).toMatch(/^reply\+c1[a-z2-7]{26}@contoso\.com$/);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(parsed.text).toContain('Order the replacement scanners'.slice(1));

    const page = await fetch(`${svc.base}/outbox/${reply.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Re: Warehouse scanner rollout');
  });

  it('takes the same message twice once: one stored message, one project, one reply', async () => {
    const before = (await outbox()).length;
    const answer = await svc.sendRaw(fixture('brief-gmail-forward.eml'), { from: 'dana.whitfield@contoso.com', to: ['coordinator@contoso.com'] });
    expect(answer).toMatch(/^250 .*already/i);
    await svc.settle();
    expect((await outbox()).length).toBe(before);
    const inbound = (await svc.api<{ messages: unknown[] }>('/api/inbound')).body.messages;
    expect(inbound).toHaveLength(1);
  });

  it.each([
    ['brief-kickoff-gmail-forward', 'Gmail forward', ['raj.mehta@contoso.com', 'emily.zhang@adatum.com']],
    ['brief-outlook-table', 'Outlook forward with a table', ['grace.liu@contoso.com', 'tomas.novak@contoso.com', 'felix.okafor@contoso.com']],
    ['brief-apple-forward', 'Apple Mail forward', ['leila.haddad@contoso.com', 'karl.weber@contoso.com']],
    ['brief-outlook-original', 'Outlook -----Original Message----- forward', ['luis.ortega@contoso.com', 'ben.carter@contoso.com']],
    ['brief-html-only', 'HTML-only mail', ['adam.price@contoso.com', 'ruth.klein@contoso.com']],
  ])('makes a project from %s (%s) with the forwarded people as candidate owners', async (name, _what, owners) => {
    const raw = mail(name);
    const before = (await svc.api<{ projects: { id: number }[] }>('/api/projects')).body.projects.length;
    await svc.sendRaw(raw, { from: 'someone@contoso.com', to: ['coordinator@contoso.com'] });
    await svc.settle();
    const projects = (await svc.api<{ projects: { id: number }[] }>('/api/projects')).body.projects;
    expect(projects.length).toBe(before + 1);
    const { body } = await svc.api<ProjectBody>(`/api/projects/${projects[0]!.id}`);
    const members = new Set(body.project.members.map((m) => m.email));
    for (const owner of owners) expect(members).toContain(owner);
    expect(body.project.tasks.length).toBeGreaterThan(0);
    for (const t of body.project.tasks) if (t.owner_email) expect(members).toContain(t.owner_email);
    const reply = (await outbox()).find((m) => m.inReplyTo && raw.toString('latin1').includes(m.inReplyTo));
    expect(reply?.kind).toBe('plan_reply');
  });

  it.each([
    ['out-of-office', () => mail('auto-ooo-outlook')],
    ['vacation auto-reply', () => corpus('sisimai-set-of-emails/bsd/rfc3834-01.eml')],
    ['bounce', () => corpus('sisimai-set-of-emails/bsd/rfc3464-01.eml')],
    ['newsletter', () => mail('auto-newsletter')],
    ['calendar reply', () => mail('calendar-accept-outlook')],
  ])('never answers automatic mail: %s', async (_what, load) => {
    const raw = load();
    const before = (await outbox()).length;
    await svc.sendRaw(raw, { from: '', to: ['coordinator@contoso.com'] } as never);
    await svc.settle();
    expect((await outbox()).length).toBe(before);
    const latest = (await svc.api<{ messages: { status: string; classification: string }[] }>('/api/inbound')).body.messages[0]!;
    expect(latest.status).toBe('ignored');
  });

  it('drops its own mail coming back (LOOP-6)', async () => {
    const mine = (await outbox())[0]!;
    const raw = Buffer.from(await (await fetch(`${svc.base}/api/outbox/${mine.id}/raw`)).arrayBuffer());
    const before = (await outbox()).length;
    await svc.sendRaw(raw, { from: 'coordinator@contoso.com', to: ['coordinator@contoso.com'] });
    await svc.settle();
    expect((await outbox()).length).toBe(before);
    const latest = (await svc.api<{ messages: { status: string; classification: string }[] }>('/api/inbound')).body.messages[0]!;
    expect(latest).toMatchObject({ status: 'ignored', classification: 'own_mail' });
  });
});
