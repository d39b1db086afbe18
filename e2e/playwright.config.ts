import { defineConfig } from '@playwright/test';

// Journeys drive Debian's Chromium (Playwright cannot download its own browsers on these machines)
// against the real built server, which support/global-setup.ts starts on a free port.
export default defineConfig({
  testDir: '.',
  testIgnore: ['**/node_modules/**', '**/test-results/**'],
  globalSetup: './support/global-setup.ts',
  outputDir: 'test-results',
  // One server, one worker: journeys share the server and stay readable in the list reporter.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  timeout: 60_000,
  globalTimeout: 8 * 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    locale: 'en-US',
    timezoneId: 'UTC',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // Without the background-networking flags Chromium floods the closed network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
