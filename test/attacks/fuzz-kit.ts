// MIME fuzzing (FIG-7): public corpus messages mutated with a seeded generator (bit flips, truncation,
// duplicated and dropped lines, NUL and 0xFF bytes, very long lines, broken and RFC 2231 boundaries,
// message/rfc822 nesting, empty Content-Types, bogus charsets and encodings, splices of two messages),
// sent through the real SMTP listener into receive() on a real database, and every accepted message
// parsed the way the processing job parses it (in the isolated parser's worker thread). The outcome of each message is one of: refused with an
// SMTP reply that says why, stored and parsed, or stored and quarantined (a parse limit or error that
// processInbound records). A crash, an accepted message that is not stored, or a refusal without a
// reason is a finding. Used by test/attacks/fuzz.test.ts (CI) and scripts/chaos.ts (npm run chaos).
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { startSmtpListener } from '../../src/inbound/smtp-listener.js';
import { receive, type ReceiveInput, type ReceiveResult } from '../../src/inbound/receive.js';
import { createIsolatedParser } from '../../src/parse/isolated.js';
import type { OpenedDatabase } from '../../src/store/db.js';
import { ManualClock } from '../../src/domain/clock.js';
import { seededRandom } from '../../src/understand/learn/cross-validate.js';

export function seeds(corpusDir: string): Buffer[] {
  const out: Buffer[] = [];
  const walk = (dir: string) => {
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (/\.(eml|txt|msg)$/.test(f.name) && fs.statSync(p).size < 50_000) out.push(fs.readFileSync(p));
    }
  };
  for (const d of ['mailgun-flanker', 'sisimai-set-of-emails', 'cfortune-PHP-Bounce-Handler']) walk(path.join(corpusDir, d));
  return out;
}

/** A seeded generator, so a finding can be replayed from its seed. */
export const rng = seededRandom;

type Mutation = (m: Buffer, r: () => number, other: Buffer) => Buffer;
const at = (n: number, r: () => number) => Math.floor(r() * n);
const lines = (m: Buffer) => m.toString('latin1').split('\n');
const join = (l: string[]) => Buffer.from(l.join('\n'), 'latin1');

