import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites that spawn servers and bots contend for two cores; keep the fan-out modest.
    maxWorkers: 2,
  },
});
