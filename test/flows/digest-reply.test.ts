// Replying to the morning digest with a numbered command changes exactly the task that number showed.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { fixture } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/service.js';

type Mail = { id: number; kind: string; to: string[]; subject: string; messageId: string; inReplyTo: string | null; text: string };
type Task = { id: number; number: number; title: string; status: string; owner_email: string | null; due_date: string | null };

describe.each(testDatabases)('digest replies on $name', (database) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(database, { COORDINATOR_TZ: 'America/Chicago' }, '2025-03-03T15:31:00Z');
    await svc.sendRaw(fixture('brief-gmail-forward.eml'));
    await svc.settle();
  });
  afterAll(async () => svc?.close());

  it('"done N" to a digest closes the task listed as N in that digest, and only it', async () => {
    // Thursday morning in Dana's zone (learned from her -06:00 Date header): her own task and the project's
    // tasks due this week are listed, numbered across the whole email.
    await svc.runClock(new Date('2025-03-06T15:00:00Z')); // 09:00: past 08:00 plus any per-person spread
    const mails = (await svc.api<{ messages: Mail[] }>('/api/outbox')).body.messages;
    const digest = mails.find((m) => m.kind === 'digest' && m.to.includes('dana.whitfield@contoso.com'));
    expect(digest).toBeDefined();

    // The numbers the digest shows, read from its own text part; reply about the last one.
    const numbered = digest!.text.split('\n').map((l) => /^\s*(\d+)\.\s+(.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m);
    expect(numbered.length).toBeGreaterThanOrEqual(2);
    const [, n, title] = numbered.at(-1)!;
    const tasks = (await svc.api<{ tasks: Task[] }>('/api/tasks')).body.tasks;
    const shown = tasks.find((t) => title!.trim() === t.title);
    expect(shown).toBeDefined();

    const raw = Buffer.from(await (await fetch(`${svc.base}/api/outbox/${digest!.id}/raw`)).arrayBuffer());
    const replyAddress = (await simpleParser(raw)).replyTo!.value[0]!.address!;
    const reply = [
      'From: Dana Whitfield <dana.whitfield@contoso.com>',
      `To: ${replyAddress}`,
      `Subject: Re: ${digest!.subject}`,
      'Date: Thu, 06 Mar 2025 09:20:00 -0600',
      'Message-ID: <CAdana-digest-reply@mail.gmail.com>',
      `In-Reply-To: <${digest!.messageId}>`,
      `References: <${digest!.messageId}>`,
      'Content-Type: text/plain; charset=UTF-8',
      '',
      `done ${n}`,
      '',
      `On Thu, Mar 6, 2025 at 9:00 AM Coordinator <coordinator@contoso.com> wrote:`,
      ...digest!.text.split('\n').map((l) => `> ${l}`),
      '',
    ].join('\r\n');
    await svc.sendRaw(reply, { from: 'dana.whitfield@contoso.com', to: [replyAddress] });
    await svc.settle();

    const after = (await svc.api<{ tasks: Task[] }>('/api/tasks')).body.tasks;
    expect(after.filter((t) => t.status === 'done').map((t) => t.id)).toEqual([shown!.id]);
    const confirmation = (await svc.api<{ messages: Mail[] }>('/api/outbox')).body.messages.find((m) => m.inReplyTo === 'CAdana-digest-reply@mail.gmail.com');
    expect(confirmation?.kind).toBe('confirmation');
    expect(confirmation?.text).toContain(shown!.title);
  });

  it('a mail to the digest\'s List-Unsubscribe mailto address stops digests, answers nothing', async () => {
    const before = (await svc.api<{ messages: Mail[] }>('/api/outbox')).body.messages;
    const digest = before.find((m) => m.kind === 'digest' && m.to.includes('dana.whitfield@contoso.com'))!;
    const raw = Buffer.from(await (await fetch(`${svc.base}/api/outbox/${digest.id}/raw`)).arrayBuffer());
    const head = raw.toString('latin1').split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
    const mailto = /^List-Unsubscribe:.*<mailto:([^>\s]+)>/im.exec(head)![1]!;
    expect(mailto).toMatch(/^unsubscribe\+[a-z0-9]+@contoso\.com$/);
    await svc.sendRaw(
      ['From: Dana Whitfield <dana.whitfield@contoso.com>', `To: ${mailto}`, 'Subject: unsubscribe', 'Date: Thu, 06 Mar 2025 09:30:00 -0600', 'Message-ID: <unsub-1@mail.gmail.com>', '', 'unsubscribe', ''].join('\r\n'),
      { from: 'dana.whitfield@contoso.com', to: [mailto] },
    );
    await svc.settle();
    const after = (await svc.api<{ messages: Mail[] }>('/api/outbox')).body.messages;
    expect(after.length).toBe(before.length); // nothing answered
    // Friday morning: no digest for Dana any more, the others still get theirs.
    await svc.runClock(new Date('2025-03-07T15:00:00Z'));
    const friday = (await svc.api<{ messages: Mail[] }>('/api/outbox')).body.messages.slice(0, -after.length || undefined);
    const digests = friday.filter((m) => m.kind === 'digest').map((m) => m.to[0]);
    expect(digests).toContain('lena.fischer@contoso.com');
    expect(digests).not.toContain('dana.whitfield@contoso.com');
  });
});
