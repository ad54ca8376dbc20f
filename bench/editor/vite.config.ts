import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Production build of the benchmark page (one chunk per editor), served from dist/ by the harness. */
export default defineConfig({
  root: here('./pages'),
  base: './',
  logLevel: 'error',
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    target: 'es2022',
  },
});
