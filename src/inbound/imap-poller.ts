// The IMAP channel: watch one mailbox (IDLE, with polling as a fallback), take each new message by UID,
// hand its raw bytes to the same receive() the SMTP listener uses, and only after that commit mark it
// processed on the server (a keyword, or a move to another folder) and advance our cursor (REL-1).
//
// Why nothing is skipped or taken twice:
// - UIDs only grow within one UIDVALIDITY (RFC 3501 §2.3.1.1), so "everything above the cursor, in UID
//   order" is every message not yet taken; the cursor moves only after a message is stored and marked.
// - A crash between the commit and the mark re-fetches that message next time: receive() deduplicates
//   on `imap:<mailbox>:<uidvalidity>:<uid>` (REL-2), so it is stored once, then marked.
// - When UIDVALIDITY changes (mailbox recreated or restored) the cursor means nothing: the mailbox is read
//   from UID 1 again, and the processed keyword (or the move) keeps old messages from being taken again.
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { Db } from '../store/db.js';
import { advanceImapCursor, getImapCursor } from '../store/imap-cursors.js';
import type { ReceiveInput, ReceiveResult } from './receive.js';

/** Keyword set on messages we have stored (flag mode). RFC 3501 §2.3.2 keywords, kept by the server. */
export const PROCESSED_KEYWORD = '$CoordinatorProcessed';

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** `imaps://user:pass@host:993/INBOX`, `imap://` for a plaintext local server. */
export function parseImapUrl(url: string): ImapSettings {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  if (!secure && u.protocol !== 'imap:') throw new Error('IMAP_URL must start with imaps:// or imap://');
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

/** The slice of imapflow's ImapFlow we use (deps.ts builds the real one). */
export interface ImapClient {
  connect(): Promise<void>;
  mailboxOpen(path: string): Promise<{ uidValidity: bigint | number; permanentFlags?: Set<string> }>;
  mailboxCreate(path: string): Promise<unknown>;
  search(query: Record<string, unknown>, options: { uid: true }): Promise<number[] | false>;
  fetchOne(range: string, query: { source: true; uid: true }, options: { uid: true }): Promise<{ uid: number; source?: Buffer } | false>;
  messageFlagsAdd(range: string, flags: string[], options: { uid: true }): Promise<boolean>;
  messageMove(range: string, destination: string, options: { uid: true }): Promise<unknown>;
  logout(): Promise<void>;
  close(): void;
  on(event: 'exists' | 'close' | 'error', listener: (...args: unknown[]) => void): unknown;
}

export interface ImapPollerOptions {
  settings: ImapSettings;
  connect: (settings: ImapSettings) => ImapClient;
  receive: (input: ReceiveInput) => Promise<ReceiveResult>;
  db: Db;
  clock: Clock;
  log: Logger;
  processed: 'flag' | 'move';
  processedFolder: string;
  /** A full scan this often even when IDLE is quiet (servers without IDLE, missed notifications). */
  pollMs: number;
  maxBytes: number;
  backoff?: { initialMs: number; maxMs: number };
}

export interface ImapPoller {
  /** Scans now (tests and `coordinator tick`); resolves when the scan has finished. */
  poll(): Promise<void>;
  readonly connected: boolean;
  readonly stats: { taken: number; duplicates: number; connects: number };
  stop(): Promise<void>;
}

const sleep = (ms: number, signal: { stopped: boolean; wake?: () => void }) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.wake = () => {
      clearTimeout(t);
      resolve();
    };
  });

