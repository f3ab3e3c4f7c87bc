// The `coordinator` command as a user runs it: a separate process, its stdout, stderr and exit code.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';

const run = promisify(execFile);
export const bin = path.resolve('bin/coordinator.js');

export async function coordinator(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * Temporary folders for one test file; `cleanup` in its afterAll removes them. `migrated()` gives a new
 * folder holding a PGlite data folder with every migration applied, for commands that need a database
 * but do not test creating one: it is built once per file from the suite's template and then copied,
 * where a command started on an empty folder spends most of its time creating the database.
 */
export function tempDirs(prefix: string): { make(): string; migrated(): Promise<string>; cleanup(): void } {
  const dirs: string[] = [];
  const make = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  let built: Promise<string> | undefined;
  const build = async () => {
    const d = make();
    const store = await openDatabase({ dataDir: d, loadDataDir: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
    await migrateToLatest(store.db);
    await store.close();
    return d;
  };
  return {
    make,
    async migrated() {
      const from = await (built ??= build());
      const d = make();
      fs.cpSync(from, d, { recursive: true });
      return d;
    },
    cleanup: () => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })),
  };
}
