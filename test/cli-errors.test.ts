// Errors an operator meets first, as the `coordinator` command prints them: one line that names the setting
// and the fix, no stack trace unless --verbose. And what `start` says it is running with (banner, /health).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { bin, coordinator as run, tempDirs } from './support/cli.js';
import { postgresUrl } from './support/databases.js';
import { until } from './support/until.js';

const dirs = tempDirs('coordinator-cli-errors-');
const tmp = dirs.make;
afterAll(dirs.cleanup);
const coordinator = (args: string[], env: Record<string, string> = {}) => run(args, { LOG_LEVEL: 'info', DATABASE_URL: '', ...env });

/** A port something else already listens on. */
async function busyPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

const oneLine = (stderr: string) => stderr.trimEnd().split('\n');

describe('errors that say what to fix', () => {
  it('database unreachable: names DATABASE_URL, the host and port tried, and the check; --verbose adds the stack', async () => {
    const out = await coordinator(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/coordinator' });
    expect(out.code).toBe(1);
    expect(oneLine(out.stderr)).toEqual([
      'coordinator migrate: cannot reach the database at 127.0.0.1:1 (DATABASE_URL): connection refused. Check that Postgres is running and accepts connections there (pg_isready -h 127.0.0.1 -p 1), or set DATABASE_URL to the right server.',
    ]);
    const verbose = await coordinator(['migrate', '--verbose'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/coordinator' });
    expect(verbose.stderr).toMatch(/^coordinator migrate: cannot reach the database/);
    expect(verbose.stderr).toMatch(/\n\s+at .+\n[\s\S]*ECONNREFUSED/);
  }, 240_000);

  it.runIf(postgresUrl)('database missing: suggests createdb with the server and the name', async () => {
    const url = new URL(postgresUrl!);
    const name = `missing_${randomBytes(4).toString('hex')}`;
    url.pathname = `/${name}`;
    const out = await coordinator(['start'], { DATABASE_URL: url.href, DATA_DIR: tmp(), PORT: '0', SMTP_PORT: '0' });
    expect(out.code).toBe(1);
    expect(oneLine(out.stderr)).toEqual([
      `coordinator start: database "${name}" does not exist on ${url.hostname}:${url.port || '5432'} (DATABASE_URL). Create it with: createdb -h ${url.hostname} -p ${url.port || '5432'} -U ${url.username || 'postgres'} ${name}`,
    ]);
  }, 240_000);

  it.each([
    ['PORT', 'SMTP_PORT'],
    ['SMTP_PORT', 'PORT'],
  ])('port in use: names %s, with nothing logged before it', async (variable, other) => {
    const busy = await busyPort();
    try {
      const out = await coordinator(['start'], { DATA_DIR: await dirs.migrated(), [variable]: String(busy.port), [other]: '0' });
      expect(out.code).toBe(1);
      expect(out.stdout).toBe('');
      expect(oneLine(out.stderr)).toEqual([
        `coordinator start: port ${busy.port} on 127.0.0.1 is already in use (${variable}): stop what listens there, or set ${variable} to a free port`,
      ]);
    } finally {
      await busy.close();
    }
  }, 240_000);

  it.each([
    ['OPENAI_BASE_URL', 'localhost:11434/v1', 'https:// or http://'],
    ['DATABASE_URL', '127.0.0.1:5432/coordinator', 'postgres:// or postgresql://'],
    ['SMTP_URL', 'mail.example.com:587', 'smtp:// or smtps://'],
  ])('a URL without its scheme (%s=%s) is refused, naming the schemes', async (variable, value, schemes) => {
    const out = await coordinator(['migrate'], { DATA_DIR: tmp(), OPENAI_MODEL: 'some-model', [variable]: value });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`${variable}: must be a URL starting with ${schemes}, e.g. `);
  }, 240_000);

  it('data folder locked: names the process holding it and the alternatives', async () => {
    const dir = await dirs.migrated();
    const held = await openDatabase({ dataDir: dir });
    try {
      const out = await coordinator(['migrate'], { DATA_DIR: dir });
      expect(out.code).toBe(1);
      const line = oneLine(out.stderr);
      expect(line).toHaveLength(1);
      expect(line[0]).toMatch(new RegExp(`^coordinator migrate: data folder ${dir} is in use by process ${process.pid} \\(.*node.*\\)\\. Stop it first, or .*DATA_DIR=.*DATABASE_URL$`));
    } finally {
      await held.close();
    }
  }, 240_000);
});

describe('coordinator start', () => {
  it('prints the engine, database, doors, transport, clock and last mail; /health shows the same', async () => {
    const dataDir = await dirs.migrated();
    const child = spawn(process.execPath, [bin, 'start'], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', SMTP_PORT: '0', LOG_LEVEL: 'silent', OPENAI_MODEL: 'llama3.1', OPENAI_BASE_URL: 'http://user:key@127.0.0.1:9/v1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await until('the start-up banner', async () => stdout.includes('last mail'), 120_000);
      expect(stdout).toMatch(/engine +LLM llama3\.1 at http:\/\/127\.0\.0\.1:9\/v1 \(rules as fallback\)/);
      expect(stdout).not.toContain('key@');
      expect(stdout).toMatch(new RegExp(`database +PGlite in ${dataDir}`));
      expect(stdout).toMatch(/mail in +SMTP listener on 127\.0\.0\.1:\d+/);
      expect(stdout).toMatch(/mail out +capture: kept in the outbox/);
      expect(stdout).toMatch(/clock +real/);
      expect(stdout).toMatch(/last mail +received never, sent never/);
      const base = /HTTP +(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
      const health = (await (await fetch(`${base}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({
        ok: true,
        engine: { kind: 'llm', model: 'llama3.1', baseUrl: 'http://127.0.0.1:9/v1' },
        database: { kind: 'pglite', dataDir },
        outbound: { transport: 'capture' },
        clock: { mode: 'real' },
        mail: { lastReceivedAt: null, lastSentAt: null },
      });
      expect((health.inbound as string[])[0]).toMatch(/^SMTP listener on 127\.0\.0\.1:\d+$/);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 240_000);
});
