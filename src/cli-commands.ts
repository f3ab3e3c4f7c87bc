// What the one-shot CLI verbs do once their arguments are checked (src/cli.ts): each opens what it needs,
// does one thing, closes everything and returns the text to print.
import type { Config } from './config.js';
import { openConfiguredDatabase } from './deps.js';
import type { Db } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { databaseSetupError } from './operator-errors.js';

/** Opens the configured database for one job; what goes wrong with a Postgres server says what to fix. */
async function withDatabase<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const store = await openConfiguredDatabase(config);
  try {
    return await fn(store.db);
  } catch (err) {
    throw (config.databaseUrl && databaseSetupError(err, config.databaseUrl)) || err;
  } finally {
    await store.close();
  }
}

export async function migrateCommand(config: Config): Promise<string> {
  const results = await withDatabase(config, (db) => migrateToLatest(db));
  return results.length ? results.map((r) => `${r.migrationName}: ${r.status}`).join('\n') : 'already up to date';
}

/** Runs jobs on a full set of deps (the job runner's own code), then closes them. */
async function withJobRunner<T>(config: Config, at: string | undefined, fn: (deps: import('./deps.js').Deps) => Promise<T>): Promise<T> {
  const { createDeps, makeClock } = await import('./deps.js');
  const { jobHandlers } = await import('./main.js');
  const { ManualClock } = await import('./domain/clock.js');
  const clock = at ? new ManualClock(new Date(at)) : makeClock(config);
  const deps = await createDeps(config, { clock });
  try {
    await deps.queue.start(jobHandlers(deps));
    return await fn(deps);
  } finally {
    await deps.close();
  }
}

export async function tickCommand(config: Config, at: string | undefined): Promise<string> {
  const { tick } = await import('./coordinate/tick.js');
  return withJobRunner(config, at, async (deps) => {
    const result = await tick(deps, deps.clock.now());
    await deps.queue.drain();
    return JSON.stringify(result);
  });
}

export async function reprocessCommand(config: Config, id: number): Promise<string> {
  const { reprocess } = await import('./main.js');
  return withJobRunner(config, undefined, async (deps) => {
    await reprocess(deps, id);
    const jobsRun = await deps.queue.drain();
    const row = await deps.db.selectFrom('inbound_messages').select(['id', 'status', 'classification', 'error', 'project_id']).where('id', '=', id).executeTakeFirst();
    return JSON.stringify({ ...row, jobsRun });
  });
}

export async function rotateSecretCommand(config: Config, graceDays: number): Promise<string> {
  const { rotateSigningSecret } = await import('./store/secrets.js');
  const until = await withDatabase(config, async (db) => {
    await migrateToLatest(db);
    return rotateSigningSecret(db, new Date(), graceDays);
  });
  const note = config.secret ? '\nCOORDINATOR_SECRET is set, so this instance still signs with it: unset it to use the database key.' : '';
  return `new signing key in place; tokens signed with the old one verify until ${until.toISOString()}.\nRestart every instance so that they all sign with the new key.${note}`;
}
