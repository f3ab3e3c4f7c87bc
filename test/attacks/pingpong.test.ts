// Ping-pong (FIG-2): three machines that answer everything we send them, none with RFC 3834 headers —
// an echo bot (replies in the thread with our own words), a helpdesk bot (opens a new ticket, a new
// thread, for each mail and quotes it) and an Outlook rule in Tom's mailbox (forwards everything back
// as FW:) — run against the service for 7 simulated days on the manual clock, with the nudges and
// digests the clock brings. Figure: automated replies per correspondent per day (≤ 3). The control runs
// the same machines with the circuit breaker off: the exchange must grow without bound (it is cut at a
// ceiling), or the harness could not see a loop. Runs on PGlite and, when TEST_DATABASE_URL is set,
// Postgres; prints its figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breaker } from '../../src/coordinate/queue-email.js';
import { testDatabases } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { ASSISTANT, buildLoopWorld, deliver, people } from './loops-kit.js';

const echo = { name: 'Echo Bot', address: 'echo@bots.example' };
const helpdesk = { name: 'Helpdesk', address: 'helpdesk@bots.example' };
const machines = [echo.address, helpdesk.address, people.tom.address];

interface Sent {
  id: number;
  to: string;
  subject: string;
  message_id: string;
  reply_token: string;
  text: string;
  created_at: Date;
  auto: boolean;
}

