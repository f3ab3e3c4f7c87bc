// What this instance is running with, for the start-up banner and /health: the understanding engine, the
// database, every inbound door and the outbound transport, the clock, and when mail last came and went.
// Never secrets: URLs are shown without their user names and passwords.
import type { Config } from './config.js';
import type { Db } from './store/db.js';

export interface Setup {
  engine: { kind: 'rules' } | { kind: 'llm'; model: string; baseUrl: string };
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; server: string };
  inbound: string[];
  outbound: { transport: 'capture' | 'smtp' | 'ses'; target: string };
  clock: 'real' | 'manual';
}

/** host:port/path of a URL, without credentials or query. */
export function safeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}

export function describeSetup(config: Config, listening: { smtpPort: number | null }): Setup {
  const inbound: string[] = [];
  if (config.smtp.enabled) inbound.push(`SMTP listener on ${config.smtp.host}:${listening.smtpPort ?? config.smtp.port}`);
  if (config.imap) inbound.push(`IMAP mailbox ${safeUrl(config.imap.url)}`);
  if (config.inbound.snsTopicArns.length) inbound.push(`Amazon SES via SNS (POST /inbound/ses, ${config.inbound.snsTopicArns.length} topic(s))`);
  if (config.inbound.secret) inbound.push('Cloudflare Email Worker (POST /inbound/raw)');
  const m = config.mail;
  const target =
    m.transport === 'smtp' && config.smtpUrl ? safeUrl(config.smtpUrl) : m.transport === 'ses' ? `Amazon SES in ${config.aws.region}` : 'kept in the outbox (GET /outbox)';
  return {
    engine: config.llm ? { kind: 'llm', model: config.llm.model, baseUrl: config.llm.baseURL ? safeUrl(config.llm.baseURL) : 'https://api.openai.com/v1' } : { kind: 'rules' },
    database: config.databaseUrl ? { kind: 'postgres', server: safeUrl(config.databaseUrl) } : { kind: 'pglite', dataDir: config.dataDir },
    inbound,
    outbound: { transport: m.transport, target },
    clock: config.clock.mode,
  };
}

/** When the last message arrived (any door) and the last one was handed to the transport. */
export async function lastMail(db: Db): Promise<{ receivedAt: string | null; sentAt: string | null }> {
  const [r, s] = await Promise.all([
    db.selectFrom('inbound_messages').select((eb) => eb.fn.max('received_at').as('at')).executeTakeFirst(),
    db.selectFrom('outbox').select((eb) => eb.fn.max('sent_at').as('at')).executeTakeFirst(),
  ]);
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return { receivedAt: iso(r?.at), sentAt: iso(s?.at) };
}

export function bannerLines(s: Setup): string[] {
  return [
    `  engine      ${s.engine.kind === 'llm' ? `LLM ${s.engine.model} at ${s.engine.baseUrl} (rules as fallback)` : 'rules (set OPENAI_MODEL for an LLM)'}`,
    `  database    ${s.database.kind === 'postgres' ? `Postgres ${s.database.server} (DATABASE_URL)` : `PGlite in ${s.database.dataDir}`}`,
    ...(s.inbound.length ? s.inbound.map((d, i) => `  ${i ? '           ' : 'mail in    '} ${d}`) : ['  mail in     none (no SMTP listener, IMAP_URL or webhook)']),
    `  mail out    ${s.outbound.transport}: ${s.outbound.target}`,
  ];
}
