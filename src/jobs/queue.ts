// pg-boss behind the small slice of it we use. Jobs are enqueued inside the caller's kysely transaction
// (pg-boss's fromKysely adapter), so a job exists exactly when the state change that caused it commits.
import { PgBoss, fromKysely, fromPglite, type Job } from 'pg-boss';
import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { OpenedDatabase } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { queueNames, type JobName, type JobPayloads } from './payloads.js';

export type Handler<N extends JobName> = (data: JobPayloads[N], job: { id: string; retryCount: number }) => Promise<void>;
export type Handlers = { [N in JobName]: Handler<N> };

export interface EnqueueOptions {
  startAfterSeconds?: number;
}

export interface JobQueue {
  enqueue<N extends JobName>(tx: Kysely<Database>, name: N, data: JobPayloads[N], opts?: EnqueueOptions): Promise<void>;
  start(handlers: Handlers): Promise<void>;
  /** Runs every job available now, including ones those jobs enqueue, and returns how many ran. */
  drain(maxJobs?: number): Promise<number>;
  stop(): Promise<void>;
}

interface QueueSettings {
  schema?: string;
  pollingIntervalSeconds?: number;
  log: Logger;
}

// Send jobs expire (and are re-run) after this; well above a slow SMTP transaction's worst case (REL-5).
const EXPIRE_SECONDS = 15 * 60;
export const DEAD_LETTER = 'dead-letter';

export async function createJobQueue(store: OpenedDatabase, s: QueueSettings): Promise<JobQueue> {
  const boss = store.pglite
    ? new PgBoss({ db: fromPglite(store.pglite), backend: 'pglite', schema: s.schema ?? 'pgboss', supervise: true, schedule: false })
    : new PgBoss({
        connectionString: store.connection!.connectionString,
        schema: s.schema ?? 'pgboss',
        max: 4,
        schedule: false,
      });
  boss.on('error', (err: unknown) => s.log.error({ err }, 'job queue error'));
  await boss.start();
  // Jobs that used up their retries land here, kept for inspection (REL-5).
  await boss.createQueue(DEAD_LETTER, { policy: 'standard' });
  for (const name of queueNames) {
    await boss.createQueue(name, {
      policy: 'standard',
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: EXPIRE_SECONDS,
      deadLetter: DEAD_LETTER,
    });
  }
  let handlers: Handlers | undefined;
  let stopped = false;

  async function runOne<N extends JobName>(name: N, job: Job<JobPayloads[N]>): Promise<void> {
    const h = handlers![name] as Handler<N>;
    await h(job.data, { id: job.id, retryCount: (job as { retryCount?: number }).retryCount ?? 0 });
  }

  return {
    async enqueue(tx, name, data, opts = {}) {
      await boss.send(name, data as object, {
        db: fromKysely(tx),
        startAfter: opts.startAfterSeconds,
      });
    },
    async start(h) {
      handlers = h;
      for (const name of queueNames) {
        await boss.work(
          name,
          { batchSize: 10, pollingIntervalSeconds: s.pollingIntervalSeconds ?? 0.5 },
          async (jobs: Job<JobPayloads[typeof name]>[]) => {
            for (const job of jobs) await runOne(name, job);
          },
        );
      }
    },
    async drain(maxJobs = 10_000) {
      if (!handlers) throw new Error('queue not started');
      let ran = 0;
      for (let progress = true; progress && ran < maxJobs && !stopped; ) {
        progress = false;
        for (const name of queueNames) {
          const jobs = await boss.fetch<JobPayloads[typeof name]>(name, { batchSize: 20 });
          for (const job of jobs ?? []) {
            progress = true;
            ran++;
            try {
              await runOne(name, job);
              await boss.complete(name, job.id);
            } catch (err) {
              s.log.warn({ err, job: job.id, queue: name }, 'job failed during drain');
              await boss.fail(name, job.id, { message: err instanceof Error ? err.message : String(err) });
            }
          }
        }
      }
      return ran;
    },
    async stop() {
      stopped = true;
      await boss.stop({ graceful: true, timeout: 5000, close: true });
    },
  };
}
