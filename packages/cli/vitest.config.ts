import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    maxWorkers: 2,
    // Projects run one after another (server, cli, editor, web): two cores carry one at a time.
    sequence: { groupOrder: 1 },
  },
});
