// npm run bench — understanding speed, then the digest's numbers from one run:
//  0. parse + understand per message against bare mailparser, and the CLI per message (bench-understand.ts);
//  1. digests rendered per second with the compiled templates vs a full mjml2html per digest (and the
//     ratio), for a heavy digest (a lead's, ~25 rows) and a typical personal one (~5 rows);
//  2. wall time to build and queue the digests of 10,000 people across 1,000 projects, on PGlite and on
//     Postgres (TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test) in a throwaway schema.
// Targets: ≤ 2× simpleParser and < 1 s per CLI run; ≥ 20,000 renders/s per core compiled; 10,000 digests
// queued in < 10 s on Postgres. `npm run bench -- --only understand` (or `--only digests`) runs one part.
//
// On a shared machine wall-clock rates say as much about the neighbours as about the code, so rendering
// is also measured in this process's CPU time (user + system, process.cpuUsage): renders per CPU-second
// is the per-core rate, and it moves little with load. The machine's load is printed with a warning when
// it exceeds the cores; the queueing wall time is then pessimistic (Postgres shares those cores).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import Handlebars from 'handlebars';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'kysely';
import { compileMjml } from './build-emails.js';
import type { CoordinateDeps } from '../src/coordinate/context.js';
import { defaultDigestSettings, planDigests } from '../src/coordinate/plan-digests.js';
import { ManualClock } from '../src/domain/clock.js';
import { createJobQueue } from '../src/jobs/queue.js';
import { composeDigest, digestView, type DigestInput } from '../src/outbound/digest.js';
import { openDatabase, type OpenedDatabase } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { sampleDigestInput } from '../test/digest/sample.js';
import { understandBench } from './bench-understand.js';

const log = pino({ level: process.env.BENCH_TRACE ? 'debug' : 'silent' });
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

/** Calls per wall-clock second and per CPU-second of this process, over `seconds` of CPU time. */
function rate(fn: () => void, seconds = 2): { wall: number; cpu: number } {
  for (let i = 0; i < 2000; i++) fn(); // warm up the JIT
  let n = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (cpuSeconds(cpu0) < seconds && performance.now() - start < seconds * 10_000) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
  }
  return { wall: (n / (performance.now() - start)) * 1000, cpu: n / cpuSeconds(cpu0) };
}

const loadNote = () => {
  const [load] = os.loadavg();
  const cores = os.cpus().length;
  return load! > cores ? ` — load ${load!.toFixed(1)} > ${cores} cores: wall-clock numbers are pessimistic` : '';
};

/** The path the compiled module replaces: per digest, MJML renders the template, Handlebars compiles and fills it. */
async function mjmlRate(input: DigestInput, iterations: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const v = digestView(input);
    const html = await compileMjml('digest'); // layout + partials + mjml2html
    Handlebars.compile(html, { knownHelpersOnly: true })(v.view);
  }
  return (iterations / (performance.now() - start)) * 1000;
}

async function renderBench() {
  const results: string[] = [];
  for (const [name, input] of [
    ['heavy (a lead: own tasks + a project, 25 rows)', sampleDigestInput()],
    ['personal (own tasks only, 5 rows)', sampleDigestInput({ projects: [] })],
  ] as const) {
    const d = composeDigest(input);
    const compiled = rate(() => composeDigest(input));
    const slow = await mjmlRate(input, 20);
    results.push(
      `  ${name}: html ${fmt(d.html.length)} B, text ${fmt(d.text.length)} B\n` +
        `    compiled templates:   ${fmt(compiled.cpu)} digests per CPU-second (per core; target 20,000: ${compiled.cpu >= 20_000 ? 'met' : 'NOT met'}),` +
        ` ${fmt(compiled.wall)} per wall-clock second (html + text + item map)\n` +
        `    mjml2html per digest: ${slow.toFixed(1)} digests/s (wall)\n` +
        `    ratio: ${fmt(compiled.wall / slow)}x (wall / wall)`,
    );
  }
  return results.join('\n');
}

// ---------------------------------------------------------------------------------------------------

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'America/Sao_Paulo', 'UTC'];

