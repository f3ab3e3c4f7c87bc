// FIG-7: 20,000 mutated corpus messages in CI (CI=true), 2,000 in a local `npm test` (each costs about
// 13 ms of one core: SMTP, intake and a full parse), FUZZ_MESSAGES to choose; `npm run chaos` runs 100,000
// through the real SMTP listener into receive() on embedded PGlite, each accepted message parsed as the
// processing job parses it → 0 crashes, 0 accepted-then-lost, 0 refusals without a reason; every message
// refused with a clear SMTP reply, parsed, or quarantined. The fuzz touches the database only at intake,
// so it runs on one database: the real Postgres when TEST_DATABASE_URL is set (as in CI), where intake
// costs about half the CPU that embedded PGlite's WebAssembly does, and PGlite otherwise. The control
// proves the counting can fail: a listener that answers 250 without storing must show every accepted
// message as lost.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { corpusDir } from '../support/fixtures.js';
import { runFuzz } from './fuzz-kit.js';

const N = Number(process.env.FUZZ_MESSAGES ?? (process.env.CI ? 20_000 : 2_000));

const database = testDatabases.at(-1)!;

describe(`MIME fuzz through the SMTP listener (${database.name})`, () => {
  it(`${N} mutated corpus messages: 0 crashes, 0 accepted-then-lost, every one refused with a reason, parsed or quarantined`, async () => {
    const store = await database.open();
    try {
      const seed = 20251203;
      const f = await runFuzz(store, { n: N, seed, corpusDir: path.resolve(corpusDir) });
      console.log(`FIG-7 fuzz (${database.name}, seed ${seed}): ${f.sent} messages in ${f.seconds.toFixed(1)} s → ${f.accepted} accepted (${f.parsed} parsed, ${f.quarantined} quarantined), ${f.duplicates} duplicates, ${f.refused} refused with a reason; ${f.refusedWithoutReason} refused without one, ${f.acceptedThenLost} accepted then lost, ${f.crashes} crashes; event-loop lag p99 ${f.lagP99Ms} ms\n  by mutation: ${JSON.stringify(f.byMutation)}`);
      expect(f.sent).toBe(N);
      expect(f.crashes).toBe(0);
      expect(f.acceptedThenLost).toBe(0);
      expect(f.refusedWithoutReason).toBe(0);
      expect(f.parsed + f.quarantined).toBe(f.accepted);
      expect(f.accepted + f.duplicates + f.refused).toBe(N);

      // Control: the same harness against an intake that acknowledges without storing sees the losses.
      const blind = await runFuzz(store, { n: 200, seed, corpusDir: path.resolve(corpusDir), receiveOverride: async () => ({ id: 2_000_000_000, duplicate: false }) });
      console.log(`  control (250 without storing): ${blind.acceptedThenLost} of ${blind.accepted} accepted messages lost`);
      expect(blind.acceptedThenLost).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 900_000);
});
