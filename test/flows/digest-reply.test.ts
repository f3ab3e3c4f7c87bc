// Replying to the morning digest with a numbered command changes exactly the task that number showed;
// several numbered commands on one line each change theirs, with one confirmation; a person working
// through the digest gets every confirmation, while a repeated command is answered under the loop caps.
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

    await replyFromDana(svc, digest!, `done ${n}`, 'CAdana-digest-reply');

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

/** A reply from Dana to one of our messages, written the way Gmail does, with a Message-ID of its own. */
async function replyFromDana(svc: TestService, ours: Mail, body: string, id: string) {
  const raw = Buffer.from(await (await fetch(`${svc.base}/api/outbox/${ours.id}/raw`)).arrayBuffer());
  const replyAddress = (await simpleParser(raw)).replyTo!.value[0]!.address!;
  const reply = [
    'From: Dana Whitfield <dana.whitfield@contoso.com>',
    `To: ${replyAddress}`,
    `Subject: Re: ${ours.subject}`,
    'Date: Thu, 06 Mar 2025 09:20:00 -0600',
    `Message-ID: <${id}@mail.gmail.com>`,
    `In-Reply-To: <${ours.messageId}>`,
    `References: <${ours.messageId}>`,
    'Content-Type: text/plain; charset=UTF-8',
    '',
    body,
    '',
    'On Thu, Mar 6, 2025 at 9:00 AM Coordinator <coordinator@contoso.com> wrote:',
    ...ours.text.split('\n').map((l) => `> ${l}`),
    '',
  ].join('\r\n');
  expect(await svc.sendRaw(reply, { from: 'dana.whitfield@contoso.com', to: [replyAddress] })).toMatch(/^250 /);
  await svc.settle();
}

describe.each(testDatabases)('numbered digest replies at a person\'s pace on $name', (database) => {
  /** A service of its own for each test: Dana's Thursday digest and the tasks it numbers, by number. */
  async function world() {
    const svc = await startTestService(database, { COORDINATOR_TZ: 'America/Chicago' }, '2025-03-03T15:31:00Z');
    await svc.sendRaw(fixture('brief-gmail-forward.eml'));
    await svc.settle();
    await svc.runClock(new Date('2025-03-06T15:00:00Z')); // Thursday 09:00 in Dana's zone: her digest
    const digest = (await svc.api<{ messages: Mail[] }>('/api/outbox')).body.messages.find((m) => m.kind === 'digest' && m.to.includes('dana.whitfield@contoso.com'))!;
    expect(digest).toBeDefined();
    const tasks = (await svc.api<{ tasks: Task[] }>('/api/tasks')).body.tasks;
    const items = new Map<number, Task>();
    for (const l of digest.text.split('\n')) {
      const m = /^\s*(\d+)\.\s+(.*)$/.exec(l);
      const task = m && tasks.find((t) => t.title === m[2]!.trim());
      if (task && !items.has(Number(m[1]))) items.set(Number(m[1]), task);
    }
    const messages = async () => (await svc.api<{ messages: (Mail & { status: string })[] }>('/api/outbox')).body.messages;
    return {
      svc,
      digest,
      items: [...items].map(([n, task]) => ({ n, task })),
      messages,
      answersTo: async (id: string) => (await messages()).filter((m) => m.inReplyTo === `${id}@mail.gmail.com`),
      task: async (id: number) => (await svc.api<{ tasks: Task[] }>('/api/tasks')).body.tasks.find((t) => t.id === id)!,
    };
  }

  it('"N done, M push to next Tue" on one line applies both and sends one confirmation listing both', async () => {
    const w = await world();
    try {
      expect(w.items.length).toBeGreaterThanOrEqual(2);
      const [a, b] = w.items;
      await replyFromDana(w.svc, w.digest, `${a!.n} done, ${b!.n} push to next Tue`, 'dana-two-on-a-line');
      expect((await w.task(a!.task.id)).status).toBe('done');
      expect((await w.task(b!.task.id)).due_date?.slice(0, 10)).toBe('2025-03-11');
      const answers = await w.answersTo('dana-two-on-a-line');
      expect(answers.map((m) => [m.kind, m.status === 'suppressed'])).toEqual([['confirmation', false]]);
      expect(answers[0]!.text).toContain(a!.task.title);
      expect(answers[0]!.text).toContain(b!.task.title);
      const kinds = (await w.messages()).filter((m) => m.to.includes('dana.whitfield@contoso.com')).map((m) => m.kind);
      expect(kinds).not.toContain('confirm_request'); // applied, not asked about
    } finally {
      await w.svc.close();
    }
  });

  it('a numbered line that also asks for something else changes nothing and asks Dana first', async () => {
    const w = await world();
    try {
      const [a, b] = w.items;
      await replyFromDana(w.svc, w.digest, `${a!.n} done, ${b!.n} push to next Tue, and please remind Omar to send the invoice`, 'dana-mixed');
      expect([(await w.task(a!.task.id)).status, (await w.task(b!.task.id)).due_date]).toEqual([a!.task.status, b!.task.due_date]);
      const answers = await w.answersTo('dana-mixed');
      expect(answers.map((m) => [m.kind, m.status === 'suppressed'])).toEqual([['confirm_request', false]]);
      expect(answers[0]!.text).toMatch(/remind Omar/);
    } finally {
      await w.svc.close();
    }
  });

  it('six different commands within ten minutes get six confirmations; the same command sent again is a loop\'s mark and is capped', async () => {
    const w = await world();
    try {
      const { n, task } = w.items[0]!;
      const days = ['2025-03-17', '2025-03-18', '2025-03-19', '2025-03-20', '2025-03-21', '2025-03-24'];
      for (const [i, day] of days.entries()) await replyFromDana(w.svc, w.digest, `move ${n} to ${day}`, `dana-pace-${i}`);
      expect((await w.task(task.id)).due_date?.slice(0, 10)).toBe('2025-03-24');
      for (const i of days.keys()) expect((await w.answersTo(`dana-pace-${i}`)).map((m) => [m.kind, m.status === 'suppressed'])).toEqual([['confirmation', false]]);
      // the same command five more times changes nothing, and is answered at most as often as the loop caps allow
      for (let i = 0; i < 5; i++) await replyFromDana(w.svc, w.digest, `move ${n} to 2025-03-24`, `dana-again-${i}`);
      const again = (await Promise.all([0, 1, 2, 3, 4].map((i) => w.answersTo(`dana-again-${i}`)))).flat();
      expect(again).toHaveLength(5);
      expect(again.filter((m) => m.status !== 'suppressed').length).toBeLessThanOrEqual(3);
      expect(again.filter((m) => m.status === 'suppressed').length).toBeGreaterThanOrEqual(2);
      // a new change of her own still gets its confirmation while the loop caps hold her other replies
      await replyFromDana(w.svc, w.digest, `move ${n} to 2025-03-25`, 'dana-after');
      expect((await w.answersTo('dana-after')).map((m) => [m.kind, m.status === 'suppressed'])).toEqual([['confirmation', false]]);
    } finally {
      await w.svc.close();
    }
  });
});
