// npm run dump-schema: writes db/schema.sql from a fresh database with every migration applied.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { dumpSchema } from '../src/store/schema-dump.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../db/schema.sql');
const store = await openDatabase({});
try {
  await migrateToLatest(store.db);
  fs.writeFileSync(file, await dumpSchema(store.db));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
} finally {
  await store.close();
}
