// pg-boss behind the small slice of it we use. Jobs are enqueued inside the caller's kysely transaction
// (pg-boss's fromKysely adapter), so a job exists exactly when the state change that caused it commits.
import { PgBoss, fromKysely, fromPglite, type Job } from 'pg-boss';
import type { Logger } from 'pino';
import { type Kysely, sql } from 'kysely';
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
  /** Many jobs of one kind in one statement, inside the caller's transaction. */
  enqueueMany<N extends JobName>(tx: Kysely<Database>, name: N, items: JobPayloads[N][]): Promise<void>;
  start(handlers: Handlers): Promise<void>;
  /** Wakes a queue's worker now instead of at its next poll (call after the enqueuing transaction commits). */
  wake(name: JobName): void;
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
  // pg-boss resolves a queue's table through a cache that it fills, on a miss, over its own connection.
  // On PGlite that connection is the one a kysely transaction holds, so a first enqueue inside a
  // transaction would wait on itself forever. Fill the cache now, outside any transaction: completing a
  // job id that doesn't exist changes nothing and costs one lookup per queue.
  for (const name of queueNames) await boss.complete(name, '00000000-0000-4000-8000-000000000000');
  let handlers: Handlers | undefined;
  let stopped = false;
  const workerIds = new Map<JobName, string>();
  const jobTable = sql.id(s.schema ?? 'pgboss', 'job');
  const names = [...queueNames];
  /** Jobs that are running, or ready to run now, in our queues (retries waiting out a backoff are not). */
  const busy = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${jobTable}
      where name in (${sql.join(names)})
        and (state = 'active' or (state in ('created', 'retry') and start_after <= now()))`.execute(store.db);
    return (rows[0]?.n ?? 0) > 0;
  };

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
    async enqueueMany(tx, name, items) {
      for (let i = 0; i < items.length; i += 1000) {
        await boss.insert(name, items.slice(i, i + 1000).map((data) => ({ data: data as object })), { db: fromKysely(tx) });
      }
    },
    async start(h) {
      handlers = h;
      for (const name of queueNames) {
        const workerId = await boss.work(
          name,
          { batchSize: 10, pollingIntervalSeconds: s.pollingIntervalSeconds ?? 0.5 },
          async (jobs: Job<JobPayloads[typeof name]>[]) => {
            for (const job of jobs) await runOne(name, job);
          },
        );
        workerIds.set(name, workerId);
      }
    },
    wake(name) {
      const id = workerIds.get(name);
      if (id && !stopped) boss.notifyWorker(id);
    },
    async drain(maxJobs = 10_000) {
      if (!handlers) throw new Error('queue not started');
      let ran = 0;
      const deadline = Date.now() + 60_000;
      for (let progress = true; ran < maxJobs && !stopped && Date.now() < deadline; ) {
        if (!progress) {
          // Nothing left for us to fetch; wait for jobs a polling worker took (or is about to take).
          if (!(await busy())) break;
          await new Promise((r) => setTimeout(r, 20));
        }
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
