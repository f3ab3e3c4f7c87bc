// The IMAP channel against a real Dovecot: IDLE wakes the poller, a message is stored once and only
// then flagged (REL-1), a connection cut mid-fetch or between commit and flag loses and duplicates
// nothing (REL-2), a restart takes nothing again, and a UIDVALIDITY change is survived.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapConnector } from '../../src/deps.js';
import { type ImapPoller, PROCESSED_KEYWORD, parseImapUrl, startImapPoller } from '../../src/inbound/imap-poller.js';
import { receive, type ReceiveInput } from '../../src/inbound/receive.js';
import { getImapCursor } from '../../src/store/imap-cursors.js';
import { testDatabases } from '../support/databases.js';
import { type Dovecot, startDovecot } from '../support/dovecot.js';
import { startTestService, type TestService } from '../support/service.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { until } from '../support/until.js';

const log = pino({ level: process.env.IMAP_TEST_LOG ?? 'silent' });

function mail(n: string, extra = ''): string {
  return [
    'From: Dana Whitfield <dana@fabrikam.com>',
    'To: coordinator@contoso.com',
    `Subject: Note ${n}`,
    `Message-ID: <imap-${n}@fabrikam.com>`,
    'Date: Mon, 03 Mar 2025 09:00:00 -0600',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Just a note, number ${n}.`,
    extra,
    '',
  ].join('\r\n');
}


describe.each(testDatabases)('IMAP poller against Dovecot on $name', (database) => {
  let dovecot: Dovecot;
  let proxy: TcpProxy;
  let svc: TestService;
  const pollers: ImapPoller[] = [];

  beforeAll(async () => {
    [dovecot, svc] = await Promise.all([startDovecot(), startTestService(database)]);
    proxy = await startTcpProxy(dovecot.port);
  });
  afterAll(async () => {
    for (const p of pollers) await p.stop();
    await svc?.close();
    await proxy?.close();
    await dovecot?.stop();
  });

  const start = (o: { mailbox?: string; processed?: 'flag' | 'move'; receive?: (i: ReceiveInput) => ReturnType<typeof receive> } = {}) => {
    const p = startImapPoller({
      settings: parseImapUrl(dovecot.url(o.mailbox ?? 'INBOX', proxy.port)),
      connect: imapConnector(log),
      receive: o.receive ?? ((input) => receive(svc.deps, input)),
      db: svc.deps.db,
      clock: svc.deps.clock,
      log,
      processed: o.processed ?? 'flag',
      processedFolder: 'Processed',
      pollMs: 10 * 60_000, // only IDLE can wake it within a test
      maxBytes: 1024 * 1024,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    pollers.push(p);
    return p;
  };
  const stored = (prefix: string) =>
    svc.deps.db.selectFrom('inbound_messages').select(['id', 'dedupe_key', 'message_id', 'channel']).where('message_id', 'like', `imap-${prefix}%`).orderBy('id').execute();
  const flagsOf = async (mailbox = 'INBOX') => {
    const c = await dovecot.client();
    const out = new Map<string, string[]>();
    try {
      await c.mailboxOpen(mailbox);
      for await (const m of c.fetch('1:*', { envelope: true, flags: true })) out.set(m.envelope?.messageId ?? '', [...(m.flags ?? [])]);
    } catch {
      // empty mailbox
    } finally {
      await c.logout();
    }
    return out;
  };

  it('wakes on IDLE, stores the message under its mailbox/UIDVALIDITY/UID, and only then flags it', async () => {
    const poller = start();
    await until('connected', async () => poller.connected);
    const uid = await dovecot.append(mail('a1'));
    const rows = await until('stored', async () => {
      const r = await stored('a1');
      return r.length ? r : undefined;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.channel).toBe('imap');
    expect(rows[0]!.dedupe_key).toMatch(new RegExp(`^imap:coordinator@127\\.0\\.0\\.1/INBOX:\\d+:${uid}$`));
    await until('flagged', async () => (await flagsOf()).get('<imap-a1@fabrikam.com>')?.includes(PROCESSED_KEYWORD));
    const cursor = await getImapCursor(svc.deps.db, 'coordinator@127.0.0.1/INBOX');
    expect(cursor?.lastUid).toBe(uid);
    await poller.stop();
  });

  it('loses and duplicates nothing when the connection is cut mid-fetch and between commit and flag', async () => {
    // Five messages with bodies large enough that fetching them crosses the cut point.
    const big = 'x'.repeat(20_000);
    for (let i = 1; i <= 5; i++) await dovecot.append(mail(`b${i}`, big));
    let cutOnce = true;
    const poller = start({
      receive: async (input) => {
        const r = await receive(svc.deps, input);
        // The third message is committed, then the connection dies before the server hears about it.
        if (cutOnce && input.raw.includes('<imap-b3@fabrikam.com>')) {
          cutOnce = false;
          proxy.cut();
        }
        return r;
      },
    });
    proxy.cutAfterServerBytes(30_000); // ...and the first connection dies in the middle of a FETCH
    await until('all five stored and flagged', async () => {
      const flags = await flagsOf();
      return [1, 2, 3, 4, 5].every((i) => flags.get(`<imap-b${i}@fabrikam.com>`)?.includes(PROCESSED_KEYWORD));
    });
    const rows = await stored('b');
    expect(rows.map((r) => r.message_id)).toEqual(['imap-b1@fabrikam.com', 'imap-b2@fabrikam.com', 'imap-b3@fabrikam.com', 'imap-b4@fabrikam.com', 'imap-b5@fabrikam.com']);
    expect(poller.stats.connects).toBeGreaterThanOrEqual(3); // it really was cut twice
    expect(poller.stats.duplicates).toBeGreaterThanOrEqual(1); // b3 came again and was recognised
    expect(poller.stats.taken).toBe(5);
    await poller.stop();
  });

  it('takes nothing again after a restart, and picks up what arrived while it was down', async () => {
    const before = await svc.deps.db.selectFrom('inbound_messages').select('id').execute();
    await dovecot.append(mail('c1'));
    const poller = start();
    await until('c1 stored', async () => (await stored('c1')).length === 1);
    await poller.stop();
    const again = start();
    await until('connected', async () => again.connected);
    await again.poll();
    expect(again.stats).toMatchObject({ taken: 0, duplicates: 0 });
    const after = await svc.deps.db.selectFrom('inbound_messages').select('id').execute();
    expect(after.length).toBe(before.length + 1);
    await again.stop();
  });

  it('reads the mailbox again when UIDVALIDITY changes, without taking flagged mail twice', async () => {
    await svc.deps.db.updateTable('imap_cursors').set({ uid_validity: '1', last_uid: 999 }).execute();
    await dovecot.append(mail('d1'));
    const poller = start();
    await until('d1 stored', async () => (await stored('d1')).length === 1);
    await poller.poll();
    expect(poller.stats.taken).toBe(1); // only the new one: the flagged ones were not fetched
    expect(poller.stats.duplicates).toBe(0);
    await poller.stop();
  });

  it('can move processed mail to a folder instead of flagging it', async () => {
    const c = await dovecot.client();
    await c.mailboxCreate('Team').catch(() => {});
    await c.logout();
    await dovecot.append(mail('e1'), 'Team');
    const poller = start({ mailbox: 'Team', processed: 'move' });
    await until('e1 stored', async () => (await stored('e1')).length === 1);
    await until('moved', async () => (await flagsOf('Processed')).has('<imap-e1@fabrikam.com>'));
    expect((await flagsOf('Team')).size).toBe(0);
    await poller.stop();
  });
});
