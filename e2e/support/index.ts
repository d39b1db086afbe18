// What journeys import: helpers around the real server started by global-setup.ts.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';

export { expect, test } from '@playwright/test';
export { apiAsAdmin, loginAsAdmin, prepareHostSite, type HostSite } from './admin.js';
export { ADMIN } from './server-process.js';
export { hostPageOrigin, hostPageUrl, serverUrl } from './urls.js';

/** A unique, readable text, so an assertion can only pass on the message this test sent. */
export function nonce(label: string): string {
  return `${label}-${randomBytes(5).toString('hex')}`;
}

/**
 * Collects a page's uncaught exceptions; assert the array is empty at the end of a journey. Console
 * errors are left alone on purpose: a request the server refuses by design logs one too.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}
