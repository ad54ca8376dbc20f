import { defineConfig } from 'vite';

/**
 * The single-page app. Built into dist/ and served by the Capsule server at `/`; no inline
 * scripts or styles anywhere, so the server's `default-src 'self'` policy holds.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inlined data: URLs for scripts or modulepreload polyfill: both need inline code.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // react-jsonschema-form marks modules 'use client' for server components; meaningless in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
