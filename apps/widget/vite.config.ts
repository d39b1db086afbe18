import { defineConfig } from 'vite';

/**
 * The chat panel: React code rendered by preact/compat (a React 19 app alone is ~69 KB gzipped, this
 * one must fit 70 KB with everything). Served by the chat server under /widget/.
 */
export const preactAliases = [
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react$/, replacement: 'preact/compat' },
];

export default defineConfig({
  base: '/widget/',
  resolve: { alias: preactAliases },
  build: {
    outDir: 'dist/panel',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    // One small chunk for first open; nothing to split yet.
    modulePreload: { polyfill: false },
  },
});
