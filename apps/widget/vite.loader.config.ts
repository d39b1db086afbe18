import { defineConfig } from 'vite';

/**
 * The loader, widget.js: one dependency-free IIFE with a stable name (no hash), embedded by host
 * pages as <script src=".../widget.js" data-site-key="..." async>. Built after the panel, into dist/.
 */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    sourcemap: false,
    lib: {
      entry: 'src/loader/widget.ts',
      formats: ['iife'],
      name: 'LiveChatLoader',
      fileName: () => 'widget.js',
    },
  },
});
