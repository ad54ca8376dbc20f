import { defineConfig } from 'vitest/config';

// Each package is a project with its own settings (packages/*/vitest.config.ts where needed).
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
