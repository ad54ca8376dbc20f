import { defineConfig } from 'vite';

/** The library: ES modules for the core and the React wrapper; dependencies stay external. */
export default defineConfig({
  build: {
    outDir: 'dist/lib',
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: { index: 'src/index.ts', react: 'src/react.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^ajv/, /^fast-json-patch/, /^react/],
    },
  },
});
