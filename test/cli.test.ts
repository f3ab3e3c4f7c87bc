// The `coordinator` command as a user runs it: a separate process, its stdout and exit code.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { postgresUrl } from './support/databases.js';
import { understandingSchema } from '../src/understand/contract.js';
import { coordinator, tempDirs } from './support/cli.js';
import { mailPath } from './support/fixtures.js';

const dirs = tempDirs('coordinator-cli-');
const tmp = dirs.make;
afterAll(dirs.cleanup);

const verbs = ['start', 'demo', 'parse', 'intent', 'migrate', 'reprocess', 'tick', 'rotate-secret'];

/** Every file's name and bytes under a folder: any write by a command changes it. */
function folderDigest(dir: string): string {
  const h = createHash('sha256');
  for (const f of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const p = path.join(dir, f);
    h.update(f);
    if (fs.statSync(p).isFile()) h.update(fs.readFileSync(p));
  }
  return h.digest('hex');
}

interface CliDatabase {
  name: string;
  setup(): Promise<{ env: Record<string, string>; snapshot(): Promise<string>; cleanup(): Promise<void> }>;
}

const cliDatabases: CliDatabase[] = [
  {
    name: 'pglite',
    async setup() {
      const dir = await dirs.migrated();
      return { env: { DATA_DIR: dir }, snapshot: async () => folderDigest(dir), cleanup: async () => {} };
    },
  },
  ...(postgresUrl
    ? [
        {
          name: 'postgres',
          async setup() {
            // A database of its own, migrated, so that the commands see a real deployment.
            const name = `cli_${randomBytes(5).toString('hex')}`;
            const admin = new pg.Client({ connectionString: postgresUrl });
            await admin.connect();
            await admin.query(`CREATE DATABASE ${name}`);
            const url = new URL(postgresUrl!);
            url.pathname = `/${name}`;
            const store = await openDatabase({ databaseUrl: url.href });
            await migrateToLatest(store.db);
            await store.close();
            const client = new pg.Client({ connectionString: url.href });
            await client.connect();
            return {
              env: { DATABASE_URL: url.href, DATA_DIR: tmp() },
              // Every table's row count and the server's count of writes to it.
              async snapshot() {
                const r = await client.query(`SELECT schemaname, relname, n_live_tup, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables ORDER BY 1, 2`);
                await client.query('SELECT pg_stat_clear_snapshot()');
                return JSON.stringify(r.rows);
              },
              async cleanup() {
                await client.end();
                await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
                await admin.end();
              },
            };
          },
        },
      ]
    : []),
];

describe.each(cliDatabases)('every verb on $name', (database) => {
  let db: Awaited<ReturnType<CliDatabase['setup']>>;
  beforeAll(async () => {
    db = await database.setup();
  }, 120_000);
  afterAll(async () => db?.cleanup());

  // -h is the same option to the parser on any database: it is run on the first one, --help on each.
  const flags = database === cliDatabases[0] ? '--help and -h print' : '--help prints';
  it.each(verbs)(`%s ${flags} the usage and change nothing`, async (verb) => {
    const before = await db.snapshot();
    const args = verb === 'parse' || verb === 'intent' || verb === 'reprocess' ? ['1'] : [];
    const outs = await Promise.all([coordinator([verb, '--help', ...args], db.env), ...(database === cliDatabases[0] ? [coordinator([verb, ...args, '-h'], db.env)] : [])]);
    for (const out of outs) {
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toMatch(new RegExp(`^usage: coordinator ${verb}\\b`));
      expect(out.stdout).toMatch(/--help/);
    }
    expect(await db.snapshot()).toBe(before);
  }, 120_000);

  it('every verb refuses an unknown option and changes nothing', async () => {
    const before = await db.snapshot();
    for (let i = 0; i < verbs.length; i += 2) {
      const pair = verbs.slice(i, i + 2);
      const outs = await Promise.all(pair.map((verb) => coordinator([verb, '--frobnicate'], db.env)));
      pair.forEach((verb, j) => {
        expect(outs[j]!.code, verb).toBe(2);
        expect(outs[j]!.stderr).toMatch(new RegExp(`^coordinator ${verb}: Unknown option '--frobnicate'[\\s\\S]*usage: coordinator ${verb}\\b`));
      });
    }
    expect(await db.snapshot()).toBe(before);
  }, 180_000);

  it('tick on the real clock asks for --yes or --now and changes nothing', async () => {
    const before = await db.snapshot();
    const out = await coordinator(['tick'], db.env);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/add --yes to go ahead, or --now ISO/);
    expect(await db.snapshot()).toBe(before);
  }, 120_000);
});

describe('coordinator CLI', () => {
  it('start --help does not create the data folder', async () => {
    const dir = path.join(tmp(), 'not-yet');
    const out = await coordinator(['start', '--help'], { DATA_DIR: dir });
    expect(out.code).toBe(0);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('help lists every verb; no verb is a usage error', async () => {
    const help = await coordinator(['--help']);
    expect(help.code).toBe(0);
    for (const v of verbs) expect(help.stdout).toContain(`\n  ${v}`);
    const none = await coordinator([]);
    expect(none.code).toBe(2);
    const unknown = await coordinator(['frobnicate']);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, 'coordinator frobnicate: unknown command: frobnicate']);
  });

  // One data folder for the commands that need one: creating a PGlite folder is the slow part.
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tmp();
    const store = await openDatabase({ dataDir });
    await store.close();
  });

  it('parse prints the contract JSON with no database and no network', async () => {
    const out = await coordinator(['parse', mailPath('brief-outlook-original')], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(out.code).toBe(0);
    const json = understandingSchema.parse(JSON.parse(out.stdout));
    expect(json.kind).toBe('brief');
  });

  it('parse honours --now and --tz', async () => {
    const file = mailPath('brief-tomorrow'); // "tomorrow", sent Sunday 22:15 -08:00
    const a = JSON.parse((await coordinator(['parse', file])).stdout);
    const b = JSON.parse((await coordinator(['parse', file, '--now', '2025-03-04T12:00:00Z', '--tz', 'Europe/Berlin'])).stdout);
    const dues = (j: { tasks: { due: string | null }[] }) => j.tasks.map((t) => t.due).filter(Boolean);
    expect(dues(a)).toContain('2025-03-03');
    expect(dues(b)).toContain('2025-03-05');
  });

  it('migrate applies migrations once, then reports up to date', async () => {
    const first = await coordinator(['migrate'], { DATA_DIR: dataDir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/0001_foundation: Success/);
    const second = await coordinator(['migrate'], { DATA_DIR: dataDir });
    expect(second.stdout).toMatch(/already up to date/);
  });

  it('tick --now runs the scheduled work at that instant and prints what it did', async () => {
    const out = await coordinator(['tick', '--now', '2025-03-05T08:00:00Z'], { DATA_DIR: await dirs.migrated() });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout.trim().split('\n')[0]!)).toMatchObject({ now: '2025-03-05T08:00:00.000Z', requeued: 0 });
  });

  it('rejects bad configuration with the variable named', async () => {
    const out = await coordinator(['migrate'], { DATA_DIR: dataDir, COORDINATOR_CLOCK: 'sundial' });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/COORDINATOR_CLOCK/);
  });
});
