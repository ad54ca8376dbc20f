import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'editor',
    sequence: { groupOrder: 2 },
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser tests share one Chromium per file; two files at once is what two cores can carry.
    maxWorkers: 2,
  },
});
