import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Vitest runs the files it has no timings for largest first. On a fresh checkout (as in CI) that puts the
 * MIME fuzz last: a small file that runs 20,000 messages there, the longest file of the suite, so one
 * worker would run it alone at the end while the other sits idle. It starts first instead.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification) => f.moduleId.endsWith('/test/attacks/fuzz.test.ts');
    return [...sorted.filter(first), ...sorted.filter((f) => !first(f))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2, // the machines have two cores
    sequence: { sequencer: LongestFirst },
    // Ceilings, not expectations: a test that takes 5 s on a quiet machine can take ten times that at load 12
    // on 2 cores. Waits inside tests are on conditions (test/support/until.ts), never fixed sleeps.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
