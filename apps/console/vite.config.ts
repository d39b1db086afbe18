import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ at `/` on its own origin; in development Vite proxies the API and the
// agent WebSocket to a server on :3000.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', target: 'es2022', sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000' },
      '/ws': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
