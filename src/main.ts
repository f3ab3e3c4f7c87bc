// The Node entry: config → deps → job runner + HTTP + SMTP listener + ticker.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import type { CoordinateDeps } from './coordinate/context.js';
import { processInbound, recordFailure } from './coordinate/process-inbound.js';
import { tick } from './coordinate/tick.js';
import { ConfigError } from './config.js';
import { createDeps, type Deps, type DepsOverrides, imapConnector } from './deps.js';
import { ManualClock } from './domain/clock.js';
import { CoordinatorError } from './errors.js';
import { type ImapPoller, parseImapUrl, startImapPoller } from './inbound/imap-poller.js';
import { receive } from './inbound/receive.js';
import { startSmtpListener, type SmtpListener } from './inbound/smtp-listener.js';
import { createApp } from './http/app.js';
import type { Handlers } from './jobs/queue.js';
import { sendOutbox } from './jobs/send-outbox.js';
import { bannerLines, describeSetup, lastMail } from './setup.js';

export interface Service {
  deps: Deps;
  imap: ImapPoller | null;
  httpPort: number;
  smtpPort: number | null;
  /** Moves a manual clock, runs everything due by then, and waits until the queue is idle. */
  runClock(now: Date): Promise<{ jobsRun: number }>;
  /** Runs every job that is ready now (tests and the demo use it to wait for processing). */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export function jobHandlers(deps: Deps): Handlers {
  return {
    'inbound-process': async ({ inboundId }, job) => {
      try {
        await processInbound(deps, inboundId);
        deps.queue.wake('outbox-send'); // whatever the message caused to be sent is committed now
      } catch (err) {
        await recordFailure(deps, inboundId, err).catch(() => {});
        deps.log.error({ err, inbound: inboundId, retry: job.retryCount }, 'inbound processing failed');
        throw err;
      }
    },
    'outbox-send': async ({ outboxId }) => {
      await sendOutbox(deps, outboxId);
    },
  };
}

/** Re-runs a message that failed (or never finished); a processed or ignored one is refused, not redone. */
export async function reprocess(deps: CoordinateDeps, inboundId: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('inbound_messages')
      .set({ status: 'received', error: null })
      .where('id', '=', inboundId)
      .where('status', 'in', ['failed', 'received', 'processing'])
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new CoordinatorError('ALREADY_PROCESSED', `message ${inboundId} does not exist or was already processed`);
    await deps.queue.enqueue(trx, 'inbound-process', { inboundId });
  });
}

/** A listener that could not bind, said with the variable that moves it. */
async function portInUse<T>(variable: 'PORT' | 'SMTP_PORT', host: string, port: number, listening: Promise<T>): Promise<T> {
  try {
    return await listening;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`port ${port} on ${host} is already in use (${variable}): stop what listens there, or set ${variable} to a free port`, { cause: err });
    if (code === 'EACCES') throw new ConfigError(`not allowed to listen on port ${port} on ${host} (${variable}): ports below 1024 need privileges; set ${variable} to 1024 or above`, { cause: err });
    if (code === 'EADDRNOTAVAIL') throw new ConfigError(`cannot listen on ${host}: this machine has no such address (${variable === 'PORT' ? 'HOST' : 'SMTP_HOST'})`, { cause: err });
    throw err;
  }
}

/** `coordinator start`: the service, a banner saying what it runs with, and a clean stop on SIGINT/SIGTERM. */
export async function runService(config: Config): Promise<number> {
  const service = await startService(config);
  const base = `http://${config.host}:${service.httpPort}`;
  const setup = describeSetup(config, { smtpPort: service.smtpPort });
  const last = await lastMail(service.deps.db);
  process.stdout.write(
    [
      `Coordinator is running as ${config.address}`,
      `  HTTP        ${base}  (outbox: ${base}/outbox, API: ${base}/api/projects, health: ${base}/health)`,
      ...bannerLines(setup),
      `  clock       ${config.clock.mode}${config.clock.mode === 'manual' ? ` at ${service.deps.clock.now().toISOString()} (POST /api/admin/clock to move it)` : ''}`,
      `  last mail   received ${last.receivedAt ?? 'never'}, sent ${last.sentAt ?? 'never'}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await service.stop();
  return 0;
}

export async function startService(config: Config, overrides: DepsOverrides = {}): Promise<Service> {
  const deps = await createDeps(config, overrides);
  const { log } = deps;
  const closers: (() => Promise<void>)[] = [];
  try {
    await deps.queue.start(jobHandlers(deps));

    // One tick at a time; a manual clock is moved only through runClock.
    let ticking: Promise<unknown> = Promise.resolve();
    const runTick = (now: Date) => (ticking = ticking.then(() => tick(deps, now)).catch((err: unknown) => log.error({ err }, 'tick failed')));
    const timer = setInterval(() => void runTick(deps.clock.now()), config.tickIntervalMs);
    timer.unref();
    closers.push(async () => clearInterval(timer));

    // The queue's drain already runs until nothing is ready or running, jobs enqueued by jobs included.
    const drain = () => deps.queue.drain();
    const runClock = async (now: Date) => {
      if (!(deps.clock instanceof ManualClock)) throw new Error('the clock is not manual');
      deps.clock.set(now);
      await runTick(now);
      return { jobsRun: await drain() };
    };

    let smtp: SmtpListener | null = null;
    if (config.smtp.enabled) {
      smtp = await portInUse('SMTP_PORT', config.smtp.host, config.smtp.port, startSmtpListener({
        host: config.smtp.host,
        port: config.smtp.port,
        domain: config.domain,
        maxBytes: config.limits.maxBytes,
        maxRecipients: config.limits.maxRecipients,
        maxMimeDepth: config.limits.maxMimeDepth,
        log,
        receive: (input) => receive(deps, input),
      }));
      closers.push(() => smtp!.close());
    }

    // IMAP_URL: watch a mailbox as well as (or instead of) listening for SMTP.
    let imap: ImapPoller | null = null;
    if (config.imap) {
      imap = startImapPoller({
        settings: parseImapUrl(config.imap.url),
        connect: overrides.imapConnect ?? imapConnector(log),
        receive: (input) => receive(deps, input),
        db: deps.db,
        clock: deps.clock,
        log,
        processed: config.imap.processed,
        processedFolder: config.imap.folder,
        pollMs: config.imap.pollMs,
        maxBytes: config.limits.maxBytes,
        backoff: overrides.imapBackoff,
      });
      closers.push(() => imap!.stop());
    }

    const app = createApp({ ...deps, runClock, reprocess: (id) => reprocess(deps, id), receive: (input) => receive(deps, input) }, {
      smtp: () => ({ enabled: config.smtp.enabled, listening: smtp?.listening ?? false, port: smtp?.port ?? null }),
      setup: () => describeSetup(config, { smtpPort: smtp?.port ?? null }),
    });
    const server = await portInUse(
      'PORT',
      config.host,
      config.port,
      new Promise<ReturnType<typeof serve>>((resolve, reject) => {
        const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
        s.once('error', reject);
      }),
    );
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    const httpPort = (server.address() as AddressInfo).port;
    if (!config.publicUrlSet) deps.identity.publicUrl = `http://localhost:${httpPort}`;

    return {
      deps,
      imap,
      httpPort,
      smtpPort: smtp?.port ?? null,
      runClock,
      drain,
      async stop() {
        for (const close of closers.reverse()) await close().catch((err: unknown) => log.warn({ err }, 'shutdown step failed'));
        await deps.close();
      },
    };
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => {});
    await deps.close();
    throw err;
  }
}
