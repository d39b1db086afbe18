import { defineConfig } from 'vitest/config';
export default defineConfig({ root: new URL('../..', import.meta.url).pathname, test: { include: ['src/**/*.test.ts'], setupFiles: ['src/test-support/zz-mutant-setup.ts'], testTimeout: 20_000, hookTimeout: 30_000 } });