let seq = 0;
/** What each machine sends back for one of our messages. */
function answer(m: Sent): { raw: Buffer; rcpt: string; mailFrom: string } {
  const n = ++seq;
  const date = m.created_at.toUTCString().replace('GMT', '+0000');
  const lines = (head: string[], body: string) => Buffer.from([...head, `Date: ${date}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'));
  const replyAddress = `reply+${m.reply_token}@contoso.com`;
  if (m.to === echo.address)
    return { rcpt: replyAddress, mailFrom: echo.address, raw: lines([`From: ${echo.name} <${echo.address}>`, `To: ${replyAddress}`, `Subject: Re: ${m.subject}`, `Message-ID: <echo-${n}@bots.example>`, `In-Reply-To: <${m.message_id}>`, `References: <${m.message_id}>`], m.text) };
  if (m.to === helpdesk.address)
    return {
      rcpt: ASSISTANT,
      mailFrom: helpdesk.address,
      raw: lines([`From: ${helpdesk.name} <${helpdesk.address}>`, `To: ${ASSISTANT}`, `Subject: [Ticket #${n}] ${m.subject}`, `Message-ID: <ticket-${n}@bots.example>`], `Thank you for contacting the helpdesk. Ticket #${n} has been opened for your request:\n\n${m.text}\n\nPlease reply with any further details by Friday.`),
    };
  return {
    rcpt: ASSISTANT,
    mailFrom: people.tom.address,
    raw: lines([`From: ${people.tom.name} <${people.tom.address}>`, `To: ${ASSISTANT}`, `Subject: FW: ${m.subject}`, `Message-ID: <fw-${n}@contoso.com>`, `X-MS-Exchange-Inbox-Rules-Loop: ${people.tom.address}`], `\r\n________________________________\r\nFrom: Coordinator <${ASSISTANT}>\r\nSent: ${date}\r\nTo: ${people.tom.name} <${people.tom.address}>\r\nSubject: ${m.subject}\r\n\r\n${m.text}`),
  };
}

describe.each(testDatabases)('ping-pong on $name', (database) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(database, {}, '2025-03-03T06:00:00Z');
  }, 120_000);
  afterAll(async () => svc?.close());

  /** Runs the machines until nothing new is sent or `ceiling` messages were answered; returns how many. */
  const exchange = async (seen: { id: number }, ceiling: number) => {
    let answered = 0;
    for (;;) {
      const rows = (await svc.deps.db
        .selectFrom('outbox')
        .select(['id', 'to', 'subject', 'message_id', 'reply_token', 'text', 'created_at', 'headers', 'status'])
        .where('id', '>', seen.id)
        .orderBy('id')
        .execute()) as unknown as (Sent & { to: string[]; headers: Record<string, string>; status: string })[];
      if (!rows.length) return answered;
      seen.id = rows.at(-1)!.id;
      for (const r of rows) {
        const to = (typeof r.to === 'string' ? JSON.parse(r.to) : r.to)[0] as string;
        if (r.status === 'suppressed' || !machines.includes(to)) continue;
        if (answered >= ceiling) return answered;
        answered++;
        await deliver(svc, answer({ ...r, to }));
      }
    }
  };

  const perDay = async (since: Date) => {
    const rows = await svc.deps.db.selectFrom('outbox').select(['to', 'created_at', 'headers', 'status', 'kind']).where('created_at', '>=', since).execute();
    const days = new Map<string, { auto: number; all: number; kinds: string[] }>();
    for (const r of rows) {
      if (r.status === 'suppressed') continue;
      const to = ((typeof r.to === 'string' ? JSON.parse(r.to) : r.to) as string[])[0]!;
      if (!machines.includes(to)) continue;
      const key = `${to} ${new Date(r.created_at).toISOString().slice(0, 10)}`;
      const d = days.get(key) ?? { auto: 0, all: 0, kinds: [] as string[] };
      d.kinds.push(r.kind);
      const headers = (typeof r.headers === 'string' ? JSON.parse(r.headers) : r.headers) as Record<string, string>;
      d.all++;
      if (headers['Auto-Submitted'] === 'auto-replied') d.auto++;
      days.set(key, d);
    }
    return days;
  };

  it('an echo bot, a helpdesk bot and an Outlook forwarding rule for 7 days: ≤ 3 automated replies per correspondent per day; unbounded with the breaker off', async () => {
    const start = svc.clock.now();
    const world = await buildLoopWorld(svc, [echo, helpdesk]);
    const seen = { id: 0 };
    // each machine first writes to us once, the way such loops usually start
    for (const who of [echo, helpdesk])
      await deliver(svc, { rcpt: ASSISTANT, mailFrom: who.address, raw: Buffer.from(`From: ${who.name} <${who.address}>\r\nTo: ${ASSISTANT}\r\nSubject: Launch site tasks\r\nMessage-ID: <start-${who.address}>\r\nDate: Mon, 03 Mar 2025 06:00:00 +0000\r\n\r\nPlease track these:\r\n- Tom: finish the screenshots by Friday\r\n- Priya: write the landing page copy by Wednesday\r\n`) });
    let answered = 0;
    const started = Date.now();
    for (let h = 1; h <= 7 * 24; h += 2) {
      await svc.runClock(new Date(start.getTime() + h * 3_600_000));
      answered += await exchange(seen, 10_000);
    }
    const days = await perDay(start);
    const worst = Math.max(0, ...[...days.values()].map((d) => d.auto));
    const lines = [...days].sort().map(([k, d]) => `  ${k}: ${d.auto} automated replies, ${d.all} in all (${d.kinds.join(', ')})`);
    console.log(`FIG-2 ping-pong (${database.name}), 7 simulated days in ${((Date.now() - started) / 1000).toFixed(1)} s: the machines answered ${answered} of our messages; worst correspondent-day ${worst} automated replies\n${lines.join('\n')}`);
    expect(worst).toBeLessThanOrEqual(3);
    expect(world.taskIds.length).toBe(4);

    // Control: the breaker off, the same machines, one more simulated day: the exchange has no end.
    const saved = { ...breaker.burst, hold: breaker.holdMs, recipient: breaker.perRecipient.max, daily: breaker.daily.max };
    Object.assign(breaker.burst, { max: Number.POSITIVE_INFINITY });
    breaker.holdMs = 0;
    breaker.daily.max = Number.POSITIVE_INFINITY;
    breaker.perRecipient.max = Number.POSITIVE_INFINITY;
    try {
      const day8 = new Date(start.getTime() + 7 * 86_400_000 + 3_600_000);
      await svc.runClock(day8);
      // restart the conversation the way it began
      for (const who of [echo, helpdesk])
        await deliver(svc, { rcpt: ASSISTANT, mailFrom: who.address, raw: Buffer.from(`From: ${who.name} <${who.address}>\r\nTo: ${ASSISTANT}\r\nSubject: More launch tasks\r\nMessage-ID: <again-${who.address}>\r\nDate: Mon, 10 Mar 2025 07:00:00 +0000\r\n\r\nPlease track these:\r\n- Tom: check the links by Friday\r\n`) });
      // The ceiling is 20 a correspondent in one day, against the 3 the breaker allows: an exchange that reaches
      // it had no end of its own (with the breaker on, all seven days came to about 40).
      const ceiling = 60;
      const unbounded = await exchange(seen, ceiling);
      console.log(`  control with the breaker off: the machines answered ${unbounded} messages before the harness's ceiling of ${ceiling} cut the exchange`);
      expect(unbounded).toBe(ceiling);
    } finally {
      Object.assign(breaker.burst, { max: saved.max });
      breaker.holdMs = saved.hold;
      breaker.daily.max = saved.daily;
      breaker.perRecipient.max = saved.recipient;
    }
  }, 600_000);
});
