// The composition root: the only place that constructs outside libraries (PGlite/pg, pg-boss, nodemailer,
// pino) and hands them down as small interfaces.
import { createHash } from 'node:crypto';
import { promises as dnsPromises } from 'node:dns';
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import type { CoordinateDeps, Identity } from './coordinate/context.js';
import { httpFreeBusyFetcher } from './coordinate/free-busy.js';
import { type Clock, ManualClock, systemClock } from './domain/clock.js';
import { createJobQueue, type JobQueue } from './jobs/queue.js';
import { type OpenedDatabase, openDatabase } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { databaseSetupError } from './operator-errors.js';
import { importDataDirSecret, loadSigningSecrets, type SigningSecrets } from './store/secrets.js';
import { createIsolatedParser, type IsolatedParserOptions } from './parse/isolated.js';
import { captureTransport } from './transports/capture.js';
import { SESClient } from '@aws-sdk/client-ses';
import { ImapFlow } from 'imapflow';
import type { ImapClient, ImapSettings } from './inbound/imap-poller.js';
import { s3ObjectFetcher } from './inbound/s3-fetch.js';
import { snsHttpsGet } from './inbound/sns-verify.js';
import { sesTransport } from './transports/ses.js';
import { smtpTransport } from './transports/smtp.js';
import type { Transport } from './transports/transport.js';
import { createEngine } from './understand/llm.js';
import { dbCallBudget, dbExtractionCache } from './store/understanding-cache.js';
import type { UnderstandingEngine } from './understand/types.js';
import type { DNSResolver } from 'mailauth';
import { senderAuthenticator, type SenderAuthenticator } from './coordinate/authenticate-sender.js';

export interface Deps extends CoordinateDeps {
  config: Config;
  store: OpenedDatabase;
  queue: JobQueue;
  transport: Transport;
  clock: Clock;
  plumbing: PlumbingIO;
  senderAuth: SenderAuthenticator;
  close(): Promise<void>;
}

/** Outside fetches the inbound webhooks make (injected so tests never reach the network). */
export interface PlumbingIO {
  snsCert: (url: string) => Promise<string>;
  snsGet: (url: string) => Promise<string>;
  s3Object: (bucket: string, key: string) => Promise<Buffer>;
  snsTrustedCAs?: string[];
}