export const mutations: [string, Mutation][] = [
  ['flip bytes', (m, r) => { const b = Buffer.from(m); for (let i = 0; i < 1 + at(8, r); i++) b[at(b.length, r)] = at(256, r); return b; }],
  ['truncate', (m, r) => m.subarray(0, at(m.length, r))],
  ['duplicate a line', (m, r) => { const l = lines(m); const i = at(l.length, r); l.splice(i, 0, ...Array(1 + at(50, r)).fill(l[i])); return join(l); }],
  ['drop lines', (m, r) => { const l = lines(m); l.splice(at(l.length, r), 1 + at(10, r)); return join(l); }],
  ['NUL and 0xFF', (m, r) => { const b = Buffer.from(m); for (let i = 0; i < 4; i++) b[at(b.length, r)] = r() < 0.5 ? 0 : 0xff; return b; }],
  ['NUL in Message-ID', (m) => Buffer.from(m.toString('latin1').replace(/^(message-id:[^\n]*?)>/im, '$1\u0000x>'), 'latin1')],
  ['very long line', (m, r) => { const l = lines(m); l.splice(at(l.length, r), 0, 'X-Long: ' + 'a'.repeat(r() < 0.05 ? 200_000 : 1000 + at(20_000, r))); return join(l); }],
  ['break a boundary', (m, r) => Buffer.from(m.toString('latin1').replace(/boundary="?([^";\r\n]+)"?/i, () => `boundary="${'z'.repeat(at(80, r))}"`), 'latin1')],
  ['RFC 2231 boundaries, deep', (m, r) => { let s = ''; const n = 1 + at(40, r); for (let i = 0; i < n; i++) s += `Content-Type: multipart/mixed; boundary*0="d${i}"; boundary*1="x"\r\n\r\n--d${i}x\r\n`; return Buffer.concat([Buffer.from(`From: a@example.com\r\nMIME-Version: 1.0\r\n`), Buffer.from(s), m]); }],
  ['message/rfc822 nesting', (m, r) => { let out = m; for (let i = 0; i < 1 + at(30, r); i++) out = Buffer.concat([Buffer.from(`From: a@example.com\r\nSubject: wrap ${i}\r\nContent-Type: message/rfc822\r\n\r\n`), out]); return out; }],
  ['empty Content-Type', (m) => Buffer.from(m.toString('latin1').replace(/^content-type:[^\r\n;]*/im, 'Content-Type: '), 'latin1')],
  ['bogus charset and encoding', (m) => Buffer.from(m.toString('latin1').replace(/charset="?[\w-]+"?/gi, 'charset="x-unknown-\u00ff"').replace(/content-transfer-encoding:[^\r\n]*/gi, 'Content-Transfer-Encoding: base64'), 'latin1')],
  ['many parts', (m, r) => { const b = `p${at(1e6, r)}`; const parts = Array.from({ length: r() < 0.3 ? 1001 + at(50, r) : 1 + at(60, r) }, (_, i) => `--${b}\r\nContent-Type: text/plain\r\n\r\n${i}\r\n`).join(''); return Buffer.from(`From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n${parts}--${b}--\r\n`); }],
  ['address-group recursion', (m, r) => Buffer.concat([Buffer.from(`From: ${'g:'.repeat(1 + at(300, r))}a@example.com${';'.repeat(at(300, r))}\r\n`), m])],
  ['splice two messages', (m, r, other) => Buffer.concat([m.subarray(0, at(m.length, r)), other.subarray(at(other.length, r))])],
];

export interface FuzzFigures {
  sent: number;
  accepted: number; // 250
  duplicates: number; // 250 Already have it
  refused: number; // 5xx/4xx with a reason
  refusedWithoutReason: number;
  acceptedThenLost: number;
  parsed: number;
  quarantined: number; // parse limit or parse error, recorded as such by processInbound
  crashes: number; // the listener stopped, or something threw outside the outcomes above
  lagP99Ms: number;
  seconds: number;
  byMutation: Record<string, number>;
}

export async function runFuzz(
  store: OpenedDatabase,
  o: { n: number; seed: number; corpusDir: string; concurrency?: number; onProgress?: (done: number) => void; receiveOverride?: (input: ReceiveInput) => Promise<ReceiveResult> },
): Promise<FuzzFigures> {
  const pool = seeds(o.corpusDir);
  const r = rng(o.seed);
  const clock = new ManualClock(new Date('2025-03-03T10:00:00Z'));
  const log = pino({ level: 'silent' });
  const db = { db: store.db, clock, queue: { enqueue: async () => {} } };
  const listener = await startSmtpListener({ host: '127.0.0.1', port: 0, domain: 'contoso.com', maxBytes: 25 * 1024 * 1024, maxRecipients: 50, maxMimeDepth: 20, log, receive: o.receiveOverride ?? ((input) => receive(db, input)) });
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true, pool: true, maxConnections: o.concurrency ?? 4, maxMessages: Infinity });
  const f: FuzzFigures = { sent: 0, accepted: 0, duplicates: 0, refused: 0, refusedWithoutReason: 0, acceptedThenLost: 0, parsed: 0, quarantined: 0, crashes: 0, lagP99Ms: 0, seconds: 0, byMutation: {} };
  const parser = createIsolatedParser(); // the processing job's parser: a worker thread with time and memory limits
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const started = Date.now();
  const one = async () => {
    const seed = pool[at(pool.length, r)]!;
    const [name, mutate] = mutations[at(mutations.length, r)]!;
    const raw = mutate(seed, r, pool[at(pool.length, r)]!);
    f.byMutation[name] = (f.byMutation[name] ?? 0) + 1;
    f.sent++;
    let response: string;
    try {
      response = (await client.sendMail({ envelope: { from: 'fuzz@example.net', to: ['coordinator@contoso.com'] }, raw })).response;
    } catch (err) {
      const text = String((err as { response?: string }).response ?? (err as Error).message);
      if (/^[45]\d\d[ -]\S.{4,}/.test(text)) f.refused++;
      else if (!listener.listening) f.crashes++;
      else f.refusedWithoutReason++;
      return;
    }
    const id = Number(/#(\d+)/.exec(response)?.[1]);
    if (/Already have it/.test(response)) f.duplicates++;
    else f.accepted++;
    const row = Number.isInteger(id) ? await store.db.selectFrom('inbound_messages').select(['raw']).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) {
      f.acceptedThenLost++;
      return;
    }
    if (/Already have it/.test(response)) return;
    try {
      await parser.parse(Buffer.from(row.raw), { maxBytes: 25 * 1024 * 1024, maxDepth: 20 });
      f.parsed++;
    } catch (err) {
      if (err instanceof Error) f.quarantined++; // a limit, a timeout or a parser crash: processInbound quarantines it
      else f.crashes++;
    }
  };
  try {
    // A window of 8 messages in flight (not batches of 8): one slow message holds up only its own slot.
    // Each message is drawn from the seeded generator before its first await, so the sequence stays replayable.
    let next = 0;
    let done = 0;
    const lane = async () => {
      while (next < o.n) {
        next++;
        await one();
        if (++done % 1000 === 0) o.onProgress?.(done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, o.n) }, lane));
  } finally {
    lag.disable();
    client.close();
    if (!listener.listening) f.crashes++;
    await listener.close();
    await parser.close();
  }
  f.lagP99Ms = Math.round(lag.percentile(99) / 1e6);
  f.seconds = (Date.now() - started) / 1000;
  return f;
}
