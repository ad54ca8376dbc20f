import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    sequence: { groupOrder: 0 },
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files open their own databases; two workers keep the two cores busy without thrashing.
    pool: 'forks',
    maxWorkers: 2,
  },
});