export function makePlumbingIO(config: Config, o: Partial<PlumbingIO> = {}): PlumbingIO {
  const creds = config.aws.credentials;
  return {
    snsCert: o.snsCert ?? ((url) => snsHttpsGet(url)),
    snsGet: o.snsGet ?? ((url) => snsHttpsGet(url)),
    s3Object:
      o.s3Object ??
      (config.aws.region && creds
        ? s3ObjectFetcher({ region: config.aws.region, credentials: creds, endpoint: config.aws.s3Endpoint, maxBytes: config.limits.maxBytes })
        : async () => {
            throw new Error('S3 object fetch needs AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
          }),
    ...(o.snsTrustedCAs ? { snsTrustedCAs: o.snsTrustedCAs } : {}),
  };
}

export interface DepsOverrides {
  log?: Logger;
  clock?: Clock;
  transport?: Transport;
  engine?: UnderstandingEngine;
  /** Tests: the parse worker's limits or script. */
  parser?: IsolatedParserOptions;
  /** Reads a person's free/busy ICS URL (default: HTTP(S) with a time and size limit). */
  fetchFreeBusy?: (url: string) => Promise<string>;
  /** Mail plumbing: IMAP connections and reconnect backoff, SNS certificate and S3 object fetches. */
  imapConnect?: (s: ImapSettings) => ImapClient;
  imapBackoff?: { initialMs: number; maxMs: number };
  plumbing?: Partial<PlumbingIO>;
  /** DNS lookups for sender authentication (COMMAND_AUTH=dmarc); tests pass a fixture resolver. */
  dnsResolver?: DNSResolver;
  /** Tests: an already-open database (PGlite per file, or a Postgres schema). */
  store?: OpenedDatabase;
  queueSchema?: string;
}

/** How long a key taken from an old data folder, which is not the database's, keeps verifying. */
const DATA_DIR_SECRET_GRACE_DAYS = 30;

/**
 * COORDINATOR_SECRET, or the database's key, so that every instance on one database shares it. A key file
 * an older version left in the data folder is taken into the database first (store/secrets.ts).
 */
export async function loadSecrets(config: Config, db: OpenedDatabase['db'], now: Date): Promise<SigningSecrets> {
  const file = path.join(config.dataDir, 'secret');
  if (fs.existsSync(file)) await importDataDirSecret(db, fs.readFileSync(file, 'utf8').trim(), now, DATA_DIR_SECRET_GRACE_DAYS);
  // COORDINATOR_SECRET replaces the database's key outright: set it on every instance or on none.
  return config.secret ? { current: config.secret, older: [] } : loadSigningSecrets(db, now);
}

export function makeClock(config: Config): Clock {
  return config.clock.mode === 'manual' ? new ManualClock(config.clock.start ?? new Date()) : systemClock;
}

/** MAIL_TRANSPORT: capture (default without SMTP_URL), smtp, or ses. */
export function makeTransport(config: Config): Transport {
  const m = config.mail;
  if (m.transport === 'smtp' && config.smtpUrl) {
    return smtpTransport(config.smtpUrl, { requireTLS: m.smtpRequireTls, allowInvalidCert: m.smtpAllowInvalidCert, dkim: m.dkim });
  }
  if (m.transport === 'ses') {
    const region = config.aws.region!;
    // A copy of the credentials: the SDK writes into the object, and config is frozen.
    const credentials = config.aws.credentials ? { credentials: { ...config.aws.credentials } } : {};
    const client = new SESClient({ region, ...(config.aws.sesEndpoint ? { endpoint: config.aws.sesEndpoint } : {}), ...credentials });
    return sesTransport(client, { region, configurationSet: config.aws.sesConfigurationSet });
  }
  return captureTransport();
}

export async function createDeps(config: Config, o: DepsOverrides = {}): Promise<Deps> {
  const log = o.log ?? pino({ level: config.logLevel, base: { service: 'coordinator' } });
  const clock = o.clock ?? makeClock(config);
  const store = o.store ?? (await openConfiguredDatabase(config));
  try {
    await migrateToLatest(store.db, store.connection?.searchPath);
    const queue = await createJobQueue(store, { log, schema: o.queueSchema });
    const transport = o.transport ?? makeTransport(config);
    const parser = createIsolatedParser({ ...config.parser, ...o.parser });
    const secrets = await loadSecrets(config, store.db, clock.now());
    const secret = secrets.current;
    const identity: Identity = {
      address: config.address,
      domain: config.domain,
      name: config.name,
      instanceId: createHash('sha256').update(`instance|${secret}`).digest('hex').slice(0, 16),
      publicUrl: config.publicUrl,
    };
    return {
      config,
      log,
      clock,
      store,
      db: store.db,
      queue,
      transport,
      engine:
        o.engine ??
        createEngine(config, config.llm ? { cache: dbExtractionCache(store.db), budget: dbCallBudget(store.db, config.llm.dailyCallsPerSender), log } : {}),
      fetchFreeBusy: o.fetchFreeBusy ?? httpFreeBusyFetcher({ allowPrivate: config.freeBusy.allowPrivate }),
      parse: (raw, limits) => parser.parse(raw, limits),
      identity,
      secret,
      olderSecrets: secrets.older,
      limits: config.limits,
      replyTokenDays: config.commandAuth.tokenDays,
      plumbing: makePlumbingIO(config, o.plumbing),
      senderAuth: senderAuthenticator({
        policy: config.commandAuth.policy,
        trustedAuthservIds: config.commandAuth.trustedAuthservIds,
        resolver: o.dnsResolver ?? dnsResolver(),
        mta: config.domain,
      }),
      async close() {
        await queue.stop().catch((err: unknown) => log.warn({ err }, 'queue stop failed'));
        await transport.close();
        await parser.close();
        if (!o.store) await store.close();
      },
    };
  } catch (err) {
    if (!o.store) await store.close();
    throw (config.databaseUrl && databaseSetupError(err, config.databaseUrl)) || err;
  }
}

/** The database the configuration names; a Postgres server that cannot be used is reported as what to fix. */
export async function openConfiguredDatabase(config: Config): Promise<OpenedDatabase> {
  try {
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    throw (config.databaseUrl && databaseSetupError(err, config.databaseUrl)) || err;
  }
}

/** The real DNS for mailauth: a resolver with a short timeout, so a dead DNS cannot stall processing. */
export function dnsResolver(): DNSResolver {
  const r = new dnsPromises.Resolver({ timeout: 3000, tries: 2 });
  return (name, rrtype) => r.resolve(name, rrtype as 'TXT') as Promise<string[][] | string[]>;
}

/** IMAP_URL: imapflow connections for the IMAP poller (IDLE starts soon after each command). */
export function imapConnector(log: Logger): (s: ImapSettings) => ImapClient {
  return (s) =>
    new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: { user: s.user, pass: s.pass },
      logger: false,
      autoIdleDelay: 250,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
    }).on('error', (err: unknown) => log.debug({ err }, 'imap client error')) as unknown as ImapClient;
}
