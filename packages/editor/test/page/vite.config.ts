import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Production build of the page the browser tests load. */
export default defineConfig({
  root: here('.'),
  base: './',
  logLevel: 'error',
  build: { outDir: here('../../dist/test-page'), emptyOutDir: true, target: 'es2022' },
});
