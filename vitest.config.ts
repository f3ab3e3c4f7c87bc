import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2, // the machines have two cores
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
