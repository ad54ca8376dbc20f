import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'web',
    sequence: { groupOrder: 3 },
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/clear-screenshots.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser and one server per file; the scenario is one long story, run in order.
    maxWorkers: 1,
  },
});
