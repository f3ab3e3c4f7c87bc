// The `coordinator` command as a user runs it: a separate process, its stdout and exit code.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { understandingSchema } from '../src/understand/contract.js';
import { mailPath } from './support/fixtures.js';

const run = promisify(execFile);
const bin = path.resolve('bin/coordinator.js');
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'coordinator-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function coordinator(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('coordinator CLI', () => {
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

  it('refuses a data folder another process holds, with a clear error', async () => {
    const held = await openDatabase({ dataDir });
    try {
      const out = await coordinator(['migrate'], { DATA_DIR: dataDir });
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/in use by process \d+/);
    } finally {
      await held.close();
    }
  });

  it('tick --now runs the scheduled work at that instant and prints what it did', async () => {
    const out = await coordinator(['tick', '--now', '2025-03-05T08:00:00Z'], { DATA_DIR: dataDir });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout.trim().split('\n')[0]!)).toMatchObject({ now: '2025-03-05T08:00:00.000Z', requeued: 0 });
  });

  it('rejects bad configuration with the variable named', async () => {
    const out = await coordinator(['migrate'], { DATA_DIR: dataDir, COORDINATOR_CLOCK: 'sundial' });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/COORDINATOR_CLOCK/);
  });
});
