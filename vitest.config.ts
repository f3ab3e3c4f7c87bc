import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2, // the machines have two cores
    // Ceilings, not expectations: a test that takes 5 s on a quiet machine can take ten times that at load 12
    // on 2 cores. Waits inside tests are on conditions (test/support/until.ts), never fixed sleeps.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
