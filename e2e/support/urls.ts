// Set by global-setup.ts in the runner before the workers start.

function fromEnv(name: 'E2E_SERVER_URL' | 'E2E_HOST_PAGE_ORIGIN'): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the journeys through playwright.config.ts (globalSetup)`);
  return value;
}

/** The chat server and console, e.g. http://localhost:41234. */
export function serverUrl(): string {
  return fromEnv('E2E_SERVER_URL');
}

/** The host page's origin, e.g. http://127.0.0.1:41235: another site than the server. */
export function hostPageOrigin(): string {
  return fromEnv('E2E_HOST_PAGE_ORIGIN');
}

/** A page on the host site that embeds the widget for `siteKey`. */
export function hostPageUrl(siteKey: string): string {
  return `${hostPageOrigin()}/?siteKey=${encodeURIComponent(siteKey)}`;
}
