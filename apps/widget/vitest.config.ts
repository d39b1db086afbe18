import { defineConfig } from 'vitest/config';
import { preactAliases } from './vite.config';

export default defineConfig({
  resolve: { alias: preactAliases },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    restoreMocks: true,
  },
});
