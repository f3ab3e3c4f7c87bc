// npm run chaos [-- N [seed]]: the MIME fuzz harness at full size (100,000 mutated corpus messages by
// default) through the real SMTP listener into embedded PGlite; prints the figures and exits non-zero on
// any crash, accepted-then-lost message or refusal without a reason. CI runs 20,000 (test/attacks/fuzz.test.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { runFuzz } from '../test/attacks/fuzz-kit.js';

if (process.argv.includes('--help')) {
  console.log('usage: npm run chaos [-- N [seed]]   fuzz N mutated corpus messages (default 100000) through the SMTP listener');
  process.exit(0);
}
const n = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const store = await openDatabase({});
await migrateToLatest(store.db);
const f = await runFuzz(store, { n, seed, corpusDir: path.join(root, 'test/fixtures/corpus'), onProgress: (d) => process.stderr.write(`\r${d}/${n}`) });
await store.close();
console.log(`\nFIG-7 fuzz, seed ${seed}: ${JSON.stringify(f, null, 1)}`);
process.exit(f.crashes || f.acceptedThenLost || f.refusedWithoutReason ? 1 : 0);
