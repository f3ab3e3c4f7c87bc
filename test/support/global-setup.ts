// Builds one PGlite database with every migration and pg-boss's schema applied, and dumps it, so that each
// test file loads a ready database instead of running initdb, migrations and pg-boss's install again
// (measured under load: 17 s fresh against 6.5 s loaded). The dump is keyed by the migrations' content.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { createJobQueue } from '../../src/jobs/queue.js';
import { openDatabase } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../..');
  const hash = createHash('sha256');
  for (const dir of ['db/migrations', 'src/jobs']) {
    for (const f of fs.readdirSync(path.join(root, dir)).sort()) hash.update(f).update(fs.readFileSync(path.join(root, dir, f)));
  }
  hash.update(fs.readFileSync(path.join(root, 'package-lock.json')));
  const file = path.join(os.tmpdir(), `coordinator-pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  if (!fs.existsSync(file)) {
    const store = await openDatabase({});
    await migrateToLatest(store.db);
    const queue = await createJobQueue(store, { log: pino({ level: 'silent' }) });
    await queue.stop();
    const dump = await store.pglite!.dumpDataDir('gzip');
    await store.close();
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
  }
  project.provide('pgliteTemplate', file);
}
