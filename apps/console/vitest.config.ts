import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Component tests opt into jsdom with a `// @vitest-environment jsdom` docblock; store tests run in node.
export default defineConfig({
  plugins: [react()],
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
});
