// The `coordinator` command: thin dispatch to the modules that do the work.
import { loadConfig } from './config.js';

const [command, ...args] = process.argv.slice(2);

function flag(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

/** Positional arguments (those that are neither flags nor flag values). */
function positional(): string[] {
  return args.filter((a, i) => !a.startsWith('--') && !(args[i - 1]?.startsWith('--') && !args[i - 1]!.includes('=')));
}

const usage = `usage: coordinator <command>
  start                         run the service (HTTP, SMTP listener, job runner)
  demo                          run the whole story end to end in a temporary data folder
  parse FILE.eml [--now ISO] [--tz IANA]   print what the understanding engine reads (no DB, no network)
  intent FILE                              one sentence per line in, Yes/No (request or commitment?) per line out
  migrate                       apply database migrations
  reprocess ID                  re-run processing of a stored inbound message
  tick [--now ISO]              run all scheduled work due at that instant`;

async function run(): Promise<number> {
  switch (command) {
    case 'start': {
      const { startService } = await import('./main.js');
      const config = loadConfig();
      const service = await startService(config);
      const base = `http://${config.host}:${service.httpPort}`;
      process.stdout.write(
        [
          `Coordinator is running as ${config.address}`,
          `  HTTP        ${base}  (outbox: ${base}/outbox, API: ${base}/api/projects, health: ${base}/health)`,
          service.smtpPort !== null ? `  SMTP in     ${config.smtp.host}:${service.smtpPort}  (send mail to ${config.address})` : '  SMTP in     disabled',
          `  mail out    ${config.smtpUrl ? 'SMTP relay (SMTP_URL)' : 'captured locally (no SMTP_URL)'}`,
          `  database    ${config.databaseUrl ? 'Postgres (DATABASE_URL)' : `PGlite in ${config.dataDir}`}`,
          `  clock       ${config.clock.mode}${config.clock.mode === 'manual' ? ` at ${service.deps.clock.now().toISOString()} (POST /api/admin/clock to move it)` : ''}`,
          '',
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await service.stop();
      return 0;
    }
    case 'demo': {
      const { runDemo } = await import('../scripts/demo.js');
      return runDemo();
    }
    case 'parse': {
      const file = positional()[0];
      if (!file) throw new Error('usage: coordinator parse FILE.eml [--now ISO] [--tz IANA]');
      const { parseFile } = await import('./understand/cli-parse.js');
      const out = await parseFile(file, { now: flag('now'), tz: flag('tz') });
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      return 0;
    }
    case 'intent': {
      const file = positional()[0];
      if (!file) throw new Error('usage: coordinator intent FILE (one sentence per line)');
      const { classifyLines } = await import('./understand/intent.js');
      const { readFile } = await import('node:fs/promises');
      const out = classifyLines(await readFile(file, 'utf8'));
      process.stdout.write(out.length ? out.join('\n') + '\n' : '');
      return 0;
    }
    case 'migrate': {
      const { openDatabase } = await import('./store/db.js');
      const { migrateToLatest } = await import('./store/migrate.js');
      const config = loadConfig();
      const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const results = await migrateToLatest(store.db);
        process.stdout.write(results.length ? results.map((r) => `${r.migrationName}: ${r.status}`).join('\n') + '\n' : 'already up to date\n');
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'reprocess':
    case 'tick': {
      const { createDeps } = await import('./deps.js');
      const { jobHandlers, reprocess } = await import('./main.js');
      const { ManualClock, systemClock } = await import('./domain/clock.js');
      const { tick } = await import('./coordinate/tick.js');
      const config = loadConfig();
      const at = flag('now');
      const clock = at ? new ManualClock(new Date(at)) : systemClock;
      if (at && Number.isNaN(clock.now().getTime())) throw new Error(`--now: not a date: ${at}`);
      const deps = await createDeps(config, { clock });
      try {
        await deps.queue.start(jobHandlers(deps));
        if (command === 'reprocess') {
          const id = Number(positional()[0]);
          if (!Number.isInteger(id) || id <= 0) throw new Error('usage: coordinator reprocess ID');
          await reprocess(deps, id);
        } else {
          process.stdout.write(JSON.stringify(await tick(deps, clock.now())) + '\n');
        }
        const jobs = await deps.queue.drain();
        if (command === 'reprocess') {
          const row = await deps.db.selectFrom('inbound_messages').select(['id', 'status', 'classification', 'error', 'project_id']).where('id', '=', Number(positional()[0])).executeTakeFirst();
          process.stdout.write(JSON.stringify({ ...row, jobsRun: jobs }) + '\n');
        }
      } finally {
        await deps.close();
      }
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(usage + '\n');
      return command ? 0 : 2;
    default:
      process.stderr.write(`unknown command: ${command}\n${usage}\n`);
      return 2;
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`coordinator ${command ?? ''}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