async function seed(store: OpenedDatabase, people: number, projects: number) {
  const db = store.db;
  const perProject = people / projects;
  await sql`insert into people (email, display_name, time_zone, created_at, updated_at)
    select 'person' || g || '@bench.example', 'Person ' || g, (${sql.lit(`{${ZONES.join(',')}}`)}::text[])[1 + g % ${sql.lit(ZONES.length)}], now(), now()
      from generate_series(1, ${sql.lit(people)}) g`.execute(db);
  const { rows } = await sql<{ min: number }>`select min(id)::int as min from people`.execute(db);
  const first = rows[0]!.min;
  await sql`insert into projects (name, lead_id, requester_id, subject, created_at, updated_at)
    select 'Project ' || g, ${sql.lit(first)} + (g - 1) * ${sql.lit(perProject)}, ${sql.lit(first)} + (g - 1) * ${sql.lit(perProject)}, 'Project ' || g, now(), now()
      from generate_series(1, ${sql.lit(projects)}) g`.execute(db);
  const { rows: pr } = await sql<{ min: number }>`select min(id)::int as min from projects`.execute(db);
  const p0 = pr[0]!.min;
  // Three tasks a person: one overdue, one due in 3 days (blocked for every 7th person), one in 3 weeks
  // (done yesterday for every 5th person); every 9th person's second task has no date.
  await sql`insert into tasks (project_id, number, title, owner_id, status, blocked_reason, due_date, due_tz, created_at, updated_at, completed_at)
    select ${sql.lit(p0)} + (p / ${sql.lit(perProject)}), (p % ${sql.lit(perProject)}) * 3 + k,
           'Task ' || k || ' of person ' || p || ': check the <b>numbers</b> & report back',
           ${sql.lit(first)} + p,
           case when k = 2 and p % 7 = 0 then 'blocked' when k = 3 and p % 5 = 0 then 'done' else 'open' end,
           case when k = 2 and p % 7 = 0 then 'Waiting for the supplier to confirm' end,
           case when k = 1 then date '2025-03-10' when k = 2 and p % 9 = 0 then null when k = 2 then date '2025-03-15' else date '2025-04-02' end,
           'Europe/Berlin', now(), now(),
           case when k = 3 and p % 5 = 0 then timestamptz '2025-03-11 15:00:00+00' end
      from generate_series(0, ${sql.lit(people - 1)}) p, generate_series(1, 3) k`.execute(db);
  await sql`analyze`.execute(db);
}

async function queueBench(name: string, open: () => Promise<{ store: OpenedDatabase; queueSchema: string; cleanup: () => Promise<void> }>) {
  const { store, queueSchema, cleanup } = await open();
  try {
    await migrateToLatest(store.db, store.connection?.searchPath);
    const queue = await createJobQueue(store, { log, schema: queueSchema });
    const t0 = performance.now();
    await seed(store, PEOPLE, PEOPLE / 10);
    const seeded = performance.now() - t0;
    const now = new Date('2025-03-12T13:00:00Z'); // Wednesday; 08:00 has passed in every seeded zone
    const deps: CoordinateDeps = {
      db: store.db,
      queue,
      clock: new ManualClock(now),
      log,
      engine: undefined as never,
      identity: { address: 'coordinator@bench.example', domain: 'bench.example', name: 'Coordinator', instanceId: 'bench', publicUrl: 'https://coordinator.bench.example' },
      secret: 'bench-secret-0123456789abcdef',
      limits: { maxBytes: 25 << 20, maxRecipients: 50, maxMimeDepth: 20 },
    };
    const settings = { ...defaultDigestSettings, spreadMinutes: 0 };
    const load0 = os.loadavg()[0]!;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await planDigests(deps, now, settings);
    const wall = (performance.now() - start) / 1000;
    const cpu = cpuSeconds(cpu0);
    const again = await planDigests(deps, new Date(now.getTime() + 60_000), settings);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox where kind = 'digest'`.execute(store.db);
    await queue.stop();
    const target = name === 'Postgres' ? ` (target < 10 s: ${wall < 10 ? 'met' : 'NOT met'})` : '';
    return `  ${name}: ${fmt(result.queued!)} digests queued (${fmt(result.empty!)} with nothing to report) in ${wall.toFixed(2)} s${target}` +
      ` → ${fmt(result.queued! / wall)} digests/s; this process used ${cpu.toFixed(1)} s of CPU; load ${load0.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}` +
      `\n    outbox rows ${fmt(rows[0]!.n)}; a second run queued ${again.queued ?? 0} (seeding took ${(seeded / 1000).toFixed(1)} s)`;
  } finally {
    await cleanup();
  }
}

const only = (() => {
  const i = process.argv.indexOf('--only');
  const v = i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  if (v !== undefined && v !== 'understand' && v !== 'digests') throw new Error(`--only takes "understand" or "digests", not "${v}"`);
  return v;
})();

async function main() {
  console.log(
    `Benchmark — Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}${loadNote()}`,
  );
  if (only !== 'digests') {
    console.log('\nUnderstanding (this process, one core):');
    console.log(await understandBench());
    if (only === 'understand') return;
  }
  if (!process.env.BENCH_SKIP_RENDER) {
    console.log('\nRendering (one core):');
    console.log(await renderBench());
  }
  console.log(`\nBuild and queue the digests of ${fmt(PEOPLE)} people across ${fmt(PEOPLE / 10)} projects:`);
  if (!process.env.BENCH_SKIP_PGLITE) console.log(
    await queueBench('PGlite', async () => {
      const store = await openDatabase({});
      return { store, queueSchema: 'pgboss', cleanup: () => store.close() };
    }),
  );
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  try {
    console.log(
      await queueBench('Postgres', async () => {
        const schema = `bench_${randomBytes(4).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.end();
        const store = await openDatabase({ databaseUrl: url, searchPath: schema });
        return {
          store,
          queueSchema: `${schema}_boss`,
          async cleanup() {
            await store.close();
            const c = new pg.Client({ connectionString: url });
            await c.connect();
            await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`);
            await c.end();
          },
        };
      }),
    );
  } catch (err) {
    console.log(`  Postgres: skipped (${(err as Error).message})`);
  }
  console.log(`\nLoad at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}${loadNote()}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