export function startImapPoller(o: ImapPollerOptions): ImapPoller {
  const key = `${o.settings.user}@${o.settings.host}/${o.settings.mailbox}`;
  const backoff = o.backoff ?? { initialMs: 1000, maxMs: 60_000 };
  const state = { stopped: false, wake: undefined as undefined | (() => void) };
  const stats = { taken: 0, duplicates: 0, connects: 0 };
  let client: ImapClient | null = null;
  let connected = false;
  let uidValidity = '';
  let useKeyword = true;
  // One scan at a time; a notification during a scan asks for one more.
  let scanning: Promise<void> | null = null;
  let again = false;

  async function scanOnce(c: ImapClient): Promise<void> {
    const cursor = await getImapCursor(o.db, key);
    const from = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid + 1 : 1;
    const query: Record<string, unknown> = { uid: `${from}:*` };
    if (o.processed === 'flag') query[useKeyword ? 'unKeyword' : 'unseen'] = useKeyword ? PROCESSED_KEYWORD : true;
    // "n:*" also matches the highest UID when it is below n (RFC 3501 §6.4.8): filter.
    const uids = ((await c.search(query, { uid: true })) || []).filter((u) => u >= from).sort((a, b) => a - b);
    for (const uid of uids) {
      if (state.stopped) return;
      const msg = await c.fetchOne(String(uid), { source: true, uid: true }, { uid: true });
      if (msg && msg.source) {
        if (msg.source.length > o.maxBytes) {
          // MIME-1: kept on the server, not stored; marked so it isn't fetched again and again.
          o.log.error({ mailbox: key, uid, size: msg.source.length }, 'imap message over the size limit left in the mailbox');
        } else {
          const r = await o.receive({ channel: 'imap', raw: msg.source, providerId: `${key}:${uidValidity}:${uid}`, rcptTo: [] });
          if (r.duplicate) stats.duplicates++;
          else stats.taken++;
          o.log.info({ mailbox: key, uid, inbound: r.id, duplicate: r.duplicate }, 'imap message taken');
        }
      } // else: expunged by someone else between SEARCH and FETCH — nothing to take.
      // Only now, with the raw bytes committed, tell the server (REL-1).
      // imapflow answers false (it does not throw) when the command could not be sent or was refused:
      // the cursor must not move past a message the server doesn't know is taken.
      const marked =
        o.processed === 'move'
          ? await c.messageMove(String(uid), o.processedFolder, { uid: true })
          : await c.messageFlagsAdd(String(uid), useKeyword ? [PROCESSED_KEYWORD] : ['\\Seen'], { uid: true });
      if (!marked) throw new Error(`could not mark UID ${uid} processed`);
      await advanceImapCursor(o.db, key, uidValidity, uid, o.clock.now());
    }
  }

  function scan(): Promise<void> {
    if (!client || !connected) return Promise.resolve();
    if (scanning) {
      again = true;
      return scanning;
    }
    const c = client;
    scanning = (async () => {
      try {
        do {
          again = false;
          await scanOnce(c);
        } while (again && !state.stopped);
      } finally {
        scanning = null;
      }
    })();
    return scanning;
  }

  async function session(): Promise<void> {
    const c = o.connect(o.settings);
    client = c;
    const closed = new Promise<void>((resolve) => {
      c.on('close', () => resolve());
      c.on('error', (err) => {
        o.log.warn({ err, mailbox: key }, 'imap connection error');
        resolve();
      });
    });
    c.on('exists', () => void scan().catch((err: unknown) => failed(c, err)));
    await c.connect();
    stats.connects++;
    if (o.processed === 'move') await c.mailboxCreate(o.processedFolder).catch(() => {}); // exists already: fine
    const box = await c.mailboxOpen(o.settings.mailbox);
    uidValidity = String(box.uidValidity);
    // Servers that can't store our keyword (no "\*" in PERMANENTFLAGS) get \Seen instead.
    useKeyword = !box.permanentFlags || box.permanentFlags.has('\\*');
    connected = true;
    o.log.info({ mailbox: key, uidValidity }, 'imap mailbox open');
    await scan();
    const timer = setInterval(() => void scan().catch((err: unknown) => failed(c, err)), o.pollMs);
    try {
      await closed;
    } finally {
      clearInterval(timer);
      connected = false;
    }
  }

  function failed(c: ImapClient, err: unknown) {
    // Anything going wrong mid-scan (connection cut, DB down) drops the connection; the session loop
    // reconnects with backoff and the scan resumes from the cursor.
    o.log.warn({ err, mailbox: key }, 'imap scan failed; reconnecting');
    connected = false;
    try {
      c.close();
    } catch {}
  }

  const loop = (async () => {
    let delay = backoff.initialMs;
    while (!state.stopped) {
      const before = stats.connects;
      try {
        await session();
      } catch (err) {
        o.log.warn({ err, mailbox: key }, 'imap session ended');
        if (client) failed(client, err);
      }
      client = null;
      connected = false;
      if (state.stopped) break;
      if (stats.connects > before) delay = backoff.initialMs; // it had worked: start the backoff again
      await sleep(delay, state);
      delay = Math.min(delay * 2, backoff.maxMs);
    }
  })();

  return {
    poll: () => scan(),
    get connected() {
      return connected;
    },
    stats,
    async stop() {
      state.stopped = true;
      state.wake?.();
      const c = client;
      if (scanning) await scanning.catch(() => {});
      if (c) await c.logout().catch(() => c.close());
      await loop;
    },
  };
}
